"""newslint.testing itself: what a rule author sees when a test or a case file is wrong."""

from __future__ import annotations

import textwrap

import pytest

from newslint.testing import (
    ConfigError,
    assert_findings,
    case_params,
    check_case,
    lint_text,
    load_cases,
    make_document,
    positions,
)

from .conftest import CrashingRule, SkipLinkRule


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_case_ids_come_from_the_file_and_the_case(tmp_path):
    write(
        tmp_path,
        "TST101.toml",
        """
        rule = "TST101"
        [[case]]
        id = "skip-link"
        text = "Skip to main content"
        expected = [[1, 1, "TST101"]]
        [[case]]
        text = "No link."
        expected = []
    """,
    )
    assert [p.id for p in case_params(tmp_path)] == ["TST101::skip-link", "TST101::2"]
    for param in case_params(tmp_path):
        check_case(param.values[0], [SkipLinkRule])


@pytest.mark.parametrize(
    "case, error",
    [
        ('id = "a"\ntext = "x"\nexpect = []', "case 'a': unknown key 'expect' (did you mean 'expected'?)"),
        ('id = "a"\nexpected = []', "case 'a': 'text' is required and must be a string"),
        ('text = "x"\nexpected = [[1, 1]]', "case 1: an expected finding is [line, column, code] or a table"),
        ('text = "x"\nexpected = [{ line = 1, code = "TST101" }]', "lacks 'column'"),
        ('text = "x"\nexpected = [{ line = 1, column = 1, code = "TST101", msg = "x" }]', "has unknown key 'msg'"),
        ('text = "x"\nmetadata = { dat = "2019-11-19" }', "case 1: metadata: unknown key 'dat' (did you mean 'date'?)"),
        ('text = "x"\nexpected = "none"', "'expected' must be a list of findings"),
    ],
)
def test_malformed_cases_fail_at_collection_naming_file_and_case(tmp_path, case, error):
    path = write(tmp_path, "TST101.toml", f'rule = "TST101"\n[[case]]\n{case}\n')
    with pytest.raises(ValueError) as excinfo:
        load_cases(path)
    assert str(excinfo.value).startswith(str(path)) and error in str(excinfo.value), str(excinfo.value)


def test_malformed_files(tmp_path):
    with pytest.raises(ValueError, match="unknown key 'cases' \\(did you mean 'case'\\?\\)"):
        load_cases(write(tmp_path, "a.toml", 'rule = "TST101"\n[[cases]]\ntext = "x"\n'))
    with pytest.raises(ValueError, match="case id 'a' appears twice"):
        load_cases(
            write(
                tmp_path, "b.toml", 'rule = "TST101"\n[[case]]\nid = "a"\ntext = "x"\n[[case]]\nid = "a"\ntext = "y"\n'
            )
        )
    with pytest.raises(ValueError, match="no 'rule'"):
        load_cases(write(tmp_path, "c.toml", '[[case]]\ntext = "x"\n'))
    with pytest.raises(ValueError, match="invalid TOML"):
        load_cases(write(tmp_path, "d.toml", "[[case]\n"))
    with pytest.raises(FileNotFoundError):
        load_cases(tmp_path / "missing")


def test_check_case_failures_say_what_was_found(tmp_path):
    path = write(
        tmp_path,
        "TST101.toml",
        """
        rule = "TST101"
        [[case]]
        id = "wrong-column"
        text = "Header\\n  Skip to main content"
        expected = [[2, 1, "TST101"]]
        [[case]]
        id = "wrong-message"
        text = "Skip to main content"
        expected = [{ line = 1, column = 1, code = "TST101", message = "navigation" }]
    """,
    )
    wrong_column, wrong_message = load_cases(path)
    with pytest.raises(AssertionError) as excinfo:
        check_case(wrong_column, [SkipLinkRule])
    message = str(excinfo.value)
    assert "TST101::wrong-column" in message and str(path) in message
    assert "expected [(2, 1, 'TST101')], got [(2, 3, 'TST101')]" in message
    assert "2:3: TST101 Skip link 'Skip to main content'" in message
    with pytest.raises(AssertionError, match="'navigation' not in \"Skip link 'Skip to main content'\""):
        check_case(wrong_message, {"TST101": SkipLinkRule})
    with pytest.raises(AssertionError, match="rule TST101 is not among the rules given"):
        check_case(wrong_message, [CrashingRule])


def test_lint_text_takes_metadata_and_options_like_a_user():
    doc = make_document("Text.", url="https://WWW.Example.com/a", date="2019-11-19", extra={"source": "x"})
    assert (doc.host, doc.date, doc.extra["source"]) == ("www.example.com", "2019-11-19", "x")
    with pytest.raises(TypeError, match="unknown document metadata 'dat' \\(did you mean 'date'\\?\\)"):
        make_document("Text.", dat="2019")
    assert positions(lint_text(SkipLinkRule, "Go home", {"phrase": "home"})) == [(1, 4, "TST101")]
    with pytest.raises(ConfigError, match="unknown option 'phrse'.*did you mean 'phrase'"):
        lint_text(SkipLinkRule, "Text.", {"phrse": "x"})


def test_a_crashing_rule_gives_nl905_as_in_a_real_run():
    findings = lint_text(CrashingRule, "boom")
    assert_findings(findings, [(0, 0, "NL905", "Rule TST102 (test-crash) crashed: RuntimeError: boom happened")])
    with pytest.raises(AssertionError, match=r"expected \[\], got \[\(0, 0, 'NL905'\)\]:\n  0:0: NL905 Rule TST102"):
        assert_findings(findings, [])

"""Declarative rules: [[rule]] tables in the dataset repository, end to end through the CLI."""

from __future__ import annotations

import io
import json
import os
import pickle
import textwrap
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from newslint.cli import main
from newslint.config import ConfigError
from newslint.packs.declarative import load_declarative_rules, make_rule_class, read_rule_file
from newslint.testing import assert_findings, lint_text, positions

ACME = '''
[[rule]]
code = "ACME101"
name = "acme-footer"
summary = "Acme Media's footer line left in the text."
why = """
Every page of acme.example ends with it; it is page chrome, not article text.
"""
message = "Acme footer: {match}"
severity = "error"
scope = "last"
lines = 3
match = "prefix"
literals = ["© Acme Media"]

[[rule]]
code = "ACME201"
name = "run-on-line"
summary = "A line so long that it is a whole page glued together."
why = "The extraction lost the line breaks."
min-length = 120
message = "Run-on line of {length} characters"
'''

STUBS = """
[[rule]]
code = "ACME301"
name = "stub-document"
summary = "A document too short to be an article."
why = "Teasers, error pages and empty templates."
example = "``Click here to read the full story.``"
use-instead = "Drop the document or fetch the article again."
scope = "document"
max-length = 60
message = "Only {length} characters of text"
"""

FOOTER_LINE = "© Acme Media 2019. All rights reserved."
LONG_LINE = "word " * 40


@dataclass
class Result:
    code: int
    out: str
    err: str

    def findings(self) -> list[tuple[str, int, int, str, str]]:
        """``(path, line, column, code, severity)`` of every json-lines finding."""
        rows = [json.loads(line) for line in self.out.splitlines() if line.strip()]
        return [(Path(r["path"]).name, r["line"], r["column"], r["code"], r["severity"]) for r in rows]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A dataset repository with declarative rules in lint/ and a small corpus; the working directory."""
    for key in [k for k in os.environ if k.startswith("NEWSLINT_")]:
        monkeypatch.delenv(key)
    (tmp_path / "lint").mkdir()
    (tmp_path / "lint" / "acme.toml").write_text(ACME, encoding="utf-8")
    (tmp_path / "stubs.toml").write_text(STUBS, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text('declarative-rules = ["lint/", "stubs.toml"]\n', encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "The council approved the budget on Tuesday after a long debate about school funding."
    (corpus / "footer.txt").write_text(f"{body}\n\nMore text follows here.\n{FOOTER_LINE}\n", encoding="utf-8")
    (corpus / "early.txt").write_text(f"{FOOTER_LINE}\n{body}\nOne.\nTwo.\nThree.\n", encoding="utf-8")
    (corpus / "runon.txt").write_text(f"{body}\n{LONG_LINE}\n", encoding="utf-8")
    (corpus / "stub.txt").write_text("Click here to read the full story.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def newslint(*argv: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return Result(code, out.getvalue(), err.getvalue())


LINT = ("--output-format", "json-lines", "-q", "-j", "1")


def test_declared_rules_report_like_any_rule(repo):
    run = newslint("corpus", "--select", "ACME", *LINT)
    assert run.code == 1, run.err
    assert run.findings() == [
        ("footer.txt", 4, 1, "ACME101", "error"),
        ("runon.txt", 2, 1, "ACME201", "warning"),
        ("stub.txt", 0, 0, "ACME301", "warning"),
    ]
    messages = [json.loads(line)["message"] for line in run.out.splitlines()]
    assert messages == ["Acme footer: © Acme Media", "Run-on line of 199 characters", "Only 34 characters of text"]


def test_selection_severity_and_per_file_ignores_apply(repo):
    (repo / "newslint.toml").write_text(
        textwrap.dedent("""
        declarative-rules = ["lint/", "stubs.toml"]
        select = ["ACME1", "ACME3"]
        severity = { ACME101 = "info" }
        per-file-ignores = { "stub.txt" = ["ACME3"] }
    """),
        encoding="utf-8",
    )
    run = newslint("corpus", *LINT)
    assert run.findings() == [("footer.txt", 4, 1, "ACME101", "info")]
    assert run.code == 1


def test_declared_rules_run_beside_the_builtin_rules(repo):
    run = newslint("corpus", "--select", "ACME,NL106", *LINT)
    codes = [code for _, _, _, code, _ in run.findings()]
    assert "ACME101" in codes and "NL106" in codes  # the copyright line is both Acme's and a generic footer


def test_rule_subcommand_prints_the_generated_documentation(repo):
    run = newslint("rule", "ACME101")
    assert run.code == 0, run.err
    assert run.out.startswith(
        "# ACME101 acme-footer\n\nDefault severity: error. Provided by declarative:lint/acme.toml local."
    )
    for text in (
        "Why is this bad?\n    Every page of acme.example ends with it",
        "Example:\n    ``© Acme Media``",
        "Use instead:",
        "Options:\n    None: a declarative rule",
        "Looks at the last 3 lines",
    ):
        assert text in run.out
    by_name = newslint("rule", "stub-document")
    assert "Example:\n    ``Click here to read the full story.``" in by_name.out
    assert "Length of the stripped text: at most 60 characters." in by_name.out
    listing = newslint("rules", "--format", "json")
    assert {r["code"]: r["plugin"] for r in json.loads(listing.out) if r["code"].startswith("ACME")} == {
        "ACME101": "declarative:lint/acme.toml",
        "ACME201": "declarative:lint/acme.toml",
        "ACME301": "declarative:stubs.toml",
    }


def test_generated_docs_satisfy_the_documentation_check(repo):
    for plugin, _ in load_declarative_rules(["lint", "stubs.toml"]):
        for rule in plugin.newslint_rules():
            assert rule.documentation_problems() == [], rule.code


def test_invalid_pattern_is_a_configuration_error_naming_file_and_pattern(repo):
    (repo / "lint" / "bad.toml").write_text(
        textwrap.dedent("""
        [[rule]]
        code = "ACME401"
        name = "look-behind"
        summary = "A rule with a pattern RE2 cannot run."
        why = "Look-arounds are not linear-time."
        patterns = ['(?<=Acme )Media']
    """),
        encoding="utf-8",
    )
    run = newslint("corpus", *LINT)
    assert run.code == 2 and run.out == ""
    assert "lint/bad.toml: rule ACME401 (look-behind): invalid pattern '(?<=Acme )Media'" in run.err
    assert "RE2" in run.err
    assert newslint("rule", "ACME101").code == 2  # the subcommands read the same configuration


def test_pattern_matching_the_empty_string_is_rejected():
    text = '[[rule]]\ncode = "X101"\nname = "x"\nsummary = "s"\nwhy = "w"\npatterns = ["a*"]\n'
    with pytest.raises(ConfigError, match=r"x\.toml: rule X101 \(x\): pattern 'a\*' matches the empty string"):
        read_rule_file(text, "x.toml")


def test_catastrophic_backtracking_pattern_runs_in_linear_time():
    """``(a+)+$`` hangs a backtracking engine on "aaaa…b"; RE2 does not."""
    [spec] = read_rule_file(
        '[[rule]]\ncode = "X101"\nname = "x"\nsummary = "s"\nwhy = "w"\nmatch = "contains"\npatterns = ["(a+)+$"]\n',
        "x.toml",
    )
    rule = make_rule_class(spec)
    started = time.perf_counter()
    assert lint_text(rule, "a" * 5000 + "b") == []
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    "table, error",
    [
        ('scoep = "last"', "rule ACME501: unknown key 'scoep' (did you mean 'scope'?)"),
        ('scope = "end"', "'scope' must be one of line, first, last, edges, document"),
        ('scope = "last"', "scope 'last' needs 'lines'"),
        ("lines = 3", "'lines' applies only to the scopes first, last and edges"),
        ('message = "Found {mach}"', "unknown placeholder {mach} (did you mean 'match'?)"),
        ('severity = "fatal"', "'severity' must be one of info, warning, error"),
        ("min-length = 10\nmax-length = 5", "'max-length' (5) is less than 'min-length' (10)"),
        ('match = "whole"', "'match' must be one of line, prefix, contains"),
    ],
)
def test_mistakes_in_a_rule_are_configuration_errors(repo, table, error):
    head = 'code = "ACME501"\nname = "acme-x"\nsummary = "s"\nwhy = "w"\nliterals = ["Acme"]\n'
    (repo / "lint" / "more.toml").write_text(f"[[rule]]\n{head}{table}\n", encoding="utf-8")
    run = newslint("corpus", *LINT)
    assert run.code == 2
    assert "newslint: configuration error: lint/more.toml: " in run.err and error in run.err, run.err


@pytest.mark.parametrize(
    "text, error",
    [
        (
            '[[rule]]\ncode = "acme1"\nname = "x"\nsummary = "s"\nwhy = "w"\nliterals = ["a"]',
            "code 'acme1' is not like",
        ),
        ('[[rule]]\ncode = "X101"\nname = "X Y"\nsummary = "s"\nwhy = "w"\nliterals = ["a"]', "is not kebab-case"),
        ('[[rule]]\ncode = "X101"\nname = "x"\nsummary = "s"\nliterals = ["a"]', "rule X101 (x): 'why' is required"),
        ('[[rule]]\ncode = "X101"\nname = "x"\nsummary = "s"\nwhy = "w"', "as written the rule matches every line"),
        ('[[pack]]\nid = "a"', "unknown top-level key 'pack' (phrase packs go in 'extend-rule-packs')"),
        ('[[rules]]\ncode = "X101"', "unknown top-level key 'rules' (did you mean 'rule'?)"),
        ('[[rule]\ncode = "X101"', "x.toml: invalid TOML"),
    ],
)
def test_malformed_files(text, error):
    with pytest.raises(ConfigError) as excinfo:
        read_rule_file(text, "x.toml")
    assert error in str(excinfo.value) and str(excinfo.value).startswith("x.toml: ")


def test_missing_file_and_unknown_setting(repo):
    (repo / "newslint.toml").write_text('declarative-rules = ["nowhere.toml"]\n', encoding="utf-8")
    run = newslint("corpus", *LINT)
    assert run.code == 2 and "nowhere.toml: declarative rule file or folder not found" in run.err
    (repo / "newslint.toml").write_text('declarative-rule = ["lint"]\n', encoding="utf-8")
    run = newslint("corpus", *LINT)
    assert run.code == 2 and "did you mean 'declarative-rules'?" in run.err


def test_code_already_taken_fails_loud_but_lints_with_the_rest(repo):
    (repo / "lint" / "clash.toml").write_text(
        textwrap.dedent("""
        [[rule]]
        code = "NL106"
        name = "my-footer"
        summary = "s"
        why = "w"
        literals = ["Acme"]
    """),
        encoding="utf-8",
    )
    run = newslint("corpus", "--select", "ACME", *LINT)
    assert run.code == 2
    assert (
        "plugin 'lint/clash.toml' (declarative:lint/clash.toml local): rule code NL106 is already provided by"
        in run.err
    )
    assert ("footer.txt", 4, 1, "ACME101", "error") in run.findings()


def test_parallel_run_gives_the_same_findings(repo):
    one = newslint("corpus", "--select", "ACME", *LINT)
    two = newslint("corpus", "--select", "ACME", "--output-format", "json-lines", "-q", "-j", "2")
    assert one.out == two.out and one.code == two.code == 1


def test_generated_classes_pickle_by_file_and_code(repo):
    """Spawned worker processes receive rules by pickle: a generated class is found again from its file."""
    from newslint.packs import declarative

    [(plugin, _)] = load_declarative_rules(["lint/acme.toml"])
    rule = plugin.rules[0]
    data = pickle.dumps((rule, rule()))
    declarative._CLASSES.clear()
    again, instance = pickle.loads(data)
    assert again is not rule and again.code == "ACME101" and isinstance(instance, again)
    assert positions(lint_text(again, f"Text.\n{FOOTER_LINE}")) == [(2, 1, "ACME101")]


# -- scopes and limits, rule by rule ---------------------------------------------------------
def declared(table: str):
    [spec] = read_rule_file(f'[[rule]]\ncode = "T101"\nname = "t"\nsummary = "s."\nwhy = "w"\n{table}\n', "t.toml")
    return make_rule_class(spec)


TEXT = "Advertisement\nFirst paragraph of the story.\nAdvertisement\nSecond paragraph.\nThird one.\nAdvertisement"


@pytest.mark.parametrize(
    "scope, expected_lines",
    [
        ("", [1, 3, 6]),
        ('scope = "line"', [1, 3, 6]),
        ('scope = "first"\nlines = 2', [1]),
        ('scope = "last"\nlines = 2', [6]),
        ('scope = "edges"\nlines = 1', [1, 6]),
        ('scope = "edges"\nlines = 3', [1, 3, 6]),
    ],
)
def test_line_scopes(scope, expected_lines):
    rule = declared(f'literals = ["Advertisement"]\n{scope}')
    assert positions(lint_text(rule, TEXT)) == [(n, 1, "T101") for n in expected_lines]


def test_document_scope_reports_once_at_the_first_match_with_a_count():
    rule = declared('literals = ["Advertisement"]\nscope = "document"\nmessage = "{count} ad labels, first: {match}"')
    assert_findings(lint_text(rule, TEXT), [(1, 1, "T101", "3 ad labels, first: Advertisement")])
    assert lint_text(rule, "No labels here.") == []


def test_document_scope_length_limits_measure_the_whole_text():
    rule = declared('literals = ["Advertisement"]\nscope = "document"\nmin-length = 200')
    assert lint_text(rule, TEXT) == []  # 100 characters: too short for this rule
    assert positions(lint_text(rule, TEXT + "\n" + "More story text. " * 10)) == [(1, 1, "T101")]
    long_doc = declared('scope = "document"\nmin-length = 50\nmessage = "{length} characters"')
    assert_findings(lint_text(long_doc, TEXT), [(0, 0, "T101", "100 characters")])


def test_line_length_limits_with_and_without_phrases():
    short = declared("max-length = 3")  # stray fragments: "|", "»", "-" on their own line
    assert positions(lint_text(short, "Story line one.\n|\n\n  »  \nStory line two.")) == [
        (2, 1, "T101"),
        (4, 3, "T101"),
    ]
    long_lines = declared('min-length = 30\nmessage = "{length}: {line}"')
    assert_findings(lint_text(long_lines, f"Short.\n{'x' * 100}"), [(2, 1, "T101", "100: " + "x" * 79 + "…")])
    limited = declared('literals = ["Advertisement"]\nmatch = "contains"\nmax-length = 20')
    assert positions(lint_text(limited, "Advertisement\nAn advertisement ran in the paper on Sunday.")) == [
        (1, 1, "T101")
    ]


def test_match_modes_case_and_words():
    prefix = declared('literals = ["Read more"]\nmatch = "prefix"\nmax-words = 8')
    text = "Read more: Council budget\nRead more about the council's plans in our long analysis of the budget debate"
    assert positions(lint_text(prefix, text)) == [(1, 1, "T101")]
    cased = declared('patterns = ["ACME[0-9]+"]\nmatch = "contains"\ncase-sensitive = true')
    assert positions(lint_text(cased, "Ref ACME42\nref acme42")) == [(1, 5, "T101")]


# -- the guide's example ----------------------------------------------------------------------
GUIDE = Path(__file__).resolve().parent.parent / "docs" / "writing-rules.md"


def test_the_guide_example_gives_the_output_it_shows(tmp_path, monkeypatch):
    """docs/writing-rules.md: every ``<!-- file: PATH -->`` block is written, every ``<!-- output: CMD -->`` checked."""
    import re
    import shlex

    guide = GUIDE.read_text(encoding="utf-8")
    files = re.findall(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```", guide, re.S)
    outputs = re.findall(r"<!-- output: (.+?) -->\n```\w*\n\$ [^\n]*\n(.*?)```", guide, re.S)
    assert len(files) >= 4 and outputs, "the guide lost its example markers"
    for name, content in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    for key in [k for k in os.environ if k.startswith("NEWSLINT_")]:
        monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    for command, shown in outputs:
        argv = shlex.split(command)
        assert argv[0] == "newslint"
        run = newslint(*argv[1:])
        assert run.out == shown, f"{command}: the guide shows\n{shown}\nnewslint prints\n{run.out}{run.err}"

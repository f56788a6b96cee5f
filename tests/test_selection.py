"""Rule selection: flake8's decision table, severities, options, per-path and per-host ignores."""

import pytest

from newslint.config import ConfigError, Settings
from newslint.model import Severity
from newslint.selection import IgnoreTable, decide, path_matches, select_rules, severity_for

from .conftest import CrashingRule, SkipLinkRule

RULES = {"TST101": SkipLinkRule, "TST102": CrashingRule}


@pytest.mark.parametrize(
    "code, select, ignore, expected",
    [
        ("NL201", ["ALL"], [], True),
        ("NL201", ["NL2"], [], True),
        ("NL201", ["NL1"], [], False),
        ("NL201", ["ALL"], ["NL2"], False),
        ("NL201", ["NL2"], ["NL201"], False),  # more specific ignore wins
        ("NL201", ["NL201"], ["NL2"], True),  # more specific select wins
        ("NL201", ["NL2"], ["NL2"], False),  # a tie goes to ignore
        ("NL202", ["NL201"], ["NL2"], False),
        ("NL901", [], [], False),
    ],
)
def test_decision_table(code, select, ignore, expected):
    assert decide(code, select, ignore) is expected


def test_default_selects_everything_and_ignore_works():
    active = select_rules(RULES, Settings(ignore=["TST102"]))
    assert [a.code for a in active] == ["TST101"]


def test_unknown_prefix_is_an_error_with_did_you_mean():
    with pytest.raises(ConfigError, match=r"unknown rule code or prefix 'TST11' \(did you mean 'TST101'\?\)"):
        select_rules(RULES, Settings(select=["TST11"]))


def test_severity_override_longest_prefix_wins():
    overrides = {"TST": Severity.INFO, "TST101": Severity.ERROR}
    assert severity_for("TST101", Severity.WARNING, overrides) is Severity.ERROR
    assert severity_for("TST102", Severity.WARNING, overrides) is Severity.INFO
    assert severity_for("NL201", Severity.WARNING, overrides) is Severity.WARNING


def test_rule_options_by_code_or_name_and_unknown_option():
    active = select_rules(RULES, Settings(rules={"test-skip-link": {"phrase": "Skip Navigation"}}))
    assert active[0].rule.options.phrase == "Skip Navigation"
    with pytest.raises(ConfigError, match=r"unknown option 'phrse' \(did you mean 'phrase'\?\)"):
        select_rules(RULES, Settings(rules={"TST101": {"phrse": "x"}}))
    with pytest.raises(ConfigError, match=r"rules.TST1011: unknown rule \(did you mean 'TST101'\?\)"):
        select_rules(RULES, Settings(rules={"TST1011": {}}))


def test_opt_in_rules_need_an_explicit_prefix():
    class OptIn(SkipLinkRule):
        """Opt-in.

        Why is this bad?
            x

        Example:
            x

        Use instead:
            x

        Options:
            x
        """

        code = "TST103"
        name = "test-opt-in"
        default_enabled = False

    rules = {**RULES, "TST103": OptIn}
    assert "TST103" not in [a.code for a in select_rules(rules, Settings())]
    assert "TST103" in [a.code for a in select_rules(rules, Settings(extend_select=["TST103"]))]


@pytest.mark.parametrize(
    "path, pattern, expected",
    [
        ("archive/2019/a.jsonl", "archive/", True),
        ("archive/2019/a.jsonl", "archive/*", True),
        ("data/archive/a.jsonl", "archive", True),  # a bare name matches any component
        ("archive.jsonl", "archive", False),
        ("a/b/c.txt", "*.txt", True),
        ("a/b/c.txt", "a/b", True),
        ("a/bc/c.txt", "a/b", False),
    ],
)
def test_path_matching(path, pattern, expected):
    assert path_matches(path, pattern) is expected


def test_ignore_table_by_path_and_host():
    table = IgnoreTable((("legacy/*", ("NL4",)),), (("*.example.com", ("NL1",)),))
    assert table.is_ignored("NL401", "legacy/x.jsonl", None)
    assert not table.is_ignored("NL401", "new/x.jsonl", None)
    assert table.is_ignored("NL101", "new/x.jsonl", "www.example.com")
    assert not table.is_ignored("NL201", "new/x.jsonl", "www.example.com")

"""Every rule's passing and failing cases (tests/rule_cases/*.toml), through the testing kit."""

from pathlib import Path

import pytest

from newslint.diagnostics import EngineDiagnostic
from newslint.plugins import load_registry
from newslint.testing import case_params, check_case

CASES = Path(__file__).parent / "rule_cases"
RULES = load_registry(autoload=False).rules


@pytest.mark.parametrize("case", case_params(CASES))
def test_rule_case(case):
    check_case(case, RULES)


def test_every_rule_has_failing_and_passing_cases():
    """House rule 8: each rule ships with cases, including near misses that must not fire."""
    from newslint import CorpusRule
    from newslint.testing import load_cases

    cases = load_cases(CASES)
    for code, rule in RULES.items():
        # Engine diagnostics have their own tests (test_readers, test_reliability), and
        # corpus rules need a corpus, not one document (test_corpus_rules).
        if issubclass(rule, EngineDiagnostic) or issubclass(rule, CorpusRule):
            continue
        mine = [c for c in cases if c.rule == code]
        assert any(c.expected for c in mine), f"{code} has no failing case in tests/rule_cases"
        assert any(not c.expected for c in mine), f"{code} has no passing (near-miss) case in tests/rule_cases"

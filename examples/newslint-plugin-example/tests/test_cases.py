"""The data-driven cases in tests/cases/*.toml: one test id per case (``EXM101::trailer-after-story``)."""

from pathlib import Path

import pytest
from newslint_example.rules import newslint_rules

from newslint.testing import case_params, check_case

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("case", case_params(CASES))
def test_rule_case(case):
    check_case(case, newslint_rules())


def test_every_rule_has_a_failing_and_a_passing_case():
    from newslint.testing import load_cases

    cases = load_cases(CASES)
    for rule in newslint_rules():
        mine = [c for c in cases if c.rule == rule.code]
        assert any(c.expected for c in mine), f"{rule.code} has no failing case"
        assert any(not c.expected for c in mine), f"{rule.code} has no passing (near-miss) case"


def test_every_rule_is_documented():
    for rule in newslint_rules():
        assert rule.documentation_problems() == [], rule.code

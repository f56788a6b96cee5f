"""One defect, one report: how ``defers_to`` decides which rule reports a line."""

from __future__ import annotations

from newslint.engine.linter import deferred_codes
from newslint.plugins import load_registry

DEFERS = {
    "NL150": ("NL1", "NL2"),
    "NL117": ("NL10", "NL110", "NL111", "NL115"),
    "NL116": ("NL10", "NL110", "NL117"),
}


def test_a_rule_gives_way_to_a_rule_it_defers_to():
    assert deferred_codes({"NL101", "NL117"}, DEFERS) == {"NL117"}
    assert deferred_codes({"NL150", "NL117"}, DEFERS) == {"NL150"}
    assert deferred_codes({"NL101", "NL203"}, DEFERS) == set()  # neither defers


def test_a_chain_ends_with_its_last_code_reported():
    # NL150 defers to NL116, which defers to NL117: NL117 alone reports the line.
    assert deferred_codes({"NL116", "NL117", "NL150"}, DEFERS) == {"NL116", "NL150"}
    chain = {"A": ("B",), "B": ("C",)}
    assert deferred_codes({"A", "B", "C"}, chain) == {"A", "B"}
    assert deferred_codes({"A", "B"}, chain) == {"A"}


def test_rules_that_defer_to_each_other_leave_the_line_to_the_lower_code():
    """Two plugins that defer to each other must not make a line vanish (it did: both were dropped)."""
    mutual = {"ACME1": ("ACME2",), "ACME2": ("ACME1",)}
    assert deferred_codes({"ACME1", "ACME2"}, mutual) == {"ACME2"}
    # A third code that defers to one of them gives way to the one kept.
    assert deferred_codes({"ACME1", "ACME2", "ACME3"}, mutual | {"ACME3": ("ACME1",)}) == {"ACME2", "ACME3"}
    assert deferred_codes({"ACME2", "ACME3"}, mutual | {"ACME3": ("ACME1",)}) == set()


def test_no_two_built_in_rules_defer_to_each_other():
    rules = load_registry(autoload=False).rules
    defers = {code: rule.defers_to for code, rule in rules.items() if getattr(rule, "defers_to", ())}
    mutual = sorted(
        (a, b) for a in defers for b in rules if a < b and b.startswith(defers[a]) and a.startswith(defers.get(b, ()))
    )
    assert mutual == []

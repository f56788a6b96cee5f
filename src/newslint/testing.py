"""A testing kit for rule authors (the built-in rules use it too).

Run one rule on a text and compare findings by ``(line, column, code)``::

    from newslint.testing import lint_text, positions
    assert positions(lint_text(MyRule, "Skip to main content\\nBody.")) == [(1, 1, "ACME101")]

Or keep cases as data: a TOML file of passing and failing documents that one
parametrised test turns into test ids::

    # tests/rule_cases/ACME101.toml
    rule = "ACME101"
    [[case]]
    id = "footer-at-end"
    text = "Body text.\\n© 2019 Acme Media"
    expected = [[2, 1, "ACME101"]]
    [[case]]
    id = "near-miss-prose"
    text = "Acme Media was founded in 2019."
    expected = []

    # tests/test_cases.py
    from newslint.testing import case_params, check_case
    @pytest.mark.parametrize("case", case_params("tests/rule_cases"))
    def test_rule_case(case):
        check_case(case)

A case may set ``options`` (the rule's options table), ``metadata`` (``url``,
``date``, ``title``, ``language``, ``doc_id``), and give expected findings as
``[line, column, code]`` or as tables ``{line, column, code, message}`` where
``message`` must be a substring of the finding's message.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from .engine import Linter
from .model import Document, Finding
from .rule import Rule, RunContext
from .selection import ActiveRule, build_options

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def make_document(text: str, **metadata: Any) -> Document:
    """A Document for tests; ``metadata`` fills url, host, date, title, language, doc_id, path, record, extra."""
    if "url" in metadata and "host" not in metadata and metadata["url"]:
        from urllib.parse import urlsplit

        metadata["host"] = urlsplit(metadata["url"]).hostname
    return Document(text=text, **metadata)


def lint_document(
    rule: type[Rule], doc: Document, options: Optional[Mapping[str, Any]] = None, context: Optional[RunContext] = None
) -> list[Finding]:
    """Run one rule on one document exactly as the engine does (stamping, error boundary)."""
    opts = build_options(rule, options or {}, f"rules.{rule.code}")
    active = ActiveRule(rule.code, rule.name, rule.default_severity, rule(opts, context))
    # Crashes and timeouts inside the rule are reported with their real NL9xx codes.
    from .diagnostics import DIAGNOSTICS

    diagnostics = [ActiveRule(d.code, d.name, d.default_severity, d()) for d in DIAGNOSTICS]
    all_rules = {rule.code: rule, **{d.code: d for d in DIAGNOSTICS}}
    linter = Linter([active, *diagnostics], [], all_rules=all_rules)
    return linter.lint_document(doc)


def lint_text(rule: type[Rule], text: str, options: Optional[Mapping[str, Any]] = None, **metadata: Any) -> list[Finding]:
    """Run one rule on a text (with optional document metadata)."""
    return lint_document(rule, make_document(text, **metadata), options)


def positions(findings: Iterable[Finding]) -> list[tuple[int, int, str]]:
    """``[(line, column, code), ...]``: what tests usually compare."""
    return [(f.line, f.column, f.code) for f in findings]


# -- data-driven cases -------------------------------------------------------------
@dataclass(frozen=True)
class RuleCase:
    """One passing or failing document for one rule, read from a case file."""

    id: str
    rule: str
    text: str
    expected: tuple[tuple[int, int, str, Optional[str]], ...]
    options: Mapping[str, Any] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""


def _expected(items: Sequence[Any], where: str) -> tuple[tuple[int, int, str, Optional[str]], ...]:
    out = []
    for item in items:
        if isinstance(item, Mapping):
            out.append((int(item["line"]), int(item["column"]), str(item["code"]), item.get("message")))
        elif isinstance(item, (list, tuple)) and len(item) == 3:
            out.append((int(item[0]), int(item[1]), str(item[2]), None))
        else:
            raise ValueError(f"{where}: an expected finding is [line, column, code] or a table, got {item!r}")
    return tuple(out)


def load_cases(path: Union[str, Path]) -> list[RuleCase]:
    """All cases of one TOML case file, or of every ``*.toml`` in a folder (sorted)."""
    path = Path(path)
    files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
    cases: list[RuleCase] = []
    for file in files:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        default_rule = data.get("rule")
        for index, raw in enumerate(data.get("case", []), start=1):
            where = f"{file.name} case {index}"
            rule = raw.get("rule", default_rule)
            if not rule:
                raise ValueError(f"{where}: no 'rule'")
            cases.append(RuleCase(
                id=f"{file.stem}::{raw.get('id', index)}",
                rule=rule,
                text=raw["text"],
                expected=_expected(raw.get("expected", []), where),
                options=raw.get("options", {}),
                metadata=raw.get("metadata", {}),
                source=str(file),
            ))
    return cases


def case_params(path: Union[str, Path]) -> list[Any]:
    """``pytest.param`` objects (ids from the case file) for ``@pytest.mark.parametrize``."""
    import pytest

    return [pytest.param(case, id=case.id) for case in load_cases(path)]


def check_case(case: RuleCase, rules: Optional[Mapping[str, type[Rule]]] = None) -> None:
    """Assert that the case's rule yields exactly the expected findings.

    ``rules`` maps codes to rule classes; by default every installed plugin's
    rules are loaded.
    """
    if rules is None:
        from .plugins import load_registry

        rules = load_registry().rules
    if case.rule not in rules:
        raise AssertionError(f"{case.id}: rule {case.rule} is not installed")
    findings = lint_text(rules[case.rule], case.text, case.options, **dict(case.metadata))
    got = positions(findings)
    want = [(line, column, code) for line, column, code, _ in case.expected]
    assert got == want, (
        f"{case.id}: expected {want}, got {got}:\n" + "\n".join(f"  {f.location}: {f.code} {f.message}" for f in findings)
    )
    for finding, (_, _, _, message) in zip(findings, case.expected):
        if message is not None:
            assert message in finding.message, f"{case.id}: {message!r} not in {finding.message!r}"

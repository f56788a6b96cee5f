"""A testing kit for rule authors (the built-in rules use it too).

Everything a plugin's tests need is here; rules are run exactly as the engine
runs them (options validated, hits stamped, crashes turned into ``NL905``).

Run one rule on a text and compare findings by ``(line, column, code)``::

    from newslint.testing import assert_findings, lint_text, positions

    findings = lint_text(AcmeFooter, "Body text.\\n© 2019 Acme Media")
    assert positions(findings) == [(2, 1, "ACME101")]
    # or, with a readable failure message and optional message substrings:
    assert_findings(findings, [(2, 1, "ACME101", "Acme footer")])

    # metadata (url, date, title, language, doc_id, host, path, record, extra)
    # and options (kebab-case keys, as in the configuration file):
    lint_text(PublicationDate, "Text.", date="19/11/2019", options={"required": False})

A finding about the whole document (a hit without offsets) is at line 0,
column 0.

Or keep cases as data: a TOML file of passing and failing documents that one
parametrised test turns into test ids (``ACME101::footer-at-end``)::

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
    import pytest
    from newslint.testing import case_params, check_case
    from acme_rules import AcmeFooter

    @pytest.mark.parametrize("case", case_params("tests/rule_cases"))
    def test_rule_case(case):
        check_case(case, [AcmeFooter])   # or a {code: class} mapping; default: every installed rule

A case may set ``rule`` (overriding the file's), ``options`` (the rule's
options table), ``metadata`` (the keyword arguments of :func:`make_document`),
``preview = true`` (lint with preview behaviour on, as ``--preview`` does),
and give expected findings as ``[line, column, code]`` or as tables
``{line, column, code, message}`` where ``message`` must be a substring of the
finding's message. Unknown keys, a missing ``text``, duplicate ids and unknown
metadata are errors naming the file and the case, raised when the cases are
collected: a misspelt ``expect`` never silently turns a failing case into a
passing one.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from .config import ConfigError, did_you_mean
from .model import Document, Finding
from .rule import Rule, RunContext

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "ConfigError",
    "RuleCase",
    "assert_findings",
    "case_params",
    "check_case",
    "describe",
    "lint_document",
    "lint_text",
    "load_cases",
    "make_document",
    "positions",
]

# The Document attributes a test may set besides the text.
METADATA_KEYS = tuple(f.name for f in fields(Document) if f.name != "text")
CASE_KEYS = ("id", "rule", "text", "expected", "options", "metadata", "preview")
FILE_KEYS = ("rule", "case")

Expected = tuple[int, int, str, Optional[str]]


def make_document(text: str, **metadata: Any) -> Document:
    """A Document for tests; ``metadata`` sets any of :data:`METADATA_KEYS`.

    The host is derived from ``url`` when not given, as the readers do.
    """
    unknown = [key for key in metadata if key not in METADATA_KEYS]
    if unknown:
        key = unknown[0]
        raise TypeError(
            f"unknown document metadata {key!r}{did_you_mean(key, METADATA_KEYS)}; known: {', '.join(METADATA_KEYS)}"
        )
    if metadata.get("url") and "host" not in metadata:
        from .readers.fields import host_of

        metadata["host"] = host_of(metadata["url"])
    return Document(text=text, **metadata)


def lint_document(
    rule: type[Rule[Any]],
    doc: Document,
    options: Optional[Mapping[str, Any]] = None,
    context: Optional[RunContext] = None,
) -> list[Finding]:
    """Run one rule on one document exactly as the engine does (stamping, error boundary).

    ``options`` is the rule's options table as written in the configuration
    (kebab-case keys); an unknown or invalid option raises
    :class:`ConfigError` (importable from here) with the message a user
    would see. ``context`` gives the rule run-wide data (extra phrase packs,
    knowledge-base files).
    """
    from .app import rule_linter  # the engine as a run builds it, with the default diagnostics

    linter = rule_linter([rule], {rule.code: options or {}}, context)
    return linter.lint_document(doc)


def lint_text(
    rule: type[Rule[Any]],
    text: str,
    options: Optional[Mapping[str, Any]] = None,
    *,
    context: Optional[RunContext] = None,
    **metadata: Any,
) -> list[Finding]:
    """Run one rule on a text; ``metadata`` as in :func:`make_document` (``date=``, ``url=``, ``extra=``...)."""
    return lint_document(rule, make_document(text, **metadata), options, context)


def positions(findings: Iterable[Finding]) -> list[tuple[int, int, str]]:
    """``[(line, column, code), ...]``: what tests usually compare."""
    return [(f.line, f.column, f.code) for f in findings]


def describe(findings: Iterable[Finding]) -> str:
    """One finding a line, ``line:column: CODE message``: for assertion messages."""
    lines = [f"  {f.line}:{f.column}: {f.code} {f.message}" for f in findings]
    return "\n".join(lines) if lines else "  (no findings)"


def _normalise_expected(items: Iterable[Any], where: str) -> tuple[Expected, ...]:
    out = []
    for item in items:
        if isinstance(item, Mapping):
            missing = [key for key in ("line", "column", "code") if key not in item]
            unknown = [key for key in item if key not in ("line", "column", "code", "message")]
            if missing or unknown:
                problem = f"lacks {missing[0]!r}" if missing else f"has unknown key {unknown[0]!r}"
                raise ValueError(
                    f"{where}: expected finding {dict(item)!r} {problem} (keys: line, column, code, message)"
                )
            out.append((int(item["line"]), int(item["column"]), str(item["code"]), item.get("message")))
        elif isinstance(item, (list, tuple)) and len(item) in (3, 4):
            message = item[3] if len(item) == 4 else None
            out.append((int(item[0]), int(item[1]), str(item[2]), message))
        else:
            raise ValueError(f"{where}: an expected finding is [line, column, code] or a table, got {item!r}")
    return tuple(out)


def assert_findings(findings: Sequence[Finding], expected: Iterable[Any], *, label: str = "") -> None:
    """Assert that ``findings`` are exactly ``expected``, in order.

    Each expected item is ``(line, column, code)`` or ``(line, column, code,
    message)`` where ``message`` must be a substring of the finding's message
    (or a ``{line, column, code, message}`` mapping). The failure message lists
    every finding with its message.
    """
    want = _normalise_expected(expected, label or "expected")
    got = positions(findings)
    prefix = f"{label}: " if label else ""
    if got != [(line, column, code) for line, column, code, _ in want]:
        raise AssertionError(f"{prefix}expected {[w[:3] for w in want]}, got {got}:\n{describe(findings)}")
    for finding, (line, column, code, message) in zip(findings, want):
        if message is not None and message not in finding.message:
            raise AssertionError(f"{prefix}{line}:{column}: {code}: {message!r} not in {finding.message!r}")


# -- data-driven cases -------------------------------------------------------------
@dataclass(frozen=True)
class RuleCase:
    """One passing or failing document for one rule, read from a case file."""

    id: str
    rule: str
    text: str
    expected: tuple[Expected, ...]
    options: Mapping[str, Any] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    # Lint with preview behaviour on (``--preview``): for a stable rule's preview behaviour.
    preview: bool = False


def _check_keys(keys: Iterable[str], allowed: Sequence[str], where: str) -> None:
    for key in keys:
        if key not in allowed:
            raise ValueError(f"{where}: unknown key {key!r}{did_you_mean(key, allowed)} (keys: {', '.join(allowed)})")


def _case(raw: Any, file: Path, index: int, default_rule: Any) -> RuleCase:
    where = f"{file}: case {index}"
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: a case is a [[case]] table")
    if "id" in raw:
        where = f"{file}: case {raw['id']!r}"
    _check_keys(raw, CASE_KEYS, where)
    rule = raw.get("rule", default_rule)
    if not isinstance(rule, str) or not rule:
        raise ValueError(f"{where}: no 'rule' (set it at the top of the file or in the case)")
    if not isinstance(raw.get("text"), str):
        raise ValueError(f"{where}: 'text' is required and must be a string")
    expected = raw.get("expected", [])
    if not isinstance(expected, list):
        raise ValueError(f"{where}: 'expected' must be a list of findings ([] for a passing case)")
    options, metadata = raw.get("options", {}), raw.get("metadata", {})
    if not isinstance(options, Mapping) or not isinstance(metadata, Mapping):
        raise ValueError(f"{where}: 'options' and 'metadata' must be tables")
    _check_keys(metadata, METADATA_KEYS, f"{where}: metadata")
    preview = raw.get("preview", False)
    if not isinstance(preview, bool):
        raise ValueError(f"{where}: 'preview' must be true or false")
    return RuleCase(
        id=f"{file.stem}::{raw.get('id', index)}",
        rule=rule,
        text=raw["text"],
        expected=_normalise_expected(expected, where),
        options=options,
        metadata=metadata,
        source=str(file),
        preview=preview,
    )


def load_cases(path: Union[str, Path]) -> list[RuleCase]:
    """All cases of one TOML case file, or of every ``*.toml`` in a folder (sorted).

    Raises ``ValueError`` naming the file and the case for a malformed case
    file (and ``FileNotFoundError`` for a missing path): with
    :func:`case_params`, that is an error when pytest collects the tests.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such case file or folder")
    files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
    cases: list[RuleCase] = []
    for file in files:
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{file}: invalid TOML: {exc}") from None
        _check_keys(data, FILE_KEYS, str(file))
        raws = data.get("case", [])
        if not isinstance(raws, list):
            raise ValueError(f"{file}: 'case' must be an array of tables ([[case]])")
        seen: set[str] = set()
        for index, raw in enumerate(raws, start=1):
            case = _case(raw, file, index, data.get("rule"))
            if case.id in seen:
                raise ValueError(f"{file}: case id {case.id.split('::', 1)[1]!r} appears twice")
            seen.add(case.id)
            cases.append(case)
    return cases


def case_params(path: Union[str, Path]) -> list[Any]:
    """``pytest.param`` objects (ids ``<file stem>::<case id>``) for ``@pytest.mark.parametrize``."""
    import pytest

    return [pytest.param(case, id=case.id) for case in load_cases(path)]


def check_case(
    case: RuleCase,
    rules: Union[Mapping[str, type[Rule[Any]]], Iterable[type[Rule[Any]]], None] = None,
    context: Optional[RunContext] = None,
) -> None:
    """Assert that the case's rule yields exactly the expected findings.

    ``rules`` is a ``{code: class}`` mapping or an iterable of rule classes;
    by default every installed plugin's rules are loaded (which needs the
    plugin to be installed, e.g. ``pip install -e .``).
    """
    if rules is None:
        from .plugins import load_registry

        table: Mapping[str, type[Rule[Any]]] = load_registry().rules
    elif isinstance(rules, Mapping):
        table = rules
    else:
        table = {rule.code: rule for rule in rules}
    if case.rule not in table:
        raise AssertionError(
            f"{case.id} ({case.source}): rule {case.rule} is not among the rules given{did_you_mean(case.rule, table)}"
        )
    if case.preview:
        context = replace(context or RunContext(), preview=True)
    findings = lint_text(table[case.rule], case.text, case.options, context=context, **dict(case.metadata))
    assert_findings(findings, case.expected, label=f"{case.id} ({case.source})")

"""Which rules run, with which severity and options.

Selection follows flake8's decision engine: a code is matched against the
``select`` and ``ignore`` prefix lists, and when it matches both, the longer
(more specific) prefix wins; on a tie, ignore wins. ``ALL`` selects every
rule. Without ``select``, every registered rule is selected except opt-in rules
(``default_enabled = False``), which need a prefix that names them, and
preview rules, which also need ``preview = true`` (as in ruff). Unknown
prefixes are configuration errors with a "did you mean".

Diagnostics (NL9xx: unreadable input, crashing rules) are not rules a user
picks: ``--select ACME`` must not hide that an ACME rule crashed on every
document. They are on unless a prefix in ``ignore`` names them (``NL9``,
``NL905``; ``ALL`` does not count).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Mapping, Optional, Sequence

from pydantic import ValidationError

from .config import ConfigError, Settings, did_you_mean
from .diagnostics import TABLE, EngineDiagnostic
from .model import Severity
from .rule import Rule, RuleOptions, RunContext

ALL = "ALL"


def _longest_prefix(code: str, prefixes: Iterable[str]) -> Optional[int]:
    best: Optional[int] = None
    for prefix in prefixes:
        if prefix == ALL or code.startswith(prefix):
            length = 0 if prefix == ALL else len(prefix)
            if best is None or length > best:
                best = length
    return best


def decide(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Whether ``code`` is selected (longest matching prefix wins; ties go to ignore)."""
    selected = _longest_prefix(code, select)
    if selected is None:
        return False
    ignored = _longest_prefix(code, ignore)
    return ignored is None or selected > ignored


def check_prefixes(prefixes: Iterable[str], codes: Sequence[str], origin: str) -> None:
    """Raise ConfigError for a prefix that matches no known rule code."""
    for prefix in prefixes:
        if prefix == ALL or any(code.startswith(prefix) for code in codes):
            continue
        raise ConfigError(
            f"{origin}: unknown rule code or prefix {prefix!r}{did_you_mean(prefix, code_prefixes(codes))}"
        )


def code_prefixes(codes: Sequence[str]) -> list[str]:
    """Every code and its prefixes of three characters or more (what a mistyped prefix is compared with)."""
    return sorted({code[:n] for code in codes for n in range(3, len(code) + 1)})


def severity_for(code: str, default: Severity, overrides: Mapping[str, Severity]) -> Severity:
    """The configured severity of ``code`` (longest matching prefix), else the rule's default."""
    best = _longest_prefix(code, overrides.keys())
    if best is None:
        return default
    for prefix, severity in sorted(overrides.items(), key=lambda item: -len(item[0])):
        if prefix == ALL or code.startswith(prefix):
            return severity
    return default  # pragma: no cover - unreachable


@dataclass(frozen=True)
class DiagnosticInfo:
    """The stamped name and severity of a diagnostic code."""

    name: str
    severity: Severity


def default_diagnostics() -> dict[str, Optional[DiagnosticInfo]]:
    """Every core diagnostic with its default severity (an engine built without settings)."""
    return {d.code: DiagnosticInfo(d.name, d.severity) for d in TABLE}


def diagnostics_table(rules: Mapping[str, type[Rule]], settings: Settings) -> dict[str, Optional[DiagnosticInfo]]:
    """Every registered diagnostic code: its stamped name and severity, or ``None`` when ignored by name."""
    explicit_ignores = [prefix for prefix in settings.ignored if prefix != ALL]
    table: dict[str, Optional[DiagnosticInfo]] = {}
    for code, rule in rules.items():
        if not issubclass(rule, EngineDiagnostic):
            continue
        ignored = _longest_prefix(code, explicit_ignores) is not None
        severity = severity_for(code, rule.default_severity, settings.severity)
        table[code] = None if ignored else DiagnosticInfo(rule.name, severity)
    return table


@dataclass(frozen=True)
class ActiveRule:
    """A selected rule, instantiated with its options and stamped severity."""

    code: str
    name: str
    severity: Severity
    rule: Rule


_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class IgnoreTable:
    """Per-path and per-host ignores, compiled to a cached decision per (path, host); and
    per-document ignores (doc id or URL globs, and codes a record lists in ``record_field``)."""

    per_file: tuple[tuple[str, tuple[str, ...]], ...]
    per_host: tuple[tuple[str, tuple[str, ...]], ...]
    # Not compared or hashed: ignored_prefixes (cached by self) does not depend on them, and an
    # ignore file can hold many thousands of entries.
    per_document: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)
    record_field: Optional[str] = field(default=None, compare=False)
    # per_document by exact key (a doc id or URL: one lookup, however many suppressions were
    # recorded), and its keys that are globs.
    _exact: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    _globs: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        exact: dict[str, tuple[str, ...]] = {}
        for key, prefixes in self.per_document:
            exact[key] = (*exact.get(key, ()), *prefixes)
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(
            self, "_globs", tuple((key, prefixes) for key, prefixes in self.per_document if _GLOB_CHARS & set(key))
        )

    def document_prefixes(self, doc_id: Optional[str], url: Optional[str], extra: Mapping[str, Any]) -> tuple[str, ...]:
        """Prefixes ignored for one document: by its id or URL, and those its record lists."""
        out: list[str] = []
        if self.per_document:
            for key in (doc_id, url):
                if key is not None:
                    out.extend(self._exact.get(key, ()))
            for pattern, prefixes in self._globs:
                if any(key is not None and fnmatch.fnmatchcase(key, pattern) for key in (doc_id, url)):
                    out.extend(prefixes)
        if self.record_field and extra:
            out.extend(record_codes(extra.get(self.record_field)))
        return tuple(out)

    @lru_cache(maxsize=4096)  # noqa: B019 - the table is frozen and lives as long as the run
    def ignored_prefixes(self, path: str, host: Optional[str]) -> tuple[str, ...]:
        out: list[str] = []
        for pattern, prefixes in self.per_file:
            if path_matches(path, pattern):
                out.extend(prefixes)
        if host:
            for pattern, prefixes in self.per_host:
                if host == pattern or fnmatch.fnmatchcase(host, pattern):
                    out.extend(prefixes)
        return tuple(out)

    def __bool__(self) -> bool:
        return bool(self.per_file or self.per_host)

    def is_ignored(self, code: str, path: str, host: Optional[str]) -> bool:
        prefixes = self.ignored_prefixes(path, host)
        return bool(prefixes) and _longest_prefix(code, prefixes) is not None


def record_codes(value: Any) -> list[str]:
    """The codes a record's ignore field lists: a list of codes, or one string of comma/space-separated codes."""
    if isinstance(value, str):
        return [part for part in value.replace(",", " ").split() if part]
    if isinstance(value, (list, tuple)):
        return [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return []


def path_matches(path: str, pattern: str) -> bool:
    """gitignore-like matching: a pattern matches the path, any of its parents, or its basename."""
    path = path.lstrip("./") if path.startswith("./") else path
    pattern = pattern.rstrip("/")
    if fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, pattern + "/*"):
        return True
    parts = path.split("/")
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in parts)
    return any(fnmatch.fnmatchcase("/".join(parts[:i]), pattern) for i in range(1, len(parts)))


def build_options(rule: type[Rule], raw: Mapping[str, Any], origin: str) -> RuleOptions:
    try:
        return rule.Options.model_validate(dict(raw))
    except ValidationError as exc:
        fields = sorted(f.alias or n for n, f in rule.Options.model_fields.items())
        messages = []
        for error in exc.errors():
            key = str(error["loc"][-1]) if error["loc"] else ""
            if error["type"] == "extra_forbidden":
                known = ", ".join(fields) or "none"
                messages.append(f"{origin}: unknown option {key!r}{did_you_mean(key, fields)} (options: {known})")
            else:
                messages.append(f"{origin}: option {key!r}: {error['msg']}")
        raise ConfigError("\n".join(messages)) from None


def select_rules(
    rules: Mapping[str, type[Rule]], settings: Settings, context: Optional[RunContext] = None
) -> list[ActiveRule]:
    """Instantiate the selected rules, in code order. Raises ConfigError on unknown codes/options."""
    codes = sorted(rules)
    check_prefixes(settings.select or (), codes, "select")
    check_prefixes(settings.extend_select, codes, "extend-select")
    check_prefixes(settings.ignore, codes, "ignore")
    check_prefixes(settings.extend_ignore, codes, "extend-ignore")
    check_prefixes(settings.severity.keys(), codes, "severity")
    for prefixes in (*settings.per_file_ignores.values(), *settings.per_host_ignores.values()):
        check_prefixes(prefixes, codes, "per-file-ignores/per-host-ignores")
    for prefixes in settings.per_document_ignores.values():
        check_prefixes(prefixes, codes, "per-document-ignores")

    by_name = {rule.name: rule for rule in rules.values()}
    options_by_code: dict[str, Mapping[str, Any]] = {}
    for key, table in settings.rules.items():
        rule = rules.get(key) or by_name.get(key)
        if rule is None:
            raise ConfigError(f"rules.{key}: unknown rule{did_you_mean(key, [*codes, *by_name])}")
        options_by_code[rule.code] = table

    select = [ALL] if settings.select is None else list(settings.select)
    select += settings.extend_select
    explicit = [prefix for prefix in select if prefix != ALL]

    active = []
    for code in codes:
        rule = rules[code]
        options = build_options(rule, options_by_code.get(code, {}), f"rules.{code}")
        if issubclass(rule, EngineDiagnostic):
            continue  # always on unless ignored by name: see diagnostics_table
        if not decide(code, select, settings.ignored):
            continue
        # Opt-in rules (default_enabled = False) need a prefix that names them; ALL is not enough.
        if not rule.default_enabled and _longest_prefix(code, explicit) is None:
            continue
        if rule.preview and not settings.preview:
            continue
        severity = severity_for(code, rule.default_severity, settings.severity)
        active.append(ActiveRule(code, rule.name, severity, _instantiate(rule, options, context, settings)))
    return active


def _instantiate(rule: type[Rule], options: Any, context: Optional[RunContext], settings: Settings) -> Rule:
    """``rule(options, context)``; a failure with configured data files is a configuration error.

    The error names the rule, the exception type and the configured files, never
    the exception's message: a parser's message may quote the file (a secret
    read through a hostile configuration). ``--verbose`` shows the traceback. A
    ``ConfigError`` the family raised itself is its message for the user and is
    passed on as it is (the files it reads are confined to the configuration's
    folder, see :func:`newslint.config.check_trust`).
    """
    try:
        return rule(options, context)
    except ConfigError:
        raise  # the family's own message, written for the user
    except Exception as exc:
        if not settings.data_files:
            raise  # a plugin bug: an internal error
        files = "; ".join(f"{kind}: {', '.join(paths)}" for kind, paths in sorted(settings.data_files.items()))
        raise ConfigError(
            f"rule {rule.code} ({rule.name}) cannot load its data ({type(exc).__name__}); check the "
            f"configured data files ({files}) against `newslint rule {rule.code}` (--verbose shows the details)"
        ) from exc

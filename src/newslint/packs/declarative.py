"""Declarative rules: a whole rule defined in a TOML file of the dataset repository.

A file holds ``[[rule]]`` tables (see ``docs/writing-rules.md`` for the full
format); the configuration lists the files or folders::

    [tool.newslint]
    declarative-rules = ["lint/rules/"]

    # lint/rules/acme.toml
    [[rule]]
    code = "ACME101"
    name = "acme-footer"
    summary = "Acme Media's footer line left in the text."
    why = "It is page chrome, not article text."
    message = "Acme footer: {match}"
    scope = "last"
    lines = 5
    match = "prefix"
    literals = ["© Acme Media"]

Each table becomes a :class:`~newslint.Rule` subclass with a generated
docstring (so ``newslint rule ACME101`` documents it) and is registered like a
plugin's rule: selection, severities, per-file ignores and baselines treat it
like any other. The phrases are a phrase pack under the hood: the same
validation (RE2 only, so every pattern runs in linear time; a pattern RE2
rejects is a configuration error naming the file, the rule and the pattern)
and the same one-pass :class:`~newslint.packs.matcher.Scanner`.
"""

from __future__ import annotations

import copyreg
import string
import sys
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from newslint import Document, Hit, Line, Rule, Severity, hookimpl
from newslint.config import ConfigError, did_you_mean
from newslint.plugins import PluginInfo
from newslint.rule import CODE_RE, NAME_RE

from .loader import check_table, parse_pack, table_error
from .matcher import Scanner
from .model import Pack

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# Where a rule looks. "line": every line; "first"/"last"/"edges": the first,
# last, or first and last `lines` lines; "document": the document as a whole
# (one finding at most, length limits measure the whole text).
SCOPES = ("line", "first", "last", "edges", "document")
SEVERITIES = tuple(s.value for s in Severity)
# Keys passed on to the phrase-pack parser unchanged.
_PACK_KEYS = ("match", "literals", "patterns", "case-sensitive", "min-words", "max-words")
_DOC_KEYS = ("summary", "why", "example", "use-instead")
KEYS = ("code", "name", "message", "severity", *_DOC_KEYS, "scope", "lines", "min-length", "max-length", *_PACK_KEYS)
PLACEHOLDERS = ("match", "line", "length", "count")
# Placeholders show at most this many characters of a line.
_SHOWN = 80


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


@dataclass(frozen=True)
class RuleSpec:
    """One validated ``[[rule]]`` table."""

    source: str  # the file as shown in messages and docs
    code: str
    name: str
    severity: Severity
    message: str
    summary: str
    why: str
    example: str
    use_instead: str
    scope: str
    lines: int
    min_length: int
    max_length: int | None
    pack: Pack  # the phrases and line limits, validated and compiled by the phrase-pack loader
    path: str = ""  # the file's absolute path (to load it again in a spawned worker process)

    @property
    def phrases(self) -> bool:
        return bool(self.pack.literals or self.pack.patterns)


# -- reading ----------------------------------------------------------------------------
def _string(raw: dict, key: str, source: str, where: str, required: bool = False) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            raise table_error(source, where, f"{key!r} is required")
        return None
    if not isinstance(value, str) or not value.strip():
        raise table_error(source, where, f"{key!r} must be a non-empty string")
    return value.strip()


def _count(raw: dict, key: str, source: str, where: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise table_error(source, where, f"{key!r} must be a non-negative integer, got {value!r}")
    return value


def _check_message(message: str, source: str, where: str) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(message) if name is not None]
    except ValueError as exc:
        raise table_error(
            source, where, f"message {message!r}: {exc} (write {{{{ and }}}} for literal braces)"
        ) from None
    for name in fields:
        if name not in PLACEHOLDERS:
            raise table_error(
                source,
                where,
                f"message {message!r}: unknown placeholder {{{name}}}"
                f"{did_you_mean(name, PLACEHOLDERS)} (placeholders: {', '.join(PLACEHOLDERS)})",
            )


def parse_rule(raw: Any, source: str, index: int, path: str = "") -> RuleSpec:
    """Validate one ``[[rule]]`` table; ConfigError names the file, the rule and the problem."""
    where = f"rule {raw['code']}" if isinstance(raw, dict) and isinstance(raw.get("code"), str) else f"rule {index}"
    check_table(raw, KEYS, source, where)
    code = _string(raw, "code", source, where, required=True)
    name = _string(raw, "name", source, where, required=True)
    assert code is not None and name is not None
    if not CODE_RE.match(code):
        raise table_error(source, where, f"code {code!r} is not like 'ACME101' (1-5 capital letters, 3-4 digits)")
    if not NAME_RE.match(name):
        raise table_error(source, where, f"name {name!r} is not kebab-case (like 'acme-footer')")
    where = f"rule {code} ({name})"
    summary = _string(raw, "summary", source, where, required=True)
    why = _string(raw, "why", source, where, required=True)
    assert summary is not None and why is not None
    if "\n" in summary:
        raise table_error(source, where, "'summary' must be one line (put the details in 'why')")
    severity = raw.get("severity", Severity.WARNING.value)
    if severity not in SEVERITIES:
        raise table_error(source, where, f"'severity' must be one of {', '.join(SEVERITIES)}, got {severity!r}")
    scope = raw.get("scope", "line")
    if scope not in SCOPES:
        raise table_error(
            source,
            where,
            f"'scope' must be one of {', '.join(SCOPES)}, got {scope!r}{did_you_mean(str(scope), SCOPES)}",
        )
    lines = _count(raw, "lines", source, where)
    if scope in ("first", "last", "edges") and not lines:
        raise table_error(source, where, f"scope {scope!r} needs 'lines' (how many lines), at least 1")
    if scope not in ("first", "last", "edges") and lines is not None:
        raise table_error(source, where, f"'lines' applies only to the scopes first, last and edges, not {scope!r}")
    min_length = _count(raw, "min-length", source, where) or 0
    max_length = _count(raw, "max-length", source, where)
    if max_length is not None and max_length < min_length:
        raise table_error(source, where, f"'max-length' ({max_length}) is less than 'min-length' ({min_length})")
    has_phrases = bool(raw.get("literals") or raw.get("patterns"))
    if not has_phrases and any(key in raw for key in ("match", "case-sensitive")):
        raise table_error(source, where, "'match' and 'case-sensitive' need 'literals' or 'patterns'")
    if scope == "document" and any(key in raw for key in ("min-words", "max-words")):
        raise table_error(
            source, where, "'min-words' and 'max-words' limit lines; they do not apply to scope 'document'"
        )
    message = _string(raw, "message", source, where) or (summary.rstrip(".") + (": {match}" if has_phrases else ""))
    _check_message(message, source, where)

    # The phrases and per-line limits are a phrase pack: same validation, same matcher.
    pack_id = f"declarative:{code}"
    table: dict[str, Any] = {key: raw[key] for key in _PACK_KEYS if key in raw}
    table.update({"id": pack_id, "code": code, "kind": name, "name": name, "severity": severity})
    if scope in ("first", "last", "edges"):
        table.update({"scope": scope, "lines": lines})
    if scope != "document":  # for "document", the length limits measure the whole text (see check)
        table["min-length"] = min_length
        if max_length is not None:
            table["max-length"] = max_length
    try:
        pack = parse_pack(table, source, index)
    except ConfigError as exc:
        # The pack parser says "pack 'declarative:ACME101'": the user wrote a rule.
        raise ConfigError(str(exc).replace(f"pack {pack_id!r}", where, 1)) from None
    if not (pack.literals or pack.patterns) and not min_length and max_length is None:
        raise table_error(
            source,
            where,
            "give 'literals' or 'patterns', or a length limit ('min-length', 'max-length'): "
            "as written the rule matches every line",
        )
    return RuleSpec(
        source=source,
        code=code,
        name=name,
        severity=Severity(severity),
        message=message,
        summary=summary,
        why=why,
        example=_string(raw, "example", source, where) or _default_example(raw, min_length, max_length, scope),
        use_instead=_string(raw, "use-instead", source, where)
        or "Remove the reported text, or fix the extraction step that left it in.",
        scope=scope,
        lines=lines or 0,
        min_length=min_length,
        max_length=max_length,
        pack=pack,
        path=path or source,
    )


def _default_example(raw: dict, min_length: int, max_length: int | None, scope: str) -> str:
    literals = raw.get("literals") or []
    if isinstance(literals, str):
        literals = [literals]
    if literals:
        return "\n".join(f"``{text}``" for text in literals[:3])
    patterns = raw.get("patterns") or []
    if isinstance(patterns, str):
        patterns = [patterns]
    if patterns:
        return "A line matching ``" + patterns[0] + "``."
    return f"A {'document' if scope == 'document' else 'line'} of {_length_text(min_length, max_length)}."


def _length_text(min_length: int, max_length: int | None) -> str:
    if max_length is None:
        return f"at least {min_length} characters"
    if not min_length:
        return f"at most {max_length} characters"
    return f"{min_length} to {max_length} characters"


def read_rule_file(text: str, source: str, path: str = "") -> list[RuleSpec]:
    """The rules of one TOML document (``source`` names it in errors; ``path`` is its absolute path)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    for key in data:
        if key != "rule":
            hint = " (phrase packs go in 'extend-rule-packs')" if key == "pack" else did_you_mean(key, ["rule"])
            raise ConfigError(f"{source}: unknown top-level key {key!r}{hint}: declarative rules are [[rule]] tables")
    raws = data.get("rule", [])
    if not isinstance(raws, list):
        raise ConfigError(f"{source}: 'rule' must be an array of tables ([[rule]])")
    return [parse_rule(raw, source, index, path) for index, raw in enumerate(raws, start=1)]


# -- the generated rule ----------------------------------------------------------------------
class _DeclarativeType(type):
    """Metaclass of generated rule classes; lets them be pickled by file and code (spawned workers)."""


class DeclarativeRule(Rule, metaclass=_DeclarativeType):
    """Base class of the rules made from ``[[rule]]`` tables; ``spec`` says what they look for."""

    spec: ClassVar[RuleSpec]
    scanner: ClassVar[Scanner | None]

    def check(self, doc: Document) -> Iterable[Hit]:
        spec = self.spec
        if spec.scope == "document":
            yield from self._check_document(doc)
        elif self.scanner is not None:
            for found in self.scanner.scan(doc):
                start = found.line.start + found.start
                yield Hit(self._message(found.evidence, found.line.text), start, found.line.start + found.end)
        else:
            if len(doc.text) < spec.min_length:
                return  # no line can be that long
            total, pack, min_length = len(doc.lines), spec.pack, spec.min_length
            count_words = pack.min_words > 0 or pack.max_words is not None
            for line in self._lines_in_scope(doc):
                text = line.text
                if len(text) < min_length or not text.strip():  # the cheap test first: most lines stop here
                    continue
                if pack.accepts(line, total, len(text.split()) if count_words else 0):
                    yield Hit.on_line(doc, line.number, self._message(text.strip(), text))

    def _check_document(self, doc: Document) -> Iterable[Hit]:
        spec = self.spec
        length = len(doc.text.strip())
        if length < spec.min_length or (spec.max_length is not None and length > spec.max_length):
            return
        if self.scanner is None:
            yield Hit(self._message("", "", length=length))
            return
        found = list(self.scanner.scan(doc))
        if found:
            first = found[0]
            yield Hit(
                self._message(first.evidence, first.line.text, length=length, count=len(found)),
                first.line.start + first.start,
                first.line.start + first.end,
            )

    def _lines_in_scope(self, doc: Document) -> Sequence[Line]:
        lines, n = doc.lines, self.spec.lines
        if self.spec.scope == "first":
            return lines[:n]
        if self.spec.scope == "last":
            return lines[-n:]
        if self.spec.scope == "edges":
            return lines if 2 * n >= len(lines) else lines[:n] + lines[-n:]
        return lines

    def _message(self, match: str, line: str, *, length: int | None = None, count: int = 1) -> str:
        line = line.strip()
        return self.spec.message.format(
            match=_shorten(match), line=_shorten(line), length=len(line) if length is None else length, count=count
        )


def _docstring(spec: RuleSpec) -> str:
    def block(text: str) -> str:
        return textwrap.indent(text.strip(), "    ")

    where = {
        "line": "every line",
        "document": "the whole document (one finding at most)",
        "first": f"the first {spec.lines} lines",
        "last": f"the last {spec.lines} lines",
        "edges": f"the first and last {spec.lines} lines",
    }[spec.scope]
    parts = [f"Declared in ``{spec.source}``. Looks at {where}."]
    pack = spec.pack
    if pack.literals:
        parts.append(
            f"Phrases ({pack.match}{', case-sensitive' if pack.case_sensitive else ''}): "
            + ", ".join(f"``{t}``" for t in pack.literals)
            + "."
        )
    if pack.patterns:
        parts.append(f"Patterns (RE2, {pack.match}): " + ", ".join(f"``{p}``" for p in pack.patterns) + ".")
    if spec.min_length or spec.max_length is not None:
        unit = "the stripped text" if spec.scope == "document" else "the stripped line"
        parts.append(f"Length of {unit}: {_length_text(spec.min_length, spec.max_length)}.")
    if pack.min_words or pack.max_words is not None:
        words = f"{pack.min_words}-{pack.max_words}" if pack.max_words is not None else f"at least {pack.min_words}"
        parts.append(f"Words in the line: {words}.")
    options = "None: a declarative rule is changed by editing its file.\n\n" + textwrap.fill(" ".join(parts), 76)
    return (
        f"{spec.summary}\n\n"
        f"Why is this bad?\n{block(spec.why)}\n\n"
        f"Example:\n{block(spec.example)}\n\n"
        f"Use instead:\n{block(spec.use_instead)}\n\n"
        f"Options:\n{block(options)}\n"
    )


# Generated classes by (file, code): how a pickled class is found again.
_CLASSES: dict[tuple[str, str], type[DeclarativeRule]] = {}


def make_rule_class(spec: RuleSpec) -> type[DeclarativeRule]:
    """A Rule subclass for ``spec`` (its docstring is generated from the table)."""
    class_name = "Declared" + "".join(part.capitalize() for part in spec.name.split("-"))
    namespace = {
        "__doc__": _docstring(spec),
        "__module__": __name__,
        "__qualname__": class_name,
        "code": spec.code,
        "name": spec.name,
        "default_severity": spec.severity,
        "spec": spec,
        # Built once, at load time: the hot path only runs it.
        "scanner": Scanner([spec.pack]) if spec.phrases else None,
    }
    cls = _DeclarativeType(class_name, (DeclarativeRule,), namespace)
    _CLASSES[(spec.path, spec.code)] = cls  # type: ignore[assignment]
    return cls  # type: ignore[return-value]


def _class_for(path: str, code: str) -> type[DeclarativeRule]:
    """The generated class for ``code`` of the file ``path``, reading the file if this process has not."""
    if (path, code) not in _CLASSES:
        for spec in read_rule_file(Path(path).read_text(encoding="utf-8"), path, path):
            make_rule_class(spec)
    return _CLASSES[(path, code)]


def _reduce_class(cls: _DeclarativeType) -> Any:
    spec = getattr(cls, "spec", None)
    if spec is None:  # DeclarativeRule itself: an ordinary importable class
        return cls.__qualname__
    return _class_for, (spec.path, spec.code)


copyreg.pickle(_DeclarativeType, _reduce_class)


# -- registration ------------------------------------------------------------------------------
class DeclarativePlugin:
    """The plugin object for one rule file: provides its rules through the usual hook."""

    def __init__(self, rules: Sequence[type[Rule]]) -> None:
        self.rules = list(rules)

    @hookimpl
    def newslint_rules(self) -> list[type[Rule]]:
        return list(self.rules)


def _shown(file: Path) -> str:
    """``lint/acme.toml``: the file relative to the working directory when it is below it."""
    try:
        return file.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return file.resolve().as_posix()


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(path.glob("*.toml"))
    if path.is_file():
        return [path]
    raise ConfigError(f"{path}: declarative rule file or folder not found (setting 'declarative-rules')")


def load_declarative_rules(paths: Iterable[str | Path]) -> list[tuple[object, PluginInfo]]:
    """A plugin per rule file in ``paths`` (files or folders of ``*.toml``), for ``load_registry(extra=...)``.

    Raises ConfigError for a missing path, broken TOML, an unknown key or an
    invalid pattern, naming the file.
    """
    plugins: list[tuple[object, PluginInfo]] = []
    for path in paths:
        for file in _files(Path(path)):
            source = _shown(file)
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{source}: cannot read declarative rules: {exc}") from None
            rules = [make_rule_class(spec) for spec in read_rule_file(text, source, str(file.resolve()))]
            plugins.append((DeclarativePlugin(rules), PluginInfo(source, f"declarative:{source}", "local")))
    return plugins

"""Reading phrase packs: the TOML files, their validation and the loaded collection.

Built-in packs are the package ``newslint.packs.builtin`` (the repository's
top-level ``rules/`` folder); users add files or folders with
``extend-rule-packs`` and plugins with the ``newslint_data_files`` hook (kind
:data:`DATA_KIND`). A later pack with the id of an earlier one replaces it, so
a user can correct or empty a built-in pack.

Every pattern is compiled with google-re2, a linear-time engine: a user pattern
such as ``(a+)+$`` cannot hang the linter, and one that RE2 rejects (a
look-around, a back-reference, a syntax error) is a :class:`ConfigError` naming
the file and the pattern (exit 2).

Matching lives in :mod:`.matcher`; ``PackSet.scanner(codes)`` builds (and
caches) the matcher of a group of packs.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import sys
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

import re2

from newslint.config import ConfigError, did_you_mean
from newslint.rule import CODE_RE, NAME_RE

from .index import PatternIndex
from .keys import line_key
from .matcher import Scanner
from .model import (
    LISTS,
    MATCH_MODES,
    ROLES,
    SCOPES,
    SEVERITIES,
    Pack,
    literal_pattern,
    re2_options,
)
from .parsed import builtin_groups

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# The kind of data file (``RunContext.data_files``) that holds extra packs.
DATA_KIND = "phrase-packs"
BUILTIN_PACKAGE = "newslint.packs.builtin"

_KEYS = {
    "id",
    "code",
    "kind",
    "language",
    "description",
    "match",
    "role",
    "scope",
    "lines",
    "min-words",
    "max-words",
    "min-length",
    "max-length",
    "min-coverage",
    "list",
    "case-sensitive",
    "always-chrome",
    "literals",
    "patterns",
    "name",
    "message",
    "severity",
}


# -- reading and validating -------------------------------------------------------------
def table_error(source: str, where: str, message: str) -> ConfigError:
    """A ConfigError naming the file and the table (pack or declarative rule) at fault."""
    return ConfigError(f"{source}: {where}: {message}")


def check_table(raw: Any, keys: Collection[str], source: str, where: str) -> None:
    """Raise ConfigError unless ``raw`` is a TOML table with only ``keys`` (with a did-you-mean)."""
    if not isinstance(raw, dict):
        raise table_error(source, where, "must be a table")
    for key in raw:
        if key not in keys:
            raise table_error(source, where, f"unknown key {key!r}{did_you_mean(key, keys)}")


def _alternation(alternatives: Sequence[str], case_sensitive: bool) -> str:
    if not alternatives:
        return ""
    group = "(?:" if case_sensitive else "(?i:"
    return group + "|".join(f"(?:{a})" for a in alternatives) + ")"


def _validate(source: str, where: str, patterns: Sequence[str]) -> None:
    for pattern in patterns:
        try:
            compiled = re2.compile(pattern, re2_options())
        except re2.error as exc:
            reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
            raise table_error(
                source, where, f"invalid pattern {pattern!r}: {reason} (patterns use RE2 syntax)"
            ) from None
        if compiled.fullmatch("") is not None:
            raise table_error(source, where, f"pattern {pattern!r} matches the empty string")
        if _LEADING_SPAN.match(pattern):
            raise table_error(
                source,
                where,
                f"pattern {pattern!r} starts with a repeated class: every position of every text starts a"
                " match attempt, which makes the scan of all packs slow; start the pattern with its words"
                " ('needs to review', not '[^\\n.!?]{0,60}needs to review'): a 'contains' pack already"
                " matches anywhere in the line",
            )


# A pattern that opens with a broad class repeated ("[^\\n.!?]{0,60}needs", ".*foo", "\\S+ foo"):
# a negated class, a dot or a negated shorthand matches almost anything, so the repeat is a window
# every position of every text opens. ("\\d+ min read" or "[a-z]+" start with a narrow class: fine.)
_LEADING_SPAN = re.compile(r"^(?:\(\?i\))?(?:\[\^(?:\\.|[^\]\\])+\]|\.|\\[WSD])(?:\{\d*,\d*\}|[*+])")


def _strings(source: str, where: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise table_error(source, where, f"{key!r} must be a list of strings")
    return tuple(value)


def _choice(source: str, where: str, key: str, value: Any, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise table_error(source, where, f"{key!r} must be one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def _number(source: str, where: str, key: str, value: Any, kind: type = int) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else int) or value < 0:
        raise table_error(source, where, f"{key!r} must be a non-negative {kind.__name__}, got {value!r}")
    return kind(value)


def parse_pack(raw: Any, source: str, index: int) -> Pack:
    """Validate one ``[[pack]]`` table (raises ConfigError naming the file and the problem)."""
    where = f"pack {raw['id']!r}" if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"pack {index}"
    check_table(raw, _KEYS, source, where)
    for key in ("id", "code", "kind"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise table_error(source, where, f"{key!r} is required and must be a non-empty string")
    if not CODE_RE.match(raw["code"]):
        raise table_error(source, where, f"code {raw['code']!r} is not like 'NL201'")
    literals = tuple(t for t in _strings(source, where, "literals", raw.get("literals", [])) if line_key(t))
    patterns = _strings(source, where, "patterns", raw.get("patterns", []))
    _validate(source, where, patterns)
    mode = _choice(source, where, "match", raw.get("match", "line"), MATCH_MODES)
    case_sensitive = raw.get("case-sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise table_error(source, where, "'case-sensitive' must be true or false")
    always_chrome = raw.get("always-chrome", False)
    if not isinstance(always_chrome, bool):
        raise table_error(source, where, "'always-chrome' must be true or false")
    name, severity = raw.get("name"), raw.get("severity")
    if name is not None and (not isinstance(name, str) or not NAME_RE.match(name)):
        raise table_error(source, where, f"name {name!r} is not kebab-case")
    if severity is not None:
        _choice(source, where, "severity", severity, SEVERITIES)
    message = raw.get("message")
    if message is not None and not isinstance(message, str):
        raise table_error(source, where, "'message' must be a string")
    coverage = _number(source, where, "min-coverage", raw.get("min-coverage", 0.0), float)
    if coverage > 1:
        raise table_error(source, where, "'min-coverage' is a fraction between 0 and 1")
    max_words = raw.get("max-words")
    max_length = raw.get("max-length")
    return Pack(
        id=raw["id"],
        code=raw["code"],
        kind=raw["kind"],
        source=source,
        language=str(raw.get("language", "*")),
        description=str(raw.get("description", "")),
        match=mode,
        role=_choice(source, where, "role", raw.get("role", "finding"), ROLES),
        scope=_choice(source, where, "scope", raw.get("scope", "document"), SCOPES),
        lines=_number(source, where, "lines", raw.get("lines", 0)),
        min_words=_number(source, where, "min-words", raw.get("min-words", 0)),
        max_words=None if max_words is None else _number(source, where, "max-words", max_words),
        min_length=_number(source, where, "min-length", raw.get("min-length", 0)),
        max_length=None if max_length is None else _number(source, where, "max-length", max_length),
        min_coverage=coverage,
        list=_choice(source, where, "list", raw.get("list", "none"), LISTS),
        case_sensitive=case_sensitive,
        always_chrome=always_chrome,
        literals=literals,
        patterns=patterns,
        name=name,
        message=message,
        severity=severity,
        # An empty pack (one that blanks a built-in pack of the same id) matches nothing.
        body=_alternation([*map(literal_pattern, literals), *patterns], case_sensitive) or r"\b\B",
        # Line-mode literals are matched through ``keys``; only the rest needs RE2.
        regex_body=_alternation(
            [*(() if mode == "line" else map(literal_pattern, literals)), *patterns], case_sensitive
        ),
        keys=tuple(line_key(text, case_sensitive) for text in literals) if mode == "line" else (),
    )


def read_pack_file(text: str, source: str) -> list[Pack]:
    """The packs of one TOML document (``source`` names it in errors)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    extra = set(data) - {"pack"}
    if extra:
        raise ConfigError(f"{source}: unknown top-level key(s) {sorted(extra)}: packs are [[pack]] tables")
    raws = data.get("pack", [])
    if not isinstance(raws, list):
        raise ConfigError(f"{source}: 'pack' must be an array of tables ([[pack]])")
    packs = [parse_pack(raw, source, index) for index, raw in enumerate(raws, start=1)]
    seen: set[str] = set()
    for pack in packs:
        if pack.id in seen:
            raise ConfigError(f"{source}: pack id {pack.id!r} appears twice")
        seen.add(pack.id)
    return packs


def _user_files(path: str) -> list[Path]:
    target = Path(path)
    if target.is_dir():
        return sorted(target.glob("*.toml"))
    if target.is_file():
        return [target]
    raise ConfigError(f"{path}: rule pack file or folder not found")


def _builtin_files() -> list[tuple[str, str]]:
    root = importlib.resources.files(BUILTIN_PACKAGE)
    files = sorted((entry for entry in root.iterdir() if entry.name.endswith(".toml")), key=lambda e: e.name)
    return [(f"{BUILTIN_PACKAGE}/{entry.name}", entry.read_text(encoding="utf-8")) for entry in files]


# -- the loaded collection -----------------------------------------------------------------
class PackSet:
    """All packs of a run, in load order (built-in first), ids unique."""

    def __init__(self, packs: Sequence[Pack], extra: tuple[str, ...] = ()) -> None:
        self.packs = tuple(packs)
        self.extra = extra
        self._scanners: dict[tuple[tuple[str, ...], tuple[str, ...]], Scanner] = {}
        self._index: PatternIndex | None = None

    @property
    def index(self) -> PatternIndex:
        """The one-pass candidate finder of all the regex phrases of these packs (built on first use)."""
        if self._index is None:
            self._index = PatternIndex(self.packs)
        return self._index

    def __reduce__(self) -> tuple[Any, ...]:
        return load_packs, (self.extra,)

    def __iter__(self) -> Iterator[Pack]:
        return iter(self.packs)

    def __len__(self) -> int:
        return len(self.packs)

    def select(
        self, codes: Sequence[str] = (), roles: Sequence[str] = ROLES, modes: Sequence[str] = MATCH_MODES
    ) -> tuple[Pack, ...]:
        """Packs whose code starts with one of ``codes`` (all when empty), with a role and mode among those given."""
        return tuple(
            p
            for p in self.packs
            if (not codes or p.code.startswith(tuple(codes))) and p.role in roles and p.match in modes
        )

    def scanner(self, codes: tuple[str, ...] = (), roles: tuple[str, ...] = ("finding",)) -> Scanner:
        """A one-pass :class:`Scanner` over the selected packs (cached: a PackSet is immutable)."""
        found = self._scanners.get((codes, roles))
        if found is None:
            found = self._scanners[codes, roles] = Scanner(self.select(codes, roles), self.index)
        return found


def _merge(groups: Sequence[Sequence[Pack]]) -> list[Pack]:
    by_id: dict[str, Pack] = {}
    for group in groups:
        for pack in group:
            by_id.pop(pack.id, None)  # a later pack with the same id replaces the earlier one
            by_id[pack.id] = pack
    return list(by_id.values())


@functools.lru_cache(maxsize=16)
def load_packs(extra: tuple[str, ...] = ()) -> PackSet:
    """The built-in packs plus the files/folders in ``extra`` (``RunContext.data_files("phrase-packs")``).

    Cached by the (immutable) tuple of paths, so every rule of a run shares one
    compiled set. Raises ConfigError for a missing file, broken TOML, an unknown
    key or a pattern RE2 cannot compile.
    """
    # Validated once per installation: later runs read the packs' fields from the cache folder.
    groups = builtin_groups(_builtin_files(), read_pack_file)
    seen: dict[str, str] = {}
    for group in groups:
        for pack in group:
            if pack.id in seen:  # a packaging bug, not a user's override
                raise ConfigError(f"{pack.source}: pack id {pack.id!r} is also used in {seen[pack.id]}")
            seen[pack.id] = pack.source
    for path in extra:
        for file in _user_files(path):
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{file}: cannot read rule pack: {exc}") from None
            groups.append(read_pack_file(text, str(file)))
    return PackSet(_merge(groups), tuple(extra))

"""Reading and writing knowledge bases: CSV/JSONL tables and the compact artefact.

The bundled base ships as ``newslint/rules/entities/data/kb.json.gz``: one gzip-compressed JSON
document (no pickle) with people already grouped by Wikidata QID, their name
keys precomputed and term dates already turned into day ordinals, so that
loading is one ``json.loads`` and a few list comprehensions. It is built by
``newslint kb build --from-csv DIR`` from the three CSV files of the schema:

* ``officeholders.csv``: ``person, aliases (|-separated), country (ISO alpha-3),
  office, title, start, end, source`` (the source ends in the person's QID);
* ``demonyms.csv``: ``country, name, demonyms, names``;
* ``role_aliases.csv``: ``office, country (empty = any), alias``.

Users add or substitute files of the same schema (CSV or JSONL, recognised by
their columns) or artefacts of their own (``*.json.gz``); see
:func:`load_knowledge_base`.
"""

from __future__ import annotations

import csv
import gc
import gzip
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import orjson

from .dates import parse_iso
from .kb import (
    OFFICES,
    OPEN_END,
    KnowledgeBase,
    NameIndex,
    Person,
    Term,
    add_to_indexes,
    build_name_indexes,
)
from .names import KEY_VERSION

# The kind of data file (``RunContext.data_files``) that extends or replaces the bundled base.
DATA_KIND = "knowledge-base"
# The data package that holds the bundled artefact.
BUNDLED_PACKAGE = "newslint.rules.entities.data"
FORMAT = "newslint-kb"
FORMAT_VERSION = 1
BUNDLED_NAME = "kb.json.gz"
OFFICEHOLDER_COLUMNS = ("person", "aliases", "country", "office", "title", "start", "end", "source")
DEMONYM_COLUMNS = ("country", "name", "demonyms", "names")
ROLE_ALIAS_COLUMNS = ("office", "country", "alias")
_QID = re.compile(r"\bQ\d+\b")


class Row(NamedTuple):
    """One office-holding row as written in the tables."""

    person: str
    aliases: tuple[str, ...]
    country: str
    office: str
    title: str
    start: str
    end: str
    source: str


@dataclass
class Tables:
    """Everything a :class:`KnowledgeBase` is built from."""

    persons: list[Person] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    countries: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    role_aliases: list[tuple[str, str, str]] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    # Name key -> people, when already known (read from an artefact, kept up to date by add_rows).
    indexes: tuple[NameIndex, NameIndex] | None = None

    def knowledge_base(self) -> KnowledgeBase:
        return KnowledgeBase(self.persons, self.terms, self.countries, self.role_aliases, self.meta, self.indexes)

    # -- adding rows ------------------------------------------------------
    def add_rows(self, rows: Iterable[Row]) -> int:
        """Add office-holding rows, joining people by QID (or by name when a row has none)."""
        by_identity = {self._identity(p.qid, p.name): pid for pid, p in enumerate(self.persons)}
        added = 0
        touched: set[int] = set()
        for row in rows:
            qid = _qid(row.source)
            identity = self._identity(qid, row.person)
            pid = by_identity.get(identity)
            if pid is None:
                pid = len(self.persons)
                by_identity[identity] = pid
                self.persons.append(Person(qid, row.person, ()))
                touched.add(pid)
            person = self.persons[pid]
            new_aliases = tuple(
                a
                for a in dict.fromkeys((row.person, *row.aliases))
                if a and a != person.name and a not in person.aliases
            )
            if new_aliases:
                self.persons[pid] = Person(person.qid, person.name, person.aliases + new_aliases)
                touched.add(pid)
            lo, hi = _term_days(row.start, row.end)
            self.terms.append(Term(pid, row.country, row.office, row.title, row.start, row.end, lo, hi, row.source))
            added += 1
        if self.indexes is not None:
            for pid in sorted(touched):
                add_to_indexes(*self.indexes, pid, self.persons[pid])
        return added

    @staticmethod
    def _identity(qid: str, name: str) -> str:
        return qid or f"name:{name}"


def _qid(source: str) -> str:
    found = _QID.findall(source or "")
    return found[-1] if found else ""


def _term_days(start: str, end: str) -> tuple[int, int]:
    """First possible start day and last possible end day (lenient for coarse dates)."""
    first = parse_iso(start)
    last = parse_iso(end) if end else None
    # A missing or unreadable limit is read as "no limit": it can only prevent findings.
    return (first[0] if first else 0), (last[1] if last else OPEN_END)


# -- reading tables ----------------------------------------------------------
def _split(value) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return tuple(v.strip() for v in str(value or "").split("|") if v.strip())


def _records(path: Path) -> Iterator[dict]:
    """Rows of a CSV or JSONL file (optionally gzip-compressed) as dicts."""
    opener = gzip.open if path.suffix == ".gz" else open
    name = path.name[:-3] if path.suffix == ".gz" else path.name
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        if name.endswith((".jsonl", ".ndjson")):
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        raise ValueError(f"{path}:{number}: not a JSON object")
                    yield record
        else:
            yield from csv.DictReader(handle)


def _table_kind(columns: Iterable[str]) -> str:
    cols = set(columns)
    if {"person", "country", "office"} <= cols:
        return "officeholders"
    if {"office", "alias"} <= cols:
        return "role_aliases"
    if {"country", "demonyms"} <= cols:
        return "demonyms"
    raise ValueError(f"unknown knowledge-base table with columns {sorted(cols)}")


def read_table(path: Path) -> tuple[str, list]:
    """``(kind, rows)`` of one CSV/JSONL file of the schema; the kind comes from its columns."""
    records = list(_records(path))
    if not records:
        return "officeholders", []
    kind = _table_kind(records[0].keys())
    if kind == "officeholders":
        rows = []
        for number, r in enumerate(records, start=2):
            office = str(r.get("office") or "other").strip()
            if office not in OFFICES:
                raise ValueError(f"{path}: row {number}: unknown office {office!r} (one of {', '.join(OFFICES)})")
            rows.append(
                Row(
                    str(r["person"]).strip(),
                    _split(r.get("aliases")),
                    str(r["country"]).strip().upper(),
                    office,
                    str(r.get("title") or "").strip(),
                    str(r.get("start") or "").strip(),
                    str(r.get("end") or "").strip(),
                    str(r.get("source") or "").strip(),
                )
            )
        return kind, rows
    if kind == "demonyms":
        return kind, [
            (
                str(r["country"]).strip().upper(),
                str(r.get("name") or "").strip(),
                _split(r.get("demonyms")),
                _split(r.get("names")),
            )
            for r in records
        ]
    return kind, [
        (str(r["office"]).strip(), str(r.get("country") or "").strip().upper(), str(r["alias"]).strip())
        for r in records
    ]


def tables_from_csv_dir(directory: Path, meta: dict | None = None) -> Tables:
    """The three CSV files of a knowledge-base folder as :class:`Tables`."""
    tables = Tables(meta=dict(meta or {}))
    for name in ("officeholders.csv", "demonyms.csv", "role_aliases.csv"):
        path = directory / name
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing")
        kind, rows = read_table(path)
        _add(tables, kind, rows)
    return tables


def _add(tables: Tables, kind: str, rows: list) -> None:
    if kind == "officeholders":
        tables.add_rows(rows)
    elif kind == "demonyms":
        tables.countries.extend(rows)
    else:
        tables.role_aliases.extend(rows)


# -- the compact artefact ----------------------------------------------------
def write_artefact(tables: Tables, path: Path) -> int:
    """Write ``tables`` as a compact ``.json.gz`` artefact; returns its size in bytes."""
    strings: dict[str, int] = {}

    def s(value: str) -> int:
        return strings.setdefault(value, len(strings))

    terms = []
    for t in tables.terms:
        qid = tables.persons[t.person].qid
        # Sources repeat a prefix and end in the person's QID: store the parts.
        if qid and qid in t.source:
            prefix, suffix = t.source.split(qid, 1)
            source = [s(prefix), s(suffix)]
        else:
            source = [s(t.source), -1]
        terms.append([t.person, s(t.country), s(t.office), s(t.title), t.start, t.end, t.lo, t.hi, *source])
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "key_version": KEY_VERSION,
        "meta": tables.meta,
        "countries": [list(c[:2]) + [list(c[2]), list(c[3])] for c in tables.countries],
        "role_aliases": [list(r) for r in tables.role_aliases],
        "persons": [[p.qid, p.name, list(p.aliases)] for p in tables.persons],
        # Precomputed name keys (valid for KEY_VERSION): loading skips normalisation.
        "indexes": list(tables.indexes or build_name_indexes(tables.persons)),
        "strings": list(strings),
        "terms": terms,
    }
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same tables always give the same bytes.
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
        out.write(data)
    return path.stat().st_size


def read_artefact(data: bytes) -> Tables:
    """:class:`Tables` from the bytes of a ``.json.gz`` artefact."""
    document = orjson.loads(gzip.decompress(data))  # a third of json.loads' time, same values
    if document.get("format") != FORMAT or document.get("version") != FORMAT_VERSION:
        raise ValueError(f"not a {FORMAT} v{FORMAT_VERSION} artefact")
    persons = [Person(qid, name, tuple(aliases)) for qid, name, aliases in document["persons"]]
    # Keys made by another newslint version are recomputed.
    indexes = tuple(document["indexes"]) if document.get("key_version") == KEY_VERSION else None
    strings = document["strings"]
    terms = [
        Term(
            p,
            strings[c],
            strings[o],
            strings[ti],
            start,
            end,
            lo,
            hi,
            strings[src] if suffix < 0 else f"{strings[src]}{persons[p].qid}{strings[suffix]}",
        )
        for p, c, o, ti, start, end, lo, hi, src, suffix in document["terms"]
    ]
    return Tables(
        persons,
        terms,
        [(c[0], c[1], tuple(c[2]), tuple(c[3])) for c in document["countries"]],
        [tuple(r) for r in document["role_aliases"]],
        document.get("meta", {}),
        indexes or build_name_indexes(persons),
    )


def bundled_bytes() -> bytes:
    return resources.files(BUNDLED_PACKAGE).joinpath(BUNDLED_NAME).read_bytes()


# -- what the rules load -----------------------------------------------------
def build_tables(paths: Sequence[str], mode: str = "extend") -> Tables:
    """The bundled tables extended (or, with ``mode="replace"``, replaced) by ``paths``.

    In replace mode the bundled office holders are dropped; its demonyms and
    role titles stay unless a replacement file brings its own.
    """
    if mode not in ("extend", "replace"):
        raise ValueError(f"knowledge-base-mode must be 'extend' or 'replace', not {mode!r}")
    base = read_artefact(bundled_bytes())
    extra = Tables(meta={"sources": []})
    for raw in paths:
        path = Path(raw)
        if path.name.endswith(".json.gz"):
            other = read_artefact(path.read_bytes())
            extra.add_rows(
                Row(other.persons[t.person].name, other.persons[t.person].aliases, *t[1:6], t.source)
                for t in other.terms
            )
            extra.countries.extend(other.countries)
            extra.role_aliases.extend(other.role_aliases)
        else:
            kind, rows = read_table(path)
            _add(extra, kind, rows)
        extra.meta["sources"].append(str(path))
    if mode == "replace":
        tables = Tables(meta={"sources": extra.meta["sources"], "replaced": base.meta.get("sources", [])})
        tables.countries = extra.countries or base.countries
        tables.role_aliases = extra.role_aliases or base.role_aliases
        tables.add_rows(
            Row(extra.persons[t.person].name, extra.persons[t.person].aliases, *t[1:6], t.source) for t in extra.terms
        )
        return tables
    if not paths:
        return base
    base.countries.extend(extra.countries)
    base.role_aliases.extend(extra.role_aliases)
    base.add_rows(
        Row(extra.persons[t.person].name, extra.persons[t.person].aliases, *t[1:6], t.source) for t in extra.terms
    )
    base.meta = {**base.meta, "extended_by": extra.meta["sources"]}
    return base


def load_knowledge_base(paths: Sequence[str] = (), mode: str = "extend") -> KnowledgeBase:
    """The knowledge base for these extra files, built once per process and kept."""
    return _load(tuple(paths), mode)


@lru_cache(maxsize=4)
def _load(paths: tuple[str, ...], mode: str) -> KnowledgeBase:
    # Loading creates a few hundred thousand small objects; the cyclic garbage
    # collector would walk the growing heap again and again (3x the load time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return build_tables(paths, mode).knowledge_base()
    finally:
        if was_enabled:
            gc.enable()


# The cache is per process and keyed by the file list; tests clear and inspect it.
load_knowledge_base.cache_clear = _load.cache_clear  # type: ignore[attr-defined]
load_knowledge_base.cache_info = _load.cache_info  # type: ignore[attr-defined]

"""The bundled knowledge base as an on-disk SQLite index, read a row at a time.

Loading the bundled base into memory (gunzip, ``orjson.loads``, ~100,000
tuples and the name indexes) takes ~0.35 s: most of a small file's lint
(pre-commit's case), although most documents name no role title at all and
never look a person up. So the first run writes the base into an SQLite file
in the user's cache folder (the folder of :mod:`newslint.packs.dbcache`), named
by newslint's version, the name-key version and a hash of the bundled
artefact; later runs open it and read only the small table every document
needs (role titles, for the mention finder). Countries are read on the first
role title found; people, terms and name keys are queried, and remembered,
only when a mention needs them.

Only the bundled base is indexed: a run that extends or replaces it with the
user's files loads everything in memory, as before. The index is only an
accelerator: a cache folder that cannot be written, or a file that cannot be
read, gives ``None`` and the caller loads the base in memory (same findings).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import orjson

from newslint import __version__
from newslint.packs.dbcache import cache_dir, cache_file

from .kb import KnowledgeBase, Person, Term, build_name_indexes, data_until
from .names import KEY_VERSION
from .store import Tables, build_tables, bundled_bytes

# Bumped when the tables below change.
SCHEMA = 2
_TERM_COLUMNS = "person, country, office, title, start, end_, lo, hi, source"
# Answers remembered per look-up table (a few MB at most), then forgotten all at once.
_REMEMBERED = 50_000
K = TypeVar("K")
V = TypeVar("V")


class _Connections:
    """One read-only connection per process and thread (a forked worker or a Dask thread opens its own)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.local = threading.local()

    def query(self, sql: str, args: tuple[Any, ...]) -> list[Any]:
        conn = getattr(self.local, "conn", None)
        if conn is None or self.local.pid != os.getpid():
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self.local.conn, self.local.pid = conn, os.getpid()
        return conn.execute(sql, args).fetchall()


class _Lookup(Generic[K, V]):
    """A read-only mapping over one query, each answer remembered (the KB never changes)."""

    def __init__(self, db: _Connections, sql: str, convert: Any) -> None:
        self.db, self.sql, self.convert = db, sql, convert
        self.seen: dict[K, V | None] = {}

    def get(self, key: K, default: Any = None) -> Any:
        if key not in self.seen:
            if len(self.seen) >= _REMEMBERED:
                self.seen.clear()  # misses are remembered too: a large corpus's unknown names must not pile up
            args = key if isinstance(key, tuple) else (key,)
            rows = self.db.query(self.sql, args)
            self.seen[key] = self.convert(rows) if rows else None
        found = self.seen[key]
        return default if found is None else found

    def __getitem__(self, key: K) -> V:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[K]:  # pragma: no cover - the rules only look keys up
        raise TypeError("the indexed knowledge base is not iterable")


def _pids(rows: list[Any]) -> list[int]:
    return [int(p) for p in rows[0][0].split(",")]


def _terms(rows: list[Any]) -> list[Term]:
    return [Term(*row) for row in rows]


def _person(rows: list[Any]) -> Person:
    qid, name, aliases = rows[0]
    return Person(qid, name, tuple(orjson.loads(aliases)))


def _keys(rows: list[Any]) -> list[str]:
    return [key for (key,) in rows]


# What KnowledgeBase._index_places and _index_alias_places set: read lazily by the indexed base.
_PLACE_ATTRIBUTES = frozenset(
    {"places", "place_ends", "country_names", "country_name", "demonyms", "max_place_words", "alias_places"}
)


class IndexedKnowledgeBase(KnowledgeBase):
    """A :class:`KnowledgeBase` whose people, terms and name keys stay on disk until asked for."""

    def __init__(self, path: Path) -> None:  # noqa: D107 - no super().__init__: nothing is loaded here
        db = _Connections(path)
        self.db = db
        (meta,) = db.query("SELECT value FROM meta WHERE name = 'meta'", ())[0]
        (summary,) = db.query("SELECT value FROM meta WHERE name = 'summary'", ())[0]
        self.meta = orjson.loads(meta)
        summary = orjson.loads(summary)
        self.data_until = summary["data_until"]
        self.countries_with_terms = frozenset(summary["countries_with_terms"])
        self.persons = _Lookup(db, "SELECT qid, name, aliases FROM persons WHERE pid = ?", _person)  # type: ignore[assignment]
        self.by_person = _Lookup(  # type: ignore[assignment]
            db, f"SELECT {_TERM_COLUMNS} FROM terms WHERE person = ? ORDER BY id", _terms
        )
        self.by_office = _Lookup(  # type: ignore[assignment]
            db, f"SELECT {_TERM_COLUMNS} FROM terms WHERE country = ? AND office = ? ORDER BY id", _terms
        )
        self.full_index = _Lookup(db, "SELECT pids FROM full_keys WHERE key = ?", _pids)  # type: ignore[assignment]
        self.surname_index = _Lookup(db, "SELECT pids FROM surname_keys WHERE key = ?", _pids)  # type: ignore[assignment]
        # The role titles are what every document is scanned for; the places only ever matter
        # around a role title found, so most documents (and runs) never read them (see __getattr__).
        self._index_roles(db.query("SELECT office, country, alias FROM role_aliases ORDER BY id", ()))

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not set yet: the place indexes, built on the first role title's look-up.
        if name not in _PLACE_ATTRIBUTES or "db" not in self.__dict__:
            raise AttributeError(name)
        countries = [
            (code, country, tuple(orjson.loads(demonyms)), tuple(orjson.loads(names)))
            for code, country, demonyms, names in self.db.query(
                "SELECT code, name, demonyms, names FROM countries ORDER BY id", ()
            )
        ]
        self._index_places(countries)
        self._index_alias_places()
        return self.__dict__[name]

    @cached_property
    def _blocks(self) -> dict[str, list[str]]:
        """First or last word of a full-name key -> the keys (the candidates of a fuzzy look-up)."""
        return _Lookup(  # type: ignore[return-value]
            self.db,
            # "word" itself, keys from "word " up to (not including) "word!", and keys ending in "word".
            "SELECT key FROM full_keys WHERE key = ?1 OR (key >= ?1 || ' ' AND key < ?1 || '!')"
            " UNION ALL SELECT key FROM last_words WHERE word = ?1",
            _keys,
        )


# The modules whose code decides what the index holds: in a development checkout the version stays
# the same while they change, and an index written by the old code must not be reused.
_INDEX_CODE = ("kb.py", "names.py", "kbindex.py")


def _digest(data: bytes) -> str:
    digest = hashlib.blake2b(data, digest_size=12)
    here = Path(__file__).parent
    for name in _INDEX_CODE:
        with contextlib.suppress(OSError):  # a zipped or frozen install: version and data key it
            digest.update((here / name).read_bytes())
    return digest.hexdigest()


def index_path(data: bytes) -> Path:
    return cache_dir() / f"kb-{__version__}-k{KEY_VERSION}-s{SCHEMA}-{_digest(data)}.sqlite"


def write_index(path: Path) -> None:
    """Write the bundled base into a new SQLite file at ``path`` (atomically: a reader sees all or nothing)."""
    # ~100,000 small objects: the cyclic collector would walk the growing heap again and again.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        tables = build_tables(())
    finally:
        if was_enabled:
            gc.enable()
    with cache_file(path, KEEP) as temporary:
        conn = sqlite3.connect(temporary)
        # A temporary file renamed when complete: no journal and no syncs needed (~0.1 s of the first run).
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        with conn:
            _fill(conn, tables)
        conn.close()


# Indexes kept (~15 MB each): the installed version's and the one before it (a tool pinned elsewhere).
KEEP = 2


def _fill(conn: sqlite3.Connection, tables: Tables) -> None:
    # The tables' own name indexes (precomputed in the artefact): no KnowledgeBase is built to write them.
    full_index, surname_index = tables.indexes or build_name_indexes(tables.persons)
    conn.executescript(
        """
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE persons (pid INTEGER PRIMARY KEY, qid TEXT, name TEXT, aliases TEXT);
        CREATE TABLE terms (id INTEGER PRIMARY KEY, person INTEGER, country TEXT, office TEXT, title TEXT,
                            start TEXT, end_ TEXT, lo INTEGER, hi INTEGER, source TEXT);
        CREATE TABLE full_keys (key TEXT PRIMARY KEY, pids TEXT);
        CREATE TABLE surname_keys (key TEXT PRIMARY KEY, pids TEXT);
        CREATE TABLE last_words (word TEXT, key TEXT);
        CREATE TABLE countries (id INTEGER PRIMARY KEY, code TEXT, name TEXT, demonyms TEXT, names TEXT);
        CREATE TABLE role_aliases (id INTEGER PRIMARY KEY, office TEXT, country TEXT, alias TEXT);
        """
    )
    summary = {
        "data_until": data_until(tables.meta.get("data_until"), tables.terms),
        "countries_with_terms": sorted({t.country for t in tables.terms}),
    }
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("meta", orjson.dumps(tables.meta).decode()), ("summary", orjson.dumps(summary).decode())],
    )
    conn.executemany(
        "INSERT INTO persons VALUES (?, ?, ?, ?)",
        ((pid, p.qid, p.name, orjson.dumps(list(p.aliases)).decode()) for pid, p in enumerate(tables.persons)),
    )
    conn.executemany(
        "INSERT INTO terms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ((i, *t) for i, t in enumerate(tables.terms))
    )
    for table, index in (("full_keys", full_index), ("surname_keys", surname_index)):
        conn.executemany(
            f"INSERT INTO {table} VALUES (?, ?)", ((key, ",".join(map(str, pids))) for key, pids in index.items())
        )
    # A key's first word is a range of the key column itself; its last word needs a table.
    conn.executemany("INSERT INTO last_words VALUES (?, ?)", ((key.rpartition(" ")[2], key) for key in full_index))
    conn.executemany(
        "INSERT INTO countries VALUES (?, ?, ?, ?, ?)",
        (
            (i, code, name, orjson.dumps(list(demonyms)).decode(), orjson.dumps(list(names)).decode())
            for i, (code, name, demonyms, names) in enumerate(tables.countries)
        ),
    )
    conn.executemany(
        "INSERT INTO role_aliases VALUES (?, ?, ?, ?)", ((i, *r) for i, r in enumerate(tables.role_aliases))
    )
    conn.executescript(
        """
        CREATE INDEX terms_person ON terms (person);
        CREATE INDEX terms_office ON terms (country, office);
        CREATE INDEX last_words_word ON last_words (word);
        """
    )


@lru_cache(maxsize=1)
def indexed_knowledge_base() -> KnowledgeBase | None:
    """The bundled base from its index (written on first use), or None when the cache folder fails us."""
    try:
        path = index_path(bundled_bytes())
        if not path.exists():
            write_index(path)
        return IndexedKnowledgeBase(path)
    except Exception:  # noqa: BLE001 - unwritable or corrupt cache: the caller loads the base in memory
        return None


__all__ = ["IndexedKnowledgeBase", "index_path", "indexed_knowledge_base", "write_index"]

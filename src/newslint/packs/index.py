"""One pass per document for every regex phrase of a run: which lines may match which packs.

A :class:`PatternIndex` holds the regex phrases (patterns, prefix and contains
literals) of all the packs of a run. :meth:`PatternIndex.candidates` scans a
document once and returns, per pack, the lines where one of its phrases *may*
match; the scanners (:mod:`.matcher`) then decide on those lines alone, with
the exact ``RE2::Set`` of their packs. The index is only a prefilter, so any
backend that finds a superset of the matching lines gives the same findings.

Two backends with that one interface:

- Hyperscan (the ``hyperscan`` wheel): every phrase in one database, scanned
  once over the UTF-8 bytes (~90 MB/s on news text); match ends are mapped to
  lines through the newline offsets. The compiled database is cached on disk
  (:mod:`.dbcache`), so a warm start does not compile.
- RE2, when Hyperscan is not installed (or cannot compile a phrase, or the
  text is not valid UTF-8): one RE2 scan of the whole text per rule code, as
  newslint did before; every pack of a code is a candidate on a line the scan
  touched. (One alternation across codes overflows RE2's DFA.)

Why a prefilter form (:func:`scan_phrases`): a trailing optional clause such as
``(?:[\\t ][^\\n.!?,;]{0,80})?`` (there for the evidence span) cannot decide
whether a line matches, but makes a scanner report a match at up to 80 end
offsets, and counted repeats of UTF-8 classes multiply compile time; the
scanned form drops the one and unbounds the other.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
import re2

from newslint import AnalysisFamily, Document

from . import dbcache
from .model import LEAD, MATCH_MODES, TRAIL, Pack, literal_pattern, re2_options

# Candidate lines per pack index (indices into the packs the index was built from).
Candidates = dict[int, set[int]]


def _strip_optional_tail(pattern: str) -> str:
    """``pattern`` without trailing optional clauses: ``(...)?``, or a class repeated ``{0,N}`` or ``*``.

    They match the empty string, so the rest of the pattern matches wherever the whole does.
    """
    while True:
        start = _optional_tail_start(pattern)
        if start is None or start == 0:
            return pattern
        pattern = pattern[:start]


def _optional_tail_start(pattern: str) -> int | None:
    """Where the last atom of ``pattern`` starts, if it is a group or class that may be absent."""
    opens: list[int] = []
    last_atom: tuple[str, int] | None = None  # ("group" | "class", start) of the atom ending just before
    position, size = 0, len(pattern)
    while position < size:
        char = pattern[position]
        if char == "\\":
            last_atom, position = None, position + 2
        elif char == "[":
            start = position
            position += 1
            if position < size and pattern[position] == "^":
                position += 1
            if position < size and pattern[position] == "]":
                position += 1
            while position < size and pattern[position] != "]":
                position += 2 if pattern[position] == "\\" else 1
            last_atom, position = ("class", start), position + 1
        elif char == "(":
            opens.append(position)
            last_atom, position = None, position + 1
        elif char == ")" and opens:
            last_atom, position = ("group", opens.pop()), position + 1
        else:
            tail = pattern[position:]
            if last_atom is not None and (
                (last_atom[0] == "group" and tail == "?")
                or (last_atom[0] == "class" and re.fullmatch(r"\{0,\d+\}|\*", tail))
            ):
                group_start = last_atom[1]
                lookaround = pattern.startswith(("(?=", "(?!", "(?<"), group_start)
                return None if lookaround else group_start
            last_atom, position = None, position + 1
    return None


def scan_phrases(pack: Pack) -> list[str]:
    """What the one-pass scan looks for: each regex phrase of ``pack`` in its match mode, loosened.

    A "line" phrase must fill its line (``^``/``$`` in multi-line mode), a
    "prefix" one must start it, a "contains" one is searched anywhere; the
    line-level ``RE2::Set`` of :mod:`.matcher` checks the rest. Trailing
    optional clauses of unanchored phrases are dropped and bounded repeats of
    a class made unbounded (``[^\\n.!?]{0,40}`` -> ``[^\\n.!?]*``): a
    superset, and each counted repeat of a UTF-8 class costs Hyperscan
    compile time and scan states.
    """
    group = "(?:" if pack.case_sensitive else "(?i:"
    # Not in line mode, where "$" follows: there the tail decides whether the line ends the phrase.
    phrases = [p if pack.match == "line" else _strip_optional_tail(p) for p in pack.patterns]
    if pack.match != "line":
        phrases = [*map(literal_pattern, pack.literals), *phrases]
    out = []
    for phrase in phrases:
        body = group + _UNBOUNDED.sub(lambda m: "*" if m[1] == "0" else "+", phrase) + ")"
        out.append({"line": f"^{LEAD}{body}{TRAIL}$", "prefix": f"^{LEAD}{body}", "contains": body}[pack.match])
    return out


# A class repeated {0,N} or {1,N} (lazy or not).
_UNBOUNDED = re.compile(r"(?<=\])\{([01]),\d+\}\??")


def _line_numbers(data: bytes, ends: list[int]) -> list[int]:
    """1-based line number of the last byte before each of the (ascending) end offsets."""
    numbers, line, counted = [], 1, 0  # newlines in data[:counted] are in line
    for end in ends:
        line += data.count(b"\n", counted, end - 1)
        counted = max(counted, end - 1)
        numbers.append(line)
    return numbers


class _RE2Backend:
    """One RE2 scan of the whole text per rule code; every pack of the code is a candidate on a touched line."""

    def __init__(self, packs: Sequence[Pack], indices: Sequence[int]) -> None:
        by_code: dict[str, list[int]] = {}
        for index in indices:
            by_code.setdefault(packs[index].code, []).append(index)
        self.groups: list[tuple[Any, tuple[int, ...]]] = []
        for members in by_code.values():
            branches = []
            for mode in MATCH_MODES:
                bodies = [packs[i].regex_body for i in members if packs[i].match == mode]
                if bodies:
                    alternation = "(?:" + "|".join(bodies) + ")"
                    forms = {"line": f"^{LEAD}{alternation}{TRAIL}$", "prefix": f"^{LEAD}{alternation}"}
                    branches.append(forms.get(mode, alternation))
            scan = re2.compile("(?m)" + "|".join(f"(?:{b})" for b in branches), re2_options(memory=True))
            self.groups.append((scan, tuple(members)))

    def candidates(self, doc: Document, out: Candidates) -> None:
        for scan, members in self.groups:
            touched: set[int] = set()
            for found in scan.finditer(doc.text):
                first, _ = doc.position(found.start())
                last, _ = doc.position(max(found.start(), found.end() - 1))
                # A user pattern with \s or a negated class can cross a newline: every line it covers.
                touched.update(range(first, last + 1))
            if touched:
                for index in members:
                    out.setdefault(index, set()).update(touched)


class _HyperscanBackend:
    """Every phrase in one Hyperscan database (expression id = pack index): one scan of the UTF-8 bytes."""

    def __init__(self, database: Any) -> None:
        self.database = database
        # A scan needs scratch space that no concurrent scan uses: one per thread (Dask workers
        # and API callers may lint in threads; a forked worker inherits its parent's).
        self._local = threading.local()

    def candidates(self, data: bytes, out: Candidates) -> None:
        ids: list[int] = []
        ends: list[int] = []

        def on_match(pattern: int, start: int, end: int, flags: int, context: Any) -> None:
            ids.append(pattern)
            ends.append(end)

        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            import hyperscan

            scratch = self._local.scratch = hyperscan.Scratch(self.database)
        self.database.scan(data, match_event_handler=on_match, scratch=scratch)
        if ends:
            if any(a > b for a, b in zip(ends, ends[1:])):  # Hyperscan reports by end offset; be sure
                ids, ends = map(list, zip(*sorted(zip(ids, ends), key=lambda pair: pair[1])))
            for pattern, number in zip(ids, _line_numbers(data, ends)):
                out.setdefault(pattern, set()).add(number)


def compile_hyperscan(packs: Sequence[Pack], indices: Sequence[int]) -> dbcache.Built:
    """One database of the scan phrases of ``packs[indices]``, and the indices whose phrases it cannot take."""
    import hyperscan

    # Prefilter mode: Hyperscan may match a superset (the Set decides), and it takes constructs it
    # could not match exactly (back-references aside, RE2 has none) or that would be too large.
    flags = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_PREFILTER
    phrases = {index: [form.encode() for form in scan_phrases(packs[index])] for index in indices}

    def build(members: Sequence[int]) -> Any:
        expressions = [(form, index) for index in members for form in phrases[index]]
        database = hyperscan.Database()
        database.compile(
            expressions=[e for e, _ in expressions],
            ids=[i for _, i in expressions],
            elements=len(expressions),
            flags=flags,
        )
        return database

    try:
        return (build(indices), list(indices)), []
    except hyperscan.error:  # find the packs it rejects (rare: user patterns), compile the rest
        good, bad = [], []
        for index in indices:
            try:
                build([index])
                good.append(index)
            except hyperscan.error:
                bad.append(index)
        return ((build(good) if good else None), good), bad


# The modules whose code turns a pack into its scan phrases (scan_phrases, literal_pattern, LEAD, TRAIL).
_SCAN_CODE = ("index.py", "model.py")


def _digest(packs: Sequence[Pack], regex: Sequence[int]) -> str:
    """A key for the Hyperscan database of ``packs[regex]``: what :func:`scan_phrases` reads, and its code.

    Hashing the inputs of the scan phrases instead of the phrases themselves spares
    every start building them (~8 ms) only to name the cached database.
    """
    fields = [(i, packs[i].match, packs[i].case_sensitive, packs[i].patterns, packs[i].literals) for i in regex]
    digest = hashlib.blake2b(orjson.dumps(fields), digest_size=8)
    here = Path(__file__).parent
    for name in _SCAN_CODE:
        with contextlib.suppress(OSError):  # a zipped or frozen install: the version keys the file too
            digest.update((here / name).read_bytes())
    return digest.hexdigest()


class PatternIndex:
    """The regex phrases of ``packs`` (a run's packs, in load order), found in one pass per document.

    Hyperscan is used when its database is in the disk cache; otherwise a
    process scans with RE2 and compiles the database once it has scanned
    :data:`COMPILE_AFTER` bytes (compiling takes seconds: a run of one small
    file, pre-commit's case, must not pay for it), then caches it.
    """

    def __init__(self, packs: Sequence[Pack], use_hyperscan: bool = True) -> None:
        self.packs = tuple(packs)
        self._regex = [i for i, pack in enumerate(self.packs) if pack.regex_body]
        self.digest = _digest(self.packs, self._regex)
        self.use_hyperscan = use_hyperscan and bool(self._regex) and dbcache.hyperscan_available()
        self._hyperscan: _HyperscanBackend | None = None
        self._re2_all: _RE2Backend | None = None  # built on first use (a warm start never needs it)
        self._re2_indices: Sequence[int] = self._regex  # what RE2 scans: all, or what Hyperscan rejects
        self._scanned = 0
        if self.use_hyperscan:
            self._adopt(dbcache.load(self.digest))

    def _adopt(self, built: dbcache.Built | None) -> None:
        if built is None:
            return
        (database, good), bad = built
        self._hyperscan = _HyperscanBackend(database) if good else None
        self._re2_indices = bad
        self.__dict__.pop("_re2", None)
        self.use_hyperscan = False  # settled

    @functools.cached_property
    def _re2(self) -> _RE2Backend | None:
        return _RE2Backend(self.packs, self._re2_indices) if self._re2_indices else None

    def _re2_for_all(self) -> _RE2Backend:
        if self._re2_all is None:
            self._re2_all = _RE2Backend(self.packs, self._regex)
        return self._re2_all

    @property
    def backend(self) -> str:
        """``hyperscan``, ``re2`` or ``hyperscan+re2`` (phrases Hyperscan cannot compile)."""
        names = [n for n, b in (("hyperscan", self._hyperscan), ("re2", self._re2_indices)) if b]
        return "+".join(names) or "none"

    def __reduce__(self) -> tuple[Any, ...]:
        return PatternIndex, (self.packs, self.use_hyperscan or self._hyperscan is not None)

    def compile_now(self) -> None:
        """Compile (and cache) the Hyperscan database now, if Hyperscan is installed."""
        if self.use_hyperscan:
            built = compile_hyperscan(self.packs, self._regex)
            dbcache.store(self.digest, built)
            self._adopt(built)

    def candidates(self, doc: Document) -> Candidates:
        """Pack index -> the lines where one of its regex phrases may match (computed once per document)."""
        # Keyed by the digest of the regex phrases: every index of the same phrases shares one scan.
        return doc.analysis(CANDIDATES.bind(self, key=self.digest))

    def _scan(self, doc: Document) -> Candidates:
        out: Candidates = {}
        if self.use_hyperscan:
            self._scanned += len(doc.text)
            if self._scanned >= COMPILE_AFTER:
                self.compile_now()
        if self._hyperscan is not None:
            try:
                data = doc.text.encode("utf-8")
            except UnicodeEncodeError:  # lone surrogates: not UTF-8, which Hyperscan's input must be
                self._re2_for_all().candidates(doc, out)
                return out
            self._hyperscan.candidates(data, out)
        if self._re2 is not None:
            self._re2.candidates(doc, out)
        return out


# Characters a process scans with RE2 before it compiles the Hyperscan database (~0.3 s of RE2 scans).
COMPILE_AFTER = 4_000_000


def _scan_candidates(doc: Document, index: PatternIndex) -> Candidates:
    return index._scan(doc)


# One scan per document for all the scanners of a run (see PatternIndex.candidates).
CANDIDATES: AnalysisFamily[PatternIndex, Candidates] = AnalysisFamily("newslint.packs.candidates", _scan_candidates)

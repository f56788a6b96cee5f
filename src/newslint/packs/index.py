"""One pass per document for every regex phrase of a run: which lines may match which packs.

A :class:`PatternIndex` holds the regex phrases (patterns, prefix and contains
literals) of all the packs of a run. :meth:`PatternIndex.candidates` scans a
document once and returns, per pack, the lines where one of its phrases *may*
match; the scanners (:mod:`.matcher`) then decide on those lines alone, with
the exact ``RE2::Set`` of their packs. The index is only a prefilter, so any
backend that finds a superset of the matching lines gives the same findings.

Two backends with that one interface:

- Hyperscan (the ``hyperscan`` wheel): the regex phrases in two databases
  (compiled at once on two threads), scanned over the UTF-8 bytes, and the
  literal phrases of the case-insensitive packs in a literal database scanned
  over the case-folded bytes; match ends are mapped to lines through the newline offsets. The
  databases are cached on disk (:mod:`.dbcache`), so a warm start does not
  compile; a CLI run without them compiles them in a forked process while it
  lints with RE2 (:func:`compile_in_background`), and switches over once they
  are cached.
- RE2, when Hyperscan is not installed (or cannot compile a phrase, or the
  text is not valid UTF-8): one RE2 scan of the whole text per rule code, as
  newslint did before; every pack of a code is a candidate on a line the scan
  touched. (One alternation across codes overflows RE2's DFA.)

Why a prefilter form (:func:`scan_phrases`): a trailing optional clause such as
``(?:[\\t ][^\\n.!?,;]{0,80})?`` (there for the evidence span) cannot decide
whether a line matches, but makes a scanner report a match at up to 80 end
offsets, and counted repeats of UTF-8 classes multiply compile time; the
scanned form drops the one and unbounds the other. It also drops what only
narrows a match inside its line (the trailing punctuation and end of a line
phrase) and widens Unicode property classes and blanks to cheap byte classes:
compiling the built-in packs went from 3.9 s to about 0.6 s, so that the
databases can be built beside a first run.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import threading
import time
import weakref
from collections.abc import Sequence
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any, Optional

import orjson
import re2

from newslint import AnalysisFamily, Document

from . import dbcache
from .model import LEAD, MATCH_MODES, SPACE, TRAIL, Pack, literal_pattern, re2_options

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
            last_atom, position = ("class", position), _class_end(pattern, position)
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
    """What the regex database looks for: each regex phrase of ``pack`` in its match mode, loosened.

    A "line" or "prefix" phrase must start its line (``^`` in multi-line mode),
    a "contains" one is searched anywhere; the line-level ``RE2::Set`` of
    :mod:`.matcher` checks the rest. The scanned form is a superset within a
    line: trailing optional clauses are dropped, bounded
    repeats of a class made unbounded (``[^\\n.!?]{0,40}`` -> ``[^\\n.!?]*``),
    a line phrase's closing punctuation and end dropped, Unicode property
    classes made "any character but a newline" and blanks "a tab, a space or
    any non-ASCII character" (see :func:`_loosen`). The literal phrases of a
    case-insensitive "prefix" or "contains" pack are looked for by
    :func:`literal_keys` instead, except those without a key long enough.
    """
    group = "(?:" if pack.case_sensitive else "(?i:"
    # No "$" follows in any mode: an optional tail never decides whether a line matches.
    phrases = [_strip_optional_tail(p) for p in pack.patterns]
    if pack.match != "line":
        keyed = literal_keys(pack)
        phrases = [*(literal_pattern(text) for text in pack.literals if text not in keyed), *phrases]
    out = []
    for phrase in phrases:
        body = group + _loosen(_UNBOUNDED.sub(lambda m: "*" if m[1] == "0" else "+", phrase)) + ")"
        out.append(body if pack.match == "contains" else f"^{_LOOSE_LEAD}{body}")
    return out


def literal_keys(pack: Pack) -> dict[str, str]:
    """Literal phrase -> the case-folded piece of it that any line it matches contains (empty when none).

    Only for the "prefix" and "contains" packs without case sensitivity (line
    literals are looked up as line keys, :mod:`.keys`). A literal matches its
    words with any blanks between them and any apostrophe for another
    (:func:`~.model.literal_pattern`), case-insensitively: a line it matches
    contains each apostrophe-free piece of its words, case-folded. The longest
    piece is the key; a literal whose longest piece is shorter than
    :data:`_MIN_KEY_BYTES` would propose too many lines and stays a regex
    phrase.
    """
    if pack.match == "line" or pack.case_sensitive:
        return {}
    keys = {}
    for text in pack.literals:
        piece = max(_PIECE_BREAK.split(text.casefold()), key=lambda part: len(part.encode()))
        if len(piece.encode()) >= _MIN_KEY_BYTES:
            keys[text] = piece
    return keys


# Where a literal's pieces end: blanks (any run matches any blanks) and apostrophes (any matches any).
_PIECE_BREAK = re.compile(r"[\s'’‘`]+")
_MIN_KEY_BYTES = 4

# The scanned form of a blank (SPACE) and of LEAD: a tab, a space or any non-ASCII character.
# SPACE's multi-byte ranges cost Hyperscan compile time in every phrase that uses them.
_LOOSE_BLANK = r"(?:[\t ]|[^\x00-\x7f])"
_LOOSE_LEAD = LEAD.replace(SPACE, _LOOSE_BLANK)
_ANY = r"[^\n]"


def _loosen(phrase: str) -> str:
    """``phrase`` with SPACE widened to :data:`_LOOSE_BLANK` and each Unicode property class to ``[^\\n]``.

    A property (``\\pL``, ``\\p{Lu}``, ``\\PL``) or a bracket class holding one
    (``[\\pL\\d&'+-]``, ``[^\\pL]``) compiles to a large UTF-8 automaton
    (``newsletter.named`` alone took 1.7 s); within a line, "any character but
    a newline" matches wherever it does, and the line's ``RE2::Set`` decides.
    """
    phrase = phrase.replace(SPACE, _LOOSE_BLANK)
    out: list[str] = []
    position, size = 0, len(phrase)
    while position < size:
        char = phrase[position]
        if char == "\\":
            if phrase.startswith(("\\p", "\\P"), position):
                end = position + 2
                end = phrase.index("}", end) + 1 if phrase.startswith("{", end) else end + 1
                out.append(_ANY)
                position = end
            else:
                out.append(phrase[position : position + 2])
                position += 2
        elif char == "[":
            end = _class_end(phrase, position)
            body = phrase[position:end]
            out.append(_ANY if ("\\p" in body or "\\P" in body) else body)
            position = end
        else:
            out.append(char)
            position += 1
    return "".join(out)


def _class_end(phrase: str, start: int) -> int:
    """The offset just past the bracket class opening at ``start`` (escapes and ``[:alpha:]`` inside)."""
    position = start + 1
    if phrase.startswith("^", position):
        position += 1
    if phrase.startswith("]", position):
        position += 1
    while position < len(phrase) and phrase[position] != "]":
        if phrase[position] == "\\":
            position += 2
        elif phrase.startswith("[:", position) and ":]" in phrase[position + 2 :]:
            position = phrase.index(":]", position + 2) + 2
        else:
            position += 1
    return position + 1


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
    """The regex databases (expression id = pack index) over the UTF-8 bytes, the literal one over the case-folded bytes."""

    def __init__(self, parts: Sequence[tuple[Any, bool]]) -> None:
        # (database, whether it scans the case-folded text): the regex databases, then the literal one.
        self.parts = list(parts)
        # A scan needs scratch space that no concurrent scan uses: one per thread (Dask workers
        # and API callers may lint in threads; a forked worker inherits its parent's).
        self._local = threading.local()

    def candidates(self, text: str, out: Candidates) -> None:
        """Raises UnicodeEncodeError for a text that is not valid UTF-8 (lone surrogates)."""
        data = text.encode("utf-8")
        scratches = getattr(self._local, "scratches", None)
        if scratches is None:
            import hyperscan

            scratches = self._local.scratches = [hyperscan.Scratch(database) for database, _ in self.parts]
        for (database, folded), scratch in zip(self.parts, scratches):
            _scan_into(database, scratch, text.casefold().encode("utf-8") if folded else data, out)


def _scan_into(database: Any, scratch: Any, data: bytes, out: Candidates) -> None:
    ids: list[int] = []
    ends: list[int] = []

    def on_match(pattern: int, start: int, end: int, flags: int, context: Any) -> None:
        ids.append(pattern)
        ends.append(end)

    database.scan(data, match_event_handler=on_match, scratch=scratch)
    if ends:
        if any(a > b for a, b in zip(ends, ends[1:])):  # Hyperscan reports by end offset; be sure
            ids, ends = map(list, zip(*sorted(zip(ids, ends), key=lambda pair: pair[1])))
        for pattern, number in zip(ids, _line_numbers(data, ends)):
            out.setdefault(pattern, set()).add(number)


def compile_hyperscan(packs: Sequence[Pack], indices: Sequence[int]) -> dbcache.Built:
    """The databases of the scan phrases and literal keys of ``packs[indices]``, and the indices they cannot take.

    The regex phrases are split between :data:`REGEX_PARTS` databases compiled
    in threads at once (Hyperscan releases the GIL while it compiles: two
    halves take ~60% of the time of one whole, and a scan of each costs
    little); the literal keys make one more, scanned over the case-folded text.
    """
    from concurrent.futures import ThreadPoolExecutor

    import hyperscan

    # Prefilter mode: Hyperscan may match a superset (the Set decides), and it takes constructs it
    # could not match exactly (back-references aside, RE2 has none) or that would be too large.
    flags = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_PREFILTER
    phrases = {index: [form.encode() for form in scan_phrases(packs[index])] for index in indices}

    def build(expressions: Sequence[tuple[bytes, int]]) -> Any:
        database = hyperscan.Database()
        database.compile(
            expressions=[e for e, _ in expressions],
            ids=[i for _, i in expressions],
            elements=len(expressions),
            flags=flags,
        )
        return database

    good, bad = list(indices), list[int]()
    expressions = [(form, index) for index in good for form in phrases[index]]
    shares = [share for share in (expressions[k::REGEX_PARTS] for k in range(REGEX_PARTS)) if share]
    try:
        with ThreadPoolExecutor(len(shares) or 1) as pool:
            regex = list(pool.map(build, shares))
    except hyperscan.error:  # find the packs it rejects (rare: user patterns), compile the rest
        good, bad = [], []
        for index in indices:
            try:
                if phrases[index]:
                    build([(form, index) for form in phrases[index]])
                good.append(index)
            except hyperscan.error:
                bad.append(index)
        expressions = [(form, index) for index in good for form in phrases[index]]
        regex = [build(expressions)] if expressions else []
    parts: list[tuple[Any, bool]] = [(database, False) for database in regex]
    keys = sorted({(key.encode(), index) for index in good for key in literal_keys(packs[index]).values()})
    if keys:
        # Literal mode (no regex syntax): a few milliseconds for hundreds of phrases in many scripts,
        # where the same phrases as case-insensitive UTF-8 regexes took over a second.
        literals = hyperscan.Database()
        literals.compile(
            expressions=[k for k, _ in keys], ids=[i for _, i in keys], elements=len(keys), flags=0, literal=True
        )
        parts.append((literals, True))
    return (parts, good), bad


# How many databases the regex phrases are split into (compiled at once, one thread each).
REGEX_PARTS = 2


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

    Hyperscan is used when its databases are in the disk cache. Otherwise a
    process scans with RE2 until they are: a CLI run compiles them in a forked
    process from its start (:func:`compile_in_background`) and adopts them
    from the cache once written (checked every :data:`ADOPT_EVERY` seconds);
    any other process compiles them itself once it has scanned
    :data:`COMPILE_AFTER` characters, then caches them.
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
        # When a background compile started (monotonic seconds), and when to look for its result next.
        self._background: Optional[float] = None
        self._next_look = 0.0
        if self.use_hyperscan:
            self._adopt(dbcache.load(self.digest))
            if self.use_hyperscan:
                _UNCOMPILED.add(self)

    def _adopt(self, built: dbcache.Built | None) -> None:
        if built is None:
            return
        (parts, good), bad = built
        self._hyperscan = _HyperscanBackend(parts) if parts else None
        self._re2_indices = bad
        self.__dict__.pop("_re2", None)
        self.use_hyperscan = False  # settled
        _UNCOMPILED.discard(self)

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
        """Compile (and cache) the Hyperscan databases now, if Hyperscan is installed."""
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
            self._settle(len(doc.text))
        if self._hyperscan is not None:
            try:
                self._hyperscan.candidates(doc.text, out)
            except UnicodeEncodeError:  # lone surrogates: not UTF-8, which Hyperscan's input must be
                out.clear()
                self._re2_for_all().candidates(doc, out)
                return out
        if self._re2 is not None:
            self._re2.candidates(doc, out)
        return out

    def _settle(self, characters: int) -> None:
        """Adopt the databases a background compile cached, or compile them here after COMPILE_AFTER."""
        self._scanned += characters
        now = time.monotonic()
        if self._background is not None and now - self._background < BACKGROUND_PATIENCE:
            if now >= self._next_look:  # a stat per look: cheap, but not per document
                self._next_look = now + ADOPT_EVERY
                self._adopt(dbcache.load(self.digest))
        elif self._scanned >= COMPILE_AFTER:
            self.compile_now()


# Characters a process scans with RE2 before it compiles the Hyperscan databases itself (~0.3 s of RE2 scans).
COMPILE_AFTER = 4_000_000
# How often a process looks for the databases a background compile is writing, and how long it waits for
# them before it compiles them itself (a compile takes well under a second; a killed one never writes).
ADOPT_EVERY = 0.1
BACKGROUND_PATIENCE = 60.0

# The indexes of this process still scanning with RE2 for want of compiled databases.
_UNCOMPILED: weakref.WeakSet[PatternIndex] = weakref.WeakSet()


class Background:
    """The processes compiling this process's pattern databases (with their digests): joined before it exits.

    As a context manager: waited for when the block ends, stopped when it raises (an error, Ctrl-C).
    """

    def __init__(self, processes: list[tuple[Any, str]]) -> None:
        self.processes = processes

    def __enter__(self) -> Background:
        return self

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        self.join(timeout=0 if kind is not None else None)

    def join(self, timeout: Optional[float] = None) -> None:
        for process, digest in self.processes:
            process.join(timeout)
            if process.is_alive():  # a run that ends early (an error, Ctrl-C) does not wait for it
                process.terminate()
                process.join()
                dbcache.release(digest)  # its own release did not run


def compile_in_background() -> Background:
    """Start compiling, in forked processes, the databases of every index still scanning with RE2.

    For the command line: the run lints with RE2 meanwhile and adopts the
    databases once cached; the next run starts with them (pre-commit's case: a
    few small files per run, which never reach :data:`COMPILE_AFTER`). Not
    started in a process with other threads (forking one is unsafe) or where
    ``fork`` is not available; those compile as before.
    """
    if threading.active_count() > 1 or "fork" not in get_all_start_methods():
        return Background([])
    processes = []
    for index in sorted(_UNCOMPILED, key=lambda i: i.digest):
        if index._background is None:
            claimed = dbcache.claim(index.digest, BACKGROUND_PATIENCE)
            if claimed is None:
                continue  # the cache cannot be written: nothing to wait for, the run compiles as before
            if claimed:
                process = get_context("fork").Process(target=_compile_and_store, args=(index,), daemon=True)
                process.start()
                processes.append((process, index.digest))
            # Else another run is compiling the same databases (pre-commit starts one per batch of
            # files): this one waits for their result as for its own.
            index._background = time.monotonic()
    return Background(processes)


def _compile_and_store(index: PatternIndex) -> None:
    try:
        with contextlib.suppress(Exception):  # an accelerator: the run goes on with RE2 whatever happens here
            dbcache.store(index.digest, compile_hyperscan(index.packs, index._regex))
    finally:
        dbcache.release(index.digest)


def _scan_candidates(doc: Document, index: PatternIndex) -> Candidates:
    return index._scan(doc)


# One scan per document for all the scanners of a run (see PatternIndex.candidates).
CANDIDATES: AnalysisFamily[PatternIndex, Candidates] = AnalysisFamily("newslint.packs.candidates", _scan_candidates)

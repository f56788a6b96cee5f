"""Matching phrase packs against documents, fast.

A :class:`Scanner` serves a group of packs (a rule's, or a family's):

- line-mode literals, most phrases, are compared as normalised *line keys*
  (case folded, blanks and apostrophes unified, edge punctuation stripped)
  in a dictionary: no regex at all;
- RE2 patterns and prefix/contains phrases are found by one RE2 scan of the
  whole text per rule code, and one ``RE2::Set`` call per candidate line
  tells which packs matched;
- position and shape limits (``Pack.accepts``) run only on those lines.

RE2 is linear-time: no pattern, built-in or user-supplied, can make a scan
backtrack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional, Sequence

import re2

from .model import Document, Line

if TYPE_CHECKING:  # pragma: no cover
    from .phrase_packs import Pack

MATCH_MODES = ("line", "prefix", "contains")

# Horizontal white space, Unicode included: RE2's \s is ASCII-only and never
# sees a no-break space, and it also matches "\n", which must not happen here.
SPACE = r"[\t \x{00A0}\x{2000}-\x{200B}\x{202F}\x{205F}\x{3000}\x{FEFF}]"
# What may surround a label on its own line: bullets, arrows, brackets, a
# closing colon or ellipsis ("[ Read All Comments ]", "Share this:", "More »").
LEAD = rf"(?:{SPACE}|[-–—•·*>»›|←→\[(])*"
TRAIL = rf"(?:{SPACE}|[-–—:.…!?|»›>→←)\]])*"
_APOSTROPHE = "['’‘`]"

# RE2's DFA cache budget for the big multi-pattern scans: with the default
# (8 MiB) a large alternation thrashes the cache and each search costs ~1 ms.
_SCAN_MEMORY = 64 << 20


def re2_options(*, longest: bool = False, memory: bool = False) -> "re2.Options":
    options = re2.Options()
    options.log_errors = False  # errors become ConfigError, not stderr noise
    options.longest_match = longest
    if memory:
        options.max_mem = _SCAN_MEMORY
    return options


def literal_pattern(text: str) -> str:
    """An RE2 pattern for a literal phrase: any run of spaces matches any blanks, any apostrophe any apostrophe."""
    words = text.split()
    parts = []
    for word in words:
        pieces = [re2.escape(piece) for piece in re.split(r"['’‘`]", word)]
        parts.append(_APOSTROPHE.join(pieces))
    return f"{SPACE}+".join(parts)




_SENTENCE_END = re.compile(r"[.!?。！？]+[\"'”’»)\]]*(?=\s|$)")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence of ``text`` that holds ``[start, end)`` (what ``min-coverage`` is measured on).

    An error message or a call to action is its own sentence ("Sorry, the page
    you requested does not exist. Try our search."); a phrase that covers only
    part of a long sentence is being talked about, not shown.
    """
    first = 0
    for found in _SENTENCE_END.finditer(text, 0, start):
        first = found.end()
    tail = _SENTENCE_END.search(text, max(end - 1, first))
    last = tail.end() if tail else len(text)
    while first < last and text[first].isspace():
        first += 1
    return first, max(last, end)


def line_form(mode: str, body: str) -> str:
    """``body`` placed in a line according to the match mode; never crosses a newline by itself."""
    if mode == "line":
        return f"{LEAD}{body}{TRAIL}"
    if mode == "prefix":
        return f"{LEAD}{body}[^\\n]*"
    return f"[^\\n]*?{body}[^\\n]*"


# Line keys: how a line-mode literal and a line are compared without a regex.
# Blanks become one space, apostrophes one apostrophe, case is folded and
# the characters LEAD and TRAIL allow around a label are stripped.
_ODD_BLANKS = "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
_ODD_BLANK = re.compile(f"[{_ODD_BLANKS}]")
_SPACE_RUNS = re.compile(" {2,}")
EDGE_CHARS = " -–—•·*>»›|←→[]():.…!?"
# Lines longer than the longest literal by more than this cannot equal a
# literal once edge characters are stripped (in practice): they are skipped.
KEY_SLACK = 24


def _normalise(text: str) -> str:
    # Substring tests run at memchr speed; the rewrites are needed by few texts.
    for apostrophe in "’‘`":
        if apostrophe in text:
            text = text.replace(apostrophe, "'")
    if any(blank in text for blank in _ODD_BLANKS):
        text = _ODD_BLANK.sub(" ", text)
    if "  " in text:
        text = _SPACE_RUNS.sub(" ", text)
    return text


def line_key(text: str, case_sensitive: bool = False) -> str:
    """The normalised form of one line (or literal) for exact-line lookup."""
    key = _normalise(text).strip(EDGE_CHARS)
    return key if case_sensitive else key.casefold()


# Below this average line length (html-to-text menus), normalising the whole
# text at once is cheaper than normalising each short line.
_SHORT_LINES = 80


def normalised_lines(doc: Document, case_sensitive: bool = False, max_length: int = 200) -> list[str]:
    """The lines of ``doc`` normalised like :func:`line_key`, edge characters not yet stripped.

    Lines longer than ``max_length`` may be left as they are (no phrase can
    equal them). A text of many short lines is normalised at once (string
    methods in C), so a menu of 300 lines costs one pass, not 300 calls.
    """
    if len(doc.text) < _SHORT_LINES * len(doc.lines):
        text = _normalise(doc.text)
        return (text if case_sensitive else text.casefold()).split("\n")
    # Mostly paragraphs: only short lines can equal a phrase, normalise just those.
    lines = doc.text.split("\n")
    for index, line in enumerate(lines):
        if len(line) <= max_length:
            line = _normalise(line)
            lines[index] = line if case_sensitive else line.casefold()
    return lines


LineKeyIndex = dict[str, list[tuple[int, int]]]


def line_key_index(doc: Document, case_sensitive: bool) -> LineKeyIndex:
    """Every line's key (as :func:`line_key`) -> ``[(line number, length)]``, for all scanners at once.

    About fifteen scanners (one per rule) look the lines of each document up;
    normalising the text once per document instead of once per scanner was
    a fifth of the run time of the default rules (benchmarks/throughput.py).
    ``length`` is what :meth:`Scanner._candidates` compares with its limit,
    as :func:`normalised_lines` would: the normalised length in a text of
    short lines, else the raw length (longer lines are left raw there, so
    they never equal a key).
    """
    text = _normalise(doc.text)
    normalised = (text if case_sensitive else text.casefold()).split("\n")
    short = len(doc.text) < _SHORT_LINES * len(doc.lines)
    index: LineKeyIndex = {}
    for line, norm in zip(doc.lines, normalised):
        key = norm.strip(EDGE_CHARS)
        index.setdefault(key, []).append((line.number, len(norm) if short else len(line.text)))
    return index


# Document.memo keys and factories of the shared line-key index.
_LINE_KEYS = {False: "newslint.phrase_match.line_keys", True: "newslint.phrase_match.line_keys_cased"}
_LINE_KEY_FACTORIES = {cs: (lambda doc, cs=cs: line_key_index(doc, cs)) for cs in (False, True)}


@dataclass(frozen=True)
class PackMatch:
    """A line that a pack matched: the line, the pack and the evidence span inside the line text."""

    line: Line
    pack: Pack
    start: int
    end: int

    @property
    def evidence(self) -> str:
        return self.line.text[self.start : self.end].strip()


class _RegexGroup:
    """The regex phrases of one rule code: one RE2 scan of the whole text, one RE2::Set per candidate line."""

    def __init__(self, packs: Sequence[Pack], indices: Sequence[int]) -> None:
        self.indices = list(indices)
        branches = []
        for mode in MATCH_MODES:
            bodies = [packs[i].regex_body for i in self.indices if packs[i].match == mode]
            if bodies:
                alternation = "(?:" + "|".join(bodies) + ")"
                # Only candidate lines are wanted here (the Set decides), so a
                # contains phrase is searched bare: RE2's DFA stays small.
                branches.append({"line": f"^{LEAD}{alternation}{TRAIL}$", "prefix": f"^{LEAD}{alternation}",
                                 "contains": alternation}[mode])
        self.scan = re2.compile("(?m)" + "|".join(f"(?:{b})" for b in branches), re2_options(memory=True))
        self.set = re2.Set.FullMatchSet(re2_options(memory=True))
        for index in self.indices:
            self.set.Add(packs[index].line_pattern)
        self.set.Compile()

    def match(self, text: str) -> list[int]:
        found = self.set.Match(text)
        return [self.indices[i] for i in found] if found else []


class Scanner:
    """Finds the lines matched by any of several packs, in one pass per kind of phrase.

    Line-mode literals (most phrases) are looked up in a dictionary of
    normalised line keys. Everything else (RE2 patterns, prefix and contains
    phrases) is found by one RE2 scan of the whole text per rule code, and an
    ``RE2::Set`` call per candidate line tells which packs matched. (One
    alternation across codes would be smaller to write but much slower: the
    clause-long patterns of different families multiply RE2's DFA states.)
    """

    def __init__(self, packs: Sequence[Pack]) -> None:
        self.packs = tuple(packs)
        self._tables: dict[bool, dict[str, tuple[int, ...]]] = {False: {}, True: {}}
        for index, pack in enumerate(self.packs):
            table = self._tables[pack.case_sensitive]
            for key in pack.keys:
                if index not in table.get(key, ()):
                    table[key] = (*table.get(key, ()), index)
        self._max_key = {cs: max(map(len, table), default=0) + KEY_SLACK for cs, table in self._tables.items()}
        by_code: dict[str, list[int]] = {}
        for index, pack in enumerate(self.packs):
            if pack.regex_body:
                by_code.setdefault(pack.code, []).append(index)
        self._groups = [_RegexGroup(self.packs, indices) for indices in by_code.values()]

    def __reduce__(self) -> tuple[Any, ...]:
        return Scanner, (self.packs,)

    def packs_matching(self, text: str) -> list[Pack]:
        """The packs (in load order) whose phrases match the one-line ``text``, ignoring limits."""
        return [self.packs[i] for i in sorted(self._indices(text))]

    def _indices(self, text: str) -> set[int]:
        found: set[int] = set()
        for case_sensitive, table in self._tables.items():
            if table:
                found.update(table.get(line_key(text, case_sensitive), ()))
        for group in self._groups:
            found.update(group.match(text))
        return found

    def _candidates(self, doc: Document) -> dict[int, set[int]]:
        """Line number -> indices of the packs whose phrases match the line."""
        out: dict[int, set[int]] = {}
        for case_sensitive, table in self._tables.items():
            if table:
                limit = self._max_key[case_sensitive]
                index = doc.memo(_LINE_KEYS[case_sensitive], _LINE_KEY_FACTORIES[case_sensitive])
                # Few distinct keys per document, many in a pack: look the document's keys up.
                for key, lines in index.items():
                    if key in table:
                        for number, length in lines:
                            if length <= limit:
                                out.setdefault(number, set()).update(table[key])
        lines = doc.lines
        for group in self._groups:
            checked: set[int] = set()
            for found in group.scan.finditer(doc.text):
                first, _ = doc.position(found.start())
                last, _ = doc.position(max(found.start(), found.end() - 1))
                # A user pattern with \s or a negated class can cross a newline:
                # every line it covered is checked on its own.
                for number in range(first, last + 1):
                    if number not in checked:
                        checked.add(number)
                        matched = group.match(lines[number - 1].text)
                        if matched:
                            out.setdefault(number, set()).update(matched)
        return out

    def matches(self, doc: Document, words: Optional[Callable[[str], int]] = None) -> Iterator[tuple[Line, list[Pack]]]:
        """Every line with the packs (in load order) that match it and whose limits accept it.

        ``words`` counts the words of a line's text (the rules pass their own,
        CJK-aware counter); by default, whitespace-separated tokens.
        """
        count = words or (lambda text: len(text.split()))
        total = len(doc.lines)
        for number, indices in sorted(self._candidates(doc).items()):
            line = doc.lines[number - 1]
            n = count(line.text)
            accepted = [self.packs[i] for i in sorted(indices) if self.packs[i].accepts(line, total, n)]
            if accepted:
                yield line, accepted

    def scan(self, doc: Document, words: Optional[Callable[[str], int]] = None) -> Iterator[PackMatch]:
        """Every matched line with the first pack (in load order) that accepts it, and its evidence."""
        for line, accepted in self.matches(doc, words):
            start, end = accepted[0].evidence(line.text)
            yield PackMatch(line, accepted[0], start, end)

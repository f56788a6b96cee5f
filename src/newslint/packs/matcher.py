"""Matching phrase packs against documents, fast.

A :class:`Scanner` serves a group of packs (a rule's, or a family's):

- line-mode literals, most phrases, are compared as normalised *line keys*
  (case folded, blanks and apostrophes unified, edge punctuation stripped)
  in a dictionary: no regex at all;
- RE2 patterns and prefix/contains phrases: the run's :class:`PatternIndex`
  proposes candidate lines in one pass per document for all scanners
  (Hyperscan, or RE2 without it), and one ``RE2::Set`` call per candidate
  line and rule code tells which packs matched;
- position and shape limits (``Pack.accepts``) run only on those lines.

RE2 is linear-time: no pattern, built-in or user-supplied, can make a scan
backtrack.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import re2

from newslint import AnalysisFamily, Document, Line

from .index import PatternIndex
from .keys import KEY_SLACK, LINE_KEYS, line_key
from .model import Pack, re2_options


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
    """The regex phrases of one rule code: an ``RE2::Set`` of their line forms decides each candidate line."""

    def __init__(self, packs: Sequence[Pack], indices: Sequence[int], shared: Sequence[int]) -> None:
        self.indices = list(indices)
        # The same packs' positions in the run's PatternIndex, whose one-pass scan proposes the lines.
        self.shared = tuple(shared)
        self.patterns = [packs[index].line_pattern for index in self.indices]

    @functools.cached_property
    def set(self) -> Any:
        # Compiled on the first candidate line: a run of a few small files compiles few of them.
        compiled = re2.Set.FullMatchSet(re2_options(memory=True))
        for pattern in self.patterns:
            compiled.Add(pattern)
        compiled.Compile()
        return compiled

    def match(self, text: str) -> list[int]:
        found = self.set.Match(text)
        return [self.indices[i] for i in found] if found else []


class Scanner:
    """Finds the lines matched by any of several packs, in one pass per kind of phrase.

    Line-mode literals (most phrases) are looked up in a dictionary of
    normalised line keys. Everything else (RE2 patterns, prefix and contains
    phrases) is proposed by ``self.index`` (the run's :class:`PatternIndex`, shared
    by every scanner of a PackSet; ``shared``, else a private one), and an
    ``RE2::Set`` call per candidate line tells which packs matched.
    """

    def __init__(self, packs: Sequence[Pack], shared: PatternIndex | None = None) -> None:
        self.packs = tuple(packs)
        self.index = shared if shared is not None else PatternIndex(self.packs)
        position = {id(pack): i for i, pack in enumerate(self.index.packs)}
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
        self._groups = [
            _RegexGroup(self.packs, indices, [position[id(self.packs[i])] for i in indices])
            for indices in by_code.values()
        ]

    def __reduce__(self) -> tuple[Any, ...]:
        return Scanner, (self.packs, self.index)

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
                index = doc.analysis(LINE_KEYS[case_sensitive])
                # Few distinct keys per document, many in a pack: look the document's keys up.
                for key, entries in index.items():
                    if key in table:
                        for number, length in entries:
                            if length <= limit:
                                out.setdefault(number, set()).update(table[key])
        if self._groups:
            lines = doc.lines
            candidates = self.index.candidates(doc)
            for group in self._groups:
                proposed: set[int] = set()
                for shared in group.shared:
                    proposed.update(candidates.get(shared, ()))
                for number in proposed:
                    matched = group.match(lines[number - 1].text)
                    if matched:
                        out.setdefault(number, set()).update(matched)
        return out

    def matches(self, doc: Document, words: Callable[[str], int] | None = None) -> Iterator[tuple[Line, list[Pack]]]:
        """Every line with the packs (in load order) that match it and whose limits accept it.

        ``words`` counts the words of a line's text (the rules pass their own,
        CJK-aware counter); by default, whitespace-separated tokens. Computed
        once per document, scanner and counter (several rules ask a scanner
        about the same document: the chrome lines, a cookie banner's notices).
        """
        for line, accepted in doc.analysis(MATCHES.bind((self, words))):
            yield line, list(accepted)

    def scan(self, doc: Document, words: Callable[[str], int] | None = None) -> Iterator[PackMatch]:
        """Every matched line with the first pack (in load order) that accepts it, and its evidence."""
        return iter(doc.analysis(SCAN.bind((self, words))))


WordCounter = Callable[[str], int] | None


def _matches(doc: Document, params: tuple[Scanner, WordCounter]) -> tuple[tuple[Line, tuple[Pack, ...]], ...]:
    scanner, words = params
    count = words or (lambda text: len(text.split()))
    total = len(doc.lines)
    packs = scanner.packs
    out = []
    for number, indices in sorted(scanner._candidates(doc).items()):
        line = doc.lines[number - 1]
        n = count(line.text)
        accepted = tuple(packs[i] for i in sorted(indices) if packs[i].accepts(line, total, n))
        if accepted:
            out.append((line, accepted))
    return tuple(out)


def _scan(doc: Document, params: tuple[Scanner, WordCounter]) -> tuple[PackMatch, ...]:
    out = []
    for line, accepted in doc.analysis(MATCHES.bind(params)):
        start, end = accepted[0].evidence(line.text)
        out.append(PackMatch(line, accepted[0], start, end))
    return tuple(out)


# A scanner's hits on a document, shared by the rules that ask the same scanner (keyed by the
# scanner object and the word counter: a PackSet hands out one scanner per selection).
MATCHES: AnalysisFamily[tuple[Scanner, WordCounter], tuple[tuple[Line, tuple[Pack, ...]], ...]] = AnalysisFamily(
    "newslint.packs.matches", _matches
)
SCAN: AnalysisFamily[tuple[Scanner, WordCounter], tuple[PackMatch, ...]] = AnalysisFamily("newslint.packs.scan", _scan)

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

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import re2

from newslint import Document, Line

from .keys import KEY_SLACK, LINE_KEY_FACTORIES, LINE_KEYS, line_key
from .model import LEAD, MATCH_MODES, TRAIL, Pack, re2_options


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
                branches.append(
                    {
                        "line": f"^{LEAD}{alternation}{TRAIL}$",
                        "prefix": f"^{LEAD}{alternation}",
                        "contains": alternation,
                    }[mode]
                )
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
                index = doc.memo(LINE_KEYS[case_sensitive], LINE_KEY_FACTORIES[case_sensitive])
                # Few distinct keys per document, many in a pack: look the document's keys up.
                for key, entries in index.items():
                    if key in table:
                        for number, length in entries:
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

    def matches(self, doc: Document, words: Callable[[str], int] | None = None) -> Iterator[tuple[Line, list[Pack]]]:
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

    def scan(self, doc: Document, words: Callable[[str], int] | None = None) -> Iterator[PackMatch]:
        """Every matched line with the first pack (in load order) that accepts it, and its evidence."""
        for line, accepted in self.matches(doc, words):
            start, end = accepted[0].evidence(line.text)
            yield PackMatch(line, accepted[0], start, end)

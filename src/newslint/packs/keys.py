"""Line keys: how a line-mode literal and a line are compared without a regex.

The only normalisation of the phrase packs: blanks and apostrophes unified,
case folded (unless a pack is case-sensitive) and the characters a label may
have around it stripped. Punctuation inside a line is kept, since patterns
and literals name it.
"""

from __future__ import annotations

import re

from newslint import AnalysisFamily, Document

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


# The shared line-key index, one per document and case sensitivity: every scanner looks it up.
LINE_KEY_INDEX: AnalysisFamily[bool, LineKeyIndex] = AnalysisFamily("newslint.packs.line-keys", line_key_index)
LINE_KEYS = {case_sensitive: LINE_KEY_INDEX.bind(case_sensitive) for case_sensitive in (False, True)}

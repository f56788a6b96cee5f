"""The structure of page chrome, the per-document analysis of the NL1xx rules: label strips, menu blocks, teaser lists.

Phrase packs name single lines ("Skip to main content", "Advertisement").
Menus and footers also come as *structure*: a line made only of interface
labels (``Home | World | Business``, ``Facebook Twitter Email``,
``SubscribeSign In``), a block of short link-like lines of which many are known
labels, or a list of headlines under a "Most read" header. Recognising the
structure is what lets a rule flag ``Pamela Wilson`` inside a menu without
ever flagging a short line of an article.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Container, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from newslint import AnalysisFamily, Document, Line
from newslint.packs import ROLES, Pack, PackSet, dbcache, keys
from newslint.packs.keys import EDGE_CHARS, line_key, normalised_lines
from newslint.packs.lines import is_bullet, is_empty_row, is_headline_shaped, is_label_shaped
from newslint.text.timestamps import is_timestamp
from newslint.text.words import word_count

# What separates the labels of a strip ("Home | World", "About / Contact"); a
# lone hyphen only between spaces ("Sign in - Register"), never inside a word.
_SEPARATOR = re.compile(r"[ \t]*(?:[|/•·,;›»>→–—]|(?<= )-(?= ))[ \t]*")
# Two labels glued without a space: a lowercase letter followed by an uppercase one.
_GLUE = re.compile(r"(?<=[a-zß-öø-ÿа-яё])(?=[A-ZÀ-ÖØ-ÞА-ЯЁ])")
_STRIP_MAX_LENGTH = 200
# The most parts (words or glued pieces) one label can have.
_LABEL_PARTS = 8
# Teaser lines listed under a "Most read" header, at most.
DEFAULT_LIST_LINES = 10
# Menu blocks: at least MENU_BLOCK_LINES short lines of which a share MENU_LABEL_SHARE are known
# labels (NL101's defaults; the other NL1xx rules use these to leave a label inside a menu to NL101).
MENU_BLOCK_LINES = 3
MENU_LABEL_SHARE = 0.5
# From MEDIUM_RUN short lines in a row a share of MEDIUM_RUN_SHARE
# known labels suffices; from LONG_RUN lines, LONG_RUN_LABELS labels (see required_share). Two, not
# three: on the tune half of the real-page benchmark, two labels in ten or more short lines in a row
# made 1,873 more leftover lines menus against 103 article lines (the long lists that are an article,
# a course catalogue, are the price).
MEDIUM_RUN = 5
MEDIUM_RUN_SHARE = 0.2
LONG_RUN = 10
LONG_RUN_LABELS = 2
# A time of day ("at 1:26 pm"): a date line with one stamps a comment or a post; teasers carry a date alone.
_CLOCK = re.compile(r"\d:\d\d")
# A run of menu lines may jump over this many blank lines.
_BLOCK_GAP = 1


@dataclass(frozen=True)
class Strip:
    """A line made only of interface labels (``kinds``: what the labels are, e.g. "share button")."""

    line: Line
    labels: tuple[str, ...]
    kinds: tuple[str, ...]
    glued: tuple[str, str] | None  # the first two labels joined without a space


def _parts(text: str) -> list[tuple[str, str]]:
    """``[(connector, part), ...]``: words and glued pieces, with what precedes each ("sep", "space", "glue")."""
    out: list[tuple[str, str]] = []
    for c, chunk in enumerate(_SEPARATOR.split(text)):
        for w, word in enumerate(chunk.split()):
            for g, piece in enumerate(_GLUE.split(word)):
                connector = "glue" if g else ("space" if w else ("sep" if c else ""))
                out.append((connector, piece))
    return out


# The code that derives the label vocabulary from the literals (this module's _parts, and line_key).
_VOCABULARY_CODE = (Path(__file__), Path(keys.__file__))


def _vocabulary(labels: Sequence[Pack]) -> dict[str, list[Any]]:
    """The label keys (each with the position of the first pack that has it), their prefixes, first and last parts."""
    table: dict[str, int] = {}
    prefixes: set[str] = set()
    firsts: set[str] = set()
    lasts: set[str] = set()
    for position, pack in enumerate(labels):
        for literal in pack.literals:
            key = line_key(literal)
            table.setdefault(key, position)
            prefixes.update(key[:i] for i in range(1, len(key) + 1))
            parts = [p for _, p in _parts(line_key(literal, case_sensitive=True))]
            if parts:
                firsts.add(parts[0].casefold())
                lasts.add(parts[-1].casefold())
    return {
        "table": list(table.items()),
        "prefixes": sorted(prefixes),
        "firsts": sorted(firsts),
        "lasts": sorted(lasts),
    }


def _decode_vocabulary(value: Any, labels: Sequence[Pack]) -> tuple[dict[str, Pack], set[str], set[str], set[str]]:
    """The vocabulary from its JSON form (a cached file of another shape raises, and is built again)."""
    table = {key: labels[position] for key, position in value["table"]}
    words = [set(value[name]) for name in ("prefixes", "firsts", "lasts")]
    if not all(type(key) is str for key in table) or not all(type(w) is str for group in words for w in group):
        raise ValueError("not a label vocabulary")
    return table, words[0], words[1], words[2]


# The code of comment-section chrome (rules/comments.toml): its phrases are no menu labels (label_lines),
# and they open the comment forms whose fields NL107 reports (base.COMMENT_FORM_FIELDS).
COMMENT_CODE = "NL107"


class ChromeIndex:
    """The NL1xx label vocabulary of a PackSet: line-mode literals, for strips and blocks."""

    def __init__(self, packs: PackSet) -> None:
        self.packs = packs
        labels = packs.select(("NL1",), roles=ROLES, modes=("line",))
        # Every NL1xx pack, any role: what counts as a known chrome line inside a block.
        self.chrome = packs.scanner(("NL1",), ROLES)
        # The same for every run with these labels (~12 ms to build, most of it line_key and _parts on
        # ~1,600 literals): built once and read from the cache folder afterwards.
        inputs = orjson.dumps([(pack.id, pack.literals) for pack in labels])
        self.table, self.prefixes, self.firsts, self.lasts = dbcache.derived(
            "chrome", inputs, _VOCABULARY_CODE, lambda: _vocabulary(labels), lambda v: _decode_vocabulary(v, labels)
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return chrome_index, (self.packs,)

    def segment(self, text: str) -> list[tuple[str, str]] | None:
        """``[(label, connector_before), ...]`` when ``text`` is only labels, else None.

        Dynamic programming over the line's parts; a label never spans a
        separator, and longer labels win ("Sign In" over "Sign").
        """
        parts = _parts(text)
        n = len(parts)
        back: list[int | None] = [None] * (n + 1)
        back[0] = 0
        for j in range(n):
            if back[j] is None:
                continue
            key = ""
            for i in range(j, min(n, j + _LABEL_PARTS)):
                connector, part = parts[i]
                if i > j and connector == "sep":
                    break
                key += (" " if i > j and connector == "space" else "") + part.casefold()
                if key not in self.prefixes:
                    break
                previous = back[i + 1]
                if key in self.table and (previous is None or previous > j):
                    back[i + 1] = j
        if back[n] is None or n == 0:
            return None
        out = []
        i = n
        while i > 0:
            start = back[i]
            assert start is not None
            label = "".join(
                (" " if k > start and parts[k][0] == "space" else "") + parts[k][1] for k in range(start, i)
            )
            out.append((label, parts[start][0]))
            i = start
        return out[::-1]

    def strips(self, doc: Document, glued_only: bool = False) -> list[Strip]:
        """Lines of ``doc`` made of two or more interface labels (only those with a glued join if ``glued_only``).

        Computed once per document (NL101, NL108 and the label-in-prose test of several rules ask).
        """
        return doc.analysis(STRIPS.bind((self, glued_only)))

    def find_strips(self, doc: Document, glued_only: bool = False) -> list[Strip]:
        """:meth:`strips`, computed (not cached)."""
        out: list[Strip] = []
        if glued_only and not _GLUE.search(doc.text):
            return out
        for number, line in enumerate(normalised_lines(doc, True, _STRIP_MAX_LENGTH), start=1):
            if len(line) > _STRIP_MAX_LENGTH:
                continue
            key = line.strip(EDGE_CHARS)
            # A strip has two labels at least: a space, a separator or a glued join between them.
            if not key or ((glued_only or " " not in key) and not _GLUE.search(key)):
                continue
            # Cheap rejection first: the first and last parts must be able to start and end a label.
            first = _GLUE.split(key.split(" ", 1)[0], 1)[0].casefold()
            if first not in self.firsts or _GLUE.split(key.rsplit(" ", 1)[-1])[-1].casefold() not in self.lasts:
                continue
            strip = self._classify(doc.lines[number - 1], key)
            if strip is not None and (strip.glued or not glued_only):
                out.append(strip)
        return out

    def _classify(self, line: Line, key: str) -> Strip | None:
        pieces = self.segment(key)
        if not pieces or len(pieces) < 2:
            return None
        glued = None
        for (left, _), (right, connector) in itertools.pairwise(pieces):
            if connector == "glue":
                glued = glued or (left, right)
        firsts = [self.table[line_key(label)] for label, _ in pieces]
        spaced_only = all(connector in ("space", "glue") for _, connector in pieces[1:])
        # "World Cup", "Tech News" or "See more photos" can be article text: two
        # labels with only a space between them must both be buttons or links.
        if spaced_only and glued is None and len(pieces) < 3 and not all(p.role == "finding" for p in firsts):
            return None
        return Strip(line, tuple(label for label, _ in pieces), tuple(p.kind for p in firsts), glued)

    def chrome_lines(self, doc: Document) -> dict[int, list[Pack]]:
        """Line number -> the NL1xx packs (any role) that accept the line (once per document: many rules ask)."""
        return doc.analysis(CHROME_LINES.bind(self))

    @staticmethod
    def label_lines(chrome: dict[int, list[Pack]], strips: list[Strip]) -> set[int]:
        """Lines that are interface labels: a whole-line phrase or a row of labels (not a copyright sentence).

        A comment widget's words ("Reply", "ReplyDelete", "Report post") are no label: repeated under
        each of a thread's short comments ("Congrats!", "Well done!") they would make the thread a
        "menu". They stay chrome lines, members of a block that other labels make a menu.
        """
        whole_line = {
            n for n, packs in chrome.items() if any(p.match == "line" and p.code != COMMENT_CODE for p in packs)
        }
        return whole_line | {s.line.number for s in strips}


@functools.lru_cache(maxsize=16)
def chrome_index(packs: PackSet) -> ChromeIndex:
    return ChromeIndex(packs)


def _strips(doc: Document, params: tuple[ChromeIndex, bool]) -> list[Strip]:
    index, glued_only = params
    return index.find_strips(doc, glued_only)


def _chrome_lines(doc: Document, index: ChromeIndex) -> dict[int, list[Pack]]:
    return {line.number: packs for line, packs in index.chrome.matches(doc, word_count)}


# Per document and ChromeIndex (one per PackSet): shared by the NL1xx rules. Read-only for callers.
STRIPS: AnalysisFamily[tuple[ChromeIndex, bool], list[Strip]] = AnalysisFamily("newslint.boilerplate.strips", _strips)
CHROME_LINES: AnalysisFamily[ChromeIndex, dict[int, list[Pack]]] = AnalysisFamily(
    "newslint.boilerplate.chrome-packs", _chrome_lines
)


# -- structure ---------------------------------------------------------------------------
def following_lines(doc: Document, after: int, gap: int = _BLOCK_GAP) -> Iterator[Line]:
    """The non-blank lines after line ``after``, stopping at more than ``gap`` blank lines in a row."""
    blanks = 0
    for line in doc.lines[after:]:
        if not line.text.strip():
            blanks += 1
            if blanks > gap:
                return
            continue
        blanks = 0
        yield line


def list_after(doc: Document, header: Line, mode: str, limit: int, stop: Container[int] = ()) -> list[Line]:
    """The teaser lines under a header: bullets, or headline-shaped lines (at most ``limit``).

    The list ends at a line in ``stop`` (a line that names other chrome).
    """
    out: list[Line] = []
    for line in following_lines(doc, header.number):
        if len(out) >= limit or line.number in stop or (is_timestamp(line.text) and _CLOCK.search(line.text)):
            break  # a comment's or a post's time stamp opens the comments, not another teaser
        if is_empty_row(line.text):
            continue  # an empty table row between the teasers is layout, no teaser of its own
        if mode == "bullets" and not (is_bullet(line.text) and is_headline_shaped(line.text)):
            break
        if mode == "headlines" and not is_headline_shaped(line.text):
            break
        if mode == "commenters" and not _COMMENTER_ON_POST.match(line.text):
            break
        out.append(line)
    return out


# An entry of a "Recent comments" widget: a commenter's name (a few words), " on ", the post's title.
_COMMENTER_ON_POST = re.compile(r"^\W*\S+(?: \S+){0,4} on \S.{2,200}$")


def required_share(lines: int, min_share: float) -> float:
    """The share of known labels a run of ``lines`` short lines needs to be a menu.

    Articles rarely have more than a few short lines in a row, and hardly ever
    with interface labels among them, so the longer the run, the fewer labels
    it needs: ``min_share`` up to 4 lines, 0.2 from 5 lines, and 2 labels
    (any share) from 10 lines on.
    """
    if lines >= LONG_RUN:
        return 0.0
    if lines >= MEDIUM_RUN:
        return min(min_share, MEDIUM_RUN_SHARE)
    return min_share


def menu_blocks(
    doc: Document, known: set[int], members: set[int], min_lines: int, min_share: float
) -> list[tuple[list[Line], int]]:
    """Runs of short link-like lines of which at least ``min_share`` are ``known`` labels: ``[(lines, known), ...]``.

    A run is made of label-shaped lines and ``members`` (other chrome lines,
    which belong to a run but do not count as labels). A run introduced by a
    sentence ending in a colon ("The company has offices in:") is the
    article's own list, not a menu.
    """
    blocks = []
    run: list[Line] = []
    blanks = 0
    before = ""  # the last line before the current run

    def close() -> None:
        count = sum(1 for line in run if line.number in known)
        needed = LONG_RUN_LABELS if len(run) >= LONG_RUN else 2
        introduced = before.rstrip().endswith((":", "："))
        enough = len(run) >= min_lines and count >= needed and count >= required_share(len(run), min_share) * len(run)
        if enough and not introduced:
            blocks.append((list(run), count))
        run.clear()

    for line in doc.lines:
        if not line.text.strip():
            blanks += 1
            if blanks > _BLOCK_GAP and run:
                close()
            continue
        blanks = 0
        if line.number in known or line.number in members or is_label_shaped(line.text):
            run.append(line)
            continue
        if run:
            close()
        before = line.text
    if run:
        close()
    return blocks

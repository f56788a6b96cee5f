"""The per-document analysis of the NL3xx rules: repeated lines, captions, repeated blocks, credits.

One analysis (:func:`analyse`) finds repeated lines; the three rules read it:

* exact repeats: one dict lookup per line, on the stripped line and on the
  line with its photo credit cut out, so a caption and the same caption plus
  ``Reuters/Philippe Wojazer`` collide;
* near repeats: rapidfuzz, but only between *candidate* lines that share their
  first or last four words (normalised); each such bucket keeps four lines, so
  a line is compared with at most eight others and a document costs O(lines),
  never all pairs (``Analysis.comparisons`` counts the calls; see
  tests/test_duplication_perf.py). A line that is another plus a few picture
  words ("... Supplied", "© Sapa - AFP ...") is a credited repeat; one that is
  a long prefix of another is a repeat cut short ("... more" toggles);
* a repeat is a caption (NL301) when it or its original carries a credit, is
  followed by a credit line, or reads like a caption (", left,", "pictured",
  an AP date); consecutive repeats form blocks, reported once each (NL303)
  when they hold enough prose or make up most of the document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from newslint import Analysis as DocumentAnalysis
from newslint import AnalysisFamily, Document
from newslint.text.credits import Credit, scan_credits
from newslint.text.normalise import fold_punctuation
from newslint.text.quotes import quotes_earlier_text
from newslint.text.sentences import ends_sentence
from newslint.text.words import is_uncased, looks_like_prose, lower_ratio

_MIN_CHARS = 20  # shorter lines ("Advertisement", "Also at Walmart") are never compared
_BUCKET = 4  # lines kept per candidate key
_KEY_WORDS = 4
_CAPTION_MAX = 400  # characters; captions are one or two sentences
_LONG_PARAGRAPH = 200  # characters: several sentences are prose even without a final full stop
_INNER_SENTENCE_END = re.compile(r"[a-z]{2}[.!?][\"”’)]*\s+[A-Z]|[。！？](?=.)")
_BODY_CHARS = 500  # a repeated block this long that is most of the document is a body twice
_PUNCT = "\"'“”‘’«»„()[]{}.,;:!?…-–—/|*_# "
# Words that say "this describes a picture": positions, "pictured", "in this ... photo", an AP caption
# date inside the sentence (", Tuesday, Nov. 19, 2019,"). A line opening with a date is not one: post
# footers and datelines ("Tuesday, August 28, 2012 at 1:34 pm") repeat too.
_CAPTION_CUE = re.compile(
    r"(?i:\((?:left|right|centre|center|top|bottom|above|below|pictured|file|inset)\)"
    r"|, (?:left|right|centre|center|second (?:from )?(?:left|right)|far (?:left|right)|from left),"
    r"|\b(?:pictured|file photo|handout photo|photo illustration|poses? for (?:a )?(?:photo|picture|portrait)s?"
    r"|in this (?:[\w,.]+ ){0,6}(?:photo|photograph|image|picture|file))\b)"
    r"|\w, (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? (?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)"
    r"[a-z]*\.? \d{1,2}, \d{4}"
)


@dataclass(frozen=True)
class Repeat:
    """Line ``line`` repeats line ``first``; ``how`` is exact, credit (same text +/- a credit), prefix or near."""

    line: int
    first: int
    how: str


@dataclass(frozen=True)
class Block:
    """Consecutive repeated lines (blank and short lines skipped) and the lines they repeat."""

    lines: tuple[int, ...]
    firsts: tuple[int, ...]


@dataclass(frozen=True)
class Analysis:
    """What :func:`analyse` found in one document (read-only: it is shared by NL301-NL303)."""

    repeats: Mapping[int, Repeat]
    credits: Mapping[int, Credit]
    captions: tuple[Repeat, ...] = ()
    blocks: tuple[Block, ...] = ()
    comparisons: int = 0  # rapidfuzz calls made (the tests check that this is not all pairs)


# Picture words, normalised: "caption + extra words" against "caption" is a credited caption when
# the extra words hold one. News-agency names alone are not enough ("Headline - Reuters" is a title),
# and neither are words with an everyday sense ("Heated Pool", "See all images", "Staff picks"):
# those make a credit only in a credit's shape, which the credit scanner judges.
_CREDIT_WORDS = frozenset(
    [
        "photo",
        "photos",
        "photograph",
        "photographer",
        "credit",
        "credits",
        "courtesy",
        "getty",
        "shutterstock",
        "istock",
        "istockphoto",
        "alamy",
        "zuma",
        "handout",
        "supplied",
        "foto",
        "wireimage",
        "filmmagic",
        "nurphoto",
        "imago",
    ]
)


# "© Sapa - AFP", "Xinhua/Li Xin": a copyright sign or a slash between names; a year or "rights"
# makes it a copyright notice, "80/90" is not a credit.
_CREDIT_MARK = re.compile(r"©|[^\W\d_][ \t]?/[ \t]?[^\W\d_]")
_NOT_CREDIT = re.compile(r"\d|copyright|rights")
_DIGITS = re.compile(r"\d+")
_LINK = re.compile(r"https?://|www\.|@\w")


def _near(a: str, b: str, raw_a: str, raw_b: str, similarity: float) -> str | None:
    """``credit`` when one line is the other plus a credit, ``prefix`` when one is cut short,
    ``near`` when nearly equal, else None. ``a``/``b`` are normalised, ``raw_a``/``raw_b`` not."""
    if a == b:
        return "exact"
    (short, long_), raw_long = ((a, b), raw_b) if len(a) <= len(b) else ((b, a), raw_a)
    if len(short) < 0.6 * len(long_):
        return None
    appended = long_.startswith(short)
    if appended or long_.endswith(short):
        extra = long_[len(short) :] if appended else long_[: len(long_) - len(short)]
        words = extra.split()
        # The extra words, or the characters around them ("© Sapa - AFP", ".../Li Xin"), say "picture".
        marks = raw_long[-len(extra) - 3 :] if appended else raw_long[: len(extra) + 3]
        # A slash between names is a credit only where credits go, at the end ("Home / Blog / Title" is a path).
        # A lone "Photos:" before a title is a gallery link, and a link or a handle is no credit.
        mark = _CREDIT_MARK.search(marks)
        labelled = not _CREDIT_WORDS.isdisjoint(words) and (appended or len(words) > 1)
        if (
            0 < len(words) <= 10
            and not _LINK.search(raw_long)
            and (
                labelled
                or (
                    mark
                    and (appended or "©" in mark.group())
                    and not _NOT_CREDIT.search(extra)
                    and ("©" in mark.group() or _scanned_credit(raw_long, appended))
                )
            )
        ):
            return "credit"
        # A repeat cut short by "... more" or a figcaption limit is a prefix of the original.
        return "prefix"
    if _DIGITS.sub("", a) == _DIGITS.sub("", b):
        return None  # "Item 3 of the plan" and "Item 4 of the plan": a template, not a repeat
    return "near" if _fuzz().ratio(a, b, score_cutoff=similarity) else None


@functools.lru_cache(maxsize=1)
def _fuzz() -> Any:
    """rapidfuzz's ``fuzz``, imported by the first near-repeat comparison (~6-10 ms most runs never need)."""
    from rapidfuzz import fuzz

    return fuzz


def _scanned_credit(line: str, at_end: bool) -> bool:
    """Does the credit scanner find a credit at the end (or start) of ``line``?

    A slash in the extra words is a credit only in a credit's shape
    (``Reuters/Philippe Wojazer``, ``Xinhua/Li Xin``): a track
    title ``Trial/Prison``, a menu ``White Papers / Webcasts`` or a list field
    ``Speeches/meeting papers`` is not one.
    """
    credits = scan_credits(line)
    if at_end:
        return any(c.kind in ("end", "line") and not line[c.end :].strip(" \t)") for c in credits)
    return any(c.kind in ("start", "line") and not line[: c.start].strip() for c in credits)


def _key(words: list[str]) -> str:
    return " ".join(words).casefold().strip(_PUNCT)


def _find_repeats(
    doc: Document, credits: Mapping[int, Credit], min_words: int, similarity: float
) -> tuple[dict[int, Repeat], list[int], int]:
    """The repeats (by line), the significant line numbers in order, and the comparisons made.

    Exact repeats are found on the stripped text (one dict lookup per line);
    only lines that share their first or last words with an earlier line are
    normalised and compared with rapidfuzz.
    """
    exact: dict[str, int] = {}
    full: dict[int, str] = {}
    cores: dict[int, str] = {}
    normal: dict[int, str] = {}  # normalised cores, computed on demand
    buckets: dict[str, list[int]] = {}
    root: dict[int, int] = {}
    repeats: dict[int, Repeat] = {}
    significant = []
    comparisons = 0

    def normalised(number: int) -> str:
        if number not in normal:
            normal[number] = fold_punctuation(cores[number])
        return normal[number]

    # The (line before, line) pairs since the last significant line: whether one of them starts a
    # quotation is asked only when a repeat is found (a regular expression per line otherwise).
    previous = ""
    since: list[tuple[str, str]] = []
    for number, start, text in doc.lines:
        raw = text.strip()
        if raw:
            since.append((previous, raw))
            previous = raw
        if len(raw) < _MIN_CHARS:
            continue
        credit = credits.get(number)
        if credit is not None and credit.kind == "line":
            continue  # a bare credit line is NL302's business, not a caption
        core = raw
        if credit is not None:
            core = (text[: credit.start - start] + " " + text[credit.end - start :]).strip() or raw
        words = core.split()
        if len(words) < min_words and not is_uncased(core):  # CJK lines have no spaces
            continue
        significant.append(number)
        full[number], cores[number] = raw, core
        first = exact.get(raw, exact.get(core))
        how = "exact" if first is not None and full[first] == raw else "credit"
        if first is None:
            keys = ("p " + _key(words[:_KEY_WORDS]), "s " + _key(words[-_KEY_WORDS:]))
            compared: set[int] = set()
            for key in keys:
                bucket = buckets.setdefault(key, [])
                for candidate in bucket:
                    if first is None and candidate not in compared:
                        compared.add(candidate)
                        comparisons += 1
                        verdict = _near(normalised(candidate), normalised(number), cores[candidate], core, similarity)
                        if verdict:
                            first, how = candidate, verdict
                if len(bucket) < _BUCKET:
                    bucket.append(number)
        exact.setdefault(raw, number)
        exact.setdefault(core, number)
        if first is not None and any(quotes_earlier_text(before, line) for before, line in since):
            continue  # a reader quoting an earlier comment, a forum reply quoting a post: a quotation
        since.clear()
        if first is not None:
            origin = root.get(first, first)
            root[number] = origin
            repeats[number] = Repeat(number, origin, how)
    return repeats, significant, comparisons


def _credit_follows(doc: Document, number: int, credits: Mapping[int, Credit]) -> bool:
    """Is a bare credit line among the next few short lines after line ``number``?

    Credits follow their caption, sometimes after "less"/"... more" toggles;
    the search stops at the next real line (a headline after a credit is not
    a caption).
    """
    n, steps = number + 1, 0
    while n <= len(doc.lines) and steps < 3:
        text = doc.lines[n - 1].text.strip()
        if text:
            credit = credits.get(n)
            if credit is not None and credit.kind == "line":
                return True
            if len(text.split()) > 2:
                return False
            steps += 1
        n += 1
    return False


_GALLERY = 5  # credited captions in a document that make it a photo gallery
_NEXT_TO = 3  # a caption and its twin (alt, figcaption) have no line of more words between them


_TITLE_SEPARATOR = re.compile(r" [-–—|»:] |: | :: ")


def _is_page_title(doc: Document, repeat: Repeat) -> bool:
    """Is this the page's title ("Headline - Site Name", the first line) repeated as the headline?"""
    if any(line.text.strip() for line in doc.lines[: repeat.first - 1]):
        return False
    title = doc.lines[repeat.first - 1].text.strip()
    line = doc.lines[repeat.line - 1].text.strip()
    # "Headline - Site", "Site: Headline", "Headline | Section | Site": the headline is on one side of a separator.
    sides = {side.strip() for m in _TITLE_SEPARATOR.finditer(title) for side in (title[: m.start()], title[m.end() :])}
    return line in sides


def _is_caption(doc: Document, repeat: Repeat, credits: Mapping[int, Credit], copies: Mapping[int, int]) -> bool:
    if _is_page_title(doc, repeat) or repeat.how == "near":
        # Near-identical captions (each with its own credit, often) belong to different photos of
        # a gallery: nothing is shown twice.
        return False
    between = doc.lines[repeat.first : repeat.line - 1]
    if len(credits) >= _GALLERY and any(len(line.text.split()) > _NEXT_TO for line in between):
        # In a gallery, one caption text under two photos (two photographers) is two captions; a
        # caption shown twice (alt text and figcaption of one photo) sits next to itself.
        return False
    if repeat.how == "credit" or repeat.line in credits or repeat.first in credits:
        return True
    if copies[repeat.first] > 2:
        # A line present three times or more is a template (a signature, a post footer), not a caption.
        return False
    for number in (repeat.line, repeat.first):
        text = doc.lines[number - 1].text.strip()
        if len(text) > _CAPTION_MAX or text.startswith("By "):  # a paragraph, or a byline near a credit
            return False
        words = text.split()
        if len(words) < 8:
            continue
        # A credit line after a caption-like sentence (not a product name, a question or an
        # exclamation); fuzzy repeats of template lines ("Vote for X on the last page!") need more.
        if (
            repeat.how != "near"
            and text[-1] not in "?!"
            and lower_ratio(words) >= 0.3
            and _credit_follows(doc, number, credits)
        ):
            return True
        if _CAPTION_CUE.search(text):
            return True
    return False


def _blocks(significant: list[int], repeats: Mapping[int, Repeat]) -> list[Block]:
    """Group repeats into runs that repeat consecutive lines in the same order."""
    position = {number: p for p, number in enumerate(significant)}
    root = {r.line: r.first for r in repeats.values()}
    blocks: list[Block] = []
    lines: list[int] = []
    firsts: list[int] = []
    for number in significant:
        if lines:
            following = position[firsts[-1]] + 1
            if following < position[lines[0]]:
                expected = significant[following]
                if root.get(number, number) == root.get(expected, expected):
                    lines.append(number)
                    firsts.append(expected)
                    continue
            blocks.append(Block(tuple(lines), tuple(firsts)))
            lines, firsts = [], []
        if number in repeats:
            lines, firsts = [number], [repeats[number].first]
    if lines:
        blocks.append(Block(tuple(lines), tuple(firsts)))
    return blocks


def _block_is_repeat(
    doc: Document,
    block: Block,
    repeats: Mapping[int, Repeat],
    captions: set[int],
    copies: dict[int, int],
    significant: int,
    min_chars: int,
) -> bool:
    """Is this repeated block a duplicated text rather than repeated template lines?

    Either it holds enough prose (sentence-like lines ending in punctuation,
    captions and lines present three or more times -- interview questions,
    recipe steps -- excluded), or it is most of the document (a body twice,
    even a list, whose lines are present exactly twice).
    """
    if (
        len(block.lines) >= 5
        and len(block.lines) >= 0.4 * significant
        and sum(copies[repeats[n].first] == 2 for n in block.lines) >= 0.8 * len(block.lines)
        and sum(len(doc.lines[n - 1].text) for n in block.lines) >= _BODY_CHARS
    ):
        return True
    prose = 0
    for number in block.lines:
        if number in captions or copies[repeats[number].first] > 2:
            continue
        text = doc.lines[number - 1].text.strip()
        if (
            ends_sentence(text) or (len(text) >= _LONG_PARAGRAPH and _INNER_SENTENCE_END.search(text))
        ) and looks_like_prose(text):
            prose += len(text)
            if prose >= min_chars:
                return True
    return False


def _trim(block: Block, repeats: Mapping[int, Repeat], copies: dict[int, int]) -> Block:
    """Drop template lines (present three times or more) from both ends of a block."""
    lines, firsts = list(block.lines), list(block.firsts)
    while lines and copies[repeats[lines[0]].first] > 2:
        del lines[0], firsts[0]
    while lines and copies[repeats[lines[-1]].first] > 2:
        del lines[-1], firsts[-1]
    return Block(tuple(lines), tuple(firsts))


def analyse(doc: Document, *, min_words: int = 4, similarity: float = 90.0, min_chars: int = 80) -> Analysis:
    """Repeated lines, caption repeats (NL301) and repeated prose blocks (NL303) of ``doc``.

    Kept on the document (:data:`REPEATS`) per set of options: NL301, NL302
    and NL303 all need it, and it is computed once for the three.
    """
    return doc.analysis(REPEATS.bind((min_words, similarity, min_chars)))


def document_credits(doc: Document) -> tuple[Credit, ...]:
    """The photo credits of ``doc``, computed once per document."""
    return doc.analysis(CREDITS)


def _scan_credits(doc: Document) -> tuple[Credit, ...]:
    return scan_credits(doc.text)


def _analyse_with(doc: Document, options: tuple[int, float, int]) -> Analysis:
    min_words, similarity, min_chars = options
    return _analyse(doc, min_words, similarity, min_chars)


def _analyse(doc: Document, min_words: int, similarity: float, min_chars: int) -> Analysis:
    credits = {doc.position(credit.start)[0]: credit for credit in document_credits(doc)}
    repeats, significant, comparisons = _find_repeats(doc, credits, min_words, similarity)
    if not repeats:
        return Analysis(MappingProxyType(repeats), MappingProxyType(credits), comparisons=comparisons)
    copies: dict[int, int] = {}
    for repeat in repeats.values():
        copies[repeat.first] = copies.get(repeat.first, 1) + 1
    captions = {r.line for r in repeats.values() if _is_caption(doc, r, credits, copies)}
    blocks: list[Block] = []
    in_blocks: set[int] = set()
    for block in _blocks(significant, repeats):
        block = _trim(block, repeats, copies)
        if block.lines and _block_is_repeat(doc, block, repeats, captions, copies, len(significant), min_chars):
            blocks.append(block)
            in_blocks.update(block.lines)
    return Analysis(
        MappingProxyType(repeats),
        MappingProxyType(credits),
        captions=tuple(repeats[n] for n in sorted(captions - in_blocks)),
        blocks=tuple(blocks),
        comparisons=comparisons,
    )


# The NL3xx analyses, once per document: the photo credits, and the repeats per
# (min_words, similarity, min_chars) (rules with the same options share one).
CREDITS: DocumentAnalysis[tuple[Credit, ...]] = DocumentAnalysis("newslint.duplication.credits", _scan_credits)
REPEATS: AnalysisFamily[tuple[int, float, int], Analysis] = AnalysisFamily(
    "newslint.duplication.analysis", _analyse_with
)


def delete_lines(doc: Document, first: int, last: int) -> tuple[int, int]:
    """Offsets that remove lines ``first``..``last`` and the newline after them."""
    start = doc.lines[first - 1].start
    end_line = doc.lines[last - 1]
    end = end_line.start + len(end_line.text)
    return start, min(len(doc.text), end + 1)

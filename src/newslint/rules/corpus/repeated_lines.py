"""NL150: boilerplate learned from the corpus itself (lines repeated across a site).

Phrase lists never know every site's footer; repetition does. The same line
("Daily newsletterReceive essential international news every morning") under
hundreds of articles from one site is page chrome. CCNet deletes such lines
silently; this rule reports them, located and explained.

Repetition is counted in *distinct* documents: a syndicated article copied ten
times into one site repeats its sentences ten times without being chrome, so
a copy of an earlier document of the same site (the same lines, or most of the
same prose lines) is not counted at all. Short chrome needs little evidence
(three documents: corpora hold many sites with a handful of pages each); a line
that reads like prose needs more, because sites do repeat real sentences.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import NamedTuple

from pydantic import Field

from newslint import CorpusRule, DocRef, Document, Hit, RuleOptions, hookimpl
from newslint.packs.lines import is_empty_row, is_prose, shorten
from newslint.rule import Applicability, Remedy
from newslint.text.agencies import DATELINE_AGENCIES
from newslint.text.bylines import BYLINE_LABEL
from newslint.text.normalise import fold_spacing_and_digits
from newslint.text.sentences import ends_finished_sentence
from newslint.text.timestamps import MONTH_NAME, is_timestamp
from newslint.text.words import word_count

from .sketch import CountMinSketch, hash64

_MASK64 = (1 << 64) - 1
# Odd multipliers that salt a key with its source: one for lines, another for whole documents,
# so that a document key and a line key of the same source never meet on purpose in the sketch.
_LINE_SALT = 0x9E3779B97F4A7C15
_DOCUMENT_SALT = 0xC2B2AE3D27D4EB4F
# A line reads like prose (and needs min-prose-documents) from this many words, ending as a sentence.
_PROSE_WORDS = 10
# A document is a near copy of earlier ones of its source when at least this share of its
# prose (in characters: a sidebar's prose teasers, shared by every page of a site, weigh
# less than an article's paragraphs), in at least this many lines, was already counted there
# (a syndicated article re-published with another headline, a page scraped twice).
_COPY_SHARE = 0.8
_COPY_MIN_PROSE_LINES = 3
# Lines that legitimately recur in many articles of one site: they belong to
# the article (its provenance), not to the page around it. Anchored at the
# start and tried with ``match`` (one position per line, not every position).
_LEGITIMATE_LINE = re.compile(
    "|".join(
        (
            # Datelines: "WASHINGTON (Reuters) -", "PARIS, Nov 19 (AFP) —"
            rf"[A-Z][A-Za-z .'-]{{1,40}}(?:,[^()\n]{{0,40}})?\s*\((?:{DATELINE_AGENCIES})\)\s*[-—–:]?\s*$",
            # Bylines and reporting credits: "By Jane Doe", "Written By: Jane Doe", "Reporting by ...; Editing
            # by ...", and a byline's label on its own line ("Posted by", the name on the next line).
            rf"{BYLINE_LABEL}(?::?\s+\S|:?\s*$)",
            # An author's sign-off after the article: "– Jane Doe" (en or em dash: a hyphen is a list bullet).
            r"[–—]\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*$",
            # A news-service byline: "Knight Ridder/Tribune News Service", "McClatchy-Tribune News Service"
            r"[\w .&'/-]{0,60}\b(?:news service|wire service|newswire)\.?$",
            # A bare agency credit: "(Reuters)", "Associated Press", "— AFP"
            rf"[\s(—–-]*(?:{DATELINE_AGENCIES})[\s)]*\.?$",
        )
    ),
    re.IGNORECASE,
)
# "... contributed to this report" anywhere in the line; searched only in lines that have the word.
_CONTRIBUTED = re.compile(r"\b(?:contributed (?:to )?this report|contributed reporting)\b", re.IGNORECASE)


# A publication stamp inside a short line: "Published: July 23, 2012", "Posted on July 10th, 2012",
# "Orion Jones on November 8, 2012, 12:43 PM", "Monday, 11.05.2012 / 9:44 PM / News", "03:06 PM EDT".
# Digits are folded before counting, so every post's stamp is the same line to the counter.
_STAMP = re.compile(
    rf"(?i)\b(?:{MONTH_NAME} \d{{1,2}}(?:st|nd|rd|th)?\b|\d{{1,2}} {MONTH_NAME},? \d{{4}}\b"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\d{1,2}:\d\d ?(?:[ap]\.?m\b|(?-i:[A-Z]{2,4}\b)))"
)
# A line longer than this is not a stamp, even with a date in it (a teaser: "- New videos on eShop - November 1, ...").
_STAMP_WORDS = 12


# Items of a menu or a breadcrumb on one line: "Home | World", "News » Sport", "Terms • Privacy".
_MENU_SEPARATOR = re.compile(r"\s[|•·»/]\s|\\\|")
_NAME_WORDS = 4
_BARE_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# A byline's label alone on its line ("Posted by", "Author:"): the next line is the author's name.
_BYLINE_LABEL = re.compile(r"(?:(?:posted|written|published|article|story|post) )?by:?|author:?", re.IGNORECASE)


def _cell(text: str) -> str:
    """A line without the pipes of a table row around it ("| | Acknowledgements | |": a heading in a table)."""
    return text.strip(" \t|")


def _reads_like_prose(text: str) -> bool:
    return is_prose(_cell(text), _PROSE_WORDS)


def _neighbour(doc: Document, number: int, step: int) -> str:
    """The nearest non-blank line before (step -1) or after (step 1) line ``number``, or ''."""
    index = number - 1 + step
    while 0 <= index < len(doc.lines):
        text = _cell(doc.lines[index].text)
        if text:
            return text
        index += step
    return ""


def _is_name(text: str) -> bool:
    """Short enough to be a person's name (or "Name Reply:"), and no line of links."""
    return len(text.split()) <= _NAME_WORDS and _MENU_SEPARATOR.search(_cell(text)) is None


def _is_stamp_or_link(text: str) -> bool:
    """What follows an author's name in a post's or a comment's header: its date, or the author's homepage."""
    return bool(text) and (is_timestamp(text) or _BARE_LINK.fullmatch(text) is not None or _is_stamp(text))


def _is_stamp(text: str) -> bool:
    return len(text.split()) <= _STAMP_WORDS and _STAMP.search(text) is not None


def _heads_prose(doc: Document, number: int, text: str) -> bool:
    """A heading right above a paragraph of prose; a line of links ("Home | World | Sport") is no heading."""
    return _MENU_SEPARATOR.search(_cell(text)) is None and _reads_like_prose(_neighbour(doc, number, 1))


def _legitimate(text: str) -> bool:
    if _LEGITIMATE_LINE.match(text):
        return True
    if text.endswith(","):
        return True  # a letter's or a comment's salutation or valediction ("Hi Tim,", "Best,"), not chrome
    if _is_stamp(text):
        return True
    # No character but C, O, N, T, R matches "contr" under IGNORECASE (unlike "i": "İ", or "s": "ſ"),
    # so a line without it lowercased cannot match.
    return "contr" in text.lower() and _CONTRIBUTED.search(text) is not None


class RepeatedLineOptions(RuleOptions):
    min_documents: int = Field(
        3, ge=2, description="a short (non-prose) line must occur in at least this many distinct documents of a source"
    )
    min_prose_documents: int = Field(
        6, ge=2, description="a line that reads like prose (a finished sentence of 10+ words) needs this many"
    )
    min_share: float = Field(0.2, gt=0, le=1, description="... and in at least this share of the source's documents")
    min_length: int = Field(3, ge=1, description="shorter lines (after normalisation) are not counted")
    sketch_width: int = Field(
        1 << 21, ge=1 << 10, description="counters per sketch row (power of two); memory = 16 x width bytes"
    )


class LineObservation(NamedTuple):
    """Pass-1 observation of one document: its identity and the hashes of its distinct countable lines."""

    document: int  # a hash of all its countable lines in order: equal for exact copies
    lines: array  # lines that do not read like prose (8 bytes each: a shard's observations travel)
    prose: array  # lines that read like prose: what tells a copy of an article
    prose_lengths: array  # their lengths in characters: a sidebar's teasers weigh less than the article's paragraphs


@dataclass
class LineCounts:
    """Pass-1 state: a fixed-size sketch of (source, line) distinct-document counts and per-source totals.

    The same sketch remembers which documents each source already holds (a key per
    document), so that exact copies are recognised in fixed memory too.
    """

    sketch: CountMinSketch
    documents: dict[str, int] = field(default_factory=dict)
    source_hashes: dict[str, int] = field(default_factory=dict)

    def source_hash(self, source: str) -> int:
        source_hash = self.source_hashes.get(source)
        if source_hash is None:
            source_hash = self.source_hashes[source] = hash64(source)
        return source_hash

    def key(self, source: str, line_hash: int) -> int:
        return (line_hash ^ (self.source_hash(source) * _LINE_SALT)) & _MASK64


class RepeatedBoilerplateLine(CorpusRule[RepeatedLineOptions, LineObservation, LineCounts, LineCounts]):
    """A line that recurs in many distinct documents from the same site: leftover page chrome.

    Why is this bad?
        Text repeated verbatim under a large share of one site's articles is
        almost never article text: it is a footer, a newsletter box, a "related
        stories" block, a subscription prompt. Phrase lists cannot know every
        site's chrome, but repetition gives it away. Left in a corpus it
        teaches a model the boilerplate and skews near-duplicate statistics.

        Documents are counted, not copies: a document that is an exact copy of
        an earlier one of its site (the same lines, up to spacing and digits),
        or a near copy (at least 80% of its prose, by length, in 3 lines or more,
        already counted on the site: a syndicated article with another headline), adds
        nothing to the counts, so an article copied ten times does not make its
        sentences boilerplate.

        Lines that legitimately recur are not reported: datelines
        ("WASHINGTON (Reuters) -"), bylines and reporting credits ("By Jane
        Doe", "Post written by Jane Doe", "Reporting by ...; Editing by ...",
        "Knight Ridder/Tribune News Service"), bare agency credits ("The
        Canadian Press"), an author's sign-off ("– Jane Doe") or name (under a
        byline's label, "Posted by" / "Becky |"; over a date or a homepage, as
        a comment's header: "abigail" / "www.abigail.example.com", and that
        homepage), lines that are
        only a date (pages of one day share it), salutations and valedictions
        of letters and comments ("Hi Tim,", "Best,"), and short lines carrying a
        publication stamp ("Published: July 23, 2012", "Posted by Jane Doe at
        2:12 PM": digits are ignored when counting, so every post's stamp
        looks the same).
        A line another NL1xx/NL2xx rule already reports is not reported again.

    Example:
        The same line in 214 of 230 distinct documents from ``example.com``::

            Daily newsletterReceive essential international news every morning

        A site with three pages in the corpus, each ending with::

            Terms of use | Privacy policy

    Use instead:
        Remove the line when extracting (for instance with a site-specific
        rule, or a CCNet-style line deduplication pass).

    Options:
        ``min-documents`` (default 3): a short line (not prose) must occur in at
        least this many distinct documents of a source.
        ``min-prose-documents`` (default 6): a line that reads like prose (a
        finished sentence of 10 words or more), or a heading right above such
        a line (a site's article template: "What's the Big Idea?"),
        must occur in at least this many;
        sites repeat real sentences (a standing disclaimer, a quote reused by
        two stories) more often than they repeat a menu by chance.
        ``min-share`` (default 0.2): and in at least this share of the source's
        distinct documents. ``min-length`` (default 3): shorter lines are ignored.
        ``sketch-width`` (default 2**21): counters per row of the count-min
        sketch; the sketch takes ``16 x width`` bytes (32 MiB by default)
        whatever the corpus size. Counts are estimates that can only err
        upwards; with conservative update and a width well above the number of
        distinct lines, they are exact in practice. (The same sketch recognises
        copies; a collision there can only make a document look like a copy,
        which gives fewer findings, never a false one.)

        A document's source is its URL host, else the folder (single-document
        files) or the file (JSONL and other containers) it came from.
    """

    code = "NL150"
    name = "repeated-boilerplate-line"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.SAFE
    Options = RepeatedLineOptions
    defers_to = ("NL1", "NL2")

    def _candidate_lines(self, doc: Document) -> Iterable[tuple[int, str, int]]:
        """(line number, stripped text, hash) of every line long enough to count."""
        min_length = self.options.min_length
        for line in doc.lines:
            text = line.text.strip()
            if len(text) < min_length:
                continue
            normalised = fold_spacing_and_digits(text)
            # An empty table row ("|  |  |") is layout, not a line of text to report.
            if len(normalised) >= min_length and not is_empty_row(text):
                yield line.number, text, hash64(normalised)

    def observe(self, doc: Document) -> LineObservation:
        seen: set[int] = set()
        lines, prose, prose_lengths = array("Q"), array("Q"), array("I")
        # Article metadata (bylines, stamps) is counted too: it is only exempted when reporting (pass 2),
        # which tries those patterns on the few lines counted often enough, not on every line.
        for _, text, h in self._candidate_lines(doc):
            if h not in seen:
                seen.add(h)
                # is_prose, with str.split first: C-fast, and it never counts more words than word_count.
                if ends_finished_sentence(text) and (
                    len(text.split()) >= _PROSE_WORDS or word_count(text) >= _PROSE_WORDS
                ):
                    prose.append(h)
                    prose_lengths.append(len(text))
                else:
                    lines.append(h)
        identity = blake2b(lines.tobytes(), digest_size=8)
        identity.update(prose.tobytes())
        return LineObservation(int.from_bytes(identity.digest(), "little"), lines, prose, prose_lengths)

    def new_state(self) -> LineCounts:
        return LineCounts(CountMinSketch(self.options.sketch_width))

    def absorb(self, state: LineCounts, observation: LineObservation, ref: DocRef, source: str) -> None:
        # This runs in the parent, serially, for every line of the corpus: keys are salted inline
        # (as state.key(source, h)) and the sketch is touched in bulk.
        source_hash = state.source_hash(source)
        salt = source_hash * _LINE_SALT
        sketch = state.sketch
        document_key = (observation.document ^ (source_hash * _DOCUMENT_SALT)) & _MASK64
        prose = [(line_hash ^ salt) & _MASK64 for line_hash in observation.prose]
        if sketch.count_present((document_key,)) or (
            len(prose) >= _COPY_MIN_PROSE_LINES
            and sketch.count_present(prose, observation.prose_lengths) >= _COPY_SHARE * sum(observation.prose_lengths)
        ):
            return  # a copy was counted once already, as the document it copies
        state.documents[source] = state.documents.get(source, 0) + 1
        sketch.add_all([document_key, *prose, *[(line_hash ^ salt) & _MASK64 for line_hash in observation.lines]])

    def check_corpus(self, doc: Document, summary: LineCounts, source: str) -> Iterable[Hit]:
        total = summary.documents.get(source, 0)
        floor = math.ceil(self.options.min_share * total)
        threshold = max(self.options.min_documents, floor)
        if total < threshold:
            return
        prose_threshold = max(self.options.min_prose_documents, floor)
        # The legitimate-line patterns run only on lines counted often enough (a few per
        # document, not all): a line below the threshold is never reported, nor is a later
        # line with its hash, so whether it was "seen" does not matter.
        seen: set[int] = set()
        for number, text, line_hash in self._candidate_lines(doc):
            if line_hash in seen:
                continue
            count = min(summary.sketch.estimate(summary.key(source, line_hash)), total)
            if count < threshold:
                continue
            # Prose, and a heading that opens a paragraph of prose ("Acknowledgements", "What's the Big
            # Idea?": a site's article template), are the article's until more documents say otherwise.
            if count < prose_threshold and (_reads_like_prose(text) or _heads_prose(doc, number, text)):
                continue
            if _is_name(text) and (
                _BYLINE_LABEL.fullmatch(_neighbour(doc, number, -1)) or _is_stamp_or_link(_neighbour(doc, number, 1))
            ):
                continue  # an author's name: under a byline's label ("Posted by" / "Becky |"), over a stamp or a homepage
            if _BARE_LINK.fullmatch(text) and _is_name(_neighbour(doc, number, -1)):
                continue  # and the homepage under it (a comment's header: "abigail" / "www.abigail.example.com")
            if not _legitimate(text) and not is_timestamp(text):
                seen.add(line_hash)
                yield Hit.on_line(
                    doc,
                    number,
                    f"Line '{shorten(doc.lines[number - 1].text, 80)}' appears in {count} of {total} distinct "
                    f"documents from {source}: likely site boilerplate",
                )


@hookimpl
def newslint_rules():
    return [RepeatedBoilerplateLine]

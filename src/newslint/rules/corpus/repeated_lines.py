"""NL150: boilerplate learned from the corpus itself (lines repeated across a site).

Phrase lists never know every site's footer; repetition does. The same line
("Daily newsletterReceive essential international news every morning") under
hundreds of articles from one site is page chrome. CCNet deletes such lines
silently; this rule reports them, located and explained.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import Field

from newslint import CorpusRule, DocRef, Document, Hit, RuleOptions, hookimpl
from newslint.packs.lines import shorten
from newslint.rule import Applicability, Remedy
from newslint.text.agencies import DATELINE_AGENCIES
from newslint.text.normalise import fold_spacing_and_digits
from newslint.text.timestamps import is_timestamp

from .sketch import CountMinSketch, hash64

_MASK64 = (1 << 64) - 1
# Lines that legitimately recur in many articles of one site: they belong to
# the article (its provenance), not to the page around it. Anchored at the
# start and tried with ``match`` (one position per line, not every position).
_LEGITIMATE_LINE = re.compile(
    "|".join(
        (
            # Datelines: "WASHINGTON (Reuters) -", "PARIS, Nov 19 (AFP) —"
            rf"[A-Z][A-Za-z .'-]{{1,40}}(?:,[^()\n]{{0,40}})?\s*\((?:{DATELINE_AGENCIES})\)\s*[-—–:]?\s*$",
            # Bylines and reporting credits: "By Jane Doe", "Reporting by ...; Editing by ..."
            r"(?:(?:post|article|story|column) )?(?:by|written by|words by|(?:additional )?reporting by|editing by"
            r"|compiled by)\s+\S",
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


def _legitimate(text: str) -> bool:
    if _LEGITIMATE_LINE.match(text):
        return True
    # No character but C, O, N, T, R matches "contr" under IGNORECASE (unlike "i": "İ", or "s": "ſ"),
    # so a line without it lowercased cannot match.
    return "contr" in text.lower() and _CONTRIBUTED.search(text) is not None


class RepeatedLineOptions(RuleOptions):
    min_documents: int = Field(5, ge=2, description="a line must occur in at least this many documents of a source")
    min_share: float = Field(0.2, gt=0, le=1, description="... and in at least this share of the source's documents")
    min_length: int = Field(3, ge=1, description="shorter lines (after normalisation) are not counted")
    sketch_width: int = Field(
        1 << 21, ge=1 << 10, description="counters per sketch row (power of two); memory = 16 x width bytes"
    )


@dataclass
class LineCounts:
    """Pass-1 state: a fixed-size sketch of (source, line) document counts and per-source totals."""

    sketch: CountMinSketch
    documents: dict[str, int] = field(default_factory=dict)
    source_hashes: dict[str, int] = field(default_factory=dict)

    def key(self, source: str, line_hash: int) -> int:
        source_hash = self.source_hashes.get(source)
        if source_hash is None:
            source_hash = self.source_hashes[source] = hash64(source)
        return (line_hash ^ (source_hash * 0x9E3779B97F4A7C15)) & _MASK64


class RepeatedBoilerplateLine(CorpusRule[RepeatedLineOptions, array, LineCounts, LineCounts]):
    """A line that recurs in many documents from the same site: leftover page chrome.

    Why is this bad?
        Text repeated verbatim under a large share of one site's articles is
        almost never article text: it is a footer, a newsletter box, a "related
        stories" block, a subscription prompt. Phrase lists cannot know every
        site's chrome, but repetition gives it away. Left in a corpus it
        teaches a model the boilerplate and skews near-duplicate statistics.

        Lines that legitimately recur are not reported: datelines
        ("WASHINGTON (Reuters) -"), bylines and reporting credits ("By Jane
        Doe", "Post written by Jane Doe", "Reporting by ...; Editing by ...",
        "Knight Ridder/Tribune News Service"), bare agency credits, and lines
        that are only a date (pages of one day share it).
        A line another NL1xx/NL2xx rule already reports is not reported again.

    Example:
        The same line in 214 of 230 documents from ``example.com``::

            Daily newsletterReceive essential international news every morning

    Use instead:
        Remove the line when extracting (for instance with a site-specific
        rule, or a CCNet-style line deduplication pass).

    Options:
        ``min-documents`` (default 5): a line must occur in at least this many
        documents of a source. ``min-share`` (default 0.2): and in at least this
        share of them. ``min-length`` (default 3): shorter lines are ignored.
        ``sketch-width`` (default 2**21): counters per row of the count-min
        sketch; the sketch takes ``16 x width`` bytes (32 MiB by default)
        whatever the corpus size. Counts are estimates that can only err
        upwards; with conservative update and a width well above the number of
        distinct lines, they are exact in practice.

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
            if len(normalised) >= min_length:
                yield line.number, text, hash64(normalised)

    def _line_hashes(self, doc: Document) -> Iterable[tuple[int, int]]:
        """(line number, hash) for each distinct countable line, first occurrence only."""
        seen: set[int] = set()
        for number, text, h in self._candidate_lines(doc):
            if h not in seen and not _legitimate(text) and not is_timestamp(text):
                seen.add(h)
                yield number, h

    def observe(self, doc: Document) -> array:
        # 8 bytes per line (a list of Python ints would take 40): observations
        # of a whole shard travel from a worker to the main process.
        return array("Q", [h for _, h in self._line_hashes(doc)])

    def new_state(self) -> LineCounts:
        return LineCounts(CountMinSketch(self.options.sketch_width))

    def absorb(self, state: LineCounts, observation: array, ref: DocRef, source: str) -> None:
        state.documents[source] = state.documents.get(source, 0) + 1
        source_hash = state.source_hashes.get(source)
        if source_hash is None:
            source_hash = state.source_hashes[source] = hash64(source)
        # As state.key(source, h) for each h; this runs in the parent, serially, for every line of the corpus.
        salt = source_hash * 0x9E3779B97F4A7C15
        state.sketch.add_all([(line_hash ^ salt) & _MASK64 for line_hash in observation])

    def check_corpus(self, doc: Document, summary: LineCounts, source: str) -> Iterable[Hit]:
        total = summary.documents.get(source, 0)
        threshold = max(self.options.min_documents, math.ceil(self.options.min_share * total))
        if total < threshold:
            return
        # As _line_hashes, but the legitimate-line patterns run only on lines counted often
        # enough (a few per document, not all): a line below the threshold is never reported,
        # nor is a later line with its hash, so whether it was "seen" does not matter.
        seen: set[int] = set()
        for number, text, line_hash in self._candidate_lines(doc):
            if line_hash in seen:
                continue
            count = min(summary.sketch.estimate(summary.key(source, line_hash)), total)
            if count >= threshold and not _legitimate(text) and not is_timestamp(text):
                seen.add(line_hash)
                yield Hit.on_line(
                    doc,
                    number,
                    f"Line '{shorten(doc.lines[number - 1].text, 80)}' appears in {count} of {total} documents "
                    f"from {source}: likely site boilerplate",
                )


@hookimpl
def newslint_rules():
    return [RepeatedBoilerplateLine]

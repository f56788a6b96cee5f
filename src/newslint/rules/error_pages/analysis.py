"""The per-document analysis of the NL2xx rules: error lines and the article prose around them."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from newslint import AnalysisFamily, Document
from newslint.packs import PackMatch, PackSet, Scanner
from newslint.packs.lines import LEAD_IN_WORDS, is_prose
from newslint.text.quotes import inside_quotes
from newslint.text.words import word_count

# Below this many words of article prose (finished sentences of 8+ words, not
# error text, not page chrome), a document with error text is an error page.
MIN_ARTICLE_WORDS = 30
# A page that *opens* with the shape of an error page (a title or status line
# and an error sentence, before any prose) is an error page unless the prose
# after it reaches an article's length: below this, that prose is the site's
# chrome around the message (a footer about the site, help text, a teaser).
MAX_CHROME_WORDS = 150


@dataclass(frozen=True)
class ErrorAnalysis:
    """The error lines of a document and what article prose surrounds them."""

    hits: tuple[PackMatch, ...]
    prose_words: int
    first_prose: int | None
    last_prose: int | None
    # The error text opens the document as an error page does: a title or
    # status line and an error sentence, both before the first prose line.
    opens_as_error_page: bool = False

    @property
    def is_error_document(self) -> bool:
        if not self.hits:
            return False
        limit = MAX_CHROME_WORDS if self.opens_as_error_page else MIN_ARTICLE_WORDS
        return self.prose_words < limit

    def where(self, number: int) -> str:
        """Where an error line sits relative to the article's prose."""
        if self.first_prose is None or self.last_prose is None:
            return ""
        if number > self.last_prose:
            return " after the article"
        if number < self.first_prose:
            return " before the article"
        return " inside the article"


class ErrorScanner:
    """The compiled NL2xx and NL1xx phrase scanners of a PackSet."""

    def __init__(self, packs: PackSet) -> None:
        self.packs = packs
        self.errors = packs.scanner(("NL2",), ("finding",))
        self.chrome = packs.scanner(("NL1",), ("finding",))

    def __reduce__(self) -> tuple[Any, ...]:
        return error_scanner, (self.packs,)

    @staticmethod
    def error_lines(scanner: Scanner, doc: Document) -> tuple[PackMatch, ...]:
        """Matches of ``scanner`` that are not quotations of an error message."""
        out = []
        for match in scanner.scan(doc, word_count):
            if match.pack.match != "line" and inside_quotes(match.line.text, match.start):
                continue
            if introduced_as_quotation(doc, match.line.number):
                continue
            out.append(match)
        # A one-word title ("Forbidden", "Unauthorized") is also the title of a book or a film: alone it
        # does not make a page an error page; with a status line or an error sentence it does.
        if out and all(word_count(m.line.text) <= 1 for m in out) and len({m.line.number for m in out}) < 2:
            return ()
        return tuple(out)

    def analyse(self, doc: Document) -> ErrorAnalysis:
        """The analysis, computed: rules ask for it through :data:`ERROR_PAGE`, which shares it per document."""
        hits = self.error_lines(self.errors, doc)
        if not hits:
            return ErrorAnalysis((), 0, None, None)
        excluded = {m.line.number for m in hits}
        excluded |= {m.line.number for m in self.chrome.scan(doc, word_count)}
        prose = [line for line in doc.lines if line.number not in excluded and is_prose(line.text)]
        words = sum(word_count(line.text) for line in prose)
        first = prose[0].number if prose else None
        last = prose[-1].number if prose else None
        return ErrorAnalysis(hits, words, first, last, opens_as_error_page(hits, first))


def introduced_as_quotation(doc: Document, number: int) -> bool:
    """The line is shown by a sentence before it ("I tried to save and got this message:"): reported, not failed."""
    for line in reversed(doc.lines[: number - 1]):
        text = line.text.strip()
        if text:
            return text.endswith((":", "：")) and word_count(text) >= LEAD_IN_WORDS
    return False


def opens_as_error_page(hits: tuple[PackMatch, ...], first_prose: int | None) -> bool:
    """A title or status line (a whole line of 2+ words) and an error sentence, both before any prose."""
    early = [m for m in hits if first_prose is None or m.line.number < first_prose]
    title = any(m.pack.match == "line" and word_count(m.line.text) >= 2 for m in early)
    sentence = any(m.pack.match != "line" for m in early)
    return title and sentence


@functools.lru_cache(maxsize=16)
def error_scanner(packs: PackSet) -> ErrorScanner:
    return ErrorScanner(packs)


def _error_page(doc: Document, scanner: ErrorScanner) -> ErrorAnalysis:
    return scanner.analyse(doc)


# The error-page analysis, once per document and ErrorScanner (one per PackSet): NL201 and every
# NL202-NL206 rule with a line of its own ask whether the document is an error page.
ERROR_PAGE: AnalysisFamily[ErrorScanner, ErrorAnalysis] = AnalysisFamily("newslint.error-pages.analysis", _error_page)

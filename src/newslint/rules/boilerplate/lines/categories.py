"""Which kind of chrome a high-scoring line is: one code per line, decided once per document.

The classifier says *that* a line is boilerplate; its shape says *which*: table cells and page
numbers (NL111), a comment widget's words (NL114), a run of headline-shaped lines (a related-story
list, NL113), a short label (a section header or widget, NL112), anything longer (NL116). Markup
and placeholder debris (NL115) is found by its patterns alone. Shapes are cheap and come first:
a rule asks the classifier for scores only when the document has a line of its shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newslint import Analysis, Document
from newslint.packs.lines import table_cells

from .features import SHORT_WORDS, content_lines, ends_sentence

TABLE, HEADER, RELATED, COMMENT, DEBRIS, OTHER = "table", "header", "related", "comment", "debris", "other"
# Not a line's shape but a document's: any line of a text that reads as a whole page (NL117).
PAGE = "page"
# A row of a data table (figures, a directory of names and addresses): content, which no rule reports.
DATA = "data"
# A label is at most this many words; a related-story list is this many headline lines in a row.
HEADER_WORDS = 6
LIST_RUN = 3
HEADLINE_WORDS = (5, 16)

_WORD = re.compile(r"\w+")
_PAGE_WORDS = frozenset(["next", "prev", "previous", "older", "newer", "first", "last", "page"])
PAGINATION_ITEMS = 3
# A table row of chrome (a footer's links, a ticker) stays under this many words.
TABLE_ROW_WORDS = 60
PAGINATION_CHARS = 80
# Comment chrome is short ("Posted by jon at 11:08 PM : Comments (2)"); a long line is a comment or prose.
COMMENT_WORDS = 25
_COMMENT = re.compile(
    r"(?i)\b(?:repl(?:y|ies)|replydelete|comments?|posted by|permalink|report (?:post|abuse)|rate this|"
    r"trackbacks?|will not be published|log ?in to|sign in to|says:|wrote:)|\((?:score:|required\))"
)
# HTML elements whose tags are found stray in extracted text; a name is required, so that a title set
# in angle brackets, as Korean and Japanese English-language papers write them ("<The Palace>"), is
# not markup.
_TAGS = (
    "a|abbr|area|article|aside|b|big|blockquote|body|br|button|center|code|dd|div|dl|dt|em|embed|font|"
    "footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|label|li|link|map|meta|nav|noscript|"
    "object|ol|option|p|param|pre|s|script|section|select|small|span|strong|style|sub|sup|table|tbody|"
    "td|textarea|tfoot|th|thead|title|tr|tt|u|ul"
)
# One pass per line: the group that matched names the debris.
_DEBRIS = re.compile(
    r"(?P<lorem>(?i:\blorem ipsum\b))"
    rf"|(?P<markup>^\s*(?:</?(?i:{_TAGS})(?=[\s/>])(?:\s[^<>]*=[^<>]*)?\s*/?>\s*)+$)"
    r"|(?P<entity>&(?:nbsp|amp|quot|apos|lt|gt|rsquo|lsquo|rdquo|ldquo|mdash|ndash|#\d{2,5}|#x[0-9a-fA-F]{2,4});)"
    # Two braces (three: mustache's unescaped form), no more: "{{{{ Michelle }}}}" is a reader's hug.
    r"|(?P<template>(?<!\{)\{\{\{?\s*[\w.$-]+\s*\}\}\}?(?!\})|\$\{[\w.]+\}|\{%[^%]*%\}|\[%[^%]*%\]|%%[A-Z_]+%%)"
)
_DEBRIS_NAMES = {
    "lorem": "lorem ipsum placeholder",
    "markup": "stray markup",
    "entity": "undecoded HTML entity",
    "template": "template variable",
}

# A caption that introduces a code listing: the markup under it is the article's example, not debris.
_LISTING_CAPTION = re.compile(
    r"(?i)^(?:listing|example|code|snippet|source)\b[^:]{0,30}:|\.(?:php|html?|xml|jsx?|css|py|rb)\s*:?\s*$"
    r"|\b(?:code|markup|html|snippet)(?: below| looks like this| is as follows)?\s*:\s*$"
)
# Lines of code inside a listing (not prose): statements, braces, PHP or comment tags.
_CODE = re.compile(r"[;{}]\s*$|^\s*[{}]|<\?|\?>|<!--|-->|^\s*(?://|#|/\*|\*)|^\s*\$\w+")


def code_listing_lines(doc: Document) -> set[int]:
    """The lines of code listings the article introduced ("Listing 1: form.php" and the code under it).

    A listing runs from its caption through code, markup and blank lines, and ends at the first
    line of prose. One pass; asked only of texts that hold debris at all.
    """
    out: set[int] = set()
    listing = False
    for line in doc.lines:
        text = line.text.strip()
        if _LISTING_CAPTION.search(text):
            listing = True
        elif text and not _CODE.search(text) and debris(text) is None:
            listing = False  # prose again: the listing has ended
        elif listing:
            out.add(line.number)
    return out


@dataclass(frozen=True, slots=True)
class Category:
    kind: str
    detail: str = ""


def debris(text: str) -> str | None:
    """What markup or placeholder debris the line holds, if any."""
    if not ("&" in text or "<" in text or "{" in text or "%" in text or "orem" in text or "OREM" in text):
        return None  # the characters every pattern needs: most lines skip the regular expression
    match = _DEBRIS.search(text)
    return _DEBRIS_NAMES[match.lastgroup] if match is not None and match.lastgroup else None


# A line of three or more short tokens or paging words and nothing else: every line _pagination accepts
# matches it (a superset, matched on the casefolded text), so a text without one has no page numbers.
_MAYBE_PAGINATION = re.compile(
    r"(?m)^(?:[^\w\n]|_)*(?:(?:[^\W_]{1,3}(?![^\W_])|"
    + "|".join(sorted(_PAGE_WORDS, key=len, reverse=True))
    + r")(?:[^\w\n]|_)*){3,}$"
)


def may_have_table_lines(doc: Document) -> bool:
    """Could any line of the text be a table row or page numbers? (No: NL111 need not categorise its lines.)"""
    return "|" in doc.text or _MAYBE_PAGINATION.search(doc.text.casefold()) is not None


def _pagination(text: str) -> bool:
    """Page numbers: three or more items, each a number of up to three digits or a paging word."""
    items = _WORD.findall(text.casefold())
    return len(items) >= PAGINATION_ITEMS and all((i.isdigit() and len(i) <= 3) or i in _PAGE_WORDS for i in items)


# A number with a fraction or a percent sign: a measurement.
_MEASURE = re.compile(r"\d[.,]\d|\d\s?%")
# A figure on its own: an optional sign or currency, digits, then a fraction, a percent sign or a short unit.
_FIGURE = re.compile(r"^[-+±~]?[$€£¥]?\d[\d,]*(?:\.\d+)?\s?(?:%|[a-zµ°]{1,3}\b\.?)?$", re.IGNORECASE)
_ADDRESS = re.compile(
    r"^(?:(?:https?://|www\.)\S+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|co\.uk|org\.uk|gov\.uk|be|de|fr|eu)\S*)$",
    re.IGNORECASE,
)


def is_data_row(text: str) -> bool:
    """A row of a data table: every cell a measured figure ("| | 21% |", "2.0% / 490"), or a name beside web addresses.

    Chrome tables hold links and labels; a table of figures is the article's data, and a table that
    spells out its sites' addresses next to their names ("| Valpak | www.valpak.co.uk |") is a
    directory the reader is meant to read.
    """
    if "." not in text and "%" not in text and "," not in text:
        return False  # a measure and an address hold one of them: most lines stop here
    if "|" in text:
        cells = table_cells(text)
    else:
        # Outside a table, a row of figures needs two of them, set apart by slashes or spaces
        # ("2.0% / 490", "15 6.3 -24.9"): a lone price ("£5,349.00" in a for-sale box) is a widget's.
        cells = [c.strip() for c in text.split("/") if c.strip()] if "/" in text else text.split()
        if len(cells) < 2:
            return False
    if not cells:
        return False
    if all(_FIGURE.match(c) for c in cells):
        return any(_MEASURE.search(c) for c in cells)
    if len(cells) == 2 and not _ADDRESS.match(cells[0]):
        return all(_ADDRESS.match(part) for part in cells[1].split()) and not any(
            _ADDRESS.match(w) for w in cells[0].split()
        )
    return False


def _shape_kind(text: str, words: int) -> str:
    """The category a line's own shape gives it (a related-story run is decided after)."""
    if is_data_row(text):
        return DATA
    if words > TABLE_ROW_WORDS:
        return OTHER  # hundreds of words in one cell: the article's text set in a layout table, no row of chrome
    if text.count("|") >= 2 or (len(text) <= PAGINATION_CHARS and _pagination(text)):
        return TABLE
    if words <= COMMENT_WORDS and _COMMENT.search(text):
        return COMMENT
    return HEADER if words <= HEADER_WORDS else OTHER


_SEPARATOR_ROW = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")


def _data_table_headings(doc: Document, kinds: dict[int, str]) -> None:
    """The heading row over a markdown table of data ("| BVR Combat Rating |" / "|---|" / "| | 91% |") is data too."""
    lines = doc.lines
    for n in [n for n, kind in kinds.items() if kind == TABLE]:
        if n + 1 < len(lines) and _SEPARATOR_ROW.match(lines[n].text) and kinds.get(n + 2) == DATA:
            kinds[n] = DATA


def _categorise(doc: Document) -> dict[int, Category]:
    out: dict[int, Category] = {}
    for line in doc.lines:
        what = debris(line.text)
        if what is not None:
            out[line.number] = Category(DEBRIS, what)
    if out:
        for number in code_listing_lines(doc):
            out.pop(number, None)
    numbers = content_lines(doc)
    words = {n: len(doc.lines[n - 1].text.split()) for n in numbers}
    kinds = {n: _shape_kind(doc.lines[n - 1].text, words[n]) for n in numbers if n not in out}
    _data_table_headings(doc, kinds)
    # Runs of consecutive content lines, headline-shaped (a few words, no sentence end), that no other
    # shape claims: a related-story list (whether it is reported is the classifier's score's to say).
    low, high = HEADLINE_WORDS
    run: list[int] = []
    for n in [*numbers, 0]:
        text = doc.lines[n - 1].text if n else ""
        if kinds.get(n) in (HEADER, OTHER) and low <= words[n] <= high and not ends_sentence(text.strip()):
            run.append(n)
            continue
        if len(run) >= LIST_RUN:
            kinds.update(dict.fromkeys(run, RELATED))
        run = []
    for n, kind in kinds.items():
        out[n] = Category(kind, "in a list of headline-like lines" if kind == RELATED else "")
    return out


# Shared by the line-shape rules (NL111-NL117), once per document.
CATEGORIES: Analysis[dict[int, Category]] = Analysis("newslint.boilerplate.line-categories", _categorise)


def categories(doc: Document) -> dict[int, Category]:
    """Line number -> its category by shape, for every content line; cheap: no classifier score."""
    return doc.analysis(CATEGORIES)


# A text that is a whole page's visible text rather than an extracted article: many content lines, a
# large share of them short (menus, widgets, link lists, bylines). On the tune half of the real-page
# benchmark, 92% of the news/blog pages' visible texts have this shape and 4% of trafilatura's texts
# of the same pages (the general-web pages: 47% and 11%).
PAGE_LINES = 20
PAGE_SHORT_SHARE = 0.4


@dataclass(frozen=True, slots=True)
class PageShape:
    content_lines: int
    short_lines: int  # content lines of at most SHORT_WORDS words

    @property
    def reads_as_page(self) -> bool:
        return self.content_lines >= PAGE_LINES and self.short_lines >= PAGE_SHORT_SHARE * self.content_lines


def _page_shape(doc: Document) -> PageShape:
    if len(doc.lines) < PAGE_LINES:
        return PageShape(0, 0)  # most extracted articles: no line is looked at
    numbers = content_lines(doc)
    lines = doc.lines
    short = sum(len(_WORD.findall(lines[n - 1].text)) <= SHORT_WORDS for n in numbers)
    return PageShape(len(numbers), short)


PAGE_SHAPE: Analysis[PageShape] = Analysis("newslint.boilerplate.page-shape", _page_shape)


def page_shape(doc: Document) -> PageShape:
    """How many content lines the text has and how many are short: does it read as a whole page?"""
    return doc.analysis(PAGE_SHAPE)

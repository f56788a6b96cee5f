"""Line shapes for the phrase-pack families (NL1xx boilerplate, NL2xx error pages).

Page chrome and article prose differ less in their words than in their shape:
chrome lines are short, have no sentence structure and sit at the top or the
bottom of a document; prose lines are long and end like sentences. These
helpers measure that, language-independently (CJK text has no spaces, so it is
counted in characters: :func:`newslint.text.words.word_count`), and quote a
matched line in a message.
"""

from __future__ import annotations

import re

from newslint import Document
from newslint.text.sentences import ends_finished_sentence
from newslint.text.words import has_cjk, word_count

# Closing quotes and brackets may follow the final punctuation of a headline.
_CLOSERS = "\"'”’»)]）」』"
BULLET = re.compile(r"^\s*(?:[-–—•·*▪►●◦]|\d{1,2}[.)])\s+")
# A line ending in a colon with this many words introduces a list; a label ("Share this:") is shorter.
LEAD_IN_WORDS = 4
# Edge of a document: this many lines, or this share of them, from the top or the bottom.
EDGE_LINES = 3
EDGE_SHARE = 0.1


def is_prose(text: str, min_words: int = 8) -> bool:
    """A line that reads like article prose: a finished sentence of some length."""
    return ends_finished_sentence(text) and word_count(text) >= min_words


def is_label_shaped(text: str, max_words: int = 6, max_length: int = 50) -> bool:
    """A line that could be a menu item or a button: short, not a finished sentence."""
    stripped = text.strip()
    if not stripped or len(stripped) > max_length:
        return False
    words = word_count(stripped)
    if words > max_words:
        return False
    # A bullet is not a word of a lead-in: "- Tools and services:" heads a bulleted menu, it is no
    # sentence introducing the article's own list.
    if stripped.endswith((":", "：")) and word_count(BULLET.sub("", stripped)) >= LEAD_IN_WORDS:
        return False  # an article's lead-in to its own list ("The company has offices in:")
    return not (stripped.endswith(".") and not stripped.endswith(("...", "…")))


# A table cell's border in trafilatura's markdown tables; a pipe inside a cell's text is escaped ("\\|").
_CELL_BORDER = re.compile(r"(?<!\\)\|")
# A pipe between two pieces of text, escaped or not: the separator of a strip of links.
_LINK_SEPARATOR = re.compile(r"\s\\?\|\s")
# A piece of text with this many separated parts is a strip of links ("Permalink | Comments (0) | TrackBack").
STRIP_PARTS = 3


def is_table_row(text: str) -> bool:
    """A row of a markdown table ("| Home \\| News | Contact |"), as trafilatura renders HTML tables."""
    return text.lstrip().startswith("|")


def table_cells(text: str) -> list[str]:
    """The non-empty cells of a markdown table row ("|  | Valpak | www.valpak.co.uk |" -> two cells)."""
    return [cell.strip() for cell in _CELL_BORDER.split(text) if cell.strip()]


def cell_text(text: str) -> str:
    """The text of a line without the borders of its table cells ("|  | Conferences |  |" -> "Conferences")."""
    if not is_table_row(text):
        return text
    return " ".join(table_cells(text))


def is_link_strip(text: str) -> bool:
    """Three or more pieces of text joined by pipes: a row of links, not a headline."""
    return len(_LINK_SEPARATOR.split(cell_text(text))) >= STRIP_PARTS


def is_headline_shaped(text: str, max_words: int = 25) -> bool:
    """A line that could be the headline of a teaser: a few words, not a finished sentence ending in a period.

    A table row is judged by the text of its cells (its borders are no words), and a strip of
    links ("October 12, 2006 in Miscellaneous | Permalink | Comments (0)") is no headline.
    """
    stripped = BULLET.sub("", cell_text(text)).strip()
    if not stripped or is_link_strip(stripped):
        return False
    words = word_count(stripped)
    if words < 2 and not has_cjk(stripped) or words > max_words:
        return False
    core = stripped.rstrip(_CLOSERS)
    if core.endswith((":", "：")):
        return False  # an article's lead-in to its own list ("Here are the highlights:")
    return not (core.endswith((".", "。")) and not core.endswith(("...", "…")))


# Empty cells, and at most a bullet or a dash with nothing after it (an empty list item).
_EMPTY_ROW = re.compile(r"^[\s|]*(?:[-–—•·*▪►●◦][\s|]*)?$")


def is_empty_row(text: str) -> bool:
    """A row of an empty table ("|  |  |"), an empty list item ("-") or a blank line: layout, no text of its own."""
    return _EMPTY_ROW.match(text) is not None


def is_bullet(text: str) -> bool:
    return bool(BULLET.match(text))


def position_phrase(doc: Document, number: int) -> str:
    """``" at the top of the document"``, ``" at the end of the document"`` or ``""``."""
    total = len(doc.lines)
    edge = max(EDGE_LINES, int(total * EDGE_SHARE))
    if number <= edge:
        return " at the top of the document"
    if number > total - edge:
        return " at the end of the document"
    return ""


def shorten(text: str, limit: int = 60) -> str:
    """The evidence as quoted in a message: stripped, at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def quote_evidence(text: str, evidence: str, limit: int = 80) -> str:
    """The line as quoted in a message; when it is too long, the start plus the matched phrase."""
    shown = shorten(text, limit)
    evidence = " ".join(evidence.split())
    if not evidence or evidence in shown.rstrip("…"):
        return f"'{shown}'"
    return f"'{shown}' (matched '{shorten(evidence, 40)}')"

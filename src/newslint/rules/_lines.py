"""Line shape features shared by the boilerplate (NL1xx) and error-page (NL2xx) rules.

Page chrome and article prose differ less in their words than in their shape:
chrome lines are short, have no sentence structure and sit at the top or the
bottom of a document; prose lines are long and end like sentences. These
helpers measure that, language-independently (CJK text has no spaces, so it is
counted in characters).
"""

from __future__ import annotations

import re

from newslint import Document

# Han, kana: scripts written without spaces between words.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Closing quotes and brackets may follow the final punctuation of a sentence.
_CLOSERS = "\"'”’»)]）」』"
SENTENCE_END = ".!?。！？"
_QUOTES_OPEN = "“„«「『"
_QUOTES_CLOSE = "”»」』"
BULLET = re.compile(r"^\s*(?:[-–—•·*▪►●◦]|\d{1,2}[.)])\s+")
# A CJK word is about two characters long.
_CJK_CHARS_PER_WORD = 2
# A line ending in a colon with this many words introduces a list; a label ("Share this:") is shorter.
LEAD_IN_WORDS = 4
# Edge of a document: this many lines, or this share of them, from the top or the bottom.
EDGE_LINES = 3
EDGE_SHARE = 0.1


def word_count(text: str) -> int:
    """Words in one line; runs of CJK characters count one word per two characters."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(text.split())
    return len(_CJK.sub(" ", text).split()) + (cjk + 1) // _CJK_CHARS_PER_WORD


def ends_sentence(text: str) -> bool:
    """Whether the line ends like a sentence (final punctuation, maybe followed by a closing quote)."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    if stripped.endswith(("...", "…")):
        return False  # a teaser cut short, not a finished sentence
    return bool(stripped) and stripped[-1] in SENTENCE_END


def is_prose(text: str, min_words: int = 8) -> bool:
    """A line that reads like article prose: a finished sentence of some length."""
    return ends_sentence(text) and word_count(text) >= min_words


def is_label_shaped(text: str, max_words: int = 6, max_length: int = 50) -> bool:
    """A line that could be a menu item or a button: short, not a finished sentence."""
    stripped = text.strip()
    if not stripped or len(stripped) > max_length:
        return False
    words = word_count(stripped)
    if words > max_words or (words >= LEAD_IN_WORDS and stripped.endswith((":", "："))):
        return False  # too long, or an article's lead-in to a list ("The company has offices in:")
    return not (stripped.endswith(".") and not stripped.endswith(("...", "…")))


def is_headline_shaped(text: str, max_words: int = 25) -> bool:
    """A line that could be the headline of a teaser: a few words, not a finished sentence ending in a period."""
    stripped = BULLET.sub("", text).strip()
    if not stripped:
        return False
    words = word_count(stripped)
    if words < 2 and not _CJK.search(stripped) or words > max_words:
        return False
    core = stripped.rstrip(_CLOSERS)
    if core.endswith((":", "：")):
        return False  # an article's lead-in to its own list ("Here are the highlights:")
    return not (core.endswith((".", "。")) and not core.endswith(("...", "…")))


def is_bullet(text: str) -> bool:
    return bool(BULLET.match(text))


def inside_quotes(text: str, start: int) -> bool:
    """Whether offset ``start`` of a line is inside quotation marks (more quotes opened than closed before it)."""
    before = text[:start]
    opened = sum(before.count(q) for q in _QUOTES_OPEN)
    closed = sum(before.count(q) for q in _QUOTES_CLOSE)
    return before.count('"') % 2 == 1 or opened > closed


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

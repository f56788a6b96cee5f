"""Quotations: is an offset of a line inside quotation marks, is a line a quotation of earlier text?"""

from __future__ import annotations

import re

_QUOTES_OPEN = "“„«「『"
_QUOTES_CLOSE = "”»」』"


def inside_quotes(text: str, start: int) -> bool:
    """Whether offset ``start`` of a line is inside quotation marks (more quotes opened than closed before it)."""
    before = text[:start]
    opened = sum(before.count(q) for q in _QUOTES_OPEN)
    closed = sum(before.count(q) for q in _QUOTES_CLOSE)
    return before.count('"') % 2 == 1 or opened > closed


# A line that introduces a quotation of someone else's words: a forum's "Quote:" or
# "Originally Posted by X", a reader's "X wrote:" / "@X said:" / "In reply to X".
_QUOTE_HEADER = re.compile(
    r"(?i)^\W*(?:quote\W*(?:originally posted by\b.*)?$|\[quote\b|originally posted by\b|quoting\b"
    r"|in reply to\b|replying to\b|.{1,80}?\b(?:wrote|writes|said|says|posted)\s*:\s*\S{0,3}$)"
)
# A line that is itself marked as quoted: an e-mail style "> ..." or a forum's "[quote]...".
_QUOTED_LINE = re.compile(r"(?i)^\s*(?:>|\[quote\b|quote:)")


def quotes_earlier_text(previous: str, line: str) -> bool:
    """Whether ``line`` is a quotation: marked as one, or right after a header that introduces one.

    A reader quoting an earlier comment, or a forum reply quoting a post,
    repeats text on purpose; that is a quotation, not duplicated text.
    """
    return bool(_QUOTED_LINE.match(line) or _QUOTE_HEADER.match(previous.strip()))

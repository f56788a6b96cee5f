"""Quotation marks: is an offset of a line inside a quotation?"""

from __future__ import annotations

_QUOTES_OPEN = "“„«「『"
_QUOTES_CLOSE = "”»」』"


def inside_quotes(text: str, start: int) -> bool:
    """Whether offset ``start`` of a line is inside quotation marks (more quotes opened than closed before it)."""
    before = text[:start]
    opened = sum(before.count(q) for q in _QUOTES_OPEN)
    closed = sum(before.count(q) for q in _QUOTES_CLOSE)
    return before.count('"') % 2 == 1 or opened > closed

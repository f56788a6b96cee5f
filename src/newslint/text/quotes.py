"""Quotation marks: is an offset inside a quotation, does a line leave a quotation or bracket open, is a line a quotation of earlier text?"""

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


# Quotation marks of the world's styles, judged by position rather than by glyph: “…” „…“ „…” «…» »…«
# ‹…› 「…」 『…』 "…" ″…″ ''…'' and closers such as ’” or “ used as a closing mark. A mark after a
# space (or at the start, or after a bracket or dash) that touches a word opens; a mark after a
# non-space closes ("voting »." is a link arrow, not a quotation). ‘ and ’ alone are left out: they double as apostrophes.
_QUOTE_MARK = re.compile(r"''|``|[\"“”„‟«»‹›「」『』″＂]")
_OPEN_BEFORE = " \t([{—–-/"
_CJK_OPEN, _CJK_CLOSE = "「『", "」』"
# Brackets pair strictly.
_BRACKETS = {"(": ")", "[": "]", "（": "）", "【": "】"}
_BRACKET_MARK = re.compile(r"[()\[\]（）【】]")


def _opens(text: str, index: int, mark: str) -> bool:
    if mark in _CJK_OPEN:
        return True
    if mark in _CJK_CLOSE:
        return False
    before = text[index - 1] if index else " "
    after_index = index + len(mark)
    after = text[after_index] if after_index < len(text) else " "
    return (before in _OPEN_BEFORE or before.isspace()) and (after.isalnum() or after in "‘'(¿¡…")


def unclosed_quote(text: str) -> int | None:
    """Offset of the last quotation mark of ``text`` that opens a quotation never closed after it, or None.

    Any closing mark of any style closes (“…″, „…”, «…», “…’”), so a source that mixes styles
    is not an unclosed quotation; a quote closed by its opener's twin ("…") is closed too.
    """
    last_open: int | None = None
    for found in _QUOTE_MARK.finditer(text):
        mark, index = found.group(), found.start()
        if _opens(text, index, mark):
            last_open = index if last_open is None else last_open
        else:
            last_open = None
    return last_open


def unclosed_bracket(text: str) -> int | None:
    """Offset of the first opening bracket of ``text`` that is never closed, or None."""
    stack: list[tuple[str, int]] = []
    closers = {c: o for o, c in _BRACKETS.items()}
    for found in _BRACKET_MARK.finditer(text):
        mark, index = found.group(), found.start()
        if mark in _BRACKETS:
            stack.append((mark, index))
        else:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == closers[mark]:
                    del stack[depth:]
                    break
    return stack[0][1] if stack else None


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

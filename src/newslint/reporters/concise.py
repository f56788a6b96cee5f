"""``concise``: one line per finding, ``path:line:col: CODE message`` (as ruff and flake8).

Editors' problem matchers and ``grep`` rely on exactly one line per finding,
so control characters in the message and in the path (a newline quoted from a
scraped page, a file name holding a newline, CR or an ANSI escape that would
recolour the terminal) are shown as visible symbols rather than written raw,
and the bytes of a file name that are not UTF-8 as ``\\xNN``.
"""

from __future__ import annotations

import re

from ..model import Finding
from .base import Reporter

# C0 controls (except tab) -> U+2400 Control Pictures ("\n" -> "␊"), DEL -> "␡";
# C1 controls have no picture, so they become the replacement character. The
# Unicode line and paragraph separators split lines in editors: "␤".
_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20) if code != 0x09}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_VISIBLE.update({0x2028: "\u2424", 0x2029: "\u2424"})


# A byte of a file name that is not UTF-8, as Python decodes it (surrogateescape).
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def printable(text: str) -> str:
    """``text`` with control characters (but tab) and line separators made visible, 1 cell each."""
    text = text.translate(_VISIBLE)
    if _ESCAPED_BYTE.search(text):
        text = _ESCAPED_BYTE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", text)
    return text


def concise_line(finding: Finding, color: bool = False) -> str:
    if color:  # a terminal: the same text with ANSI colours (see newslint.terminal)
        from ..terminal import colour_location

        return f"{colour_location(finding, printable(finding.path))} {printable(finding.message)}"
    return f"{printable(finding.location)}: {finding.code} {printable(finding.message)}"


class ConciseReporter(Reporter):
    name = "concise"
    description = "One line per finding: path:line:col: CODE message."
    human = True

    def report(self, finding: Finding) -> None:
        self.stream.write(concise_line(finding, self.context.color) + "\n")

"""``full``: the concise line, then the offending line with carets under the span.

Scraped text is hostile to terminals: tabs, wide CJK characters, combining
accents, zero-width joiners and lines thousands of characters long. The
excerpt is therefore computed in terminal cells, not characters, so that the
carets stay under the span whatever the line holds.
"""

from __future__ import annotations

import unicodedata

from ..model import Finding
from .base import Reporter
from .concise import concise_line, printable

TAB_SIZE = 4
# At most this many cells of the line are shown; the rest is elided with "…".
MAX_WIDTH = 120
# Cells of context kept before a span that is too long to centre.
MIN_LEAD = 10
ELLIPSIS = "\u2026"


def _width(char: str) -> int:
    """Terminal cells ``char`` occupies (a small wcwidth)."""
    if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
        return 0  # accents, zero-width space/joiner, soft hyphen, BOM
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _cells(text: str) -> list[tuple[str, int]]:
    """Each character of ``text`` as (what to print, its width in cells)."""
    out: list[tuple[str, int]] = []
    column = 0
    for char in printable(text):
        if char == "\t":
            shown = " " * (TAB_SIZE - column % TAB_SIZE)  # tab stops of the whole line
            out.append((shown, len(shown)))
        else:
            out.append((char, _width(char)))
        column += out[-1][1]
    return out


def excerpt(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Render ``text`` for the span of characters ``[start, end)``.

    Returns the line as shown and the caret offset and length, in cells.
    """
    cells = _cells(text)
    n = len(cells)
    start = min(max(start, 0), n)
    end = min(max(end, start), n)
    offsets = [0]
    for _, width in cells:
        offsets.append(offsets[-1] + width)
    lo, hi = 0, n
    if offsets[n] > MAX_WIDTH:
        budget = MAX_WIDTH - 2  # room for an ellipsis at each end
        span = offsets[end] - offsets[start]
        left = max(0, offsets[start] - max((budget - span) // 2, MIN_LEAD))
        lo = next(i for i in range(n + 1) if offsets[i] >= left)
        hi = max(i for i in range(lo, n + 1) if offsets[i] - offsets[lo] <= budget)
        if hi == n:  # span near the end: use the slack on the left
            lo = next(i for i in range(n + 1) if offsets[n] - offsets[i] <= budget)
    prefix = ELLIPSIS if lo > 0 else ""
    suffix = ELLIPSIS if hi < n else ""
    shown = prefix + "".join(s for s, _ in cells[lo:hi]) + suffix
    caret_at = len(prefix) + offsets[max(start, lo)] - offsets[lo]
    caret_len = offsets[min(max(end, lo), hi)] - offsets[max(start, lo)]
    return shown, caret_at, max(caret_len, 1)


def render(finding: Finding, color: bool = False) -> str:
    """The full block for ``finding``, ending with a blank line (``color``: for a terminal)."""
    lines = [concise_line(finding, color)]
    if finding.line >= 1:
        gutter = str(finding.line)
        pad = " " * len(gutter)
        # A span over several lines is underlined to the end of its first line.
        end = finding.end_column - 1 if finding.end_line == finding.line else len(finding.line_text)
        shown, at, length = excerpt(finding.line_text, finding.column - 1, end)
        bar, carets = f"{pad} |", "^" * length
        if color:
            from ..terminal import SEVERITY_STYLE, paint

            bar, gutter, carets = (
                paint(bar, "blue"),
                paint(gutter, "blue"),
                paint(carets, SEVERITY_STYLE[finding.severity]),
            )
            gutter_bar = gutter + paint(" |", "blue")
        else:
            gutter_bar = f"{gutter} |"
        lines.append(bar)
        lines.append(gutter_bar + (f" {shown}" if shown else ""))
        lines.append(f"{bar} " + " " * at + carets)
        lines.append(bar)
    if finding.element:  # text extracted from HTML: where in the page
        lines.append(f"  = element: {printable(finding.element)}")
    fix = finding.fix or {}
    description = fix.get("description")
    if description and fix.get("kind", "edit") == "edit":  # a rule's own fix (declared remedies: `newslint clean`)
        lines.append(f"  = help: {printable(str(description))}")
    return "\n".join(lines) + "\n\n"


class FullReporter(Reporter):
    name = "full"
    description = "The concise line, the offending line and carets under the span."
    human = True

    def report(self, finding: Finding) -> None:
        self.stream.write(render(finding, self.context.color))

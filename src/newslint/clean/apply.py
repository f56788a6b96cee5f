"""Applying the fixes of a document's findings to its text: pure, no I/O.

A fix's positions are 1-based (line, column) pairs (see :mod:`newslint.model`);
they are mapped onto the text as stored, whose line endings may still be
``\\r\\n`` or ``\\r`` (a reader normalises them for the rules, a writer must not),
so the lines that are kept stay byte for byte what they were. A deleted line
goes with its own line ending.

Overlapping fixes are merged: a deletion that overlaps an earlier one removes
only what is left of it, so every removed character is accounted for once.
A document is dropped when one of its applicable fixes drops it, or when
nothing but blanks is left after its lines were deleted (the cleaned corpus
would otherwise hold an empty document: ``NL907``). Applying the fixes of the
cleaned text again finds nothing to do (idempotent).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional, Sequence

from ..diagnostics import EMPTY_DOCUMENT
from ..model import Finding

DROP = "drop-document"
EMPTY_AFTER_CLEANING = EMPTY_DOCUMENT.code
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Removed:
    """One removed piece of a document: where it started in the input, by which code, and the text.

    ``line == 0`` for what a document drop removed (the whole text, or the
    blanks left after the other deletions).
    """

    code: str
    line: int
    column: int
    text: str
    reason: str
    applicability: str = "safe"
    kind: str = "delete-line"

    @property
    def bytes(self) -> int:
        return len(self.text.encode("utf-8", "surrogatepass"))


@dataclass
class Cleaned:
    """The cleaned text (``None`` when the document is dropped) and what was removed, in text order."""

    text: Optional[str]
    removed: list[Removed] = field(default_factory=list)

    @property
    def dropped(self) -> bool:
        return self.text is None

    @property
    def changed(self) -> bool:
        return bool(self.removed)


def fix_of(finding: Any) -> Optional[Mapping[str, Any]]:
    """The ``fix`` of a :class:`Finding` or of its json-lines dict."""
    return finding.fix if isinstance(finding, Finding) else finding.get("fix")


def _field(finding: Any, name: str) -> Any:
    return getattr(finding, name) if isinstance(finding, Finding) else finding.get(name)


def applicable(finding: Any, unsafe: bool = False) -> bool:
    """Whether ``newslint clean`` applies this finding's fix (safe ones always, unsafe ones on request)."""
    fix = fix_of(finding)
    if not fix:
        return False
    return unsafe or fix.get("applicability", "unsafe") == "safe"


def applicable_fixes(findings: Iterable[Any], unsafe: bool = False) -> list[Any]:
    """The findings whose fix would be applied."""
    return [f for f in findings if applicable(f, unsafe)]


def split_lines(text: str) -> tuple[list[int], list[int]]:
    """Start offsets and content lengths of every line of ``text`` (any line ending)."""
    starts, lengths = [0], []
    for match in _LINE_END.finditer(text):
        lengths.append(match.start() - starts[-1])
        starts.append(match.end())
    lengths.append(len(text) - starts[-1])
    return starts, lengths


def _offset(starts: list[int], lengths: list[int], text_len: int, line: int, column: int) -> int:
    if line < 1:
        return 0
    if line > len(starts):
        return text_len
    return starts[line - 1] + min(max(column - 1, 0), lengths[line - 1])


def _trim_trailing_break(
    text: str, cleaned: str, removed: list[Removed], spans: list[tuple[int, int, bool]], starts: list[int]
) -> str:
    """Deleting the last lines of a text without a final newline leaves none either.

    The line break before the deleted tail goes with it (so an article with
    boilerplate appended comes back byte for byte): the first piece of the
    tail is extended backwards over that break.
    """
    if _LINE_END.search(text[-1:]) or not _LINE_END.search(cleaned[-1:]):
        return cleaned
    first = len(spans) - 1
    while first > 0 and spans[first - 1][1] == spans[first][0]:
        first -= 1
    start, end, replaced = spans[first]
    brk = 2 if text[max(start - 2, 0) : start] == "\r\n" else 1
    if (
        start < brk
        or not _LINE_END.fullmatch(text[start - brk : start])
        or replaced
        or any(r for _, _, r in spans[first:])
    ):
        return cleaned
    new_start = start - brk
    line = bisect_right(starts, new_start)
    piece = removed[first]
    removed[first] = Removed(
        piece.code,
        line,
        new_start - starts[line - 1] + 1,
        text[new_start:end],
        piece.reason,
        piece.applicability,
        piece.kind,
    )
    return cleaned[:-brk]


def apply_fixes(text: str, findings: Sequence[Any], *, unsafe: bool = False) -> Cleaned:
    """``text`` with the applicable fixes of ``findings`` (of this one document) applied."""
    chosen = applicable_fixes(findings, unsafe)
    if not chosen:
        return Cleaned(text)
    for finding in chosen:
        fix = fix_of(finding)
        assert fix is not None
        if fix.get("kind") == DROP:
            return Cleaned(
                None,
                [
                    Removed(
                        _field(finding, "code"),
                        0,
                        0,
                        text,
                        _field(finding, "message"),
                        fix.get("applicability", "unsafe"),
                        DROP,
                    )
                ],
            )
    starts, lengths = split_lines(text)
    edits = []
    for finding in chosen:
        fix = fix_of(finding)
        assert fix is not None
        start = _offset(starts, lengths, len(text), fix["start"]["line"], fix["start"]["column"])
        end = _offset(starts, lengths, len(text), fix["end"]["line"], fix["end"]["column"])
        if end > start or fix.get("replacement"):
            edits.append((start, end, fix.get("replacement") or "", finding, fix))
    edits.sort(key=lambda e: (e[0], -e[1], _field(e[3], "code")))
    out: list[str] = []
    removed: list[Removed] = []
    spans: list[tuple[int, int, bool]] = []
    position = 0
    for start, end, replacement, finding, fix in edits:
        if end <= position and not (replacement and start >= position):
            continue  # inside what an earlier fix already removed
        if start < position:
            if replacement:
                continue  # a replacement cannot be applied to half-removed text
            start = position
        out.append(text[position:start])
        line = bisect_right(starts, start)
        column = start - starts[line - 1] + 1
        removed.append(
            Removed(
                _field(finding, "code"),
                line,
                column,
                text[start:end],
                _field(finding, "message"),
                fix.get("applicability", "unsafe"),
                fix.get("kind", "edit"),
            )
        )
        spans.append((start, end, bool(replacement)))
        out.append(replacement)
        position = end
    out.append(text[position:])
    cleaned = "".join(out)
    if removed and position == len(text) and cleaned.strip():
        cleaned = _trim_trailing_break(text, cleaned, removed, spans, starts)
    if removed and not cleaned.strip():
        if cleaned:
            removed.append(
                Removed(EMPTY_AFTER_CLEANING, 0, 0, cleaned, "Nothing but blanks left after cleaning", "safe", DROP)
            )
        return Cleaned(None, removed)
    return Cleaned(cleaned, removed)

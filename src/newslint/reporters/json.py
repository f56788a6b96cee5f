"""``json`` (one pretty array) and ``json-lines`` (one compact object per line).

Both write ``Finding.to_dict()``, whose keys are a stable interface. The array
is streamed element by element rather than buffered: a corpus can yield
millions of findings, and the bytes are identical to
``json.dumps(findings, indent=2, ensure_ascii=False)``.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

import orjson

from ..model import Finding
from .base import ReportContext, Reporter, Summary

# Characters that str.splitlines() (and many JSONL readers) treat as line
# breaks but json.dumps(ensure_ascii=False) leaves raw inside strings.
_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


class JsonReporter(Reporter):
    name = "json"
    description = "A JSON array of findings (pretty-printed)."

    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        super().__init__(stream, context)
        self._count = 0

    def item(self, finding: Finding) -> dict[str, Any]:
        """The JSON object for one finding (subclasses change the shape)."""
        return finding.to_dict()

    def report(self, finding: Finding) -> None:
        # Indent by hand: textwrap.indent would also split at U+2028 inside strings.
        body = json.dumps(self.item(finding), indent=2, ensure_ascii=False).replace("\n", "\n  ")
        self.stream.write(("[\n  " if self._count == 0 else ",\n  ") + body)
        self._count += 1

    def finish(self, summary: Summary) -> None:
        self.stream.write("\n]\n" if self._count else "[]\n")


class JsonLinesReporter(Reporter):
    name = "json-lines"
    description = "One compact JSON object per finding per line."

    def report(self, finding: Finding) -> None:
        record = finding.to_dict()
        try:
            # orjson writes the bytes json.dumps(ensure_ascii=False, separators=(",", ":")) writes for
            # these dicts of strings and integers, several times faster (the parent's serial work at -j N).
            line = orjson.dumps(record).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):  # a lone surrogate, an integer beyond 64 bits
            line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        if "\x85" in line or "\u2028" in line or "\u2029" in line:  # rare; translate() costs ~30 µs a line
            line = line.translate(_LINE_BREAKS)
        self.stream.write(line + "\n")

"""``gitlab``: a GitLab Code Quality report (a JSON array of Code Climate issues).

GitLab matches issues between the base and head of a merge request by
``fingerprint``, so it must not contain the line number: inserting a line
above a finding must not turn it into a "new" issue. It hashes what the
finding is about instead (file, record, code, the offending text, the message),
plus an occurrence counter so that two identical findings in one document
stay two issues.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any, Optional, TextIO

from ..model import Finding, Severity
from .base import ReportContext
from .github import file_level_message
from .json import JsonReporter

_SEVERITY = {Severity.INFO: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}


def fingerprint(finding: Finding, occurrence: int = 0) -> str:
    """A sha256 of the finding's identity, stable when lines move."""
    text = " ".join(finding.line_text.split())  # whitespace changes do not matter
    key = [finding.path, finding.record, finding.code, text, finding.message, occurrence]
    # surrogateescape: a file name that is not UTF-8 hashes as its bytes (and never crashes).
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8", "surrogateescape")).hexdigest()


class GitlabReporter(JsonReporter):
    name = "gitlab"
    description = "GitLab Code Quality report (JSON)."

    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        super().__init__(stream, context)
        # Occurrences per fingerprint, for the current document only: findings
        # arrive sorted by path and record, so memory stays bounded.
        self._document: tuple[str, Optional[int]] = ("", None)
        self._seen: Counter[str] = Counter()

    def item(self, finding: Finding) -> dict[str, Any]:
        if (finding.path, finding.record) != self._document:
            self._document = (finding.path, finding.record)
            self._seen.clear()
        base = fingerprint(finding)
        occurrence = self._seen[base]
        self._seen[base] += 1
        # Lines inside a record are not lines of the file: point at the file
        # and say in the description where in the record.
        begin = finding.line if finding.record is None else 1
        return {
            "description": f"{finding.code} {file_level_message(finding)}",
            "check_name": finding.code,
            "fingerprint": fingerprint(finding, occurrence) if occurrence else base,
            "severity": _SEVERITY[finding.severity],
            "location": {"path": finding.path, "lines": {"begin": max(begin, 1)}},
        }

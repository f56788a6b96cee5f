"""``sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

Two things differ from a code linter's SARIF. A finding inside a record of a
container file has a line and column inside the record's text, which are not
lines of the file: it gets a logical location and ``properties`` saying where
in the record it is, and a ``region`` only where the record is a line of the
file (JSON Lines: ``startLine`` is the record's line; code scanning needs one),
never one that would highlight the wrong line (JSON arrays, WARC, Parquet).
And a corpus can produce millions of findings, more than any viewer accepts,
so one run holds at most ``context.sarif_max_results`` results and says how
many it dropped.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections import Counter
from pathlib import Path
from typing import Any, Optional, TextIO
from urllib.parse import quote

from ..model import Finding, Severity
from .base import ReportContext, Reporter, RuleInfo, Summary
from .github import file_level_message, file_line
from .gitlab import fingerprint

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/newslint/"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(path: str, working_directory: str = ".") -> dict[str, str]:
    """A relative, percent-encoded POSIX URI under ``%SRCROOT%`` when possible."""
    if posixpath.isabs(path):
        relative = os.path.relpath(path, os.path.abspath(working_directory)).replace(os.sep, "/")
        if relative.startswith("../"):
            return {"uri": Path(path).as_uri()}
        path = relative
    # surrogateescape: the bytes of a file name that is not UTF-8 are percent-encoded as they are.
    return {"uri": quote(posixpath.normpath(path), errors="surrogateescape"), "uriBaseId": "%SRCROOT%"}


def region(finding: Finding) -> dict[str, int]:
    # SARIF columns are 1-based and endColumn is exclusive, like newslint's.
    return {
        "startLine": finding.line,
        "startColumn": max(finding.column, 1),
        "endLine": max(finding.end_line, finding.line),
        "endColumn": max(finding.end_column, 1),
    }


def rule_descriptor(code: str, info: Optional[RuleInfo], name: str) -> dict[str, Any]:
    if info is None:  # a code whose rule is not loaded (e.g. from a baseline)
        return {"id": code, "name": name}
    return {
        "id": code,
        "name": info.name,
        "shortDescription": {"text": info.summary or info.name},
        "fullDescription": {"text": info.documentation or info.summary or info.name},
        "help": {"text": info.documentation or info.summary or info.name},
        "defaultConfiguration": {"level": _LEVEL[info.default_severity]},
        "properties": {"plugin": info.plugin},
    }


class SarifReporter(Reporter):
    name = "sarif"
    description = "SARIF 2.1.0 (GitHub code scanning and other viewers)."

    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        super().__init__(stream, context)
        self._kept: list[Finding] = []
        self._dropped = 0

    def report(self, finding: Finding) -> None:
        if len(self._kept) < self.context.sarif_max_results:
            self._kept.append(finding)
        else:
            self._dropped += 1

    def result(self, finding: Finding, rule_index: int, occurrence: int) -> dict[str, Any]:
        physical: dict[str, Any] = {"artifactLocation": artifact_location(finding.path, self.context.working_directory)}
        location: dict[str, Any] = {"physicalLocation": physical}
        properties: dict[str, Any] = {}
        if finding.record is None:
            if finding.line >= 1:
                physical["region"] = region(finding)
        else:
            where = f"record {finding.record}"
            location["logicalLocations"] = [
                {"name": where, "fullyQualifiedName": f"{finding.path}:{where}", "kind": "element"}
            ]
            properties["record"] = finding.record
            line = file_line(finding)
            if line is not None:
                physical["region"] = {"startLine": line, "endLine": line}
            if finding.doc_id is not None:
                properties["doc_id"] = finding.doc_id
            if finding.line >= 1:
                properties["documentRegion"] = region(finding)
        if finding.fix:
            properties["fix"] = dict(finding.fix)
        if finding.confidence is not None:
            properties["confidence"] = round(finding.confidence, 3)
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": rule_index,
            "level": _LEVEL[finding.severity],
            "message": {"text": file_level_message(finding)},
            "locations": [location],
            # The GitLab fingerprint: stable when lines move (GitHub matches alerts by it).
            "partialFingerprints": {"newslintFingerprint/v1": fingerprint(finding, occurrence)},
        }
        if properties:
            result["properties"] = properties
        return result

    def _occurrences(self) -> list[int]:
        """For each kept finding, how many identical ones came before it."""
        seen: Counter[str] = Counter()
        out = []
        for finding in self._kept:
            key = fingerprint(finding)
            out.append(seen[key])
            seen[key] += 1
        return out

    def finish(self, summary: Summary) -> None:
        names = {f.code: f.rule for f in self._kept}
        codes = sorted(names)
        index = {code: i for i, code in enumerate(codes)}
        invocation: dict[str, Any] = {"executionSuccessful": True}
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "newslint",
                    "version": self.context.tool_version,
                    "informationUri": INFORMATION_URI,
                    "rules": [rule_descriptor(c, self.context.rules.get(c), names[c]) for c in codes],
                }
            },
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": [self.result(f, index[f.code], n) for f, n in zip(self._kept, self._occurrences(), strict=True)],
        }
        if self._dropped:
            cap = self.context.sarif_max_results
            text = f"{self._dropped} results were dropped: newslint writes at most {cap} results per SARIF run."
            invocation["toolExecutionNotifications"] = [{"level": "warning", "message": {"text": text}}]
            run["properties"] = {"droppedResults": self._dropped}
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        self.stream.write(json.dumps(log, indent=2, ensure_ascii=False) + "\n")

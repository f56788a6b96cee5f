"""The reporter contract.

The engine hands a reporter findings one at a time, already sorted (by path,
record, line, column, code) and already filtered; the reporter writes them to
its stream. ``finish`` receives the run's :class:`Summary`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Mapping, TextIO

from ..model import Finding, Severity


@dataclass(frozen=True)
class RuleInfo:
    """What a reporter may say about a rule (SARIF ``rules[]``, JUnit names)."""

    code: str
    name: str
    summary: str
    documentation: str
    default_severity: Severity
    plugin: str = "newslint"


@dataclass(frozen=True)
class ReportContext:
    """Run-wide facts a reporter may use."""

    rules: Mapping[str, RuleInfo]
    tool_version: str
    # The directory that relative paths in findings are relative to.
    working_directory: str = "."
    # Maximum number of results in one SARIF run.
    sarif_max_results: int = 25_000
    # Colour for a terminal (human formats on a TTY, see newslint.terminal); never in files.
    color: bool = False
    # Annotations of each kind (error, warning, notice) the github format writes:
    # GitHub shows 10 of each per step.
    github_max_annotations: int = 10


@dataclass
class Summary:
    """Counts for the closing line and ``--statistics``."""

    files: int = 0
    documents: int = 0
    by_severity: dict[Severity, int] = field(default_factory=lambda: {s: 0 for s in Severity})
    by_code: dict[str, int] = field(default_factory=dict)

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())

    def add(self, finding: Finding) -> None:
        self.by_severity[finding.severity] = self.by_severity.get(finding.severity, 0) + 1
        self.by_code[finding.code] = self.by_code.get(finding.code, 0) + 1

    def line(self) -> str:
        """``Checked 12 documents in 3 files: 2 errors, 5 warnings, 0 info.``"""
        return f"{self.checked()}: {self.counts()}."

    def checked(self) -> str:
        """``Checked 12 documents in 3 files``."""
        docs = f"{self.documents} document{'' if self.documents == 1 else 's'}"
        files = f"{self.files} file{'' if self.files == 1 else 's'}"
        return f"Checked {docs} in {files}"

    def counts(self) -> str:
        """``2 errors, 5 warnings, 0 info``."""
        parts = []
        for severity, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning")):
            n = self.by_severity.get(severity, 0)
            parts.append(f"{n} {word}{'' if n == 1 else 's'}")
        parts.append(f"{self.by_severity.get(Severity.INFO, 0)} info")
        return ", ".join(parts)


class Reporter:
    """Base class for an output format.

    ``name`` is the ``--output-format`` value. ``human`` reporters (concise,
    full) also print the statistics table and summary line on their stream;
    for machine formats those go to standard error, so the output stays
    parseable.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""
    human: ClassVar[bool] = False

    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        self.stream = stream
        self.context = context

    def start(self) -> None:
        """Called once before the first finding."""

    def report(self, finding: Finding) -> None:
        """Called once per finding, in sorted order."""
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        """Called once after the last finding."""

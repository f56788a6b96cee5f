"""``github``: GitHub Actions workflow commands, which become annotations on a PR.

``::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message``, escaped
as actions/toolkit ``command.ts`` does. GitHub only knows lines of the file,
so a finding inside a record of a container file (whose line and column count
inside the record's text, not the file) is annotated on the record's line of
the file when the record *is* a line (JSON Lines, see :func:`file_line`), else
on the file as a whole; its position in the record goes in front of the
message. The same for whole-document findings (line 0).

GitHub shows at most 10 annotations of each kind (error, warning, notice) per
step and drops the rest silently. So at most ``context.github_max_annotations``
of each kind are written as annotations; when there are more, the last slot
of that kind holds one summary annotation ("N more errors ..."), and the
findings beyond the cap are written as plain lines, which the job log shows.
"""

from __future__ import annotations

from typing import Optional, TextIO

from ..model import Finding, Severity
from .base import ReportContext, Reporter, Summary
from .concise import concise_line

# Formats whose record number is the line number in the file (uncompressed only:
# a viewer shows the lines of the file as stored).
LINE_RECORD_SUFFIXES = (".jsonl", ".ndjson")

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape the message (the part after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value, where ``:`` and ``,`` are separators."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def file_level_message(finding: Finding) -> str:
    """The message, prefixed with the position in the record for a container record.

    For formats that can only point at lines of a file (GitHub, GitLab, SARIF
    viewers), where a record's own lines would point at the wrong place.
    """
    if finding.record is None:
        return finding.message
    where = f"record {finding.record}"
    if finding.line >= 1:
        where += f":{finding.line}:{finding.column}"
    return f"{where}: {finding.message}"


def file_line(finding: Finding) -> Optional[int]:
    """The line of the file a record-level finding is on, when records are lines (JSON Lines), else None."""
    if finding.record is None or not finding.path.lower().endswith(LINE_RECORD_SUFFIXES):
        return None
    return finding.record


def command(finding: Finding) -> str:
    props = {"file": finding.path}
    line = file_line(finding)
    if finding.record is None and finding.line >= 1:
        props.update(
            line=str(finding.line),
            col=str(finding.column),
            endLine=str(finding.end_line),
            endColumn=str(finding.end_column),
        )
    elif line is not None:  # the record's line; columns inside its text are not columns of the file
        props.update(line=str(line), endLine=str(line))
    props["title"] = f"{finding.code} ({finding.rule})"
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::{_COMMAND[finding.severity]} {rendered}::{escape_data(file_level_message(finding))}"


class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions workflow commands (annotations), at most 10 of each kind and a summary."

    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        super().__init__(stream, context)
        self._shown = dict.fromkeys(Severity, 0)
        # The finding waiting for the last slot of its kind: shown if no other follows.
        self._held: dict[Severity, Finding] = {}
        self._over = dict.fromkeys(Severity, 0)

    def report(self, finding: Finding) -> None:
        kind = finding.severity
        cap = self.context.github_max_annotations
        if self._shown[kind] < cap - 1:
            self._shown[kind] += 1
            self.stream.write(command(finding) + "\n")
            return
        held = self._held.pop(kind, None)
        if held is None and not self._over[kind]:
            self._held[kind] = finding  # the last slot: this finding, or a summary if more come
            return
        for extra in (held, finding):
            if extra is not None:
                self._over[kind] += 1
                self.stream.write(concise_line(extra) + "\n")  # in the log, not an annotation

    def finish(self, summary: Summary) -> None:
        for kind in Severity:
            if kind in self._held:
                self.stream.write(command(self._held[kind]) + "\n")
            elif self._over[kind]:
                count = self._over[kind]
                word = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info finding"}[kind]
                text = (
                    f"{count} more {word}{'s' if count != 1 else ''} not annotated: GitHub shows "
                    f"{self.context.github_max_annotations} annotations of each kind per step. They are "
                    "listed in the log above; upload SARIF (--output-format sarif) to see all of them."
                )
                title = f"newslint: {count} more {word}{'s' if count != 1 else ''}"
                self.stream.write(f"::{_COMMAND[kind]} title={escape_property(title)}::{escape_data(text)}\n")

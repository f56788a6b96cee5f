"""``github``: GitHub Actions workflow commands, which become annotations on a PR.

``::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message``, escaped
as actions/toolkit ``command.ts`` does. GitHub only knows lines of the file,
so a finding inside a record of a container file (whose line and column count
inside the record's text, not the file) is annotated on the file as a whole
and its position goes in front of the message; the same for whole-document
findings (line 0).
"""

from __future__ import annotations

from ..model import Finding, Severity
from .base import Reporter

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


def command(finding: Finding) -> str:
    props = {"file": finding.path}
    if finding.record is None and finding.line >= 1:
        props.update(
            line=str(finding.line),
            col=str(finding.column),
            endLine=str(finding.end_line),
            endColumn=str(finding.end_column),
        )
    props["title"] = f"{finding.code} ({finding.rule})"
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::{_COMMAND[finding.severity]} {rendered}::{escape_data(file_level_message(finding))}"


class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions workflow commands (annotations)."

    def report(self, finding: Finding) -> None:
        self.stream.write(command(finding) + "\n")

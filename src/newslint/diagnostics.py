"""NL9xx: unreadable input and internal errors, declared once in one table.

These codes are emitted by the engine and the readers, not by a rule's
``check``: bad input is a finding, not a crash (house rule 6). Each is one
:class:`Diagnostic` entry below (code, name, severity, documentation); readers
and the engine refer to the entries (``UNREADABLE_FILE.problem(...)``), never
to a code written as a string, so a misspelt code cannot exist. The entries
register through the same plugin door as every rule (as
:class:`EngineDiagnostic` classes), so ``newslint rule NL903`` documents them
and ``--ignore NL903`` silences them; ``--select`` never hides them (see
:mod:`newslint.selection`).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Iterable, Optional

from .hookimpl import hookimpl
from .model import Document, Hit, Severity
from .readers.base import ReadProblem
from .rule import Applicability, Remedy, Rule

# Every diagnostic code starts with this prefix (house rule 3: NL9xx).
PREFIX = "NL9"


@dataclass(frozen=True)
class Diagnostic:
    """One NL9xx code: what the engine stamps on the findings it emits itself."""

    code: str
    name: str
    severity: Severity
    doc: str
    # What `newslint clean` does about it (only NL907, the empty document, is fixable: dropped).
    remedy: Remedy = Remedy.NONE
    fix_applicability: Applicability = Applicability.UNSAFE
    # The file it is found in was not read whole: `newslint clean` copies such a file as it is
    # (and the report's removal estimate skips it), rather than rewrite it from part of its records.
    incomplete_read: bool = False

    def problem(self, message: str, record: Optional[int] = None, line: int = 0, column: int = 0) -> ReadProblem:
        """A reader's problem of this kind, located at ``record`` (and ``line``/``column`` in it)."""
        return ReadProblem(self.code, message, record, line, column)


class EngineDiagnostic(Rule):
    """A code the engine emits itself (``check`` is never called).

    A plugin whose reader reports problems of its own declares them by
    subclassing this class; any other code a reader reports is unknown and is
    reported as such (never dropped).
    """

    default_severity = Severity.ERROR

    def check(self, doc: Document) -> Iterable[Hit]:
        return ()


UNREADABLE_FILE = Diagnostic(
    "NL901",
    "unreadable-file",
    Severity.ERROR,
    """\
    A file could not be read at all.

    Why is this bad?
        Nothing in the file was linted: permission denied, a dangling symlink,
        a file deleted while the run was going on, a truncated or corrupt
        compressed stream, or a compression format whose extra is not
        installed. The documents in it may be fine or broken; nobody knows.

    Example:
        ``corpus/part-3.jsonl.gz:0:0: NL901 Cannot read file: Compressed file
        ended before the end-of-stream marker was reached``

    Use instead:
        Fix the file (re-download, re-compress, repair permissions) or exclude
        it in ``[tool.newslint] exclude``.

    Options:
        None.
    """,
    incomplete_read=True,
)


UNDECODABLE_TEXT = Diagnostic(
    "NL902",
    "undecodable-text",
    Severity.WARNING,
    """\
    Bytes that are not valid UTF-8 (the text was decoded with replacement characters).

    Why is this bad?
        Invalid bytes become U+FFFD replacement characters (or worse, mojibake)
        in every downstream tool. They usually mean a page served in a legacy
        encoding (Windows-1252, Latin-1) was stored without conversion.

    Example:
        A ``.txt`` file with the byte ``0xE9`` for "é" (Latin-1).

    Use instead:
        Decode pages with their declared charset when scraping, and store UTF-8.

    Options:
        None.
    """,
    incomplete_read=True,
)


MALFORMED_RECORD = Diagnostic(
    "NL903",
    "malformed-record",
    Severity.ERROR,
    """\
    A record of a container file is not a valid JSON object.

    Why is this bad?
        A truncated line, a bare string or array, ``NaN``, or JSON nested too
        deeply to parse: the document it held cannot be read, and most loaders
        will either crash on it or drop it silently.

    Example:
        ``{"text": "Police said the``  (a truncated JSONL line)

    Use instead:
        One JSON object per line, each with a string text field.

    Options:
        None.
    """,
    incomplete_read=True,
)


MISSING_TEXT_FIELD = Diagnostic(
    "NL904",
    "missing-text-field",
    Severity.ERROR,
    """\
    A record has no text field, or its text field is not a string.

    Why is this bad?
        A record without text is not a document; a numeric or null text field
        usually means a broken export or a wrong field mapping.

    Example:
        ``{"id": "a1", "body": 3}`` when the text field is ``text``.

    Use instead:
        Store the text under one of the known fields (``text``, ``maintext``,
        ``content``, ...), or tell newslint the field with ``--text-field``.

    Options:
        None.
    """,
    incomplete_read=True,
)


RULE_CRASHED = Diagnostic(
    "NL905",
    "rule-crashed",
    Severity.ERROR,
    """\
    A rule raised an exception or returned something that is not a hit.

    Why is this bad?
        The rule's verdict on this document is unknown. This is a bug in the
        rule (built-in or plugin), not in the document, but the document is
        named so the bug can be reproduced.

    Example:
        ``doc.jsonl:record 7:0:0: NL905 Rule ACME101 (acme-footer) crashed: KeyError: 'date'``

    Use instead:
        Report the bug to the rule's author with the document; ignore the rule
        with ``--ignore CODE`` until it is fixed.

    Options:
        None.
    """,
    incomplete_read=True,
)


OVERSIZED_INPUT = Diagnostic(
    "NL906",
    "oversized-input",
    Severity.ERROR,
    """\
    A record or file exceeds the configured byte budget.

    Why is this bad?
        A 100 MB "article" is not an article: it is a concatenation, a binary
        blob or a decompression bomb. newslint skips it instead of exhausting
        memory, so it was not linted.

    Example:
        A JSONL line of 200 MB with ``max-record-bytes`` at its default (8 MiB).

    Use instead:
        Split or drop the record; raise ``max-record-bytes`` /
        ``max-file-bytes`` if such sizes are expected.

    Options:
        None (the budgets are the top-level ``max-record-bytes`` and
        ``max-file-bytes`` settings).
    """,
    incomplete_read=True,
)


EMPTY_DOCUMENT = Diagnostic(
    "NL907",
    "empty-document",
    Severity.WARNING,
    """\
    A document whose text is empty or only whitespace.

    Why is this bad?
        An empty document is a failed extraction or a placeholder record. It
        inflates document counts and can end up as an empty training sample.

    Example:
        ``{"id": "x", "text": "   "}``

    Use instead:
        Drop the record, or re-extract the page.

    Options:
        None.
    """,
    Remedy.DROP_DOCUMENT,
    Applicability.SAFE,
)


NO_EXTRACTABLE_TEXT = Diagnostic(
    "NL908",
    "no-extractable-text",
    Severity.WARNING,
    """\
    An HTML page (or WARC response) from which no article text could be extracted.

    Why is this bad?
        The page is probably not an article (an index page, a script shell, an
        error page) or is not HTML at all. It cannot be checked.

    Example:
        ``<html><body><script>app()</script></body></html>``

    Use instead:
        Drop the page or fix the fetch; check whether the site needs
        JavaScript rendering.

    Options:
        None.
    """,
)


RULE_TIMEOUT = Diagnostic(
    "NL909",
    "rule-timeout",
    Severity.ERROR,
    """\
    A rule exceeded the per-document time budget.

    Why is this bad?
        A pathological document (or a pathological rule) stalled the run. The
        rule's verdict on this document is unknown.

    Example:
        ``doc.jsonl:record 3:0:0: NL909 Rule ACME101 (acme-footer) took longer than 10 s``

    Use instead:
        Report the document to the rule's author; raise ``rule-timeout`` if
        such documents are expected.

    Options:
        None (the budget is the top-level ``rule-timeout`` setting).
    """,
)


UNSUPPORTED_FORMAT = Diagnostic(
    "NL910",
    "unsupported-format",
    Severity.ERROR,
    """\
    A file given on the command line has a format no reader understands.

    Why is this bad?
        Nothing in it was linted. (Files of unknown formats found while walking
        a directory are skipped silently, as linters skip foreign files.)

    Example:
        ``newslint data.csv``

    Use instead:
        Convert the file to JSONL, or install a reader plugin for the format.

    Options:
        None.
    """,
)


WORKER_CRASHED = Diagnostic(
    "NL911",
    "worker-crashed",
    Severity.ERROR,
    """\
    A worker process died while linting this file, also when retried alone.

    Why is this bad?
        Nothing in the file was linted. With ``-j N`` files are linted in
        worker processes; one died under this file (a crash in a C extension,
        a plugin calling ``os._exit``, the kernel's out-of-memory killer). It
        was replaced, the file was retried alone in a fresh process, died
        again, and every other file was still linted.

    Example:
        ``corpus/part-7.jsonl:0:0: NL911 Worker process was killed by SIGSEGV
        while linting this file (also when retried alone); it was not linted``

    Use instead:
        Lint the file alone with ``-j 1 --select`` of one rule family at a
        time to find the rule or reader that crashes, and report it (with the
        file) to its author; exclude the file meanwhile.

    Options:
        None.
    """,
    incomplete_read=True,
)


TOO_MANY_FINDINGS = Diagnostic(
    "NL912",
    "too-many-findings",
    Severity.ERROR,
    """\
    A file gave more findings than ``max-findings-per-file``; the rest were not reported.

    Why is this bad?
        A file with hundreds of thousands of findings is not a file with many
        small problems: it is a broken export (a million empty records), a
        decompression bomb of bad lines, or a rule gone wrong on it. Holding
        every finding would cost memory without bound (a 2 KB ``.xz`` can hold
        a million empty records), so newslint keeps the first ones, in reading
        order, and says how many more there were. The file was still read and
        linted to its end.

    Example:
        ``dump.jsonl.xz:0:0: NL912 900000 more findings in this file were not
        reported (max-findings-per-file is 100000)``

    Use instead:
        Fix what the first findings show (often one cause for all of them), or
        raise ``max-findings-per-file`` (0: no limit) if such files are expected.

    Options:
        None (the cap is the top-level ``max-findings-per-file`` setting).
    """,
)


TABLE: tuple[Diagnostic, ...] = (
    UNREADABLE_FILE,
    UNDECODABLE_TEXT,
    MALFORMED_RECORD,
    MISSING_TEXT_FIELD,
    RULE_CRASHED,
    OVERSIZED_INPUT,
    EMPTY_DOCUMENT,
    NO_EXTRACTABLE_TEXT,
    RULE_TIMEOUT,
    UNSUPPORTED_FORMAT,
    WORKER_CRASHED,
    TOO_MANY_FINDINGS,
)
BY_CODE: dict[str, Diagnostic] = {d.code: d for d in TABLE}
# Codes of read problems: the file was not read completely.
READ_PROBLEMS = frozenset(d.code for d in TABLE if d.incomplete_read)


def _rule_class(diagnostic: Diagnostic) -> type[EngineDiagnostic]:
    """The registry's view of a diagnostic: a documented rule class that never runs."""
    class_name = "".join(part.capitalize() for part in diagnostic.name.split("-"))
    attributes: dict[str, object] = {
        "__doc__": inspect.cleandoc(diagnostic.doc),
        "__module__": __name__,
        "code": diagnostic.code,
        "name": diagnostic.name,
        "default_severity": diagnostic.severity,
        "remedy": diagnostic.remedy,
        "fix_applicability": diagnostic.fix_applicability,
    }
    return type(class_name, (EngineDiagnostic,), attributes)


DIAGNOSTICS: tuple[type[EngineDiagnostic], ...] = tuple(_rule_class(d) for d in TABLE)


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return list(DIAGNOSTICS)

"""NL9xx: unreadable input and internal errors.

These codes are emitted by the engine and the readers, not by a rule's
``check``: bad input is a finding, not a crash (house rule 6). They are
declared here as rule classes so that they have documentation
(``newslint rule NL903``), can be selected and ignored like any other code,
and register through the same plugin door as every other rule.
"""

from __future__ import annotations

from typing import Iterable

from .model import Document, Hit, Severity
from .rule import Rule
from .hookimpl import hookimpl


class EngineDiagnostic(Rule):
    """Base for codes the engine emits itself; ``check`` is never called."""

    engine_emitted = True
    default_severity = Severity.ERROR

    def check(self, doc: Document) -> Iterable[Hit]:
        return ()


class UnreadableFile(EngineDiagnostic):
    """A file could not be read at all.

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
    """

    code = "NL901"
    name = "unreadable-file"


class UndecodableText(EngineDiagnostic):
    """Bytes that are not valid UTF-8 (the text was decoded with replacement characters).

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
    """

    code = "NL902"
    name = "undecodable-text"
    default_severity = Severity.WARNING


class MalformedRecord(EngineDiagnostic):
    """A record of a container file is not a valid JSON object.

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
    """

    code = "NL903"
    name = "malformed-record"


class MissingTextField(EngineDiagnostic):
    """A record has no text field, or its text field is not a string.

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
    """

    code = "NL904"
    name = "missing-text-field"


class RuleCrashed(EngineDiagnostic):
    """A rule raised an exception or returned something that is not a hit.

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
    """

    code = "NL905"
    name = "rule-crashed"


class OversizedInput(EngineDiagnostic):
    """A record or file exceeds the configured byte budget.

    Why is this bad?
        A 100 MB "article" is not an article: it is a concatenation, a binary
        blob or a decompression bomb. newslint skips it instead of exhausting
        memory, so it was not linted.

    Example:
        A JSONL line of 200 MB with ``max-record-bytes`` at its default (64 MiB).

    Use instead:
        Split or drop the record; raise ``max-record-bytes`` /
        ``max-file-bytes`` if such sizes are expected.

    Options:
        None (the budgets are the top-level ``max-record-bytes`` and
        ``max-file-bytes`` settings).
    """

    code = "NL906"
    name = "oversized-input"


class EmptyDocument(EngineDiagnostic):
    """A document whose text is empty or only whitespace.

    Why is this bad?
        An empty document is a failed extraction or a placeholder record. It
        inflates document counts and can end up as an empty training sample.

    Example:
        ``{"id": "x", "text": "   "}``

    Use instead:
        Drop the record, or re-extract the page.

    Options:
        None.
    """

    code = "NL907"
    name = "empty-document"
    default_severity = Severity.WARNING


class NoExtractableText(EngineDiagnostic):
    """An HTML page (or WARC response) from which no article text could be extracted.

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
    """

    code = "NL908"
    name = "no-extractable-text"
    default_severity = Severity.WARNING


class RuleTimeout(EngineDiagnostic):
    """A rule exceeded the per-document time budget.

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
    """

    code = "NL909"
    name = "rule-timeout"


class UnsupportedFormat(EngineDiagnostic):
    """A file given on the command line has a format no reader understands.

    Why is this bad?
        Nothing in it was linted. (Files of unknown formats found while walking
        a directory are skipped silently, as linters skip foreign files.)

    Example:
        ``newslint data.csv``

    Use instead:
        Convert the file to JSONL, or install a reader plugin for the format.

    Options:
        None.
    """

    code = "NL910"
    name = "unsupported-format"


class WorkerCrashed(EngineDiagnostic):
    """A worker process died while linting this file, also when retried alone.

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
    """

    code = "NL911"
    name = "worker-crashed"


DIAGNOSTICS = (
    UnreadableFile,
    UndecodableText,
    MalformedRecord,
    MissingTextField,
    RuleCrashed,
    OversizedInput,
    EmptyDocument,
    NoExtractableText,
    RuleTimeout,
    UnsupportedFormat,
    WorkerCrashed,
)


@hookimpl
def newslint_rules():
    return list(DIAGNOSTICS)

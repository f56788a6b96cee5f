"""Documents in, findings out.

The :class:`Linter` is a pure function from a source (or a document) to
sorted findings: it holds only immutable configuration (the selected rules
with their options and severities, the ignore tables, the input options), so
the same object can run in a worker process of ``-j N``, in a Dask worker or in
a datatrove step and give the same answer.

Error boundaries: every rule runs inside its own ``try``; an exception, a
wrong return type or a blown time budget becomes an ``NL905``/``NL909``
finding on the document and the other rules still run. Readers never raise for
bad input; what they could not read arrives as ``ReadProblem`` and becomes an
``NL9xx`` finding at its record.
"""

from __future__ import annotations

import copy
import os
import posixpath
import signal
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, Union

from ..diagnostics import (
    EMPTY_DOCUMENT,
    RULE_CRASHED,
    RULE_TIMEOUT,
    TOO_MANY_FINDINGS,
    UNREADABLE_FILE,
    UNSUPPORTED_FORMAT,
    WORKER_CRASHED,
    Diagnostic,
    EngineDiagnostic,
)
from ..model import Document, DocumentStats, Finding, Hit
from ..readers.base import InputOptions, Reader, ReadProblem, Source
from ..rule import Applicability, CorpusRule, DocRef, Remedy
from ..selection import ALL, ActiveRule, DiagnosticInfo, IgnoreTable, default_diagnostics
from .discovery import ReaderTable, Unreadable
from .timer import RuleTimeoutError, Timer

WHOLE_DOCUMENT = 0
# What pass 1 produces per document: where it is, its corpus source, and each corpus rule's observation.
Observations = tuple[DocRef, str, dict[str, object]]


@dataclass
class ShardResult:
    """What linting one source produced: findings in sorted order, and counts."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    documents: int = 0
    # False for the second and later shards of a file split by byte ranges.
    first_part: bool = True
    # One entry per document, in reading order; only with Linter(collect_document_stats=True).
    document_stats: list[DocumentStats] = field(default_factory=list)
    # Bytes of input this result stands for (the progress bar's unit; see source_size).
    size: int = 0


class Linter:
    """Runs selected rules over documents and stamps what they yield."""

    def __init__(
        self,
        rules: Sequence[ActiveRule],
        readers: Sequence[type[Reader]],
        *,
        diagnostics: Optional[Mapping[str, Optional[DiagnosticInfo]]] = None,
        input_options: InputOptions = InputOptions(),
        ignores: IgnoreTable = IgnoreTable((), ()),
        rule_timeout: float = 10.0,
        relative_to: Optional[str] = None,
        collect_document_stats: bool = False,
        max_findings_per_file: int = 0,
        read_timeout: float = 0.0,
    ) -> None:
        """``rules``: the selected rules with their stamped severities (see
        :func:`newslint.selection.select_rules`); ``diagnostics``: every NL9xx
        code with its stamped name and severity, ``None`` for a code the user
        ignored (default: the table's defaults, all reported)."""
        self.rules = tuple(rules)
        self.collect_document_stats = collect_document_stats
        self.table = ReaderTable(readers)
        self.input_options = input_options
        self.ignores = ignores
        self.rule_timeout = rule_timeout
        self.relative_to = relative_to
        self.max_findings_per_file = max_findings_per_file  # 0: no limit
        self.read_timeout = read_timeout  # seconds a reader may spend on one document; 0: no limit
        self.diagnostics: dict[str, Optional[DiagnosticInfo]] = dict(
            default_diagnostics() if diagnostics is None else diagnostics
        )
        # Rules that really run (diagnostics have no check()); corpus rules run
        # only once their pass-1 summary is known (see with_corpus).
        runnable = [a for a in self.rules if not isinstance(a.rule, EngineDiagnostic)]
        self.checkers = tuple(a for a in runnable if not isinstance(a.rule, CorpusRule))
        self.corpus_rules = tuple(a for a in runnable if isinstance(a.rule, CorpusRule))
        self.summaries: Mapping[str, object] = {}
        self.defers = {a.code: a.rule.defers_to for a in self.rules if a.rule.defers_to}
        # Per finding, str() of an enum and Remedy(...) were a tenth of stamping: once per rule instead.
        self._remedies = {a.code: _remedy(a) for a in self.rules}
        self._timer: Optional[Timer] = None

    def with_corpus(self, summaries: Mapping[str, object]) -> Linter:
        """A copy of this linter that also runs the corpus rules, with their pass-1 summaries."""
        clone = copy.copy(self)
        clone.summaries = dict(summaries)
        clone._timer = None
        return clone

    # -- documents ----------------------------------------------------------
    def lint_document(self, doc: Document) -> list[Finding]:
        """All findings for one document, sorted."""
        findings: list[Finding] = []
        # Most runs configure no per-file/per-host ignores: then no path arithmetic per document.
        ignored = self.ignores.ignored_prefixes(self._match_path(doc.path), doc.host) if self.ignores else ()
        # Suppressions in the data (the record's ignore field) and per-document-ignores: the
        # document's rules do not run, and its diagnostics are dropped too.
        own = self.ignores.document_prefixes(doc.doc_id, doc.url, doc.extra)
        if own:
            ignored = (*ignored, *own)
            return [f for f in self._lint_document(doc, ignored, findings) if not starts_with_any(f.code, own)]
        return self._lint_document(doc, ignored, findings)

    def _lint_document(self, doc: Document, ignored: tuple[str, ...], findings: list[Finding]) -> list[Finding]:
        if not doc.text or doc.text.isspace():  # (strip() would copy a 50 MB text)
            self._diagnostic(
                findings,
                EMPTY_DOCUMENT,
                "Document text is empty",
                doc.path,
                doc.record,
                doc_id=doc.doc_id,
                fix=remedy_fix(doc, EMPTY_DOCUMENT.remedy, EMPTY_DOCUMENT.fix_applicability.value, 0, 0, 0, 0),
            )
            return findings
        # One time budget per document (two system calls), not one per rule;
        # after a timeout the remaining rules get a fresh budget.
        timer = self._timer_for_thread()
        timer.start()
        try:
            for active in self._runnable():
                if ignored and starts_with_any(active.code, ignored):
                    continue
                try:
                    self._run_rule(active, doc, findings)
                except RuleTimeoutError:
                    self._diagnostic(
                        findings,
                        RULE_TIMEOUT,
                        f"Rule {active.code} ({active.name}) took longer than {self.rule_timeout:g} s on this document",
                        doc.path,
                        doc.record,
                        doc_id=doc.doc_id,
                    )
                    timer.start()
        finally:
            timer.stop()
        findings.sort()
        return self._drop_deferred(findings) if self.defers else findings

    def _runnable(self) -> tuple[ActiveRule, ...]:
        if not self.summaries:
            return self.checkers
        return self.checkers + tuple(a for a in self.corpus_rules if a.code in self.summaries)

    def _drop_deferred(self, findings: list[Finding]) -> list[Finding]:
        """Drop hits of rules with ``defers_to`` on lines where a rule they defer to is reported."""
        defers = self.defers
        codes_on: dict[int, set[str]] = {}
        for f in findings:
            codes_on.setdefault(f.line, set()).add(f.code)
        dropped_on = {
            line: dropped
            for line, codes in codes_on.items()
            if len(codes) > 1 and not codes.isdisjoint(defers)
            for dropped in (deferred_codes(codes, defers),)
            if dropped
        }
        if not dropped_on:
            return findings
        return [f for f in findings if f.code not in dropped_on.get(f.line, ())]

    def _run_rule(self, active: ActiveRule, doc: Document, findings: list[Finding]) -> None:
        """Run one rule on one document; a crash or a malformed hit costs only this rule here."""
        stamped: list[Finding] = []
        try:
            rule = active.rule
            if isinstance(rule, CorpusRule):
                hits = rule.check_corpus(doc, self.summaries[active.code], corpus_source(doc)) or ()
            else:
                hits = rule.check(doc) or ()
            for hit in hits:
                problem = malformed_hit(hit)
                if problem:
                    self._diagnostic(
                        findings,
                        RULE_CRASHED,
                        f"Rule {active.code} ({active.name}) {problem}",
                        doc.path,
                        doc.record,
                        doc_id=doc.doc_id,
                    )
                    return
                stamped.append(self.stamp(active, doc, hit))
        except RuleTimeoutError:
            raise
        except BaseException as exc:  # the error boundary: a crashing rule is a finding
            # SystemExit, GeneratorExit, a plugin's own BaseException too: a plugin must not end
            # the run. KeyboardInterrupt is the user's Ctrl-C, unless SIGINT is ignored (in a
            # worker process, where only code can raise it).
            if isinstance(exc, KeyboardInterrupt) and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
                raise
            self._diagnostic(
                findings,
                RULE_CRASHED,
                f"Rule {active.code} ({active.name}) crashed: {type(exc).__name__}: {exc}",
                doc.path,
                doc.record,
                doc_id=doc.doc_id,
            )
            return
        findings.extend(stamped)

    def _remedy_of(self, active: ActiveRule) -> tuple[str, Remedy]:
        """The rule's fix applicability (as written in findings) and remedy, looked up once per rule."""
        found = self._remedies.get(active.code)
        if found is None:  # a rule stamped without being selected (a test's own ActiveRule)
            found = _remedy(active)
        return found

    def stamp(self, active: ActiveRule, doc: Document, hit: Hit) -> Finding:
        """Turn a rule's hit into a located finding with code, name and severity."""
        if hit.start is None:
            line = column = end_line = end_column = WHOLE_DOCUMENT
            line_text = ""
        else:
            start = max(0, min(hit.start, len(doc.text)))
            end = max(start, min(hit.end if hit.end is not None else start, len(doc.text)))
            line, column = doc.position(start)
            end_line, end_column = doc.position(end)
            line_text = doc.lines[line - 1].text
        applicability, remedy = self._remedy_of(active)
        fix = None
        if hit.fix is not None:
            fix_start, fix_end = doc.position(hit.fix.start), doc.position(hit.fix.end)
            fix = {
                "description": hit.fix.description,
                "replacement": hit.fix.replacement,
                "start": {"line": fix_start[0], "column": fix_start[1]},
                "end": {"line": fix_end[0], "column": fix_end[1]},
                "applicability": applicability,
                "kind": "edit",
            }
        else:
            fix = remedy_fix(doc, remedy, applicability, line, column, end_line, end_column)
        message, element = hit.message, None
        if doc.locate_element is not None and line >= 1:
            # Line numbers count in the extracted text: name the source element and quote the line.
            element = doc.locate_element(line_text)
            message = (
                f'{message} (in {element}: "{quote(line_text)}")' if element else f'{message} ("{quote(line_text)}")'
            )
        return Finding(
            path=doc.path,
            record=doc.record,
            line=line,
            column=column,
            code=active.code,
            end_line=end_line,
            end_column=end_column,
            rule=active.name,
            severity=active.severity,
            message=message,
            doc_id=doc.doc_id,
            fix=fix,
            line_text=line_text,
            element=element,
            confidence=hit.confidence,
        )

    # -- sources ------------------------------------------------------------
    def lint_source(self, source: Union[Source, Unreadable]) -> ShardResult:
        """Read one source and lint every document in it; never raises for bad input."""
        if isinstance(source, Unreadable):
            result = ShardResult(source.path)
            self._problem(result.findings, source.path, source.problem)
            return result
        result = ShardResult(
            source.path, first_part=not source.byte_range or source.byte_range[0] == 0, size=source_size(source)
        )
        reader_cls = self.table.for_source(source)
        if reader_cls is None:
            self._problem(result.findings, source.path, UNSUPPORTED_FORMAT.problem("No reader for this input"))
            return result
        kept = _Capped(result.findings, self.max_findings_per_file)
        reading = _Timed(reader_cls().read(source, self.input_options), self._timer_for_thread(), self.read_timeout)
        try:
            for item in reading:
                if isinstance(item, Document):
                    result.documents += 1
                    found = self.lint_document(item)
                    kept.extend(found)
                    if self.collect_document_stats:
                        result.document_stats.append(document_stats(item, len(found)))
                else:
                    problems: list[Finding] = []
                    self._problem(problems, source.path, item)
                    kept.extend(problems)
        except Exception as exc:  # a reader bug must not kill the run either
            self._problem(
                result.findings,
                source.path,
                UNREADABLE_FILE.problem(f"Reader {reader_cls.name!r} crashed: {type(exc).__name__}: {exc}"),
            )
        if reading.expired:
            after = f" after record {reading.last_record}" if reading.last_record is not None else ""
            self._problem(
                result.findings,
                source.path,
                UNREADABLE_FILE.problem(
                    f"Reading or extracting one document took longer than read-timeout ({self.read_timeout:g} s)"
                    f"{after}; it and the rest of the file were not linted",
                    reading.next_record(),
                ),
            )
        if kept.dropped:
            self._diagnostic(
                result.findings,
                TOO_MANY_FINDINGS,
                (
                    f"{kept.dropped} more findings in this file were not reported "
                    f"(max-findings-per-file is {self.max_findings_per_file})"
                ),
                source.path,
                None,
            )
        result.findings.sort()
        return result

    def problem_findings(self, path: str, problem: ReadProblem) -> list[Finding]:
        """The finding for a reader's problem (what a record without text becomes), unless ignored."""
        findings: list[Finding] = []
        self._problem(findings, path, problem)
        return findings

    def worker_crashed(self, source: Union[Source, Unreadable], reason: str) -> ShardResult:
        """The result of a source whose worker process died under it twice (see parallel.py)."""
        result = ShardResult(source.path)
        self._problem(
            result.findings,
            source.path,
            WORKER_CRASHED.problem(
                f"Worker process {reason} while linting this file (also when retried alone); it was not linted"
            ),
        )
        return result

    def observe_source(self, source: Union[Source, Unreadable]) -> list[Observations]:
        """Pass 1 of the corpus rules for one source, as a list (what a worker sends back)."""
        return list(self.iter_observations(source))

    def iter_observations(self, source: Union[Source, Unreadable]) -> Iterator[Observations]:
        """Pass 1 of the corpus rules: one observation per document and corpus rule.

        Read problems and crashing observers are left to pass 2, which reports
        what is wrong with the source; here they only mean "no observation".
        """
        if isinstance(source, Unreadable):
            return
        reader_cls = self.table.for_source(source)
        if reader_cls is None:
            return
        try:
            # A blown read budget only ends pass 1 for this source: pass 2 reports it.
            for item in _Timed(
                reader_cls().read(source, self.input_options), self._timer_for_thread(), self.read_timeout
            ):
                if not isinstance(item, Document) or not item.text or item.text.isspace():
                    continue
                observations: dict[str, object] = {}
                for active in self.corpus_rules:
                    try:
                        observations[active.code] = active.rule.observe(item)  # type: ignore[attr-defined]
                    except Exception:  # reported in pass 2 by check_corpus's own boundary, if it fails too
                        continue
                yield DocRef(item.path, item.record, item.doc_id), corpus_source(item), observations
        except Exception:
            return  # the same failure is reported, located, by pass 2

    # -- helpers ------------------------------------------------------------
    def _match_path(self, path: str) -> str:
        if self.relative_to and path != "-":
            try:
                return os.path.relpath(os.path.abspath(path), self.relative_to).replace(os.sep, "/")
            except ValueError:  # different drive on Windows
                return path
        return path

    def _timer_for_thread(self) -> Timer:
        if self._timer is None:
            self._timer = Timer(self.rule_timeout)
        return self._timer

    def _problem(self, findings: list[Finding], path: str, problem: ReadProblem, doc_id: Optional[str] = None) -> None:
        code = problem.code
        message = problem.message
        if code not in self.diagnostics:  # a plugin reader's undeclared code: an error, never dropped
            code, message = (
                UNREADABLE_FILE.code,
                f"Reader reported the undeclared problem code {problem.code!r}: {message}",
            )
        self._diagnostic(findings, code, message, path, problem.record, problem.line, problem.column, doc_id)

    def _diagnostic(
        self,
        findings: list[Finding],
        diagnostic: Union[Diagnostic, str],
        message: str,
        path: str,
        record: Optional[int],
        line: int = 0,
        column: int = 0,
        doc_id: Optional[str] = None,
        fix: Optional[Mapping[str, Any]] = None,
    ) -> None:
        code = diagnostic.code if isinstance(diagnostic, Diagnostic) else diagnostic
        info = self.diagnostics.get(code)
        if info is None or (self.ignores and self.ignores.is_ignored(code, self._match_path(path), None)):
            return  # ignored by its own code (house rule: never hidden by --select)
        findings.append(
            Finding(
                path=path,
                record=record,
                line=line,
                column=column,
                code=code,
                end_line=line,
                end_column=column,
                rule=info.name,
                severity=info.severity,
                message=message,
                doc_id=doc_id,
                fix=fix,
            )
        )

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_timer"] = None  # signal handlers do not travel
        return state


def _remedy(active: ActiveRule) -> tuple[str, Remedy]:
    rule = active.rule
    return str(getattr(rule, "fix_applicability", Applicability.UNSAFE)), Remedy(getattr(rule, "remedy", Remedy.NONE))


def quote(text: str, limit: int = 60) -> str:
    """``text`` stripped and cut to ``limit`` characters (with "…"), for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def source_size(source: Union[Source, Unreadable]) -> int:
    """Bytes of input a source (or a shard of one) stands for: its byte range, data or file size."""
    if isinstance(source, Unreadable):
        return 0
    if source.byte_range is not None:
        return source.byte_range[1] - source.byte_range[0]
    if source.data is not None:
        return len(source.data)
    try:
        return os.stat(source.fs_path).st_size if source.fs_path is not None else 0
    except OSError:
        return 0


def starts_with_any(code: str, prefixes: tuple[str, ...]) -> bool:
    """Whether ``code`` matches one of ``prefixes`` (``ALL`` matches every code)."""
    return any(code.startswith(prefix) or prefix == ALL for prefix in prefixes)


_NOTHING = object()


class _Timed:
    """A reader's items, each produced within ``seconds`` (0: no budget); ends when one is not.

    The budget covers reading, decoding and HTML extraction of one document (a
    page of 500,000 attributes, a FIFO that never writes). The reader is closed
    where it stalled; ``expired`` tells the caller to report it.
    """

    def __init__(self, items: Iterable[Any], timer: Timer, seconds: float) -> None:
        self.items = iter(items)
        self.timer = timer
        self.seconds = seconds
        self.expired = False
        self.last_record: Optional[int] = None

    def __iter__(self) -> Iterator[Any]:
        while not self.expired:
            item: Any = _NOTHING
            if self.seconds:
                self.timer.start(self.seconds)
            try:
                item = next(self.items)
            except StopIteration:
                return
            except RuleTimeoutError:
                self.expired = True  # (an item the alarm came just after is still handed on)
                close = getattr(self.items, "close", None)
                if close is not None:
                    close()
            finally:
                if self.seconds:
                    self.timer.stop()
            if item is _NOTHING:
                return
            record = getattr(item, "record", None)
            if isinstance(record, int):
                self.last_record = record
            yield item

    def next_record(self) -> Optional[int]:
        return None if self.last_record is None else self.last_record + 1


class _Capped:
    """The findings of one file, at most ``cap`` of them (0: all); the rest are only counted.

    Memory is bounded by the cap, not by what a file can provoke (a 2 KB ``.xz``
    of a million empty records gives a million findings).
    """

    __slots__ = ("findings", "cap", "dropped")

    def __init__(self, findings: list[Finding], cap: int) -> None:
        self.findings = findings
        self.cap = cap
        self.dropped = 0

    def extend(self, found: list[Finding]) -> None:
        if not self.cap:
            self.findings.extend(found)
            return
        room = max(0, self.cap - len(self.findings))
        self.findings.extend(found[:room])
        self.dropped += max(0, len(found) - room)


def malformed_hit(hit: object) -> Optional[str]:
    """Why a rule's output is not a usable Hit (None when it is)."""
    if not isinstance(hit, Hit):
        return f"yielded {type(hit).__name__}, not newslint.Hit"
    if not isinstance(hit.message, str):
        return f"yielded a Hit whose message is {type(hit.message).__name__}, not str"
    for name in ("start", "end"):
        value = getattr(hit, name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            return f"yielded a Hit whose {name} is {type(value).__name__}, not int"
    if hit.start is None and hit.end is not None:
        return "yielded a Hit with an end but no start"
    return None


_REMEDY_DESCRIPTIONS = {
    Remedy.DELETE_SPAN: "Delete the reported text",
    Remedy.DROP_DOCUMENT: "Drop the document",
}


def remedy_fix(
    doc: Document, remedy: Remedy, applicability: str, line: int, column: int, end_line: int, end_column: int
) -> Optional[dict[str, Any]]:
    """The json-lines ``fix`` of a finding from its rule's declared remedy (``None`` for ``Remedy.NONE``).

    ``delete-line`` covers the finding's lines and the newline after the last
    one (to the start of the next line); ``drop-document`` covers the whole
    text; a remedy that does not fit the finding (a line remedy on a
    whole-document finding) gives no fix.
    """
    if remedy is Remedy.NONE:
        return None
    last = len(doc.lines)
    if remedy is Remedy.DROP_DOCUMENT:
        start, end = (1, 1), (last, len(doc.lines[-1].text) + 1)
        description = _REMEDY_DESCRIPTIONS[remedy]
    elif line == WHOLE_DOCUMENT:
        return None
    elif remedy is Remedy.DELETE_LINE:
        if end_line > line and end_column == 1:
            end_line -= 1  # a span ending at the start of a line does not cover it
        start = (line, 1)
        end = (end_line + 1, 1) if end_line < last else (end_line, len(doc.lines[end_line - 1].text) + 1)
        description = f"Delete line {line}" if end_line == line else f"Delete lines {line}-{end_line}"
    else:
        start, end = (line, column), (end_line, end_column)
        description = _REMEDY_DESCRIPTIONS[remedy]
    return {
        "description": description,
        "replacement": "",
        "start": {"line": start[0], "column": start[1]},
        "end": {"line": end[0], "column": end[1]},
        "applicability": applicability,
        "kind": remedy.value,
    }


def document_stats(doc: Document, findings: int) -> DocumentStats:
    """The numbers ``newslint report`` keeps about a document (see ``collect_document_stats``)."""
    text = doc.text
    return DocumentStats(
        doc.path,
        doc.record,
        corpus_source(doc),
        len(text),
        text.count("\n") + 1,
        len(text.encode("utf-8", "surrogatepass")),
        findings,
        doc.date,
    )


def corpus_source(doc: Document) -> str:
    """What corpus rules group documents by: the host, else the folder or container file."""
    if doc.host:
        return doc.host
    if doc.record is None:
        return posixpath.dirname(doc.path) or "."
    return doc.path


def deferred_codes(codes: set[str], defers: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Of the codes reported on one line, those whose findings give way: every code that defers (by
    prefix) to another code on the line. When every code there defers to another one (rules that defer
    to each other), the lowest code still reports the line, so two plugins that defer to each other
    cannot make it vanish."""
    dropped = {
        code for code in codes if any(other != code and other.startswith(defers.get(code, ())) for other in codes)
    }
    if dropped == codes:
        dropped.discard(min(codes))
    return dropped

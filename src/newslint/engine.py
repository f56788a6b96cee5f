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

import os
import signal
from collections import deque
from itertools import chain, islice
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from typing import Iterable, Iterator, Mapping, Optional, Sequence, Union

from .discovery import ReaderTable, Unreadable
from .model import Document, Finding, Hit, Severity
from .readers.base import InputOptions, ReadProblem, Reader, Source
from .rule import Rule
from .selection import ActiveRule, IgnoreTable, severity_for

WHOLE_DOCUMENT = 0


class RuleTimeoutError(Exception):
    """Raised inside a rule when it exceeds the per-document time budget."""


@dataclass
class ShardResult:
    """What linting one source produced: findings in sorted order, and counts."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    documents: int = 0


@dataclass(frozen=True)
class DiagnosticInfo:
    """Name and stamped severity of an NL9xx code, or None when it is not selected."""

    name: str
    severity: Severity


class _Timer:
    """A per-call time budget using SIGALRM (main thread of a Unix process only).

    Elsewhere (threads, Windows) the budget is not enforced; the rule still runs.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.enabled = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        if self.enabled:
            signal.signal(signal.SIGALRM, self._expire)

    @staticmethod
    def _expire(signum, frame):  # pragma: no cover - timing dependent
        raise RuleTimeoutError

    def start(self) -> None:
        if self.enabled:
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def stop(self) -> None:
        if self.enabled:
            signal.setitimer(signal.ITIMER_REAL, 0)


class Linter:
    """Runs selected rules over documents and stamps what they yield."""

    def __init__(
        self,
        rules: Sequence[ActiveRule],
        readers: Sequence[type[Reader]],
        *,
        all_rules: Mapping[str, type[Rule]],
        input_options: InputOptions = InputOptions(),
        ignores: IgnoreTable = IgnoreTable((), ()),
        severity_overrides: Mapping[str, Severity] | None = None,
        rule_timeout: float = 10.0,
        relative_to: Optional[str] = None,
    ) -> None:
        self.rules = tuple(rules)
        self.table = ReaderTable(readers)
        self.input_options = input_options
        self.ignores = ignores
        self.rule_timeout = rule_timeout
        self.relative_to = relative_to
        selected = {active.code for active in self.rules}
        overrides = severity_overrides or {}
        # NL9xx codes are stamped by the engine; only selected ones are reported.
        self.diagnostics: dict[str, DiagnosticInfo] = {
            code: DiagnosticInfo(rule.name, severity_for(code, rule.default_severity, overrides))
            for code, rule in all_rules.items()
            if getattr(rule, "engine_emitted", False) and code in selected
        }
        # Rules that really run (diagnostics have no check()).
        self.checkers = tuple(a for a in self.rules if not getattr(a.rule, "engine_emitted", False))
        self._timer: Optional[_Timer] = None

    # -- documents ----------------------------------------------------------
    def lint_document(self, doc: Document) -> list[Finding]:
        """All findings for one document, sorted."""
        findings: list[Finding] = []
        ignored = self.ignores.ignored_prefixes(self._match_path(doc.path), doc.host)
        if not doc.text.strip():
            self._diagnostic(findings, "NL907", "Document text is empty", doc.path, doc.record, doc_id=doc.doc_id)
            return findings
        # One time budget per document (two system calls), not one per rule;
        # after a timeout the remaining rules get a fresh budget.
        timer = self._timer_for_thread()
        timer.start()
        try:
            for active in self.checkers:
                if ignored and any(active.code.startswith(prefix) for prefix in ignored):
                    continue
                try:
                    self._run_rule(active, doc, findings)
                except RuleTimeoutError:
                    self._diagnostic(
                        findings, "NL909",
                        f"Rule {active.code} ({active.name}) took longer than {self.rule_timeout:g} s on this document",
                        doc.path, doc.record, doc_id=doc.doc_id,
                    )
                    timer.start()
        finally:
            timer.stop()
        findings.sort()
        return findings

    def _run_rule(self, active: ActiveRule, doc: Document, findings: list[Finding]) -> None:
        try:
            hits = list(active.rule.check(doc) or ())
        except RuleTimeoutError:
            raise
        except Exception as exc:  # the error boundary: a crashing rule is a finding
            self._diagnostic(
                findings, "NL905", f"Rule {active.code} ({active.name}) crashed: {type(exc).__name__}: {exc}",
                doc.path, doc.record, doc_id=doc.doc_id,
            )
            return
        for hit in hits:
            if not isinstance(hit, Hit):
                self._diagnostic(
                    findings, "NL905",
                    f"Rule {active.code} ({active.name}) yielded {type(hit).__name__}, not newslint.Hit",
                    doc.path, doc.record, doc_id=doc.doc_id,
                )
                return
            findings.append(self.stamp(active, doc, hit))

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
        fix = None
        if hit.fix is not None:
            fix_start, fix_end = doc.position(hit.fix.start), doc.position(hit.fix.end)
            fix = {
                "description": hit.fix.description,
                "replacement": hit.fix.replacement,
                "start": {"line": fix_start[0], "column": fix_start[1]},
                "end": {"line": fix_end[0], "column": fix_end[1]},
            }
        return Finding(
            path=doc.path, record=doc.record, line=line, column=column, code=active.code,
            end_line=end_line, end_column=end_column, rule=active.name, severity=active.severity,
            message=hit.message, doc_id=doc.doc_id, fix=fix, line_text=line_text,
        )

    # -- sources ------------------------------------------------------------
    def lint_source(self, source: Union[Source, Unreadable]) -> ShardResult:
        """Read one source and lint every document in it; never raises for bad input."""
        if isinstance(source, Unreadable):
            result = ShardResult(source.path)
            self._problem(result.findings, source.path, source.problem)
            return result
        result = ShardResult(source.path)
        reader_cls = self.table.for_source(source)
        if reader_cls is None:
            self._problem(result.findings, source.path, ReadProblem("NL910", "No reader for this input"))
            return result
        try:
            for item in reader_cls().read(source, self.input_options):
                if isinstance(item, Document):
                    result.documents += 1
                    result.findings.extend(self.lint_document(item))
                else:
                    self._problem(result.findings, source.path, item)
        except Exception as exc:  # a reader bug must not kill the run either
            self._problem(result.findings, source.path, ReadProblem(
                "NL901", f"Reader {reader_cls.name!r} crashed: {type(exc).__name__}: {exc}"))
        result.findings.sort()
        return result

    # -- helpers ------------------------------------------------------------
    def _match_path(self, path: str) -> str:
        if self.relative_to and path != "-":
            try:
                return os.path.relpath(os.path.abspath(path), self.relative_to).replace(os.sep, "/")
            except ValueError:  # different drive on Windows
                return path
        return path

    def _timer_for_thread(self) -> _Timer:
        if self._timer is None:
            self._timer = _Timer(self.rule_timeout)
        return self._timer

    def _problem(self, findings: list[Finding], path: str, problem: ReadProblem, doc_id: Optional[str] = None) -> None:
        self._diagnostic(findings, problem.code, problem.message, path, problem.record, problem.line, problem.column, doc_id)

    def _diagnostic(
        self, findings: list[Finding], code: str, message: str, path: str, record: Optional[int],
        line: int = 0, column: int = 0, doc_id: Optional[str] = None,
    ) -> None:
        info = self.diagnostics.get(code)
        if info is None or self.ignores.is_ignored(code, self._match_path(path), None):
            return
        findings.append(Finding(
            path=path, record=record, line=line, column=column, code=code, end_line=line,
            end_column=column, rule=info.name, severity=info.severity, message=message, doc_id=doc_id,
        ))

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_timer"] = None  # signal handlers do not travel
        return state


# -- running over many sources ------------------------------------------------
_WORKER: Optional[Linter] = None


def _init_worker(linter: Linter) -> None:
    global _WORKER
    _WORKER = linter
    # Ctrl-C is handled once, by the parent process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _lint_in_worker(source: Union[Source, Unreadable]) -> ShardResult:
    assert _WORKER is not None
    return _WORKER.lint_source(source)


def run(linter: Linter, sources: Iterable[Union[Source, Unreadable]], jobs: int = 1) -> Iterator[ShardResult]:
    """Lint every source, yielding results in the order of ``sources`` whatever ``jobs`` is.

    With ``jobs > 1`` sources are linted in worker processes; a bounded window
    of submitted sources keeps memory flat for corpora of millions of files.
    """
    iterator = iter(sources)
    head = list(islice(iterator, 2))
    # A single file (pre-commit's usual case) is linted in-process: no pool start-up.
    if jobs <= 1 or len(head) < 2:
        for source in chain(head, iterator):
            yield linter.lint_source(source)
        return
    # fork: workers inherit the loaded plugins instead of importing them again.
    context = get_context("fork") if "fork" in get_all_start_methods() else get_context()
    window = jobs * 4
    pending: deque[Future] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(linter,)) as pool:
        for source in chain(head, iterator):
            pending.append(pool.submit(_lint_in_worker, source))
            if len(pending) >= window:
                yield pending.popleft().result()
        for future in pending:
            yield future.result()

"""``newslint clean PATH... -o OUT``: write the corpus without the defects newslint can fix.

Streaming design: the linter runs exactly as for ``newslint PATH`` (the same
:func:`newslint.app.execute`, so ``-j N`` and ``--scheduler`` work and corpus
rules see the whole corpus), and the results come back in file order. For each
file, the main process keeps only the findings that carry an applicable fix
(small: a few per document) and then re-reads the file, record by record, in
the reader's order, writing each record with its text fixed. Shipping the
cleaned text back from the workers instead would hold a whole file's text in
the result; re-reading costs one more sequential read per file, from the page
cache, and keeps memory flat (one record, or one Parquet batch, at a time;
a ``.json`` file is parsed whole, as its reader does).

Every output is written to a temporary file beside its destination, flushed,
fsynced and renamed over it, so a file is always either the old or the new
version (``--in-place`` included). A file with read problems (``NL901``-
``NL906``, or ``NL911``: its worker died) is copied unchanged and reported.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, Optional, Sequence, TextIO, Union

from .. import app
from ..arguments import Parser, UsageError, comma_list
from ..diagnostics import READ_PROBLEMS
from ..engine import ShardResult, Unreadable
from ..model import Finding
from ..readers.base import Source
from ..rule import Applicability, CorpusRule, Remedy
from .apply import applicable
from .writers import DocChange, FileDropped, compress, writer_for

REMOVED_FILE = "removed.jsonl"
REMOVED_KEYS = (
    "path",
    "record",
    "doc_id",
    "line",
    "column",
    "code",
    "kind",
    "applicability",
    "bytes",
    "text",
    "reason",
)


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="newslint clean",
        description="Write the corpus without the defects newslint can fix: "
        "safe fixes by default, unsafe ones with --unsafe-fixes.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to clean (default: .)")
    out = p.add_argument_group("what to do")
    out.add_argument(
        "-o",
        "--output-dir",
        metavar="OUT",
        help="write the cleaned files under OUT (same relative paths) and OUT/removed.jsonl",
    )
    out.add_argument("--in-place", action="store_true", help="replace the input files (atomically)")
    out.add_argument("--diff", action="store_true", help="print a unified diff per changed document; write nothing")
    out.add_argument("--dry-run", action="store_true", help="print only the statistics; write nothing")
    out.add_argument(
        "--removed-file",
        metavar="FILE",
        help="where to write the removal log (default: OUT/removed.jsonl; none with --in-place unless given)",
    )
    out.add_argument(
        "--unsafe-fixes", action="store_true", help="also apply unsafe fixes (low-confidence rules, near duplicates)"
    )
    out.add_argument("-q", "--quiet", action="store_true", help="print no statistics")
    sel = p.add_argument_group("rule selection and input (as for newslint PATH)")
    sel.add_argument("--select", type=comma_list)
    sel.add_argument("--extend-select", type=comma_list)
    sel.add_argument("--ignore", type=comma_list)
    sel.add_argument("--preview", action="store_true", default=None)
    sel.add_argument("--text-field")
    sel.add_argument("--id-field")
    sel.add_argument("--preset")
    sel.add_argument("--exclude", type=comma_list)
    sel.add_argument("--extend-exclude", type=comma_list)
    run_ = p.add_argument_group("running")
    run_.add_argument("-j", "--jobs", type=int)
    run_.add_argument("--scheduler", metavar="ADDRESS")
    run_.add_argument("--config")
    run_.add_argument("--isolated", action="store_true")
    run_.add_argument("--rulepath", action="append")
    run_.add_argument("--disable-plugin", action="append", dest="disable_plugins")
    return p


_SETTING_KEYS = (
    "select",
    "extend_select",
    "ignore",
    "preview",
    "text_field",
    "id_field",
    "preset",
    "exclude",
    "extend_exclude",
    "jobs",
    "scheduler",
    "rulepath",
    "disable_plugins",
)


# -- statistics -------------------------------------------------------------------
@dataclass
class CodeStats:
    lines: int = 0
    documents: int = 0
    bytes: int = 0


@dataclass
class CleanStats:
    """What a clean run did, per code and per file."""

    by_code: dict[str, CodeStats] = field(default_factory=dict)
    files: int = 0
    changed_files: int = 0
    documents_changed: int = 0
    duplicates_once_cleaned: int = 0  # dropped by the second round (see _second_round)
    copied: list[tuple[str, str]] = field(default_factory=list)  # (path, why) of files copied unchanged

    def add(self, change: DocChange, first_round: bool = True) -> None:
        if first_round:
            self.documents_changed += 1
        else:
            self.duplicates_once_cleaned += 1
        dropped_by = None
        for piece in change.cleaned.removed:
            stats = self.by_code.setdefault(piece.code, CodeStats())
            stats.bytes += piece.bytes
            if piece.kind == "drop-document":
                dropped_by = dropped_by or piece.code
            else:
                stats.lines += piece.text.strip("\r\n").count("\n") + 1
        if dropped_by is not None:
            self.by_code[dropped_by].documents += 1

    def write(self, stream: TextIO) -> None:
        stream.write(f"{'code':<8}{'lines':>8}{'documents':>11}{'bytes':>12}\n")
        total = CodeStats()
        for code in sorted(self.by_code):
            s = self.by_code[code]
            total.lines, total.documents, total.bytes = (
                total.lines + s.lines,
                total.documents + s.documents,
                total.bytes + s.bytes,
            )
            stream.write(f"{code:<8}{s.lines:>8}{s.documents:>11}{s.bytes:>12}\n")
        stream.write(f"{'total':<8}{total.lines:>8}{total.documents:>11}{total.bytes:>12}\n")
        for path, why in self.copied:
            stream.write(f"{path}: copied unchanged ({why})\n")
        more = ""
        if self.duplicates_once_cleaned:
            more = f", then dropped {self.duplicates_once_cleaned} that were duplicates once cleaned"
        stream.write(
            f"Cleaned {self.documents_changed} documents in {self.changed_files} of {self.files} files{more}.\n"
        )


# -- output files -----------------------------------------------------------------
class AtomicFile:
    """A file written beside ``target`` and renamed over it only once complete (fsynced)."""

    def __init__(self, target: Path, compression: Optional[str], mode_from: Optional[Path] = None) -> None:
        self.target = target
        self.mode_from = mode_from
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".newslint-tmp")
        self.temp = Path(name)
        self.raw: BinaryIO = os.fdopen(fd, "wb")
        self.stream = compress(self.raw, compression)

    def commit(self) -> None:
        if self.stream is not self.raw:
            self.stream.close()
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        try:  # the input's permissions (mkstemp creates 0600)
            mode = (self.mode_from or self.target).stat().st_mode & 0o777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(self.temp, mode)
        os.replace(self.temp, self.target)

    def abort(self) -> None:
        try:
            if self.stream is not self.raw:
                self.stream.close()
        except Exception:  # noqa: BLE001 - the temporary file is discarded anyway
            pass
        self.raw.close()
        self.temp.unlink(missing_ok=True)


def copy_atomically(source: Path, target: Path) -> None:
    out = AtomicFile(target, None, mode_from=source)
    try:
        with open(source, "rb") as f:
            shutil.copyfileobj(f, out.raw, 1 << 20)
    except BaseException:
        out.abort()
        raise
    out.commit()


# -- the run ----------------------------------------------------------------------
@dataclass
class Target:
    """Where the cleaned files go: ``out`` (a folder) or the inputs themselves; ``None`` writes nothing."""

    out: Optional[Path]
    in_place: bool
    roots: list[tuple[Path, bool]]  # the PATH arguments, resolved, and whether each is a folder

    def writes(self) -> bool:
        return self.in_place or self.out is not None

    def path_for(self, source: Source) -> Path:
        assert source.fs_path is not None
        if self.in_place:
            return source.fs_path
        assert self.out is not None
        resolved = source.fs_path.resolve()
        for root, is_dir in self.roots:
            if is_dir and resolved.is_relative_to(root):
                return self.out / resolved.relative_to(root)
            if not is_dir and resolved == root:
                return self.out / root.name
        return self.out / source.fs_path.name


class _TextSink:
    """Text lines written as UTF-8 to a binary stream."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw

    def write(self, text: str) -> None:
        self.raw.write(text.encode("utf-8", "surrogatepass"))

    def flush(self) -> None:
        self.raw.flush()


class Cleaner:
    """Turns each file's results into its cleaned file, the removal log and statistics."""

    def __init__(
        self,
        application: app.Application,
        target: Target,
        *,
        unsafe: bool,
        diff: Optional[TextIO],
        removed: Optional[_TextSink],
    ) -> None:
        self.options = application.linter.input_options
        self.target = target
        self.unsafe = unsafe
        self.diff = diff
        self.removed = removed
        self.stats = CleanStats()
        # Written or copied file (resolved) -> (its input's path, the input records dropped from it),
        # so that a second round on the output can name input records (see _second_round).
        self.origins: dict[str, tuple[str, list[int]]] = {}
        self.remap: Optional[Callable[[str, Optional[int]], tuple[str, Optional[int]]]] = None
        self.counting = True

    def run(self, results: Iterable[ShardResult]) -> CleanStats:
        for path, findings in _by_file(results):
            self.file(path, findings)
        return self.stats

    def file(self, path: str, findings: list[Finding]) -> None:
        if path == "-":
            raise UsageError("newslint clean cannot clean standard input")
        self.stats.files += self.counting
        source = Source.from_path(path)
        problems = sorted({f.code for f in findings if f.code in READ_PROBLEMS})
        writer = writer_for(source)
        if problems or writer is None:
            why = (
                f"read problems {', '.join(problems)}"
                if problems
                else f"newslint cannot write {source.format_suffix or 'this format'} back"
            )
            if problems or any(applicable(f, self.unsafe) for f in findings):
                self.stats.copied.append((path, why))
            self._copy(source)
            return
        plan: dict[Optional[int], list[Finding]] = {}
        for finding in findings:
            if applicable(finding, self.unsafe):
                plan.setdefault(finding.record, []).append(finding)
        if not plan:
            self._copy(source)
            return
        self.stats.changed_files += self.counting
        dropped: list[int] = []
        report = self._reporter(path, dropped)
        if not self.target.writes():
            with contextlib.suppress(FileDropped):
                writer(source, None, plan, self.options, self.unsafe, report)
            return
        destination = self.target.path_for(source)
        out = AtomicFile(destination, source.compression, mode_from=source.fs_path)
        try:
            writer(source, out.stream, plan, self.options, self.unsafe, report)
        except FileDropped:
            out.abort()
            if self.target.in_place:
                destination.unlink(missing_ok=True)
            return
        except BaseException:
            out.abort()
            raise
        out.commit()
        self.origins[str(destination.resolve())] = (path, dropped)

    def _copy(self, source: Source) -> None:
        if not self.target.writes() or source.fs_path is None:
            return
        destination = self.target.path_for(source)
        if not self.target.in_place:
            copy_atomically(source.fs_path, destination)
        self.origins[str(destination.resolve())] = (source.path, [])

    def _reporter(self, path: str, dropped: list[int]) -> Callable[[DocChange], None]:
        def report(change: DocChange) -> None:
            self.stats.add(change, self.counting)
            if change.cleaned.dropped and change.record is not None:
                dropped.append(change.record)
            shown, record = self.remap(path, change.record) if self.remap else (path, change.record)
            if self.removed is not None:
                for piece in change.cleaned.removed:
                    row = {
                        "path": shown,
                        "record": record,
                        "doc_id": change.doc_id,
                        "line": piece.line,
                        "column": piece.column,
                        "code": piece.code,
                        "kind": piece.kind,
                        "applicability": piece.applicability,
                        "bytes": piece.bytes,
                        "text": piece.text,
                        "reason": piece.reason,
                    }
                    self.removed.write(json.dumps(row, ensure_ascii=False) + "\n")
            if self.diff is not None:
                where = shown if record is None else f"{shown}:record {record}"
                after = change.cleaned.text or ""
                self.diff.writelines(
                    difflib.unified_diff(
                        change.before.splitlines(keepends=True),
                        after.splitlines(keepends=True),
                        fromfile=f"a/{where}",
                        tofile=f"b/{where}" if change.cleaned.text is not None else "/dev/null",
                    )
                )
                if change.before and not change.before.endswith("\n"):
                    self.diff.write("\n")

        return report


def _by_file(results: Iterable[ShardResult]) -> Iterator[tuple[str, list[Finding]]]:
    """Consecutive results of one file (its shards with ``-j``) merged: ``(path, findings)``."""
    path: Optional[str] = None
    findings: list[Finding] = []
    for result in results:
        if result.path != path or result.first_part:
            if path is not None:
                yield path, findings
            path, findings = result.path, []
        findings.extend(f for f in result.findings if f.fix is not None or f.code in READ_PROBLEMS)
    if path is not None:
        yield path, findings


def is_removal_log(source: Union[Source, Unreadable]) -> bool:
    """A ``removed.jsonl`` written by an earlier clean: not part of the corpus."""
    if not isinstance(source, Source) or source.fs_path is None or source.fs_path.name != REMOVED_FILE:
        return False
    try:
        with open(source.fs_path, "rb") as f:
            first = f.readline()
        return not first.strip() or tuple(json.loads(first)) == REMOVED_KEYS
    except (OSError, ValueError):
        return False


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    modes = sum(bool(x) for x in (args.output_dir, args.in_place, args.diff, args.dry_run))
    if modes != 1:
        raise UsageError("newslint clean needs exactly one of -o OUT, --in-place, --diff, --dry-run")
    paths = args.paths or ["."]
    if "-" in paths:
        raise UsageError("newslint clean cannot clean standard input")
    values = {key: getattr(args, key) for key in _SETTING_KEYS if getattr(args, key) is not None}
    settings, root, config_path = app.load_settings(
        values,
        config_file=Path(args.config) if args.config else None,
        search_from=Path(paths[0]),
        isolated=args.isolated,
    )
    application = app.build(settings, root, config_path)
    for error in application.errors:
        print(f"newslint: error: {error}", file=sys.stderr)
    out = Path(args.output_dir) if args.output_dir else None
    roots = [(Path(p).resolve(), Path(p).is_dir()) for p in paths]
    target = Target(out, args.in_place, roots)
    walk = app.sources_for(application, paths)

    inside_out = out.resolve() if out is not None else None

    def sources() -> Iterator[Union[Source, Unreadable]]:
        # `newslint clean . -o clean/`: what this run writes is never read back as input.
        return (s for s in walk() if not is_removal_log(s) and not _under(s, inside_out))

    if out is not None:
        _refuse_overwrite(target, (s for s in walk() if not is_removal_log(s)))
    removed_path = Path(args.removed_file) if args.removed_file else (out / REMOVED_FILE if out is not None else None)
    results = app.execute(application, sources)
    removed_stream: Optional[AtomicFile] = None
    if removed_path is not None:
        removed_stream = AtomicFile(removed_path, None)
    removed_text = _TextSink(removed_stream.raw) if removed_stream is not None else None
    cleaner = Cleaner(
        application, target, unsafe=args.unsafe_fixes, diff=sys.stdout if args.diff else None, removed=removed_text
    )
    try:
        stats = cleaner.run(results)
    except BaseException:
        if removed_stream is not None:
            removed_stream.abort()
        raise
    try:
        _second_round(args, values, application, target, paths, cleaner, removed_text)
    except BaseException:
        if removed_stream is not None:
            removed_stream.abort()
        raise
    if removed_stream is not None:
        assert removed_text is not None
        removed_text.flush()
        removed_stream.commit()
    if not args.quiet:
        stats.write(sys.stderr if args.diff else sys.stdout)
    return 2 if application.errors else 0


def _second_round(
    args: argparse.Namespace,
    values: dict[str, Any],
    application: app.Application,
    target: Target,
    paths: list[str],
    first: Cleaner,
    removed: Optional[_TextSink],
) -> None:
    """Drop the documents that became copies of others only once cleaned (idempotency).

    Duplicates are found on the input: two copies of an article that differ
    only by boilerplate are exact copies once cleaned. So when documents were
    changed and a document-dropping corpus rule (NL351, and NL352 with
    --unsafe-fixes) is selected, those rules run once more over what was
    written, which is cleaned in place; the removal log still names the
    input file and record. Drops change no other document, so one more round
    is enough.
    """
    codes = [
        a.code
        for a in application.rules
        if isinstance(a.rule, CorpusRule)
        and a.rule.remedy is Remedy.DROP_DOCUMENT
        and (args.unsafe_fixes or a.rule.fix_applicability is Applicability.SAFE)
    ]
    if not codes or not first.stats.documents_changed or not target.writes():
        return
    settings, root, config_path = app.load_settings(
        {**values, "select": codes, "extend_select": [], "ignore": []},
        config_file=Path(args.config) if args.config else None,
        search_from=Path(paths[0]),
        isolated=args.isolated,
    )
    again = app.build(settings, root, config_path)
    written = first.origins
    walk = app.sources_for(again, [str(target.out)] if target.out is not None else paths)

    def sources() -> Iterator[Union[Source, Unreadable]]:
        return (
            s for s in walk() if isinstance(s, Source) and s.fs_path is not None and str(s.fs_path.resolve()) in written
        )

    def remap(path: str, record: Optional[int]) -> tuple[str, Optional[int]]:
        origin, dropped = written.get(str(Path(path).resolve()), (path, []))
        if record is None:
            return origin, None
        for number in sorted(dropped):  # the output's k-th record is the input's k-th record not dropped
            if number <= record:
                record += 1
        return origin, record

    second = Cleaner(again, Target(None, True, []), unsafe=args.unsafe_fixes, diff=None, removed=removed)
    second.stats, second.remap, second.counting = first.stats, remap, False
    second.run(app.execute(again, sources))


def _under(source: Union[Source, Unreadable], folder: Optional[Path]) -> bool:
    if folder is None or not isinstance(source, Source) or source.fs_path is None:
        return False
    return source.fs_path.resolve().is_relative_to(folder)


def _refuse_overwrite(target: Target, sources: Iterable[Union[Source, Unreadable]]) -> None:
    """An output that would replace its own input needs --in-place."""
    for source in sources:
        if isinstance(source, Source) and source.fs_path is not None:
            destination = target.path_for(source)
            if destination.resolve() == source.fs_path.resolve():
                raise UsageError(f"the output {destination} would replace its input; use --in-place to clean in place")

"""Baselines: adopt newslint on a corpus that already has findings.

``newslint corpus/ --write-baseline newslint-baseline.json`` records today's
findings; ``--baseline newslint-baseline.json`` (or ``baseline = ...`` in the
configuration) then reports only findings that are not in it. Scraped text
cannot carry ``# noqa`` comments, so this (and per-file / per-host ignores)
is how a team suppresses known findings.

An entry is keyed on what stays put when a corpus is edited, never on line or
record numbers, so inserting a line or a record does not resurrect old findings:

* the document: its ``doc_id`` for a record of a container file (JSONL, JSON
  array, WARC, Parquet) that has one, else the file's path. A record's number is
  *not* used: it shifts whenever a record is inserted above it. Single-document
  files are keyed on their path, because their ``doc_id`` defaults to the file
  stem and ``2019/index.txt`` and ``2020/index.txt`` would collide;
* the rule code;
* a hash of the offending line's text, normalised (Unicode NFC, whitespace
  runs collapsed); for whole-document findings, of the message; NL9xx
  diagnostics without a line (malformed records, crashes) get no hash of
  their own, see :func:`text_hash`. The hash keeps corpus text out of the
  baseline file;
* a count: two identical findings in one document are recorded as ``count: 2``,
  and a third one is new.

Entries that match nothing any more are *stale* (the defect was fixed, or the
line changed, in which case its finding is also reported as new). Staleness is
only judged for files this run linted (or that no longer exist) and rules this
run selected, so linting the changed files only (pre-commit) or a subset of
rules does not call the rest of the baseline stale.

The file is JSON, versioned, sorted and deterministic (one entry per line, so
that it diffs well); paths in it are relative to the baseline file's folder, so
it works whatever the current directory is.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Iterable, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .config import ConfigError
from .diagnostics import PREFIX as DIAGNOSTIC_PREFIX
from .model import Finding

FORMAT = "newslint-baseline"
VERSION = 1

# ("id", doc_id) or ("path", path), then code and text hash.
Key = tuple[str, str, str, str]


class Entry(BaseModel):
    """One line of the baseline: a kind of finding in a document, and how many there were."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    doc_id: Optional[str] = None
    code: str = Field(min_length=1)
    hash: str = Field(pattern=r"^[0-9a-f]{16}$")
    count: int = Field(ge=1)

    @property
    def key(self) -> Key:
        document = ("id", self.doc_id) if self.doc_id is not None else ("path", self.path)
        return (*document, self.code, self.hash)


class BaselineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: str
    version: int
    newslint: str
    entries: list[Entry]


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_hash(finding: Finding) -> str:
    """The hash of what the finding is about: its line's text, else its message.

    Diagnostics (NL9xx) without a line are the exception: their messages carry
    details of the environment (the JSON parser's wording and column, which
    differ with and without orjson; OS error strings; exception reprs), so a
    baseline written on a laptop would not match in CI or in pre-commit's own
    virtual environment. The document, the code and the count identify them.
    """
    text = _normalise(finding.line_text)
    if text:
        basis = f"line\0{text}"
    elif finding.code.startswith(DIAGNOSTIC_PREFIX):
        basis = "diagnostic"
    else:
        basis = f"message\0{_normalise(finding.message)}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


class _Paths:
    """Finding paths made relative to the baseline file's folder (POSIX)."""

    def __init__(self, baseline_file: Path) -> None:
        self.base = os.path.abspath(baseline_file.parent)
        # Findings arrive grouped by file: remember the last answer.
        self._last: Optional[tuple[str, str]] = None

    def __call__(self, path: str) -> str:
        if self._last is not None and self._last[0] == path:
            return self._last[1]
        if path == "-":
            relative = path
        else:
            try:
                relative = os.path.relpath(os.path.abspath(path), self.base).replace(os.sep, "/")
            except ValueError:  # another drive on Windows
                relative = Path(path).as_posix()
        self._last = (path, relative)
        return relative


def entry_fields(finding: Finding, path: str) -> tuple[Optional[str], Key]:
    """The doc_id the entry keeps (None when keyed on the path) and the entry's key."""
    doc_id = finding.doc_id if finding.record is not None and finding.doc_id is not None else None
    document = ("id", doc_id) if doc_id is not None else ("path", path)
    return doc_id, (*document, finding.code, text_hash(finding))


class BaselineWriter:
    """Collects a run's findings and writes them as a baseline."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        self.version = version
        self._relative = _Paths(path)
        self._counts: Counter[Key] = Counter()
        # Where a key was first seen (for humans and for scoping staleness).
        self._where: dict[Key, tuple[str, Optional[str]]] = {}

    def add(self, finding: Finding) -> None:
        path = self._relative(finding.path)
        doc_id, key = entry_fields(finding, path)
        self._counts[key] += 1
        where = (path, doc_id)
        if key not in self._where or where < self._where[key]:
            self._where[key] = where

    def entries(self) -> list[Entry]:
        out = [
            Entry(path=self._where[key][0], doc_id=self._where[key][1], code=key[2], hash=key[3], count=count)
            for key, count in self._counts.items()
        ]
        out.sort(key=lambda e: (e.path, e.doc_id or "", e.code, e.hash))
        return out

    def render(self) -> str:
        """The file's text: sorted keys, one entry per line, ASCII only."""
        head = {"format": FORMAT, "version": VERSION, "newslint": self.version}
        lines = ["{"]
        lines += [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
        entries = [json.dumps(e.model_dump(), sort_keys=True) for e in self.entries()]
        if entries:
            lines.append('  "entries": [')
            lines.append(",\n".join(f"    {e}" for e in entries))
            lines.append("  ]")
        else:
            lines.append('  "entries": []')
        lines.append("}")
        return "\n".join(lines) + "\n"

    def write(self) -> str:
        """Write the file (atomically) and return the line to show the user."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(self.render(), encoding="utf-8", newline="\n")
            os.replace(tmp, self.path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise ConfigError(f"cannot write baseline {self.path}: {exc.strerror or exc}") from exc
        findings = sum(self._counts.values())
        return (
            f"newslint: wrote {findings} finding{'' if findings == 1 else 's'} "
            f"({len(self._counts)} entr{'y' if len(self._counts) == 1 else 'ies'}) to baseline {self.path}"
        )


class Baseline:
    """A loaded baseline: tells known findings from new ones and counts stale entries."""

    def __init__(self, path: Path, entries: Iterable[Entry]) -> None:
        self.path = path
        self._relative = _Paths(path)
        self.entries = list(entries)
        self._remaining: Counter[Key] = Counter()
        for entry in self.entries:
            self._remaining[entry.key] += entry.count
        self.suppressed = 0
        self._linted: set[str] = set()

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read and validate a baseline file; any problem is a ConfigError (exit 2)."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"baseline {path}: no such file (create it with --write-baseline {path})") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"baseline {path}: cannot read: {exc}") from None
        except json.JSONDecodeError as exc:
            raise ConfigError(f"baseline {path}: invalid JSON: {exc}") from None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ConfigError(f'baseline {path}: not a newslint baseline (no "format": "{FORMAT}")')
        if raw.get("version") != VERSION:
            raise ConfigError(
                f"baseline {path}: format version {raw.get('version')!r} is not supported "
                f"(this newslint reads version {VERSION})"
            )
        try:
            data = BaselineFile.model_validate(raw)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
            raise ConfigError(f"baseline {path}: invalid: {problems}") from None
        return cls(path, data.entries)

    def linted(self, path: str) -> None:
        """Note that a file was linted in this run (only its entries can be stale)."""
        self._linted.add(self._relative(path))

    def known(self, finding: Finding) -> bool:
        """True (and one occurrence used up) when the baseline already has this finding."""
        _, key = entry_fields(finding, self._relative(finding.path))
        if self._remaining[key] > 0:
            self._remaining[key] -= 1
            self.suppressed += 1
            return True
        return False

    def stale(self, selected_codes: Iterable[str]) -> int:
        """Recorded findings not seen again, in files linted now (or deleted) and for rules selected now."""
        codes = set(selected_codes)
        remaining = self._remaining.copy()
        gone: dict[str, bool] = {}
        count = 0
        for entry in self.entries:
            if entry.code not in codes:
                continue
            if entry.path not in self._linted:
                if entry.path not in gone:
                    gone[entry.path] = entry.path != "-" and not os.path.lexists(
                        os.path.join(self._relative.base, entry.path)
                    )
                if not gone[entry.path]:
                    continue
            if remaining[entry.key]:
                # A key split over several entries (a hand-merged file) is counted once.
                left = min(remaining[entry.key], entry.count)
                count += left
                remaining[entry.key] -= left
        return count

    def summary_line(self, selected_codes: Iterable[str]) -> str:
        """The line for standard error after the run."""
        stale = self.stale(selected_codes)
        known = f"{self.suppressed} known finding{'' if self.suppressed == 1 else 's'} suppressed"
        if stale:
            tail = f"{stale} stale (no longer found; refresh with --write-baseline)"
        else:
            tail = "0 stale"
        return f"newslint: baseline {self.path}: {known}, {tail}."


def for_run(
    cli_baseline: Optional[str], configured: Optional[str], write_to: Optional[str], root: Path, version: str
) -> tuple[Optional[Baseline], Optional[BaselineWriter]]:
    """The baseline to filter with and/or the one to write, from the CLI and settings.

    ``--write-baseline`` records every finding, so any baseline to filter with is
    ignored then (that is how a baseline is refreshed). ``--baseline FILE`` is
    relative to the current directory and overrides the configured ``baseline``
    (relative to the configuration file's folder); ``--baseline ''`` turns it off.
    """
    if write_to is not None:
        return None, BaselineWriter(Path(write_to), version)
    if cli_baseline is not None:
        return (Baseline.load(Path(cli_baseline)) if cli_baseline else None), None
    if configured:
        path = root / configured
        try:  # show it as the user would type it when it is below the current folder
            shown = path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            shown = path
        return Baseline.load(shown), None
    return None, None

"""Which files to lint: walking paths, excludes, and choosing a reader.

Walking is streaming and deterministic: entries of each folder are visited in
sorted name order, hidden entries (``.name``) and excluded paths are skipped,
and symlinked folders are not followed (no loops). Files named explicitly on
the command line are linted even when excluded, unless ``force-exclude`` is
set (what pre-commit needs, since it passes file names).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

from ..readers.base import ReadProblem, Reader, Source
from ..remote import is_url
from ..selection import path_matches
from ..diagnostics import UNREADABLE_FILE, UNSUPPORTED_FORMAT


@dataclass(frozen=True)
class Unreadable:
    """A path that cannot even be opened as a source (reported as NL901/NL910)."""

    path: str
    problem: ReadProblem


class ReaderTable:
    """Maps a source to the reader that handles it (by extension, then by sniffing)."""

    def __init__(self, readers: Sequence[type[Reader]]) -> None:
        self.readers = sorted(readers, key=lambda r: (-r.priority, r.name))
        self.by_suffix: dict[str, type[Reader]] = {}
        for reader in self.readers:
            for suffix in reader.extensions:
                self.by_suffix.setdefault(suffix.lower(), reader)

    def for_source(self, source: Source) -> Optional[type[Reader]]:
        if source.format_suffix in self.by_suffix:
            return self.by_suffix[source.format_suffix]
        if source.data is not None:  # standard input: look at the bytes
            head = source.data[:4096]
            for reader in self.readers:
                if reader.sniff(head):
                    return reader
        return None

    def handles(self, path: str) -> bool:
        return Source.from_path(path).format_suffix in self.by_suffix


class Walker:
    """Turns command-line paths into sources."""

    def __init__(self, table: ReaderTable, exclude: Sequence[str], root: Path, force_exclude: bool = False) -> None:
        self.table = table
        self.exclude = tuple(exclude)
        self.root = root.resolve()
        self.force_exclude = force_exclude

    def relative(self, path: Path) -> str:
        """The path relative to the config root, for exclude and per-file-ignore matching."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
            return path.as_posix()

    def excluded(self, path: Path) -> bool:
        rel = self.relative(path)
        return any(path_matches(rel, pattern) for pattern in self.exclude)

    def walk(self, paths: Iterable[str]) -> Iterator[Union[Source, Unreadable]]:
        for given in paths:
            if is_url(given):  # s3://bucket/prefix and friends, through fsspec
                yield from self._walk_url(given)
                continue
            path = Path(given)
            if path.is_dir():
                if self.excluded(path) and given not in (".", "./"):
                    continue
                yield from self._walk_dir(path)
            elif path.exists() or path.is_symlink():
                if self.force_exclude and self.excluded(path):
                    continue
                if not self.table.handles(given):
                    yield Unreadable(path.as_posix(), UNSUPPORTED_FORMAT.problem( "No reader for this file format"))
                    continue
                yield Source.from_path(path)
            else:
                yield Unreadable(path.as_posix(), UNREADABLE_FILE.problem( "No such file or directory"))

    def _walk_url(self, url: str) -> Iterator[Union[Source, Unreadable]]:
        """The sources under ``url`` (a file, or every readable file under a folder/prefix), in sorted order."""
        from ..remote import RemoteError, filesystem

        try:
            fs, root = filesystem(url)
            is_dir = fs.isdir(root)
            found = sorted(fs.find(root)) if is_dir else []
        except (RemoteError, OSError) as exc:
            yield Unreadable(url, UNREADABLE_FILE.problem(f"Cannot list {url}: {exc}"))
            return
        if not is_dir:
            if not self.table.handles(root):
                yield Unreadable(url, UNSUPPORTED_FORMAT.problem("No reader for this file format"))
            else:
                yield Source.from_url(url)
            return
        prefix = root.rstrip("/") + "/"
        for path in found:
            relative = path[len(prefix):] if path.startswith(prefix) else path
            if any(part.startswith(".") for part in relative.split("/")):
                continue
            if any(path_matches(relative, pattern) for pattern in self.exclude) or not self.table.handles(path):
                continue
            yield Source.from_url(fs.unstrip_protocol(path))

    def _walk_dir(self, folder: Path) -> Iterator[Union[Source, Unreadable]]:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Unreadable(folder.as_posix(), UNREADABLE_FILE.problem( f"Cannot list folder: {exc.strerror or exc}"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if self.excluded(path):
                continue
            if is_dir:
                yield from self._walk_dir(path)
            elif self.table.handles(entry.name):
                # Dangling symlinks and unreadable files are yielded too: the
                # reader reports them as NL901 instead of skipping them silently.
                yield Source.from_path(path)

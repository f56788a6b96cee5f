"""Which files to lint: walking paths, excludes, and choosing a reader.

Walking is streaming and deterministic: entries of each folder are visited in
sorted name order, hidden entries (``.name``) and excluded paths are skipped,
and symlinked folders are not followed (no loops). Walking is iterative, so a
tree thousands of levels deep is walked like a flat one. A FIFO, socket or
device with a linted extension is never opened (reading a FIFO without a
writer blocks for ever): it is an ``NL901`` finding. Files named explicitly on
the command line are linted even when excluded, unless ``force-exclude`` is
set (what pre-commit needs, since it passes file names).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

from ..diagnostics import UNREADABLE_FILE, UNSUPPORTED_FORMAT
from ..readers.base import Reader, ReadProblem, Source
from ..remote import is_url
from ..selection import path_matches


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
                    yield Unreadable(path.as_posix(), UNSUPPORTED_FORMAT.problem("No reader for this file format"))
                    continue
                yield _source_or_special(path, _mode(path))
            else:
                yield Unreadable(path.as_posix(), UNREADABLE_FILE.problem("No such file or directory"))

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
            relative = path[len(prefix) :] if path.startswith(prefix) else path
            if any(part.startswith(".") for part in relative.split("/")):
                continue
            if any(path_matches(relative, pattern) for pattern in self.exclude) or not self.table.handles(path):
                continue
            yield Source.from_url(fs.unstrip_protocol(path))

    def _walk_dir(self, top: Path) -> Iterator[Union[Source, Unreadable]]:
        # A stack of folders' remaining entries (not recursion: a tree 10,000 levels deep is fine).
        # Each folder's path relative to the root is kept, so an entry that is not a symlink
        # costs no resolve() (which walks every component of the path: quadratic in depth).
        stack: list[tuple[Path, str, Iterator[os.DirEntry[str]]]] = []
        listed = self._list(top)
        if isinstance(listed, Unreadable):
            yield listed
            return
        stack.append((top, self.relative(top), listed))
        while stack:
            folder, folder_rel, entries = stack[-1]
            entry = next(entries, None)
            if entry is None:
                stack.pop()
                continue
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_link = entry.is_symlink()
            except OSError:
                is_dir, is_link = False, True
            if is_link:
                rel = self.relative(path)
            else:
                rel = entry.name if folder_rel == "." else f"{folder_rel}/{entry.name}"
            if any(path_matches(rel, pattern) for pattern in self.exclude):
                continue
            if is_dir:
                listed = self._list(path)
                if isinstance(listed, Unreadable):
                    yield listed
                else:
                    stack.append((path, rel, listed))
            elif self.table.handles(entry.name):
                # Dangling symlinks and unreadable files are yielded too: the
                # reader reports them as NL901 instead of skipping them silently.
                yield _source_or_special(path, _mode(entry))

    @staticmethod
    def _list(folder: Path) -> Union[Iterator[os.DirEntry[str]], Unreadable]:
        try:
            with os.scandir(folder) as it:
                return iter(sorted(it, key=lambda e: e.name))
        except OSError as exc:
            return Unreadable(folder.as_posix(), UNREADABLE_FILE.problem(f"Cannot list folder: {exc.strerror or exc}"))


_SPECIAL = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _mode(entry: Union[Path, os.DirEntry[str]]) -> Optional[int]:
    """The file type bits of what ``entry`` points to (None: it cannot be stat'ed, the reader says why)."""
    try:
        return entry.stat().st_mode
    except (OSError, RuntimeError):
        return None


def _source_or_special(path: Path, mode: Optional[int]) -> Union[Source, Unreadable]:
    """A source for a regular file; an NL901 for a FIFO, socket or device (never opened)."""
    if mode is not None:
        for test, what in _SPECIAL:
            if test(mode):
                return Unreadable(path.as_posix(), UNREADABLE_FILE.problem(f"Not a regular file ({what}); not read"))
    return Source.from_path(path)

"""Where a report goes: standard output, or a file that appears only when complete.

A regular file (or a new one) is written under a temporary name created with
``O_EXCL`` in the target's folder (:func:`tempfile.mkstemp`: unpredictable, and
never a planted symlink) and renamed over the target when the run succeeds. A
target that exists and is not a regular file (``/dev/stdout``, a FIFO, a
device) is written directly: renaming over it would replace it with a file.
What cannot be encoded as UTF-8 (the bytes of a file name that is not UTF-8,
held as lone surrogates) is written as a ``\\udcff`` escape, which JSON readers
read back as the same string.
Every temporary name in use is recorded, so that a signal handler can remove
it (:func:`remove_temporary_files`) when the run is ended from outside.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from types import TracebackType
from typing import Optional, TextIO

# What writing the report can fail with (anything else raised inside the block is not ours).
_WRITE_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EIO, getattr(errno, "EDQUOT", errno.ENOSPC)}
# Temporary output files of this process not yet renamed (for SIGTERM cleanup).
_PENDING: set[str] = set()


class OutputError(Exception):
    """The output file cannot be written (a missing folder, a folder, no space): exit 2."""


def remove_temporary_files() -> None:
    """Remove the temporary output files of this process (a run ended by a signal)."""
    for tmp in list(_PENDING):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _PENDING.discard(tmp)


def _describe(exc: OSError) -> str:
    return exc.strerror or str(exc)


class OutputFile:
    """Standard output, or a file written under a temporary name and renamed on success.

    An interrupted or failed run never leaves an output file that looks
    complete, nor its temporary file.
    """

    def __init__(self, path: Optional[str]) -> None:
        self.path = path
        self.tmp: Optional[str] = None
        self.stream: Optional[TextIO] = None

    def __enter__(self) -> TextIO:
        if self.path is None:
            reconfigure = getattr(sys.stdout, "reconfigure", None)
            if reconfigure is not None:  # a file name that is not UTF-8: \udcff, never a crash
                reconfigure(errors="backslashreplace")
            return sys.stdout
        try:
            mode = os.stat(self.path).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as exc:
            raise self._failed(_describe(exc)) from None
        if mode is not None and stat.S_ISDIR(mode):
            raise self._failed("it is a folder")
        try:
            if mode is not None and not stat.S_ISREG(mode):  # /dev/stdout, a FIFO, a device: write into it
                self.stream = open(self.path, "w", encoding="utf-8", newline="\n", errors="backslashreplace")  # noqa: SIM115
                return self.stream
            folder, name = os.path.split(os.path.abspath(self.path))
            fd, self.tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            _PENDING.add(self.tmp)
            self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="\n", errors="backslashreplace")
        except OSError as exc:
            raise self._failed(_describe(exc)) from None
        return self.stream

    def _failed(self, reason: str) -> OutputError:
        return OutputError(f"cannot write {self.path!r}: {reason}")

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        if self.stream is None:
            sys.stdout.flush()
            return
        tmp, self.tmp = self.tmp, None
        try:
            if isinstance(exc, OSError) and exc.errno in _WRITE_ERRORS:  # the disk is full, ...
                raise self._failed(_describe(exc)) from None
            try:
                self.stream.close()  # flushes: ENOSPC may strike here
            except OSError as error:
                if exc_type is None:
                    raise self._failed(_describe(error)) from None
            if tmp is not None and exc_type is None:
                assert self.path is not None
                try:
                    mode = os.stat(tmp).st_mode & 0o777
                    os.chmod(tmp, mode | (0o666 & ~_umask()))  # mkstemp's 0600 -> what open() would give
                    os.replace(tmp, self.path)
                except OSError as error:
                    raise self._failed(_describe(error)) from None
                _PENDING.discard(tmp)
        finally:
            if tmp is not None and tmp in _PENDING:
                _PENDING.discard(tmp)
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

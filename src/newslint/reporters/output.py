"""Where a report goes: standard output, or a file that appears only when complete."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Optional, TextIO


class OutputFile:
    """Standard output, or a file written under a temporary name and renamed on success.

    An interrupted or failed run never leaves an output file that looks complete.
    """

    def __init__(self, path: Optional[str]) -> None:
        self.path = path
        self.tmp: Optional[str] = None
        self.stream: Optional[TextIO] = None

    def __enter__(self) -> TextIO:
        if self.path is None:
            return sys.stdout
        target = Path(self.path)
        self.tmp = str(target.with_name(f".{target.name}.{os.getpid()}.tmp"))
        self.stream = open(self.tmp, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed in __exit__
        return self.stream

    def __exit__(
        self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        if self.stream is None:
            sys.stdout.flush()
            return
        self.stream.close()
        assert self.tmp is not None and self.path is not None
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)

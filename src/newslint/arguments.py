"""What the argument parsers of ``newslint`` and its subcommands share."""

from __future__ import annotations

import argparse
from typing import NoReturn


class UsageError(Exception):
    """A command-line usage problem (exit 2): a bad flag, a missing Dask, an unreachable scheduler."""


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is raised (exit 2 with newslint's own prefix), not printed and exited."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}" if self.prog != "newslint" else message)


def comma_list(value: str) -> list[str]:
    """``--select NL1,NL2`` (and globs for ``--exclude``): the comma-separated parts, blanks dropped."""
    return [part.strip() for part in value.split(",") if part.strip()]

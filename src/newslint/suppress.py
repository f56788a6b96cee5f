"""Suppressing findings in data you cannot comment: ignore files and ``--add-ignore``.

A scraped corpus has no place for a ``# noqa``. Findings are suppressed per
document instead: ``per-document-ignores`` (document id or URL glob -> codes)
in the configuration, a record field (``ignore-field``, default
``newslint_ignore``) listing codes, and *ignore files*: TOML files holding a
``[per-document-ignores]`` table, listed in ``ignore-files``.

``--add-ignore FILE`` is ruff's ``--add-noqa`` workflow for a corpus: it lints,
reports nothing, and adds every current finding (of the selected codes) to the
ignore file ``FILE``, keyed on the document's id (the file's name for a
single-document file). Entries already in the file are kept; codes are merged.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Iterable

from .config import ConfigError
from .model import Finding

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

TABLE = "per-document-ignores"


def read_ignore_file(path: Path) -> dict[str, list[str]]:
    """The ``[per-document-ignores]`` table of an ignore file (ConfigError when it is broken)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"ignore file {path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"ignore file {path}: invalid TOML: {exc}") from None
    table = data.get(TABLE, {})
    if not isinstance(table, dict) or not all(
        isinstance(codes, list) and all(isinstance(c, str) for c in codes) for codes in table.values()
    ):
        raise ConfigError(f"ignore file {path}: [{TABLE}] must map document ids or URLs to lists of codes")
    return table


def per_document_ignores(
    configured: dict[str, list[str]], files: Iterable[str], root: Path
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The configured table and every ignore file's, as the engine's IgnoreTable takes them."""
    entries = [(key, tuple(codes)) for key, codes in configured.items()]
    for name in files:
        entries.extend((key, tuple(codes)) for key, codes in read_ignore_file(root / name).items())
    return tuple(entries)


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML for these characters)."""
    import json

    return json.dumps(text, ensure_ascii=False)


class IgnoreFileWriter:
    """Collects findings and merges them into an ignore file (``--add-ignore``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.added: dict[str, set[str]] = {}
        self.findings = 0
        self.unkeyed = 0  # findings in documents with neither id nor URL

    def add(self, finding: Finding) -> None:
        if not finding.doc_id:
            self.unkeyed += 1
            return
        self.findings += 1
        self.added.setdefault(finding.doc_id, set()).add(finding.code)

    def write(self, listed: bool = True) -> str:
        """Merge into the file (atomically) and return the line to show the user.

        ``listed``: whether the configuration reads this file (else the line says how to).
        """
        table: dict[str, Any] = read_ignore_file(self.path) if self.path.exists() else {}
        for key, codes in self.added.items():
            table[key] = sorted({*table.get(key, ()), *codes})
        lines = [
            "# Findings newslint ignores, per document id or URL (written by `newslint --add-ignore`).",
            "# List this file in `ignore-files` in newslint.toml / [tool.newslint].",
            f"[{TABLE}]",
            *(f"{_toml_string(key)} = [{', '.join(_toml_string(c) for c in table[key])}]" for key in sorted(table)),
        ]
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
            os.replace(tmp, self.path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise ConfigError(f"cannot write ignore file {self.path}: {exc.strerror or exc}") from exc
        plural = "" if self.findings == 1 else "s"
        line = (
            f"newslint: added {self.findings} finding{plural} in {len(self.added)} "
            f"document{'' if len(self.added) == 1 else 's'} to ignore file {self.path}"
        )
        if self.unkeyed:
            line += f"; {self.unkeyed} in documents without an id could not be added (give records an id)"
        if not listed:
            line += "; list it in `ignore-files` in your configuration to apply it"
        return line

"""Reading a findings file (``--output-format json-lines``, or ``json``) back for ``newslint report --from``.

The json-lines format is ``Finding.to_dict()`` per line (see
``reporters/json.py``). It carries locations, codes, severities and messages,
but not the line text, the document's URL, date or length: the page says so
where it matters. newslint writes a document's findings next to each other, so
consecutive findings with the same ``path`` and ``record`` are grouped into
one document without holding the file in memory.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Optional

from ..model import Finding, Severity


class FindingsFileError(Exception):
    """The findings file cannot be read: the message says where and why."""


def finding_from_dict(item: dict[str, Any]) -> Finding:
    """A :class:`Finding` from one object of the json(-lines) format."""
    return Finding(
        path=str(item["path"]),
        record=item.get("record"),
        line=int(item.get("line") or 0),
        column=int(item.get("column") or 0),
        code=str(item["code"]),
        end_line=int(item.get("end_line") or 0),
        end_column=int(item.get("end_column") or 0),
        rule=str(item.get("rule") or ""),
        severity=Severity(item.get("severity") or "warning"),
        message=str(item.get("message") or ""),
        doc_id=item.get("doc_id"),
        line_text=str(item.get("line_text") or ""),
    )


def _objects(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8") as handle:
        head = handle.read(1)
        while head and head.isspace():
            head = handle.read(1)
        if head == "[":  # the `json` format: one array (not streamed, but accepted)
            handle.seek(0)
            yield from enumerate(json.load(handle), start=1)
            return
        handle.seek(0)
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise FindingsFileError(f"{path}:{number}: not a JSON object: {exc.msg}") from None


def read_findings(path: Path) -> Iterator[list[Finding]]:
    """The findings of ``path``, grouped per document (consecutive same path and record)."""
    group: list[Finding] = []
    key: Optional[tuple[str, Optional[int]]] = None
    try:
        for number, item in _objects(path):
            try:
                finding = finding_from_dict(item)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise FindingsFileError(
                    f"{path}:{number}: not a newslint finding ({type(exc).__name__}: {exc})"
                ) from None
            if (finding.path, finding.record) != key and group:
                yield group
                group = []
            key = (finding.path, finding.record)
            group.append(finding)
    except json.JSONDecodeError as exc:
        raise FindingsFileError(f"{path}: not JSON lines: {exc}") from None
    except OSError as exc:
        raise FindingsFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise FindingsFileError(f"{path}: not UTF-8: {exc}") from None
    if group:
        yield group

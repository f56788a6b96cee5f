"""newslint for Hugging Face ``datasets``: a findings column with ``Dataset.map``, a ``Dataset.filter``.

    from newslint.integrations.hf import add_findings, keep_clean, with_findings_features

    ds = ds.map(add_findings(select=["NL1", "NL2"]), batched=True,   # adds the column "newslint"
                features=with_findings_features(ds.features))
    ds = ds.filter(keep_clean(severity="error"), batched=True)       # drops documents with errors

    ds = lint_dataset(ds, select=["NL1", "NL2"])                      # the same map, in one call

Both functions work with ``batched=True`` (faster) or without. The column holds,
per row, a list of findings in the json-lines shape (:meth:`Finding.to_dict`)
with ``fix`` as a JSON string (or ``None``), so that Arrow gets one type for
every row. Rows are records: the text is in ``text_column`` and the other
columns give metadata (``id``, ``url``, ...) as for JSON Lines input. Settings
as for :func:`newslint.lint` (a configuration file found from the working
directory, ``config=`` a file or a mapping of settings, ``isolated=True``).
Only per-document rules run (see :mod:`newslint.api`).

``map`` infers a new column's type from the first batch, and a batch without
findings says nothing about it (Arrow's ``null``); so give ``map`` the
features: :func:`with_findings_features` adds the column's type to the
dataset's (or use :func:`lint_dataset`). ``datasets`` is imported only there.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from ..api import ConfigArg, application, document_findings
from ..model import Finding, Severity

COLUMN = "newslint"
DATASET_PATH = "<dataset>"  # the path of findings in a dataset row

# The Arrow shape of one finding (a description for datasets.Features(...)).
FINDING_FIELDS: dict[str, str] = {
    "path": "string", "record": "int64", "doc_id": "string", "line": "int64", "column": "int64",
    "end_line": "int64", "end_column": "int64", "code": "string", "rule": "string", "severity": "string",
    "message": "string", "fix": "string",
}  # fmt: skip


def finding_features() -> Any:
    """``datasets`` features of the findings column: a list of finding structs."""
    from datasets import List, Value

    return List({name: Value(kind) for name, kind in FINDING_FIELDS.items()})


def with_findings_features(features: Any, column: str = COLUMN) -> Any:
    """``features`` (a dataset's) plus the findings ``column``, for ``Dataset.map(..., features=...)``."""
    from datasets import Features

    return Features({**features, column: finding_features()})


def lint_dataset(dataset: Any, column: str = COLUMN, *, batch_size: int = 1000, **settings: Any) -> Any:
    """``dataset`` with the findings ``column`` (``Dataset.map`` with :func:`add_findings`, batched)."""
    return dataset.map(
        add_findings(column, **settings),
        batched=True,
        batch_size=batch_size,
        with_indices=True,
        features=with_findings_features(dataset.features, column),
    )


def _row(finding: Finding) -> dict[str, Any]:
    out = finding.to_dict()
    out["fix"] = json.dumps(out["fix"], ensure_ascii=False) if out["fix"] is not None else None
    return out


Batch = Mapping[str, Any]


class _Linter:
    """Lints the rows ``map``/``filter`` hand over, batched or one by one."""

    def __init__(self, text_column: str, select: Optional[Sequence[str]], config: ConfigArg, isolated: bool) -> None:
        self.text_column = text_column
        self.select = select
        self.config = config
        self.isolated = isolated

    def findings(
        self, rows: Batch, indices: Optional[Union[int, Sequence[int]]] = None
    ) -> tuple[bool, list[list[Finding]]]:
        """``(batched, findings per row)``; a row's record number is its index in the dataset when given."""
        app = application(select=self.select, config=self.config, isolated=self.isolated)
        texts = rows[self.text_column]
        batched = isinstance(texts, list)
        columns = list(rows)
        count = len(texts) if batched else 1
        if indices is None:
            numbers: list[Optional[int]] = [None] * count
        else:
            numbers = [i + 1 for i in (indices if isinstance(indices, Sequence) else [indices])]
        out = []
        for i in range(count):
            record = {name: (rows[name][i] if batched else rows[name]) for name in columns}
            record["text"] = record.pop(self.text_column)
            out.append(document_findings(app, record, numbers[i], path=DATASET_PATH))
        return batched, out


def add_findings(
    column: str = COLUMN,
    *,
    text_column: str = "text",
    select: Optional[Sequence[str]] = None,
    config: ConfigArg = None,
    isolated: bool = False,
) -> Callable[..., dict[str, Any]]:
    """A function for ``Dataset.map`` that adds ``column``: each row's findings (``with_indices=True``
    numbers them as records, 1-based)."""
    linter = _Linter(text_column, select, config, isolated)

    def mapper(rows: Batch, indices: Optional[Union[int, Sequence[int]]] = None) -> dict[str, Any]:
        batched, findings = linter.findings(rows, indices)
        values = [[_row(f) for f in row] for row in findings]
        return {column: values if batched else values[0]}

    return mapper


def keep_clean(
    severity: Union[str, Severity] = Severity.ERROR,
    *,
    column: str = COLUMN,
    text_column: str = "text",
    select: Optional[Sequence[str]] = None,
    config: ConfigArg = None,
    isolated: bool = False,
) -> Callable[..., Union[bool, list[bool]]]:
    """A function for ``Dataset.filter`` that keeps rows without a finding at or above ``severity``.

    A findings ``column`` an earlier :func:`add_findings` made is used as it is;
    otherwise the rows are linted.
    """
    threshold = Severity(severity).rank
    linter = _Linter(text_column, select, config, isolated)

    def keep(rows: Batch) -> Union[bool, list[bool]]:
        if column in rows:
            stored = rows[column]
            batched = isinstance(rows[text_column], list)
            severities = [[f["severity"] for f in row] for row in (stored if batched else [stored])]
        else:
            batched, findings = linter.findings(rows)
            severities = [[f.severity.value for f in row] for row in findings]
        verdicts = [all(Severity(s).rank < threshold for s in row) for row in severities]
        return verdicts if batched else verdicts[0]

    return keep

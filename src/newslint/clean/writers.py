"""Writing a cleaned file in its input's format: one writer per format, mirroring the readers.

A writer streams the input again (in the order the reader read it) and gets,
for each record, the findings whose fixes apply. Only the text field a reader
took the text from is rewritten (found again with the reader's own
:func:`~newslint.readers.fields.find_text`, so presets, ``--text-field`` and
dotted names agree); every other field, the key order and, for records without
a fix, the very bytes are kept. Dropped records are left out; a
single-document file whose document is dropped is not written at all.

Writers see only files read without problems (the command copies the others
unchanged), so they need no error handling for bad input.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from dataclasses import dataclass
from typing import Any, BinaryIO, Callable, Mapping, Optional, Sequence

from ..model import Finding
from ..readers._io import UTF8_BOM, parse_json
from ..readers.base import InputOptions, Source
from ..readers.fields import find_text
from ..readers.json_doc import _is_id_mapping
from .apply import Cleaned, apply_fixes

# Record (None for a single-document file) -> the findings with an applicable fix.
Plan = Mapping[Optional[int], Sequence[Finding]]


@dataclass(frozen=True)
class DocChange:
    """One document the cleaning changed: its text before and the result."""

    record: Optional[int]
    doc_id: Optional[str]
    before: str
    cleaned: Cleaned


Report = Callable[[DocChange], None]


class FileDropped(Exception):
    """The single document of a file was dropped: the file has no cleaned version."""


def _doc_id(findings: Sequence[Finding]) -> Optional[str]:
    return next((f.doc_id for f in findings if f.doc_id), None)


def _clean(record: Optional[int], text: str, findings: Sequence[Finding], unsafe: bool, report: Report) -> Cleaned:
    cleaned = apply_fixes(text, findings, unsafe=unsafe)
    if cleaned.changed:
        report(DocChange(record, _doc_id(findings), text, cleaned))
    return cleaned


def _set(obj: dict[str, Any], name: str, value: str) -> None:
    """Set ``obj[name]``, or ``obj["a"]["b"]`` for a dotted name the reader looked up nested."""
    if name in obj or "." not in name:
        obj[name] = value
        return
    head, _, rest = name.partition(".")
    _set(obj[head], rest, value)


def _dumps_like(obj: Any, raw: bytes) -> bytes:
    """``obj`` as one JSON line in the style of ``raw`` (separators, ASCII escapes)."""
    compact = b'":' in raw and b'": ' not in raw
    separators = (",", ":") if compact else (", ", ": ")
    return json.dumps(obj, ensure_ascii=raw.isascii(), separators=separators).encode("utf-8")


# -- formats ----------------------------------------------------------------------
def write_jsonl(
    source: Source, out: Optional[BinaryIO], plan: Plan, options: InputOptions, unsafe: bool, report: Report
) -> None:
    """JSON Lines: untouched lines are copied byte for byte, fixed ones re-serialised in their own style."""
    with source.open(options) as stream:
        number = 0
        while True:
            line = stream.readline()
            if not line:
                return
            number += 1
            findings = plan.get(number)
            if not findings:
                if out is not None:
                    out.write(line)
                continue
            body = line.rstrip(b"\r\n")
            ending = line[len(body) :]
            bom = b""
            if number == 1 and body.startswith(UTF8_BOM):
                bom, body = UTF8_BOM, body[len(UTF8_BOM) :]
            obj = parse_json(body.decode("utf-8"))
            name, text = find_text(obj, options)
            if name is None or text is None:  # not what the reader saw: keep the line
                if out is not None:
                    out.write(line)
                continue
            cleaned = _clean(number, text, findings, unsafe, report)
            if cleaned.text is None:
                continue
            _set(obj, name, cleaned.text)
            if out is not None:
                out.write(bom + _dumps_like(obj, body) + ending)


def _json_indent(text: str) -> Optional[str]:
    """The indentation of a pretty-printed JSON file (``None`` for one line)."""
    first = text.lstrip()[1:]
    if not first.startswith(("\n", "\r")):
        return None
    second = first.lstrip("\r\n")
    return second[: len(second) - len(second.lstrip(" \t"))] or None


def write_json(
    source: Source, out: Optional[BinaryIO], plan: Plan, options: InputOptions, unsafe: bool, report: Report
) -> None:
    """JSON: one object, an array or an id mapping, re-serialised with its key order and indentation."""
    with source.open(options) as stream:
        data = stream.read()
    bom = UTF8_BOM if data.startswith(UTF8_BOM) else b""
    text = data[len(bom) :].decode("utf-8")
    value = parse_json(text)

    def cleaned_record(record: Optional[int], obj: Any) -> Any:
        findings = plan.get(record)
        if not findings or not isinstance(obj, dict):
            return obj
        name, body = find_text(obj, options)
        if name is None or body is None:
            return obj
        cleaned = _clean(record, body, findings, unsafe, report)
        if cleaned.text is None:
            return None
        _set(obj, name, cleaned.text)
        return obj

    if isinstance(value, list):
        kept = [cleaned_record(i, item) for i, item in enumerate(value, start=1)]
        value = [item for item, original in zip(kept, value, strict=True) if item is not None or original is None]
    elif isinstance(value, dict) and _is_id_mapping(value, options):
        value = {
            k: v
            for k, v in ((k, cleaned_record(i, item)) for i, (k, item) in enumerate(value.items(), start=1))
            if v is not None
        }
    elif isinstance(value, dict) and cleaned_record(None, value) is None:
        raise FileDropped
    if out is not None:
        indent = _json_indent(text)
        dumped = json.dumps(
            value, ensure_ascii=text.isascii(), indent=indent, separators=(",", ": ") if indent is not None else None
        )
        ending = "\n" if text.endswith("\n") else ""
        out.write(bom + (dumped + ending).encode("utf-8"))


def write_text(
    source: Source, out: Optional[BinaryIO], plan: Plan, options: InputOptions, unsafe: bool, report: Report
) -> None:
    """``.txt``/``.md``: one document per file, line endings and BOM kept."""
    with source.open(options) as stream:
        data = stream.read()
    bom = UTF8_BOM if data.startswith(UTF8_BOM) else b""
    text = data[len(bom) :].decode("utf-8")
    cleaned = _clean(None, text, plan.get(None, ()), unsafe, report)
    if cleaned.text is None:
        raise FileDropped
    if out is not None:
        out.write(bom + cleaned.text.encode("utf-8"))


def write_parquet(
    source: Source, out: Optional[BinaryIO], plan: Plan, options: InputOptions, unsafe: bool, report: Report
) -> None:
    """Parquet: the text column rewritten, dropped rows filtered out, schema and other columns kept."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..readers.parquet import BATCH_ROWS

    if source.fs_path is not None and source.compression is None:
        parquet = pq.ParquetFile(str(source.fs_path))
    else:
        with source.open(options) as stream:
            parquet = pq.ParquetFile(pa.BufferReader(stream.read()))
    schema = parquet.schema_arrow
    compression = "snappy"
    if parquet.metadata.num_row_groups and parquet.metadata.num_columns:
        compression = parquet.metadata.row_group(0).column(0).compression.lower()
    writer = pq.ParquetWriter(out, schema, compression=compression) if out is not None else None
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            table = pa.Table.from_batches([batch], schema=schema)
            rows = batch.to_pylist()
            keep = [True] * len(rows)
            changes: dict[str, dict[int, str]] = {}
            for index, obj in enumerate(rows):
                row += 1
                findings = plan.get(row)
                if not findings:
                    continue
                name, text = find_text(obj, options)
                if name is None or text is None or name not in schema.names:
                    continue  # a nested text field is kept as it is
                cleaned = _clean(row, text, findings, unsafe, report)
                if cleaned.text is None:
                    keep[index] = False
                else:
                    changes.setdefault(name, {})[index] = cleaned.text
            for name, values in changes.items():
                position = schema.get_field_index(name)
                column = table.column(name).to_pylist()
                for index, value in values.items():
                    column[index] = value
                table = table.set_column(
                    position, schema.field(position), pa.array(column, type=schema.field(position).type)
                )
            if not all(keep):
                table = table.filter(pa.array(keep))
            if writer is not None:
                writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


WRITERS: dict[str, Callable[[Source, Optional[BinaryIO], Plan, InputOptions, bool, Report], None]] = {
    ".jsonl": write_jsonl,
    ".ndjson": write_jsonl,
    ".json": write_json,
    ".txt": write_text,
    ".md": write_text,
    ".parquet": write_parquet,
}


def writer_for(
    source: Source,
) -> Optional[Callable[[Source, Optional[BinaryIO], Plan, InputOptions, bool, Report], None]]:
    """The writer of ``source``'s format (``None``: newslint cannot write it back, e.g. HTML or WARC)."""
    return WRITERS.get(source.format_suffix)


def compress(raw: BinaryIO, compression: Optional[str]) -> BinaryIO:
    """A writable stream compressing into ``raw`` as the input was (deterministic: no timestamps)."""
    if compression == "gzip":
        return gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0)  # type: ignore[return-value]
    if compression == "bz2":
        return bz2.BZ2File(raw, mode="wb")  # type: ignore[return-value]
    if compression == "xz":
        return lzma.LZMAFile(raw, mode="wb")  # type: ignore[return-value]
    if compression == "zstd":
        import zstandard

        return zstandard.ZstdCompressor().stream_writer(raw, closefd=False)  # type: ignore[return-value,unused-ignore]
    return raw

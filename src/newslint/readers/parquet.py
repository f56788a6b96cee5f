"""``.parquet``: one document per row, mapped like a JSONL record.

Needs the ``parquet`` extra (pyarrow), imported inside :meth:`ParquetReader.read`
so the class itself is always importable. Rows are read a batch at a time with
``ParquetFile.iter_batches``, so memory holds one batch, never the file; a
batch is sized from the row group's uncompressed size (one row at a time when
rows are large). ``record`` is the 1-based row index across the whole file.
The byte budgets hold, counted on the decoded text of each row before it is
converted (text columns are read as dictionaries, so a small file repeating a
huge value is never expanded a batch at a time): a row larger than
``max-record-bytes`` is an ``NL906`` and is skipped, and crossing
``max-file-bytes`` is an ``NL906`` that ends the file. A corrupt page is an ``NL901`` at the first
row it cost; the rows before it were linted and the next row group is read.

Parquet needs random access (its footer is at the end): a file on disk is
opened directly; a compressed one (``.parquet.gz``) or standard input is read
into memory first, within ``max-file-bytes``.
"""

from __future__ import annotations

from typing import Any, BinaryIO, Callable, Iterator, Optional, cast

from ..diagnostics import OVERSIZED_INPUT, UNREADABLE_FILE
from ._io import Cursor, Item, describe, guarded_read, oversized, sniff_format, unreadable
from .base import InputOptions, Reader, Source
from .fields import record_to_document

MISSING_EXTRA = "Cannot read file: Parquet support is not installed (pip install 'newslint[parquet]')"
# Rows per batch at most: news articles are a few KB, so a batch stays around a few MB.
BATCH_ROWS = 512
# Uncompressed bytes per batch aimed at (from the row group's average row): one row
# at a time when rows are large, never 512 rows of 50 MB.
BATCH_BYTES = 8 * 1024 * 1024


def batch_rows(info: Any) -> int:
    """Rows per batch for a row group, from its uncompressed size (at least 1, at most BATCH_ROWS)."""
    average = info.total_byte_size / max(info.num_rows, 1)
    return max(1, min(BATCH_ROWS, int(BATCH_BYTES // max(average, 1))))


_OVER_BUDGET = object()


def row_bytes(batch: Any) -> list[int]:
    """Decoded bytes of the text (string and binary columns) of each row, without decoding it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    total = None
    for column in batch.columns:
        kind = column.type
        if pa.types.is_dictionary(kind):
            values = column.dictionary
            if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
                continue
            lengths = pc.binary_length(values).take(column.indices)
        elif any(
            test(kind)
            for test in (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary, pa.types.is_large_binary)
        ):
            lengths = pc.binary_length(column)
        else:
            continue
        lengths = lengths.fill_null(0)
        total = lengths if total is None else pc.add(total, lengths)
    return [0] * batch.num_rows if total is None else [int(n) for n in total.to_pylist()]


def _rows(batch: Any, before: int, spent: list[int], source: Source, options: InputOptions) -> Iterator[Any]:
    """The documents of one batch, converted a slice at a time within the byte budgets.

    A row over ``max-record-bytes`` is an NL906 and never converted; crossing
    ``max-file-bytes`` is an NL906 followed by ``_OVER_BUDGET`` (the file ends).
    """
    sizes = row_bytes(batch)
    start = 0
    while start < len(sizes):
        end, chunk = start, 0
        while end < len(sizes) and (end == start or chunk + sizes[end] <= BATCH_BYTES):
            chunk += sizes[end]
            end += 1
        rows = [i for i in range(start, end) if sizes[i] <= options.max_record_bytes]
        objects = iter(
            batch.slice(start, end - start).to_pylist()
            if len(rows) == end - start
            else [batch.slice(i, 1).to_pylist()[0] for i in rows]
        )
        for i in range(start, end):
            record = before + i + 1
            if sizes[i] > options.max_record_bytes:
                yield oversized("Row", options, record)
                continue
            spent[0] += sizes[i]
            if spent[0] > options.max_file_bytes:
                yield OVERSIZED_INPUT.problem(
                    f"File exceeds max-file-bytes ({options.max_file_bytes} bytes of decoded rows); "
                    f"rows {record} and after were not linted",
                    record,
                )
                yield _OVER_BUDGET
                return
            yield record_to_document(next(objects), path=source.path, record=record, options=options)
        start = end


class ParquetReader(Reader):
    name = "parquet"
    extensions = (".parquet",)

    def read(self, source: Source, options: InputOptions) -> Iterator[Item]:
        try:
            import pyarrow.parquet  # noqa: F401 - probe the extra before opening anything
        except ImportError:
            return iter([UNREADABLE_FILE.problem(MISSING_EXTRA)])
        seekable = source.fs_path is not None and source.compression is None and source.data is None
        path = source.fs_path
        opener: Optional[Callable[[], BinaryIO]] = (
            (lambda: cast(BinaryIO, open(path, "rb"))) if path and seekable else None
        )
        return guarded_read(
            source, options, lambda stream, cursor: self._read(stream, cursor, source, options), opener=opener
        )

    def _read(self, stream: BinaryIO, cursor: Cursor, source: Source, options: InputOptions) -> Iterator[Item]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            if not stream.seekable():
                stream = pa.BufferReader(stream.read())
            strings = [
                f.name
                for f in pq.ParquetFile(stream).schema_arrow
                if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
            ]
            stream.seek(0)
            # Dictionary-encoded text stays a dictionary: a few KB of file repeating one
            # 50 MB value 20 times never becomes 1 GB of decoded batch.
            parquet = pq.ParquetFile(stream, read_dictionary=strings)
            metadata = parquet.metadata
        except (pa.ArrowException, OSError) as exc:  # not Parquet
            yield unreadable(exc)
            return
        row = 0
        spent = [0]  # decoded bytes of the rows so far (max-file-bytes)
        for group in range(metadata.num_row_groups):
            info = metadata.row_group(group)
            first, last = row + 1, row + info.num_rows
            cursor.record = first
            try:
                for batch in parquet.iter_batches(batch_size=batch_rows(info), row_groups=[group]):
                    for item in _rows(batch, row, spent, source, options):
                        if item is _OVER_BUDGET:
                            return
                        yield item
                    row += batch.num_rows
                    cursor.record = row + 1
            except (pa.ArrowException, OSError) as exc:  # a corrupt page costs the rest of its row group only
                lost = f"rows {row + 1}-{last}" if row + 1 < last else f"row {last}"
                reason = " ".join(describe(exc).split())  # pyarrow's messages span lines
                yield UNREADABLE_FILE.problem(f"Cannot read file: {reason} ({lost} not linted)", row + 1)
            row = last

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return sniff_format(head) == "parquet"

"""``.parquet``: one document per row, mapped like a JSONL record.

Needs the ``parquet`` extra (pyarrow), imported inside :meth:`ParquetReader.read`
so the class itself is always importable. Rows are read a batch at a time with
``ParquetFile.iter_batches``, so memory holds one batch, never the file; a
batch is sized from the row group's uncompressed size (one row at a time when
rows are large). ``record`` is the 1-based row index across the whole file.
The byte budgets hold: the row groups' uncompressed sizes (from the footer)
count against ``max-file-bytes`` before they are decoded, and a row larger than
``max-record-bytes`` is an ``NL906``. A corrupt page is an ``NL901`` at the first
row it cost; the rows before it were linted and the next row group is read.

Parquet needs random access (its footer is at the end): a file on disk is
opened directly; a compressed one (``.parquet.gz``) or standard input is read
into memory first, within ``max-file-bytes``.
"""

from __future__ import annotations

from typing import Any, BinaryIO, Callable, Iterator, Optional, cast

from .base import InputOptions, Reader, Source
from ._io import Cursor, Item, describe, guarded_read, oversized, sniff_format, unreadable
from .fields import record_to_document
from ..diagnostics import OVERSIZED_INPUT, UNREADABLE_FILE

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


class ParquetReader(Reader):
    name = "parquet"
    extensions = (".parquet",)

    def read(self, source: Source, options: InputOptions) -> Iterator[Item]:
        try:
            import pyarrow.parquet  # noqa: F401 - probe the extra before opening anything
        except ImportError:
            return iter([UNREADABLE_FILE.problem( MISSING_EXTRA)])
        seekable = source.fs_path is not None and source.compression is None and source.data is None
        path = source.fs_path
        opener: Optional[Callable[[], BinaryIO]] = (lambda: cast(BinaryIO, open(path, "rb"))) if path and seekable else None
        return guarded_read(
            source, options, lambda stream, cursor: self._read(stream, cursor, source, options), opener=opener
        )

    def _read(self, stream: BinaryIO, cursor: Cursor, source: Source, options: InputOptions) -> Iterator[Item]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            if not stream.seekable():
                stream = pa.BufferReader(stream.read())
            parquet = pq.ParquetFile(stream)
            metadata = parquet.metadata
        except (pa.ArrowException, OSError) as exc:  # not Parquet
            yield unreadable(exc)
            return
        row = spent = 0
        for group in range(metadata.num_row_groups):
            info = metadata.row_group(group)
            first, last = row + 1, row + info.num_rows
            cursor.record = first
            # The footer states each row group's uncompressed size: the file's budget is
            # checked before a byte of it is decoded (a 5 KB file can hold GBs of text).
            spent += info.total_byte_size
            if spent > options.max_file_bytes:
                yield OVERSIZED_INPUT.problem(
                    f"File exceeds max-file-bytes ({options.max_file_bytes} bytes of uncompressed rows); "
                    f"rows {first} and after were not linted", first)
                return
            try:
                for batch in parquet.iter_batches(batch_size=batch_rows(info), row_groups=[group]):
                    if batch.num_rows == 1 and batch.nbytes > options.max_record_bytes:
                        row += 1
                        yield oversized("Row", options, row)
                        continue
                    for obj in batch.to_pylist():
                        row += 1
                        cursor.record = row
                        yield record_to_document(obj, path=source.path, record=row, options=options)
            except (pa.ArrowException, OSError) as exc:  # a corrupt page costs the rest of its row group only
                lost = f"rows {row + 1}-{last}" if row + 1 < last else f"row {last}"
                reason = " ".join(describe(exc).split())  # pyarrow's messages span lines
                yield UNREADABLE_FILE.problem(f"Cannot read file: {reason} ({lost} not linted)", row + 1)
            row = last

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return sniff_format(head) == "parquet"

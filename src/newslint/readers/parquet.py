"""``.parquet``: one document per row, mapped like a JSONL record.

Needs the ``parquet`` extra (pyarrow), imported inside :meth:`ParquetReader.read`
so the class itself is always importable. Rows are read a batch at a time with
``ParquetFile.iter_batches``, so memory holds one batch, never the file.
``record`` is the 1-based row index across the whole file.

Parquet needs random access (its footer is at the end): a file on disk is
opened directly; a compressed one (``.parquet.gz``) or standard input is read
into memory first, within ``max-file-bytes``.
"""

from __future__ import annotations

from typing import Any, BinaryIO, Callable, Iterator, Optional, cast

from .base import InputOptions, Reader, Source
from ._io import Cursor, Item, guarded_read, sniff_format, unreadable
from .fields import record_to_document
from ..diagnostics import UNREADABLE_FILE

MISSING_EXTRA = "Cannot read file: Parquet support is not installed (pip install 'newslint[parquet]')"
# Rows per batch: news articles are a few KB, so a batch stays around a few MB.
BATCH_ROWS = 512


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
            row = 0
            for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
                rows: list[dict[str, Any]] = batch.to_pylist()
                for obj in rows:
                    row += 1
                    cursor.record = row
                    yield record_to_document(obj, path=source.path, record=row, options=options)
                cursor.record = row + 1
        except pa.ArrowException as exc:  # not Parquet, or a corrupt page
            yield unreadable(exc, cursor.record)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return sniff_format(head) == "parquet"

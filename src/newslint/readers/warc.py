"""``.warc`` / ``.warc.gz``: HTML responses of a web archive, one document each.

Needs the ``warc`` extra (warcio), imported inside :meth:`WarcReader.read` so
the class itself is always importable. ``Source.open`` has already undone the
gzip members of a ``.warc.gz`` (Python's gzip reads multi-member streams) and
warcio reads the uncompressed stream as well, so the file's byte budget applies
as for every other format.

``response`` records whose HTTP ``Content-Type`` mentions ``html`` are
extracted with the HTML reader's helper; every other record (``warcinfo``,
``request``, ``metadata``, non-HTML responses) is skipped. ``record`` is the
1-based index of the WARC record in the file (skipped ones count);
``doc_id``/``url``/``date`` are the ``WARC-Record-ID``/``WARC-Target-URI``/
``WARC-Date`` headers.

Every record is read to the end of its ``Content-Length`` before the next one:
a file that ends short of it (a truncated ``.warc``/``.warc.gz``, a length
larger than the payload) is an ``NL901`` at that record, which is not linted.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any, BinaryIO, Iterable, Iterator, Optional

from ..diagnostics import UNREADABLE_FILE
from ._io import Cursor, Item, guarded_read, oversized, read_bounded, sniff_format
from .base import InputOptions, Reader, Source
from .html import HtmlReader, extract_document

MISSING_EXTRA = "Cannot read file: WARC support is not installed (pip install 'newslint[warc]')"


def _drain(record: Any) -> int:
    """Read the rest of the record's block; the bytes its Content-Length promised but the file lacks."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    return max(0, int(getattr(raw, "limit", 0) or 0))


class _BrokenHeader(Exception):
    """warcio failed (AttributeError, ValueError, ...) while parsing the headers of a record."""


class _EndIsNotEOF(io.RawIOBase):
    """The decompressed stream, with a truncated compressed stream's ``EOFError`` made an ``OSError``.

    warcio takes ``EOFError`` for the normal end of the archive: a truncated
    ``.warc.gz`` would end the file silently after the last whole record.
    """

    def __init__(self, raw: BinaryIO) -> None:
        # read1: one step at a time, so the records before the cut are handed over first.
        self._read = getattr(raw, "read1", raw.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._read(len(buffer))
        except EOFError as exc:
            raise OSError(str(exc) or "compressed stream truncated") from None
        n = len(data)
        buffer[:n] = data
        return n


def _numbered(records: Iterable[Any], cursor: Cursor) -> Iterator[tuple[int, Any]]:
    """Number the records; between two, the cursor points at the one being parsed.

    Before the first record it stays ``None``: an unparseable start is the whole file's problem.
    """
    iterator = iter(records)
    index = 0
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except (AttributeError, ValueError, TypeError, IndexError) as exc:  # warcio on a cut header
            raise _BrokenHeader(f"{type(exc).__name__}: {exc}") from exc
        index += 1
        cursor.record = index
        yield index, record
        cursor.record = index + 1


class WarcReader(Reader):
    name = "warc"
    extensions = (".warc",)

    def read(self, source: Source, options: InputOptions) -> Iterator[Item]:
        try:
            import warcio  # noqa: F401 - probe the extra before opening anything
        except ImportError:
            return iter([UNREADABLE_FILE.problem(MISSING_EXTRA)])
        return guarded_read(source, options, lambda stream, cursor: self._read(stream, cursor, source, options))

    def _read(self, stream: BinaryIO, cursor: Cursor, source: Source, options: InputOptions) -> Iterator[Item]:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.bufferedreaders import ChunkedDataException
        from warcio.exceptions import ArchiveLoadFailed
        from warcio.statusandheaders import StatusAndHeadersParserException

        try:
            for index, record in _numbered(ArchiveIterator(_EndIsNotEOF(stream)), cursor):
                item = self._record(record, index, source, options)
                missing = _drain(record)
                if missing:
                    # warcio ends a record silently at the end of the file: a cut payload would
                    # be linted as a (truncated) page and the records after the cut lost unnoticed.
                    length = getattr(record, "length", None) or 0
                    yield UNREADABLE_FILE.problem(
                        f"Cannot read file: WARC record truncated: its Content-Length is {length} bytes, "
                        f"the file ends {missing} bytes short of it; the record was not linted",
                        index,
                    )
                    return
                if item is not None:
                    yield item
        except (ArchiveLoadFailed, ChunkedDataException, StatusAndHeadersParserException, _BrokenHeader) as exc:
            # The stream cannot be resynchronised after a broken record header.
            yield UNREADABLE_FILE.problem(f"Cannot read file: malformed WARC record: {exc}", cursor.record)

    @staticmethod
    def _record(record: Any, index: int, source: Source, options: InputOptions) -> Optional[Item]:
        """The document (or problem) of one WARC record; None for a record that is not an HTML response."""
        if record.rec_type != "response" or record.http_headers is None:
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
        if "html" not in content_type.lower():
            return None
        payload = read_bounded(record.content_stream(), options.max_record_bytes)
        if payload is None:
            return oversized("WARC payload", options, index)
        headers = record.rec_headers
        url = headers.get_header("WARC-Target-URI")
        meta = {
            "doc_id": headers.get_header("WARC-Record-ID"),
            "url": url,
            "date": headers.get_header("WARC-Date"),
        }
        return extract_document(payload, path=source.path, record=index, url=url, metadata=meta)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return sniff_format(head) == "warc"

    @classmethod
    def prepare(cls) -> None:
        HtmlReader.prepare()
        with contextlib.suppress(ImportError):  # reported per file
            import warcio.archiveiterator  # noqa: F401 - inherited by the workers

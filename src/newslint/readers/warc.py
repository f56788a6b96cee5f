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
"""

from __future__ import annotations

from typing import Any, BinaryIO, Iterable, Iterator

from .base import InputOptions, Reader, Source
from ._io import Cursor, Item, guarded_read, oversized, read_bounded, sniff_format
from .html import extract_document
from ..diagnostics import UNREADABLE_FILE

MISSING_EXTRA = "Cannot read file: WARC support is not installed (pip install 'newslint[warc]')"


def _numbered(records: Iterable[Any], cursor: Cursor) -> Iterator[tuple[int, Any]]:
    """Number the records; between two, the cursor points at the one being parsed.

    Before the first record it stays ``None``: an unparseable start is the whole file's problem.
    """
    for index, record in enumerate(records, start=1):
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
            return iter([UNREADABLE_FILE.problem( MISSING_EXTRA)])
        return guarded_read(source, options, lambda stream, cursor: self._read(stream, cursor, source, options))

    def _read(self, stream: BinaryIO, cursor: Cursor, source: Source, options: InputOptions) -> Iterator[Item]:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.bufferedreaders import ChunkedDataException
        from warcio.exceptions import ArchiveLoadFailed
        from warcio.statusandheaders import StatusAndHeadersParserException

        try:
            for index, record in _numbered(ArchiveIterator(stream), cursor):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                payload = read_bounded(record.content_stream(), options.max_record_bytes)
                if payload is None:
                    yield oversized("WARC payload", options, index)
                    continue
                headers = record.rec_headers
                url = headers.get_header("WARC-Target-URI")
                meta = {
                    "doc_id": headers.get_header("WARC-Record-ID"),
                    "url": url,
                    "date": headers.get_header("WARC-Date"),
                }
                yield extract_document(payload, path=source.path, record=index, url=url, metadata=meta)
        except (ArchiveLoadFailed, ChunkedDataException, StatusAndHeadersParserException) as exc:
            # The stream cannot be resynchronised after a broken record header.
            yield UNREADABLE_FILE.problem( f"Cannot read file: malformed WARC record: {exc}", cursor.record)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return sniff_format(head) == "warc"

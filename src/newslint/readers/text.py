"""``.txt`` and ``.md``: one document per file.

The file is decoded as UTF-8 (a BOM is dropped). Invalid bytes give an
``NL902`` at the first bad byte and the document is still linted, decoded
with replacement characters, because one Latin-1 "é" should not hide the rest.

What is not text is not linted, so rules never see garbage:

* a NUL byte in the first 8 KB means a binary file: ``NL901`` (unreadable);
* more than 30 % replacement characters after decoding means binary data or a
  legacy single-byte encoding (e.g. Windows-1251): ``NL902``, no document.

Metadata (id, url, title, ...) can come from a sidecar ``NAME.json`` mapped
through :mod:`newslint.readers.fields`; ``doc_id`` defaults to the file stem.
"""

from __future__ import annotations

from typing import BinaryIO, Iterator

from ..model import Document
from .base import InputOptions, Reader, ReadProblem, Source
from ._io import (
    Cursor,
    Item,
    decode_utf8,
    file_stem,
    guarded_read,
    load_sidecar,
    normalise_newlines,
    oversized,
    read_bounded,
    sniff_format,
    undecodable,
)
from .fields import map_metadata

BINARY_SNIFF_BYTES = 8192
MOSTLY_UNDECODABLE = 0.3


class TextReader(Reader):
    name = "text"
    extensions = (".txt", ".md")

    def read(self, source: Source, options: InputOptions) -> Iterator[Item]:
        return guarded_read(source, options, lambda stream, cursor: self._read(stream, cursor, source, options))

    def _read(self, stream: BinaryIO, cursor: Cursor, source: Source, options: InputOptions) -> Iterator[Item]:
        data = read_bounded(stream, options.max_record_bytes)
        if data is None:
            yield oversized("File", options)
            return
        nul = data.find(b"\0", 0, BINARY_SNIFF_BYTES)
        if nul != -1:
            yield ReadProblem("NL901", f"Cannot read file: binary data (NUL byte at offset {nul}), not text")
            return
        decoded = decode_utf8(data)
        if decoded.bad_offset is not None:
            share = decoded.text.count("\ufffd") / max(len(decoded.text), 1)
            if share > MOSTLY_UNDECODABLE:
                yield ReadProblem(
                    "NL902",
                    f"Not UTF-8 text ({share:.0%} of characters undecodable): binary data"
                    " or a legacy encoding; not linted",
                )
                return
            yield undecodable(decoded)
        meta, problem = load_sidecar(source, options)
        if problem is not None:
            yield problem
        kwargs = map_metadata(meta or {}, options)
        if kwargs["doc_id"] is None:
            kwargs["doc_id"] = file_stem(source)
        yield Document(text=normalise_newlines(decoded.text), path=source.path, record=None, **kwargs)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """The fallback for standard input: whatever no other built-in format claims."""
        return sniff_format(head) is None

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

from typing import Any, Iterator

from ..diagnostics import UNDECODABLE_TEXT, UNREADABLE_FILE
from ..model import Document
from ._io import Item, decode_utf8, normalise_newlines, sniff_format, undecodable
from .base import Source
from .single import SingleDocumentReader

BINARY_SNIFF_BYTES = 8192
MOSTLY_UNDECODABLE = 0.3


class TextReader(SingleDocumentReader):
    name = "text"
    extensions = (".txt", ".md")

    def document(self, data: bytes, source: Source, metadata: dict[str, Any]) -> Iterator[Item]:
        nul = data.find(b"\0", 0, BINARY_SNIFF_BYTES)
        if nul != -1:
            yield UNREADABLE_FILE.problem(f"Cannot read file: binary data (NUL byte at offset {nul}), not text")
            return
        decoded = decode_utf8(data)
        if decoded.bad_offset is not None:
            share = decoded.text.count("\ufffd") / max(len(decoded.text), 1)
            if share > MOSTLY_UNDECODABLE:
                yield UNDECODABLE_TEXT.problem(
                    f"Not UTF-8 text ({share:.0%} of characters undecodable): binary data"
                    " or a legacy encoding; not linted",
                )
                return
            yield undecodable(decoded)
        yield Document(text=normalise_newlines(decoded.text), path=source.path, record=None, **metadata)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """The fallback for standard input: whatever no other built-in format claims."""
        return sniff_format(head) is None

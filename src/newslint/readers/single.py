"""The skeleton of readers that hold one document per file (text, HTML), with sidecar metadata."""

from __future__ import annotations

from typing import Any, BinaryIO, Iterator

from ._io import Cursor, Item, StreamReader, file_stem, load_sidecar, oversized, read_bounded
from .base import InputOptions, Source
from .fields import map_metadata


class SingleDocumentReader(StreamReader):
    """One document per file: the bytes (within ``max-record-bytes``) plus sidecar metadata.

    Subclasses implement ``document(data, source, metadata)``; ``metadata`` holds
    Document keyword arguments from ``NAME.json`` (a broken sidecar is reported
    and ignored), with the file's stem as the default ``doc_id``.
    """

    def _read(self, stream: BinaryIO, cursor: Cursor, source: Source, options: InputOptions) -> Iterator[Item]:
        data = read_bounded(stream, options.max_record_bytes)
        if data is None:
            yield oversized("File", options)
            return
        sidecar, problem = load_sidecar(source, options)
        if problem is not None:
            yield problem
        metadata = map_metadata(sidecar or {}, options)
        if metadata.get("doc_id") is None:
            metadata["doc_id"] = file_stem(source)
        yield from self.document(data, source, metadata)

    def document(self, data: bytes, source: Source, metadata: dict[str, Any]) -> Iterator[Item]:
        raise NotImplementedError

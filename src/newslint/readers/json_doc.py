"""``.json``: one object, an array of objects, or an object mapping ids to objects.

* ``{"text": ...}``: one document, ``record`` None.
* ``[{...}, {...}]``: one document per element, ``record`` = 1-based index.
* ``{"a1": {"articleBody": ...}, ...}`` (the AEB benchmark dumps): when the
  top-level object has no text field and every value is an object, each value
  is a record (``record`` = 1-based index) whose ``doc_id`` is its key unless
  ``--id-field`` names a field of the record.

Unlike JSONL, parsing needs the whole file in memory; it is bounded by
``max-file-bytes`` (a spent budget is an ``NL906``).

A ``NAME.json`` next to ``NAME.txt``/``.md``/``.html``/``.htm`` (possibly
compressed) is that file's metadata sidecar, not a document, when it holds
metadata: one object without a text field (or JSON so broken that the owner's
reader reports it). It yields nothing, so walking a directory of pages with
sidecars gives no spurious ``NL904``. A ``.json`` beside a page that holds
documents (an array, an object with text, an id mapping of records with text)
is linted like any other: a sidecar is only a sidecar when it holds metadata.
"""

from __future__ import annotations

import dataclasses
from typing import Any, BinaryIO, Iterator, Mapping

from ..diagnostics import MALFORMED_RECORD
from ..model import Document
from ._io import (
    Cursor,
    Item,
    decode_utf8,
    guarded_read,
    json_kind,
    json_problem,
    parse_json,
    sniff_format,
    undecodable,
)
from .base import COMPRESSION_SUFFIXES, InputOptions, Reader, Source
from .fields import find_text, record_to_document

# Single-document formats whose metadata lives in a sidecar (see Source.sidecar).
SIDECAR_OWNERS = (".txt", ".md", ".html", ".htm")


def has_owner(source: Source) -> bool:
    """Whether a single-document file next to ``source`` could own it as its sidecar."""
    if source.fs_path is None or source.compression is not None:
        return False
    stem = source.fs_path.with_suffix("")
    names = [stem.name + ext for ext in SIDECAR_OWNERS]
    if stem.suffix.lower() in SIDECAR_OWNERS:  # "a.txt.json" belongs to "a.txt.gz"
        names += [stem.name + ext for ext in COMPRESSION_SUFFIXES]
    return any(stem.with_name(name).is_file() for name in names)


def holds_metadata(value: Any, options: InputOptions) -> bool:
    """Whether a parsed ``.json`` is a sidecar's metadata: an object that holds no document."""
    if not isinstance(value, dict) or find_text(value, options)[0] is not None:
        return False
    return not any(isinstance(v, dict) and find_text(v, options)[0] is not None for v in value.values())


def _is_id_mapping(obj: Mapping[str, Any], options: InputOptions) -> bool:
    return bool(obj) and find_text(obj, options)[0] is None and all(isinstance(v, dict) for v in obj.values())


class JsonReader(Reader):
    name = "json"
    extensions = (".json",)

    def read(self, source: Source, options: InputOptions) -> Iterator[Item]:
        return guarded_read(source, options, lambda stream, cursor: self._read(stream, cursor, source, options))

    def _read(self, stream: BinaryIO, cursor: Cursor, source: Source, options: InputOptions) -> Iterator[Item]:
        decoded = decode_utf8(stream.read())  # bounded by max_file_bytes in Source.open
        owned = has_owner(source)
        try:
            value = parse_json(decoded.text)
        except (ValueError, RecursionError) as exc:
            if not owned:  # a broken sidecar is reported by its owner's reader
                if decoded.bad_offset is not None:
                    yield undecodable(decoded)
                yield json_problem(exc)
            return
        if owned and holds_metadata(value, options):
            return  # a sidecar: its owner's reader reads it
        if decoded.bad_offset is not None:
            yield undecodable(decoded)
        if isinstance(value, list):
            for index, item in enumerate(value, start=1):
                yield record_to_document(item, path=source.path, record=index, options=options)
        elif isinstance(value, dict) and _is_id_mapping(value, options):
            for index, (key, item) in enumerate(value.items(), start=1):
                doc = record_to_document(item, path=source.path, record=index, options=options)
                if isinstance(doc, Document) and not (options.id_field and doc.doc_id is not None):
                    doc = dataclasses.replace(doc, doc_id=key)
                yield doc
        elif isinstance(value, dict):
            yield record_to_document(value, path=source.path, record=None, options=options)
        else:
            yield MALFORMED_RECORD.problem(f"The file holds {json_kind(value)}, not a JSON object or array")

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return sniff_format(head) == "json"

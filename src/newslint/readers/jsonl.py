"""``.jsonl`` and ``.ndjson``: one JSON object per line, one document per object.

Streamed line by line; ``record`` is the 1-based physical line number (blank
lines are skipped silently but still counted, so numbers match ``sed -n Np``).
Each line is decoded and parsed on its own, so a bad line costs that record
only: invalid UTF-8 is an ``NL902`` and the line is parsed with replacement
characters; bad JSON is an ``NL903``; a line over ``max-record-bytes`` is an
``NL906`` and is skipped without ever being held in memory whole.
"""

from __future__ import annotations

from typing import BinaryIO, Iterator

from ._io import (
    UTF8_BOM,
    Cursor,
    Item,
    StreamReader,
    decode_utf8,
    json_problem,
    oversized,
    parse_json,
    sniff_format,
    undecodable,
)
from .base import InputOptions, Source
from .fields import record_to_document

# How much of an oversized line is read at a time while skipping it.
_SKIP_CHUNK = 1 << 20


def iter_lines(stream: BinaryIO, limit: int, cursor: Cursor, first: int = 1) -> Iterator[tuple[int, bytes | None]]:
    """``(line_number, bytes)`` for each line, bytes ``None`` when it exceeds ``limit``.

    ``readline(limit + 1)`` caps what one call can return; the rest of a long
    line is read in chunks and dropped. ``first`` numbers the first line (a
    shard of a large file starts in its middle).
    """
    number = first - 1
    while True:
        # A read error is reported at the line being read (the whole file before the first).
        cursor.record = number + 1 if number >= first else None
        chunk = stream.readline(limit + 1)
        if not chunk:
            return
        number += 1
        if chunk.endswith(b"\n"):
            yield number, chunk
        elif len(chunk) <= limit:
            yield number, chunk  # the last line, without a newline
        else:
            while chunk and not chunk.endswith(b"\n"):
                chunk = stream.readline(_SKIP_CHUNK)
            yield number, None


class JsonlReader(StreamReader):
    name = "jsonl"
    extensions = (".jsonl", ".ndjson")

    def _read(self, stream: BinaryIO, cursor: Cursor, source: Source, options: InputOptions) -> Iterator[Item]:
        for number, raw in iter_lines(stream, options.max_record_bytes, cursor, source.first_line):
            if raw is None:
                yield oversized("Line", options, number)
                continue
            if number == 1 and raw.startswith(UTF8_BOM):
                raw = raw[len(UTF8_BOM) :]
            raw = raw.rstrip(b"\r\n")  # else a truncated string ends in a "control character"
            if not raw.strip():
                continue
            decoded = decode_utf8(raw)
            if decoded.bad_offset is not None:
                # line/column would point into the JSON source, not the text
                # rules see, so the byte offset is in the message instead.
                yield undecodable(decoded, number, point=False)
            try:
                obj = parse_json(decoded.text)
            except (ValueError, RecursionError) as exc:
                yield json_problem(exc, number, one_line=True)
                continue
            yield record_to_document(obj, path=source.path, record=number, options=options)

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return sniff_format(head) == "jsonl"

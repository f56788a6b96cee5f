"""Splitting large JSON Lines files into byte-range shards.

One 10 GB ``.jsonl`` file would otherwise keep one worker busy while the
others idle, and its findings (and corpus-rule observations) would travel
back to the main process in one piece. A shard is a :class:`Source` with a
``byte_range`` that starts and ends on line boundaries and a ``first_line``:
the 1-based line number of its first line in the file, so records keep their
real line numbers. Shard boundaries depend only on the file and the shard
size, never on the number of workers, so output stays identical for any
``-j``.

Planning reads the file once in the main process (counting newlines runs at
disk speed and warms the page cache for the workers). Compressed files cannot
be entered in the middle and stay whole.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Iterable, Iterator, Union

from ..readers.base import Source
from .discovery import Unreadable

# 2 MiB: small enough that a 10 MB file keeps two workers busy to its end (a 32 MiB shard made
# -j2 run a 24 MB corpus of 10 MB files at 1.2x -j1), large enough that a shard's findings
# travel back in one message per few hundred documents.
SHARD_BYTES = 2 * 1024 * 1024
SPLITTABLE = (".jsonl", ".ndjson")
_BLOCK = 1 << 20


def split(source: Source, shard_bytes: int = SHARD_BYTES) -> list[Source]:
    """``source`` as byte-range shards (a list of one when it is small, compressed or not JSONL)."""
    if source.fs_path is None or source.compression or source.format_suffix not in SPLITTABLE:
        return [source]
    try:
        size = os.path.getsize(source.fs_path)
        if size <= shard_bytes:
            return [source]
        return list(_plan(source, size, shard_bytes))
    except OSError:
        return [source]  # the reader reports the file as unreadable, located


def _plan(source: Source, size: int, shard_bytes: int) -> Iterator[Source]:
    assert source.fs_path is not None
    start, line = 0, 1  # the current shard's first byte and line number
    offset, newlines = 0, 0  # bytes read so far; newlines in [start, offset)
    target = shard_bytes  # cut at the first line end at or after this offset
    with open(source.fs_path, "rb") as f:
        while block := f.read(_BLOCK):
            pos = 0
            while offset + len(block) > target:
                cut = block.find(b"\n", max(pos, target - offset))
                end = offset + cut + 1
                if cut < 0 or end >= size:
                    break  # the line goes on in the next block, or this is the file's end
                newlines += block.count(b"\n", pos, cut + 1)
                yield dataclasses.replace(source, byte_range=(start, end), first_line=line)
                start, line, newlines = end, line + newlines, 0
                pos, target = cut + 1, end + shard_bytes
            newlines += block.count(b"\n", pos)
            offset += len(block)
    yield dataclasses.replace(source, byte_range=(start, size), first_line=line)


def expand(
    sources: Iterable[Union[Source, Unreadable]], shard_bytes: int = SHARD_BYTES
) -> Iterator[Union[Source, Unreadable]]:
    """Every source, large JSONL files replaced by their shards (in order)."""
    for source in sources:
        if isinstance(source, Source):
            yield from split(source, shard_bytes)
        else:
            yield source

"""The reader contract and the shared plumbing (sources, decompression).

A :class:`Reader` turns the bytes of one :class:`Source` into a stream of
:class:`~newslint.model.Document` objects, interleaved with
:class:`ReadProblem` objects for what it could not read (a malformed JSON line,
a record without text). The engine turns problems into ``NL9xx`` findings at
their location; a reader never raises for bad input (house rule 6), and never
loads a whole corpus into memory: it streams.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, Iterator, Optional, Union

from ..model import Document

# Compression suffixes and the module that opens them. zstandard is an extra.
COMPRESSION_SUFFIXES = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd"}


@dataclass(frozen=True)
class InputOptions:
    """How readers map records to documents, and the byte budgets they obey."""

    # Field holding the text; None = the first present among the preset's fields.
    text_field: Optional[str] = None
    id_field: Optional[str] = None
    # "auto" tries every known schema; see readers.fields.PRESETS.
    preset: str = "auto"
    # A record (a JSONL line, a WARC payload, a .txt file) larger than this is
    # reported (NL906) and skipped.
    max_record_bytes: int = 8 * 1024 * 1024  # as the setting max-record-bytes
    # Decompressed bytes read from one file before giving up (decompression
    # bombs); reported as NL906.
    max_file_bytes: int = 16 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class ReadProblem:
    """Something a reader could not read, reported as an ``NL9xx`` finding.

    ``record`` is the 1-based record (JSONL line, array index, ...) or ``None``
    for the whole file; ``line``/``column`` optionally point inside it.
    """

    code: str
    message: str
    record: Optional[int] = None
    line: int = 0
    column: int = 0


class BudgetExceeded(Exception):
    """Raised by :class:`LimitedReader` when a file's byte budget is spent."""


class LimitedReader(io.RawIOBase):
    """A read-only binary stream that raises once more than ``limit`` bytes were read.

    Nothing is lost before an error: the first ``limit`` bytes are all handed
    over (so every record that fits in the budget is linted and the ``NL906``
    names the record that crossed it), and ``read1`` takes one decompression
    step at a time, so a truncated stream fails on the read that meets the cut,
    not on a large read that had already decompressed good records.

    Closing it closes the decompressor and the file underneath (``also_close``):
    gzip/bz2/lzma objects do not close a file object they were given.
    """

    def __init__(self, raw: BinaryIO, limit: int, also_close: Optional[BinaryIO] = None) -> None:
        self._raw = raw
        self._read = getattr(raw, "read1", raw.read)
        self._limit = limit
        self._count = 0
        self._also_close = also_close

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        room = self._limit - self._count
        if room <= 0:
            if self._read(1):  # one byte more than the budget allows
                raise BudgetExceeded(f"more than {self._limit} bytes after decompression")
            return 0
        data = self._read(min(len(buffer), room))
        n = len(data)
        self._count += n
        buffer[:n] = data
        return n

    def close(self) -> None:
        try:
            self._raw.close()
            if self._also_close is not None:
                self._also_close.close()
        finally:
            super().close()


class RangeReader(io.RawIOBase):
    """The next ``length`` bytes of a file, then end of file (a shard's byte range)."""

    def __init__(self, raw: BinaryIO, length: int) -> None:
        self._raw = raw
        self._left = length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            return 0
        data = self._raw.read(min(len(buffer), self._left))
        n = len(data)
        self._left -= n
        buffer[:n] = data
        return n

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


class ZstdStream(io.RawIOBase):
    """Decompresses a (multi-frame) zstd stream and raises ``EOFError`` when it is truncated.

    zstandard's own ``stream_reader`` ends silently at a truncated frame, which
    would lose the documents after the cut without a finding.

    Its decompressor has no output limit, and zstd expands 4 bytes (an RLE
    block) to 128 KiB: 64 KiB of a decompression bomb would become GiBs in one
    call. So the input is fed in slices sized from the expansion seen so far,
    keeping each call's output near ``_TARGET_OUTPUT``.
    """

    _TARGET_OUTPUT = 1 << 20
    _MIN_FEED, _FIRST_FEED, _MAX_FEED = 16, 256, 1 << 18

    def __init__(self, raw: BinaryIO) -> None:
        import zstandard

        self._zstd = zstandard
        self._raw = raw
        self._dobj = zstandard.ZstdDecompressor().decompressobj()
        self._pending = bytearray()  # deleting from its front is O(1)
        self._feed = self._FIRST_FEED
        self._in_frame = False  # bytes of the current frame were consumed, its end not seen

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = self._raw.read(self._feed)
            if not chunk:
                if self._in_frame:
                    raise EOFError("zstd stream ended before the end of its last frame")
                return 0
            fed, before = len(chunk), len(self._pending)
            while chunk:
                self._in_frame = True
                self._pending += self._dobj.decompress(chunk)
                if not self._dobj.eof:
                    break
                # A frame ended: whatever follows starts the next frame.
                self._in_frame = False
                chunk = self._dobj.unused_data
                self._dobj = self._zstd.ZstdDecompressor().decompressobj()
            produced = len(self._pending) - before
            wanted = self._TARGET_OUTPUT * fed // produced if produced else 2 * self._feed
            self._feed = max(self._MIN_FEED, min(self._MAX_FEED, wanted))
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        del self._pending[:n]
        return n


@dataclass(frozen=True)
class Source:
    """One input: a file on disk, or standard input (``path == "-"``).

    ``path`` is the display path (POSIX separators, as the user gave it);
    ``format_suffix`` is the extension that chooses the reader once any
    compression suffix is removed (``.jsonl`` for ``a.jsonl.gz``).
    """

    path: str
    fs_path: Optional[Path]
    compression: Optional[str]
    format_suffix: str
    data: Optional[bytes] = None  # standard input, read once by the CLI
    # A shard of a large file (see newslint.sharding): bytes [start, end) of it,
    # starting on a line boundary, whose first line is line ``first_line``.
    byte_range: Optional[tuple[int, int]] = None
    first_line: int = 1
    # A path with a scheme (s3://, memory://, ...), opened through fsspec (see newslint.remote).
    url: Optional[str] = None

    @classmethod
    def from_path(cls, path: Union[str, Path], display: Optional[str] = None) -> Source:
        p = Path(path)
        shown = display if display is not None else p.as_posix()
        suffixes = [s.lower() for s in p.suffixes]
        compression = None
        if suffixes and suffixes[-1] in COMPRESSION_SUFFIXES:
            compression = COMPRESSION_SUFFIXES[suffixes[-1]]
            suffixes = suffixes[:-1]
        fmt = suffixes[-1] if suffixes else ""
        return cls(shown, p, compression, fmt)

    @classmethod
    def from_url(cls, url: str) -> Source:
        """A file in an object store or other fsspec filesystem; format and compression from its name."""
        name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        local = cls.from_path(name)
        return cls(url, None, local.compression, local.format_suffix, url=url)

    @classmethod
    def from_stdin(cls, data: bytes, format_suffix: str = "") -> Source:
        return cls("-", None, None, format_suffix, data)

    def open(self, options: InputOptions) -> BinaryIO:
        """The decompressed bytes, capped at ``options.max_file_bytes``.

        Raises ``OSError`` (unreadable file), ``ImportError`` (a compression
        extra is missing); the stream raises :class:`BudgetExceeded` and the
        decompressor's own errors (``EOFError``, ``OSError``, ``lzma.LZMAError``,
        ``zstandard.ZstdError``) on bad data.
        """
        if self.data is not None:
            raw: BinaryIO = io.BytesIO(self.data)
        elif self.url is not None:
            import fsspec  # the remote extra; newslint.remote checked it before the run

            raw = fsspec.open(self.url, "rb").open()
        else:
            assert self.fs_path is not None
            raw = open(self.fs_path, "rb")  # noqa: SIM115 - closed by the caller
            if self.byte_range is not None:
                raw.seek(self.byte_range[0])
                raw = RangeReader(raw, self.byte_range[1] - self.byte_range[0])  # type: ignore[assignment]
        file = raw
        try:
            if self.compression is not None and self.byte_range is None and _is_empty(file):
                # Every compressed format has a header: zero bytes are a failed write, not an empty corpus.
                raise EOFError("Compressed file is empty (0 bytes): not a valid compressed stream")
            if self.compression == "gzip":
                raw = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
            elif self.compression == "bz2":
                raw = bz2.BZ2File(raw, mode="rb")  # type: ignore[assignment]
            elif self.compression == "xz":
                raw = lzma.LZMAFile(raw, mode="rb")  # type: ignore[assignment]
            elif self.compression == "zstd":
                try:
                    import zstandard  # noqa: F401 - only to give a helpful error
                except ImportError as exc:  # pragma: no cover - depends on extras
                    raw.close()
                    raise ImportError("reading .zst files needs the zstd extra: pip install 'newslint[zstd]'") from exc
                raw = ZstdStream(raw)  # type: ignore[assignment]
        except BaseException:
            file.close()
            raise
        limited = LimitedReader(raw, options.max_file_bytes, also_close=file if raw is not file else None)
        return io.BufferedReader(limited, buffer_size=1 << 20)  # type: ignore[return-value,unused-ignore]

    def sidecar(self, suffix: str = ".json") -> Optional[Path]:
        """``NAME.json`` next to ``NAME.txt`` (metadata for single-document files), if it exists."""
        if self.fs_path is None:
            return None
        candidate = self.fs_path.with_suffix(suffix)
        return candidate if candidate != self.fs_path and os.path.isfile(candidate) else None


def _is_empty(file: BinaryIO) -> bool:
    try:
        return os.fstat(file.fileno()).st_size == 0
    except (OSError, AttributeError, io.UnsupportedOperation):
        return False  # standard input: not a file on disk


class Reader:
    """Base class for an input format.

    Subclasses set ``name`` and ``extensions`` (lower-case, with the dot,
    without compression suffixes) and implement :meth:`read`. ``sniff`` lets
    a reader claim a source whose extension is unknown (standard input) from
    its first bytes.
    """

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()
    # Higher wins when two readers claim the same extension (a plugin may
    # override a built-in reader this way).
    priority: ClassVar[int] = 0

    def read(self, source: Source, options: InputOptions) -> Iterator[Union[Document, ReadProblem]]:
        raise NotImplementedError

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """Whether ``head`` (the first bytes of an unnamed input) looks like this format."""
        return False

    @classmethod
    def prepare(cls) -> None:
        """Import what :meth:`read` needs (called once, in the parent, before worker processes fork).

        Readers import heavy libraries lazily so that runs that never meet
        their format never pay for them; a worker that imported them would lose
        them when it ends, so the engine calls this once a source of the format
        is seen, and the workers forked after it inherit the import.
        """

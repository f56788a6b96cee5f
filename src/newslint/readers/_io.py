"""Plumbing shared by the built-in readers: guarded opening, decoding, JSON.

Every reader funnels its I/O through :func:`guarded_read`, so the rule "a reader
never raises for bad input" (house rule 6) is implemented once: I/O and
decompression errors become ``NL901`` and a spent byte budget ``NL906``, at the
record the reader was on, after the documents already yielded.
"""

from __future__ import annotations

import json
import lzma
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, BinaryIO, Callable, Iterator, Mapping, Optional, Union

from ..diagnostics import MALFORMED_RECORD, OVERSIZED_INPUT, UNDECODABLE_TEXT, UNREADABLE_FILE
from ..model import Document
from .base import BudgetExceeded, InputOptions, Reader, ReadProblem, Source

Item = Union[Document, ReadProblem]

UTF8_BOM = b"\xef\xbb\xbf"
_BLOCK = 1 << 20


class Cursor:
    """The record a reader is on, so an I/O error can be reported where it struck."""

    __slots__ = ("record",)

    def __init__(self) -> None:
        self.record: Optional[int] = None


def _read_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean "the bytes could not be read" (not a bug in newslint).

    ``gzip.BadGzipFile`` and bz2's "Invalid data stream" are ``OSError``s; a
    truncated stream is ``EOFError``. zstandard's error is only added once the
    module is loaded (it is an extra, and it cannot raise before being imported).
    """
    errors: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error, lzma.LZMAError)
    zstd = sys.modules.get("zstandard")
    if zstd is not None:
        errors += (zstd.ZstdError,)
    return errors


def describe(exc: BaseException) -> str:
    """A one-line reason: ``Permission denied`` rather than ``[Errno 13] ...: '/abs/path'``."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def unreadable(exc: BaseException, record: Optional[int] = None) -> ReadProblem:
    return UNREADABLE_FILE.problem(f"Cannot read file: {describe(exc)}", record)


def guarded_read(
    source: Source,
    options: InputOptions,
    body: Callable[[BinaryIO, Cursor], Iterator[Item]],
    *,
    opener: Optional[Callable[[], BinaryIO]] = None,
) -> Iterator[Item]:
    """Open ``source`` and run ``body`` on its bytes, turning read failures into problems.

    ``body`` sets ``cursor.record`` as it advances; an error is reported at that
    record and ends the file (a broken compressed stream cannot be resumed).
    ``opener`` replaces ``source.open(options)`` (Parquet needs a seekable file).
    """
    cursor = Cursor()
    try:
        stream = opener() if opener is not None else source.open(options)
    except ImportError as exc:  # a compression extra is missing
        yield UNREADABLE_FILE.problem(f"Cannot read file: {exc}")
        return
    except Exception as exc:
        if not isinstance(exc, _read_errors()):
            raise
        yield unreadable(exc)
        return
    try:
        yield from body(stream, cursor)
    except BudgetExceeded as exc:
        yield OVERSIZED_INPUT.problem(
            f"File exceeds max-file-bytes ({exc}); the rest of it was not linted",
            cursor.record,
        )
    except Exception as exc:
        if not isinstance(exc, _read_errors()):
            raise
        yield unreadable(exc, cursor.record)
    finally:
        try:
            stream.close()
        except Exception:  # closing a corrupt stream can fail again; already reported
            pass


def read_bounded(stream: BinaryIO, limit: int) -> Optional[bytes]:
    """All of ``stream`` if it holds at most ``limit`` bytes, else ``None`` (never more in memory).

    Read in blocks: ``read(limit + 1)`` would allocate the whole budget (64 MiB
    by default) up front for every small file.
    """
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(limit + 1 - total, _BLOCK))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return None if total > limit else b"".join(chunks)


def oversized(what: str, options: InputOptions, record: Optional[int] = None) -> ReadProblem:
    return OVERSIZED_INPUT.problem(
        f"{what} is larger than max-record-bytes ({options.max_record_bytes} bytes); skipped",
        record,
    )


# -- text ---------------------------------------------------------------------


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n`` (Document.text promises this)."""
    if "\r" not in text:  # the common case costs one scan, no copy
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Decoded:
    """UTF-8 decoding result: ``text`` (with U+FFFD for bad bytes) and the first bad byte."""

    text: str
    bad_offset: Optional[int] = None  # byte offset of the first invalid byte
    bad_byte: int = 0
    # Characters before the first bad byte: line/column of it in the normalised text.
    line: int = 0
    column: int = 0


def decode_utf8(data: bytes) -> Decoded:
    """Decode strictly if possible, else with replacement, remembering where it first failed."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        # Everything before exc.start is valid UTF-8, so it decodes cleanly and
        # gives the position of the bad byte in the (normalised) document text.
        before = normalise_newlines(data[: exc.start].decode("utf-8"))
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return Decoded(data.decode("utf-8", "replace"), exc.start, data[exc.start], line, column)


def undecodable(decoded: Decoded, record: Optional[int] = None, *, point: bool = True) -> ReadProblem:
    """The NL902 problem for ``decoded``; ``point`` puts the problem at the bad byte's line/column."""
    message = (
        f"Invalid UTF-8: byte 0x{decoded.bad_byte:02X} at byte offset {decoded.bad_offset}"
        " (decoded with replacement characters)"
    )
    if point:
        return UNDECODABLE_TEXT.problem(message, record, decoded.line, decoded.column)
    return UNDECODABLE_TEXT.problem(message, record)


# -- JSON -----------------------------------------------------------------------

try:  # orjson is several times faster; the standard library is the fallback
    import orjson as _orjson
except ImportError:  # pragma: no cover - depends on the environment
    _orjson = None  # type: ignore[assignment]

# A \uD800-\uDFFF escape: the stdlib accepts lone surrogates, which cannot be
# written back as UTF-8 (a reporter would crash), orjson rejects them.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json(text: str) -> Any:
    """Parse strict JSON (no NaN/Infinity, no lone surrogates).

    Raises ``ValueError`` (``orjson.JSONDecodeError`` and ``json.JSONDecodeError``
    both are) or ``RecursionError`` (the stdlib on deeply nested input).
    """
    if _orjson is not None:
        return _orjson.loads(text)
    value = json.loads(text, parse_constant=_reject_constant)
    if _SURROGATE_ESCAPE.search(text):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("lone surrogate in a \\u escape") from None
    return value


def json_problem(exc: BaseException, record: Optional[int] = None, *, one_line: bool = False) -> ReadProblem:
    """The NL903 problem for a parse error; ``one_line`` (JSONL) drops the always-1 line number."""
    if isinstance(exc, RecursionError):
        return MALFORMED_RECORD.problem("Malformed JSON: nested too deeply to parse", record)
    if isinstance(exc, json.JSONDecodeError):  # orjson's error subclasses it
        where = f"column {exc.colno}" if one_line else f"line {exc.lineno}, column {exc.colno}"
        return MALFORMED_RECORD.problem(f"Malformed JSON: {exc.msg} ({where})", record)
    return MALFORMED_RECORD.problem(f"Malformed JSON: {exc}", record)


def json_kind(value: Any) -> str:
    """What a JSON value is, for messages: ``a string``, ``an array``, ``null``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    return f"a {type(value).__name__}"  # Parquet rows: bytes, datetime, ...


def file_stem(source: Source) -> Optional[str]:
    """``a`` for ``dir/a.txt.gz``: the name without compression and format suffixes."""
    if source.fs_path is None and source.url is None:
        return None  # standard input has no name
    name = PurePosixPath(source.path).name
    if source.compression is not None and "." in name:
        name = name.rsplit(".", 1)[0]
    if source.format_suffix and name.lower().endswith(source.format_suffix):
        name = name[: -len(source.format_suffix)]
    return name or None


def load_sidecar(source: Source, options: InputOptions) -> tuple[Optional[dict], Optional[ReadProblem]]:
    """The metadata object in ``NAME.json`` next to a single-document file, if any.

    A broken sidecar is an ``NL903`` problem; the caller still lints the text.
    """
    path = source.sidecar()
    if path is None:
        return None, None
    where = f"sidecar {path.name}"
    try:
        with open(path, "rb") as handle:
            data = read_bounded(handle, options.max_record_bytes)
    except OSError as exc:
        return None, MALFORMED_RECORD.problem(f"Cannot read {where}: {describe(exc)}")
    if data is None:
        return None, MALFORMED_RECORD.problem(f"Cannot read {where}: larger than max-record-bytes")
    try:
        value = parse_json(decode_utf8(data).text)
    except (ValueError, RecursionError) as exc:
        return None, MALFORMED_RECORD.problem(f"Malformed JSON in {where}: {exc}")
    if not isinstance(value, dict):
        return None, MALFORMED_RECORD.problem(f"Malformed {where}: {json_kind(value)}, not an object")
    return value, None


def sniff_format(head: bytes) -> Optional[str]:
    """Guess the format of unnamed input (standard input) from its first bytes.

    Returns ``"warc"``, ``"parquet"``, ``"jsonl"``, ``"json"``, ``"html"`` or
    ``None`` (plain text, the fallback). Decided in one place so that the
    readers' ``sniff`` methods never claim the same input twice.
    """
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"PAR1"):
        return "parquet"
    stripped = head[len(UTF8_BOM) :] if head.startswith(UTF8_BOM) else head
    stripped = stripped.lstrip()
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{"):
        # One object per line ends its first line with "}"; a pretty-printed
        # document opens with a line holding little more than "{".
        first, newline, _ = stripped.partition(b"\n")
        return "jsonl" if not newline or first.rstrip().endswith(b"}") else "json"
    if stripped.startswith(b"<"):
        return "html"
    return None


# -- reader skeletons ----------------------------------------------------------------


class StreamReader(Reader):
    """A reader whose open and read failures become problems (see :func:`guarded_read`).

    Subclasses implement ``_read(stream, cursor, source, options)``.
    """

    def read(self, source: Source, options: InputOptions) -> Iterator[Item]:
        return guarded_read(source, options, lambda stream, cursor: self._read(stream, cursor, source, options))

    def _read(self, stream: BinaryIO, cursor: Cursor, source: Source, options: InputOptions) -> Iterator[Item]:
        raise NotImplementedError

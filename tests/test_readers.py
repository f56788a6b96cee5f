"""The built-in readers: every format, compression, schema preset and failure mode.

Fixtures are generated in ``tmp_path`` so each test shows the bytes it reads.
"""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import io
import json
import lzma
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterable, Union

import pytest

from newslint.model import Document
from newslint.readers import _io, fields
from newslint.readers.base import InputOptions, Reader, ReadProblem, Source
from newslint.readers.builtin import BUILTIN_READERS, newslint_readers
from newslint.readers.html import HtmlReader
from newslint.readers.json_doc import JsonReader
from newslint.readers.jsonl import JsonlReader, iter_lines
from newslint.readers.parquet import ParquetReader
from newslint.readers.text import TextReader
from newslint.readers.warc import WarcReader

Item = Union[Document, ReadProblem]

ARTICLE_HTML = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves school budget</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Council approves school budget</h1>
<p>The city council voted on Tuesday to approve the new budget for the public schools, officials said.</p>
<p>The measure passed by a wide margin after a long debate about teacher salaries and class sizes.</p>
<p>The mayor is expected to sign the budget into law before the end of the month.</p>
</article><footer>Copyright 2024 Example News</footer></body></html>"""


def read(reader: Reader, path: Union[Path, Source], **options: Any) -> list[Item]:
    source = path if isinstance(path, Source) else Source.from_path(path)
    items = list(reader.read(source, InputOptions(**options)))
    assert all(isinstance(item, (Document, ReadProblem)) for item in items)
    return items


def docs(items: Iterable[Item]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def problems(items: Iterable[Item]) -> list[tuple[str, Any]]:
    return [(item.code, item.record) for item in items if isinstance(item, ReadProblem)]


def jsonl(*records: Any) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


def messages(items: Iterable[Item]) -> list[str]:
    return [item.message for item in items if isinstance(item, ReadProblem)]


def write(path: Path, data: Union[bytes, str]) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


# -- plain text -------------------------------------------------------------------


def test_text_file_is_one_document_with_normalised_newlines(tmp_path: Path) -> None:
    items = read(TextReader(), write(tmp_path / "story.txt", b"Line one\r\nLine two\rLine three\n"))
    assert problems(items) == []
    [doc] = docs(items)
    assert doc.text == "Line one\nLine two\nLine three\n"
    assert (doc.record, doc.doc_id, doc.path) == (None, "story", (tmp_path / "story.txt").as_posix())


def test_markdown_is_read_as_text(tmp_path: Path) -> None:
    [doc] = docs(read(TextReader(), write(tmp_path / "a.md", "# Title\n\nBody.")))
    assert doc.text == "# Title\n\nBody."


def test_text_bom_is_stripped(tmp_path: Path) -> None:
    [doc] = read(TextReader(), write(tmp_path / "b.txt", b"\xef\xbb\xbfHello"))
    assert isinstance(doc, Document) and doc.text == "Hello"


def test_text_invalid_utf8_reports_first_bad_byte_and_still_lints(tmp_path: Path) -> None:
    data = "Intro\r\nLe caf\xe9 et le th\xe9.\n".encode("latin-1")
    items = read(TextReader(), write(tmp_path / "latin1.txt", data))
    problem, doc = items
    assert isinstance(problem, ReadProblem) and isinstance(doc, Document)
    assert (problem.code, problem.line, problem.column) == ("NL902", 2, 7)
    assert "0xE9" in problem.message
    assert doc.text == "Intro\nLe caf\ufffd et le th\ufffd.\n"
    assert doc.position(doc.text.index("\ufffd")) == (2, 7)  # the problem points at the U+FFFD


def test_binary_file_with_nul_bytes_is_not_linted(tmp_path: Path) -> None:
    items = read(TextReader(), write(tmp_path / "img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert problems(items) == [("NL901", None)] and docs(items) == []
    assert "binary" in messages(items)[0]


def test_mostly_undecodable_file_is_not_linted(tmp_path: Path) -> None:
    items = read(TextReader(), write(tmp_path / "ru.txt", "Привет мир, как дела".encode("cp1251")))
    assert problems(items) == [("NL902", None)] and docs(items) == []


def test_text_sidecar_gives_metadata(tmp_path: Path) -> None:
    write(tmp_path / "a1.txt", "Body text.")
    meta = {"id": 42, "url": "https://News.example.com/x", "title": "T", "section": "world"}
    write(tmp_path / "a1.json", json.dumps(meta))
    [doc] = read(TextReader(), tmp_path / "a1.txt")
    assert isinstance(doc, Document)
    assert (doc.doc_id, doc.url, doc.host, doc.title) == ("42", "https://News.example.com/x", "news.example.com", "T")
    assert doc.extra == {"section": "world"}


def test_broken_sidecar_is_reported_and_text_still_linted(tmp_path: Path) -> None:
    write(tmp_path / "a2.txt", "Body text.")
    write(tmp_path / "a2.json", '{"url": ')
    items = read(TextReader(), tmp_path / "a2.txt")
    assert problems(items) == [("NL903", None)]
    [doc] = docs(items)
    assert (doc.text, doc.doc_id) == ("Body text.", "a2")


@pytest.mark.parametrize("owner", ["a4.txt", "a4.md", "a4.html", "a4.txt.gz", "a.4.htm"])
def test_sidecar_is_not_read_as_a_document(tmp_path: Path, owner: str) -> None:
    write(tmp_path / owner, b"x")
    sidecar = tmp_path / Path(owner).with_suffix(".json").name
    write(sidecar, json.dumps({"url": "https://ex.com/a4"}))
    assert Source.from_path(tmp_path / owner).sidecar() == sidecar
    assert read(JsonReader(), sidecar) == []
    (tmp_path / owner).unlink()
    assert problems(read(JsonReader(), sidecar)) == [("NL904", None)]  # alone, it is a document


def test_sidecar_that_is_not_an_object_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "a3.txt", "Body.")
    write(tmp_path / "a3.json", "[1, 2]")
    items = read(TextReader(), tmp_path / "a3.txt")
    assert problems(items) == [("NL903", None)] and len(docs(items)) == 1


def test_oversized_text_file_is_skipped(tmp_path: Path) -> None:
    items = read(TextReader(), write(tmp_path / "big.txt", "x" * 101), max_record_bytes=100)
    assert problems(items) == [("NL906", None)] and docs(items) == []
    assert docs(read(TextReader(), tmp_path / "big.txt", max_record_bytes=101))


def test_text_from_stdin_has_no_doc_id() -> None:
    [doc] = read(TextReader(), Source.from_stdin(b"From a pipe.\n"))
    assert isinstance(doc, Document) and (doc.path, doc.doc_id, doc.text) == ("-", None, "From a pipe.\n")


# -- compression ------------------------------------------------------------------


def _zstd(data: bytes) -> bytes:
    zstandard = pytest.importorskip("zstandard")
    return zstandard.ZstdCompressor().compress(data)


COMPRESSORS = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress, ".zst": _zstd}


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
def test_compressed_jsonl(tmp_path: Path, suffix: str) -> None:
    data = COMPRESSORS[suffix](jsonl({"text": "one"}, {"text": "two"}))
    items = read(JsonlReader(), write(tmp_path / f"c.jsonl{suffix}", data))
    assert [(d.record, d.text) for d in docs(items)] == [(1, "one"), (2, "two")]
    assert problems(items) == []


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
def test_compressed_text_keeps_the_plain_stem(tmp_path: Path, suffix: str) -> None:
    [doc] = read(TextReader(), write(tmp_path / f"story.txt{suffix}", COMPRESSORS[suffix](b"Compressed.")))
    assert isinstance(doc, Document) and (doc.text, doc.doc_id) == ("Compressed.", "story")


def test_truncated_gzip_keeps_documents_read_before_the_break(tmp_path: Path) -> None:
    # Large enough that the break falls after several buffer refills.
    records = [{"text": f"Document {i} " + "lorem ipsum " * 8} for i in range(40_000)]
    data = gzip.compress(jsonl(*records))
    items = read(JsonlReader(), write(tmp_path / "t.jsonl.gz", data[: len(data) // 2]))
    found = docs(items)
    assert found and [d.record for d in found] == list(range(1, len(found) + 1))
    assert problems(items) == [("NL901", len(found) + 1)] and isinstance(items[-1], ReadProblem)
    assert "end-of-stream" in messages(items)[-1]


@pytest.mark.parametrize(
    "suffix",
    [
        ".gz",
        ".bz2",
        ".xz",
        ".zst",
    ],
)
def test_truncated_stream_is_unreadable(tmp_path: Path, suffix: str) -> None:
    data = COMPRESSORS[suffix](jsonl(*({"text": f"doc {i}"} for i in range(20_000))))
    items = read(JsonlReader(), write(tmp_path / f"t.jsonl{suffix}", data[: len(data) * 2 // 3]))
    assert [code for code, _ in problems(items)] == ["NL901"]
    assert isinstance(items[-1], ReadProblem)


def test_garbage_gzip_is_unreadable(tmp_path: Path) -> None:
    items = read(JsonlReader(), write(tmp_path / "g.jsonl.gz", b"this is not gzip"))
    assert problems(items) == [("NL901", None)] and docs(items) == []


def test_missing_zstd_extra_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "zstandard", None)  # makes `import zstandard` fail
    items = read(JsonlReader(), write(tmp_path / "z.jsonl.zst", b"\x28\xb5\x2f\xfd"))
    assert problems(items) == [("NL901", None)]
    assert "zstd" in messages(items)[0]


def test_file_budget_keeps_documents_read_before_it(tmp_path: Path) -> None:
    # Source.open reads in 1 MiB blocks, so the file must span several blocks.
    path = write(tmp_path / "b.jsonl", jsonl(*({"text": f"{i:08d} " + "x" * 90} for i in range(30_000))))
    items = read(JsonlReader(), path, max_file_bytes=2_000_000)
    found = docs(items)
    assert len(found) > 9000 and problems(items) == [("NL906", len(found) + 1)]
    assert "max-file-bytes" in messages(items)[-1]


def test_file_budget_on_a_small_file(tmp_path: Path) -> None:
    items = read(JsonlReader(), write(tmp_path / "s.jsonl", jsonl({"text": "x" * 500})), max_file_bytes=100)
    assert problems(items) == [("NL906", None)]


# -- unreadable files ---------------------------------------------------------------


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    for reader in (TextReader(), JsonlReader(), JsonReader(), HtmlReader(), WarcReader(), ParquetReader()):
        name = f"gone{reader.extensions[0]}"
        items = read(reader, tmp_path / name)
        assert problems(items) == [("NL901", None)], reader.name
        assert messages(items)[0] == "Cannot read file: No such file or directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.jsonl", jsonl({"text": "x"}))
    path.chmod(0)
    try:
        items = read(JsonlReader(), path)
    finally:
        path.chmod(0o600)
    assert problems(items) == [("NL901", None)] and "Permission denied" in messages(items)[0]


def test_open_error_is_unreadable_for_any_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Works as root too: the error comes from Source.open itself.
    def denied(self: Source, options: InputOptions) -> None:
        raise PermissionError(13, "Permission denied", str(self.fs_path))

    monkeypatch.setattr(Source, "open", denied)
    for reader in (TextReader(), JsonlReader(), JsonReader(), HtmlReader(), WarcReader()):
        items = read(reader, tmp_path / f"x{reader.extensions[0]}")
        assert problems(items) == [("NL901", None)]
        assert messages(items) == ["Cannot read file: Permission denied"]


class FailingStream(io.RawIOBase):
    """Serves ``data``, then fails like a file deleted from a network share."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        if not chunk:
            raise OSError(5, "Input/output error")
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_error_mid_file_is_reported_at_its_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = jsonl({"text": "a"}, {"text": "b"}) + b'{"text": "c'  # the third line never ends
    monkeypatch.setattr(Source, "open", lambda self, options: io.BufferedReader(FailingStream(data), 8))
    items = read(JsonlReader(), tmp_path / "share.jsonl")
    assert [d.text for d in docs(items)] == ["a", "b"]
    assert problems(items) == [("NL901", 3)]
    assert messages(items) == ["Cannot read file: Input/output error"]


@pytest.mark.parametrize("reader", [r() for r in BUILTIN_READERS], ids=lambda r: r.name)
@pytest.mark.parametrize("seed", range(3))
def test_no_reader_raises_on_random_bytes(tmp_path: Path, reader: Reader, seed: int) -> None:
    import random

    data = random.Random(seed).randbytes(3000)
    for suffix in ("", ".gz"):
        read(reader, write(tmp_path / f"r{reader.extensions[0]}{suffix}", data))  # asserts item types


# -- field mapping ---------------------------------------------------------------------

FINEWEB = {
    "text": "Article body.",
    "id": "<urn:uuid:0c9b>",
    "dump": "CC-MAIN-2013-20",
    "url": "http://www.example.com/news/1",
    "date": "2013-05-18T05:48:54Z",
    "file_path": "s3://commoncrawl/...",
    "language": "en",
    "language_score": 0.97,
    "token_count": 3,
}
NEWS_PLEASE = {
    "authors": ["A. Writer"],
    "date_download": "2024-01-03 10:00:00",
    "date_publish": "2024-01-02 08:30:00",
    "description": "Summary.",
    "language": "de",
    "maintext": "Haupttext.",
    "source_domain": "www.zeit.de",
    "text": None,  # deprecated field, null in old dumps
    "title": "Titel",
    "url": "https://www.zeit.de/a",
}
DATATROVE = {
    "text": "Body.",
    "id": 7,
    "metadata": {"url": "https://Site.org/p?q=1", "language": "fr", "date": "2020-02-02"},
}


def to_doc(obj: dict, **options: Any) -> Union[Document, ReadProblem]:
    return fields.record_to_document(obj, path="c.jsonl", record=3, options=InputOptions(**options))


def test_fineweb_record() -> None:
    doc = to_doc(FINEWEB)
    assert isinstance(doc, Document)
    assert (doc.text, doc.doc_id, doc.url, doc.host, doc.date, doc.language) == (
        "Article body.",
        "<urn:uuid:0c9b>",
        "http://www.example.com/news/1",
        "www.example.com",
        "2013-05-18T05:48:54Z",
        "en",
    )
    assert set(doc.extra) == {"dump", "file_path", "language_score", "token_count"}
    assert doc.record == 3 and doc.path == "c.jsonl"


@pytest.mark.parametrize("preset", ["auto", "news-please"])
def test_news_please_record(preset: str) -> None:
    doc = to_doc(NEWS_PLEASE, preset=preset)
    assert isinstance(doc, Document)
    assert (doc.text, doc.title, doc.date, doc.language, doc.host, doc.doc_id) == (
        "Haupttext.",
        "Titel",
        "2024-01-02 08:30:00",
        "de",
        "www.zeit.de",
        None,
    )
    assert "maintext" not in doc.extra and doc.extra["date_download"] == "2024-01-03 10:00:00"


def test_news_please_record_under_text_preset_names_the_null_field() -> None:
    problem = to_doc(NEWS_PLEASE, preset="text")
    assert isinstance(problem, ReadProblem) and (problem.code, problem.record) == ("NL904", 3)
    assert problem.message == "No string text field (tried: text; text is null)"


def test_datatrove_record_with_nested_metadata() -> None:
    doc = to_doc(DATATROVE)
    assert isinstance(doc, Document)
    assert (doc.doc_id, doc.url, doc.host) == ("7", "https://Site.org/p?q=1", "site.org")
    assert (doc.language, doc.date) == ("fr", "2020-02-02")
    assert doc.extra == {"metadata": DATATROVE["metadata"]}  # nested objects stay whole


def test_schema_org_article_body() -> None:
    doc = to_doc({"@type": "NewsArticle", "headline": "H", "articleBody": "B", "datePublished": "2021-01-01"})
    assert isinstance(doc, Document) and (doc.text, doc.title, doc.date) == ("B", "H", "2021-01-01")


def test_text_and_id_field_override() -> None:
    record = {"text": "not this", "body_text": "this", "article_id": 99, "id": "x"}
    doc = to_doc(record, text_field="body_text", id_field="article_id")
    assert isinstance(doc, Document) and (doc.text, doc.doc_id) == ("this", "99")
    assert doc.extra == {"text": "not this", "id": "x"}
    missing = to_doc({"text": "t"}, text_field="body_text")
    assert isinstance(missing, ReadProblem) and missing.message == "No text field (tried: body_text)"


def test_text_field_override_may_be_dotted() -> None:
    doc = to_doc({"payload": {"content": "Nested."}}, text_field="payload.content")
    assert isinstance(doc, Document) and doc.text == "Nested."


def test_auto_preset_order_is_documented() -> None:
    assert fields.PRESETS["auto"].text == ("text", "maintext", "content", "article", "body", "articleBody")
    assert {"auto", "text", "news-please", "content", "article", "body", "schema.org"} <= set(fields.PRESETS)
    doc = to_doc({"body": "b", "content": "c"})
    assert isinstance(doc, Document) and doc.text == "c"


def test_non_string_text_is_missing_text() -> None:
    problem = to_doc({"id": "a1", "text": 3, "body": ["x"]})
    assert isinstance(problem, ReadProblem) and problem.code == "NL904"
    assert "text is a number" in problem.message and "body is an array" in problem.message


def test_text_longer_than_the_record_budget_is_oversized() -> None:
    problem = to_doc({"text": "x" * 11}, max_record_bytes=10)
    assert isinstance(problem, ReadProblem) and problem.code == "NL906"


def test_unknown_preset_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="known: auto"):
        to_doc({"text": "x"}, preset="nope")


def test_lookup_and_host_helpers() -> None:
    assert fields.lookup({"metadata.url": "literal", "metadata": {"url": "nested"}}, "metadata.url") == "literal"
    assert fields.lookup({"metadata": "flat"}, "metadata.url") is fields._MISSING
    assert fields.host_of("HTTPS://WWW.Example.COM:8080/x") == "www.example.com"
    assert fields.host_of("/relative/path") is None
    assert fields.host_of("http://[::1") is None


# -- JSONL ---------------------------------------------------------------------------


def test_malformed_jsonl_records_are_reported_where_they_are(tmp_path: Path) -> None:
    lines = [
        b'{"text": "first"}',
        b"",  # 2: blank, skipped silently
        b'{"text": "Police said the',  # 3: truncated
        b'"just a string"',  # 4
        b"[1]",  # 5
        b'{"text": NaN}',  # 6
        b'{"text": "x", "score": Infinity}',  # 7
        b"[" * 100_000 + b"]" * 100_000,  # 8: deeply nested
        b'{"text": "caf\xe9 au lait"}',  # 9: invalid UTF-8, still a document
        b"   \t",  # 10: blank
        b'{"id": "no-text"}',  # 11
        b'{"text": "last"}',  # 12, no final newline
    ]
    items = read(JsonlReader(), write(tmp_path / "m.jsonl", b"\n".join(lines)))
    assert problems(items) == [
        *(("NL903", n) for n in range(3, 9)),
        ("NL902", 9),
        ("NL904", 11),
    ]
    assert [(d.record, d.text) for d in docs(items)] == [(1, "first"), (9, "caf\ufffd au lait"), (12, "last")]
    messages = {i.record: i.message for i in items if isinstance(i, ReadProblem)}
    assert messages[4] == "Record is a string, not a JSON object"
    assert messages[5] == "Record is an array, not a JSON object"
    assert "0xE9" in messages[9]


def test_jsonl_crlf_and_bom(tmp_path: Path) -> None:
    items = read(JsonlReader(), write(tmp_path / "w.jsonl", b'\xef\xbb\xbf{"text": "a"}\r\n{"text": "b\\r\\nc"}\r\n'))
    assert [(d.record, d.text) for d in docs(items)] == [(1, "a"), (2, "b\nc")]
    assert problems(items) == []


def test_oversized_jsonl_line_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    big = json.dumps({"text": "y" * 5000}).encode()
    path = write(tmp_path / "o.jsonl", jsonl({"text": "a"}, big, {"text": "b"}, big))
    items = read(JsonlReader(), path, max_record_bytes=1000)
    assert problems(items) == [("NL906", 2), ("NL906", 4)]
    assert [(d.record, d.text) for d in docs(items)] == [(1, "a"), (3, "b")]


def test_line_of_exactly_the_budget_is_read(tmp_path: Path) -> None:
    line = json.dumps({"text": "z" * 20}).encode()
    items = read(JsonlReader(), write(tmp_path / "e.jsonl", line + b"\n" + line), max_record_bytes=len(line))
    assert problems(items) == [] and len(docs(items)) == 2


def test_iter_lines_never_returns_more_than_the_limit() -> None:
    stream = io.BufferedReader(io.BytesIO(b"a" * 10_000 + b"\nshort\n"), buffer_size=64)
    assert list(iter_lines(stream, 100, _io.Cursor())) == [(1, None), (2, b"short\n")]


def test_stdlib_json_fallback_is_as_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_io, "_orjson", None)
    assert _io.parse_json('{"text": "\\ud83d\\ude00"}') == {"text": "\U0001f600"}
    for bad in ('{"a": NaN}', '{"a": -Infinity}', '{"a": "\\ud800"}', '{"a": '):
        with pytest.raises(ValueError):
            _io.parse_json(bad)
    with pytest.raises(RecursionError):
        _io.parse_json("[" * 100_000 + "]" * 100_000)


def test_jsonl_with_stdlib_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_io, "_orjson", None)
    path = write(tmp_path / "s.jsonl", b'{"text": NaN}\n' + b"[" * 100_000 + b"\n" + b'{"text": "ok"}\n')
    items = read(JsonlReader(), path)
    assert problems(items) == [("NL903", 1), ("NL903", 2)]
    assert "nested too deeply" in messages(items)[1]
    assert [d.record for d in docs(items)] == [3]


def test_ndjson_from_stdin() -> None:
    items = read(JsonlReader(), Source.from_stdin(jsonl({"text": "piped"}), ".jsonl"))
    assert [(d.path, d.record, d.text) for d in docs(items)] == [("-", 1, "piped")]


# -- JSON documents ----------------------------------------------------------------------


def test_json_single_object(tmp_path: Path) -> None:
    [doc] = read(JsonReader(), write(tmp_path / "one.json", json.dumps({"text": "Only.", "title": "T"}, indent=2)))
    assert isinstance(doc, Document) and (doc.record, doc.text, doc.title) == (None, "Only.", "T")


def test_json_array(tmp_path: Path) -> None:
    array = [{"text": "a"}, "oops", {"content": "c"}, {"x": 1}]
    items = read(JsonReader(), write(tmp_path / "arr.json", json.dumps(array)))
    assert [(d.record, d.text) for d in docs(items)] == [(1, "a"), (3, "c")]
    assert problems(items) == [("NL903", 2), ("NL904", 4)]


def test_json_mapping_of_ids_to_records(tmp_path: Path) -> None:
    dump = {"a1": {"articleBody": "First.", "headline": "H1"}, "b2": {"articleBody": "Second.", "id": "inner"}}
    items = read(JsonReader(), write(tmp_path / "aeb.json", json.dumps(dump)))
    assert [(d.record, d.doc_id, d.text) for d in docs(items)] == [(1, "a1", "First."), (2, "b2", "Second.")]
    assert docs(items)[0].title == "H1"
    again = read(JsonReader(), tmp_path / "aeb.json", id_field="id")
    assert [d.doc_id for d in docs(again)] == ["a1", "inner"]


def test_json_object_without_text_is_missing_text(tmp_path: Path) -> None:
    items = read(JsonReader(), write(tmp_path / "meta.json", json.dumps({"id": "x", "tags": ["a"]})))
    assert problems(items) == [("NL904", None)]


@pytest.mark.parametrize("data", [b'{"text": "cut', b'"a string"', b"42", b"[NaN]", b""])
def test_malformed_json_file(tmp_path: Path, data: bytes) -> None:
    items = read(JsonReader(), write(tmp_path / "bad.json", data))
    assert problems(items) == [("NL903", None)] and docs(items) == []


def test_json_invalid_utf8_still_parsed(tmp_path: Path) -> None:
    items = read(JsonReader(), write(tmp_path / "l1.json", b'{"text": "na\xefve"}'))
    assert problems(items) == [("NL902", None)]
    assert docs(items)[0].text == "na\ufffdve"


def test_json_file_budget(tmp_path: Path) -> None:
    path = write(tmp_path / "huge.json", json.dumps([{"text": "x" * 100}] * 50))
    items = read(JsonReader(), path, max_file_bytes=1000)
    assert problems(items) == [("NL906", None)] and docs(items) == []


# -- HTML -------------------------------------------------------------------------------


def test_html_article_is_extracted(tmp_path: Path) -> None:
    items = read(HtmlReader(), write(tmp_path / "page.html", ARTICLE_HTML))
    [doc] = docs(items)
    assert "voted on Tuesday" in doc.text and "Copyright" not in doc.text
    assert (doc.title, doc.doc_id, doc.record) == ("Council approves school budget", "page", None)


def test_html_sidecar_url_and_metadata(tmp_path: Path) -> None:
    write(tmp_path / "p.htm", ARTICLE_HTML)
    write(tmp_path / "p.json", json.dumps({"url": "https://www.example.org/2024/budget", "id": "p-1"}))
    [doc] = docs(read(HtmlReader(), tmp_path / "p.htm"))
    assert (doc.url, doc.host, doc.doc_id) == ("https://www.example.org/2024/budget", "www.example.org", "p-1")


def test_html_charset_is_honoured(tmp_path: Path) -> None:
    page = ARTICLE_HTML.replace(b'charset="utf-8"', b'charset="windows-1252"')
    page = page.replace(b"budget for", "café budget for".encode("cp1252"))
    [doc] = docs(read(HtmlReader(), write(tmp_path / "cp.html", page)))
    assert "café budget" in doc.text


@pytest.mark.parametrize("page", [b"<html><body><script>app()</script></body></html>", b"", b"<html>"])
def test_html_without_text_is_no_extractable_text(tmp_path: Path, page: bytes) -> None:
    items = read(HtmlReader(), write(tmp_path / "empty.html", page))
    assert problems(items) == [("NL908", None)]


def test_extractor_crash_becomes_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newslint.readers import html

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(html, "_extractor", lambda: (boom, {}))
    items = read(HtmlReader(), write(tmp_path / "deep.html", ARTICLE_HTML))
    assert problems(items) == [("NL908", None)] and "RecursionError" in messages(items)[0]


def test_oversized_html_is_skipped(tmp_path: Path) -> None:
    items = read(HtmlReader(), write(tmp_path / "big.html", ARTICLE_HTML), max_record_bytes=100)
    assert problems(items) == [("NL906", None)]


# -- WARC -------------------------------------------------------------------------------


def make_warc(path: Path, *, gzip_members: bool) -> dict[str, str]:
    warcio = pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders

    with open(path, "wb") as out:
        writer = warcio.warcwriter.WARCWriter(out, gzip=gzip_members)
        url = "https://news.example.com/2024/budget"
        request = writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b"GET /2024/budget HTTP/1.1\r\nHost: news.example.com\r\n\r\n"),
            warc_content_type="application/http; msgtype=request",
        )
        html_headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        response = writer.create_warc_record(
            url, "response", payload=io.BytesIO(ARTICLE_HTML), http_headers=html_headers
        )
        css_headers = StatusAndHeaders("200 OK", [("Content-Type", "text/css")], protocol="HTTP/1.1")
        css = writer.create_warc_record(
            url + ".css", "response", payload=io.BytesIO(b"body{}"), http_headers=css_headers
        )
        for record in (request, response, css):
            writer.write_record(record)
            record.raw_stream.close()  # warcio spools payloads to temporary files
    return {
        "id": response.rec_headers.get_header("WARC-Record-ID"),
        "date": response.rec_headers.get_header("WARC-Date"),
        "url": url,
    }


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses(tmp_path: Path, name: str) -> None:
    expected = make_warc(tmp_path / name, gzip_members=name.endswith(".gz"))
    items = read(WarcReader(), tmp_path / name)
    assert problems(items) == []
    [doc] = docs(items)
    assert (doc.record, doc.doc_id, doc.url, doc.date, doc.host) == (
        2,
        expected["id"],
        expected["url"],
        expected["date"],
        "news.example.com",
    )
    assert "voted on Tuesday" in doc.text


def test_warc_payload_over_budget(tmp_path: Path) -> None:
    make_warc(tmp_path / "b.warc", gzip_members=False)
    items = read(WarcReader(), tmp_path / "b.warc", max_record_bytes=200)
    assert problems(items) == [("NL906", 2)]


def test_not_a_warc_is_unreadable(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    items = read(WarcReader(), write(tmp_path / "x.warc", b"hello, not a warc\n\n"))
    assert problems(items) == [("NL901", None)]


def test_missing_warcio_is_a_clear_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "warcio", None)
    items = read(WarcReader(), write(tmp_path / "y.warc", b"WARC/1.0\r\n"))
    assert problems(items) == [("NL901", None)] and "newslint[warc]" in messages(items)[0]


# -- Parquet ------------------------------------------------------------------------------


def make_parquet(path: Path, rows: list[dict[str, Any]]) -> Path:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


PARQUET_ROWS = [
    {"text": f"Row {i}.", "id": i, "url": f"https://ex.com/{i}", "date": dt.datetime(2024, 1, i + 1), "n": i}
    for i in range(5)
]


def test_parquet_rows_across_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newslint.readers import parquet

    monkeypatch.setattr(parquet, "BATCH_ROWS", 2)
    rows = PARQUET_ROWS[:3] + [dict(PARQUET_ROWS[3], text=None)] + PARQUET_ROWS[4:]
    items = read(ParquetReader(), make_parquet(tmp_path / "t.parquet", rows))
    assert problems(items) == [("NL904", 4)]
    assert [(d.record, d.text, d.doc_id) for d in docs(items)] == [
        (1, "Row 0.", "0"),
        (2, "Row 1.", "1"),
        (3, "Row 2.", "2"),
        (5, "Row 4.", "4"),
    ]
    first = docs(items)[0]
    assert (first.date, first.host, first.extra) == ("2024-01-01T00:00:00", "ex.com", {"n": 0})


def test_compressed_parquet_is_buffered(tmp_path: Path) -> None:
    plain = make_parquet(tmp_path / "p.parquet", PARQUET_ROWS)
    items = read(ParquetReader(), write(tmp_path / "p.parquet.gz", gzip.compress(plain.read_bytes())))
    assert problems(items) == [] and len(docs(items)) == 5


def test_corrupt_parquet_is_unreadable(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    items = read(ParquetReader(), write(tmp_path / "bad.parquet", b"PAR1 definitely not parquet PAR1"))
    assert problems(items) == [("NL901", None)]


def test_missing_pyarrow_is_a_clear_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    items = read(ParquetReader(), write(tmp_path / "m.parquet", b"PAR1"))
    assert problems(items) == [("NL901", None)] and "newslint[parquet]" in messages(items)[0]


# -- registration and sniffing --------------------------------------------------------------


def test_builtin_hook_lists_every_reader() -> None:
    readers = newslint_readers()
    assert readers == [TextReader, JsonlReader, JsonReader, HtmlReader, WarcReader, ParquetReader]
    claimed = [ext for reader in readers for ext in reader.extensions]
    assert len(claimed) == len(set(claimed))
    assert set(claimed) == {".txt", ".md", ".jsonl", ".ndjson", ".json", ".html", ".htm", ".warc", ".parquet"}


def test_importing_the_readers_does_not_import_heavy_extras() -> None:
    code = (
        "import sys, newslint.readers.builtin\n"
        "print(sorted(m for m in ('trafilatura', 'warcio', 'pyarrow', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
        (b'\xef\xbb\xbf  {"text": "a trunc', "jsonl"),
        (b'{\n  "text": "pretty"\n}\n', "json"),
        (b'[{"text": "a"}]', "json"),
        (b"\n<!DOCTYPE html><html>", "html"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (b"PAR1\x15\x04", "parquet"),
        (b"Plain words.\n", "text"),
        (b"", "text"),
    ],
)
def test_sniffing_claims_each_head_once(head: bytes, expected: str) -> None:
    claimed = [reader.name for reader in BUILTIN_READERS if reader.sniff(head)]
    assert claimed == [expected]

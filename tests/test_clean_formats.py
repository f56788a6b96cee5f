"""``newslint clean`` writes every format back as it was, with only the text changed (issue 18)."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest

from tests.test_clean import ERROR_PAGE, GOLD, injected

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

BODY = GOLD[2]["text"]
DIRTY = injected(BODY)
# Another article: a copy of BODY beside DIRTY would be dropped as a duplicate once cleaned (NL351).
OTHER = GOLD[5]["text"]


def clean(cli, folder: Path, out: Path, *extra: str) -> str:
    result = cli("clean", str(folder), "-o", str(out), "--isolated", *extra)
    assert result.code == 0, result.err
    return result.out


def test_jsonl_keeps_other_fields_key_order_and_untouched_lines(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    untouched = '{"z": 1, "text": "The council approved the budget on Tuesday.\\nThe vote was 7 to 2.", "a": [1,2]}\n'
    fixed = {"meta": {"lang": "en"}, "maintext": DIRTY, "title": "Café", "score": 0.5}
    (folder / "a.jsonl").write_text(untouched + json.dumps(fixed, ensure_ascii=False) + "\n", encoding="utf-8")
    clean(cli, folder, tmp_path / "out")
    lines = (tmp_path / "out" / "a.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0] == untouched  # byte for byte
    assert lines[1] == json.dumps(dict(fixed, maintext=BODY), ensure_ascii=False) + "\n"


def test_jsonl_nested_text_field(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({"id": 1, "doc": {"body": DIRTY, "k": 2}}) + "\n")
    clean(cli, folder, tmp_path / "out", "--text-field", "doc.body")
    assert json.loads((tmp_path / "out" / "a.jsonl").read_text()) == {"id": 1, "doc": {"body": BODY, "k": 2}}


@pytest.mark.parametrize(("suffix", "opener"), [(".gz", gzip.open), (".bz2", bz2.open), (".xz", lzma.open)])
def test_compressed_jsonl_round_trip(cli, tmp_path, suffix, opener):
    folder = tmp_path / "in"
    folder.mkdir()
    records = [{"id": "a", "text": DIRTY, "n": 1}, {"id": "b", "text": ERROR_PAGE, "n": 2}]
    with opener(folder / f"c.jsonl{suffix}", "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in records)
    clean(cli, folder, tmp_path / "out")
    with opener(tmp_path / "out" / f"c.jsonl{suffix}", "rt", encoding="utf-8") as f:
        assert [json.loads(line) for line in f] == [{"id": "a", "text": BODY, "n": 1}]


def test_zstd_jsonl_round_trip(cli, tmp_path):
    zstandard = pytest.importorskip("zstandard")
    folder = tmp_path / "in"
    folder.mkdir()
    data = (json.dumps({"text": DIRTY}) + "\n").encode()
    (folder / "c.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    clean(cli, folder, tmp_path / "out")
    out = zstandard.ZstdDecompressor().stream_reader((tmp_path / "out" / "c.jsonl.zst").read_bytes()).read()
    assert json.loads(out) == {"text": BODY}


def test_json_array_and_id_mapping_keep_key_order_and_indentation(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    array = [
        {"url": "https://a.example/1", "text": DIRTY, "tags": ["x"]},
        {"url": "https://a.example/2", "text": ERROR_PAGE},
    ]
    (folder / "array.json").write_text(json.dumps(array, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    # Other bodies in each file: a copy of a document in another file would be dropped (NL351).
    other, third = GOLD[3]["text"], GOLD[4]["text"]
    mapping = {"a1": {"articleBody": injected(other), "headline": "H"}, "a2": {"articleBody": OTHER, "headline": "I"}}
    (folder / "mapping.json").write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    single = {"title": "T", "text": injected(third)}
    (folder / "single.json").write_text(json.dumps(single, indent=4), encoding="utf-8")
    clean(cli, folder, tmp_path / "out")
    out = tmp_path / "out"
    assert (out / "array.json").read_text(encoding="utf-8") == json.dumps(
        [dict(array[0], text=BODY)], indent=2, ensure_ascii=False
    ) + "\n"
    assert (out / "mapping.json").read_text(encoding="utf-8") == json.dumps(
        {"a1": {"articleBody": other, "headline": "H"}, "a2": mapping["a2"]}, ensure_ascii=False
    )
    assert (out / "single.json").read_text() == json.dumps({"title": "T", "text": third}, indent=4)


def test_text_files_keep_bom_and_crlf_and_dropped_files_are_not_written(cli, tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_bytes(b"\xef\xbb\xbf" + DIRTY.replace("\n", "\r\n").encode())
    (folder / "b.md").write_text(OTHER, encoding="utf-8")
    (folder / "error.txt").write_text(ERROR_PAGE, encoding="utf-8")
    clean(cli, folder, tmp_path / "out")
    out = tmp_path / "out"
    assert (out / "sub" / "a.txt").read_bytes() == b"\xef\xbb\xbf" + BODY.replace("\n", "\r\n").encode()
    assert (out / "b.md").read_text(encoding="utf-8") == OTHER
    assert not (out / "error.txt").exists()


def test_parquet_keeps_schema_and_other_columns(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    table = pa.table(
        {
            "id": pa.array(["a", "b", "c"]),
            "text": pa.array([DIRTY, ERROR_PAGE, OTHER]),
            "score": pa.array([0.1, 0.2, 0.3], type=pa.float32()),
            "tags": pa.array([["x"], [], ["y", "z"]]),
        }
    ).replace_schema_metadata({"origin": "test"})
    pq.write_table(table, folder / "p.parquet", compression="zstd")
    clean(cli, folder, tmp_path / "out")
    out = pq.read_table(tmp_path / "out" / "p.parquet")
    assert out.schema == table.schema and out.schema.metadata == table.schema.metadata
    assert out.to_pylist() == [
        {"id": "a", "text": BODY, "score": pytest.approx(0.1), "tags": ["x"]},
        {"id": "c", "text": OTHER, "score": pytest.approx(0.3), "tags": ["y", "z"]},
    ]
    assert pq.ParquetFile(tmp_path / "out" / "p.parquet").metadata.row_group(0).column(0).compression == "ZSTD"


def test_formats_newslint_cannot_write_are_copied(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    html = "<html><body><p>Skip to main content</p><p>" + BODY + "</p></body></html>"
    (folder / "page.html").write_text(html, encoding="utf-8")
    out = clean(cli, folder, tmp_path / "out")
    assert (tmp_path / "out" / "page.html").read_text(encoding="utf-8") == html
    assert "copied unchanged (newslint cannot write .html back)" in out

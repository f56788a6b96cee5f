"""Byte-range shards of large JSONL files: same documents, same record numbers, same findings."""

import json

import pytest

from newslint.app import make_linter
from newslint.config import Settings
from newslint.engine import run
from newslint.engine.discovery import Walker
from newslint.engine.sharding import split
from newslint.plugins import load_registry
from newslint.readers.base import InputOptions, Source
from newslint.readers.jsonl import JsonlReader
from newslint.selection import select_rules

from .conftest import FIXTURES, ROOT


def read_all(sources):
    items = []
    for source in sources:
        items += [
            (d.record, d.doc_id, d.text) if hasattr(d, "text") else (d.record, d.code)
            for d in JsonlReader().read(source, InputOptions())
        ]
    return items


@pytest.fixture
def big_jsonl(tmp_path):
    lines = []
    for i in range(400):
        if i % 37 == 5:
            lines.append("")  # blank lines keep their numbers
        lines.append(
            "{broken" if i % 91 == 7 else json.dumps({"id": str(i), "text": f"Document {i}\n" + "word " * (i % 50)})
        )
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("shard_bytes", [100, 1000, 4096, 10**9])
def test_shards_read_exactly_what_the_whole_file_reads(big_jsonl, shard_bytes):
    whole = Source.from_path(big_jsonl)
    shards = split(whole, shard_bytes)
    assert (len(shards) > 1) == (shard_bytes < big_jsonl.stat().st_size)
    assert shards[0].byte_range is None or shards[0].byte_range[0] == 0
    if len(shards) > 1:  # contiguous, on line boundaries, covering the file
        assert [s.byte_range[0] for s in shards[1:]] == [s.byte_range[1] for s in shards[:-1]]
        assert shards[-1].byte_range[1] == big_jsonl.stat().st_size
        data = big_jsonl.read_bytes()
        assert all(data[s.byte_range[0] - 1 : s.byte_range[0]] == b"\n" for s in shards[1:])
    assert read_all(shards) == read_all([whole])


def test_compressed_and_small_files_stay_whole(tmp_path):
    small = tmp_path / "a.jsonl"
    small.write_text('{"text": "x"}\n', encoding="utf-8")
    assert split(Source.from_path(small), 1000) == [Source.from_path(small)]
    gz = tmp_path / "b.jsonl.gz"
    gz.write_bytes(b"\x1f\x8b" + b"\0" * 5000)
    assert len(split(Source.from_path(gz), 100)) == 1


def test_findings_are_identical_with_and_without_shards(tmp_path):
    """Real scraped text, every rule, corpus rules included: one file or many shards, same output."""
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "aeb_sample").glob("*.jsonl"))),
        encoding="utf-8",
    )
    registry = load_registry(autoload=False)
    settings = Settings(rules={"NL150": {"min-documents": 2}})
    linter = make_linter(settings, select_rules(registry.rules, settings), registry.readers, None, ROOT)
    walker = Walker(linter.table, [], ROOT)
    sources = lambda: walker.walk([str(corpus)])  # noqa: E731
    one = [f for r in run(linter, sources, jobs=1) for f in r.findings]
    sharded = list(run(linter, sources, jobs=2, shard_bytes=20_000))
    assert len(sharded) > 5 and sum(r.first_part for r in sharded) == 1
    assert one and one == [f for r in sharded for f in r.findings]

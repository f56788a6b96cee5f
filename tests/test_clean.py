"""``newslint clean`` (issue 18): remedies, the injected-defect corpus, idempotency, -j, --diff/--dry-run, --in-place."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import newslint
from newslint.clean.apply import apply_fixes
from newslint.plugins import load_registry
from newslint.rule import Applicability, Remedy

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = [json.loads(line) for line in (FIXTURES / "aeb_gold" / "gold.jsonl").read_text(encoding="utf-8").splitlines()]

# Real boilerplate as scrapers leave it (each line is reported by a rule whose fix is safe).
TOP = ["Skip to main content", "Sign In", "Menu"]
MIDDLE = ["Advertisement"]
BOTTOM = [
    "Please enable JavaScript to view the comments powered by Disqus.",
    "Copyright © 2019 Example Media Group. All rights reserved.",
]
ERROR_PAGE = "404 Not Found\nThe page you are looking for does not exist.\nReturn to the homepage."
INJECTED = set(TOP + MIDDLE + BOTTOM)


def injected(body: str) -> str:
    lines = body.split("\n")
    middle = len(lines) // 2
    return "\n".join(TOP + lines[:middle] + MIDDLE + lines[middle:] + BOTTOM)


def write_corpus(folder: Path) -> Path:
    """Every gold body with boilerplate injected, an error page, and an exact copy of the first article."""
    folder.mkdir(parents=True, exist_ok=True)
    records = [
        {"id": g["id"], "url": g["url"], "text": injected(g["text"]), "source": "aeb", "n": i}
        for i, g in enumerate(GOLD)
    ]
    records.insert(5, {"id": "error", "url": "https://news.example.com/gone", "text": ERROR_PAGE, "source": "crawl"})
    records.append(dict(records[0], id="copy", n=99))
    path = folder / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- remedies ---------------------------------------------------------------------------
def test_every_builtin_rule_declares_its_remedy_and_documents_it():
    rules = load_registry().rules
    expected = {
        "NL101": (Remedy.DELETE_LINE, Applicability.SAFE),
        "NL106": (Remedy.DELETE_LINE, Applicability.SAFE),
        "NL105": (Remedy.DELETE_LINE, Applicability.UNSAFE),
        "NL201": (Remedy.DROP_DOCUMENT, Applicability.SAFE),
        "NL205": (Remedy.DELETE_LINE, Applicability.SAFE),
        "NL301": (Remedy.DELETE_LINE, Applicability.UNSAFE),
        "NL302": (Remedy.DELETE_SPAN, Applicability.UNSAFE),
        "NL351": (Remedy.DROP_DOCUMENT, Applicability.SAFE),
        "NL352": (Remedy.DROP_DOCUMENT, Applicability.UNSAFE),
        "NL401": (Remedy.NONE, Applicability.UNSAFE),
        "NL502": (Remedy.NONE, Applicability.UNSAFE),
    }
    for code, (remedy, applicability) in expected.items():
        assert (rules[code].remedy, rules[code].fix_applicability) == (remedy, applicability), code
    for code, rule in rules.items():
        if code.startswith("NL") and not code.startswith("NL9"):
            assert "\nFix:\n" in rule.documentation(), code
    assert "deletes the reported line (safe)" in rules["NL106"].documentation()
    assert "only with --unsafe-fixes" in rules["NL352"].documentation()


def test_findings_carry_kind_and_applicability(cli, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": injected(GOLD[0]["text"])}) + "\n" + json.dumps({"text": ""}) + "\n")
    result = cli(str(path), "--isolated", "--output-format", "json-lines")
    rows = [json.loads(line) for line in result.out.splitlines()]
    nav = next(r for r in rows if r["code"] == "NL101")
    assert nav["fix"]["kind"] == "delete-line" and nav["fix"]["applicability"] == "safe"
    assert nav["fix"]["start"] == {"line": 1, "column": 1} and nav["fix"]["end"] == {"line": 2, "column": 1}
    empty = next(r for r in rows if r["code"] == "NL907")
    assert empty["fix"]["kind"] == "drop-document" and empty["fix"]["applicability"] == "safe"


def test_apply_fixes_keeps_line_endings_and_is_idempotent():
    text = "Skip to main content\r\nThe mayor opened the bridge on Monday morning.\r\nAdvertisement\r\nIt took three years."
    cleaned = newslint.clean_document(text, isolated=True)
    assert cleaned.text == "The mayor opened the bridge on Monday morning.\r\nIt took three years."
    assert [(p.code, p.line, p.text) for p in cleaned.removed] == [
        ("NL101", 1, "Skip to main content\r\n"),
        ("NL110", 3, "Advertisement\r\n"),
    ]
    assert newslint.clean_text(cleaned.text, isolated=True) == cleaned.text
    assert newslint.clean_text(ERROR_PAGE, isolated=True) == ""
    assert apply_fixes("unchanged", []).text == "unchanged"


# -- the injected-defect corpus --------------------------------------------------------
@pytest.fixture
def cleaned_corpus(cli, tmp_path):
    source = write_corpus(tmp_path / "in")
    result = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--isolated", "-j", "1")
    assert result.code == 0, result.err
    return source, tmp_path / "out", result


def test_clean_removes_the_injected_defects_and_keeps_every_gold_byte(cleaned_corpus):
    source, out, result = cleaned_corpus
    kept = read_jsonl(out / "corpus.jsonl")
    # The error page and the second copy are dropped; order and every other field are kept.
    assert [r["id"] for r in kept] == [g["id"] for g in GOLD]
    for record, gold in zip(kept, GOLD, strict=True):
        assert record["text"] == gold["text"]
        assert list(record) == ["id", "url", "text", "source", "n"]
    assert "NL201" in result.out and "NL351" in result.out and "total" in result.out


def test_removed_jsonl_accounts_for_every_removed_byte(cleaned_corpus):
    source, out, _ = cleaned_corpus
    before = {i: r for i, r in enumerate(read_jsonl(source), start=1)}
    after = {r["id"]: r["text"] for r in read_jsonl(out / "corpus.jsonl")}
    removed = read_jsonl(out / "removed.jsonl")
    assert set(removed[0]) == {
        "path",
        "record",
        "doc_id",
        "line",
        "column",
        "code",
        "kind",
        "applicability",
        "bytes",
        "text",
        "reason",
    }
    by_record: dict[int, list[dict]] = {}
    for row in removed:
        by_record.setdefault(row["record"], []).append(row)
        assert row["bytes"] == len(row["text"].encode("utf-8"))
    for number, record in before.items():
        rows = by_record.get(number, [])
        kept = after.get(record["id"], "") if record["id"] != "copy" else ""
        assert sum(r["bytes"] for r in rows) == len(record["text"].encode()) - len(kept.encode()), number
        # Positions refer to the input: every removed piece is there, at its line and column.
        lines = record["text"].split("\n")
        for row in rows:
            if row["line"]:
                offset = sum(len(line) + 1 for line in lines[: row["line"] - 1]) + row["column"] - 1
                assert record["text"][offset : offset + len(row["text"])] == row["text"]
            stripped = row["text"].strip()
            assert row["kind"] == "drop-document" or stripped in INJECTED, row
    assert {r["code"] for r in by_record[6]} == {"NL201"}
    assert {r["code"] for r in by_record[len(before)]} == {"NL351"}


def test_clean_is_idempotent(cleaned_corpus, cli, tmp_path):
    _, out, _ = cleaned_corpus
    lint = cli(str(out), "--isolated", "--output-format", "json-lines", "-q")
    rows = [json.loads(line) for line in lint.out.splitlines()]
    assert not [r for r in rows if r["fix"] and r["fix"]["applicability"] == "safe"]
    again = cli("clean", str(out), "-o", str(tmp_path / "again"), "--isolated")
    assert again.code == 0, again.err
    assert (tmp_path / "again" / "corpus.jsonl").read_bytes() == (out / "corpus.jsonl").read_bytes()
    assert (tmp_path / "again" / "removed.jsonl").read_bytes() == b""


def test_copies_that_differ_only_by_boilerplate_are_dropped_in_the_same_run(cli, tmp_path):
    body = GOLD[0]["text"]
    (tmp_path / "in").mkdir()
    records = [
        {"id": "a", "text": body},
        {"id": "b", "text": "Skip to main content\n" + body},
        {"id": "c", "text": GOLD[1]["text"]},
        {"id": "d", "text": "Advertisement\n" + body},
    ]
    (tmp_path / "in" / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    first = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--isolated")
    assert first.code == 0, first.err
    assert [r["id"] for r in read_jsonl(tmp_path / "out" / "c.jsonl")] == ["a", "c"]
    drops = [r for r in read_jsonl(tmp_path / "out" / "removed.jsonl") if r["kind"] == "drop-document"]
    # Named by their input record, and the bytes they still had once cleaned.
    assert [(r["path"], r["record"], r["doc_id"], r["code"]) for r in drops] == [
        (f"{tmp_path}/in/c.jsonl", 2, "b", "NL351"),
        (f"{tmp_path}/in/c.jsonl", 4, "d", "NL351"),
    ]
    assert "then dropped 2 that were duplicates once cleaned" in first.out
    again = cli("clean", str(tmp_path / "out"), "-o", str(tmp_path / "again"), "--isolated")
    assert again.code == 0
    assert (tmp_path / "again" / "c.jsonl").read_bytes() == (tmp_path / "out" / "c.jsonl").read_bytes()


def test_output_is_identical_for_any_number_of_workers(cli, tmp_path):
    write_corpus(tmp_path / "in")
    shutil.copytree(FIXTURES / "aeb_sample", tmp_path / "in" / "sample")
    outs = []
    for jobs in ("1", "2"):
        result = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / f"out{jobs}"), "--isolated", "-j", jobs)
        assert result.code == 0, result.err
        outs.append(tree(tmp_path / f"out{jobs}"))
    assert outs[0] == outs[1]
    assert set(outs[0]) == {
        "corpus.jsonl",
        "removed.jsonl",
        "sample/README.md",
        "sample/goose3.jsonl",
        "sample/html-text.jsonl",
        "sample/newspaper.jsonl",
        "sample/trafilatura.jsonl",
    }


def test_unsafe_fixes_only_on_request(cli, tmp_path):
    caption = "Firefighters battle the blaze near the harbour on Tuesday morning, officials said."
    body = GOLD[1]["text"].split("\n")
    text = "\n".join([body[0], caption, *body[1:], caption + " (Photo: Reuters)"])
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps({"text": text}) + "\n")
    safe = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "safe"), "--isolated", "--select", "NL301")
    assert read_jsonl(tmp_path / "safe" / "a.jsonl")[0]["text"] == text and safe.code == 0
    unsafe = cli(
        "clean",
        str(tmp_path / "in"),
        "-o",
        str(tmp_path / "unsafe"),
        "--isolated",
        "--select",
        "NL301",
        "--unsafe-fixes",
    )
    assert unsafe.code == 0, unsafe.err
    assert read_jsonl(tmp_path / "unsafe" / "a.jsonl")[0]["text"] == "\n".join([body[0], caption, *body[1:]])
    assert read_jsonl(tmp_path / "unsafe" / "removed.jsonl")[0]["applicability"] == "unsafe"


# -- modes -----------------------------------------------------------------------------
def test_diff_and_dry_run_write_nothing(cli, tmp_path):
    write_corpus(tmp_path / "in")
    before = tree(tmp_path)
    diff = cli("clean", str(tmp_path / "in"), "--diff", "--isolated")
    assert diff.code == 0, diff.err
    assert "--- a/" in diff.out and "-Skip to main content\n" in diff.out and "+++ /dev/null" in diff.out
    assert "total" in diff.err  # the statistics go to standard error beside a diff
    dry = cli("clean", str(tmp_path / "in"), "--dry-run", "--isolated")
    assert dry.code == 0 and "NL101" in dry.out and "---" not in dry.out
    assert tree(tmp_path) == before


def test_usage_errors(cli, tmp_path):
    write_corpus(tmp_path / "in")
    assert cli("clean", str(tmp_path / "in"), "--isolated").code == 2  # no mode
    refused = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "in"), "--isolated")
    assert refused.code == 2 and "--in-place" in refused.err
    assert cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "x"), "--in-place").code == 2


def test_output_folder_inside_the_input_is_not_read_back(cli, tmp_path, monkeypatch):
    write_corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path / "corpus")
    for _ in range(2):  # the second run finds clean/ from the first one: it is skipped, not cleaned into itself
        result = cli("clean", ".", "-o", "clean", "--isolated")
        assert result.code == 0, result.err
        assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "corpus").rglob("*")) == [
            "corpus/clean",
            "corpus/clean/corpus.jsonl",
            "corpus/clean/removed.jsonl",
            "corpus/corpus.jsonl",
        ]


def test_in_place(cli, tmp_path):
    source = write_corpus(tmp_path / "in")
    expected = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--isolated")
    assert expected.code == 0
    result = cli("clean", str(tmp_path / "in"), "--in-place", "--isolated")
    assert result.code == 0, result.err
    assert source.read_bytes() == (tmp_path / "out" / "corpus.jsonl").read_bytes()
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["corpus.jsonl"]  # no log, no temporary file


def test_file_with_read_problems_is_copied_unchanged(cli, tmp_path):
    (tmp_path / "in").mkdir()
    data = (json.dumps({"text": injected(GOLD[0]["text"])}) + "\n{not json\n").encode()
    (tmp_path / "in" / "bad.jsonl").write_bytes(data)
    result = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--isolated")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "bad.jsonl").read_bytes() == data
    assert "bad.jsonl: copied unchanged (read problems NL903)" in result.out


def test_sigkill_during_in_place_leaves_every_input_old_or_new(cli, tmp_path):
    folder = tmp_path / "in"
    for index in range(60):
        write_corpus(folder).rename(folder / f"part{index:03}.jsonl")
    old = tree(folder)
    shutil.copytree(folder, tmp_path / "copy")
    assert cli("clean", str(tmp_path / "copy"), "-o", str(tmp_path / "new"), "--isolated", "-q").code == 0
    new = tree(tmp_path / "new")
    process = subprocess.Popen(
        [sys.executable, "-m", "newslint", "clean", str(folder), "--in-place", "--isolated", "-j", "1", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if any((folder / name).read_bytes() != data for name, data in old.items()):
                break
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be killed: make the corpus larger"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    after = {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}
    assert set(after) == set(old)
    states = ["new" if after[name] == new[name] else "old" if after[name] == old[name] else "partial" for name in old]
    assert "partial" not in states
    assert "new" in states and "old" in states  # killed in the middle


# -- the datatrove step ------------------------------------------------------------------
def test_datatrove_cleaner(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from newslint.integrations.datatrove import NewslintCleaner

    cleaner = NewslintCleaner(isolated=True)
    docs = [Document(text=injected(GOLD[0]["text"]), id="a"), Document(text=ERROR_PAGE, id="b")]
    kept = list(cleaner.run(docs))
    assert [d.id for d in kept] == ["a"] and kept[0].text == GOLD[0]["text"]
    stats = cleaner.stats.to_dict() if hasattr(cleaner.stats, "to_dict") else {}
    dropped = Document(text=ERROR_PAGE, id="c")
    assert cleaner.filter(dropped) is False  # the reason goes to metadata: one datatrove stat per code
    assert dropped.metadata["filter_reason"] == "newslint: NL201 error-page-document"
    assert stats == {} or "NL101" in json.dumps(stats)


def test_sharded_jsonl_with_workers_gives_the_same_output(cli, tmp_path, monkeypatch):
    import importlib

    from newslint.engine.sharding import split
    from newslint.readers.base import Source

    source = write_corpus(tmp_path / "in")
    assert len(split(Source.from_path(source), 4096)) >= 4  # the file really is cut into shards
    expected = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "one"), "--isolated", "-j", "1")
    run_module = importlib.import_module("newslint.engine.run")
    monkeypatch.setattr(run_module.run, "__defaults__", (1, 4096))
    sharded = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "two"), "--isolated", "-j", "2")
    assert expected.code == sharded.code == 0, sharded.err
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_clean_on_a_dask_cluster(cli, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    write_corpus(tmp_path / "in")
    expected = cli("clean", str(tmp_path / "in"), "-o", str(tmp_path / "local"), "--isolated", "-j", "1")
    with distributed.LocalCluster(n_workers=1, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        result = cli(
            "clean",
            str(tmp_path / "in"),
            "-o",
            str(tmp_path / "dask"),
            "--isolated",
            "--scheduler",
            cluster.scheduler_address,
        )
    assert expected.code == result.code == 0, result.err
    assert tree(tmp_path / "local") == tree(tmp_path / "dask")


def test_read_problems_are_the_diagnostics_of_files_not_read_whole():
    """Clean copies a file as it is when one of these is found in it; the set comes from the diagnostics' table."""
    from newslint.diagnostics import READ_PROBLEMS, TABLE

    assert {"NL901", "NL902", "NL903", "NL904", "NL905", "NL906", "NL911"} == READ_PROBLEMS
    # An empty document, a timeout or a cap on findings leaves the file read whole.
    assert {d.code for d in TABLE if not d.incomplete_read} == {"NL907", "NL908", "NL909", "NL910", "NL912"}

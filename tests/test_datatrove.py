"""newslint as datatrove pipeline steps (issue 11): JsonlReader -> NewslintTagger -> NewslintFilter -> JsonlWriter."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from newslint.integrations.datatrove import NewslintFilter, NewslintTagger  # noqa: E402

CLEAN = "The council approved the new budget on Tuesday after a long debate.\nThe vote was 7 to 2."
NAVIGATION = "Skip to main content\nThe mayor opened the bridge on Monday morning.\nIt took three years to build."
ERROR_PAGE = "404 Not Found\nThe page you are looking for does not exist."


def read_jsonl_gz(folder: Path) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(folder.glob("*.jsonl.gz"))
        for line in gzip.open(path, "rt", encoding="utf-8")
    ]


@pytest.fixture
def pipeline_dirs(tmp_path) -> dict[str, Path]:
    source = tmp_path / "in"
    source.mkdir()
    records = [
        {"id": "clean", "text": CLEAN, "metadata": {"url": "https://news.example.com/a"}},
        {"id": "nav", "text": NAVIGATION, "metadata": {"url": "https://news.example.com/b"}},
        {"id": "error", "text": ERROR_PAGE, "metadata": {"url": "https://news.example.com/c"}},
    ]
    (source / "docs.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return {"in": source, "out": tmp_path / "out", "excluded": tmp_path / "excluded", "logs": tmp_path / "logs"}


def test_tagger_and_filter_in_a_local_pipeline(pipeline_dirs):
    dirs = pipeline_dirs
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(dirs["in"])),
            NewslintTagger(isolated=True),
            NewslintFilter(severity="error", isolated=True, exclusion_writer=JsonlWriter(str(dirs["excluded"]))),
            JsonlWriter(str(dirs["out"])),
        ],
        tasks=1,
        logging_dir=str(dirs["logs"]),
    ).run()
    kept = {r["id"]: r["metadata"] for r in read_jsonl_gz(dirs["out"])}
    excluded = {r["id"]: r["metadata"] for r in read_jsonl_gz(dirs["excluded"])}

    assert set(kept) == {"clean", "nav"} and set(excluded) == {"error"}
    assert kept["clean"]["newslint"] == []
    nav = kept["nav"]["newslint"]
    assert [(f["code"], f["line"], f["column"], f["severity"]) for f in nav] == [("NL101", 1, 1, "warning")]
    # The json-lines shape, with the document's id.
    assert set(nav[0]) == {
        "path",
        "record",
        "doc_id",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "rule",
        "severity",
        "message",
        "fix",
    }
    assert nav[0]["doc_id"] == "nav"
    # The dropped document keeps its findings and the reason the exclusion writer stored.
    assert any(f["code"] == "NL201" for f in excluded["error"]["newslint"])
    assert excluded["error"]["filter_reason"].startswith("newslint: NL201 error-page-document")


def test_filter_counts_each_dropping_code_on_its_own():
    """Issue 19, defect 9: one stat per code, not one per combination of codes."""
    from datatrove.data import Document

    step = NewslintFilter(severity="warning", isolated=True)
    docs = [
        Document(text=ERROR_PAGE + "\n" + NAVIGATION, id="both"),
        Document(text=NAVIGATION, id="nav"),
        Document(text=CLEAN, id="clean"),
    ]
    kept = list(step.run(iter(docs)))
    assert [d.id for d in kept] == ["clean"]
    counters = {key: value.total for key, value in step.stats.stats.items()}
    assert counters["dropped_newslint_NL101"] == 2
    assert counters["dropped_newslint_NL201"] == 1
    assert not any("," in key for key in counters)
    assert counters["dropped"] == 2


def test_filter_alone_lints_and_honours_settings():
    from datatrove.data import Document

    keep_warnings = NewslintFilter(severity="warning", isolated=True, settings={"ignore": ["NL101"]})
    assert keep_warnings.filter(Document(text=NAVIGATION, id="nav")) is True
    strict = NewslintFilter(severity="warning", isolated=True)
    doc = Document(text=NAVIGATION, id="nav")
    assert strict.filter(doc) is False
    assert doc.metadata["filter_reason"] == "newslint: NL101 navigation-text"
    assert doc.metadata["newslint"][0]["code"] == "NL101"


def test_corpus_rules_do_not_run_in_a_step():
    from datatrove.data import Document

    # Two exact copies: the CLI reports the second (NL351); a step sees one document at a time and does not.
    tagger = NewslintTagger(isolated=True, settings={"select": ["NL351"]})
    docs = list(tagger.run([Document(text=CLEAN, id="a"), Document(text=CLEAN, id="b")]))
    assert [d.metadata["newslint"] for d in docs] == [[], []]

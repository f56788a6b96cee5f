"""Issue 19, feature 3: newslint from Python (newslint.lint, newslint.check_text) and Hugging Face datasets."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import newslint
from newslint import Finding, Severity
from newslint.config import ConfigError

# datasets reads these when imported: never the network, whichever test imports it first.
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

NAVIGATION = "Skip to main content\nThe mayor opened the bridge on Monday morning.\nIt took three years to build."
ERROR_PAGE = "404 Not Found\nThe page you are looking for does not exist."
CLEAN = "The council approved the new budget on Tuesday after a long debate.\nThe vote was 7 to 2."


def test_lint_yields_findings_for_strings_and_records_in_order():
    items = [CLEAN, NAVIGATION, {"id": "e1", "text": ERROR_PAGE, "url": "https://news.example.com/x"}, {"id": "x"}]
    findings = list(newslint.lint(items, isolated=True))
    assert all(isinstance(f, Finding) for f in findings)
    assert [(f.record, f.code) for f in findings] == [(2, "NL101"), (3, "NL201"), (4, "NL904")]
    nav = findings[0]
    assert (nav.path, nav.line, nav.column, nav.severity) == ("<memory>", 1, 1, Severity.WARNING)
    assert findings[1].doc_id == "e1"
    assert nav.location == "<memory>:record 2:1:1"


def test_lint_is_lazy_and_takes_select_ignore_and_config(tmp_path):
    stream = newslint.lint(iter([NAVIGATION, ERROR_PAGE]), select=["NL2"], isolated=True)
    assert next(stream).code == "NL201"
    assert list(newslint.lint([NAVIGATION, ERROR_PAGE], ignore=["NL101"], isolated=True))[0].code == "NL201"
    assert (
        list(newslint.lint([NAVIGATION], config={"severity": {"NL101": "error"}}, isolated=True))[0].severity
        == Severity.ERROR
    )
    (tmp_path / "newslint.toml").write_text('ignore = ["NL1"]\n', encoding="utf-8")
    assert list(newslint.lint([NAVIGATION], config=tmp_path / "newslint.toml")) == []
    with pytest.raises(ConfigError, match="did you mean 'NL101'"):
        list(newslint.lint([NAVIGATION], select=["NL1O1"], isolated=True))
    with pytest.raises(TypeError, match="not int"):
        list(newslint.lint([3], isolated=True))  # type: ignore[list-item]


def test_check_text():
    [finding] = newslint.check_text(ERROR_PAGE, isolated=True)
    assert (finding.code, finding.record, finding.rule) == ("NL201", None, "error-page-document")
    assert newslint.check_text(CLEAN, isolated=True) == []


def test_import_newslint_stays_cheap():
    code = "import json, sys, newslint; print(json.dumps(sorted(sys.modules)))"
    loaded = set(
        json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    )
    assert not {"newslint.api", "newslint.app", "trafilatura", "rapidfuzz"} & loaded
    assert "lint" in newslint.__all__ and callable(newslint.lint)
    with pytest.raises(AttributeError):
        newslint.no_such_thing  # noqa: B018


# -- Hugging Face datasets (in memory, offline) -----------------------------------------
@pytest.fixture
def dataset(monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    return datasets.Dataset.from_dict(
        {
            "id": ["clean", "nav", "error"],
            "text": [CLEAN, NAVIGATION, ERROR_PAGE],
            "url": ["https://a.example.com/1", "https://a.example.com/2", "https://b.example.com/3"],
        }
    )


def test_map_adds_a_findings_column(dataset):
    from newslint.integrations.hf import add_findings, lint_dataset, with_findings_features

    mapped = dataset.map(
        add_findings(isolated=True), batched=True, batch_size=1, features=with_findings_features(dataset.features)
    )
    assert [[f["code"] for f in row] for row in mapped["newslint"]] == [[], ["NL101"], ["NL201"]]
    nav = mapped[1]["newslint"][0]
    assert (nav["doc_id"], nav["line"], nav["severity"], nav["path"]) == ("nav", 1, "warning", "<dataset>")
    one_by_one = dataset.map(
        add_findings("found", select=["NL2"], isolated=True), features=with_findings_features(dataset.features, "found")
    )
    assert [[f["code"] for f in row] for row in one_by_one["found"]] == [[], [], ["NL201"]]
    indexed = lint_dataset(dataset, isolated=True)
    assert [f["record"] for row in indexed["newslint"] for f in row] == [2, 3]  # the row, 1-based


def test_filter_drops_rows_with_findings(dataset):
    from newslint.integrations.hf import keep_clean, lint_dataset

    assert dataset.filter(keep_clean(isolated=True), batched=True)["id"] == ["clean", "nav"]
    assert dataset.filter(keep_clean("warning", isolated=True))["id"] == ["clean"]
    # With a findings column, filter uses it instead of linting again.
    tagged = lint_dataset(dataset, isolated=True)
    assert tagged.filter(keep_clean("warning"), batched=True)["id"] == ["clean"]

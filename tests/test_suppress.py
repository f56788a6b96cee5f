"""Issue 19, feature 2: suppressing findings in data you cannot comment."""

from __future__ import annotations

import json

import pytest

SKIP = "Skip to main content"


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    records = [
        {"id": "r1", "url": "https://news.example.com/live/1", "text": f"{SKIP}\nA live blog."},
        {
            "id": "r2",
            "url": "https://news.example.com/2024/a",
            "text": f"{SKIP}\nAn article.",
            "newslint_ignore": ["TST101"],
        },
        {"id": "r3", "url": "https://other.example.org/b", "text": f"{SKIP}\nboom", "review": "TST101, TST102"},
        {"id": "r4", "url": "https://other.example.org/c", "text": f"{SKIP}\nAnother article."},
        {"url": "https://other.example.org/d", "text": f"{SKIP}\nNo id."},
    ]
    (tmp_path / "corpus" / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (tmp_path / "corpus" / "page.txt").write_text(f"{SKIP}\nA page.\n", encoding="utf-8")
    return tmp_path


def flagged(cli, *extra: str) -> list[tuple[str, int | None, str]]:
    result = cli("corpus", "--select", "TST", "--output-format", "json-lines", "-q", "-j", "1", *extra)
    return [(f["doc_id"], f["record"], f["code"]) for f in map(json.loads, result.out.splitlines())]


def test_the_record_field_suppresses_codes_in_that_record(cli, corpus):
    found = flagged(cli)
    assert ("r2", 2, "TST101") not in found  # "newslint_ignore": ["TST101"]
    assert ("r1", 1, "TST101") in found and ("r3", 3, "NL905") in found  # TST102 crashes on "boom"
    (corpus / "newslint.toml").write_text('ignore-field = "review"\n', encoding="utf-8")
    found = flagged(cli)
    assert ("r2", 2, "TST101") in found  # the default field is no longer read
    assert not [f for f in found if f[0] == "r3"]  # "review": "TST101, TST102" (diagnostics too: NL905)


def test_per_document_ignores_by_id_and_url_glob(cli, corpus):
    (corpus / "newslint.toml").write_text(
        '[per-document-ignores]\n"r4" = ["TST1"]\n"https://news.example.com/live/*" = ["TST101"]\n"page" = ["TST"]\n',
        encoding="utf-8",
    )
    found = flagged(cli)
    assert {doc for doc, _, code in found if code == "TST101"} == {"r3", None}  # r1, r2 (field), r4, page: ignored
    (corpus / "newslint.toml").write_text('[per-document-ignores]\n"r4" = ["TST1O1"]\n', encoding="utf-8")
    bad = cli("corpus", "--select", "TST")
    assert bad.code == 2 and "per-document-ignores: unknown rule code or prefix 'TST1O1'" in bad.err


def test_add_ignore_writes_a_suppression_file_for_the_current_findings(cli, corpus):
    result = cli("corpus", "--select", "TST101", "-j", "1", "--add-ignore", "newslint-ignore.toml")
    assert result.code == 0
    assert result.out.endswith("recorded 0 errors, 5 warnings, 0 info in the ignore file; none reported.\n")
    assert (
        "newslint: added 4 findings in 4 documents to ignore file newslint-ignore.toml; "
        "1 in documents without an id could not be added"
    ) in result.err
    assert "list it in `ignore-files`" in result.err
    text = (corpus / "newslint-ignore.toml").read_text(encoding="utf-8")
    assert '"r1" = ["TST101"]' in text and '"page" = ["TST101"]' in text and '"r2"' not in text

    (corpus / "newslint.toml").write_text('ignore-files = ["newslint-ignore.toml"]\n', encoding="utf-8")
    assert [f for f in flagged(cli) if f[2] == "TST101"] == [(None, 5, "TST101")]
    # Adding more codes later merges into the file (the crash of TST102 on r3 is an NL905).
    again = cli("corpus", "--select", "TST102", "-j", "1", "--add-ignore", "newslint-ignore.toml")
    assert "list it in" not in again.err
    assert '"r3" = ["NL905", "TST101"]' in (corpus / "newslint-ignore.toml").read_text(encoding="utf-8")
    assert flagged(cli) == [(None, 5, "TST101")]


def test_a_broken_ignore_file_is_a_configuration_error(cli, corpus):
    (corpus / "newslint.toml").write_text('ignore-files = ["ignores.toml"]\n', encoding="utf-8")
    (corpus / "ignores.toml").write_text('[per-document-ignores]\n"r1" = "TST101"\n', encoding="utf-8")
    result = cli("corpus", "--select", "TST")
    assert result.code == 2 and "ignore file" in result.err and "lists of codes" in result.err


def test_add_ignore_and_write_baseline_do_not_combine(cli, corpus):
    result = cli("corpus", "--add-ignore", "a.toml", "--write-baseline", "b.json")
    assert result.code == 2 and "--add-ignore and --write-baseline" in result.err
    assert not (corpus / "a.toml").exists() and not (corpus / "b.json").exists()

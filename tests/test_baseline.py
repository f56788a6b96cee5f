"""Baselines end to end through the CLI: record today's findings, report only new ones.

The test plugin's TST101 flags "Skip to main content" (a finding on a line),
TST102 crashes on "boom" (an NL905 whole-document finding) and NL903 reports a
malformed JSONL record; only those are selected, so these tests do not depend
on the built-in rule families.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newslint import __version__

SKIP = "Skip to main content"
RUN = ("--select", "TST,NL9", "-j", "1", "--isolated")
STALE_LINE = re.compile(
    r"^newslint: baseline (?P<path>.+): (?P<known>\d+) known findings? suppressed, (?P<stale>\d+) stale"
)


def jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "article.txt").write_text(f"Headline\n{SKIP}\nThe article body.\n", encoding="utf-8")
    jsonl(
        root / "part.jsonl",
        [
            {"id": "r1", "text": "Fine text."},
            {"id": "r2", "text": f"Header\n{SKIP}\nBody."},
            {"id": "r3", "text": "This one goes boom."},
        ],
    )
    return root


def new_findings(result) -> list[dict]:
    return [json.loads(line) for line in result.out.splitlines()]


def baseline_summary(result) -> dict[str, str]:
    lines = [m.groupdict() for m in map(STALE_LINE.match, result.err.splitlines()) if m]
    assert len(lines) == 1, result.err
    return lines[0]


def write(cli, target: Path, baseline: Path, *extra: str):
    result = cli(str(target), *RUN, "--write-baseline", str(baseline), *extra)
    assert result.code == 0, result.err
    return result


def check(cli, target: Path, baseline: Path, *extra: str):
    return cli(str(target), *RUN, "--baseline", str(baseline), "--output-format", "json-lines", *extra)


def test_write_records_findings_reports_none_and_exits_0(cli, corpus, tmp_path):
    baseline = tmp_path / "newslint-baseline.json"
    assert cli(str(corpus), *RUN).code == 1  # there are findings
    result = write(cli, corpus, baseline, "--output-format", "json-lines")
    assert result.out == ""
    assert f"newslint: wrote 3 findings (3 entries) to baseline {baseline}" in result.err.splitlines()

    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["newslint"]) == ("newslint-baseline", 1, __version__)
    entries = data["entries"]
    assert [(e["path"], e["doc_id"], e["code"], e["count"]) for e in entries] == [
        ("corpus/article.txt", None, "TST101", 1),  # a single-document file: keyed on its path
        ("corpus/part.jsonl", "r2", "TST101", 1),  # a record with an id: keyed on the id
        ("corpus/part.jsonl", "r3", "NL905", 1),
    ]
    assert all(re.fullmatch(r"[0-9a-f]{16}", e["hash"]) for e in entries)
    # The corpus text itself is not in the baseline, only hashes of it.
    assert SKIP not in baseline.read_text(encoding="utf-8")

    again = check(cli, corpus, baseline)
    assert again.code == 0 and again.out == ""
    assert baseline_summary(again) == {"path": str(baseline), "known": "3", "stale": "0"}


def test_file_is_deterministic_for_any_jobs_and_current_directory(cli, corpus, tmp_path, monkeypatch):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    write(cli, corpus, first)
    monkeypatch.chdir(corpus)  # another current directory and spelling of the path
    result = cli(".", *RUN[:2], "-j", "2", "--isolated", "--write-baseline", str(second))
    assert result.code == 0
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert text.endswith("}\n") and text.isascii()
    assert len(text.splitlines()) == 5 + 3 + 2  # header lines, one line per entry, closing lines


def test_inserting_a_line_above_a_finding_does_not_resurrect_it(cli, corpus, tmp_path):
    baseline = tmp_path / "b.json"
    write(cli, corpus, baseline)
    (corpus / "article.txt").write_text(
        f"Headline\nA new first paragraph.\n\n  {SKIP}\nThe article body.\n", encoding="utf-8"
    )  # moved down two lines, re-indented
    jsonl(
        corpus / "part.jsonl",
        [
            {"id": "r1", "text": "Fine text."},
            {"id": "r2", "text": f"Header\nInserted line\n{SKIP}\nBody."},
            {"id": "r3", "text": "This one goes boom."},
        ],
    )
    result = check(cli, corpus, baseline)
    assert (result.code, new_findings(result)) == (0, [])
    assert baseline_summary(result)["stale"] == "0"


def test_inserting_a_record_before_a_finding_does_not_resurrect_it(cli, corpus, tmp_path):
    baseline = tmp_path / "b.json"
    write(cli, corpus, baseline)
    jsonl(
        corpus / "part.jsonl",
        [
            {"id": "r0", "text": "A record inserted first."},
            {"id": "r1", "text": "Fine text."},
            {"id": "r2", "text": f"Header\n{SKIP}\nBody."},
            {"id": "r3", "text": "This one goes boom."},
        ],
    )
    result = check(cli, corpus, baseline)
    assert (result.code, new_findings(result)) == (0, [])
    assert baseline_summary(result) == {"path": str(baseline), "known": "3", "stale": "0"}


def test_records_without_ids_are_keyed_on_the_file_not_the_record_number(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    jsonl(corpus / "noid.jsonl", [{"text": "Fine."}, {"text": f"{SKIP}\nBody."}])
    baseline = tmp_path / "b.json"
    write(cli, corpus, baseline)
    assert json.loads(baseline.read_text())["entries"][0]["doc_id"] is None
    jsonl(corpus / "noid.jsonl", [{"text": "New."}, {"text": "Fine."}, {"text": f"{SKIP}\nBody."}])
    assert new_findings(check(cli, corpus, baseline)) == []
    # A second record with the same defect is one more occurrence than recorded: new.
    jsonl(corpus / "noid.jsonl", [{"text": f"{SKIP}\nOther."}, {"text": "Fine."}, {"text": f"{SKIP}\nBody."}])
    result = check(cli, corpus, baseline)
    assert result.code == 1
    assert [f["code"] for f in new_findings(result)] == ["TST101"]


def test_changing_the_offending_line_makes_a_new_finding_and_a_stale_entry(cli, corpus, tmp_path):
    baseline = tmp_path / "b.json"
    write(cli, corpus, baseline)
    (corpus / "article.txt").write_text(f"Headline\n{SKIP} | Menu\nThe article body.\n", encoding="utf-8")
    result = check(cli, corpus, baseline)
    assert result.code == 1
    assert [(f["path"], f["line"], f["code"]) for f in new_findings(result)] == [
        (f"{corpus.as_posix()}/article.txt", 2, "TST101")
    ]
    assert baseline_summary(result) == {"path": str(baseline), "known": "2", "stale": "1"}
    assert ": 2 known findings suppressed, 1 stale (no longer found; refresh with --write-baseline)." in result.err


def test_identical_findings_in_one_document_need_one_entry_each(cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = corpus / "twice.txt"
    doc.write_text(f"{SKIP}\nBody.\n{SKIP}\n", encoding="utf-8")
    baseline = tmp_path / "b.json"
    write(cli, corpus, baseline)
    [entry] = json.loads(baseline.read_text())["entries"]
    assert entry["count"] == 2
    doc.write_text(f"{SKIP}\nBody.\n{SKIP}\nMore.\n{SKIP}\n", encoding="utf-8")
    result = check(cli, corpus, baseline)
    assert result.code == 1 and len(new_findings(result)) == 1
    doc.write_text(f"Body.\n{SKIP}\n", encoding="utf-8")
    result = check(cli, corpus, baseline)
    assert result.code == 0
    assert baseline_summary(result) == {"path": str(baseline), "known": "1", "stale": "1"}


WHOLE_DOCUMENT_RULE = '''
from newslint import Hit, Rule, hookimpl


class Repeats(Rule):
    """A test rule with a whole-document finding whose message depends on the text.

    Why is this bad?
        It is a test.

    Example:
        ``again and again``

    Use instead:
        Nothing.

    Options:
        None.
    """

    code = "LOC201"
    name = "repeats"

    def check(self, doc):
        if "again" in doc.text:
            yield Hit(f"'again' {doc.text.count('again')} times")


@hookimpl
def newslint_rules():
    return [Repeats]
'''


def test_whole_document_findings_are_keyed_on_their_message(cli, tmp_path):
    rules = tmp_path / "local_rules"
    rules.mkdir()
    (rules / "repeats.py").write_text(WHOLE_DOCUMENT_RULE, encoding="utf-8")
    run = ("--select", "LOC", "-j", "1", "--isolated", "--rulepath", str(rules))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = corpus / "doc.txt"
    doc.write_text("Again and again.\nAnd again.\n", encoding="utf-8")
    baseline = tmp_path / "b.json"
    assert cli(str(corpus), *run, "--write-baseline", str(baseline)).code == 0
    doc.write_text("A new line.\nAgain and again.\n\nAnd again.\n", encoding="utf-8")  # same message
    assert cli(str(corpus), *run, "--baseline", str(baseline)).code == 0
    doc.write_text("Again and again.\nAnd again, and again.\n", encoding="utf-8")  # "3 times": another finding
    result = cli(str(corpus), *run, "--baseline", str(baseline), "--output-format", "json-lines")
    assert result.code == 1
    assert [(f["line"], f["message"]) for f in new_findings(result)] == [(0, "'again' 3 times")]
    assert baseline_summary(result) == {"path": str(baseline), "known": "0", "stale": "1"}


def test_diagnostics_without_a_line_are_keyed_on_document_and_code(cli, corpus, tmp_path):
    # Their messages depend on the environment (the JSON parser in use, OS
    # errors, exception text), so a different message must not make them new.
    with (corpus / "part.jsonl").open("a", encoding="utf-8") as part:
        part.write("{broken\n")
    baseline = tmp_path / "b.json"
    write(cli, corpus, baseline)
    jsonl(
        corpus / "part.jsonl",
        [
            {"id": "r0", "text": "A record inserted first."},
            {"id": "r1", "text": "Fine text."},
            {"id": "r2", "text": f"Header\n{SKIP}\nBody."},
            {"id": "r3", "text": "Now it goes boom differently."},
        ],
    )
    with (corpus / "part.jsonl").open("a", encoding="utf-8") as part:
        part.write('{"id": "r4", "text": \n')  # another record, broken in another way
    before = cli(str(corpus), *RUN, "--output-format", "json-lines", "-q")
    assert sorted(f["code"] for f in new_findings(before)) == ["NL903", "NL905", "TST101", "TST101"]
    result = check(cli, corpus, baseline)
    assert (result.code, new_findings(result)) == (0, [])
    # One more broken record than recorded is new.
    with (corpus / "part.jsonl").open("a", encoding="utf-8") as part:
        part.write("{\n")
    assert [f["code"] for f in new_findings(check(cli, corpus, baseline))] == ["NL903"]


def test_stale_entries_are_counted_only_for_linted_files_selected_rules_and_deleted_files(cli, corpus, tmp_path):
    baseline = tmp_path / "b.json"
    write(cli, corpus, baseline)
    (corpus / "article.txt").write_text("Headline\nThe article body.\n", encoding="utf-8")  # fixed
    # Linting only the other file (as pre-commit does) does not call article.txt's entry stale.
    only_part = check(cli, corpus / "part.jsonl", baseline)
    assert baseline_summary(only_part) == {"path": str(baseline), "known": "2", "stale": "0"}
    # Nor does leaving its rule out of the selection.
    unselected = cli(str(corpus), "--select", "TST102,NL9", "-j", "1", "--isolated", "--baseline", str(baseline))
    assert baseline_summary(unselected) == {"path": str(baseline), "known": "1", "stale": "0"}
    everything = check(cli, corpus, baseline)
    assert (everything.code, baseline_summary(everything)["stale"]) == (0, "1")
    # A deleted file's findings cannot come back: stale even when it is not linted
    # (2 in part.jsonl, plus the fixed one in article.txt).
    (corpus / "part.jsonl").unlink()
    gone = check(cli, corpus / "article.txt", baseline)
    assert baseline_summary(gone) == {"path": str(baseline), "known": "0", "stale": "3"}


def test_only_new_findings_count_for_the_exit_code_and_summary(cli, corpus, tmp_path):
    baseline = tmp_path / "b.json"
    write(cli, corpus, baseline)
    (corpus / "new.txt").write_text(f"{SKIP}\n", encoding="utf-8")
    result = cli(str(corpus), *RUN, "--baseline", str(baseline))
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{corpus.as_posix()}/new.txt:1:1: TST101 Skip link 'Skip to main content'",
        "Checked 5 documents in 3 files: 0 errors, 1 warning, 0 info.",
    ]
    assert result.err.splitlines() == [f"newslint: baseline {baseline}: 3 known findings suppressed, 0 stale."]
    quiet = cli(str(corpus), *RUN, "--baseline", str(baseline), "-q")
    assert quiet.err == ""


def test_baseline_from_config_is_relative_to_the_config_file(cli, corpus, tmp_path, monkeypatch):
    write(cli, corpus, tmp_path / "known.json")
    (tmp_path / "newslint.toml").write_text('baseline = "known.json"\nselect = ["TST", "NL9"]\n', encoding="utf-8")
    monkeypatch.chdir(corpus)
    result = cli(".", "-j", "1", "--output-format", "json-lines")
    assert (result.code, result.out) == (0, "")
    assert baseline_summary(result)["path"] == str(tmp_path / "known.json")
    # `--baseline ''` turns the configured baseline off.
    assert cli(".", "-j", "1", "--baseline", "").code == 1
    # --write-baseline refreshes: it records every finding, whatever baseline is configured.
    (corpus / "article.txt").unlink()
    assert cli(".", "-j", "1", "--write-baseline", str(tmp_path / "known.json")).code == 0
    assert len(json.loads((tmp_path / "known.json").read_text())["entries"]) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file (create it with --write-baseline"),
        ("{not json", "invalid JSON"),
        ('{"findings": []}', "not a newslint baseline"),
        (
            '{"format": "newslint-baseline", "version": 99, "newslint": "9", "entries": []}',
            "format version 99 is not supported",
        ),
        (
            '{"format": "newslint-baseline", "version": 1, "newslint": "0.1.0", "entries": [{"path": "a", "code": "X"}]}',
            "invalid: entries.0.hash: Field required",
        ),
        (
            '{"format": "newslint-baseline", "version": 1, "newslint": "0.1.0", "entries": '
            '[{"path": "a", "code": "X", "hash": "0123456789abcdef", "count": 0}]}',
            "entries.0.count",
        ),
    ],
)
def test_unreadable_or_invalid_baseline_is_a_configuration_error(cli, corpus, tmp_path, content, message):
    baseline = tmp_path / "b.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    result = cli(str(corpus), *RUN, "--baseline", str(baseline), "--exit-zero")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"newslint: configuration error: baseline {baseline}: ")
    assert message in result.err

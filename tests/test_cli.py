"""The command line end to end (in-process): exit codes, formats, selection, parallelism."""

from __future__ import annotations

import json

import pytest

from .conftest import FIXTURES

KEYS = {
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
OPTIONAL_KEYS = {"element", "confidence"}  # HTML input only; scored rules only


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "clean.txt").write_text("A clean article.\n", encoding="utf-8")
    (tmp_path / "nav.txt").write_text("Skip to main content\nThe article.\n", encoding="utf-8")
    records = [
        {"id": "r1", "text": "Fine text."},
        {"id": "r2", "text": "Header\nSkip to main content"},
        {"id": "r3", "text": "This one goes boom."},
    ]
    (tmp_path / "part.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{broken\n", encoding="utf-8")
    return tmp_path


def test_findings_exit_1_and_concise_locations(cli, corpus):
    result = cli(str(corpus), "--select", "TST,NL9", "-j", "1")
    assert result.code == 1
    lines = result.out.splitlines()
    assert f"{corpus.as_posix()}/nav.txt:1:1: TST101 Skip link 'Skip to main content'" in lines
    assert f"{corpus.as_posix()}/part.jsonl:record 2:2:1: TST101 Skip link 'Skip to main content'" in lines
    assert any(
        line.startswith(f"{corpus.as_posix()}/part.jsonl:record 3:0:0: NL905 Rule TST102 (test-crash) crashed")
        for line in lines
    )
    assert any(line.startswith(f"{corpus.as_posix()}/part.jsonl:record 4:") and " NL903 " in line for line in lines)
    assert lines[-1] == "Checked 5 documents in 3 files: 2 errors, 2 warnings, 0 info."


def test_crashing_rule_does_not_stop_other_rules_or_documents(cli, corpus):
    result = cli(str(corpus), "--select", "TST,NL9", "--output-format", "json-lines", "-q")
    findings = [json.loads(line) for line in result.out.splitlines()]
    assert [f["code"] for f in findings if f["record"] == 3] == ["NL905"]
    assert sum(f["code"] == "TST101" for f in findings) == 2


def test_a_crashing_plugin_rule_fails_the_run_under_its_own_select(cli, corpus):
    # Selecting only the plugin's prefix must not hide that its rule crashed (NL905, an error).
    result = cli(str(corpus), "--select", "TST", "--output-format", "json-lines", "-q", "--fail-on", "error")
    findings = [json.loads(line) for line in result.out.splitlines()]
    assert [f["code"] for f in findings if f["record"] == 3] == ["NL905"]
    assert result.code == 1
    ignored = cli(str(corpus), "--select", "TST", "--ignore", "NL905,NL903", "-q", "--fail-on", "error")
    assert ignored.code == 0 and "NL905" not in ignored.out


def test_json_lines_has_exactly_the_documented_keys(cli, corpus):
    result = cli(str(corpus), "--select", "TST", "--output-format", "json-lines", "-q")
    for line in result.out.splitlines():
        assert set(json.loads(line)) == KEYS


def test_exit_codes(cli, corpus, tmp_path):
    clean = corpus / "clean.txt"
    assert cli(str(clean), "--select", "TST").code == 0
    assert cli(str(corpus), "--select", "TST", "--exit-zero").code == 0
    # The corpus has a malformed record: its NL903 (an error) is not hidden by --select ...
    assert cli(str(corpus), "--select", "TST101", "--fail-on", "error").code == 1
    # ... only ignoring it by its own code does; then only warnings remain.
    assert cli(str(corpus), "--select", "TST101", "--ignore", "NL903", "--fail-on", "error").code == 0
    assert cli(str(corpus), "--select", "TST101", "--fail-on", "warning").code == 1
    bad = cli(str(corpus), "--select", "TST9", "--exit-zero")
    assert bad.code == 2 and "unknown rule code or prefix 'TST9'" in bad.err
    fmt = cli(str(corpus), "--output-format", "jsonlines")
    assert fmt.code == 2 and "did you mean 'json-lines'" in fmt.err
    assert cli("--no-such-flag").code == 2


def test_config_file_is_used_and_strict(cli, corpus):
    (corpus / "newslint.toml").write_text(
        'select = ["TST"]\n[rules.TST101]\nphrase = "The article"\n', encoding="utf-8"
    )
    result = cli(str(corpus), "-q")
    assert "Skip link 'The article'" in result.out
    (corpus / "newslint.toml").write_text('[rules.TST101]\nphrasee = "x"\n', encoding="utf-8")
    bad = cli(str(corpus))
    assert bad.code == 2 and "did you mean 'phrase'" in bad.err


def test_per_file_ignores(cli, corpus):
    (corpus / "newslint.toml").write_text(
        'select = ["TST101"]\n[per-file-ignores]\n"nav.txt" = ["TST"]\n', encoding="utf-8"
    )
    result = cli(str(corpus), "-q")
    assert "nav.txt" not in result.out and "part.jsonl" in result.out


def test_statistics_are_shown_with_the_findings(cli, corpus):
    result = cli(str(corpus), "--select", "TST101", "--statistics")
    lines = result.out.splitlines()
    assert sum(": TST101 " in line for line in lines) == 2  # the findings
    assert "      2  TST101  test-skip-link" in lines  # and the table


def test_output_file_and_summary_on_stderr_for_machine_formats(cli, corpus, tmp_path):
    out = tmp_path / "findings.jsonl"
    result = cli(str(corpus), "--select", "TST101", "--output-format", "json-lines", "-o", str(out))
    assert result.out == ""
    assert "Checked 5 documents" in result.err
    codes = [json.loads(line)["code"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert codes.count("TST101") == 2 and codes.count("NL903") == 1  # diagnostics are never deselected
    assert not list(tmp_path.glob(".findings.jsonl.*.tmp"))


def test_stdin(cli):
    result = cli("-", "--select", "TST101", "--stdin-filename", "doc.txt", stdin=b"Skip to main content\n")
    assert result.code == 1 and result.out.startswith("-:1:1: TST101")


def test_missing_path_is_a_usage_error_not_a_crash(cli, tmp_path):
    # Issue 19: a mistyped path must not let a CI job pass on nothing (see tests/test_first_use.py).
    result = cli(str(tmp_path / "nope.jsonl"))
    assert result.code == 2 and "nope.jsonl: no such file or directory" in result.err


def test_output_identical_for_any_number_of_jobs(cli):
    """House rule 7, on real scraped text (a sample of the AEB extractor outputs)."""
    corpus = str(FIXTURES / "aeb_sample")
    runs = [cli(corpus, "--output-format", "json-lines", "-j", str(jobs), "-q", "--isolated") for jobs in (1, 2, 3)]
    assert runs[0].out and runs[0].out == runs[1].out == runs[2].out


def test_rule_and_rules_subcommands(cli):
    result = cli("rule", "TST101")
    assert result.code == 0 and "# TST101 test-skip-link" in result.out and "Why is this bad?" in result.out
    assert 'phrase = "Skip to main content"' in result.out
    assert cli("rule", "test-skip-link").code == 0
    unknown = cli("rule", "TST11")
    assert unknown.code == 2 and "did you mean" in unknown.err
    listing = cli("rules")
    assert "TST101  test-skip-link" in listing.out.replace("   ", "  ") or "TST101" in listing.out


def test_version_lists_third_party_plugins(cli):
    result = cli("--version")
    assert result.out.startswith("newslint ")
    assert "TST (newslint-tests 0.0): TST101, TST102" in result.out


def test_preview_turns_on_the_preview_behaviour_of_stable_rules(cli, tmp_path):
    # NL105 reports teasers in rows of a markdown layout table only with preview on (its
    # preview behaviour), from the command line and from the configuration file alike.
    text = (
        "The report was published on Tuesday after two years of consultation with member states, officials said.\n\n"
        "| Related Articles |\n| Council approves the budget after a late-night debate |\n"
    )
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    stable = cli(str(tmp_path / "doc.txt"), "--isolated", "--select", "NL105", "-q")
    assert stable.code == 0 and "NL105" not in stable.out
    preview = cli(str(tmp_path / "doc.txt"), "--isolated", "--select", "NL105", "--preview", "-q")
    assert [line.split(": ")[1].split()[0] for line in preview.out.splitlines()] == ["NL105", "NL105"]
    (tmp_path / "newslint.toml").write_text('select = ["NL105"]\npreview = true\n', encoding="utf-8")
    configured = cli(str(tmp_path / "doc.txt"), "--config", str(tmp_path / "newslint.toml"), "-q")
    assert configured.out == preview.out

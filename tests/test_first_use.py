"""Issue 19: what stood in the way of a new user, each defect through the command line."""

from __future__ import annotations

import json

import pytest

from newslint import config


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "corpus"
    folder.mkdir()
    records = [{"id": "r1", "text": "Skip to main content\nThe article."}, {"id": "r2", "text": "Fine text."}]
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return folder


# -- defect 1: a mistyped path is a usage error; a run that checked nothing says so ------------
def test_a_path_that_does_not_exist_is_a_usage_error_even_with_exit_zero(cli, corpus):
    result = cli("corpsu/", "--exit-zero", "-j", "1")
    assert result.code == 2
    assert "corpsu/: no such file or directory" in result.err
    assert result.out == ""
    both = cli("corpus", "missing.jsonl", "-j", "1")
    assert both.code == 2 and "missing.jsonl" in both.err


def test_an_empty_folder_says_that_nothing_was_checked(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = cli(str(tmp_path / "empty"), "-j", "1")
    assert result.code == 0
    assert result.out == "Checked 0 documents in 0 files: 0 errors, 0 warnings, 0 info.\n"
    assert "warning: no document was checked" in result.err
    assert "warning" not in cli(str(tmp_path / "empty"), "-q", "-j", "1").err


def test_a_dangling_symlink_named_on_the_command_line_is_still_a_finding(cli, tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    result = cli(str(link), "--select", "NL9", "-j", "1")
    assert result.code == 1 and "NL901" in result.out


# -- defect 2: unknown NEWSLINT_* variables are warned about once, never an error ---------------
def test_an_unknown_environment_variable_is_a_warning_once(cli, corpus, monkeypatch):
    monkeypatch.setattr(config, "_WARNED_ENV", set())
    monkeypatch.setenv("NEWSLINT_FAIL_ONN", "error")
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", "/tmp/x")  # another tool's variable in a shared namespace
    first = cli("corpus", "--select", "TST", "-j", "1")
    assert first.code == 1  # the run happened, with the variable ignored
    assert (
        "warning: ignoring environment variable NEWSLINT_FAIL_ONN: not a setting (did you mean 'fail-on'?)" in first.err
    )
    assert "NEWSLINT_CACHE_DIR" in first.err
    second = cli("corpus", "--select", "TST", "-j", "1")
    assert "NEWSLINT_FAIL_ONN" not in second.err  # once per process


# -- defect 3: extend-ignore, and the documented precedence -------------------------------------
def test_environment_extend_ignore_adds_to_the_configured_ignore(cli, corpus, monkeypatch, tmp_path):
    (tmp_path / "newslint.toml").write_text('select = ["TST", "NL9"]\nignore = ["TST102"]\n', encoding="utf-8")
    assert "TST101" in cli("corpus", "-j", "1").out
    monkeypatch.setenv("NEWSLINT_EXTEND_IGNORE", "TST101")
    result = cli("corpus", "-j", "1", "--output-format", "json-lines", "-q")
    assert result.code == 0 and result.out == ""
    # NEWSLINT_IGNORE still replaces the list (as every setting does); extend-* add up.
    monkeypatch.delenv("NEWSLINT_EXTEND_IGNORE")
    monkeypatch.setenv("NEWSLINT_IGNORE", "NL903")
    assert "TST101" in cli("corpus", "-j", "1").out
    assert "TST101" not in cli("corpus", "-j", "1", "--extend-ignore", "TST1").out


def test_extend_lists_add_up_across_file_environment_and_command_line(tmp_path):
    (tmp_path / "newslint.toml").write_text('extend-ignore = ["NL1"]\nextend-exclude = ["a/"]\n', encoding="utf-8")
    settings, _ = config.build_settings(
        {"extend_ignore": ["NL3"]}, search_from=tmp_path, environ={"NEWSLINT_EXTEND_IGNORE": "NL2"}
    )
    assert settings.extend_ignore == ["NL1", "NL2", "NL3"]
    assert settings.ignored == ["NL1", "NL2", "NL3"]
    assert settings.extend_exclude == ["a/"]


# -- defect 4: "did you mean" by edit distance --------------------------------------------------
@pytest.mark.parametrize(("typed", "meant"), [("NL1O1", "NL101"), ("nl201", "NL201"), ("NL2O", "NL20")])
def test_did_you_mean_suggests_the_nearest_code(cli, corpus, typed, meant):
    result = cli("corpus", "--select", typed)
    assert result.code == 2
    assert f"did you mean {meant!r}?" in result.err


def test_did_you_mean_for_settings_and_formats():
    assert config.did_you_mean("extend-ignor", config.SETTING_KEYS) == " (did you mean 'extend-ignore'?)"
    assert config.did_you_mean("zzzzzz", config.SETTING_KEYS) == ""


# -- defect 7: --write-baseline says what it recorded --------------------------------------------
def test_write_baseline_says_what_was_recorded(cli, corpus, tmp_path):
    result = cli("corpus", "--select", "TST", "-j", "1", "--write-baseline", "baseline.json")
    assert result.code == 0
    assert result.out == (
        "Checked 2 documents in 1 file: recorded 0 errors, 1 warning, 0 info in the baseline; none reported.\n"
    )
    assert "newslint: wrote 1 finding (1 entry) to baseline baseline.json" in result.err
    assert "0 warnings" not in result.out

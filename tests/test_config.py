"""Settings: sources and precedence, strictness, did-you-mean."""

from pathlib import Path

import pytest

from newslint.config import ConfigError, build_settings, environment_settings, find_config_file
from newslint.model import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pyproject_table_is_found_from_a_nested_path(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.newslint]\nselect = ["NL1"]\nfail-on = "warning"\n')
    corpus = tmp_path / "data" / "corpus"
    corpus.mkdir(parents=True)
    settings, path = build_settings({}, search_from=corpus, environ={})
    assert path == tmp_path / "pyproject.toml"
    assert settings.select == ["NL1"]
    assert settings.fail_on is Severity.WARNING


def test_pyproject_without_a_newslint_table_is_skipped(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.black]\nline-length = 80\n")
    assert find_config_file(tmp_path) is None


def test_newslint_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.newslint]\nselect = ["NL1"]\n')
    write(tmp_path / "newslint.toml", 'select = ["NL2"]\n')
    settings, path = build_settings({}, search_from=tmp_path, environ={})
    assert path.name == "newslint.toml" and settings.select == ["NL2"]


def test_precedence_is_cli_over_environment_over_file(tmp_path):
    write(tmp_path / "newslint.toml", 'select = ["NL1"]\nignore = ["NL101"]\njobs = 3\n')
    env = {"NEWSLINT_SELECT": "NL2,NL3", "NEWSLINT_JOBS": "2"}
    settings, _ = build_settings({"jobs": 1}, search_from=tmp_path, environ=env)
    assert settings.select == ["NL2", "NL3"]  # environment over file
    assert settings.ignore == ["NL101"]  # file value kept where nothing overrides it
    assert settings.jobs == 1  # command line over environment


def test_unknown_key_in_file_is_an_error_with_did_you_mean(tmp_path):
    write(tmp_path / "newslint.toml", 'selct = ["NL1"]\n')
    with pytest.raises(ConfigError, match=r"unknown setting 'selct' \(did you mean 'select'\?\)"):
        build_settings({}, search_from=tmp_path, environ={})


def test_unknown_environment_variable_is_ignored_with_a_warning(capsys, monkeypatch):
    from newslint import config

    monkeypatch.setattr(config, "_WARNED_ENV", set())
    assert environment_settings({"NEWSLINT_FAIL_ONN": "error"}) == {}
    assert "NEWSLINT_FAIL_ONN: not a setting (did you mean 'fail-on'?)" in capsys.readouterr().err


def test_wrong_type_is_an_error(tmp_path):
    write(tmp_path / "newslint.toml", 'jobs = "many"\n')
    with pytest.raises(ConfigError, match="jobs"):
        build_settings({}, search_from=tmp_path, environ={})


def test_invalid_toml_names_the_file(tmp_path):
    path = write(tmp_path / "newslint.toml", "select = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        build_settings({}, config_file=path, environ={})


def test_isolated_ignores_files_but_not_environment(tmp_path):
    write(tmp_path / "newslint.toml", 'select = ["NL1"]\n')
    settings, path = build_settings({}, search_from=tmp_path, environ={"NEWSLINT_FAIL_ON": "error"}, isolated=True)
    assert path is None and settings.select is None and settings.fail_on is Severity.ERROR


def test_unknown_preset_is_a_config_error():
    with pytest.raises(ConfigError, match=r"unknown preset 'news-plese' \(did you mean 'news-please'\?\)"):
        build_settings({"preset": "news-plese"}, isolated=True, environ={})

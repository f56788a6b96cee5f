"""newslint as a pre-commit hook and in CI: the hook manifest, changed-files-only
runs, the examples in examples/ci/, and pre-commit itself running the hook.

The slow tests run the real pre-commit (from the test extras) on temporary git
repositories: pre-commit builds a virtual environment, ``pip install``s newslint
into it from a git repository and runs the hook, exactly as it does for a user.
That repository is a snapshot of this working tree rather than the checkout
itself: on a local path with uncommitted changes, ``pre-commit try-repo``
commits only the changes to *tracked* files into its shadow repository
(``git add -u`` in pre_commit/commands/try_repo.py), so a new, not yet added
file would silently be missing; the snapshot also works from a source tree that
is not a git checkout. Each ``try-repo`` installs into a fresh store (it ignores
PRE_COMMIT_HOME); the other pre-commit runs of this module share one store, so
they install newslint once. pip's wheel cache is left alone: it makes those
installs take seconds once the test extras are installed.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from newslint.plugins import load_registry
from newslint.readers.base import COMPRESSION_SUFFIXES

from .conftest import ROOT

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
EXAMPLES = ROOT / "examples" / "ci"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"

CLEAN = {"id": "n1", "text": "The council approved the budget on Tuesday.\nThe vote was 7 to 2."}
# The second record is cut off: NL903 (malformed-record), an error, whatever rules are installed.
DEFECTIVE_JSONL = json.dumps(CLEAN) + "\n" + '{"id": "n2", "text": "The mayor said\n'
NL9_ONLY = 'select = ["NL9"]\n'


def hook() -> dict:
    [manifest] = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    return manifest


# -- the manifest and the examples (fast) -----------------------------------------
def test_hook_manifest_is_valid_and_never_modifies_files():
    from pre_commit.clientlib import load_manifest

    [loaded] = load_manifest(str(HOOKS_FILE))  # pre-commit's own schema check
    assert loaded["id"] == "newslint"
    assert loaded["language"] == "python"
    assert shlex.split(loaded["entry"]) == ["newslint", "--force-exclude"]
    assert loaded["require_serial"] is True  # newslint runs its own worker processes
    assert loaded["pass_filenames"] is True  # changed files only
    assert loaded["types"] == ["file"]
    # Nothing in the entry writes files (no -o, no --write-baseline).
    assert not {"-o", "--output-file", "--write-baseline"} & set(shlex.split(loaded["entry"]))


def test_hook_files_pattern_matches_exactly_what_the_readers_read():
    pattern = re.compile(hook()["files"])
    suffixes = sorted({s for reader in load_registry(autoload=False).readers for s in reader.extensions})
    assert suffixes == sorted([".htm", ".html", ".json", ".jsonl", ".md", ".ndjson", ".parquet", ".txt", ".warc"])
    for suffix in suffixes:
        for compression in ["", *COMPRESSION_SUFFIXES]:
            for name in (f"corpus/2024/doc{suffix}{compression}", f"DOC{suffix.upper()}{compression.upper()}"):
                assert pattern.search(name), name
    for name in ("script.py", "table.csv", "a.jsonl.bak", "archive.gz", "a.txt.swp", "jsonl", "a.tar"):
        assert not pattern.search(name), name


def test_example_pre_commit_config_is_valid_and_uses_the_hook():
    from pre_commit.clientlib import load_config

    config = load_config(str(EXAMPLES / ".pre-commit-config.yaml"))
    [repo] = config["repos"]
    [entry] = repo["hooks"]
    assert entry["id"] == hook()["id"]
    # The example narrows the files with `exclude`, which keeps the hook's own
    # `files` (the formats); a `files:` here would replace it.
    assert "files" not in entry
    exclude = re.compile(entry["exclude"])
    assert not exclude.search("corpus/2024/a.jsonl")
    assert exclude.search("README.md") and exclude.search("newslint-baseline.json")


def test_example_workflow_lints_a_corpus_and_uploads_its_sarif(cli, tmp_path, monkeypatch):
    workflow = yaml.safe_load((EXAMPLES / "newslint.yml").read_text(encoding="utf-8"))
    [job] = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert uses[0].startswith("actions/checkout@")
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(re.search(r"pip install .*newslint", step.get("run", "")) for step in steps)
    [lint] = [step for step in steps if step.get("run", "").startswith("newslint ")]
    [upload] = [step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert "always()" in upload["if"] or "!cancelled()" in upload["if"]  # runs although the lint step failed

    # Run the workflow's command on a corpus: it writes the file the upload step reads.
    argv = shlex.split(lint["run"])[1:]
    assert argv[argv.index("--output-format") + 1] == "sarif"
    assert argv[argv.index("-o") + 1] == upload["with"]["sarif_file"]
    monkeypatch.chdir(tmp_path)
    corpus = Path(argv[0])
    corpus.mkdir()
    (corpus / "news.jsonl").write_text(DEFECTIVE_JSONL, encoding="utf-8")
    (tmp_path / "newslint.toml").write_text(NL9_ONLY, encoding="utf-8")
    result = cli(*argv, "-j", "1")
    assert result.code == 1 and result.out == ""
    log = json.loads(Path(upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["NL903"]
    assert (
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == f"{corpus.as_posix().rstrip('/')}/news.jsonl"
    )


@pytest.mark.parametrize("example", [".pre-commit-config.yaml", "newslint.yml"])
def test_readme_shows_the_examples_as_they_are(example):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    assert f"```yaml\n{text}```\n" in readme, f"README's copy of examples/ci/{example} is stale"


def test_readme_suppression_example_is_valid_configuration(tmp_path):
    from newslint.config import build_settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Suppressing findings") :]
    block = re.search(r"```toml\n(.*?)```", section, re.S)
    assert block
    (tmp_path / "pyproject.toml").write_text(block.group(1), encoding="utf-8")
    settings, _ = build_settings({}, search_from=tmp_path, environ={})
    assert settings.per_file_ignores and settings.per_host_ignores and settings.extend_exclude


# -- changed files only (fast, through the CLI) ------------------------------------
@pytest.fixture
def dataset(tmp_path, monkeypatch):
    """A dataset folder with a clean, a defective and an excluded defective file."""
    (tmp_path / "newslint.toml").write_text(NL9_ONLY + 'extend-exclude = ["corpus/drafts/"]\n', encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "drafts").mkdir(parents=True)
    (corpus / "good.jsonl").write_text(json.dumps(CLEAN) + "\n", encoding="utf-8")
    (corpus / "bad.jsonl").write_text(DEFECTIVE_JSONL, encoding="utf-8")
    (corpus / "drafts" / "wip.jsonl").write_text(DEFECTIVE_JSONL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_only_the_files_named_are_linted(cli, dataset):
    good = cli("corpus/good.jsonl", "-j", "1")
    assert (good.code, good.out) == (0, "Checked 1 document in 1 file: 0 errors, 0 warnings, 0 info.\n")
    bad = cli("corpus/bad.jsonl", "corpus/good.jsonl", "-j", "1")
    assert bad.code == 1
    [finding, summary] = bad.out.splitlines()
    assert finding.startswith("corpus/bad.jsonl:record 2:0:0: NL903 Malformed JSON")
    assert summary == "Checked 2 documents in 2 files: 1 error, 0 warnings, 0 info."


def test_excludes_apply_to_named_files_only_with_force_exclude(cli, dataset):
    wip = "corpus/drafts/wip.jsonl"
    # Walking a folder always skips excluded paths.
    assert "drafts" not in cli("corpus", "-j", "1").out
    # A file named on the command line is linted even when excluded...
    assert cli(wip, "-j", "1").code == 1
    # ...unless --force-exclude (what the hook passes) or force-exclude in the config.
    forced = cli(wip, "corpus/good.jsonl", "--force-exclude", "-j", "1")
    assert (forced.code, forced.out) == (0, "Checked 1 document in 1 file: 0 errors, 0 warnings, 0 info.\n")
    (dataset / "newslint.toml").write_text(
        NL9_ONLY + 'extend-exclude = ["corpus/drafts/"]\nforce-exclude = true\n', encoding="utf-8"
    )
    assert cli(wip, "-j", "1").out == "Checked 0 documents in 0 files: 0 errors, 0 warnings, 0 info.\n"


# -- pre-commit for real (slow) -------------------------------------------------------
SNAPSHOT_SKIP = {"__pycache__", "build", "dist", "venv", "node_modules"}


def environment(pre_commit_home: Path) -> dict[str, str]:
    """A hermetic environment for git and pre-commit (no user or CI settings leak in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSLINT_", "PRE_COMMIT", "GIT_"))}
    env.update(
        PRE_COMMIT_HOME=str(pre_commit_home),
        PRE_COMMIT_COLOR="never",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME="newslint tests",
        GIT_AUTHOR_EMAIL="tests@newslint.invalid",
        GIT_COMMITTER_NAME="newslint tests",
        GIT_COMMITTER_EMAIL="tests@newslint.invalid",
    )
    return env


def sh(*argv: str | Path, cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{argv} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    assert PRE_COMMIT.exists(), f"pre-commit is a test dependency; missing {PRE_COMMIT}"
    return environment(tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env) -> Path:
    """This working tree as a one-commit git repository (what pre-commit installs from)."""
    snapshot = tmp_path_factory.mktemp("newslint-snapshot") / "newslint"

    def ignore(folder: str, names: list[str]) -> set[str]:
        return {
            n
            for n in names
            if (n.startswith(".") and n != HOOKS_FILE.name) or n in SNAPSHOT_SKIP or n.endswith(".egg-info")
        }

    shutil.copytree(ROOT, snapshot, ignore=ignore, symlinks=True)
    sh("git", "init", "-q", cwd=snapshot, env=env)
    sh("git", "add", "-A", cwd=snapshot, env=env)
    sh("git", "commit", "-q", "--no-verify", "-m", "snapshot", cwd=snapshot, env=env)
    return snapshot


def dataset_repo(path: Path, env: dict[str, str], files: dict[str, str]) -> Path:
    path.mkdir()
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    sh("git", "init", "-q", cwd=path, env=env)
    sh("git", "add", "-A", cwd=path, env=env)
    return path


def hook_output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


@pytest.mark.slow
def test_try_repo_fails_on_a_defective_document_and_passes_on_a_clean_one(hook_repo, env, tmp_path):
    try_repo = (PRE_COMMIT, "try-repo", hook_repo, "newslint", "--all-files", "--color", "never")
    defective = dataset_repo(
        tmp_path / "defective",
        env,
        {
            "newslint.toml": NL9_ONLY,
            "corpus/news.jsonl": DEFECTIVE_JSONL,
            "corpus/ok.txt": CLEAN["text"] + "\n",
        },
    )
    failed = sh(*try_repo, cwd=defective, env=env, check=False)
    out = hook_output(failed)
    assert failed.returncode == 1, out
    assert re.search(r"^newslint\.+Failed$", out, re.M), out
    assert "- exit code: 1" in out, out
    # The finding's location, as the concise format prints it.
    assert "corpus/news.jsonl:record 2:0:0: NL903 Malformed JSON" in out
    assert "Checked 2 documents in 2 files: 1 error, 0 warnings, 0 info." in out

    clean = dataset_repo(
        tmp_path / "clean",
        env,
        {
            "newslint.toml": NL9_ONLY,
            "corpus/news.jsonl": json.dumps(CLEAN) + "\n",
            "corpus/ok.txt": CLEAN["text"] + "\n",
        },
    )
    passed = sh(*try_repo, cwd=clean, env=env, check=False)
    assert passed.returncode == 0, hook_output(passed)
    assert re.search(r"^newslint\.+Passed$", hook_output(passed), re.M)


def example_repo_and_rev() -> tuple[str, str]:
    config = yaml.safe_load((EXAMPLES / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    return repo["repo"], repo["rev"]


def test_example_pins_the_tag_of_this_version():
    """Issue 19: the example's rev is the tag the project creates for this version (v<version>)."""
    from newslint import __version__

    url, rev = example_repo_and_rev()
    assert url.startswith("https://") and rev == f"v{__version__}"
    assert f"`v{__version__}`" in (ROOT / "README.md").read_text(encoding="utf-8")  # README says how to pin


@pytest.mark.slow
def test_example_config_guards_commits_of_a_dataset_repository(hook_repo, env, tmp_path):
    """The examples/ci config *as it is*, installed as a git hook: changed files only, excludes, baseline.

    The example's repository URL is redirected to the snapshot with git's ``insteadOf``
    (the tests have no network), and the snapshot gets the tag the example pins.
    """
    url, rev = example_repo_and_rev()
    sh("git", "tag", "-f", rev, cwd=hook_repo, env=env)
    env = {
        **env,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{hook_repo.as_posix()}.insteadOf",
        "GIT_CONFIG_VALUE_0": url,
    }
    config = (EXAMPLES / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    repo = dataset_repo(
        tmp_path / "dataset",
        env,
        {
            ".pre-commit-config.yaml": config,
            "newslint.toml": NL9_ONLY + 'extend-exclude = ["corpus/drafts/"]\nbaseline = "newslint-baseline.json"\n',
            "corpus/good.jsonl": json.dumps(CLEAN) + "\n",
            "corpus/drafts/wip.jsonl": DEFECTIVE_JSONL,  # excluded in newslint.toml: --force-exclude honours it
            "corpus/stats.csv": "a,b\n",  # not a corpus format: the hook's `files` leaves it out
            "notes.md": "",  # outside corpus/: the example's `exclude` leaves it out (NL907 otherwise)
        },
    )
    newslint = (sys.executable, "-m", "newslint")
    sh(*newslint, "corpus", "--write-baseline", "newslint-baseline.json", cwd=repo, env=env)
    sh("git", "add", "-A", cwd=repo, env=env)
    sh(PRE_COMMIT, "install", cwd=repo, env=env)

    def commit(message: str) -> subprocess.CompletedProcess:
        return sh("git", "commit", "-m", message, cwd=repo, env=env, check=False)

    def commits() -> int:
        return int(sh("git", "rev-list", "--count", "HEAD", cwd=repo, env=env, check=False).stdout.strip() or 0)

    first = commit("a clean corpus")
    assert first.returncode == 0, hook_output(first)
    assert re.search(r"^newslint\.+Passed$", hook_output(first), re.M)

    (repo / "corpus" / "bad.jsonl").write_text(DEFECTIVE_JSONL, encoding="utf-8")
    sh("git", "add", "corpus/bad.jsonl", cwd=repo, env=env)
    refused = commit("a defective document")
    out = hook_output(refused)
    assert refused.returncode != 0 and commits() == 1, out
    assert "corpus/bad.jsonl:record 2:0:0: NL903 Malformed JSON" in out
    # Only the staged file was linted.
    assert "Checked 1 document in 1 file: 1 error, 0 warnings, 0 info." in out

    everything = sh(PRE_COMMIT, "run", "--all-files", cwd=repo, env=env, check=False)
    out = hook_output(everything)
    assert everything.returncode == 1
    assert "corpus/bad.jsonl:record 2:0:0: NL903" in out
    assert "wip.jsonl" not in out and "notes.md" not in out and "stats.csv" not in out
    assert "Checked 2 documents in 2 files: 1 error, 0 warnings, 0 info." in out

    # Gradual adoption: record the finding in the baseline, and the commit goes through.
    sh(*newslint, "corpus", "--write-baseline", "newslint-baseline.json", cwd=repo, env=env)
    sh("git", "add", "-A", cwd=repo, env=env)
    accepted = commit("a known defect, baselined")
    out = hook_output(accepted)
    assert accepted.returncode == 0 and commits() == 2, out
    # pre-commit shows a passing hook's output only with --verbose.
    shown = sh(PRE_COMMIT, "run", "--verbose", "--files", "corpus/bad.jsonl", cwd=repo, env=env)
    assert "newslint: baseline newslint-baseline.json: 1 known finding suppressed, 0 stale." in hook_output(shown)

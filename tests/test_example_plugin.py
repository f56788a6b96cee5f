"""The example plugin package, installed with pip and run end to end.

``examples/newslint-plugin-example`` is built and installed (``pip install
--no-deps --target``) into a temporary folder once per session; ``newslint``
then runs as a subprocess with that folder on ``PYTHONPATH``, so the plugin is
found exactly as a user's installed plugin is: through its entry point. The
test environment itself is never modified.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow  # builds a package and spawns newslint (still run in CI)

EXAMPLE = ROOT / "examples" / "newslint-plugin-example"
EXAMPLE_README = (EXAMPLE / "README.md").read_text(encoding="utf-8")

RECORDS = [
    {
        "id": "syndicated",
        "url": "https://www.mysanantonio.com/sports/article/x",
        "source": "mysanantonio.com",
        "date": "2019-11-19",
        "text": "LOS ANGELES (AP) — LeBron James had a triple-double.\n\nLakers: Visit the Thunder on Friday.\n\n___\n\n"
        "More AP NBA: https://apnews.com/NBA and https://twitter.com/AP_Sports",
    },
    {
        "id": "consent",
        "url": "https://consent.google.com/ml?continue=x",
        "source": "theguardian.com",
        "date": "19/11/2019",
        "text": "Before you continue to Google.",
    },
    {
        "id": "ap-own-site",
        "url": "https://apnews.com/article/x",
        "source": "apnews.com",
        "date": "2019-11-19",
        "text": "LOS ANGELES (AP) — The Lakers won.\n\n___\n\nMore AP NBA: https://apnews.com/NBA",
    },
    {
        "id": "reuters",
        "url": "https://www.reuters.com/article/x",
        "source": "reuters.com",
        "date": "19.11.2019",
        "text": "The deal closed on Monday.\n(Reporting by Will Dunham; Editing by Tom Brown)",
    },
    {
        "id": "aggregator",
        "url": "https://www.msn.com/en-us/news/x",
        "source": "Associated Press",
        "date": "2019-11-19T10:00:00Z",
        "text": "The Lakers won on Monday night.",
    },
]


@dataclass
class Run:
    code: int
    out: str
    err: str

    def findings(self) -> list[tuple[str, int, str]]:
        """``(doc_id, line, code)`` of every json-lines finding."""
        rows = [json.loads(line) for line in self.out.splitlines() if line.strip()]
        return [(row["doc_id"], row["line"], row["code"]) for row in rows]


def _clean_env(**extra: str) -> dict[str, str]:
    # No NEWSLINT_* setting from the developer's shell may leak into the runs.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSLINT_") and k != "PYTHONPATH"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def plugin_site(tmp_path_factory) -> Path:
    """The example package installed into a private folder (not the test venv)."""
    base = tmp_path_factory.mktemp("example-plugin")
    # Built from a copy: setuptools writes build/ and *.egg-info next to the sources.
    source = base / "source"
    shutil.copytree(
        EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", ".pytest_cache")
    )
    site = base / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-input",
            "--disable-pip-version-check",
            "--target",
            str(site),
            str(source),
        ],
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=300,
    )
    assert result.returncode == 0, f"pip install of the example plugin failed:\n{result.stdout}\n{result.stderr}"
    assert (site / "newslint_example" / "rules.py").is_file()
    return site


@pytest.fixture(scope="session")
def newslint(plugin_site, tmp_path_factory):
    """``newslint(*argv, env=...)``: the CLI as a subprocess that sees the installed plugin."""
    workdir = tmp_path_factory.mktemp("example-run")  # no config file above it

    def run(*argv: str, cwd: Path = workdir, **env: str) -> Run:
        result = subprocess.run(
            [sys.executable, "-m", "newslint", *argv],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=_clean_env(PYTHONPATH=str(plugin_site), **env),
            timeout=120,
        )
        return Run(result.returncode, result.stdout, result.stderr)

    return run


@pytest.fixture
def corpus(tmp_path) -> Path:
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    return tmp_path


LINT = ("--output-format", "json-lines", "--quiet", "-j", "1")


def test_plugin_findings_appear(newslint, corpus):
    run = newslint(str(corpus), "--isolated", "--select", "EXM", *LINT)
    assert run.code == 1, run.err
    assert run.findings() == [
        ("syndicated", 5, "EXM101"),
        ("syndicated", 7, "EXM101"),
        ("consent", 0, "EXM201"),
        ("consent", 0, "EXM202"),
        ("ap-own-site", 3, "EXM101"),
        ("ap-own-site", 5, "EXM101"),
        ("reuters", 0, "EXM201"),
    ]
    rows = [json.loads(line) for line in run.out.splitlines()]
    assert rows[0]["rule"] == "ap-trailer" and rows[0]["severity"] == "warning"
    assert rows[0]["fix"]["description"] == "Delete the separator"


def test_plugin_rules_run_beside_the_builtin_rules(newslint, corpus):
    run = newslint(str(corpus), "--isolated", "--select", "NL1,NL2,EXM", *LINT)
    codes = {code for _, _, code in run.findings()}
    assert {"EXM101", "EXM201", "EXM202"} <= codes
    assert any(code.startswith("NL") for code in codes), run.findings()


def test_the_readme_configuration_works(newslint, corpus):
    """The README's ``[tool.newslint]`` example, verbatim, changes what the rules report."""
    block = next(
        b for b in re.findall(r"```toml\n(.*?)```", EXAMPLE_README, re.S) if "[tool.newslint.rules.EXM101]" in b
    )
    (corpus / "pyproject.toml").write_text(block, encoding="utf-8")
    run = newslint(str(corpus), "--select", "EXM", *LINT, cwd=corpus)
    assert run.code == 1, run.err
    assert run.findings() == [
        ("syndicated", 5, "EXM101"),
        ("syndicated", 7, "EXM101"),
        ("consent", 0, "EXM201"),
        ("consent", 0, "EXM202"),
        # ap-own-site: per-host-ignores; reuters: the (Reporting by prefix, and %d.%m.%Y is a date now
        ("reuters", 2, "EXM101"),
        # aggregator: "Associated Press" is judged once it has aliases
        ("aggregator", 0, "EXM202"),
    ]


def test_rule_docs(newslint):
    run = newslint("rule", "EXM101")
    assert run.code == 0, run.err
    assert run.out.startswith("# EXM101 ap-trailer\n")
    assert "Provided by newslint-plugin-example 0.2.0." in run.out
    for section in ("Why is this bad?", "Example:", "Use instead:", "Options:"):
        assert section in run.out
    assert "tail-lines = 6" in run.out  # option defaults
    by_name = newslint("rule", "source-host-mismatch")
    assert by_name.code == 0 and by_name.out.startswith("# EXM202 source-host-mismatch\n")


def test_version_lists_the_plugin(newslint):
    run = newslint("--version")
    assert run.code == 0, run.err
    assert "  EXM (newslint-plugin-example 0.2.0): EXM101, EXM201, EXM202\n" in run.out


def test_rules_listing_names_the_distribution(newslint):
    run = newslint("rules", "--format", "json")
    rules = {r["code"]: r for r in json.loads(run.out)}
    assert rules["EXM201"]["plugin"] == "newslint-plugin-example"
    assert rules["EXM201"]["name"] == "publication-date"


@pytest.mark.parametrize("how", [("--disable-plugin", "EXM"), ("--disable-plugin", "newslint-plugin-example")])
def test_disable_plugin(newslint, corpus, how):
    # The plugin's codes are then unknown: selecting them is a configuration error (exit 2), not silence.
    run = newslint(str(corpus), "--isolated", *how, "--select", "EXM", *LINT)
    assert run.code == 2 and "unknown rule code or prefix 'EXM'" in run.err
    assert run.out == ""


def test_autoload_off_by_environment(newslint, corpus):
    off = {"NEWSLINT_DISABLE_PLUGIN_AUTOLOAD": "1"}
    version = newslint("--version", **off)
    assert version.code == 0 and "newslint-plugin-example" not in version.out
    run = newslint(str(corpus), "--isolated", "--select", "EXM", *LINT, **off)
    assert run.code == 2 and "unknown rule code or prefix 'EXM'" in run.err
    assert newslint("rule", "EXM101", **off).code == 2


def test_the_example_package_own_tests_pass(plugin_site, tmp_path):
    """The example's tests (newslint.testing, TOML cases) against the installed package."""
    tests = tmp_path / "tests"
    shutil.copytree(EXAMPLE / "tests", tests, ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(tests)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_clean_env(PYTHONPATH=str(plugin_site)),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert re.match(r"\d+ passed", summary) and "failed" not in summary and "error" not in summary, summary


def test_the_guide_plugin_code_passes_its_own_tests(tmp_path):
    """docs/writing-rules.md, section 1: its files (``# path`` on their first line) make a plugin whose tests pass."""
    guide = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    written = []
    for _, body in re.findall(r"(`{3,4})(?:python|toml)\n(.*?)\1\n", guide, re.S):
        named = re.match(r"# ((?:src|tests)/[\w/.-]+\.(?:py|toml))\b", body)
        if named:
            path = tmp_path / named.group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
            written.append(named.group(1))
    assert {"src/newslint_acme/footer.py", "src/newslint_acme/rules.py", "tests/cases/ACME101.toml"} <= set(written)
    (tmp_path / "src" / "newslint_acme" / "__init__.py").write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), "tests"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_clean_env(PYTHONPATH=str(tmp_path / "src")),
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.match(r"\d+ passed", result.stdout.strip().splitlines()[-1]), result.stdout

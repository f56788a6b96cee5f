"""The README stays true: its commands are what CI runs, its rule table is what newslint lists."""

import io
import re
from contextlib import redirect_stdout

from newslint.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = [line for line in ci.splitlines() if line.startswith("python3 -m venv")][0]
    assert f"```bash\n{command}\n```" in README


def test_rules_table_matches_newslint_rules(monkeypatch):
    monkeypatch.setenv("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", "1")  # newslint's own rules only
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["rules", "--format", "markdown"]) == 0
    block = re.search(r"<!-- rules-table:[^\n]*-->\n(.*?)<!-- end rules-table -->", README, re.S)
    assert block, "README lacks the rules table markers"
    assert block.group(1) == out.getvalue(), "README rules table is stale: paste `newslint rules --format markdown`"


def test_every_documented_output_format_exists():
    from newslint.plugins import load_registry

    formats = set(load_registry(autoload=False).reporters)
    for name in ("concise", "full", "json", "json-lines", "github", "sarif", "junit", "gitlab"):
        assert name in formats and f"`{name}`" in README

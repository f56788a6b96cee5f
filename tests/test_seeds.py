"""The quickstart's main job: `newslint seeds/`, compared to a stored snapshot.

Update the snapshot deliberately, after reading the diff:
NEWSLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_seeds.py
"""

import io
import os
from contextlib import redirect_stderr, redirect_stdout

from newslint.cli import main

from .conftest import ROOT

SNAPSHOT = ROOT / "tests" / "snapshots" / "seeds.txt"


def test_seeds_output_matches_snapshot(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", "1")
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        code = main(["seeds/", "--isolated", "--output-format", "full"])
    rendered = f"exit code: {code}\n{out.getvalue()}"
    if os.environ.get("NEWSLINT_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert rendered == SNAPSHOT.read_text(encoding="utf-8")

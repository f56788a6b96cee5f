"""``newslint report`` opened in a real headless browser: renders, no console error, no network request."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("matplotlib", reason="newslint report needs the extra newslint[report]")
pytest.importorskip("playwright", reason="the browser test drives Chromium with playwright (test extra)")

from newslint.cli import main  # noqa: E402
from newslint.report.sample import HOSTS, write_sample_corpus  # noqa: E402

from .browser import chromium_path, visit  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        chromium_path() is None,
        reason="no system Chromium at /usr/bin/chromium (.ci/run installs the Debian package 'chromium')",
    ),
]


def test_report_renders_offline_in_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_sample_corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--isolated", "corpus", "-o", "report.html"]) == 0
    report = tmp_path / "report.html"
    screenshot = tmp_path / "report.png"

    seen = visit(report, screenshot)

    assert seen.errors == []
    assert [m for m in seen.console if m[0] in ("error", "warning")] == []
    assert seen.requests == [report.resolve().as_uri()]  # the page itself, nothing else
    assert seen.site_rows == len(HOSTS) + 2
    assert seen.charts == 5 and all(w > 200 and h > 50 for w, h in seen.chart_sizes), seen.chart_sizes
    assert seen.sorted_first in HOSTS  # the sorting script ran: the largest site comes first
    assert screenshot.stat().st_size > 10_000

"""Regenerate ``docs/report.png``, the README's screenshot of ``newslint report``.

Same code paths as the tests: the demo corpus (``newslint.report.sample``),
the ``newslint report`` command, and the headless-Chromium driver of the
browser test (``tests/browser.py``: the system's ``/usr/bin/chromium``).
The top of the page is captured and saved as an optimised 8-bit PNG.

    python docs/make_report_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import visit  # noqa: E402

from newslint.cli import main  # noqa: E402
from newslint.report.sample import write_sample_corpus  # noqa: E402


def make(target: Path) -> None:
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="newslint-shot-") as folder:
        work = Path(folder)
        write_sample_corpus(work / "corpus")
        os.chdir(work)
        if main(["report", "--isolated", "corpus", "-o", "report.html", "--title", "newslint report: demo corpus"]):
            raise SystemExit("newslint report failed")
        shot = work / "shot.png"
        seen = visit(work / "report.html", shot, full_page=False, width=1100, height=1500)
        if seen.errors or seen.requests != [(work / "report.html").resolve().as_uri()]:
            raise SystemExit(f"the page misbehaved: {seen}")
        image = Image.open(shot).convert("RGB")
        image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    print(f"{target}: {target.stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    make(ROOT / "docs" / "report.png")

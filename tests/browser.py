"""Open a report in the system's headless Chromium (never a downloaded browser) and record what happened.

Shared by the report's browser test and ``docs/make_report_screenshot.py``,
so the README screenshot comes from the same code path the test checks.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> Optional[str]:
    """The system Chromium (Debian's package), or None."""
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


@dataclass
class Visit:
    """Console messages, page errors, requests and facts about the rendered page."""

    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    site_rows: int = 0
    charts: int = 0
    chart_sizes: list[tuple[float, float]] = field(default_factory=list)
    sorted_first: str = ""


def visit(report: Path, screenshot: Path, full_page: bool = True, width: int = 1200, height: int = 900) -> Visit:
    """Load ``report`` from disk, check what rendered, sort the site table once, and screenshot it."""
    from playwright.sync_api import sync_playwright

    seen = Visit()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("console", lambda m: seen.console.append((m.type, m.text)))
            page.on("pageerror", lambda e: seen.errors.append(str(e)))
            page.on("request", lambda r: seen.requests.append(r.url))
            page.goto(report.resolve().as_uri(), wait_until="load")
            seen.site_rows = page.locator("#site-table tbody tr").count()
            charts = page.locator("svg.chart")
            seen.charts = charts.count()
            for index in range(seen.charts):
                box = charts.nth(index).bounding_box()
                seen.chart_sizes.append((box["width"], box["height"]) if box else (0.0, 0.0))
            page.screenshot(path=str(screenshot), full_page=full_page)
            # The progressive-enhancement script: a header click sorts the table (largest first).
            page.locator("#site-table thead th button").nth(1).click()
            seen.sorted_first = page.locator("#site-table tbody tr").first.locator("th").inner_text()
        finally:
            browser.close()
    return seen

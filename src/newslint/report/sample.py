"""A small, deterministic demo corpus with defects of every rule family.

Used by the report's tests, by ``docs/make_report_screenshot.py`` (the README
screenshot) and by anyone who wants to see ``newslint report`` at work:
``python -m newslint.report.sample FOLDER``. Several hosts with dated
documents in a JSON Lines file, plus a folder of single-document text files
(no URL: the folder is the site).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HOSTS = ("daily-courier.example", "metro-gazette.example", "valley-times.example", "coastal-post.example")
_PLACES = ("Arlen", "Bramford", "Castow", "Dunmere", "Elsby", "Fenwick", "Garrow", "Holt", "Irvale", "Jessop")
_SUBJECTS = (
    "The council",
    "Local farmers",
    "The school board",
    "Residents",
    "The transport office",
    "A hospital spokesperson",
    "The harbour authority",
    "Volunteers",
    "The mayor's office",
    "Engineers",
)
_VERBS = ("approved", "questioned", "postponed", "welcomed", "reviewed", "funded", "criticised", "announced")
_OBJECTS = (
    "a plan for the river crossing",
    "the new library budget",
    "repairs to the old mill road",
    "a festival in the market square",
    "the closure of two bus routes",
    "a study of flood defences",
    "changes to parking rules",
    "a grant for the youth club",
    "the sale of the depot site",
)
_WHEN = ("on Monday", "on Tuesday", "last week", "after a long debate", "in a late vote", "this spring")

# Defects, one family each (the rules' own test cases show more).
SCRIPT_LINE = "The Courier: news you can trust since 1887 <script>alert(1)</script>."
SHARE = "Share this:\n\nFacebook\n\nTwitter\n\nEmail"
SKIP = "Skip to main content"
ERROR_PAGE = (
    "Home | News | Sport | Business\n\nPage not found\n\nSorry, the page you are looking for does not exist. "
    "It may have been moved or deleted.\n\n© 2024 Example News. All rights reserved."
)
CAPTION = "Harbour workers repair the sea wall near Castow before the winter storms"
ENTITY = "French Defence Minister Laurent Fabius arrived in Moscow on the same day."
# A teaser cut behind a paywall (NL403, a default rule; the mid-sentence rules NL401/NL402 are preview).
CUT = (
    "Officials said the decision would be reviewed when the council meets again.\n\nTo continue reading, subscribe now."
)


def _sentence(rng: random.Random, n: int) -> str:
    return (
        f"{rng.choice(_SUBJECTS)} in {rng.choice(_PLACES)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
        f"{rng.choice(_WHEN)}, with {rng.randint(12, 980)} people attending meeting number {n}."
    )


def _body(rng: random.Random, n: int, paragraphs: int) -> str:
    return "\n\n".join(
        " ".join(_sentence(rng, n * 100 + p * 10 + s) for s in range(rng.randint(2, 4))) for p in range(paragraphs)
    )


def _article(rng: random.Random, host_index: int, n: int) -> str:
    """An article whose defects depend on its number, so every site has its own mix."""
    body = _body(rng, n, 2 + (n * 7 + host_index) % 9)
    kind = (n + host_index) % 7
    if host_index in (0, 1) and n % 2 == 0:  # page chrome that recurs on these sites (NL150)
        body = f"{body}\n\n{SCRIPT_LINE}"
    if kind == 0:
        body = f"{SKIP}\n\n{body}\n\n{SHARE}"
    elif kind == 1 and host_index != 3:
        return ERROR_PAGE
    elif kind == 2:
        body = f"{CAPTION}\n\n{body}\n\n{CAPTION} (Photo: Reuters/Jane Roe)"
    elif kind == 3:
        body = f"{body}\n\n{ENTITY}"
    elif kind == 4:
        body = f"{body}\n\n{CUT}"
    return body


def write_sample_corpus(folder: Path, per_site: int = 14) -> list[Path]:
    """Write the demo corpus under ``folder``; returns the paths to lint."""
    rng = random.Random(20)
    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for n in range(per_site):
        for h, host in enumerate(HOSTS):
            if h == 3 and n >= per_site // 2:
                continue  # a smaller site
            text = _article(rng, h, n)
            record = {"id": f"{host}-{n}", "url": f"https://{host}/news/{n}", "text": text}
            if ENTITY not in text:  # the knowledge base judges a role by the date: this one stays undated
                record["date"] = f"2024-{1 + (n * 5 + h) % 12:02d}-{1 + n % 28:02d}"
            records.append(json.dumps(record))
    records.append(records[5])  # an exact duplicate document (NL351)
    records.insert(9, '{"id": "broken", "text": "unterminated')  # a malformed record (NL903)
    jsonl = folder / "scrape.jsonl"
    jsonl.write_text("\n".join(records) + "\n", encoding="utf-8")
    pages = folder / "archive"
    pages.mkdir(exist_ok=True)
    for n in range(6):  # no URL: the folder is the site
        text = _body(rng, 1000 + n, 3) + ("\n\nAdvertisement" if n % 2 else "")
        (pages / f"page-{n}.txt").write_text(text + "\n", encoding="utf-8")
    return [jsonl, pages]


if __name__ == "__main__":  # python -m newslint.report.sample FOLDER
    for path in write_sample_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "newslint-sample")):
        print(path)

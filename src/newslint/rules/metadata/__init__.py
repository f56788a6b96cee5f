"""NL6xx: the document's metadata disagrees with its text.

A scraper's metadata is often wrong in ways the text can show: a page dated
1999 that reports events of 2003, a copyright year or crawl date taken for the
publication date. Whether a metadata date can be trusted is decided in one
place, :func:`newslint.text.dates.judge_date`, which the time-based entity
verdicts (NL503) use too.

Modules: :mod:`.rules` (the rules).
"""

from __future__ import annotations

from newslint import hookimpl

from .rules import ContradictedDate

RULES = [ContradictedDate]

__all__ = ["RULES", "ContradictedDate", "newslint_rules"]


@hookimpl
def newslint_rules():
    return list(RULES)

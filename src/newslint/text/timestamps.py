"""Dates as whole lines: is a line only a date or a time stamp (a post's or an article's metadata)?

Kept apart from ``newslint.text.dates`` (date parsing of the document-date rules, on main) only to
merge without conflict; it belongs there.
"""

from __future__ import annotations

import re

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_TIMESTAMP = re.compile(
    rf"(?i)^\W*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?"
    rf"(?:{_MONTH} {_DAY},? \d{{4}}|{_DAY} {_MONTH},? \d{{4}}|\d{{4}}-\d\d-\d\d|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
    r"(?:,? (?:at |@ |- )?\d{1,2}[:.]\d\d(?::\d\d)? ?(?:[ap]\.?m\.?)?(?: [A-Z]{2,4})?)?\W*$"
)


def is_timestamp(text: str) -> bool:
    """Whether ``text`` is only a date, optionally with a time ("August 9th, 2012 at 1:26 pm", "2012-08-09 13:26")."""
    return _TIMESTAMP.match(text.strip()) is not None


# "Published: July 23, 2012", "Posted on 5/6/2012", "Last updated: 2012-08-09 13:26".
_DATELINE_LABEL = re.compile(r"^\W*(?i:published|posted|updated|last updated|first published)(?i: on)?\s*:?\s*(?=\S)")


def is_labelled_date(text: str) -> bool:
    """Whether ``text`` is only a date after its label ("Published: July 23, 2012")."""
    text = text.strip()
    label = _DATELINE_LABEL.match(text)
    return label is not None and is_timestamp(text[label.end() :])

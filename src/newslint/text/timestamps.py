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


# "By DAN BILEFSKY", "By The Associated Press", "Written by: Jane Doe and John Roe": a byline names its
# author(s) in two or more capitalised words ("By topic", "By Category" are a menu's sorting links).
_BYLINE = re.compile(
    r"^\W*(?i:by|written by|story by|words by|reporting by)\s*:?\s+(?:(?:[A-Z][\w.'’-]*|and|&),?\s+){1,6}[A-Z][\w.'’-]*\W*$"
)
# "Published: July 23, 2012", "Posted on 5/6/2012", "Last updated: 2012-08-09 13:26".
_DATELINE_LABEL = re.compile(r"^\W*(?i:published|posted|updated|last updated|first published)(?i: on)?\s*:?\s*(?=\S)")


def is_article_metadata(text: str) -> bool:
    """Whether ``text`` is an article's byline or its labelled date ("By Dan Bilefsky", "Published: July 23, 2012")."""
    text = text.strip()
    if _BYLINE.match(text):
        return True
    label = _DATELINE_LABEL.match(text)
    return label is not None and is_timestamp(text[label.end() :])

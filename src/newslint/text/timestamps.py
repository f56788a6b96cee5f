"""Dates as whole lines: is a line only a date or a time stamp (a post's or an article's metadata)?

Kept apart from ``newslint.text.dates`` (date parsing of the document-date rules, on main) only to
merge without conflict; it belongs there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A month's name as patterns spell it (case-insensitive use only), in two strictnesses, shared by every
# rule that recognises dates in lines:
# MONTH_PREFIX: its first three letters and any letters after ("Sept.", "Janvier"): where a day and a year
# around it already say "date".
MONTH_PREFIX = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# MONTH_NAME: an English month's name or abbreviation exactly ("Mayor" and "Marching" are none): where
# the month stands alone or beside one number.
MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_TIMESTAMP = re.compile(
    rf"(?i)^\W*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?"
    rf"(?:{MONTH_PREFIX} {_DAY},? \d{{4}}|{_DAY} {MONTH_PREFIX},? \d{{4}}|\d{{4}}-\d\d-\d\d|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
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


# One part of a date on a line of its own: a day, a month (its name: "Mayor" is none), a year, or a
# time of day with its zone.
_DATE_PART = re.compile(
    r"(?i)^[\t ]*(?:(?P<day>0?[1-9]|[12]\d|3[01])|(?P<month>" + MONTH_NAME + r")|(?:19|20)\d\d"
    r"|(?P<clock>\d{1,2}:\d\d[\t ]*(?:[ap]\.?m\.?)?(?:,?[\t ]*[a-z]{2,4})?))[\t ]*$"
)


def split_date_start(lines: Sequence[str], last: int) -> int | None:
    """Where a date set one part a line ends at ``lines[last]``: the index of the first of three or more
    date parts in a row, with a month among them and a day or a time ("24" / "Jul" / "2012" /
    "12:20am, EDT", as NBC News's blogs print a post's date); ``None`` if there is none (a list of years
    in an archive widget is no date)."""
    parts = []
    position = last
    while position >= 0 and (match := _DATE_PART.match(lines[position])):
        parts.append(match)
        position -= 1
    has_month = any(m["month"] for m in parts)
    has_day_or_time = any(m["day"] or m["clock"] for m in parts)
    return position + 1 if len(parts) >= 3 and has_month and has_day_or_time else None

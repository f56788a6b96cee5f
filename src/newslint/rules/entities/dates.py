"""Dates as day ranges: knowledge-base term limits and a document's own date.

Every date is an inclusive range of proleptic-Gregorian ordinals, because the
sources are often coarse: a term that "started in 2014" started somewhere in
``[2014-01-01, 2014-12-31]``, and a document stamped "2019" was written on one
day of that year. Comparisons are made so that coarseness can only *prevent* a
finding, never cause one.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from newslint import Document

DayRange = tuple[int, int]

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
         ("nov", "november"), ("dec", "december")),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# "November 19, 2015", "19 Nov. 2015", "Thu, 19 Nov 2015 10:00:00 GMT", "2015-11-19", "2015/11/19".
_TEXT_DATE = re.compile(
    r"(?:" + _MONTH + r"\s+(?P<day1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year1>(?:19|20)\d\d)"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.replace("month", "month2") + r",?\s+(?P<year2>(?:19|20)\d\d)"
    r"|(?P<year3>(?:19|20)\d\d)[-/](?P<month3>\d{1,2})[-/](?P<day3>\d{1,2}))\b",
    re.IGNORECASE,
)
# A dateline: a line that *is* a date, or "PARIS, Nov. 19, 2015 (AFP) -", or
# "Published: 19 November 2015". Dates inside prose are not datelines.
_DATELINE = re.compile(
    r"^\W{0,3}(?i:(?:published|updated|posted|last updated|first published)(?:\s+on)?:?\s*)?"
    r"(?:[A-Z][A-Z.'\- ]{1,40},\s*)?(?i:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?",
)
# Null dates some pipelines write instead of "unknown".
_NULL_DATES = frozenset({date(1970, 1, 1).toordinal(), date(1900, 1, 1).toordinal()})
_EARLIEST = date(1900, 1, 2).toordinal()


def _range(year: int, month: int | None, day: int | None) -> DayRange | None:
    try:
        if month is None:
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1).toordinal(), date(year, month, last).toordinal()
        day_ordinal = date(year, month, day).toordinal()
    except ValueError:
        return None
    return day_ordinal, day_ordinal


def parse_iso(value: str) -> DayRange | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (with anything after it) as a day range."""
    match = _ISO.match(value or "")
    if not match:
        return None
    year, month, day = match.groups()
    return _range(int(year), int(month) if month else None, int(day) if day else None)


def _from_match(match: re.Match) -> DayRange | None:
    groups = match.groupdict()
    if groups["year1"]:
        return _range(int(groups["year1"]), _MONTHS[groups["month"].lower()], int(groups["day1"]))
    if groups["year2"]:
        return _range(int(groups["year2"]), _MONTHS[groups["month2"].lower()], int(groups["day2"]))
    return _range(int(groups["year3"]), int(groups["month3"]), int(groups["day3"]))


def parse_date(value: str) -> DayRange | None:
    """A metadata date in ISO or common written form; ``None`` when unknown or a null date."""
    value = (value or "").strip()
    found = parse_iso(value) if _ISO.match(value) else None
    if found is None:
        match = _TEXT_DATE.search(value)
        found = _from_match(match) if match else None
    if found is None or found[0] in _NULL_DATES or found[0] < _EARLIEST:
        return None
    return found


def dateline(text: str, max_lines: int = 6) -> tuple[DayRange, int, int] | None:
    """The date of a dateline among the first non-empty lines, with its offsets."""
    offset = 0
    seen = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            seen += 1
            head = _DATELINE.match(line)
            if head is not None:
                match = _TEXT_DATE.match(line, head.end())
                if match is not None:
                    found = _from_match(match)
                    if found is not None and found[0] >= _EARLIEST:
                        return found, offset + match.start(), offset + match.end()
            if seen >= max_lines:
                break
        offset += len(line) + 1
    return None


def document_date(doc: Document) -> tuple[DayRange, str] | None:
    """The document's date and where it came from (``metadata`` or ``dateline``)."""
    if doc.date:
        found = parse_date(doc.date)
        if found is not None:
            return found, "metadata"
    head = dateline(doc.text[:2000])
    if head is not None:
        return head[0], "dateline"
    return None


def show(day_range: DayRange) -> str:
    """``2015-11-19``, or ``2015-11-01..2015-11-30`` for a coarse range."""
    lo, hi = day_range
    if lo == hi:
        return date.fromordinal(lo).isoformat()
    return f"{date.fromordinal(lo).isoformat()}..{date.fromordinal(hi).isoformat()}"


def years_in(text: str) -> set[int]:
    """The four-digit years (1900-2099) a sentence mentions."""
    return {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text)}

"""Dates in text and metadata, and whether a document's metadata date can be trusted.

Every date is an inclusive range of proleptic-Gregorian ordinals, because the
sources are often coarse: a term that "started in 2014" started somewhere in
``[2014-01-01, 2014-12-31]``, and a document stamped "2019" was written on one
day of that year. Comparisons are made so that coarseness can only *prevent* a
finding, never cause one.

:func:`judge_date` is the one place that decides whether a metadata date is
trustworthy (time-based entity verdicts, NL503) and whether the text
contradicts it (the metadata family, NL601). A metadata date is *not trusted*
when it is a placeholder (1 January, the Unix epoch, a date before news sites
existed) or when the text contradicts it: the text's own publication stamp
("PARIS, Nov. 19, 2015 (AFP) -", "Posted on ...", "(2/6/2004)", "Monday,
September 9, 2002") lies more than a month away, or most of the years the
text writes lie after it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

DayRange = tuple[int, int]

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
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
# Other publication stamps near the top: a numeric date in brackets opening a
# line ("(2/6/2004) Bill Clinton ...", "(01/23/98) -- ..."), and anywhere in a
# line a weekday before a full date ("BY JAMES TARANTO Monday, September 9,
# 2002") or "posted/published on <date>".
_NUMERIC_STAMP = re.compile(r"^\W{0,3}\((?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)?\d\d)\)")
_WEEKDAY = r"(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)"
_STAMP_LEAD = re.compile(
    r"\b(?:(?i:posted|published)(?:\s+(?i:on))?:?\s+|(?i:by)\s+[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,3},?"
    r"(?:\s+(?i:on))?,?\s+)" + _WEEKDAY + "?"
)
# Null dates some pipelines write instead of "unknown".
_NULL_DATES = frozenset({date(1970, 1, 1).toordinal(), date(1900, 1, 1).toordinal()})
_EARLIEST = date(1900, 1, 2).toordinal()
# Before this, a web page's date is not its publication date (news sites did not exist yet).
_WEB_START = date(1994, 1, 1).toordinal()
_YEAR = re.compile(r"(?<![\d/.,-])((?:19|20)\d\d)(?![\d/]|s\b|-\d)")
_COPYRIGHT = re.compile(r"copyright|©|\(c\)|all rights reserved", re.IGNORECASE)
STAMP_SLACK_DAYS = 31  # a stamp this close to the metadata date agrees with it (an "updated" stamp)


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


def _numeric_stamp(line: str) -> tuple[DayRange, int, int] | None:
    match = _NUMERIC_STAMP.match(line)
    if match is None:
        return None
    year = int(match["y"])
    year = year if year >= 100 else (1900 + year if year >= 50 else 2000 + year)
    first, second = int(match["m"]), int(match["d"])
    readings = [r for r in (_range(year, first, second), _range(year, second, first)) if r is not None]
    if not readings:
        return None
    # "(3/4/97)" is 4 March in the US and 3 April in Britain: the stamp covers both readings.
    return (min(r[0] for r in readings), max(r[1] for r in readings)), match.start("m"), match.end("y")


def _date_after(line: str, leads: Iterable[re.Match[str]]) -> tuple[DayRange, int, int] | None:
    for lead in leads:
        match = _TEXT_DATE.match(line, lead.end())
        if match is not None:
            found = _from_match(match)
            if found is not None and found[0] >= _EARLIEST:
                return found, match.start(), match.end()
    return None


def _stamp_in(line: str, level: int) -> tuple[DayRange, int, int] | None:
    """A stamp of ``line``: level 0 datelines only, 1 also publication stamps."""
    head = _DATELINE.match(line)
    found = _date_after(line, [head] if head is not None else [])
    if found is not None or level == 0:
        return found
    return _numeric_stamp(line) or _date_after(line, _STAMP_LEAD.finditer(line))


_CITY = re.compile(r"^\W*[A-Z][A-Z.'\- ]{1,40},\s*")


def _stamp_kind(text: str, start: int) -> str:
    """What the words before a stamp's date make of it.

    ``updated`` and ``original`` ("Last updated:", "Originally published on")
    may lie away from the publication date by nature; ``publication``
    ("Posted on", "By <name> on", "(2/6/2004)", "PARIS, ..."); ``bare`` (a
    line that is only a date, maybe with a weekday: often the page's "today").
    """
    prefix = text[text.rfind("\n", 0, start) + 1 : start]
    lowered = prefix.lower()
    if "updat" in lowered:
        return "updated"
    if "original" in lowered:
        return "original"
    if re.search(r"posted|published|\bby\b|\(\s*$", lowered) or _CITY.match(prefix):
        return "publication"
    return "bare"


def dateline(text: str, max_lines: int = 6, level: int = 0) -> tuple[DayRange, int, int] | None:
    """The date of a dateline among the first non-empty lines, with its offsets.

    ``level=1`` also accepts publication stamps ("Posted on ...", "By X on ...", "(2/6/2004)").
    """
    offset = 0
    seen = 0
    for line in text.split("\n"):
        if line.strip():
            seen += 1
            found = _stamp_in(line[:2000], level)
            if found is not None:
                return found[0], offset + found[1], offset + found[2]
            if seen >= max_lines:
                break
        offset += len(line) + 1
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


@dataclass(frozen=True)
class DateJudgement:
    """What a document's metadata date is worth.

    ``status``: ``trusted``, ``missing`` (none or unreadable), ``placeholder``
    or ``contradicted``. ``evidence`` is the text span that contradicts it
    (``start``, ``end``) and a description; ``stamp`` the text's own
    publication stamp, if any.
    """

    status: str
    metadata: DayRange | None
    stamp: DayRange | None = None
    evidence: str = ""
    start: int = 0
    end: int = 0
    reportable: bool = False  # the contradiction is strong enough to report (NL601), not only to distrust


def _gap(a: DayRange, b: DayRange) -> int:
    """Days between two ranges (0 when they overlap)."""
    return max(0, a[0] - b[1], b[0] - a[1])


def _later_years(text: str, year: int) -> tuple[int, int, set[int], int] | None:
    """(mentions after ``year``, all mentions, distinct later years, offset of the first later one)."""
    later = total = 0
    distinct: set[int] = set()
    first = -1
    offset = 0
    for line in text.split("\n"):
        if not _COPYRIGHT.search(line):
            for match in _YEAR.finditer(line):
                value = int(match.group(1))
                total += 1
                if value > year:
                    later += 1
                    distinct.add(value)
                    if first < 0:
                        first = offset + match.start(1)
        offset += len(line) + 1
    return (later, total, distinct, first) if later else None


def judge_date(text: str, value: str | None) -> DateJudgement:
    """Whether the metadata date ``value`` of a document with ``text`` can be trusted (see the module doc).

    Reported contradictions (``reportable``) need a publication stamp more than
    31 days away (a bare date line only when it is earlier than the metadata
    date or the metadata date is a placeholder; "updated" and "originally
    published" stamps and dates before 1994 never count), or years that *all* lie at least two years after the
    metadata year (three mentions, two different years: model years and
    next-year forecasts are one year ahead). A weaker sign (most of the years
    lie after it) only withdraws trust.
    """
    head = text[:4000]
    stamp = dateline(head, level=1)
    stamp_range = stamp[0] if stamp is not None else None
    meta = parse_date(value) if value else None
    if meta is None:
        return DateJudgement("missing", None, stamp_range)
    lo, hi = meta
    first_day = date.fromordinal(lo)
    placeholder = lo == hi and first_day.month == 1 and first_day.day == 1 or lo < _WEB_START
    if stamp is not None and _gap(meta, stamp[0]) > STAMP_SLACK_DAYS:
        kind = _stamp_kind(head, stamp[1])
        # A date before news sites existed is a date the page quotes (a 1918 letter), not its stamp.
        if kind not in ("updated", "original") and stamp[0][0] >= _WEB_START:
            # A bare date line later than the metadata may be the page's "today": it withdraws trust only.
            strong = kind == "publication" or placeholder or stamp[0][1] < lo
            # Neither date is sure then: no stamp is offered in the metadata's place.
            return DateJudgement(
                "contradicted",
                meta,
                stamp_range if strong else None,
                f"the text's own date {show(stamp[0])}",
                stamp[1],
                stamp[2],
                strong,
            )
    year = date.fromordinal(hi).year
    later = _later_years(text, year)
    if later is not None:
        count, total, distinct, first = later
        if count >= 3 and len(distinct) >= 2 and 2 * count > total:
            shown = ", ".join(str(y) for y in sorted(distinct)[:4])
            strong = count == total and min(distinct) >= year + 2
            return DateJudgement(
                "contradicted",
                meta,
                stamp_range,
                f"{count} of the text's {total} years lie after it ({shown})",
                first,
                first + 4,
                strong,
            )
    if stamp is None and placeholder:
        return DateJudgement("placeholder", meta, stamp_range)
    return DateJudgement("trusted", meta, stamp_range)


def trusted_date(text: str, value: str | None) -> tuple[DayRange, str] | None:
    """The date time-based verdicts may use: a trusted metadata date, else the text's own stamp, else None."""
    judgement = judge_date(text, value)
    if judgement.status == "trusted" and judgement.metadata is not None:
        return judgement.metadata, "metadata"
    if judgement.stamp is not None:
        return judgement.stamp, "dateline"
    return None

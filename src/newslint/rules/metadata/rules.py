"""The NL6xx rules: metadata that the document's own text contradicts."""

from __future__ import annotations

from collections.abc import Iterable

from newslint import Document, Hit, Rule, RuleOptions, Severity
from newslint.text.dates import judge_date, show


class ContradictedDate(Rule[RuleOptions]):
    """The document's metadata date is contradicted by the dates its text gives.

    Preview: 0.81 precision by reading on the real-page test half (26 of 32), below 0.9.

    Why is this bad?
        A page dated 1999-03-18 whose text reports the events of 2003, or a
        column stamped "Monday, September 9, 2002" dated 2000-10-31, carries a
        wrong date: a crawl date, a copyright year or a site default taken for
        the publication date. Every use of the date (time filters, de-duplication
        by date, the entity rules' term checks) is then wrong. The rule speaks
        only when the text gives its own evidence: its publication stamp in the
        first lines (a dateline, "Posted on ...", "By <name> on ...",
        "(2/6/2004)") lies more than 31 days from the metadata date, or every
        year it writes (at least three mentions of two different years;
        copyright lines are not counted) lies two years or more after the
        metadata year. A weekday date alone ("Tuesday, December 26, 2006") is
        often the page's "today" widget, an "Updated" stamp may be later and a
        date before 1994 is one the page quotes (a letter): none is evidence. Placeholders (1 January, the epoch) are not
        reported: they may be right; NL503 just does not rely on them.

    Example:
        ``WASHINGTON, March 3, 2003 -- The inspectors left Baghdad.`` with
        ``date = "1999-03-18"``

    Use instead:
        ``date = "2003-03-03"``, or no date when the true one is unknown.

    Options:
        None.
    """

    code = "NL601"
    name = "contradicted-date"
    default_severity = Severity.WARNING
    preview = True

    def check(self, doc: Document) -> Iterable[Hit]:
        if not doc.date:
            return
        judgement = judge_date(doc.text, doc.date)
        if not judgement.reportable or judgement.metadata is None:
            return
        yield Hit(
            f"the metadata date {show(judgement.metadata)} is contradicted by the text: {judgement.evidence}",
            judgement.start,
            judgement.end,
        )

"""Dates as day ranges for the entity rules: term limits and a document's trusted date.

The parsing and the judgement of whether a metadata date can be trusted live
in :mod:`newslint.text.dates` (shared with the metadata family, NL6xx); this
module only adapts them to a :class:`~newslint.Document`.
"""

from __future__ import annotations

from newslint import Document
from newslint.text.dates import DayRange, dateline, parse_date, parse_iso, show, trusted_date, years_in

__all__ = ["DayRange", "dateline", "document_date", "parse_date", "parse_iso", "show", "years_in"]


def document_date(doc: Document) -> tuple[DayRange, str] | None:
    """The date time verdicts may use and where it came from (``metadata`` or ``dateline``).

    A metadata date that is a placeholder or that the text contradicts is not
    used; the text's own publication stamp is, when it has one.
    """
    return trusted_date(doc.text, doc.date)

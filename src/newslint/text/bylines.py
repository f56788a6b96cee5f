"""Bylines: the lines that sign an article ("By Jane Doe", "Reporting by ...; Editing by ...").

One vocabulary of byline labels for every rule that must tell an article's signature from chrome:
NL150 keeps repeated bylines (they are the article's provenance), NL107 does not take a byline with
its time for a comment's header, NL101 leaves a byline in a run of menu links.
"""

from __future__ import annotations

import re

from newslint.text.timestamps import is_labelled_date

# "By", "Written by", "Story by", "Posted by", "Additional reporting by", "Editing by", "Compiled by".
BYLINE_LABEL = (
    r"(?:(?:post|article|story|column|posted|published) )?"
    r"(?:by|written by|words by|(?:additional )?reporting by|editing by|compiled by)"
)
# A line that opens with a byline's label ("By Jane Doe — July 19, 2012, 6:12 pm").
_OPENS = re.compile(rf"(?i)\W*{BYLINE_LABEL}\b")
# A whole line that names its author(s) in two or more capitalised words after the label ("By DAN
# BILEFSKY", "Written by: Jane Doe and John Roe"); "By topic", "By Category" are a menu's sorting links.
_NAMES = re.compile(rf"^\W*(?i:{BYLINE_LABEL})\s*:?\s+(?:(?:[A-Z][\w.'’-]*|and|&),?\s+){{1,6}}[A-Z][\w.'’-]*\W*$")


def opens_with_byline(text: str) -> bool:
    """Whether ``text`` starts with a byline's label."""
    return _OPENS.match(text) is not None


def is_article_metadata(text: str) -> bool:
    """Whether ``text`` is an article's byline naming people or its labelled date ("Published: July 23, 2012")."""
    return _NAMES.match(text.strip()) is not None or is_labelled_date(text)

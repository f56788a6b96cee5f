"""Context clues of the time verdicts: when a role mention is not a claim about the document's date.

Retrospective and historical use is not a mismatch: a sentence or paragraph
that names another year or narrates the term in the past ("after the fall of
President Hosni Mubarak", "when President George Bush vetoed ..."), a person
the document elsewhere calls "former" or whose "years" or "era" it discusses,
and tag lines and headings, which name people as topics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

from newslint.text.dates import years_in
from newslint.text.sentences import ends_finished_sentence, sentence_text
from newslint.text.words import word_count

from .kb import KnowledgeBase


class Span(Protocol):
    """Anything with a ``start`` and an ``end`` offset (a resolved mention)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


# Words that put a sentence in the past or frame a career: "during his
# presidency", "the Obama administration", "at the time". NL503 stays silent there.
RETROSPECTIVE = re.compile(
    r"\b(?:era|administration|predecessor|successor|served|tenure|presidency|premiership|reign|"
    r"at the time|back in|in office|(?:years|months|decades?) (?:ago|earlier|later|before)|former|formerly|"
    r"previously|during|(?:first|second|earlier|previous) term|had been|had served|"
    # past narrative about the term: "after the fall of President Hosni Mubarak"
    r"(?:fall|ouster|overthrow|toppling|downfall|death|assassination|funeral|resignation|impeachment) of|"
    r"legacy|memoirs?|anniversary|histor(?:y|ic|ical)|centur(?:y|ies)|in the (?:19|20)\d0s)\b",
    re.IGNORECASE,
)
# "when President George Bush vetoed ...": a past clause about the term.
_WHEN_BEFORE = re.compile(r"\bwhen\s+(?:the\s+)?\Z", re.IGNORECASE)
_PAST_AFTER = re.compile(
    r",?\s+(?:[a-z]+ed|was|were|had|took|made|gave|said|told|went|came|won|lost|led|saw|"
    r"signed|vetoed|began|met|ran|left|sent|wrote|spoke|became|held|brought)\b"
)
# Lines that are tags or headings, not statements: "Tags: Queen Elizabeth II, Royal Family".
_TAG_LINE = re.compile(
    r"^\W*(?:tags?|topics?|related|filed under|categories|category|keywords|more on)\b", re.IGNORECASE
)
_HEADING_WORDS = 12


def _line_of(text: str, start: int, end: int) -> str:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return text[lo : hi if hi >= 0 else len(text)]


def not_a_statement(text: str, r: Span) -> bool:
    """Whether the mention stands in a tag line or a heading (a short line that is no finished sentence)."""
    line = _line_of(text, r.start, r.end).strip()
    if _TAG_LINE.match(line) or line.count("|") >= 2:
        return True
    return word_count(line) <= _HEADING_WORDS and not ends_finished_sentence(line)


def _past_clause(text: str, r: Span) -> bool:
    """ "when President George Bush vetoed ...": a clause that narrates the term in the past."""
    before = text[max(0, r.start - 20) : r.start]
    return _WHEN_BEFORE.search(before) is not None and _PAST_AFTER.match(text, r.end) is not None


def retrospective(text: str, r: Span, doc_years: set[int]) -> bool:
    """Whether the mention's sentence or paragraph talks about another time than the document's."""
    sentence = sentence_text(text, r.start, r.end)
    if years_in(sentence) - doc_years or RETROSPECTIVE.search(sentence) or _past_clause(text, r):
        return True
    # The paragraph places the role in its own time: a year other than the document's.
    return bool(years_in(_line_of(text, r.start, r.end)) - doc_years)


def past_people(kb: KnowledgeBase, resolved: Iterable[Any], text: str) -> frozenset[int]:
    """People the document itself treats as past: "former"/"late"/"then-" elsewhere, "the Clinton years"."""
    resolved = list(resolved)
    out = {r.person for r in resolved if r.mention.qualifier == "past"}
    for r in resolved:
        surname = kb.persons[r.person].name.split()[-1]
        if re.search(rf"\b{re.escape(surname)}(?:'s)?\s+(?:years|era)\b", text, re.IGNORECASE):
            out.add(r.person)
    return frozenset(out)

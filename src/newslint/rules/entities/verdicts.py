"""What the knowledge base says about each role mention of a document.

Two readings of the data are used on purpose:

* a **strict** one to make a claim ("Laurent Fabius held *foreign minister*
  for France"): the office code must be what the role title means in that
  country, and a weak title ("Chancellor", "Prince") must occur in the
  recorded title;
* a **loose** one to withdraw a claim: any recorded title that contains or is
  contained in the role title, or names the same office ("Minister for Foreign
  Affairs and Trade" filed as ``other``) counts as holding it.

A finding needs the strict reading to accuse and the loose reading to find
no excuse. Unknown people, ambiguous names and role titles with no office in
the knowledge base never produce a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as _date
from functools import cached_property
from typing import NamedTuple

from newslint import Document
from newslint.text.sentences import sentence_text

from .context import RETROSPECTIVE, not_a_statement, past_people, retrospective
from .dates import DayRange, document_date, show
from .kb import (
    OFFICE_LABELS,
    OPEN_END,
    KnowledgeBase,
    Term,
    plain,
    related,
    title_contains,
)
from .linking import initials_dropped, same_numbers
from .mentions import Mention, find_mentions
from .names import normalize_text


@dataclass(frozen=True)
class Settings:
    """The options the four rules share."""

    fuzzy_cutoff: float = 92.0
    grace_days: int = 31


class Resolved(NamedTuple):
    """A mention whose person the knowledge base knows, unambiguously."""

    mention: Mention
    person: int
    how: str  # "exact", "fuzzy", "surname", possibly ", disambiguated by the role"
    name: str  # the reading that resolved
    start: int  # the span to report
    end: int


@dataclass
class Verdict:
    """One finding: where, and the message with its evidence."""

    start: int
    end: int
    message: str


@dataclass
class Analysis:
    """A document's resolved role mentions and its date, computed once per check."""

    kb: KnowledgeBase
    doc: Document
    settings: Settings
    resolved: list[Resolved] = field(default_factory=list)

    @cached_property
    def date(self) -> tuple[DayRange, str] | None:
        """The document's date (metadata, else dateline), looked for only when a verdict needs it."""
        return document_date(self.doc)


def analyse(kb: KnowledgeBase, doc: Document, settings: Settings) -> Analysis:
    """Find and resolve the role mentions of ``doc``."""
    analysis = Analysis(kb, doc, settings)
    mentions = find_mentions(doc.text, kb)
    if not mentions:
        return analysis
    windows: dict[str, str] = {}

    def document_text(surname: str) -> str:
        # Only the neighbourhoods of the surname can hold the full name: fold those, not the document.
        if surname not in windows:
            text = doc.text
            spans = [(max(0, m.start() - 80), m.end()) for m in re.finditer(re.escape(surname), text, re.IGNORECASE)]
            windows[surname] = " | ".join(normalize_text(text[a:b]) for a, b in spans)
        return windows[surname]

    for mention in mentions:
        resolved = resolve(kb, mention, document_text, settings.fuzzy_cutoff)
        if resolved is not None:
            analysis.resolved.append(resolved)
    return analysis


def resolve(kb: KnowledgeBase, mention: Mention, document_text: Callable[[str], str], cutoff: float) -> Resolved | None:
    """The one person ``mention`` names, or None (unknown or ambiguous)."""
    for name, end in mention.names:
        found = kb.resolve(name, document_text, cutoff)
        if found is None:
            continue
        people, how = found
        people = same_numbers(kb, name, people)
        if not people:
            return None  # "King Charles II" is not Charles III
        if len(people) > 1:
            fitting = [p for p in people if strict_terms(kb, p, mention.alias, mention.countries)]
            if len(fitting) != 1:
                return None  # two known people share the name and the role does not tell them apart
            people, how = tuple(fitting), f"{how}, disambiguated by the role"
        if how != "surname" and initials_dropped(kb, name, people[0]):
            how = f"{how}, without the initials"  # "George Bush" may be George H. W. Bush: no time verdict
        span_end = end if mention.name_start > mention.start else mention.end
        return Resolved(mention, people[0], how, name, mention.start, span_end)
    return None


# -- support ----------------------------------------------------------------
def strict_terms(kb: KnowledgeBase, person: int, alias: str, countries: frozenset[str]) -> list[Term]:
    """Terms in which ``person`` held what ``alias`` means (in ``countries``, or anywhere)."""
    scope = related(countries) if countries else None
    return [
        t
        for t in kb.by_person[person]
        if (scope is None or t.country in scope)
        and t.office in kb.offices_for(alias, (t.country,))
        and kb.strict_title(t, alias)
    ]


def loose_terms(kb: KnowledgeBase, person: int, alias: str, countries: frozenset[str]) -> list[Term]:
    """Terms that could excuse calling ``person`` ``alias`` (see the module docstring)."""
    scope = related(countries) if countries else None
    out = []
    for t in kb.by_person[person]:
        if scope is not None and t.country not in scope:
            continue
        meant = kb.offices_for(alias, (t.country,))
        if t.office in meant or kb.title_offices(t.title) & meant or title_contains(plain(t.title), alias):
            out.append(t)
    return out


# A gap in the list of an office's holders longer than this may hide a missing row.
_HOLE_DAYS = 90


def _known_throughout(kb: KnowledgeBase, holders: list[Term], mine: list[Term], slack: int) -> bool:
    """Whether ``holders`` leave no long hole in the time the person was active in the country.

    Only the part of that time the base covers at all (from its first known
    holder of the office to when the data was taken) is checked.
    """
    until = kb.data_until
    lo = max(min(t.lo for t in holders), min(t.lo for t in mine))
    hi = min(max(min(t.hi, until) for t in holders), max(min(t.hi, until) for t in mine))
    if lo > hi:
        return False  # the base knows no holder of the office while the person was active there
    cursor = lo
    for term in sorted(holders, key=lambda t: t.lo):
        if term.lo - slack > cursor:
            return False
        cursor = max(cursor, term.hi)
        if cursor >= hi:
            return True
    return cursor + slack >= hi


def _overlaps(a: Term, lo: int, hi: int, grace: int) -> bool:
    """Whether ``a`` reaches into ``[lo - grace, hi + grace]``."""
    return not (a.hi + grace < lo or a.lo - grace > hi)


def _concurrent(a: Term, b: Term, grace: int) -> bool:
    """Whether two terms were held together for more than ``grace`` days (not just handed over)."""
    return min(a.hi, b.hi) - max(a.lo, b.lo) > grace


# -- evidence ---------------------------------------------------------------
def _day(ordinal: int) -> str:
    return _date.fromordinal(ordinal).isoformat() if 0 < ordinal < OPEN_END else "?"


def describe(kb: KnowledgeBase, term: Term) -> str:
    """ "Minister of Foreign Affairs of France, 2012-05-16 to 2016-12-06 (source ...)"."""
    until = kb.meta.get("data_until") or _day(kb.data_until)[:7]
    end = term.end or f"still in office when the data was taken ({until})"
    return (
        f"{term.title or OFFICE_LABELS[term.office]} of {kb.country_name.get(term.country, term.country)}, "
        f"{term.start or '?'} to {end} (source {term.source or 'not given'})"
    )


def _describe_many(kb: KnowledgeBase, terms: list[Term], limit: int = 3) -> str:
    # Offices of the table first (they are what the text confused), most recent first.
    shown = sorted(terms, key=lambda t: (t.office == "other", -t.lo))[:limit]
    more = f" and {len(terms) - limit} more" if len(terms) > limit else ""
    return "; ".join(describe(kb, t) for t in shown) + more


def _who(kb: KnowledgeBase, r: Resolved) -> str:
    person = kb.persons[r.person]
    spelled = "" if r.how == "exact" else f', matched from "{r.name}" ({r.how})'
    return f"{person.name} ({person.qid or 'no QID'}{spelled})"


def _quote(text: str, r: Resolved) -> str:
    return " ".join(text[r.start : r.end].split())


# -- the four verdicts ------------------------------------------------------
def wrong_country(kb: KnowledgeBase, r: Resolved, text: str) -> Verdict | None:
    """NL501: no office at all for the stated country, but this role for another."""
    m = r.mention
    if not m.countries:
        return None
    scope = related(m.countries)
    if not scope & kb.countries_with_terms:
        return None  # the knowledge base knows nobody in that country
    terms = kb.by_person[r.person]
    if any(t.country in scope for t in terms):
        return None
    held = [t for t in terms if t.office in kb.offices_for(m.alias, (t.country,)) and kb.strict_title(t, m.alias)]
    if not held:
        return None
    return Verdict(
        r.start,
        r.end,
        (
            f'"{_quote(text, r)}": the text calls {_who(kb, r)} {m.place}, but the knowledge base has no '
            f"office of {kb.describe_countries(m.countries)} for this person; it has {_describe_many(kb, held)}"
        ),
    )


def wrong_role(
    kb: KnowledgeBase, r: Resolved, text: str, day: tuple[DayRange, str] | None, grace: int
) -> Verdict | None:
    """NL502: known for the stated country, never in this role there."""
    m = r.mention
    if not m.countries or m.qualifier:
        # Acting, future and past roles are not judged: a role played, a role to come, and a past
        # career the base rarely knows whole ("former French prime minister Michel Rocard").
        return None
    scope = related(m.countries)
    mine = [t for t in kb.by_person[r.person] if t.country in scope]
    if not mine or loose_terms(kb, r.person, m.alias, m.countries):
        return None
    offices = kb.offices_for(m.alias, m.countries)
    others = [
        t
        for c in m.countries
        for o in offices
        for t in kb.by_office.get((c, o), ())
        if t.person != r.person and kb.strict_title(t, m.alias)
    ]
    if not others:
        return None  # the knowledge base cannot speak to this role in this country
    holders_note = ""
    if day is None and not _known_throughout(kb, others, mine, max(grace, _HOLE_DAYS)):
        return None  # a hole in the list of holders while the person was active: maybe theirs
    if day is not None:
        (lo, hi), source = day
        if lo > kb.data_until + grace:
            return None  # after the data was taken: a new appointment is possible
        holders = [t for c in m.countries for t in kb.holders_on(c, offices, (lo, hi), m.alias) if t.person != r.person]
        if not holders:
            return None
        holders_note = (
            f"; on {show((lo, hi))} ({source} date) it has "
            f"{'; '.join(f'{kb.persons[t.person].name}: {describe(kb, t)}' for t in holders[:2])}"
        )
    role = " or ".join(sorted(OFFICE_LABELS[o] for o in offices))
    return Verdict(
        r.start,
        r.end,
        (
            f'"{_quote(text, r)}": the knowledge base has {_who(kb, r)} in '
            f"{kb.describe_countries(m.countries)} only as {_describe_many(kb, mine)}, never as {role}{holders_note}"
        ),
    )


def out_of_term(
    kb: KnowledgeBase,
    r: Resolved,
    text: str,
    day: tuple[DayRange, str] | None,
    grace: int,
    past: frozenset[int] = frozenset(),
) -> Verdict | None:
    """NL503: the role is right, but the document's date is outside every term."""
    m = r.mention
    if day is None or m.qualifier or "without the initials" in r.how or r.person in past:
        return None
    (lo, hi), source = day
    held = strict_terms(kb, r.person, m.alias, m.countries)
    if not held:
        return None
    if any(_overlaps(t, lo, hi, grace) for t in loose_terms(kb, r.person, m.alias, m.countries)):
        return None
    doc_years = set(range(_date.fromordinal(lo).year, _date.fromordinal(hi).year + 1))
    if retrospective(text, r, doc_years) or not_a_statement(text, r):
        return None  # another time, or a tag or heading
    holders = [
        t for h in held for t in kb.holders_on(h.country, (h.office,), (lo, hi), m.alias) if t.person != r.person
    ]
    if not holders:
        return None  # the base does not know who held the office then
    return Verdict(
        r.start,
        r.end,
        (
            f'"{_quote(text, r)}": the document is dated {show((lo, hi))} ({source}), outside every term of '
            f"{_who(kb, r)}: {_describe_many(kb, held)}; on that date the knowledge base has "
            f"{'; '.join(f'{kb.persons[t.person].name}: {describe(kb, t)}' for t in holders[:2])}"
        ),
    )


def conflicts(analysis: Analysis) -> list[Verdict]:
    """NL504: the same person given two countries or two roles that were never held at once."""
    kb, grace, text = analysis.kb, analysis.settings.grace_days, analysis.doc.text
    day = analysis.date
    past = past_people(kb, analysis.resolved, text)
    clean = [
        r
        for r in analysis.resolved
        if not r.mention.qualifier
        and not RETROSPECTIVE.search(sentence_text(text, r.start, r.end))
        and not not_a_statement(text, r)
        and wrong_country(kb, r, text) is None
        and wrong_role(kb, r, text, day, grace) is None
        and out_of_term(kb, r, text, day, grace, past) is None
    ]
    verdicts = []
    for i, later in enumerate(clean):
        for earlier in clean[:i]:
            if earlier.person != later.person:
                continue
            reason = _conflict(kb, earlier, later, grace)
            if reason is None:
                continue
            line = analysis.doc.position(earlier.start)[0]
            terms = kb.by_person[later.person]
            listed = [t for t in terms if t.office != "other"] or terms
            verdicts.append(
                Verdict(
                    later.start,
                    later.end,
                    (
                        f'"{_quote(text, later)}" contradicts "{_quote(text, earlier)}" (line {line}): {reason} '
                        f"for {_who(kb, later)}, and the knowledge base has no time when both were true; it has "
                        f"{_describe_many(kb, listed)}"
                    ),
                )
            )
            break
    return verdicts


def _offices(kb: KnowledgeBase, m: Mention) -> frozenset[str]:
    return kb.offices_for(m.alias, m.countries) if m.countries else kb.any_offices(m.alias)


def _conflict(kb: KnowledgeBase, a: Resolved, b: Resolved, grace: int) -> str | None:
    ma, mb = a.mention, b.mention
    if ma.countries and mb.countries and not related(ma.countries) & related(mb.countries):
        reason = f"two countries ({kb.describe_countries(ma.countries)}, {kb.describe_countries(mb.countries)})"
    else:
        oa, ob = _offices(kb, ma), _offices(kb, mb)
        if not oa or not ob or oa & ob:
            return None
        roles = ", ".join(" or ".join(sorted(OFFICE_LABELS[o] for o in os_)) for os_ in (oa, ob))
        reason = f"two roles ({roles})"
    for ta in loose_terms(kb, a.person, ma.alias, ma.countries):
        for tb in loose_terms(kb, b.person, mb.alias, mb.countries):
            if _concurrent(ta, tb, grace):
                return None  # held both at once (Hollande: President of France and Co-Prince of Andorra)
    return reason

"""Linking a written name to a person with everything the name carries.

``normalize`` folds "Charles II" and "Charles III" to one key and a name
index also files "George W. Bush" under "george bush"; these checks undo what
the folding lost: regnal numbers must agree, and a match that needed the
person's middle initials dropped is marked so that no time verdict rests on it
(the base may lack the other George Bush).
"""

from __future__ import annotations

from .kb import KnowledgeBase
from .names import middle_initials, regnal_numbers


def _names_of(kb: KnowledgeBase, person: int) -> tuple[str, ...]:
    return (kb.persons[person].name, *kb.persons[person].aliases)


def same_numbers(kb: KnowledgeBase, written: str, people: tuple[int, ...]) -> tuple[int, ...]:
    """The candidates whose name carries the regnal numbers written ("Charles II" is not "Charles III")."""
    numbers = regnal_numbers(written)
    if not numbers:
        return people
    return tuple(p for p in people if any(regnal_numbers(n) == numbers for n in _names_of(kb, p)))


def initials_dropped(kb: KnowledgeBase, written: str, person: int) -> bool:
    """Whether the name matched only because the person's middle initials were left out of it.

    "George Bush" resolves to George W. Bush, but may mean his father; the
    match is kept for the place and role verdicts, not for the time verdict.
    """
    if middle_initials(written):
        return False
    names = [n for n in _names_of(kb, person) if len(n.split()) > 1]
    return bool(names) and all(middle_initials(n) for n in names)

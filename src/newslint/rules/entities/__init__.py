"""NL5xx: mismatched entity roles ("Russian Foreign Affairs Minister Laurent Fabius").

The four rules share one knowledge base (bundled in :mod:`.data`, extended or
replaced by files of the data kind :data:`DATA_KIND` and by plugins) and one
analysis: find role mentions, resolve the person, compare with the recorded
terms. Precision comes first: unknown people, ambiguous names and role titles
the knowledge base has no office for never produce a finding. Mentions never
cross a line; names are linked with their regnal numbers and initials; time
verdicts use only a trusted date (:func:`newslint.text.dates.trusted_date`).

Modules: :mod:`.rules` (the four rules), :mod:`.names` (name normalisation),
:mod:`.dates` (the document's trusted date), :mod:`.context` (retrospective use, tags and headings), :mod:`.linking` (regnal numbers and initials), :mod:`.kb` (the in-memory knowledge base),
:mod:`.store` (tables and the bundled artefact), :mod:`.kbindex` (the bundled base as an
SQLite index in the user cache, read a row at a time), :mod:`.mentions` (finding
role mentions in text), :mod:`.verdicts` (what the knowledge base says about
a mention), :mod:`.wikidata` (building a base from a Wikidata dump),
:mod:`.commands` (the ``newslint kb`` subcommand) and :mod:`.data` (the
bundled knowledge base, its README and licence).
"""

from __future__ import annotations

from newslint import hookimpl

from .rules import (
    InconsistentRoles,
    OutOfTermRole,
    WrongCountryRole,
    WrongRoleForCountry,
)
from .store import DATA_KIND

RULES = [WrongCountryRole, WrongRoleForCountry, OutOfTermRole, InconsistentRoles]

__all__ = [
    "DATA_KIND",
    "RULES",
    "InconsistentRoles",
    "OutOfTermRole",
    "WrongCountryRole",
    "WrongRoleForCountry",
    "newslint_commands",
    "newslint_rules",
]


@hookimpl
def newslint_rules():
    return list(RULES)


def kb_command(argv: list[str]) -> int:
    """``newslint kb ...``: build and inspect knowledge bases (imported only when used)."""
    from .commands import main

    return main(argv)


@hookimpl
def newslint_commands() -> dict[str, object]:
    return {"kb": kb_command}

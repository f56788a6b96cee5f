"""Office holders from a Wikidata JSON dump, streamed (``newslint kb build --from-wikidata``).

The dump (``latest-all.json.gz`` / ``.bz2``) is one JSON array with one entity
per line. It is read twice, line by line, so memory holds only what the
second pass needs, never the dump:

1. **positions and countries**: every item with an ISO 3166-1 alpha-3 code
   (P298) is a country; every item that is a position (its P31/P279 names one
   of :data:`POSITION_TYPES`) and says where it applies (P1001 jurisdiction or
   P17 country) is kept with its English label;
2. **people**: every item with P39 "position held" statements becomes one row
   per statement whose position was kept in pass 1, with the P580/P582
   qualifiers as start and end.

Choices and limits (honest ones):

* **Country** of a row: the position's P1001 jurisdiction when it is a country,
  else the position's P17 country, else the person's P27 citizenship when the
  person has exactly one. Positions of sub-national jurisdictions (a state's
  treasurer) therefore fall back to P17 and are filed under their country, as
  in the bundled data.
* **Office**: from the position's *direct* P31/P279 values through
  :data:`OFFICE_CLASSES` (class items checked against published Wikidata
  usage), else from its English label when the label is a known role title,
  optionally with a place before it or "of <place>" after it ("Minister of
  Foreign Affairs of France", "United States Secretary of State"); anything
  else is ``other``. Deeper subclass chains are not followed (the dump is not
  a graph store): a position reachable only through two P279 steps and with
  an unusual label is filed as ``other``, which makes the rules silent about
  it, never wrong.
* Deprecated statements are skipped; dates keep their precision (day, month
  or year); dates before year 1 are skipped.
"""

from __future__ import annotations

import bz2
import gzip
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .kb import KnowledgeBase, plain
from .store import Row

# Items whose instances or subclasses are positions.
POSITION_TYPES = frozenset(
    {
        "Q4164871",  # position
        "Q294414",  # public office
        "Q83307",  # minister
        "Q48352",  # head of state
        "Q2285706",  # head of government
        "Q14212",  # prime minister
        "Q7330070",  # foreign minister
        "Q2518691",  # defence minister
        "Q707492",  # military chief of staff
        "Q15966511",  # deputy minister
        "Q26204040",  # deputy minister
        "Q20086425",  # shadow minister
        "Q30461",  # president
    }
)
# Direct P31/P279 values that decide the office; lesser posts map to "other".
OFFICE_CLASSES = {
    "Q48352": "head_of_state",
    "Q2285706": "head_of_government",
    "Q14212": "head_of_government",
    "Q7330070": "foreign_minister",
    "Q2518691": "defence_minister",
    "Q707492": "chief_of_staff",
    "Q15966511": "other",
    "Q26204040": "other",
    "Q20086425": "other",
}
_PRECISION = {11: 10, 10: 7, 9: 4}  # Wikidata time precision -> length of the ISO prefix kept


@dataclass(frozen=True)
class Position:
    label: str
    jurisdictions: tuple[str, ...]
    countries: tuple[str, ...]
    office: str | None  # from OFFICE_CLASSES, else decided by the label


def open_dump(path: Path) -> TextIO:
    """A text stream over a ``.json``, ``.json.gz`` or ``.json.bz2`` dump."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if path.name.endswith(".bz2"):
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def entities(path: Path, needle: Callable[[str], bool]) -> Iterator[dict]:
    """The entities of the dump whose raw line passes ``needle`` (a cheap substring test)."""
    with open_dump(path) as stream:
        for line in stream:
            line = line.strip()
            if not line or line in ("[", "]") or not needle(line):
                continue
            yield json.loads(line.rstrip(","))


def _values(entity: dict, prop: str) -> list[dict]:
    return [
        claim
        for claim in entity.get("claims", {}).get(prop, ())
        if claim.get("rank") != "deprecated" and claim.get("mainsnak", {}).get("snaktype") == "value"
    ]


def _item_ids(entity: dict, prop: str) -> list[str]:
    return [c["mainsnak"]["datavalue"]["value"]["id"] for c in _values(entity, prop)]


def _label(entity: dict) -> str:
    labels = entity.get("labels", {})
    for language in ("en", "mul"):
        if language in labels:
            return labels[language]["value"]
    return ""


def _aliases(entity: dict) -> tuple[str, ...]:
    return tuple(a["value"] for language in ("en", "mul") for a in entity.get("aliases", {}).get(language, ()))


def _time(qualifiers: dict, prop: str) -> str:
    for snak in qualifiers.get(prop, ()):
        if snak.get("snaktype") != "value":
            continue
        value = snak["datavalue"]["value"]
        stamp = value["time"]
        if stamp.startswith("-"):
            return ""
        iso = stamp.lstrip("+")[:10]
        keep = _PRECISION.get(value.get("precision", 11), 4)
        return iso[:keep]
    return ""


def collect_positions(path: Path) -> tuple[dict[str, str], dict[str, Position]]:
    """Pass 1: country QID -> ISO alpha-3, and position QID -> :class:`Position`."""
    countries: dict[str, str] = {}
    positions: dict[str, Position] = {}
    # Only lines naming a country code or a position class are parsed: most of the dump is skipped
    # by one regex search per line.
    wanted = re.compile('"P298"|' + "|".join(f'"{q}"' for q in sorted(POSITION_TYPES)))
    for entity in entities(path, lambda line: wanted.search(line) is not None):
        codes = [c["mainsnak"]["datavalue"]["value"] for c in _values(entity, "P298")]
        if codes:
            countries[entity["id"]] = str(codes[0]).upper()
        kinds = _item_ids(entity, "P31") + _item_ids(entity, "P279")
        if not POSITION_TYPES.intersection(kinds):
            continue
        where = tuple(_item_ids(entity, "P1001"))
        country = tuple(_item_ids(entity, "P17"))
        office = next((OFFICE_CLASSES[k] for k in kinds if k in OFFICE_CLASSES), None)
        positions[entity["id"]] = Position(_label(entity), where, country, office)
    return countries, positions


def office_from_label(label: str, country: str, kb: KnowledgeBase, places: frozenset[str]) -> str:
    """The office a position label names: "[<place>] <role title> [of <place>]", else ``other``.

    ``places`` are the knowledge base's place names, plain.
    """
    words = plain(label)
    candidates = [words]
    if " of " in words:
        head, tail = words.rsplit(" of ", 1)
        if tail.removeprefix("the ") in places:
            candidates.append(head)
    for candidate in list(candidates):
        parts = candidate.split()
        for k in range(1, min(4, len(parts))):
            if " ".join(parts[:k]) in places:
                candidates.append(" ".join(parts[k:]))
    for candidate in candidates:
        offices = kb.offices_for(candidate, (country,))
        if len(offices) == 1:
            return next(iter(offices))
    return "other"


def officeholder_rows(path: Path, kb: KnowledgeBase) -> Iterator[Row]:
    """Stream the office-holding rows of a dump (both passes); ``kb`` supplies the role titles."""
    countries, positions = collect_positions(path)
    places = frozenset(plain(surface) for surface in kb.places)
    for entity in entities(path, lambda line: '"P39"' in line):
        name = _label(entity)
        if not name:
            continue
        citizenship = [countries[q] for q in _item_ids(entity, "P27") if q in countries]
        for claim in _values(entity, "P39"):
            position = positions.get(claim["mainsnak"]["datavalue"]["value"]["id"])
            if position is None:
                continue
            country = next(
                (countries[q] for q in (*position.jurisdictions, *position.countries) if q in countries),
                citizenship[0] if len(set(citizenship)) == 1 else "",
            )
            if not country:
                continue
            office = position.office or office_from_label(position.label, country, kb, places)
            qualifiers = claim.get("qualifiers", {})
            yield Row(
                name,
                _aliases(entity),
                country,
                office,
                position.label,
                _time(qualifiers, "P580"),
                _time(qualifiers, "P582"),
                f"wikidata:{entity['id']}",
            )

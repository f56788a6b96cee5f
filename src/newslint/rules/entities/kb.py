"""The knowledge base in memory: who held which office, where and when.

Built once per process from :class:`~newslint.rules.entities.store.Tables` (the
bundled data, plus or instead of the user's files) and then only read. It
answers four questions for the rules:

* which people a written name can stand for (:meth:`KnowledgeBase.resolve`);
* which countries a demonym or country name means (:attr:`places`);
* which offices a role title means in a country (:meth:`offices_for`);
* who held an office in a country on a day (:meth:`holders_on`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache
from typing import NamedTuple

import re2

from .dates import DayRange, parse_iso
from .names import KEY_PARTICLES, name_keys, normalize

OFFICES = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "finance_minister",
    "interior_minister",
    "chief_of_staff",
    "other",
)
OFFICE_LABELS = {
    "head_of_state": "head of state",
    "head_of_government": "head of government",
    "foreign_minister": "foreign minister",
    "defence_minister": "defence minister",
    "finance_minister": "finance minister",
    "interior_minister": "interior minister",
    "chief_of_staff": "chief of the general staff",
    "other": "another office",
}
OPEN_END = 10**7  # an ordinal after every real date: "still in office when the data was taken"

# Titles whose meaning depends on the country or that also name lesser posts
# ("Prince" of Monaco vs. a crown prince, a state "Treasurer", a UK
# "Secretary of State for Wales"): they support a claim only when the office's
# own recorded title contains them.
WEAK_ALIASES = frozenset(
    {
        "prince",
        "chancellor",
        "premier",
        "treasurer",
        "secretary of state",
        "chief executive",
        "chief minister",
        "top diplomat",
        "military chief",
        "army chief",
        "head of state",
        "head of government",
        "emperor",
        "captain regent",
        "commander of the armed forces",
        "chief of defence",
        "monarch",
        "sultan",
        "emir",
    }
)

# Territories and the state that answers for them. "British" said of the Isle
# of Man's Chief Minister is loose, not wrong; a mention naming either side
# counts as naming both.
SOVEREIGN_OF = {
    **dict.fromkeys(
        ("AIA", "BMU", "CYM", "FLK", "GGY", "GIB", "IMN", "IOT", "JEY", "MSR", "PCN", "SGS", "SHN", "TCA", "VGB"), "GBR"
    ),
    **dict.fromkeys(("ASM", "GUM", "MNP", "PRI", "UMI", "VIR"), "USA"),
    **dict.fromkeys(("ATF", "BLM", "GLP", "GUF", "MAF", "MTQ", "MYT", "NCL", "PYF", "REU", "SPM", "WLF"), "FRA"),
    **dict.fromkeys(("ABW", "BES", "CUW", "SXM"), "NLD"),
    **dict.fromkeys(("FRO", "GRL"), "DNK"),
    **dict.fromkeys(("HKG", "MAC"), "CHN"),
    **dict.fromkeys(("COK", "NIU", "TKL"), "NZL"),
    **dict.fromkeys(("CCK", "CXR", "HMD", "NFK"), "AUS"),
    **dict.fromkeys(("ALA",), "FIN"),
    **dict.fromkeys(("SJM", "BVT"), "NOR"),
}
_TERRITORIES: dict[str, set[str]] = defaultdict(set)
for _territory, _state in SOVEREIGN_OF.items():
    _TERRITORIES[_state].add(_territory)


def related(countries: Iterable[str]) -> frozenset[str]:
    """The countries plus their territories and sovereigns."""
    out = set(countries)
    for code in list(out):
        if code in SOVEREIGN_OF:
            out.add(SOVEREIGN_OF[code])
        out |= _TERRITORIES.get(code, set())
    return frozenset(out)


def plain(text: str) -> str:
    """Lower case, words separated by one space: how titles and aliases are compared."""
    return " ".join(re.findall(r"\w+", text.lower()))


# Words that make a title a lesser post ("Vice President", "Deputy Prime Minister").
LESSER = frozenset({"deputy", "vice", "assistant", "under", "junior", "associate", "shadow", "co", "sub", "adjunct"})


def title_contains(title: str, alias: str) -> bool:
    """Whether one plain phrase contains the other, word-bounded, and not as a lesser post.

    "vice president" does not contain "president" in this sense.
    """
    t, a = f" {title} ", f" {alias} "
    if t in a:
        return True
    start = t.find(a)
    while start >= 0:
        before = t[:start].split()
        if not before or before[-1] not in LESSER:
            return True
        start = t.find(a, start + 1)
    return False


class Term(NamedTuple):
    """One office-holding row."""

    person: int
    country: str
    office: str
    title: str
    start: str
    end: str
    lo: int  # first possible day of the term
    hi: int  # last possible day (OPEN_END when still in office)
    source: str


class Person(NamedTuple):
    """One person (one Wikidata QID, or one name when the rows have none)."""

    qid: str
    name: str
    aliases: tuple[str, ...]


NameIndex = dict[str, list[int]]


class Resolution(NamedTuple):
    """The people a written name may be, and how they were found."""

    people: tuple[int, ...]
    how: str  # "exact", "fuzzy", "surname" (with the full name elsewhere in the document)


class KnowledgeBase:
    """Indexes over people, terms, places and role titles (read-only after construction)."""

    def __init__(
        self,
        persons: Sequence[Person],
        terms: Sequence[Term],
        countries: Sequence[tuple[str, str, Sequence[str], Sequence[str]]],
        role_aliases: Sequence[tuple[str, str, str]],
        meta: dict,
        indexes: tuple[NameIndex, NameIndex] | None = None,
    ) -> None:
        """``indexes`` (full-name and surname key -> people) are rebuilt when not given."""
        self.persons = tuple(persons)
        self.terms = tuple(terms)
        self.meta = dict(meta)
        self.by_person: list[list[Term]] = [[] for _ in self.persons]
        self.by_office: dict[tuple[str, str], list[Term]] = defaultdict(list)
        for term in self.terms:
            self.by_person[term.person].append(term)
            self.by_office[(term.country, term.office)].append(term)
        self.countries_with_terms = frozenset(term.country for term in self.terms)
        self.data_until = data_until(self.meta.get("data_until"), self.terms)
        self.full_index, self.surname_index = indexes if indexes is not None else build_name_indexes(self.persons)
        self._index_places(countries)
        self._index_roles(role_aliases)
        self._index_alias_places()

    # -- names ------------------------------------------------------------
    def resolve(self, name: str, document_text: Callable[[str], str], cutoff: float) -> Resolution | None:
        """The people ``name`` may refer to, or ``None`` when the knowledge base has nobody.

        ``document_text(surname)`` returns the parts of the document around
        that word, normalised with :func:`~newslint.rules.entities.names.normalize_text`;
        it is only called for a bare surname, which resolves when exactly one
        candidate's full name occurs elsewhere in the document.
        """
        key = normalize(name)
        if not key:
            return None
        tokens = key.split()
        if len(tokens) >= 3 or (len(tokens) == 2 and tokens[0] not in KEY_PARTICLES):  # "de Villiers": a surname
            exact = self.full_index.get(key)
            if exact:
                return Resolution(tuple(exact), "exact")
            return self._fuzzy(key, tokens, cutoff)
        candidates = self.surname_index.get(key) or self.surname_index.get(tokens[-1])
        if not candidates:
            return None
        text = document_text(name)
        present = tuple(
            pid for pid in dict.fromkeys(candidates) if any(f" {full} " in text for full in self.full_keys(pid))
        )
        return Resolution(present, "surname") if present else None

    @cached_property
    def _blocks(self) -> dict[str, list[str]]:
        """First word -> keys and last word -> keys (built on the first fuzzy look-up)."""
        return _blocks(self.full_index)

    def _fuzzy(self, key: str, tokens: list[str], cutoff: float) -> Resolution | None:
        """A strict spelling-variant match: same word count and initials, one person above ``cutoff``."""
        from rapidfuzz import fuzz  # here: most runs resolve no name fuzzily, and the import costs ~6-10 ms

        initials = [t[0] for t in tokens]
        scored: dict[int, float] = {}
        for candidate in set(self._blocks.get(tokens[0], ())) | set(self._blocks.get(tokens[-1], ())):
            parts = candidate.split()
            if len(parts) != len(tokens) or [p[0] for p in parts] != initials:
                continue
            score = fuzz.ratio(key, candidate, score_cutoff=cutoff)
            if score:
                for pid in self.full_index[candidate]:
                    scored[pid] = max(score, scored.get(pid, 0.0))
        if not scored:
            return None
        return Resolution(tuple(sorted(scored, key=lambda pid: -scored[pid])), "fuzzy")

    def full_keys(self, pid: int) -> frozenset[str]:
        person = self.persons[pid]
        return person_keys(person.name, person.aliases)[0]

    # -- places -----------------------------------------------------------
    def _index_places(self, countries: Sequence[tuple[str, str, Sequence[str], Sequence[str]]]) -> None:
        """``places``: surface form -> country codes (demonyms, names, "the"-less names)."""
        places: dict[str, set[str]] = defaultdict(set)
        names_only: dict[str, set[str]] = defaultdict(set)
        self.country_name: dict[str, str] = {}
        demonym_forms: set[str] = set()
        for code, name, demonyms, names in countries:
            self.country_name[code] = name
            demonym_forms.update(demonyms)
            for surface in (name, *demonyms, *names):
                surface = surface.strip()
                surface = surface.removeprefix("the ")
                # Two-letter ISO codes ("IN", "NO", "AS") are words too; keep the news forms only.
                if (len(surface) < 3 and surface not in ("US", "UK")) or "," in surface:
                    continue
                places[surface].add(code)
                if surface not in demonyms or surface in names or surface == name:
                    names_only[surface].add(code)
        self.places = {surface: frozenset(codes) for surface, codes in places.items()}
        # Last word of a place -> most words a place ending in it has: the
        # mention finder only tries the lengths that can match.
        self.place_ends: dict[str, int] = {}
        for surface in self.places:
            words = surface.split()
            self.place_ends[words[-1]] = max(self.place_ends.get(words[-1], 0), len(words))
        # Country names proper, for "of France" and "France's" (not "of the American Farm Bureau").
        self.country_names = {surface: frozenset(codes) for surface, codes in names_only.items()}
        self.demonyms = frozenset(demonym_forms)
        self.max_place_words = max((len(s.split()) for s in self.places), default=1)

    def describe_countries(self, codes: Iterable[str]) -> str:
        """Country names for a message; a territory is left out when its state is named."""
        codes = set(codes)
        shown = {c for c in codes if SOVEREIGN_OF.get(c) not in codes} or codes
        return " or ".join(sorted(self.country_name.get(c, c) for c in shown))

    # -- roles ------------------------------------------------------------
    def _index_roles(self, role_aliases: Sequence[tuple[str, str, str]]) -> None:
        entries: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for office, country, alias in role_aliases:
            if office in OFFICES and office != "other" and alias.strip():
                entries[plain(alias)].add((office, country))
        self.aliases = {alias: frozenset(pairs) for alias, pairs in entries.items()}
        # One linear-time scan finds every role title in a document; an
        # all-capitals alias ("PM") must match in capitals only.
        surfaces = sorted({a for _, _, a in role_aliases if plain(a) in self.aliases}, key=len, reverse=True)
        parts = [f"(?-i:{re.escape(a)})" if a.isupper() else _flexible(a) for a in surfaces]
        options = re2.Options()
        options.case_sensitive = False
        self.alias_regex = re2.compile(r"\b(?:" + "|".join(parts) + r")\b", options) if parts else None

    def _index_alias_places(self) -> None:
        """``alias_places``: the titles that name their country ("President of Montenegro"), after both indexes."""
        plain_places = {plain(surface): codes for surface, codes in self.country_names.items()}
        self.alias_places = {
            alias: plain_places[alias.rsplit(" of ", 1)[1].removeprefix("the ")]
            for alias in self.aliases
            if " of " in alias and alias.rsplit(" of ", 1)[1].removeprefix("the ") in plain_places
        }

    def offices_for(self, alias: str, countries: Iterable[str]) -> frozenset[str]:
        """The offices a role title means in any of ``countries`` (country-specific aliases win)."""
        pairs = self.aliases.get(alias, frozenset())
        out: set[str] = set()
        for country in countries:
            specific = {office for office, c in pairs if c == country}
            out |= specific or {office for office, c in pairs if not c}
        return frozenset(out)

    def any_offices(self, alias: str) -> frozenset[str]:
        return frozenset(office for office, _ in self.aliases.get(alias, ()))

    @lru_cache(maxsize=16384)  # noqa: B019 -- one base per process, cached for as long as it lives
    def title_offices(self, title: str) -> frozenset[str]:
        """Offices a recorded title names by containing a known role title ("... and Trade")."""
        if self.alias_regex is None:
            return frozenset()
        offices: set[str] = set()
        for match in self.alias_regex.finditer(title):
            alias = plain(match.group(0))
            before = plain(title[: match.start()]).split()
            # Weak titles ("Chief Minister", "Secretary of State for Wales") and
            # lesser posts ("Vice Premier") name no office of the table.
            if alias in WEAK_ALIASES or (before and before[-1] in LESSER):
                continue
            offices.update(office for office, _ in self.aliases.get(alias, ()))
        return frozenset(offices)

    # -- terms ------------------------------------------------------------
    def holders_on(self, country: str, offices: Iterable[str], day: DayRange, alias: str, grace: int = 0) -> list[Term]:
        """Terms of ``offices`` in ``country`` that cover the whole of ``day`` (title-compatible for weak aliases)."""
        out = []
        for office in offices:
            for term in self.by_office.get((country, office), ()):
                if term.lo <= day[0] + grace and term.hi >= day[1] - grace and self.strict_title(term, alias):
                    out.append(term)
        return out

    def strict_title(self, term: Term, alias: str) -> bool:
        """Whether ``term`` may be called ``alias`` on the strict reading (see :data:`WEAK_ALIASES`)."""
        return alias not in WEAK_ALIASES or title_contains(plain(term.title), alias)


def data_until(declared: str | None, terms: Sequence[Term]) -> int:
    """Last day the data can speak for: the declared month's end, else the latest date recorded."""
    if declared:
        found = parse_iso(declared)
        if found is not None:
            return found[1]
    return max((max(t.lo, t.hi if t.hi != OPEN_END else 0) for t in terms), default=0)


def _flexible(alias: str) -> str:
    """A regex for a role title that tolerates line breaks and runs of spaces between its words."""
    return r"\s+".join(re.escape(word) for word in alias.split())


def build_name_indexes(persons: Sequence[Person]) -> tuple[NameIndex, NameIndex]:
    """Full-name key -> people and surname key -> people."""
    full_index: NameIndex = defaultdict(list)
    surname_index: NameIndex = defaultdict(list)
    for pid, person in enumerate(persons):
        add_to_indexes(full_index, surname_index, pid, person)
    return dict(full_index), dict(surname_index)


def add_to_indexes(full_index: NameIndex, surname_index: NameIndex, pid: int, person: Person) -> None:
    full, surnames = person_keys(person.name, person.aliases)
    for key in full:
        pids = full_index.setdefault(key, [])
        if pid not in pids:
            pids.append(pid)
    for key in surnames:
        pids = surname_index.setdefault(key, [])
        if pid not in pids:
            pids.append(pid)


def _blocks(full_index: NameIndex) -> dict[str, list[str]]:
    """First word -> keys and last word -> keys: the candidates of a fuzzy look-up."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in full_index:
        first = key.partition(" ")[0]
        blocks[first].append(key)
        blocks[key.rpartition(" ")[2]].append(key)
    return blocks


@lru_cache(maxsize=4096)
def person_keys(name: str, aliases: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """All full-name and surname keys of a person."""
    full: set[str] = set()
    surnames: set[str] = set()
    for spelling in (name, *aliases):
        f, s = name_keys(spelling)
        full |= f
        surnames |= s
    return frozenset(full), frozenset(surnames - full)

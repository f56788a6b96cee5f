"""Finding role mentions: "<place> <role> <Name>", "<Name>, <place's> <role>", "<role> of <place> <Name>".

One linear-time scan (re2) finds every known role title in the text; only
around those hits does Python look at the words, so a document without a role
title costs one regex pass. A hit becomes a :class:`Mention` only when its
neighbourhood has the exact shape of a role mention; anything else (a
"Deputy" or "Vice" in front, an organisation in front: "Senate President",
"InfoNation President", a title glued to "-elect") is dropped, because a
mention the knowledge base cannot speak to must never produce a finding.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from .kb import KnowledgeBase, plain
from .names import HONORIFICS, PARTICLES

# Words before a role title that change what it claims.
PAST = frozenset(
    {
        "former",
        "then",
        "ex",
        "late",
        "erstwhile",
        "onetime",
        "one-time",
        "previous",
        "ousted",
        "deposed",
        "toppled",
        "exiled",
        "slain",
        "assassinated",
        "disgraced",
    }
)
FUTURE = frozenset({"incoming", "future", "designate", "elect", "prospective", "would-be", "presumptive", "likely"})
ACTING = frozenset({"acting", "interim", "caretaker", "provisional", "transitional"})
NEUTRAL = frozenset(
    {
        "new",
        "current",
        "incumbent",
        "outgoing",
        "sitting",
        "longtime",
        "long-time",
        "veteran",
        "newly",
        "first",
        "powerful",
        "embattled",
        "hardline",
        "the",
        "then-current",
        "recently",
        "re-elected",
        "reelected",
        "elected",
        "appointed",
        "nominal",
        "beleaguered",
        "popular",
        "controversial",
        "young",
        "mr",
    }
)
# A lesser post: "Deputy Foreign Minister" is not "Foreign Minister".
SUBORDINATE = frozenset(
    {
        "deputy",
        "vice",
        "assistant",
        "under",
        "junior",
        "associate",
        "co",
        "shadow",
        "parliamentary",
        "state",
        "lieutenant",
        "second",
        "sub",
        "adjunct",
        "auxiliary",
        "honorary",
        "chief",
        "principal",
        "senior",
        "permanent",
        "special",
        "regional",
        "provincial",
        "state-level",
        "opposition",
        "party",
    }
)
# Lower-case words that may stand right before a role title with no place:
# "said President Obama", "with Prime Minister Modi". Any other word there
# ("company president", "Senate President") scopes the title to something else.
BEFORE_ROLE_WORDS = frozenset(
    {
        "the",
        "a",
        "and",
        "or",
        "but",
        "with",
        "by",
        "to",
        "of",
        "from",
        "for",
        "on",
        "at",
        "in",
        "as",
        "that",
        "when",
        "after",
        "before",
        "between",
        "while",
        "under",
        "including",
        "like",
        "against",
        "said",
        "says",
        "told",
        "tells",
        "met",
        "meets",
        "meeting",
        "called",
        "calls",
        "urged",
        "asked",
        "than",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "has",
        "had",
        "have",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "also",
        "who",
        "whom",
        "which",
        "where",
        "both",
        "if",
        "because",
        "since",
        "until",
        "during",
        "about",
        "over",
        "into",
        "via",
        "not",
        "only",
        "even",
        "wrote",
        "according",
        "quoted",
        "thanked",
        "praised",
        "criticised",
        "criticized",
        "accused",
        "invited",
        "visited",
        "joined",
        "hosted",
        "welcomed",
        "warned",
        "added",
        "announced",
        "spoke",
        "phoned",
        "congratulated",
    }
)
# A bare country name after one of these is a place, not a modifier: "in Russia President Macron ...".
_PREPOSITIONS = frozenset(
    {
        "in",
        "to",
        "from",
        "at",
        "into",
        "across",
        "with",
        "against",
        "between",
        "and",
        "of",
        "for",
        "on",
        "by",
        "via",
    }
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.)+$|^(?:Mr|Mrs|Ms|Dr|Gen|St|Lt|Col|Sgt|Adm|Gov|Sen|Rep|Jr|Sr|No|Prof|Rev)\.$")
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_][\w'’\-]*\.?|[^\w\s]")
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*\.?")
_OF = re.compile(r"\s+of\s+(?:the\s+)?")
# Mentions never cross a line: "... Tehran, Iran" / "President George Bush ..." are two lines.
_GAP = re.compile(r"[ \t\u00a0]*")
# A role played, not held: "Acting as the U.S. President, Madeleine Albright ...", "playing the president".
_ROLE_PLAY = re.compile(
    r"\b(?:(?:acting|posing|masquerading|cast)\s+as|(?:playing|plays|played|portraying|portrays|portrayed|"
    r"impersonating|impersonates|the\s+role\s+of))\s+(?:the\s+|a\s+|an\s+)?\Z",
    re.IGNORECASE,
)
_POSSESSIVE = ("'s", "’s", "'", "’")
_INITIAL = re.compile(r"[A-Z]\.")
_SPACE = re.compile(r"[ \t\u00a0]")
_GAP_SPACE = re.compile(r"[ \t\u00a0]+")
_GAP_COMMA = re.compile(r",?[ \t\u00a0]+")
_APPOSITION_HEAD = re.compile(r",[ \t\u00a0]+(?:the[ \t\u00a0]+)?\Z")
_CLOSERS = frozenset(',.;:)"”—–\n')
_MAX_NAME_WORDS = 6
# Capitalised words that follow a name in running text without being part of it.
_TRAILERS = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "on",
        "in",
        "at",
        "the",
        "and",
        "but",
        "he",
        "she",
        "it",
        "they",
        "this",
        "that",
        "jr",
        "sr",
        "jr.",
        "sr.",
    }
)


class Mention(NamedTuple):
    """One role mention: who is said to hold which role for which country."""

    start: int  # the whole mention, as reported
    end: int
    alias: str  # the role title, plain ("foreign affairs minister")
    countries: frozenset[str]  # stated countries; empty when the mention names none
    place: str  # the place words as written ("Russian", "France's", "of France")
    names: tuple[tuple[str, int], ...]  # readings of the name (text, end offset), longest first
    name_start: int
    name_end: int
    qualifier: str  # "past", "future", "acting" or ""


class _Token(NamedTuple):
    text: str
    start: int
    end: int


def find_mentions(text: str, kb: KnowledgeBase) -> list[Mention]:
    """Every role mention of ``text`` in the shapes the rules understand."""
    if kb.alias_regex is None:
        return []
    mentions = []
    for match in kb.alias_regex.finditer(text):
        mention = _mention_at(text, match.start(), match.end(), plain(match.group(0)), kb)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _mention_at(text: str, a0: int, a1: int, alias: str, kb: KnowledgeBase) -> Mention | None:
    if a1 < len(text) and (text[a1].isalnum() or text[a1] == "-"):
        return None  # "President-elect", "Premiership"
    if a0 > 0 and text[a0 - 1].isalnum():
        return None
    left = _left(text, a0, kb)
    if left is None:
        return None
    start, countries, place, qualifier = left
    line_start = text.rfind("\n", 0, start) + 1
    if _ROLE_PLAY.search(text[max(line_start, start - 40) : start]):
        qualifier = "acting"
    position = a1
    if not countries:
        of_place = _of_place(text, a1, kb)
        if of_place is not None:
            position, countries, place = of_place
        elif alias in kb.alias_places:
            countries, place = kb.alias_places[alias], alias
    name = _name_after(text, position, allow_comma=bool(countries))
    if name is not None:
        names, n0, n1 = name
        if not countries:
            of_place = _of_place(text, n1, kb)  # "President Xi Jinping of China"
            if of_place is not None:
                _, countries, place = of_place
        return Mention(start, n1, alias, countries, place, names, n0, n1, qualifier)
    if countries:  # "Sergei Lavrov, Russia's foreign minister,"
        return _appositive(text, start, position, alias, countries, place, qualifier)
    return None


def _tokens_before(text: str, end: int, width: int = 90) -> list[_Token]:
    begin = max(0, end - width)
    return [_Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, begin, end)]


def _classify(word: str) -> str | None:
    """The qualifier class of a word before a role title, or None if it is not one."""
    w = word.lower().rstrip("-")
    if w in PAST:
        return "past"
    if w in FUTURE:
        return "future"
    if w in ACTING:
        return "acting"
    if w in SUBORDINATE:
        return "subordinate"
    if w in NEUTRAL:
        return ""
    return None


def _adjacent(text: str, token: _Token, position: int) -> bool:
    """Whether only blanks (or a joining hyphen) separate ``token`` from ``position``."""
    if token.text.endswith("-"):
        return token.end == position
    gap = text[token.end : position]
    return _GAP.fullmatch(gap) is not None and len(gap) >= 1


def _left(text: str, a0: int, kb: KnowledgeBase) -> tuple[int, frozenset[str], str, str] | None:
    """``(start, countries, place text, qualifier)`` of what precedes a role title, or None to drop it."""
    tokens = _tokens_before(text, a0)
    i = len(tokens) - 1
    position = a0
    start = a0
    qualifier = ""
    countries: frozenset[str] = frozenset()
    place = ""
    for phase in ("inner", "place", "outer"):
        if phase == "place":
            found = _place_before(text, tokens, i, position, kb)
            if found is None:
                break
            k, countries, place = found
            i -= k
            start = position = tokens[i + 1].start
            continue
        while i >= 0 and _adjacent(text, tokens[i], position):
            kind = _classify(tokens[i].text)
            if kind is None:
                break
            if kind == "subordinate":
                return None
            if tokens[i].text.lower() != "the":
                qualifier = qualifier or kind
                start = tokens[i].start
            position = tokens[i].start
            i -= 1
    if countries:
        return start, countries, place, qualifier
    # No place: the title must not be scoped by a preceding name or noun
    # ("Senate President", "company president", "Delhi's Chief Minister").
    if i >= 0 and _adjacent(text, tokens[i], position):
        word = tokens[i].text
        starts_phrase = word[0].isalnum() and (not _SENTENCE_END.search(word) or _ABBREVIATION.match(word))
        if starts_phrase and word.lower() not in BEFORE_ROLE_WORDS:
            return None
    return start, countries, place, qualifier


def _place_before(text: str, tokens: list[_Token], i: int, position: int, kb: KnowledgeBase):
    """``(number of tokens, countries, text)`` of a demonym or country name ending at token ``i``."""
    if i < 0 or not _adjacent(text, tokens[i], position) or tokens[i].text.endswith("-"):
        return None
    last = tokens[i].text
    longest = kb.place_ends.get(last, 0)
    for suffix in _POSSESSIVE:
        if last.endswith(suffix):
            longest = max(longest, kb.place_ends.get(last[: -len(suffix)], 0))
    for k in range(min(longest, i + 1), 0, -1):
        words = tokens[i - k + 1 : i + 1]
        if any(not _adjacent(text, a, b.start) for a, b in itertools.pairwise(words)):
            continue
        surface = " ".join(t.text for t in words)
        codes = kb.places.get(surface)
        if codes is None:
            for suffix in _POSSESSIVE:
                if surface.endswith(suffix) and surface[: -len(suffix)] in kb.country_names:
                    codes = kb.country_names[surface[: -len(suffix)]]
                    break
        if codes is not None and surface[0].isupper():
            before = tokens[i - k].text.lower() if i - k >= 0 else ""
            if surface in kb.country_names and surface not in kb.demonyms and before in _PREPOSITIONS:
                return None
            return k, codes, surface
    return None


def _of_place(text: str, position: int, kb: KnowledgeBase):
    """``(end, countries, text)`` of " of [the] <country>" at ``position``."""
    of = _OF.match(text, position)
    if of is None:
        return None
    words: list[re.Match[str]] = []
    for m in _NAME_TOKEN.finditer(text, of.end(), min(len(text), of.end() + 80)):
        if words and not _GAP.fullmatch(text[words[-1].end() : m.start()]):
            break
        words.append(m)
        if len(words) >= kb.max_place_words:
            break
    for k in range(len(words), 0, -1):
        full = text[words[0].start() : words[k - 1].end()]
        for surface in dict.fromkeys((full, full.rstrip("."))):
            if surface in kb.country_names and surface[0].isupper():
                end = words[0].start() + len(surface)
                if end < len(text) and (text[end].isalnum() or text[end] in "-'’"):
                    continue  # "of France's", "of France-based"
                return end, kb.country_names[surface], text[position:end].strip()
    return None


def _name_after(text: str, position: int, allow_comma: bool) -> tuple[tuple[tuple[str, int], ...], int, int] | None:
    """Readings of the name after ``position`` (longest first, with end offsets) and its full extent."""
    gap = (_GAP_COMMA if allow_comma else _GAP_SPACE).match(text, position)
    if gap is None:
        return None
    cursor = gap.end()
    words: list[tuple[str, int]] = []  # (word as it belongs to the name, start)
    while len(words) < _MAX_NAME_WORDS:
        m = _NAME_TOKEN.match(text, cursor)
        if m is None:
            break
        word = m.group(0)
        bare = word.rstrip(".").lower()
        initial = _INITIAL.fullmatch(word) is not None
        if not words and bare in HONORIFICS:  # "Gen. Valery Gerasimov", "Mr Putin"
            pass
        elif word[0].isupper() or bare in PARTICLES or bare.split("-")[0] in PARTICLES:
            if word.endswith(".") and not initial:
                words.append((word[:-1], m.start()))
                break  # a full stop that ends the sentence
            words.append((word, m.start()))
        else:
            break
        sep = _SPACE.match(text, m.end())
        if sep is None:
            break
        cursor = sep.end()
    while words and words[-1][0].lower() in PARTICLES:
        words.pop()
    if not words:
        return None
    last, last_start = words[-1]
    for suffix in _POSSESSIVE[:2]:
        if last.endswith(suffix):
            words[-1] = (last[: -len(suffix)], last_start)
    readings = [(" ".join(w for w, _ in words), words[-1][1] + len(words[-1][0]))]
    # Shorter readings drop only words that follow names in running text ("Putin Tuesday").
    for k in range(len(words) - 1, 0, -1):
        if words[k][0].lower() not in _TRAILERS:
            break
        readings.append((" ".join(w for w, _ in words[:k]), words[k - 1][1] + len(words[k - 1][0])))
    return tuple(readings), words[0][1], readings[0][1]


def _appositive(text: str, start: int, position: int, alias: str, countries, place: str, qualifier: str):
    """ "<Name>, [the] <place> <role>" closed by punctuation: the name is before the comma."""
    following = text[position : position + 1]
    if following and following not in _CLOSERS:
        return None  # "Putin, Russia's foreign minister said": not an apposition
    if following == ",":
        rest = text[position + 1 : position + 40].lstrip()
        if not rest or rest[0].isupper() or rest.split(" ", 1)[0].lower() in ("and", "or"):
            return None
    head = _APPOSITION_HEAD.search(text, max(0, start - 12), start)
    if head is None:
        return None
    tokens = _tokens_before(text, head.start(), 120)
    words: list[_Token] = []
    position_ = head.start()
    for token in reversed(tokens):
        bare = token.text.lower()
        glued = token.end == position_ if not words else _adjacent(text, token, position_)
        if len(words) >= _MAX_NAME_WORDS or not glued or "\n" in text[token.end : position_]:
            break
        if not (token.text[0].isupper() or bare in PARTICLES) or not _NAME_TOKEN.fullmatch(token.text):
            break
        words.append(token)
        position_ = token.start
    words.reverse()
    while words and words[0].text.lower() in PARTICLES:
        words.pop(0)
    if not words:
        return None
    before = text[max(0, words[0].start - 3) : words[0].start].rstrip()
    if before.endswith(","):
        return None  # a list: "Merkel, Putin, Russia's foreign minister"
    for suffix in _POSSESSIVE[:2]:
        if words[-1].text.endswith(suffix):
            return None
    end = words[-1].end
    readings = [(" ".join(w.text for w in words), end)]
    if not before or before[-1] in '.!?"“”\n':
        # A sentence-initial word may be an adverb ("Meanwhile Sergei Lavrov, ...").
        readings += [(" ".join(w.text for w in words[k:]), end) for k in range(1, len(words))]
    return Mention(words[0].start, position, alias, countries, place, tuple(readings), words[0].start, end, qualifier)

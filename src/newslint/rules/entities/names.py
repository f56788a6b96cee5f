"""Person-name normalisation: one key for the spellings of one name.

Names reach the linter as "François Hollande", "Francois Hollande", "Sergei
Lavrov", "Sergey Lavrov", "Bashar al-Assad" or "Bashar Assad". A *key* folds
the differences that never distinguish two people (case, accents, hyphens,
apostrophes, full stops) and a few transliteration habits (y/i, w/v, ks/x,
kh/h, doubled letters), so that exact dictionary look-ups do most of the work
and rapidfuzz only has to deal with real spelling variants.

The same :func:`normalize` is applied to knowledge-base names and to document
text, so ``f" {key} " in f" {normalize(text)} "`` is a word-bounded search.
Bump :data:`KEY_VERSION` whenever the output of :func:`normalize` changes: the
bundled knowledge base stores precomputed keys and is re-keyed on a mismatch.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

KEY_VERSION = 2

# Letters NFKD does not decompose into a base letter plus accents, and
# apostrophes and full stops, which vanish ("O'Neill" -> "oneill", "A." -> "a").
_SPECIAL = {
    "ø": "o",
    "Ø": "o",
    "æ": "ae",
    "Æ": "ae",
    "œ": "oe",
    "Œ": "oe",
    "ß": "ss",
    "ł": "l",
    "Ł": "l",
    "đ": "d",
    "Đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
}
_SPECIAL_RE = re.compile("|".join(re.escape(k) for k in _SPECIAL))
_VANISHING = re.compile("[’'`´‘ʻʼʿʾ.]+")
# Combining marks left by NFKD (accents, cedillas, dots): one C-level pass removes them.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_NON_WORD = re.compile(r"[\W_]+")
# Transliteration habits, applied to the folded text: two-letter spellings
# first, then single letters, then doubled letters.
_DIGRAPHS = {"kh": "h", "ks": "x", "ck": "k", "ph": "f"}
_DIGRAPH_RE = re.compile("kh|ks|ck|ph")
_LETTERS = str.maketrans("wy", "vi")
_DOUBLED = re.compile(r"([a-z])\1+")


def _fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, transliteration habits applied."""
    folded = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], _VANISHING.sub("", text))
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", folded)).casefold()
    folded = _NON_WORD.sub(" ", folded)
    folded = _DIGRAPH_RE.sub(lambda m: _DIGRAPHS[m.group(0)], folded).translate(_LETTERS)
    return _DOUBLED.sub(r"\1", folded)


# Lower-case words that belong inside a name ("Pierre de Villiers",
# "Ursula von der Leyen", "Mohammed bin Salman").
PARTICLES = frozenset(
    {
        "al",
        "el",
        "ad",
        "as",
        "an",
        "bin",
        "ibn",
        "bint",
        "ben",
        "abu",
        "de",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "del",
        "della",
        "der",
        "den",
        "di",
        "la",
        "le",
        "van",
        "von",
        "y",
        "e",
        "zu",
        "ter",
        "af",
        "mac",
    }
)
# Article-like particles that news writing often drops ("Bashar Assad").
DROPPABLE = frozenset({"al", "el", "ad", "as", "an"})
# Titles and ranks that may stand between a role and a name.
HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "gen",
        "general",
        "lt",
        "col",
        "colonel",
        "adm",
        "admiral",
        "marshal",
        "field",
        "sheikh",
        "shaikh",
        "sheik",
        "prof",
        "professor",
        "rev",
        "hon",
        "maj",
        "major",
        "ayatollah",
        "mullah",
        "haji",
        "hajji",
        "datuk",
        "dato",
    }
)
# Name suffixes that carry no identity of their own.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Fold ``text`` to a space-separated key: lower case, no accents, no punctuation."""
    return _fold(text).strip()


def normalize_text(text: str) -> str:
    """:func:`normalize` for a whole document (not cached), padded with spaces."""
    return f" {_fold(text)} "


# The particles as they look after normalize() ("y" -> "i", "della" -> "dela").
KEY_PARTICLES = frozenset(normalize(p) for p in PARTICLES)


def name_keys(name: str) -> tuple[set[str], set[str]]:
    """The full-name keys and the surname keys one spelling of a name stands for.

    Full keys: the name itself, without droppable particles ("bashar asad"),
    without middle initials ("george bush" for "George W. Bush") and without a
    ", Jr." or ", Baron ..." tail. Surname keys: the last word, or the last two
    when the second-to-last is a particle ("de viliers"). A one-word name is a
    surname key only: "Putin" never resolves on its own.
    """
    full: set[str] = set()
    surnames: set[str] = set()
    variants = {name}
    if ", " in name:  # "Félix Ulloa, Jr.", "Anthony Clarke, Baron Clarke of Stone-cum-Ebony"
        variants.add(name.split(", ", 1)[0])
    for variant in variants:
        key = normalize(variant)
        tokens = key.split()
        while tokens and tokens[-1] in SUFFIXES and len(tokens) > 2:
            tokens = tokens[:-1]
        if not tokens:
            continue
        if len(tokens) == 1 or (len(tokens) == 2 and tokens[0] in KEY_PARTICLES):
            surnames.add(" ".join(tokens))
            surnames.add(tokens[-1])
            continue
        full.add(" ".join(tokens))
        dropped = [t for t in tokens if t not in DROPPABLE]
        if len(dropped) >= 2:
            full.add(" ".join(dropped))
        no_initials = [t for i, t in enumerate(tokens) if len(t) > 1 or i in (0, len(tokens) - 1)]
        if len(no_initials) >= 2:
            full.add(" ".join(no_initials))
        surnames.add(tokens[-1])
        if tokens[-2] in KEY_PARTICLES:
            surnames.add(" ".join(tokens[-2:]))
    return full, surnames


_ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3})$")
_INITIAL_WORD = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z]$")


def regnal_numbers(name: str) -> frozenset[str]:
    """The regnal or generational numbers written in a name ("Charles II" -> {"II"}); normalize() folds them."""
    words = name.replace(",", " ").split()
    return frozenset(w.rstrip(".") for w in words[1:] if _ROMAN.match(w.rstrip(".")))


def middle_initials(name: str) -> tuple[str, ...]:
    """The initials between the first and the last word ("George H. W. Bush" -> ("H", "W"))."""
    words = [w for w in name.replace(",", " ").split() if not _ROMAN.match(w.rstrip("."))]
    return tuple(c for w in words[1:-1] if _INITIAL_WORD.match(w) for c in w if c.isalpha())

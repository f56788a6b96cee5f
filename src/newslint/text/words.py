"""Words: counts, function words, casing and prose predicates.

Everything is precompiled at import time; the functions look at one line and
do no per-character Python work.
"""

from __future__ import annotations

import re

# Han, kana: scripts written without spaces between words.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A CJK word is about two characters long.
_CJK_CHARS_PER_WORD = 2
# Scripts without letter case: a "prose" test by capital letters means nothing there.
_UNCASED = re.compile(r"[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_DIGIT = re.compile(r"\d")

# Words that cannot end a sentence (articles, conjunctions, "of"/"to"/"from"/"with", possessive
# determiners) in the languages of the benchmark: a line that stops on one of them was cut.
# Prepositions that double as verb particles ("held on", "logged in", "ended up") are left out;
# so are single letters other than the article "a".
_FUNCTION_WORDS_BY_LANGUAGE = (
    "the a an of and or but nor to from with into onto upon via per its their his her our your my these those",
    "than if because while although though unless whether including such",
    "der die das den dem des ein eine einen einem einer und oder aber zu zum zur für mit von vom im beim dass",
    "le la les un une des du et ou mais avec pour dans sur par au aux que qui dont",
    "el los las una unos unas y pero con para por del su sus",
    "os um uma com na no nos nas do da dos das pelo pela",
    "il lo gli di per nel nella che",
)
FUNCTION_WORDS = frozenset(word for words in _FUNCTION_WORDS_BY_LANGUAGE for word in words.split())
# Articles: a lone capitalised "The" at the end is the start of a cut sentence, a lone "About" is a menu.
_ARTICLES = "the a an der die das ein eine le la les un une el los las il lo gli os as um uma"
ARTICLES = frozenset(_ARTICLES.split())


def word_count(text: str) -> int:
    """Words in one line; runs of CJK characters count one word per two characters."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(text.split())
    return len(_CJK.sub(" ", text).split()) + (cjk + 1) // _CJK_CHARS_PER_WORD


def has_cjk(text: str) -> bool:
    """Does the text hold Han or kana characters (written without spaces between words)?"""
    return _CJK.search(text) is not None


def is_uncased(text: str) -> bool:
    """Does the text use a script without capital letters (CJK, Arabic, Hebrew, Indic, Thai, Hangul)?"""
    return _UNCASED.search(text) is not None


def lower_ratio(words: list[str]) -> float:
    """Share of words starting with a lower-case letter."""
    if not words:
        return 0.0
    return sum(1 for w in words if w[:1].islower()) / len(words)


def digit_ratio(text: str) -> float:
    """Share of characters that are digits (recipes, tables and scores are digit-heavy)."""
    return len(_DIGIT.findall(text)) / max(1, len(text))


def looks_like_prose(text: str, *, min_words: int = 12) -> bool:
    """A sentence-like line: enough words, mostly lower-case, few digits.

    Headings, navigation, lists and credits are short or title-cased; table rows
    and recipes are digit-heavy.
    """
    if digit_ratio(text) > 0.12:
        return False
    if is_uncased(text):
        return len(text) >= 3 * min_words
    words = text.split()
    return len(words) >= min_words and lower_ratio(words) >= 0.4


def ends_on_function_word(words: list[str]) -> bool:
    """Does the line stop on "the", "of", "and"...? Capitalised, only a lone article counts ("The")."""
    last = words[-1].rstrip(",;")
    if last in FUNCTION_WORDS:
        return True
    return len(words) == 1 and last[:1].isupper() and last.lower() in ARTICLES


def title_like(words: list[str]) -> bool:
    """Headline or navigation casing: the content words after the first are capitalised."""
    content = [w for w in words[1:] if w.lower() not in FUNCTION_WORDS]
    return not content or lower_ratio(content) < 0.4

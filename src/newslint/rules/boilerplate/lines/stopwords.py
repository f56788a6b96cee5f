"""Stopword lists for the line classifier: jusText's 100 lists, and the document's language by them.

jusText (a dependency of trafilatura, declared in our own dependencies) ships stoplists for 100
languages built from Wikipedia for exactly this job: the share of stopwords separates prose from
boilerplate. The lists are read once per process and indexed word -> languages; a document's
language is the list that covers most of its first words (its declared language is not trusted:
scraped metadata often says "en" for any page).
"""

from __future__ import annotations

import functools
import re
from collections import Counter

# Enough tokens to tell languages apart; more only costs time.
SAMPLE_TOKENS = 400
TOKEN = re.compile(r"[^\W\d_]+")


@functools.cache
def stoplists() -> tuple[tuple[str, ...], dict[str, tuple[int, ...]]]:
    """(language names, word -> indexes of the languages whose list holds it), loaded once per process."""
    import justext  # noqa: PLC0415 - only when the classifier runs

    names = tuple(sorted(justext.get_stoplists()))
    index: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        for word in justext.get_stoplist(name):
            index.setdefault(word.casefold(), []).append(i)
    return names, {word: tuple(langs) for word, langs in index.items()}


def document_stopwords(tokens: list[str]) -> frozenset[str]:
    """The stoplist of the language whose list covers most of ``tokens`` (lower-cased words)."""
    names, index = stoplists()
    votes: Counter[int] = Counter()
    for token, count in Counter(tokens[:SAMPLE_TOKENS]).items():
        for language in index.get(token, ()):
            votes[language] += count
    if not votes:
        return frozenset()
    return language_stopwords(min(votes, key=lambda i: (-votes[i], i)))  # ties: the first name


@functools.cache
def language_stopwords(language: int) -> frozenset[str]:
    """The stoplist of one language (by its index in ``stoplists()``), built once per process."""
    return frozenset(word for word, langs in stoplists()[1].items() if language in langs)

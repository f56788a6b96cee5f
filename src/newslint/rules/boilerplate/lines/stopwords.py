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
from importlib.metadata import version
from pathlib import Path

from newslint.packs import dbcache

# Enough tokens to tell languages apart; more only costs time.
SAMPLE_TOKENS = 400
TOKEN = re.compile(r"[^\W\d_]+")


# (language names, word -> the indexes of the languages whose list holds it as "3,17,42", each
# language's words one per line): strings, so that reading the cached index back builds no tuples.
Stoplists = tuple[tuple[str, ...], dict[str, str], list[str]]


@functools.cache
def stoplists() -> Stoplists:
    """The stoplists and their word index, loaded once per process.

    Reading jusText's 100 files and indexing them takes ~0.5 s, in every worker process of a run;
    the index is kept in the cache folder (named by jusText's version and this module), where
    reading it back takes ~50 ms.
    """
    return dbcache.derived("stoplists", version("jusText").encode(), (Path(__file__),), _build, _decode)


def _build() -> list:
    import justext  # noqa: PLC0415 - only when the index is not cached

    names = sorted(justext.get_stoplists())
    index: dict[str, list[str]] = {}
    words: list[list[str]] = []
    for i, name in enumerate(names):
        folded = [word.casefold() for word in justext.get_stoplist(name)]
        words.append(sorted(set(folded)))
        for word in folded:  # a word listed twice (two cases) votes twice, as it always has
            index.setdefault(word, []).append(str(i))
    return [names, {word: ",".join(langs) for word, langs in index.items()}, ["\n".join(w) for w in words]]


def _decode(value: list) -> Stoplists:
    names, index, words = value
    if len(names) != len(words) or not all(isinstance(v, str) for v in words):
        raise ValueError("not a stoplist index")
    return tuple(names), index, words


def document_stopwords(tokens: list[str]) -> frozenset[str]:
    """The stoplist of the language whose list covers most of ``tokens`` (lower-cased words)."""
    index = stoplists()[1]
    votes: Counter[int] = Counter()
    for token, count in Counter(tokens[:SAMPLE_TOKENS]).items():
        languages = index.get(token)
        if languages is not None:
            for language in map(int, languages.split(",")):
                votes[language] += count
    if not votes:
        return frozenset()
    return language_stopwords(min(votes, key=lambda i: (-votes[i], i)))  # ties: the first name


@functools.cache
def language_stopwords(language: int) -> frozenset[str]:
    """The stoplist of one language (by its index in ``stoplists()``), built once per process."""
    return frozenset(stoplists()[2][language].split("\n"))

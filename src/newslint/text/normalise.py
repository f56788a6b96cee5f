"""Normalised forms of lines and texts, for comparing and counting them.

Each normaliser answers one question, so they differ on purpose:

* :func:`fold_punctuation`: the *words* of a line (case-folded, every run of
  punctuation, symbols and underscores one space). Two lines that differ only
  in quotes, dashes or punctuation compare equal (NL3xx repeats, the
  truncation footer walk).
* :func:`fold_spacing_and_digits`: a line to *count* across a site (NL150):
  case and blanks folded, digits as ``0`` so "© 2019" and "© 2020" agree,
  punctuation kept (a menu row "Home | News" is not the sentence "Home news").
* :func:`word_tokens`: the word tokens of a whole document for hashing and
  shingling (NL351/NL352); ``\\w`` tokens keep underscores and digits, as the
  stored hashes of a baseline expect.

Three more live with their only user: the phrase packs' line keys
(:func:`newslint.packs.keys.line_key`: only blanks, apostrophes and edge
characters are folded, so a pattern still sees punctuation), person-name keys
(:func:`newslint.rules.entities.names.normalize`: accents and transliteration
habits folded, versioned because the bundled knowledge base stores them) and
role-title keys (:func:`newslint.rules.entities.kb.plain`: ``str.lower``, not
``casefold``: "Außenminister" and "Aussenminister" stay two titles, and
switching would change which roles the NL5xx rules recognise).

:func:`word_tokens` joined with spaces is :func:`fold_punctuation` but for
underscores (kept as word characters by one, dropped by the other); they stay
two functions because NL351's exact-copy hash is computed from the tokens.
"""

from __future__ import annotations

import re

# Letters and digits survive; every other run becomes one space,
# so quotes, dashes and punctuation variants compare equal.
_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_WORDS = re.compile(r"\w+")


def fold_punctuation(line: str) -> str:
    """One line, case-folded, punctuation runs collapsed to one space, stripped."""
    return _NON_WORD.sub(" ", line.casefold()).strip()


def fold_spacing_and_digits(text: str) -> str:
    """Case-folded, whitespace-collapsed, digits as ``0`` (so "© 2019" and "© 2020" agree)."""
    # str.split() and re's \s agree on what whitespace is (both Py_UNICODE_ISSPACE);
    # the split is several times faster than the regex on every line of the corpus.
    return _DIGITS.sub("0", " ".join(text.split()).casefold())


def word_tokens(text: str) -> list[str]:
    """The ``\\w+`` tokens of the case-folded text."""
    return _WORDS.findall(text.casefold())

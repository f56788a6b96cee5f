"""Per-line features of a document for the line classifier (jusText's idea, on text lines).

Each content line (one with a letter or digit) gets a fixed vector: its own shape (length,
stopword share in the document's language, terminal punctuation, capitalisation, digits and
symbols, table cells, interface and link-like words), its position from the article's start and
end, the shape of its neighbours and the run of short lines it stands in. Plain Python, a few
operations per line; ``NAMES`` is the column order the trees of ``weights.json`` were trained on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from newslint import Document
from newslint.text.timestamps import MONTH_PREFIX

from .stopwords import TOKEN, document_stopwords

# Lexical features: what the words of the line say, by their log-odds of standing in leftover rather
# than article lines of the tune half (a learned vocabulary of interface and chrome words, shipped in
# weights.json; words seen on fewer than a handful of sites are not in it, so no site's own words).
LEXICAL = ("lex_max", "lex_min", "lex_mean", "log_lex_words", "prev_lex_mean", "next_lex_mean")
NAMES = (
    "bias",
    "log_words",
    "log_chars",
    "stop_share",
    "no_stopword",
    "ends_sentence",
    "ends_colon",
    "ends_ellipsis",
    "title_share",
    "all_caps",
    "digit_share",
    "symbol_share",
    "pipes",
    "escaped_pipe",
    "interface_share",
    "link_like",
    "bullet",
    "month_year",
    "starts_lower",
    "relative_position",
    "near_start",
    "near_end",
    "prev_log_words",
    "prev_stop_share",
    "prev_ends_sentence",
    "next_log_words",
    "next_stop_share",
    "next_ends_sentence",
    "log_short_run",
    "window_stop_share",
    "log_content_lines",
    "doc_sentence_share",
    "doc_log_mean_words",
    "short_without_stopword",
    "stop_share_vs_doc",
    *LEXICAL,
)
# How many of ``_own``'s features describe the line's shape (the rest are its lexical ones), and
# where among them its lexical mean stands (its neighbours' prev_lex_mean and next_lex_mean).
_SHAPE_FEATURES = NAMES.index("starts_lower") + 1
_LEX_MEAN = _SHAPE_FEATURES + LEXICAL.index("lex_mean")
# A "short" line for runs: at most this many words and no finished sentence.
SHORT_WORDS = 5
WINDOW = 3
# Words of page interfaces in the languages of the benchmark (buttons, menus, comment and share
# widgets): a feature, never a verdict on their own.
_INTERFACE = """home news contact login log sign register reply replies comment comments share print email e-mail
    next previous prev more older newer search subscribe posted tags tag category categories archive
    archives read view click rss copyright privacy terms policy menu page pages top back follow like
    tweet facebook twitter report post permalink quote rate rating vote votes score login logout account
    related popular viewed latest recent trackback send advertisement advertise sponsored skip
    inicio contacto buscar compartir comentarios suche kontakt impressum startseite accueil rechercher
    partager commentaires"""
INTERFACE_WORDS = frozenset(_INTERFACE.split())
_CLOSERS = "\"'”’»)]"
_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？")
_LINK = re.compile(r"https?:|www\.|\.(?:com|org|net|co\.uk)\b|@\w|[»«›‹]|>>|<<|→")
_NON_LETTER = re.compile(r"[\W\d_]+")
_NON_DIGIT = re.compile(r"\D+")
_ALNUM = re.compile(r"[^\W_]")
_BULLET = re.compile(r"^\s*(?:[-–—•·*▪►●◦]|\d{1,2}[.)])\s+")
_BULLET_STARTS = frozenset("-–—•·*▪►●◦")
_MONTH_YEAR = re.compile(
    r"^\W*" + MONTH_PREFIX + r"\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d\W*(?:\(\d+\))?\W*$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class LineShape:
    """What the classifier knows of one content line, kept for the message that explains a score."""

    number: int
    words: int
    stopwords: int
    ends_sentence: bool
    short_run: int
    position: str  # "start", "end" or "middle" of the text


def ends_ellipsis(stripped: str) -> bool:
    """Does the (stripped) line end in "..." or "…", closing quotes and brackets aside?"""
    return stripped.rstrip(_CLOSERS).endswith(("...", "…"))


def ends_sentence(stripped: str) -> bool:
    """Does the (stripped) line end a sentence (". ! ?", not an ellipsis), closing quotes and brackets aside?"""
    return not ends_ellipsis(stripped) and stripped.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)


def _own(text: str, stop: frozenset[str], vocabulary: Mapping[str, float]) -> tuple[list[float], int, int]:
    """The line's own features (its shape, the first ``_SHAPE_FEATURES`` of ``NAMES``, then lex_max,
    lex_min, lex_mean and log_lex_words), its words and its stopwords."""
    # Hot path (every line of every document): C-level string operations, no per-character Python.
    stripped = text.strip()
    tokens = TOKEN.findall(stripped.casefold())
    words = stripped.split()
    n_tokens = len(tokens)
    n_stop = sum(map(stop.__contains__, tokens))
    chars = len(stripped)
    letters = len(_NON_LETTER.sub("", stripped))
    firsts = [w[0] for w in words]
    alpha_words = sum(map(str.isalpha, firsts))
    nonspace = chars - stripped.count(" ")
    digits = len(_NON_DIGIT.sub("", stripped))
    ellipsis = ends_ellipsis(stripped)
    first = stripped[:1]
    vec = [
        1.0,
        math.log1p(len(words)),
        math.log1p(chars),
        n_stop / n_tokens if tokens else 0.0,
        float(n_stop == 0),
        float(not ellipsis and stripped.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)),
        float(stripped.endswith((":", "："))),
        float(ellipsis),
        sum(map(str.isupper, firsts)) / alpha_words if alpha_words else 0.0,  # an upper-case first letter
        float(letters >= 2 and stripped.isupper()),
        digits / max(1, nonspace),
        (nonspace - digits - letters) / max(1, nonspace),
        min(stripped.count("|"), 5) / 5,
        float("\\|" in stripped),
        sum(map(INTERFACE_WORDS.__contains__, tokens)) / n_tokens if tokens else 0.0,
        float(_LINK.search(stripped) is not None),
        float((first in _BULLET_STARTS or first.isdigit()) and _BULLET.match(stripped) is not None),
        float(digits >= 4 and len(words) <= 6 and _MONTH_YEAR.match(stripped) is not None),
        float(first.islower()),
    ]
    # Each distinct word once: a menu that repeats "Home" says no more than one "Home".
    lexical = [vocabulary[t] for t in set(tokens) if t in vocabulary]
    if lexical:
        # fsum: exactly rounded, so the mean does not depend on the set's order (which the hash seed
        # decides): the same line scores the same in every process.
        vec += [max(lexical), min(lexical), math.fsum(lexical) / len(lexical), math.log1p(len(lexical))]
    else:
        vec += [0.0, 0.0, 0.0, 0.0]
    return vec, len(words), n_stop


def content_lines(doc: Document) -> list[int]:
    """Numbers of the lines the classifier scores: those with a letter or a digit."""
    return [line.number for line in doc.lines if _ALNUM.search(line.text)]


def _runs(flags: list[bool]) -> list[int]:
    """For each position, the length of the run of true flags it stands in (0 where false)."""
    run = [0] * len(flags)
    i = 0
    while i < len(flags):
        j = i
        while j < len(flags) and flags[j]:
            j += 1
        run[i:j] = [j - i] * (j - i)
        i = max(j, i + 1)
    return run


def document_features(
    doc: Document, vocabulary: Mapping[str, float]
) -> tuple[list[int], list[list[float]], list[LineShape]]:
    """(line numbers, feature vectors in ``NAMES`` order, shapes) of the content lines of ``doc``.

    ``vocabulary`` maps words to their log-odds of standing in leftover lines (the shipped one is
    ``classifier.weights().vocabulary``; the training script passes the one of each fold).
    """
    numbers = content_lines(doc)
    if not numbers:
        return [], [], []
    stop = document_stopwords(TOKEN.findall(doc.text[:5000].casefold()))
    own = [_own(doc.lines[n - 1].text, stop, vocabulary) for n in numbers]
    total = len(numbers)
    short_log = math.log1p(SHORT_WORDS)
    short = [vec[1] <= short_log and not vec[5] for vec, _, _ in own]
    run = _runs(short)
    stop_shares = [vec[3] for vec, _, _ in own]
    prefix = [0.0]
    for share in stop_shares:
        prefix.append(prefix[-1] + share)
    vectors, shapes = [], []
    log_total = math.log1p(total)
    # The document's own shape: visible-text pages are mostly short chrome, trafilatura's mostly prose.
    doc_sentences = sum(vec[5] for vec, _, _ in own) / total
    doc_words = math.log1p(sum(words for _, words, _ in own) / total)
    doc_stop = prefix[-1] / total
    none = (0.0, 0.0, 0.0, 0.0, 0.0, 1.0)  # the features of a missing neighbour (log words, stop share, sentence end)
    last = total - 1
    for i, (vec, words, n_stop) in enumerate(own):
        prev = own[i - 1][0] if i else none
        nxt = own[i + 1][0] if i < last else none
        own_vec = vec[:_SHAPE_FEATURES]
        low, high = max(0, i - WINDOW), min(total, i + WINDOW + 1)
        position = i / max(1, last)
        vectors.append(
            [
                *own_vec,
                position,
                1 / (1 + i),
                1 / (total - i),
                prev[1],
                prev[3],
                prev[5],
                nxt[1],
                nxt[3],
                nxt[5],
                math.log1p(run[i]),
                (prefix[high] - prefix[low]) / (high - low),
                log_total,
                doc_sentences,
                doc_words,
                float(short[i] and vec[4] > 0),
                vec[3] - doc_stop,
                *vec[_SHAPE_FEATURES:],
                own[i - 1][0][_LEX_MEAN] if i else 0.0,
                own[i + 1][0][_LEX_MEAN] if i < last else 0.0,
            ]
        )
        place = "start" if position < 0.2 else "end" if position > 0.8 or i >= total - 2 else "middle"
        shapes.append(LineShape(numbers[i], words, n_stop, bool(vec[5]), run[i], place))
    return numbers, vectors, shapes

"""NL351/NL352: duplicate and near-duplicate documents across the corpus.

Exact copies are found by a hash of the normalised text. Near copies (the same
article re-scraped with different chrome, syndicated copies) by MinHash over
word 3-shingles with locality-sensitive hashing: one-permutation hashing
(Li, Owen and Zhang, 2012) gives a 32-value signature in one pass over the
shingles, 8 bands of 4 values find candidates, and the fraction of equal
values estimates the Jaccard similarity that decides. The later copy is
reported, naming the first, in corpus order, so the answer does not depend on
the number of workers.

Memory: the exact rule keeps 8 bytes per distinct document plus its location;
the near-duplicate rule also keeps one 32-value signature per document
(about 300 bytes). This is linear in the number of documents (not in their
text); for corpora of hundreds of millions of documents run it sharded (Dask)
or disable it.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import Field

from newslint import Analysis, CorpusRule, DocRef, Document, Hit, RuleOptions, hookimpl
from newslint.packs.lines import is_prose
from newslint.rule import Applicability, Remedy
from newslint.text.normalise import word_tokens

from .sketch import hash64

_BINS = 32
_ROWS_PER_BAND = 4
_EMPTY = 0xFFFFFFFF


# The pass-2 summary of both rules: (path, record) of a later copy -> the message naming the first.
Duplicates = dict[tuple[str, int | None], str]


def _words(doc: Document) -> list[str]:
    return word_tokens(doc.text)


def _exact_hash(doc: Document) -> int:
    return hash64(" ".join(doc.analysis(WORDS)))


# The document's normalised words and their hash, once per document: NL351 finds exact copies by
# the hash, NL352 skips them by the same hash. Read-only for callers.
WORDS: Analysis[list[str]] = Analysis("newslint.corpus.words", _words)
EXACT_HASH: Analysis[int] = Analysis("newslint.corpus.exact-hash", _exact_hash)


@dataclass
class Firsts:
    """State: the first document seen per exact hash, and the duplicates found."""

    first: dict[int, DocRef] = field(default_factory=dict)
    duplicates: Duplicates = field(default_factory=dict)


class DuplicateOptions(RuleOptions):
    min_words: int = Field(5, ge=1, description="documents with fewer words are not compared")


class DuplicateDocument(CorpusRule[DuplicateOptions, int | None, Firsts, Duplicates]):
    """A document whose text is an exact copy of an earlier document in the corpus.

    Why is this bad?
        Duplicates over-weight one article in every statistic and in training,
        and usually mean the same page was scraped twice (two URLs, a retry, an
        overlapping crawl). Copies are compared after case folding and with
        whitespace and punctuation ignored.

    Example:
        ``b.jsonl:record 7`` has the same text as ``a.jsonl:record 2``.

    Use instead:
        Keep the first copy and drop the later ones (the finding names the first).

    Options:
        ``min-words`` (default 5): shorter documents are not compared (an empty
        or one-line document is a different defect).
    """

    code = "NL351"
    name = "duplicate-document"
    remedy, fix_applicability = Remedy.DROP_DOCUMENT, Applicability.SAFE
    Options = DuplicateOptions

    def observe(self, doc: Document) -> int | None:
        return doc.analysis(EXACT_HASH) if len(doc.analysis(WORDS)) >= self.options.min_words else None

    def new_state(self) -> Firsts:
        return Firsts()

    def absorb(self, state: Firsts, observation: int | None, ref: DocRef, source: str) -> None:
        if observation is None:
            return
        first = state.first.setdefault(observation, ref)
        if first is not ref:
            state.duplicates[(ref.path, ref.record)] = f"Exact duplicate of {first}"

    def finalize(self, state: Firsts) -> Duplicates:
        return state.duplicates  # all that pass 2 needs: small, cheap to send to workers

    def check_corpus(self, doc: Document, summary: Duplicates, source: str) -> Iterable[Hit]:
        message = summary.get((doc.path, doc.record))
        if message:
            yield Hit(message)


@dataclass(frozen=True)
class Signature:
    exact: int
    values: array  # _BINS minimum hash values (_EMPTY for an empty bin)


@dataclass
class Bands:
    """State: LSH buckets pointing at the first document with that band, and signatures."""

    buckets: dict[int, int] = field(default_factory=dict)
    signatures: list[array] = field(default_factory=list)
    refs: list[DocRef] = field(default_factory=list)
    exact: set[int] = field(default_factory=set)
    duplicates: Duplicates = field(default_factory=dict)


class NearDuplicateOptions(RuleOptions):
    threshold: float = Field(0.8, gt=0, le=1, description="estimated Jaccard similarity of word 3-shingles")
    min_words: int = Field(50, ge=5, description="shorter documents are not compared")


def content_text(doc: Document) -> str:
    """The article's content lines: finished sentences of prose, without the page's menus, labels and teasers.

    Two posts of one blog share their whole page chrome (the sidebar, the
    blogroll, the footer); on a visible-text extraction that chrome can be
    most of the words. Near copies are judged on what the pages say.
    """
    return "\n".join(line.text for line in doc.lines if is_prose(line.text))


def similarity(a: array, b: array) -> float:
    """Estimated Jaccard similarity of two one-permutation MinHash signatures."""
    both = equal = 0
    for x, y in zip(a, b):
        if x == _EMPTY and y == _EMPTY:
            continue
        both += 1
        equal += x == y
    return equal / both if both else 0.0


class NearDuplicateDocument(CorpusRule[NearDuplicateOptions, Signature | None, Bands, Duplicates]):
    """A document that is nearly the same text as an earlier document in the corpus.

    Preview: visible-text extractions of one site share whole sidebars of prose, so different posts still pair.

    Why is this bad?
        The same article re-scraped with different page chrome, or a syndicated
        copy with a different headline and footer, counts twice in every
        statistic and in training, just like an exact duplicate, but a plain
        hash does not see it. Exact copies are reported by NL351, not here.

    Example:
        A Reuters story on two sites, identical but for the first line and
        the footer: ``Near-duplicate (91% similar) of a.jsonl:record 12``.

    Use instead:
        Keep one copy (the finding names the first one seen).

    Options:
        ``threshold`` (default 0.8): estimated Jaccard similarity of word
        3-shingles above which two documents are near-duplicates.
        ``min-words`` (default 50): documents with fewer words of content are
        not compared (short texts share too many shingles by chance).

    Documents are compared on their content lines only (finished sentences of
    prose, see :func:`content_text`): two posts of one site that share only
    their menus, sidebars and footers are not near copies.
    """

    code = "NL352"
    name = "near-duplicate-document"
    remedy, fix_applicability = Remedy.DROP_DOCUMENT, Applicability.UNSAFE
    preview = True
    Options = NearDuplicateOptions

    def observe(self, doc: Document) -> Signature | None:
        words = word_tokens(content_text(doc))
        if len(words) < self.options.min_words:
            return None
        values = array("I", [_EMPTY] * _BINS)
        for i in range(len(words) - 2):
            h = zlib.crc32(f"{words[i]} {words[i + 1]} {words[i + 2]}".encode())
            slot, value = h & (_BINS - 1), h >> 5
            if value < values[slot]:  # noqa: PLR1730 -- hot loop: a comparison is cheaper than min()
                values[slot] = value
        return Signature(doc.analysis(EXACT_HASH), values)  # exact copies are NL351's: the same test as NL351's

    def new_state(self) -> Bands:
        return Bands()

    def absorb(self, state: Bands, observation: Signature | None, ref: DocRef, source: str) -> None:
        if observation is None or observation.exact in state.exact:
            return  # too short, or an exact copy (NL351's business)
        state.exact.add(observation.exact)
        values = observation.values
        keys = [
            hash((band, *values[band * _ROWS_PER_BAND : (band + 1) * _ROWS_PER_BAND]))
            for band in range(_BINS // _ROWS_PER_BAND)
        ]
        for key in keys:
            owner = state.buckets.get(key)
            if owner is None:
                continue
            score = similarity(values, state.signatures[owner])
            if score >= self.options.threshold:
                state.duplicates[(ref.path, ref.record)] = (
                    f"Near-duplicate ({score:.0%} similar) of {state.refs[owner]}"
                )
                return  # a copy does not become the first of anything
        index = len(state.refs)
        state.refs.append(ref)
        state.signatures.append(values)
        for key in keys:
            state.buckets.setdefault(key, index)

    def finalize(self, state: Bands) -> Duplicates:
        return state.duplicates

    def check_corpus(self, doc: Document, summary: Duplicates, source: str) -> Iterable[Hit]:
        message = summary.get((doc.path, doc.record))
        if message:
            yield Hit(message)


@hookimpl
def newslint_rules():
    return [DuplicateDocument, NearDuplicateDocument]

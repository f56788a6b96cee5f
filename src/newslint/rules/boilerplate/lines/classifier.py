"""The line classifier: boosted trees over line features, then a smoothing pass over neighbours.

Stage 1 scores each content line from its features (:mod:`.features`) with a small ensemble of
gradient-boosted regression trees (100 trees of at most 15 leaves); stage 2, the smoothing pass, is
a logistic regression over the line's stage-1 logit and the stage-1 scores of its neighbours, so
that a short line inside prose reads as prose and a run of short lines at an edge as chrome. The
trees, the smoothing weights and the vocabulary of the lexical features are learned offline by
``benchmarks/train_line_classifier.py`` on the tune half of the real-page benchmark and shipped in
``weights.json``. Inference (:class:`Trees`) walks the trees in plain Python for short texts and
with numpy, all trees for all lines at once, for longer ones; both give the same bits,
deterministic, with no download.
"""

from __future__ import annotations

import functools
import json
import math
import operator
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from newslint import Analysis, Document

from .features import NAMES, LineShape, document_features

if TYPE_CHECKING:
    import numpy as np

SMOOTHING_NAMES = ("bias", "logit", "prev", "next", "mean_2", "mean_5")


class Trees:
    """A tree ensemble as flat node lists; leaves point to themselves, so every walk takes ``depth`` steps.

    Two walks give the same logits to the last bit: a plain-Python one for short texts (a pre-commit
    run on one file never imports numpy: ~65 ms saved) and a numpy one that walks all trees for all
    lines at once, for longer texts. Both add the leaves to the base in tree order.
    """

    # Texts with at most this many content lines are scored in plain Python (~50 µs a line).
    PYTHON_LINES = 64

    def __init__(self, data: dict[str, Any]) -> None:
        self.base = float(data["base"])  # the ensemble's starting logit
        self.depth = int(data["depth"])
        self.roots: list[int] = []  # each tree's root node
        self.feature: list[int] = []  # the feature a node splits on (0 at leaves)
        self.threshold: list[float] = []  # go left when the feature is <= this (+inf at leaves)
        self.left: list[int] = []
        self.right: list[int] = []
        self.value: list[float] = []  # what a leaf adds to the logit (0 elsewhere)
        for tree in data["trees"]:
            offset = len(self.feature)
            self.roots.append(offset)
            for f, t, lo, hi, v in zip(tree["feature"], tree["threshold"], tree["left"], tree["right"], tree["value"]):
                leaf = lo < 0
                here = len(self.feature)
                self.feature.append(0 if leaf else f)
                self.threshold.append(math.inf if leaf else t)
                self.left.append(here if leaf else offset + lo)
                self.right.append(here if leaf else offset + hi)
                self.value.append(v if leaf else 0.0)
        self._arrays: tuple[np.ndarray, ...] | None = None

    def logits(self, vectors: list[list[float]]) -> list[float]:
        """The ensemble's logit of each feature vector (rows of ``NAMES``)."""
        if len(vectors) <= self.PYTHON_LINES:
            return [self._python_logit(x) for x in vectors]
        return self._numpy_logits(vectors)

    def _python_logit(self, x: list[float]) -> float:
        feature, threshold, left, right, value = self.feature, self.threshold, self.left, self.right, self.value
        total = self.base
        for node in self.roots:
            while left[node] != node:  # leaves point to themselves
                node = left[node] if x[feature[node]] <= threshold[node] else right[node]
            total += value[node]
        return total

    def _numpy_logits(self, vectors: list[list[float]]) -> list[float]:
        import numpy as np  # noqa: PLC0415 - only runs that score longer texts pay for numpy

        if self._arrays is None:
            self._arrays = (
                np.array(self.roots, dtype=np.intp),
                np.array(self.feature, dtype=np.intp),
                np.array(self.threshold, dtype=np.float64),
                np.array(self.left, dtype=np.intp),
                np.array(self.right, dtype=np.intp),
                np.array(self.value, dtype=np.float64),
            )
        roots, feature, threshold, left, right, value = self._arrays
        x = np.asarray(vectors, dtype=np.float64)
        flat = x.ravel()
        # node[t, i]: where line i stands in tree t; row[i] indexes line i's row of the flat matrix.
        node = np.repeat(roots[:, None], len(x), axis=1)
        row = np.arange(len(x), dtype=np.intp) * x.shape[1]
        for _ in range(self.depth):
            node = np.where(flat[row + feature[node]] <= threshold[node], left[node], right[node])
        leaves = value[node]
        total = np.full(len(x), self.base)
        for t in range(len(roots)):  # tree by tree, in the plain-Python walk's order: the same bits
            total += leaves[t]
        return total.tolist()


@dataclass(frozen=True, slots=True)
class Weights:
    trees: Trees
    vocabulary: dict[str, float]  # word -> log-odds of a leftover line (the lexical features)
    stage2: tuple[float, ...]
    threshold: float  # of the classifier alone: precision >= 0.9 on every extraction of the tune half
    thresholds: dict[str, float]  # per category (categories.py), calibrated the same way on its lines


@functools.cache
def weights() -> Weights:
    """The shipped model (checked against the feature names it was trained with)."""
    data = json.loads(resources.files(__package__).joinpath("weights.json").read_text(encoding="utf-8"))
    if tuple(data["features"]) != NAMES or tuple(data["smoothing_features"]) != SMOOTHING_NAMES:
        raise ValueError("weights.json was trained on other features: retrain with benchmarks/train_line_classifier.py")
    threshold = float(data["threshold"])
    return Weights(
        Trees(data["stage1"]),
        {word: float(v) for word, v in data["vocabulary"].items()},
        tuple(data["stage2"]),
        threshold,
        data.get("thresholds") or {"": threshold},
    )


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def dot(w: tuple[float, ...], x: list[float]) -> float:
    return sum(map(operator.mul, w, x))


def smoothing_features(logits: list[float]) -> list[list[float]]:
    """Stage-2 inputs of each line: its stage-1 logit and the stage-1 scores around it."""
    probs = [sigmoid(z) for z in logits]
    n = len(probs)
    out = []
    for i, z in enumerate(logits):
        near2 = probs[max(0, i - 2) : i + 3]
        near5 = probs[max(0, i - 5) : i + 6]
        out.append(
            [
                1.0,
                z,
                probs[i - 1] if i > 0 else 1.0,
                probs[i + 1] if i + 1 < n else 1.0,
                sum(near2) / len(near2),
                sum(near5) / len(near5),
            ]
        )
    return out


@dataclass(frozen=True, slots=True)
class Scored:
    shape: LineShape
    score: float


def _score(doc: Document) -> dict[int, Scored]:
    w = weights()
    numbers, vectors, shapes = document_features(doc, w.vocabulary)
    if not numbers:
        return {}
    logits = w.trees.logits(vectors)
    smoothed = [sigmoid(dot(w.stage2, x)) for x in smoothing_features(logits)]
    return {n: Scored(shape, score) for n, shape, score in zip(numbers, shapes, smoothed)}


# The classifier's scores, shared by the line-shape rules (NL111-NL117), once per document.
LINE_SCORES: Analysis[dict[int, Scored]] = Analysis("newslint.boilerplate.line-scores", _score)


def line_scores(doc: Document) -> dict[int, Scored]:
    """Line number -> boilerplate score in [0, 1] and the line's shape, computed once per document."""
    return doc.analysis(LINE_SCORES)


def explain(scored: Scored) -> str:
    """Why a line scored as it did, in words: "short line with no stopwords in a run of 6 such lines ..."."""
    s = scored.shape
    size = "short line" if s.words <= 5 else f"line of {s.words} words"
    stops = "no stopwords" if not s.stopwords else f"{s.stopwords} stopword{'s' * (s.stopwords > 1)}"
    parts = [f"{size} with {stops}"]
    if not s.ends_sentence:
        parts[0] += " and no sentence end"
    if s.short_run > 1:
        parts.append(f"in a run of {s.short_run} such lines")
    parts.append({"start": "at the start of the text", "end": "at the end of the text"}.get(s.position, "mid-text"))
    return f"{' '.join(parts)}; score {scored.score:.2f}"

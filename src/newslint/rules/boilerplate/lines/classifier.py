"""The line classifier: a logistic regression over line features, then a smoothing pass over neighbours.

Stage 1 scores each content line from its features (:mod:`.features`); stage 2, the smoothing
pass, is a second logistic regression over the line's stage-1 score and those of its neighbours,
so that a short line inside prose reads as prose and a run of short lines at an edge as chrome.
Both weight vectors are learned offline by ``benchmarks/train_line_classifier.py`` on the tune
half of the real-page benchmark and shipped in ``weights.json``; inference is a dot product per
line, deterministic, with no download.
"""

from __future__ import annotations

import functools
import json
import math
import operator
from dataclasses import dataclass
from importlib import resources

from newslint import Analysis, Document

from .features import NAMES, LineShape, document_features

SMOOTHING_NAMES = ("bias", "logit", "prev", "next", "mean_2", "mean_5")


@dataclass(frozen=True, slots=True)
class Weights:
    stage1: tuple[float, ...]
    stage2: tuple[float, ...]
    threshold: float  # of the classifier alone: precision >= 0.9 on every extraction of the tune half
    thresholds: dict[str, float]  # per category (categories.py), calibrated the same way on its lines


@functools.cache
def weights() -> Weights:
    """The shipped weights (checked against the feature names they were trained with)."""
    data = json.loads(resources.files(__package__).joinpath("weights.json").read_text(encoding="utf-8"))
    if tuple(data["features"]) != NAMES or tuple(data["smoothing_features"]) != SMOOTHING_NAMES:
        raise ValueError("weights.json was trained on other features: retrain with benchmarks/train_line_classifier.py")
    threshold = float(data["threshold"])
    return Weights(tuple(data["stage1"]), tuple(data["stage2"]), threshold, data.get("thresholds") or {"": threshold})


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
    numbers, vectors, shapes = document_features(doc)
    w = weights()
    logits = [dot(w.stage1, x) for x in vectors]
    smoothed = [sigmoid(dot(w.stage2, x)) for x in smoothing_features(logits)]
    return {n: Scored(shape, score) for n, shape, score in zip(numbers, shapes, smoothed)}


# The classifier's scores, shared by the line-shape rules (NL111-NL116), once per document.
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

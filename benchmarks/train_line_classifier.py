"""Train the NL1 line classifier offline and write its weights (``newslint/rules/boilerplate/lines/weights.json``).

    python benchmarks/train_line_classifier.py [--data ../shared/data/real-dev] [--check]

Reads the cached extractions of ``quality_real.py`` (run it once first), keeps the pages of the
``tune`` half only, labels every line against the gold as that benchmark does (leftover = 1,
article = 0; comment lines and lines without a word are left out), and fits two logistic
regressions with scikit-learn (needed here only, in the ``bench`` extra): stage 1 on the line
features, stage 2 (the smoothing pass) on stage-1 scores of the line and its neighbours. Every
(corpus, extraction) weighs the same, so the many lines of visible-text pages do not drown
trafilatura's leftovers. The threshold is the lowest score at which every extraction reaches
the target precision on the tune half (0.9, the bar of a default rule; it is a rule option). ``--check`` prints the
precision and recall the written weights give on the ``test`` half, per extraction.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

import _real as R
from newslint import Document
from newslint.rules.boilerplate.lines import classifier as C
from newslint.rules.boilerplate.lines.features import NAMES, document_features

OUT = R.ROOT / "src" / "newslint" / "rules" / "boilerplate" / "lines" / "weights.json"
TARGET_PRECISION = 0.9
LABEL = {R.LEFTOVER: 1, R.ARTICLE: 0}


def pages(data: Path, half: str):
    """(stratum, [(feature vectors, labels or -1)]) per page of the half, every extraction."""
    for corpus in R.CORPORA:
        gold = R.load_gold(data, corpus)
        for ext in R.EXTRACTIONS:
            for record in R.read_jsonl(R.extraction_path(corpus, ext)):
                if not R.in_half(corpus, record["id"], half):
                    continue
                doc = Document(text=record["text"])
                numbers, vectors, _ = document_features(doc)
                labeller = R.Labeller(gold[record["id"]])
                labels = [LABEL.get(labeller.label(doc.lines[n - 1].text)[0], -1) for n in numbers]
                yield f"{corpus}/{ext}", np.array(vectors), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> list[float]:
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - the bench extra

    model = LogisticRegression(C=1.0, max_iter=5000, fit_intercept=False)
    model.fit(x, y, sample_weight=w)
    return [round(float(v), 6) for v in model.coef_[0]]


def stage2(docs, stage1: list[float]):
    for stratum, x, y in docs:
        logits = list(x @ np.array(stage1))
        yield stratum, np.array(C.smoothing_features(logits)), y


def stacked(docs) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    xs, ys, strata = [], [], []
    for stratum, x, y in docs:
        keep = y >= 0
        if keep.any():
            xs.append(x[keep])
            ys.append(y[keep])
            strata += [stratum] * int(keep.sum())
    x, y = np.vstack(xs), np.concatenate(ys)
    counts = defaultdict(int)
    for s in strata:
        counts[s] += 1
    w = np.array([len(y) / (len(counts) * counts[s]) for s in strata])
    return x, y, w, strata


def curves(scores: np.ndarray, y: np.ndarray, strata: list[str], threshold: float) -> dict[str, tuple]:
    out = {}
    for ext in R.EXTRACTIONS:
        m = np.array([s.endswith("/" + ext) for s in strata])
        flagged = m & (scores >= threshold)
        tp, fp = int((y[flagged] == 1).sum()), int((y[flagged] == 0).sum())
        pos = int((y[m] == 1).sum())
        out[ext] = (tp / max(1, tp + fp), tp / max(1, pos), tp + fp)
    return out


def calibrate(data: Path) -> dict[str, float]:
    """Per category, the lowest threshold at which each extraction's flagged lines (20 or more) reach the target."""
    from newslint.rules.boilerplate.lines.categories import DEBRIS, categories  # noqa: PLC0415

    C.weights.cache_clear()
    rows: dict[str, list[tuple[float, int, str]]] = defaultdict(list)
    for corpus in R.CORPORA:
        gold = R.load_gold(data, corpus)
        for ext in R.EXTRACTIONS:
            for record in R.read_jsonl(R.extraction_path(corpus, ext)):
                if R.in_half(corpus, record["id"], "tune"):
                    doc = Document(text=record["text"])
                    labeller = R.Labeller(gold[record["id"]])
                    scores = C.line_scores(doc)
                    for n, cat in categories(doc).items():
                        label = LABEL.get(labeller.label(doc.lines[n - 1].text)[0], -1)
                        if cat.kind != DEBRIS and n in scores and label >= 0:
                            rows[cat.kind].append((scores[n].score, label, ext))
    out = {}
    for kind, items in sorted(rows.items()):
        out[kind] = 0.99
        for t in np.arange(0.5, 0.995, 0.01):
            ok = True
            for ext in R.EXTRACTIONS:
                labels = [y for s, y, e in items if e == ext and s >= t]
                if len(labels) >= 20 and sum(labels) / len(labels) < TARGET_PRECISION:
                    ok = False
            if ok:
                out[kind] = round(float(t), 2)
                break
        kept = [(y, e) for s, y, e in items if s >= out[kind]]
        print(
            f"{kind}: threshold {out[kind]}, tune lines {len(kept)}, precision {sum(y for y, _ in kept) / max(1, len(kept)):.3f}"
        )
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=R.DEFAULT_DATA)
    p.add_argument("--check", action="store_true", help="evaluate the written weights on the test half")
    p.add_argument("--calibrate", action="store_true", help="only recalibrate the per-category thresholds")
    args = p.parse_args()
    if args.calibrate:
        data = json.loads(OUT.read_text())
        data["thresholds"] = calibrate(args.data)
        OUT.write_text(json.dumps(data, indent=1) + "\n")
        return 0
    if args.check:
        w = C.weights()
        docs = list(stage2(pages(args.data, "test"), list(w.stage1)))
        x, y, _, strata = stacked(docs)
        scores = 1 / (1 + np.exp(-(x @ np.array(w.stage2))))
        for t in (w.threshold, 0.5, 0.7, 0.8, 0.9, 0.95):
            print(t, {k: tuple(round(v, 3) for v in vals) for k, vals in curves(scores, y, strata, t).items()})
        return 0
    docs = list(pages(args.data, "tune"))
    x, y, w, _ = stacked(docs)
    stage1 = fit(x, y, w)
    docs2 = list(stage2(docs, stage1))
    x2, y2, w2, strata = stacked(docs2)
    weights2 = fit(x2, y2, w2)
    scores = 1 / (1 + np.exp(-(x2 @ np.array(weights2))))
    threshold = next(
        (
            round(t, 2)
            for t in np.arange(0.5, 0.995, 0.01)
            if all(prec >= TARGET_PRECISION for prec, _, _ in curves(scores, y2, strata, t).values())
        ),
        0.99,
    )
    for ext, (prec, rec, n) in curves(scores, y2, strata, threshold).items():
        print(f"tune {ext}: precision {prec:.3f} recall {rec:.3f} flagged {n} at threshold {threshold}")
    OUT.write_text(
        json.dumps(
            {
                "about": "Line classifier of the NL1 rules; written by benchmarks/train_line_classifier.py",
                "trained_on": "real-dev tune half (dragnet, cleaneval; trafilatura with/without comments, visible text)",
                "lines": int(len(y)),
                "threshold": threshold,
                "features": list(NAMES),
                "stage1": stage1,
                "smoothing_features": list(C.SMOOTHING_NAMES),
                "stage2": weights2,
            },
            indent=1,
        )
        + "\n"
    )
    data = json.loads(OUT.read_text())
    data["thresholds"] = calibrate(args.data)
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

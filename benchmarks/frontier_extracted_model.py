"""Would a model trained on extracted text only find more of trafilatura's leftovers? (Cross-fitted, tune half.)

    python benchmarks/frontier_extracted_model.py [--data ../shared/data/real-dev]

The shipped line classifier is trained on every extraction of the tune half, each weighing the same.
This script asks whether the trafilatura strata would be served better by trees trained on them
alone: on the tune half's two site folds (as ``train_line_classifier.py`` splits them), it fits the
stage-1 trees once on all strata and once on the trafilatura strata only, scores the other fold's
trafilatura texts with both, and prints per stratum the highest recall reached at precision 0.9
and 0.95 against the gold (at 20 flagged lines or more). Stage 1 only: the smoothing pass adds the
neighbours' scores to either model alike.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # as train_line_classifier.py: the same trees every run

import numpy as np  # noqa: E402

import train_line_classifier as T  # noqa: E402

TARGETS = (0.9, 0.95)
MIN_FLAGGED = 20


def best_recall(scores: np.ndarray, labels: np.ndarray, target: float) -> float:
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(labels[order])
    flagged = np.arange(1, len(order) + 1)
    ok = (hits / flagged >= target) & (flagged >= MIN_FLAGGED)
    return float((hits[ok] / max(1, labels.sum())).max()) if ok.any() else 0.0


def tune_folds(argv: list[str] | None, description: str | None) -> tuple[list[T.Page], list[list[T.Page]]]:
    """The tune half's texts with out-of-fold features, and its two site folds (``--data`` in ``argv``)."""
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=T.R.DEFAULT_DATA)
    args = p.parse_args(argv)
    pages = T.load(args.data, "tune")
    return pages, T.out_of_fold_features(pages)


def main(argv: list[str] | None = None) -> int:
    pages, folds = tune_folds(argv, __doc__)

    def extracted(page: T.Page) -> bool:
        return "/traf" in page.stratum

    logits: dict[str, dict[int, np.ndarray]] = {"all extractions": {}, "trafilatura only": {}}
    for k in (0, 1):
        trained = folds[1 - k]
        models = {
            "all extractions": T.fit_trees(trained),
            "trafilatura only": T.fit_trees(list(filter(extracted, trained))),
        }
        for page in filter(extracted, folds[k]):
            for name, model in models.items():
                logits[name][id(page)] = model.decision_function(page.x)
    print("| trees trained on | stratum | " + " | ".join(f"recall at precision {t}" for t in TARGETS) + " |")
    print("|---|---|" + "---|" * len(TARGETS))
    for name, scored in logits.items():
        for stratum in sorted({page.stratum for page in pages if extracted(page)}):
            mine = [page for page in pages if page.stratum == stratum]
            s = np.concatenate([scored[id(page)][page.labels >= 0] for page in mine])
            y = np.concatenate([page.labels[page.labels >= 0] for page in mine])
            print(f"| {name} | {stratum} | " + " | ".join(f"{best_recall(s, y, t):.3f}" for t in TARGETS) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

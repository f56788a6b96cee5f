"""Would the line classifier find more leftovers if it knew how a line's words recur in its text? (Cross-fitted, tune half.)

    python benchmarks/frontier_coherence.py [--data ../shared/data/real-dev]

The shipped features describe a line's shape, its words' log-odds of standing in leftover lines, its
neighbours and its place in the text; none says whether the line is *about* what the text is about.
Leftovers that look like prose (another post's paragraph, a teaser's summary, a promotion) might share
fewer of their content words with the rest of the text than the article's own lines do. This script
adds five such features to every content line:

- the share of its distinct content words (not stopwords of the text's language, 3 letters or more,
  not numbers) that occur in at least one other line, and in at least two;
- the mean of log(1 + the number of other lines holding each word);
- the share that occur in another line of 15 words or more (the text's prose);
- the share shared with the line just above or below.

On the tune half's two site folds (as ``train_line_classifier.py`` splits them), it fits the stage-1
trees with the shipped features and with those plus the five, scores the other fold, and prints per
stratum the highest recall reached at precision 0.9 and 0.95 against the gold (20 flagged lines or
more), for all lines and for lines of 10 words or more. Stage 1 only, as ``frontier_extracted_model.py``.
"""

from __future__ import annotations

import math
import os
import sys
from collections import Counter

os.environ.setdefault("OMP_NUM_THREADS", "1")  # as train_line_classifier.py: the same trees every run

import numpy as np  # noqa: E402

import train_line_classifier as T  # noqa: E402
from frontier_extracted_model import best_recall, tune_folds  # noqa: E402
from newslint.rules.boilerplate.lines.stopwords import TOKEN, document_stopwords  # noqa: E402

PROSE_WORDS = 15
LONG_LINE_WORDS = 10


def coherence(page: T.Page) -> np.ndarray:
    """The five coherence features of each content line of ``page`` (rows in ``page.numbers`` order)."""
    doc = page.doc
    stop = document_stopwords(TOKEN.findall(doc.text[:5000].casefold()))
    texts = [doc.lines[n - 1].text for n in page.numbers]
    words = [
        {t for t in TOKEN.findall(text.casefold()) if t not in stop and len(t) >= 3 and not t.isdigit()}
        for text in texts
    ]
    prose = [len(text.split()) >= PROSE_WORDS for text in texts]
    in_lines: Counter[str] = Counter()
    in_prose: Counter[str] = Counter()
    for mine, is_prose in zip(words, prose):
        in_lines.update(mine)
        if is_prose:
            in_prose.update(mine)
    rows = []
    for i, mine in enumerate(words):
        if not mine:
            rows.append([0.0] * 5)
            continue
        others = [in_lines[w] - 1 for w in mine]
        others_prose = [in_prose[w] - prose[i] for w in mine]
        around = (words[i - 1] if i else set()) | (words[i + 1] if i + 1 < len(words) else set())
        n = len(mine)
        rows.append(
            [
                sum(o >= 1 for o in others) / n,
                sum(o >= 2 for o in others) / n,
                sum(math.log1p(o) for o in others) / n,
                sum(o >= 1 for o in others_prose) / n,
                len(mine & around) / n,
            ]
        )
    return np.array(rows, dtype=np.float64).reshape(len(rows), 5)


def main(argv: list[str] | None = None) -> int:
    pages, folds = tune_folds(argv, __doc__)
    features = {
        "shipped": {id(page): page.x for page in pages},
        "shipped + coherence": {id(page): np.hstack([page.x, coherence(page)]) for page in pages},
    }
    logits: dict[str, dict[int, np.ndarray]] = {name: {} for name in features}
    for name, columns in features.items():
        for page in pages:
            page.x = columns[id(page)]
        for k in (0, 1):
            model = T.fit_trees(folds[1 - k])
            for page in folds[k]:
                logits[name][id(page)] = model.decision_function(page.x)
    print(
        "| features | stratum | recall at precision 0.9 | recall at precision 0.95 "
        f"| lines of {LONG_LINE_WORDS}+ words: recall at precision 0.95 |"
    )
    print("|---|---|---|---|---|")
    for name, scored in logits.items():
        for stratum in sorted({page.stratum for page in pages}):
            mine = [page for page in pages if page.stratum == stratum]
            s = np.concatenate([scored[id(page)][page.labels >= 0] for page in mine])
            y = np.concatenate([page.labels[page.labels >= 0] for page in mine])
            long = np.concatenate(
                [
                    np.array([len(page.doc.lines[n - 1].text.split()) >= LONG_LINE_WORDS for n in page.numbers])[
                        page.labels >= 0
                    ]
                    for page in mine
                ]
            )
            print(
                f"| {name} | {stratum} | {best_recall(s, y, 0.9):.3f} | {best_recall(s, y, 0.95):.3f} "
                f"| {best_recall(s[long], y[long], 0.95):.3f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

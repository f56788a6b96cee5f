"""How far can the default rules plus the line classifier go? Precision/recall frontier on a half.

    python benchmarks/quality_real.py --half test --no-preview --gold-errata benchmarks/reading/gold-errata.tsv
    python benchmarks/quality_frontier.py --half test [--gold-errata benchmarks/reading/gold-errata.tsv]

Reads the half's inputs that ``quality_real.py`` wrote, lints them with the default rules (cached as
that script caches them) and scores, per (corpus, extraction), the lines the default rules flag (NL1 + NL2 + NL150)
joined with every line whose classifier score (the shipped model of the NL111-NL116 rules,
``newslint.rules.boilerplate.lines.classifier``) reaches a threshold, for a grid of thresholds. It
prints, for each extraction, the curve and the highest recall reached at the precision the issue asks
for (0.95 on trafilatura output, 0.97 on visible text): a ceiling for anything built on today's
phrase packs and classifier, whatever rule codes would report the lines. Precision is against the
gold, as in ``quality_real.py`` (lines the gold kept as article count false).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import _real as R
import quality_real as Q
from newslint import Document
from newslint.rules.boilerplate.lines.classifier import line_scores

TARGET = {"traf-comments": 0.95, "traf-nocomments": 0.95, "visible": 0.97}
GRID = [round(0.30 + 0.05 * k, 2) for k in range(14)] + [0.99, 1.01]  # 1.01: the default rules alone
DEFAULT_RULES = (("NL1", "NL2"), ())


def stratum(corpus: str, ext: str, half: str, errata: dict) -> tuple[Q.StratumData, dict[tuple[str, int], float]]:
    inp = R.CACHE / "lint" / half / f"{corpus}__{ext}.jsonl"
    if not inp.exists():
        raise SystemExit(f"run quality_real.py --half {half} first ({inp} is missing)")
    findings = Q.lint(inp, "ALL", {}, preview=False)  # the default rules' findings, cached as quality_real.py's
    records = [r for r in R.read_jsonl(inp) if (corpus, r["id"]) not in errata]
    data = Q.StratumData(corpus, ext, records, R.load_gold(R.DEFAULT_DATA, corpus), findings)
    scores = {}
    for r in records:
        for n, scored in line_scores(Document(text=r["text"])).items():
            scores[(r["id"], n)] = scored.score
    return data, scores


def frontier(data: Q.StratumData, scores: dict[tuple[str, int], float]) -> list[dict[str, Any]]:
    default = data.flagged(DEFAULT_RULES)
    rows = []
    for t in GRID:
        flagged = default | {key for key, s in scores.items() if s >= t}
        res = data.score(flagged, bands=True)
        rows.append({"threshold": t, **{k: res[k] for k in ("all", *R.BANDS) if k in res}})
    return rows


def best(rows: list[dict[str, Any]], target: float) -> dict[str, Any] | None:
    ok = [r for r in rows if (r["all"]["precision"] or 0) >= target]
    return max(ok, key=lambda r: r["all"]["recall"]) if ok else None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--half", choices=("test", "tune"), default="test")
    p.add_argument("--gold-errata", type=Path)
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    errata = Q.read_errata(args.gold_errata) if args.gold_errata else {}
    out: dict[str, Any] = {}
    print(f"# Default rules + line classifier at a threshold, half `{args.half}` (P / R vs the gold)\n")
    summary = []
    for corpus in R.CORPORA:
        for ext in R.EXTRACTIONS:
            data, scores = stratum(corpus, ext, args.half, errata)
            rows = frontier(data, scores)
            out[data.name] = rows
            print(f"## {data.name}\n")
            print("| threshold | P / R | 1-2 words | 3-9 words | 10+ words |\n|---|---|---|---|---|")
            for r in rows:
                label = "default rules only" if r["threshold"] > 1 else f"{r['threshold']:.2f}"
                cells = [
                    f"{Q.f2(r[k]['precision'])} / {Q.f2(r[k]['recall'])}" if k in r else "-" for k in ("all", *R.BANDS)
                ]
                print(f"| {label} | " + " | ".join(cells) + " |")
            print()
            top = best(rows, TARGET[ext])
            summary.append(
                [
                    data.name,
                    TARGET[ext],
                    Q.f2(rows[-1]["all"]["recall"]),
                    "none" if top is None else f"{Q.f2(top['all']['recall'])} at {top['threshold']:.2f}",
                ]
            )
    print("## Highest recall at the target precision\n")
    print(Q.table(["corpus/extraction", "target precision", "default rules recall", "with the classifier"], summary))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

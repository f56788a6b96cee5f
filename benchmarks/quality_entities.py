"""NL5xx quality and cost: precision/recall on the labelled set, time share on the aeb texts.

    /work/venv/bin/python benchmarks/quality_entities.py [AEB_DIR] [--show-errors]

The labelled set (``tests/fixtures/entities/labelled.jsonl``) holds real
sentences from the aeb gold bodies and sentences written for the test, each
correct or corrupted (swapped country, swapped role, date outside the term,
two roles in one document) and labelled with the code it must get (or none).
A finding counts as a true positive when its code is the one expected for its
sentence; any other finding is a false positive.

The cost is measured in-process on the aeb texts (gold bodies and the five
extractors' outputs): the NL5 rules' time against a baseline of reading the
texts (JSON parsing and building the documents), plus documents per second.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "fixtures" / "entities" / "labelled.jsonl"
DEFAULT_AEB = Path("/work/shared/data/aeb")
CODES = ("NL501", "NL502", "NL503", "NL504")


def _rules():
    from newslint.rules.entities import InconsistentRoles, OutOfTermRole, WrongCountryRole, WrongRoleForCountry

    return [WrongCountryRole, WrongRoleForCountry, OutOfTermRole, InconsistentRoles]


def labelled_scores(labelled: Path = LABELLED, errors: Optional[list] = None) -> dict:
    """Precision and recall per code (and overall) on the labelled set."""
    from newslint.testing import lint_text

    rules = _rules()
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    records = [json.loads(line) for line in labelled.read_text(encoding="utf-8").splitlines() if line.strip()]
    for record in records:
        metadata = {"date": record["date"]} if record.get("date") else {}
        got = Counter(f.code for rule in rules for f in lint_text(rule, record["text"], **metadata))
        want = Counter(record["expected"])
        for code in CODES:
            hit = min(got[code], want[code])
            tp[code] += hit
            fp[code] += got[code] - hit
            fn[code] += want[code] - hit
            if errors is not None and got[code] != want[code]:
                errors.append((record["id"], code, want[code], got[code], record["text"], record.get("date")))
    scores = {}
    for code in (*CODES, "overall"):
        t = sum(tp.values()) if code == "overall" else tp[code]
        f = sum(fp.values()) if code == "overall" else fp[code]
        n = sum(fn.values()) if code == "overall" else fn[code]
        scores[code] = {
            "tp": t,
            "fp": f,
            "fn": n,
            "precision": t / (t + f) if t + f else 1.0,
            "recall": t / (t + n) if t + n else 1.0,
        }
    scores["records"] = len(records)
    return scores


def _aeb_texts(aeb: Path) -> list[str]:
    texts = [v["articleBody"] for v in json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8")).values()]
    for tool in sorted((aeb / "extracted").glob("*.json")):
        texts += [v.get("articleBody") or "" for v in json.loads(tool.read_text(encoding="utf-8")).values()]
    return [t for t in texts if t.strip()]


def timing(aeb: Path, repeats: int = 3) -> dict:
    """Time of the four NL5 rules on the aeb texts against reading them and against all rules."""
    from newslint.diagnostics import EngineDiagnostic
    from newslint.model import Document
    from newslint.plugins import load_registry
    from newslint.rules.entities.store import load_knowledge_base

    load_knowledge_base.cache_clear()
    started, cpu = time.perf_counter(), time.process_time()
    rules = [rule() for rule in _rules()]  # loads the knowledge base once
    load, load_cpu = time.perf_counter() - started, time.process_time() - cpu
    best_read = best_rules = float("inf")
    findings = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        docs = [Document(text=text) for text in _aeb_texts(aeb)]
        t1 = time.perf_counter()
        findings = sum(1 for doc in docs for rule in rules for _ in rule.check(doc))
        t2 = time.perf_counter()
        best_read, best_rules = min(best_read, t1 - t0), min(best_rules, t2 - t1)
    chars = sum(len(d.text) for d in docs)
    # Every other installed rule, once, for the share of NL5 in a full run's rule time.
    others = 0.0
    for code, rule in load_registry(autoload=False).rules.items():
        if code.startswith("NL5") or issubclass(rule, EngineDiagnostic):
            continue
        instance = rule()
        t0 = time.perf_counter()
        for doc in docs:
            for _ in instance.check(doc):
                pass
        others += time.perf_counter() - t0
    return {
        "documents": len(docs),
        "characters": chars,
        "findings": findings,
        "knowledge_base_load_s": load,
        "knowledge_base_load_cpu_s": load_cpu,
        "read_s": best_read,
        "nl5_s": best_rules,
        "other_rules_s": others,
        "nl5_share_of_rules": best_rules / (best_rules + others) if best_rules + others else 0.0,
        "nl5_per_read": best_rules / best_read if best_read else float("inf"),
        "docs_per_s": len(docs) / best_rules if best_rules else float("inf"),
        "mb_per_s": chars / 1e6 / best_rules if best_rules else float("inf"),
    }


def evaluate(data_dir: Path = DEFAULT_AEB, labelled: Path = LABELLED) -> dict:
    """Scores on the labelled set and, when ``data_dir`` holds the aeb data, the timing."""
    result = {"labelled": labelled_scores(labelled)}
    data_dir = Path(data_dir)
    if (data_dir / "ground-truth.json").exists():
        result["timing"] = timing(data_dir)
    return result


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("aeb", nargs="?", type=Path, default=DEFAULT_AEB)
    parser.add_argument("--show-errors", action="store_true", help="print every sentence scored wrong")
    args = parser.parse_args(argv)
    errors: list = []
    scores = labelled_scores(LABELLED, errors if args.show_errors else None)
    print(f"labelled set: {scores['records']} documents ({LABELLED.relative_to(ROOT)})")
    print(f"{'code':8} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}")
    for code in (*CODES, "overall"):
        s = scores[code]
        print(f"{code:8} {s['tp']:4} {s['fp']:4} {s['fn']:4} {s['precision']:10.3f} {s['recall']:8.3f}")
    for record_id, code, want, got, text, date in errors:
        print(f"  {record_id}: {code} expected {want} got {got} (date {date}): {text[:150]}")
    if (args.aeb / "ground-truth.json").exists():
        t = timing(args.aeb)
        print(
            f"aeb texts: {t['documents']} documents, {t['characters'] / 1e6:.1f} M characters, {t['findings']} NL5 findings"
        )
        print(
            f"knowledge base load: {t['knowledge_base_load_s']:.2f} s wall, "
            f"{t['knowledge_base_load_cpu_s']:.2f} s CPU (once per process)"
        )
        print(
            f"reading the texts: {t['read_s'] * 1000:.0f} ms; NL501-NL504: {t['nl5_s'] * 1000:.0f} ms "
            f"({t['nl5_per_read']:.2f}x reading); {t['docs_per_s']:.0f} docs/s, {t['mb_per_s']:.1f} MB/s"
        )
        print(
            f"all other installed rules: {t['other_rules_s'] * 1000:.0f} ms; "
            f"NL5 share of rule time: {t['nl5_share_of_rules']:.0%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Recall of the NL2 rules on real error pages they were not written against.

    python benchmarks/quality_error_pages.py [--fixture tests/fixtures/error_pages/heldout.jsonl] [--show-misses]

The fixture (see its README) holds error pages found in public repositories after the
phrase packs were written. Every page is an error page, so only recall is measured:
NL201 (the document is an error page) and "any NL2 finding" (at least one line is
reported as error text). Precision is measured elsewhere: benchmarks/quality_real.py on
the held-out half of real-dev, the gold bodies and the AEB texts.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from newslint import check_text

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "error_pages" / "heldout.jsonl"


def lint_pages(path: Path) -> list[tuple[dict, set[str]]]:
    """Each page with the NL2 codes newslint reports on it."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        codes = {f.code for f in check_text(page["text"], select=["NL2"], isolated=True)}
        out.append((page, codes))
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--fixture", type=Path, default=FIXTURE)
    p.add_argument("--show-misses", action="store_true", help="print the pages NL201 does not report")
    args = p.parse_args()
    results = lint_pages(args.fixture)
    by_kind: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for page, codes in results:
        by_kind[page["kind"]].append(("NL201" in codes, bool(codes)))
    print("| kind | pages | NL201 recall | any-NL2 recall |\n|---|---|---|---|")
    for kind, hits in sorted(by_kind.items()):
        n = len(hits)
        print(f"| {kind} | {n} | {sum(d for d, _ in hits)}/{n} | {sum(a for _, a in hits)}/{n} |")
    n = len(results)
    doc = sum("NL201" in codes for _, codes in results)
    anyl = sum(bool(codes) for _, codes in results)
    print(f"| all | {n} | {doc}/{n} = {doc / n:.2f} | {anyl}/{n} = {anyl / n:.2f} |")
    if args.show_misses:
        for page, codes in results:
            if "NL201" not in codes:
                print(f"\n{page['id']} ({page['kind']}) {sorted(codes) or 'no NL2 finding'}:\n{page['text']}")


if __name__ == "__main__":
    main()

"""Line-level quality of the NL1xx (boilerplate) and NL2xx (error-page) rules on real scraped text.

Data: the article-extraction benchmark pages (``../shared/data/aeb`` next to
the repository; ``--data`` to change it): ``ground-truth.json`` holds a human
gold body per page, ``extracted/<tool>.json`` the text five extractors produced.

Labels. Every non-blank line of an extracted text is *article* or *leftover*:

- Text is normalised (NFKC, case-folded) and split into word tokens; Han and
  kana characters are one token each (those scripts have no spaces).
- A line of three or more tokens is article when at least half of its word
  trigrams occur in the gold body's trigrams; otherwise it is leftover.
- A line of one or two tokens has no trigram. It is article when the same
  normalised text is a whole line (paragraph) of the gold body: a subheading or
  a list item stands alone in the gold too; a UI label ("Share", "News") never
  does. ``--short skip`` leaves such lines out of the counts instead.
- Lines without any word token (rules, bullets alone) are not counted.

Mind that the gold has no headline, so a headline line is "leftover" for the
labels; the rules do not (and should not) report headlines, which only lowers
recall. A finding at line 0 (NL201, whole document) flags every line.

Prints, per extractor and per family (NL1, NL2, both), line-level precision,
recall and F1, then the false positives for inspection, then throughput
(documents per second of all NL1+NL2 rules through the engine, in-process,
one core, measured in CPU time).
``evaluate(data_dir)`` returns the same numbers as a dict for
``benchmarks/quality.py``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Optional

from newslint import Document, Finding
from newslint.app import rule_linter
from newslint.engine import Linter
from newslint.plugins import load_registry

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO / ".." / "shared" / "data" / "aeb"
EXTRACTORS = ("html-text", "trafilatura", "newspaper", "readability", "goose3")
FAMILIES = {"NL1": ("NL1",), "NL2": ("NL2",), "NL1+NL2": ("NL1", "NL2")}
# Share of a line's word trigrams that must occur in the gold for the line to be article.
ARTICLE_OVERLAP = 0.5

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def trigrams(toks: list[str]) -> set[tuple[str, ...]]:
    return {tuple(toks[i : i + 3]) for i in range(len(toks) - 2)}


class Gold:
    """The gold body of one page, ready for labelling lines."""

    def __init__(self, body: str) -> None:
        self.trigrams = trigrams(tokens(body))
        self.lines = {" ".join(tokens(line)) for line in body.split("\n")}

    def label(self, line: str, short: str = "label") -> Optional[bool]:
        """True = leftover, False = article, None = not counted."""
        toks = tokens(line)
        if not toks:
            return None
        if len(toks) < 3:
            if short == "skip":
                return None
            return " ".join(toks) not in self.lines
        grams = trigrams(toks)
        return len(grams & self.trigrams) < ARTICLE_OVERLAP * len(grams)


def build_linter(exclude: tuple[str, ...] = (), default_only: bool = False) -> Linter:
    """NL1 and NL2 rules, less the ``exclude`` code prefixes and, with ``default_only``, the preview rules."""
    registry = load_registry(autoload=False)
    rules = {
        code: rule
        for code, rule in registry.rules.items()
        if code.startswith(("NL1", "NL2"))
        and not (exclude and code.startswith(exclude))
        and not (default_only and getattr(rule, "preview", False))
    }
    return rule_linter(rule for _, rule in sorted(rules.items()))


def flagged_lines(findings: Iterable[Finding], n_lines: int, prefixes: tuple[str, ...]) -> dict[int, str]:
    """Line number -> code of the first finding on it (line 0 findings flag every line)."""
    out: dict[int, str] = {}
    for finding in findings:
        if not finding.code.startswith(prefixes):
            continue
        if finding.line == 0:
            for number in range(1, n_lines + 1):
                out.setdefault(number, finding.code)
        else:
            out.setdefault(finding.line, finding.code)
    return out


def _scores(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def evaluate(
    data_dir: str | Path = DEFAULT_DATA, short: str = "label", exclude: tuple[str, ...] = (), default_only: bool = False
) -> dict[str, Any]:
    """Quality per extractor and family, false positives, per-code counts and throughput."""
    data = Path(data_dir)
    gold_raw = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {doc_id: Gold(item["articleBody"]) for doc_id, item in gold_raw.items()}
    linter = build_linter(exclude, default_only)
    results: dict[str, Any] = {"extractors": {}, "false_positives": [], "per_code": {}}
    per_code: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0})
    documents = 0
    seconds = 0.0
    for tool in EXTRACTORS:
        path = data / "extracted" / f"{tool}.json"
        if not path.exists():
            continue
        extracted = json.loads(path.read_text(encoding="utf-8"))
        counts = {family: [0, 0, 0] for family in FAMILIES}  # tp, fp, fn
        for doc_id, item in sorted(extracted.items()):
            text = (item.get("articleBody") or "").replace("\r\n", "\n")
            if doc_id not in gold or not text.strip():
                continue
            doc = Document(text=text, path=f"{tool}.json", doc_id=doc_id, url=gold_raw[doc_id].get("url"))
            # CPU time of this process: wall-clock time is meaningless on a shared machine.
            start = time.process_time()
            findings = linter.lint_document(doc)
            seconds += time.process_time() - start
            documents += 1
            lines = text.split("\n")
            labels = [gold[doc_id].label(line, short) for line in lines]
            for family, prefixes in FAMILIES.items():
                flags = flagged_lines(findings, len(lines), prefixes)
                tally = counts[family]
                for number, label in enumerate(labels, start=1):
                    if label is None:
                        continue
                    hit = number in flags
                    tally[0] += hit and label
                    tally[1] += hit and not label
                    tally[2] += (not hit) and label
                    if family == "NL1+NL2" and hit:
                        per_code[flags[number]]["tp" if label else "fp"] += 1
                        if not label:
                            message = next((f.message for f in findings if f.line in (number, 0)), "")
                            results["false_positives"].append(
                                {
                                    "extractor": tool,
                                    "doc_id": doc_id,
                                    "line": number,
                                    "code": flags[number],
                                    "text": lines[number - 1].strip(),
                                    "message": message,
                                }
                            )
        results["extractors"][tool] = {family: _scores(*tally) for family, tally in counts.items()}
    results["per_code"] = dict(sorted(per_code.items()))
    results["throughput"] = {
        "documents": documents,
        "seconds": seconds,
        "docs_per_second": documents / seconds if seconds else 0.0,
    }
    return results


def _print(results: dict[str, Any], show_fp: int) -> None:
    print(f"{'extractor':<12} {'family':<8} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>6} {'fp':>5} {'fn':>6}")
    for tool, families in results["extractors"].items():
        for family, s in families.items():
            print(
                f"{tool:<12} {family:<8} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f} "
                f"{s['tp']:>6} {s['fp']:>5} {s['fn']:>6}"
            )
    print("\nper code (all extractors): true / false positive lines")
    for code, c in results["per_code"].items():
        print(f"  {code}: {c['tp']} / {c['fp']}")
    fps = results["false_positives"]
    print(f"\nfalse positives ({len(fps)}; showing {min(show_fp, len(fps))}):")
    for fp in fps[:show_fp]:
        print(f"  {fp['extractor']:<11} {fp['doc_id'][:10]}:{fp['line']:<4} {fp['code']} {fp['text'][:100]!r}")
    t = results["throughput"]
    print(
        f"\nthroughput: {t['documents']} documents in {t['seconds']:.2f} s = {t['docs_per_second']:.0f} documents/s "
        "(all NL1+NL2 rules, in-process, one core, CPU time)"
    )


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="the aeb data folder (default: %(default)s)")
    parser.add_argument(
        "--short",
        choices=("label", "skip"),
        default="label",
        help="how to label lines of fewer than three words (see the module docstring)",
    )
    parser.add_argument("--show-fp", type=int, default=1000, help="how many false positives to print")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead")
    parser.add_argument("--exclude", default="", help="comma-separated code prefixes to leave out (e.g. NL111,NL112)")
    parser.add_argument("--default-only", action="store_true", help="leave out preview rules")
    args = parser.parse_args(argv)
    if not (Path(args.data) / "ground-truth.json").exists():
        print(f"no ground-truth.json under {args.data}", file=sys.stderr)
        return 2
    exclude = tuple(code for code in args.exclude.split(",") if code)
    results = evaluate(args.data, args.short, exclude, args.default_only)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        _print(results, args.show_fp)
    return 0


if __name__ == "__main__":
    sys.exit(main())

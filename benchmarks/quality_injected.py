"""Precision and recall of the duplication (NL301-NL303) and truncation (NL401-NL405) rules.

Builds a labelled set from the human gold bodies of the article extraction
benchmark (``ground-truth.json``), with a seeded RNG:

* negatives: every gold body untouched, and every gold body followed by
  footer lines (copyright, newsletter, byline, "contributed reporting",
  correction, dateline) that must not make it "truncated";
* NL301: a real caption inserted, then repeated with a photo credit appended or
  prepended (credit forms varied, some never seen while writing the patterns);
* NL302: stray credit lines, captions carrying a credit, captions fused into a
  paragraph;
* NL303: one paragraph repeated, and the whole body twice;
* NL401: cuts mid-sentence and mid-word, also under a footer;
* NL402: cuts followed by ``...``, ``[…]``, "Read more", "Continue reading";
* NL403: cuts at a sentence end followed by a paywall stub;
* NL404: cuts at exactly a storage limit (characters or UTF-8 bytes);
* NL405: cuts after a full stop inside an open quotation.

Runs the rules in-process and prints precision/recall per rule, then every
NL3/NL4 finding on the unmodified gold bodies. A finding is a true positive
when it has the injected code at the injected line; on truncated documents any
NL4xx finding counts as correct for precision (the document *is* truncated)
but only the injected code counts for recall. Findings on gold bodies that are
really defective (labelled by reading them, see ``GOLD_DEFECTS``) are not false
positives.

    python benchmarks/quality_injected.py [--data ../shared/data/aeb] [--seed 4]

``evaluate(data_dir)`` returns the numbers as a dict (used by benchmarks/quality.py).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from newslint import Document
from newslint.rules.duplication import DuplicatedCaption, PhotoCredit, RepeatedParagraph
from newslint.rules.truncation import (
    CutMarkerEnding,
    MidSentenceEnding,
    PaywallStub,
    StorageLimitLength,
    UnclosedQuoteEnding,
)

ROOT = Path(__file__).resolve().parent.parent
RULES = (
    DuplicatedCaption,
    PhotoCredit,
    RepeatedParagraph,
    MidSentenceEnding,
    CutMarkerEnding,
    PaywallStub,
    StorageLimitLength,
    UnclosedQuoteEnding,
)
CODES = tuple(r.code for r in RULES)

# Gold bodies that really have a defect (read by a human): id prefix -> {code: why}.
GOLD_DEFECTS = {
    "042bb7b5fe": {"NL402": "WSJ paywall: the gold body itself ends 'All...'"},
    "7ab16ade32": {"NL402": "WSJ paywall: the gold body itself ends 'further discipline....'"},
    "fde930b018": {"NL402": "Business Insider newsletter teaser cut: '... Need to Know.\"...'"},
    "360c732d1f": {"NL302": "gold keeps 'Main image credit: Getty'"},
    "686bb170ef": {"NL302": "gold keeps '(Image credit: All About Space)'"},
    "c50845a715": {"NL302": "gold keeps '(Image credit: All About Space)'"},
    "e7d77f1869": {"NL302": "gold keeps 'Image Source: Neil Godwin / Future Publishing/Shutterstock'"},
    "0ec95c7261": {"NL302": "Korean photo credit '[사진=JTBC, 이매진아시아]' kept in the gold"},
    "9da36ae471": {"NL302": "Korean photo credit '[사진=MBC, SBS]' kept in the gold"},
}

# Real captions from the benchmark's pages (credits removed), plus the seed's.
CAPTIONS = [
    "Russian President Vladimir Putin has publicly acknowledged that IS bombed a Russian airliner over Sinai last month",
    "Spain's Rafael Nadal celebrates a point against Russia's Karen Khachanov during their Davis Cup tennis match in Madrid, Spain, Tuesday, Nov. 19, 2019.",
    "Vicente Aguiar loads garage door trims into his pickup truck outside a Home Depot in Hialeah, Fla.",
    "A cyclist rides next to a blocked petrol plant of Senkata in the outskirts of La Paz, Bolivia, November 19, 2019.",
    "Protesters have worn masks to protect their identities",
    "The road to retiring early isn't easy.",
    "A couple in Mongolia in May 2019 who died are suspected to have eaten a Marmot - a large rodent",
    "President Trump at the Economic Club of New York last week.",
    "Rep. Ilhan Omar, D-Minn., speaks at the Capitol on July 25, 2019.",
    "US professor Kevin King (left) and his Australian colleague Timothy Weeks",
    "More than 4,000 people are expected to receive notice in coming weeks",
    "The core stage of the first SLS at Michoud Assembly Facility after the installation in early November of its four RS-25 engines.",
    "Beijing Chaoyang Hospital in Beijing, China, where plague-infected people from Inner Mongolia sought treatment",
    "Scooter Braun and Scott Borchetta pose for a photo at a private residence on June 28, 2019 in Montecito, California.",
    "New Horizons took this image of the icy moon Europa rising above Jupiter's cloud tops in February 2007",
    "An MSC cargo ship leaves PortMiami, on Aug. 31, 2019.",
    "The house where Adolf Hitler was born in Braunau am Inn, Austria.",
    "Former Massachusetts Gov. Deval Patrick, left, speaks with a business owner during a campaign stop in Columbia, S.C.",
    "The plague wiped out half of Europe in the 14th century",
    "Traders work on the floor at the New York Stock Exchange in New York",
    "Sheikh Mohammed bin Rashid Al Maktoum passes a Boeing 787-10 passenger aircraft during the Dubai Air Show",
    "WeWork chairman Marcelo Claure at the company's headquarters",
]
# Credits appended to a caption (" caption CREDIT"); the last ones were not used to write the patterns.
APPENDED = [
    "Reuters/Philippe Wojazer",
    "REUTERS/Kevin Lamarque",
    "(AP Photo/Evan Vucci)",
    "(AP Photo/Alan Diaz, File)",
    "Photo: Damian Dovarganes, AP",
    "AFP/Getty Images",
    "Kathrin Ziegler/Getty",
    "(Image: GETTY)",
    "Credit: The Siberian Times",
    "(credit: NASA/Jude Guidry)",
    "Image credit: NASA/JPL-Caltech",
    "© Reuters / David Mercado",
    "Alex Wong | Getty Images",
    "J. Scott Applewhite / AP file",
    "(Photo by Kevin Mazur/Getty Images for Ithaca Holdings)",
    "Credit... Doug Mills/The New York Times",
    "(Manu Fernandez/AP)",
    "Getty",
    "AFP",
    "EPA/JIM LO SCALZO",
    "SOPA Images/LightRocket via Getty Images",
    "Picture: PA Wire/PA Images",
    "(Courtesy of NASA)",
    "Foto: dpa",
    "Jane Doe for The Guardian",
    "Supplied",
    "Xinhua/Li Xin",
]
PREPENDED = [
    "Reuters/Philippe Wojazer",
    "(AP Photo/Evan Vucci)",
    "Photo: Tim Clayton.",
    "Image credit: Getty Images.",
    "© Sapa - AFP",
    "AFP/Getty Images",
]
CREDIT_LINES = [
    "Photo: Tim Clayton",
    "© Sapa - AFP",
    "Courtesy: San Jose State Athletics",
    "(Getty Images)",
    "Photo: Damian Dovarganes, AP",
    "Image credit: All About Space",
    "Michael Conroy, AP",
    "Natalie Naccache | Bloomberg | Getty Images",
    "Sanjeev Verma/Hindustan Times/Getty Images",
    "Photo by Jason Kempin/Getty Images",
    "Image copyright Getty Images",
    "Shutterstock",
    "Photograph: Jeenah Moon/Bloomberg/Getty Images",
    "Getty Images/iStockphoto",
    "REUTERS/Brendan McDermid",
    "Photo courtesy of the Smith family",
    "Illustration by Jane Doe",
    "Credit: NASA/JPL-Caltech/SwRI",
    "Picture: Tim Clayton/Corbis via Getty Images",
    "Фото: ТАСС",
    "EPA-EFE/JUSTIN LANE",
    "Supplied",
    "AP Photo",
]
FUSABLE = [
    "Reuters/Philippe Wojazer",
    "(AP Photo/Evan Vucci)",
    "(Image: GETTY)",
    "(Photo by Kevin Mazur/Getty Images)",
    "AFP/Getty Images",
    "(Manu Fernandez/AP)",
]
FOOTERS = [
    "© 2019 The Associated Press. All rights reserved.",
    "Sign up for our daily newsletter",
    "Share this article",
    "Reporting by Jane Doe; Editing by John Smith",
    "Jane Doe contributed reporting from Paris.",
    "Correction: An earlier version of this article misstated the date of the vote.",
    "Follow us on Twitter @example",
    "Published November 19, 2019",
    "By Jane Doe",
    "Copyright 2019 Hawaii News Now. All rights reserved.",
    "Contributing: Kristine Phillips",
    "With Post wires",
    "Advertisement",
    "Related: Five things to know about the vote",
    "Tags: politics, europe, elections",
    "— Jane Doe (@janedoe) November 19, 2019",
]
MARKERS = [
    "...",
    "…",
    " [...]",
    " […]",
    "\n\nRead more",
    "\n\nContinue reading",
    "\n\nRead the full story",
    "\n\nContinue reading »",
]
STUBS = [
    "To continue reading, subscribe now.",
    "The full article contains 339 words and appears in The Times newspaper.",
    "To Read the Full Story, Subscribe or Sign In",
    "Subscribe to read the rest of this article.",
    "This article is only available to subscribers.",
    "Already a subscriber? Log in to continue reading.",
    "Para continuar leyendo, suscríbete.",
    "You have reached your limit of free articles this month.",
]
LIMITS = (255, 1000, 1024, 2048, 4096, 10000, 32767)
_SENT_END = re.compile(r"[.!?…。！？][\"'”’)]*$")
_WORD_GAP = re.compile(r"\s+")


@dataclass
class Case:
    """One document of the labelled set: expected (code, line) pairs; line None = anywhere."""

    kind: str
    base: str
    text: str
    expected: list[tuple[str, Optional[frozenset[int]]]] = field(default_factory=list)
    truncated: bool = False


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _insert(body: str, rng: random.Random, block: list[str]) -> tuple[str, int]:
    """Insert ``block`` (lines) at a random paragraph boundary; return the text and the block's first line number."""
    lines = _lines(body)
    gaps = [i for i in range(1, len(lines)) if not lines[i - 1].strip() or not lines[i].strip()] or [len(lines)]
    at = rng.choice(gaps)
    new = lines[:at] + [""] + block + [""] + lines[at:]
    return "\n".join(new), at + 2


def _cut_points(body: str, rng: random.Random, lo: float = 0.3) -> list[int]:
    """Word boundaries in the second part of the body where no sentence ends (cutting there leaves a stub)."""
    points = [m.start() for m in _WORD_GAP.finditer(body, int(len(body) * lo)) if "\n" not in m.group()]
    return [p for p in points if not _SENT_END.search(body[:p]) and body[p - 1].isalnum()]


def _duplication_cases(gold: dict[str, str], rng: random.Random) -> list[Case]:
    cases = []
    for key, body in gold.items():
        caption = rng.choice(CAPTIONS)
        credit = rng.choice(APPENDED)
        if rng.random() < 0.75:
            repeat = f"{caption} {credit}"
        else:
            repeat = f"{rng.choice(PREPENDED)} {caption}"
        text, first = _insert(body, rng, [caption, "", repeat])
        cases.append(Case("caption+repeat", key, text, [("NL301", frozenset({first + 2}))]))
        line = rng.choice(CREDIT_LINES)
        text, first = _insert(body, rng, [line])
        cases.append(Case("credit-line", key, text, [("NL302", frozenset({first}))]))
        text, first = _insert(body, rng, [f"{rng.choice(CAPTIONS).rstrip('.')}. {rng.choice(APPENDED[:19])}"])
        cases.append(Case("caption+credit", key, text, [("NL302", frozenset({first}))]))
        lines = _lines(body)
        prose = [i for i, line in enumerate(lines) if len(line.split()) >= 20 and _SENT_END.search(line.strip())]
        if prose:
            i = rng.choice(prose)
            fused = lines[:]
            fused[i] = f"{rng.choice(CAPTIONS).rstrip('.')} {rng.choice(FUSABLE)} {lines[i]}"
            cases.append(Case("fused-caption", key, "\n".join(fused), [("NL302", frozenset({i + 1}))]))
            j = rng.choice([k for k in range(i + 1, len(lines) + 1)])
            doubled = lines[:j] + ["", lines[i]] + lines[j:]
            cases.append(Case("repeated-paragraph", key, "\n".join(doubled), [("NL303", frozenset({j + 2}))]))
        n = len(lines)
        twice = body + "\n\n" + body
        cases.append(Case("body-twice", key, twice, [("NL303", frozenset(range(n + 2, 2 * n + 2)))]))
    return cases


def _truncation_cases(gold: dict[str, str], rng: random.Random) -> list[Case]:
    cases = []
    for key, body in gold.items():
        points = _cut_points(body, rng)
        if points:
            cut = rng.choice(points)
            cases.append(Case("cut-mid-sentence", key, body[:cut].rstrip(), [("NL401", None)], True))
            footer = "\n\n".join(rng.sample(FOOTERS, 2))
            cases.append(Case("cut-under-footer", key, body[:cut].rstrip() + "\n\n" + footer, [("NL401", None)], True))
            marker = rng.choice(MARKERS)
            cases.append(Case("cut+marker", key, body[: rng.choice(points)].rstrip() + marker, [("NL402", None)], True))
        words = [m for m in re.finditer(r"\b[^\W\d_]{5,}\b", body[int(len(body) * 0.3) :])]
        if words:
            m = rng.choice(words)
            cut = int(len(body) * 0.3) + m.start() + rng.randint(2, len(m.group()) - 2)
            cases.append(Case("cut-mid-word", key, body[:cut], [("NL401", None)], True))
        ends = [m.end() for m in re.finditer(r"[.!?][\"'”’)]*(?=\s)", body) if m.end() > len(body) * 0.2]
        if ends:
            cut = rng.choice(ends)
            cases.append(Case("stub", key, body[:cut] + "\n\n" + rng.choice(STUBS), [("NL403", None)], True))
        limits = [n for n in LIMITS if n < len(body)]
        if limits:
            limit = rng.choice(limits)
            raw = body.encode("utf-8")
            text = raw[:limit].decode("utf-8", "ignore") if not body.isascii() else body[:limit]
            if len(text) == limit or len(text.encode("utf-8")) == limit:
                cases.append(Case("storage-limit", key, text, [("NL404", None)], True))
        quoted = _open_quote_cuts(body)
        if quoted:
            cases.append(Case("cut-inside-quote", key, body[: rng.choice(quoted)], [("NL405", None)], True))
        footer = "\n\n".join(rng.sample(FOOTERS, 3))
        cases.append(Case("body+footer", key, body.rstrip() + "\n\n" + footer))
    return cases


def _open_quote_cuts(body: str) -> list[int]:
    """Sentence ends inside an open “...” quotation (the quote goes on after the cut)."""
    cuts = []
    for para in re.finditer(r"[^\n]+", body):
        text = para.group()
        for m in re.finditer(r"[.!?](?=\s+\S)", text):
            before = text[: m.end()]
            if "„" not in text and before.count("“") > before.count("”") and m.start() > len(text) * 0.2:
                cuts.append(para.start() + m.end())
    return [c for c in cuts if c > len(body) * 0.3]


def _run(rules, text: str) -> list[tuple[str, int, str]]:
    doc = Document(text=text, path="<bench>")
    out = []
    for rule in rules:
        for hit in rule.check(doc):
            line = 0 if hit.start is None else doc.position(hit.start)[0]
            out.append((rule.code, line, hit.message))
    return out


def _known(base: str, code: str) -> bool:
    return code in GOLD_DEFECTS.get(base, {})


def build_cases(data_dir: str | Path, seed: int = 4) -> list[Case]:
    """The labelled set: gold bodies, then the injected documents."""
    raw = json.loads((Path(data_dir) / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {key[:10]: value["articleBody"] for key, value in raw.items() if value.get("articleBody")}
    rng = random.Random(seed)
    cases = [Case("gold", key, body) for key, body in gold.items()]
    return cases + _duplication_cases(gold, rng) + _truncation_cases(gold, rng)


def evaluate(data_dir: str | Path, seed: int = 4) -> dict:
    """Build the labelled set from ``data_dir`` (the aeb folder), run the rules, return the numbers."""
    rules = [rule() for rule in RULES]
    cases = build_cases(data_dir, seed)
    tp, fp, fn, expected = defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(int)
    false_positives: list[str] = []
    misses: list[str] = []
    gold_findings: list[str] = []
    started = time.process_time()
    for case in cases:
        found = _run(rules, case.text)
        matched = set()
        for code, lines in case.expected:
            expected[code] += 1
            hits = [i for i, (c, line, _) in enumerate(found) if c == code and (lines is None or line in lines)]
            if hits:
                matched.add(hits[0])
            else:
                fn[code] += 1
                misses.append(f"{case.kind} {case.base} {code} lines={sorted(lines)[:3] if lines else '-'}")
        for i, (code, line, message) in enumerate(found):
            family_ok = case.truncated and code.startswith("NL4")
            ok = i in matched or family_ok or _known(case.base, code)
            (tp if ok else fp)[code] += 1
            if case.kind == "gold":
                why = GOLD_DEFECTS.get(case.base, {}).get(code)
                verdict = f"true defect: {why}" if why else "FALSE POSITIVE"
                gold_findings.append(f"{case.base}:{line} {code} {message}  [{verdict}]")
            elif not ok:
                false_positives.append(f"{case.kind} {case.base}:{line} {code} {message}")
    elapsed = time.process_time() - started
    per_rule = {}
    for code in CODES:
        found = tp[code] + fp[code]
        per_rule[code] = {
            "expected": expected[code],
            "found": found,
            "true_positives": tp[code],
            "false_positives": fp[code],
            "precision": tp[code] / found if found else None,
            "recall": (expected[code] - fn[code]) / expected[code] if expected[code] else None,
        }
    families = {}
    for family in ("NL3", "NL4"):
        hits = sum(tp[c] for c in CODES if c.startswith(family))
        found = hits + sum(fp[c] for c in CODES if c.startswith(family))
        families[family] = {"found": found, "true_positives": hits, "precision": hits / found if found else None}
    kinds = defaultdict(int)
    for case in cases:
        kinds[case.kind] += 1
    gold_false = sum(1 for line in gold_findings if line.endswith("[FALSE POSITIVE]"))
    return {
        "cases": len(cases),
        "kinds": dict(kinds),
        "rules": per_rule,
        "families": families,
        "gold_documents": kinds["gold"],
        "gold_false_positives": gold_false,
        "gold_findings": gold_findings,
        "false_positives": false_positives,
        "misses": misses,
        "docs_per_second": len(cases) / elapsed,
    }


def scan_extracted(data_dir: str | Path) -> dict:
    """Run the rules on the real extracted texts: findings per tool and rule, and throughput."""
    rules = [rule() for rule in RULES]
    counts: dict[str, dict[str, int]] = {}
    docs = chars = 0
    elapsed = 0.0
    for path in sorted((Path(data_dir) / "extracted").glob("*.json")):
        tool = counts.setdefault(path.stem, defaultdict(int))
        for value in json.loads(path.read_text(encoding="utf-8")).values():
            text = value.get("articleBody") or ""
            started = time.process_time()
            found = _run(rules, text)
            elapsed += time.process_time() - started
            docs, chars = docs + 1, chars + len(text)
            for code, _, _ in found:
                tool[code] += 1
    return {
        "findings": {tool: dict(c) for tool, c in counts.items()},
        "documents": docs,
        "docs_per_second": docs / elapsed,
        "mb_per_second": chars / elapsed / 1e6,
    }


def _fmt(value: Optional[float]) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "aeb"))
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--show-fp", type=int, default=30, help="print at most this many false positives")
    parser.add_argument("--show-fn", type=int, default=0, help="print at most this many missed defects")
    args = parser.parse_args(argv)
    result = evaluate(args.data, args.seed)
    print(f"{result['cases']} documents: " + ", ".join(f"{k} {v}" for k, v in result["kinds"].items()))
    print(f"{'rule':6} {'expected':>8} {'found':>6} {'TP':>5} {'FP':>4} {'precision':>9} {'recall':>7}")
    for code, r in result["rules"].items():
        print(
            f"{code:6} {r['expected']:8d} {r['found']:6d} {r['true_positives']:5d} {r['false_positives']:4d} "
            f"   {_fmt(r['precision'])}  {_fmt(r['recall'])}"
        )
    for family, r in result["families"].items():
        print(
            f"{family}xx  all findings {r['found']}, true {r['true_positives']}, precision {_fmt(r['precision']).strip()}"
        )
    print(
        f"\nAll {len(result['gold_findings'])} findings on the {result['gold_documents']} unmodified gold bodies "
        f"({result['gold_false_positives']} false positives):"
    )
    for line in result["gold_findings"]:
        print("  " + line)
    print(f"\nFalse positives on injected documents ({len(result['false_positives'])}):")
    for line in result["false_positives"][: args.show_fp]:
        print("  " + line)
    print(f"\nMissed ({len(result['misses'])}):")
    for line in result["misses"][: args.show_fn]:
        print("  " + line)
    print(
        f"\nThroughput on the labelled set: {result['docs_per_second']:.0f} documents/s (all 8 rules, in-process, CPU time)"
    )
    real = scan_extracted(args.data)
    print(
        f"\nReal extracted texts ({real['documents']} documents): {real['docs_per_second']:.0f} documents/s, "
        f"{real['mb_per_second']:.1f} MB/s (all 8 rules, in-process, CPU time of one core)"
    )
    for tool, found in real["findings"].items():
        print(f"  {tool:12} " + " ".join(f"{code}:{found.get(code, 0)}" for code in CODES))
    return 0


if __name__ == "__main__":
    sys.exit(main())

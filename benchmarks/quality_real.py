"""Detection quality on real pages: newslint against human gold text and against C4's line policy.

    python benchmarks/quality_real.py [--data ../shared/data/real-dev] [--half test|tune|all]
        [--select CODES] [--json FILE] [--sample N --sample-out FILE.tsv] [--labels FILE.tsv ...]
        [--gold-out FILE.tsv] [--no-preview]

Data: ``real-dev/{dragnet,cleaneval}/`` (raw HTML and gold ``articleBody``/``comments``; see its
README). Each page is extracted three ways (cached under ``benchmarks/.cache/real/``):
``traf-comments`` (trafilatura.extract, include_comments=True), ``traf-nocomments``
(include_comments=False) and ``visible`` (every visible text block, one per line, by html-text).
Empty extractions are skipped and counted. The gold bodies themselves are linted as a fourth
"extraction", ``gold``, for the document rules NL4xx/NL5xx.

Halves: a page is in ``tune`` or ``test`` by the parity of blake2b("corpus/id")[0]; tune rules on
``tune``, report on ``test`` (the default). Cross-document rules (NL150, NL35x) see only the half.

newslint runs as a subprocess through its CLI (``--isolated --select ALL --output-format
json-lines``; ``--preview`` when the CLI has it, unless ``--no-preview``: then the default rules
only), once per (corpus, extraction).

Line labels (the README's rule): a line is *article* when at least half of its word trigrams occur
in the gold body (one- or two-word lines: when they equal a whole gold line after case and
punctuation normalisation); else *comment* when it matches the gold comments the same way; else
*leftover*. Lines without a word are not counted. Comment lines are left out of boilerplate
precision and recall. A whole-document NL1/NL2 finding (line 0, e.g. NL201) flags every line.

Precision vs gold = leftover / (leftover + article) over flagged lines; it is the right measure
for boilerplate (NL1, NL150, NL2) only: NL3-NL5 findings sit on article lines by nature, read them.
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import json
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable, Optional

import _real as R

Stratum = tuple[str, str]  # (corpus, extraction)
FAMILIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # name -> (prefixes, excluded)
    "NL1": (("NL1",), ("NL150",)),
    "NL150": (("NL150",), ()),
    "NL2": (("NL2",), ()),
    "NL3": (("NL3",), ()),
    "NL4": (("NL4",), ()),
    "NL5": (("NL5",), ()),
}
BOILERPLATE = {
    "newslint": (("NL1", "NL2"), ()),
    "NL1": FAMILIES["NL1"],
    "NL150": FAMILIES["NL150"],
    "NL2": FAMILIES["NL2"],
}


def family_of(code: str) -> str:
    return (
        next(name for name, (pre, excl) in FAMILIES.items() if code.startswith(pre) and not code.startswith(excl))
        if code.startswith(("NL1", "NL2", "NL3", "NL4", "NL5"))
        else code[:3]
    )


def in_family(code: str, spec: tuple[tuple[str, ...], tuple[str, ...]]) -> bool:
    return code.startswith(spec[0]) and not (spec[1] and code.startswith(spec[1]))


# ---------------------------------------------------------------- linting

NEWSLINT = [sys.executable, "-m", "newslint"]


@functools.cache
def cli_info() -> tuple[str, bool]:
    """The installed newslint's ``--version`` text plus a digest of its code and data, and whether
    its CLI has ``--preview`` (the digest keeps cached findings from outliving a change of a rule)."""
    version = subprocess.run(NEWSLINT + ["--version"], capture_output=True, text=True).stdout
    helptext = subprocess.run(NEWSLINT + ["--help"], capture_output=True, text=True).stdout
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import newslint, newslint.packs.builtin as b; print(newslint.__path__[0]); print(b.__path__[0])",
        ],
        capture_output=True,
        text=True,
    ).stdout.split()
    digest = hashlib.blake2b(digest_size=8)
    for folder in where:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix in (".py", ".toml", ".json", ".txt") and "__pycache__" not in path.parts:
                digest.update(path.as_posix().encode() + path.read_bytes())
    return f"{version} {digest.hexdigest()}", "--preview" in helptext


def lint(inp: Path, select: str, timings: dict[str, Optional[float]], preview: bool = True) -> list[dict[str, Any]]:
    """Findings of ``newslint`` on one JSONL file (cached by input, options, newslint's version and code)."""
    version, has_preview = cli_info()
    cmd = ["--isolated", "--select", select, "--output-format", "json-lines", "--exit-zero", "-q"]
    if preview and has_preview:
        cmd.append("--preview")
    digest = hashlib.blake2b(inp.read_bytes(), digest_size=16)
    digest.update((version + " ".join(cmd)).encode())
    key = digest.hexdigest()[:16]
    out = inp.with_suffix(f".{key}.findings")
    seconds = out.with_suffix(".seconds")
    if not out.exists():
        start = time.perf_counter()
        run = subprocess.run(NEWSLINT + cmd + ["-o", str(out), str(inp)], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            raise SystemExit(f"newslint failed on {inp}: {run.stderr[-2000:]}")
        seconds.write_text(f"{time.perf_counter() - start:.1f}")
    timings[inp.stem] = float(seconds.read_text()) if seconds.exists() else None
    return list(R.read_jsonl(out))


def finding_lines(f: dict[str, Any], n_lines: int) -> range:
    if not f["line"]:
        return range(1, n_lines + 1)
    return range(f["line"], max(f["line"], f.get("end_line") or f["line"]) + 1)


# ---------------------------------------------------------------- measuring


class StratumData:
    """One (corpus, extraction): texts, line labels and findings of the pages of the half."""

    def __init__(
        self,
        corpus: str,
        extraction: str,
        records: list[dict[str, Any]],
        gold: dict[str, Any],
        findings: list[dict[str, Any]],
    ) -> None:
        self.name = f"{corpus}/{extraction}"
        self.lines = {r["id"]: r["text"].split("\n") for r in records}
        self.labels = {
            i: list(map(R.Labeller(gold[i]).label, lines)) if extraction != R.GOLD else []
            for i, lines in self.lines.items()
        }
        self.findings = [f for f in findings if f.get("doc_id") in self.lines]

    def flagged(self, spec: tuple[tuple[str, ...], tuple[str, ...]]) -> set[tuple[str, int]]:
        out: set[tuple[str, int]] = set()
        for f in self.findings:
            if in_family(f["code"], spec) and (f["line"] or f["code"].startswith(("NL1", "NL2"))):
                out.update((f["doc_id"], n) for n in finding_lines(f, len(self.lines[f["doc_id"]])))
        return out

    def score(self, flagged: Iterable[tuple[str, int]], bands: bool = False) -> dict[str, Any]:
        """tp/fp/fn (comment lines excluded) for a set of flagged (id, line), overall and per band."""
        flagged = set(flagged)
        tally: dict[str, Counter] = defaultdict(Counter)
        for doc_id, labels in self.labels.items():
            for n, (cls, ntok) in enumerate(labels, start=1):
                if cls is None:
                    continue
                hit = (doc_id, n) in flagged
                kind = {R.LEFTOVER: "tp" if hit else "fn", R.ARTICLE: "fp" if hit else "tn"}.get(cls, "comment")
                for key in ("all", R.band(ntok)) if bands else ("all",):
                    tally[key][kind] += 1
                    tally[key]["comment_flagged"] += cls == R.COMMENT and hit
        return {key: prf(c) for key, c in tally.items()}


def prf(c: Counter) -> dict[str, Any]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return {
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": c["tn"],
        "comment": c["comment"],
        "comment_flagged": c["comment_flagged"],
    }


def evaluate(strata: dict[Stratum, StratumData], gold_counts: dict[str, int]) -> dict[str, Any]:
    res: dict[str, Any] = {"per_code": {}, "per_family": {}, "boilerplate": {}, "bands": {}, "gold": {}}
    for (corpus, ext), st in strata.items():
        if ext == R.GOLD:
            codes = Counter(f["code"] for f in st.findings)
            docs = Counter(code for code, _ in {(f["code"], f["doc_id"]) for f in st.findings})
            n = gold_counts[corpus]
            res["gold"][st.name] = {
                "bodies": n,
                "findings": dict(codes),
                "documents": dict(docs),
                "per_1000": {c: 1000 * k / n for c, k in codes.items()},
            }
            continue
        per_code: dict[str, Any] = {}
        for code in sorted({f["code"] for f in st.findings}):
            fs = [f for f in st.findings if f["code"] == code]
            lines = {(f["doc_id"], f["line"]) for f in fs if f["line"]}
            per_code[code] = {
                "line_findings": sum(1 for f in fs if f["line"]),
                "doc_findings": sum(1 for f in fs if not f["line"]),
                **st.score(lines)["all"],
            }
        res["per_code"][st.name] = per_code
        res["per_family"][st.name] = {
            fam: st.score({(f["doc_id"], f["line"]) for f in st.findings if f["line"] and in_family(f["code"], spec)})[
                "all"
            ]
            for fam, spec in FAMILIES.items()
        }
        bp = {name: st.score(st.flagged(spec), bands=True) for name, spec in BOILERPLATE.items()}
        c4 = st.score(
            {(i, n) for i, lines in st.lines.items() for n, line in enumerate(lines, 1) if R.c4_removes(line)},
            bands=True,
        )
        res["boilerplate"][st.name] = {name: s["all"] for name, s in bp.items()} | {"C4": c4["all"]}
        res["boilerplate"][st.name]["c4_document_drops"] = sum(
            R.c4_drops_document("\n".join(v)) for v in st.lines.values()
        )
        res["bands"][st.name] = {b: {name: s.get(b) for name, s in bp.items()} | {"C4": c4.get(b)} for b in R.BANDS}
    return res


# ---------------------------------------------------------------- samples and labels


def finding_keys(
    strata: dict[Stratum, StratumData], gold: bool = False
) -> dict[tuple[str, str, int, str], tuple[StratumData, dict]]:
    """(corpus/extraction, record, line, code) -> finding; ``gold``: the NL4/NL5 findings on the gold bodies instead."""
    out: dict[tuple[str, str, int, str], tuple[StratumData, dict]] = {}
    for (_corpus, ext), st in sorted(strata.items()):
        if (ext == R.GOLD) == gold:
            for f in st.findings:
                if not gold or f["code"].startswith(("NL4", "NL5")):
                    out.setdefault((st.name, f["doc_id"], int(f["line"]), f["code"]), (st, f))
    return out


def sample(keys: dict[tuple[str, str, int, str], Any], n: int) -> list[tuple[str, str, int, str]]:
    """Up to n findings per code, round-robin over the strata, each stratum in a fixed hash order.

    Within a stratum, every document gives one finding before any gives a second: findings of one
    page are alike (one portal's category menu is reported on twenty lines), so a sample that draws
    five of them measures that page, not the rule.
    """
    by_code: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for key in keys:
        by_code[key[3]][key[0]].append(key)

    def spread(stratum: list) -> list:
        ordered = sorted(stratum, key=lambda k: hashlib.blake2b(repr(k).encode()).hexdigest())
        rank: Counter = Counter()
        ranked = []
        for k in ordered:
            ranked.append((rank[k[1]], len(ranked), k))
            rank[k[1]] += 1
        return [k for _, _, k in sorted(ranked)]

    chosen: list[tuple[str, str, int, str]] = []
    for code in sorted(by_code):
        queues = [spread(v) for _, v in sorted(by_code[code].items())]
        picked: list = []
        while len(picked) < n and any(queues):
            for q in queues:
                if q and len(picked) < n:
                    picked.append(q.pop(0))
        chosen += sorted(picked)
    return chosen


def write_sample(path: Path, chosen: list, keys: dict) -> None:
    clean = lambda s: s.replace("\t", " ").replace("\n", " ")  # noqa: E731
    with path.open("w", encoding="utf-8", newline="") as out:
        w = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(["corpus", "record", "line", "code", "label", "note", "auto", "message", "text", "before", "after"])
        for key in chosen:
            st, f = keys[key]
            lines, n = st.lines[key[1]], key[2]
            auto = "document" if not n else st.labels[key[1]][n - 1][0] if st.labels.get(key[1]) else "gold"
            text = lines[n - 1] if n else " / ".join(lines[:2])
            w.writerow(
                [
                    *map(str, key[:3]),
                    key[3],
                    "",
                    "",
                    auto or "",
                    clean(f["message"]),
                    clean(text)[:600],
                    clean(" / ".join(lines[max(0, n - 3) : max(0, n - 1)]))[:600],
                    clean(" / ".join(lines[n : n + 2]))[:600],
                ]
            )


def read_labels(paths: list[str]) -> dict[tuple[str, str, int, str], tuple[str, str]]:
    out = {}
    for path in paths:
        with open(path, encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream, delimiter="\t"):
                if (row.get("label") or "").strip():
                    out[(row["corpus"], row["record"], int(row["line"]), row["code"])] = (
                        row["label"].strip(),
                        row.get("note", ""),
                    )
    return out


def reading(labels: dict, keys: dict, chosen: list, other: Iterable = ()) -> dict[str, Any]:
    """Precision by reading per code and family; ``other``: keys of further findings (gold) that are not stale."""
    # The estimate comes from the current stratified sample only; every other labelled finding
    # (older samples, other sessions) is shown beside it as "all labelled", because those samples
    # were drawn differently (clustered on a few pages) and do not estimate the rule's precision.
    counts: dict[str, Counter] = defaultdict(Counter)
    everything: dict[str, Counter] = defaultdict(Counter)
    for key in chosen:
        if key in labels:
            counts[key[3]][labels[key][0]] += 1
    for key in keys:
        if key in labels:
            everything[key[3]][labels[key][0]] += 1
    totals = Counter(k[3] for k in keys)
    res: dict[str, Any] = {
        "per_code": {},
        "per_family": {},
        "stale": sum(1 for k in labels if k not in keys and k not in other),
        "stale_keys": sorted("\t".join(map(str, k)) for k in labels if k not in keys and k not in other),
        "unlabelled_in_sample": dict(Counter(k[3] for k in chosen if k not in labels)),
    }
    fam: dict[str, list] = defaultdict(list)
    for code in sorted(set(counts) | set(everything)):
        c = counts[code]
        n = c["true"] + c["false"] + c["debatable"]
        row = {
            "findings": totals[code],
            "true": c["true"],
            "false": c["false"],
            "debatable": c["debatable"],
            "strict": c["true"] / n if n else None,
            "lenient": (c["true"] + c["debatable"]) / n if n else None,
            "all_labelled": sum(everything[code].values()),
            "all_strict": everything[code]["true"] / sum(everything[code].values()) if everything[code] else None,
        }
        res["per_code"][code] = row
        fam[family_of(code)].append(row)
    for name, rows in sorted(fam.items()):
        n = sum(r["findings"] for r in rows if r["strict"] is not None)
        res["per_family"][name] = {
            "codes": len(rows),
            "labelled": sum(r["true"] + r["false"] + r["debatable"] for r in rows),
            "strict": sum(r["findings"] * r["strict"] for r in rows if r["strict"] is not None) / n if n else None,
            "lenient": sum(r["findings"] * r["lenient"] for r in rows if r["lenient"] is not None) / n if n else None,
        }
    return res


def gold_reading(labels: dict, gold_keys: dict, bodies: int) -> dict[str, Any]:
    """Labels of the NL4/NL5 findings on the gold bodies (all of them, no sample), per family."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for key in gold_keys:
        counts[family_of(key[3])][labels[key][0] if key in labels else "unlabelled"] += 1
    return {
        fam: dict(c) | {f"{k}_per_1000": 1000 * c[k] / bodies for k in ("true", "false", "debatable")}
        for fam, c in sorted(counts.items())
    }


# ---------------------------------------------------------------- printing


def f2(x: Optional[float]) -> str:
    return "-" if x is None else f"{x:.2f}"


def table(header: list[str], rows: list[list[Any]]) -> str:
    return "\n".join(
        ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        + ["| " + " | ".join(map(str, r)) + " |" for r in rows]
    )


def report(res: dict[str, Any]) -> str:
    out: list[str] = []
    names = list(res["per_code"])
    out.append("## Per code: line findings / whole-document findings, line precision vs gold\n")
    codes = sorted({c for v in res["per_code"].values() for c in v})
    rows = []
    for code in codes:
        cells = [res["per_code"][s].get(code) for s in names]
        rows.append(
            [code] + [f"{c['line_findings']}/{c['doc_findings']} {f2(c['precision'])}" if c else "" for c in cells]
        )
    out.append(table(["code"] + names, rows))
    out.append("\n## Per family: line precision vs gold (flagged lines)\n")
    out.append(
        table(
            ["family"] + names,
            [
                [fam]
                + [
                    f"{f2(res['per_family'][s][fam]['precision'])} "
                    f"({res['per_family'][s][fam]['tp'] + res['per_family'][s][fam]['fp']})"
                    for s in names
                ]
                for fam in FAMILIES
            ],
        )
    )
    out.append("\nNL3-NL5 sit on article lines by nature: their precision vs gold is not their precision; read them.")
    out.append("\n## Boilerplate lines: precision / recall vs gold, newslint (NL1xx+NL2xx+NL150) and families vs C4\n")
    hdr = [
        "corpus/extraction",
        "leftover",
        "article",
        "comment (excl.)",
        "newslint P/R",
        "NL1 P/R",
        "NL150 P/R",
        "NL2 P/R",
        "C4 P/R",
        "C4 doc drops",
    ]
    rows = []
    for s, b in res["boilerplate"].items():
        a = b["newslint"]
        rows.append(
            [s, a["tp"] + a["fn"], a["fp"] + a["tn"], a["comment"]]
            + [f"{f2(b[k]['precision'])} / {f2(b[k]['recall'])}" for k in ("newslint", "NL1", "NL150", "NL2", "C4")]
            + [b["c4_document_drops"]]
        )
    out.append(table(hdr, rows))
    out.append(
        "\nComment-text lines (matching the gold comments) are excluded from these counts. C4 = datatrove "
        "C4QualityFilter's line rules; its document drops (curly bracket, lorem ipsum) are counted, not applied."
    )
    out.append("\n## Boilerplate by line length (words): precision / recall per family, newslint (all) vs C4\n")
    rows = []
    for s, bands in res["bands"].items():
        for b, v in bands.items():
            if v["newslint"]:
                n = v["newslint"]
                rows.append(
                    [s, b, n["tp"] + n["fn"], n["fp"] + n["tn"]]
                    + [f"{f2(v[k]['precision'])} / {f2(v[k]['recall'])}" for k in (*BOILERPLATE, "C4")]
                )
    out.append(
        table(["corpus/extraction", "words", "leftover", "article", *(f"{k} P/R" for k in BOILERPLATE), "C4 P/R"], rows)
    )
    out.append("\n## Gold article bodies linted: findings per 1,000 bodies (target: NL4 <= 5, NL5 <= 2)\n")
    rows, total, bodies = [], Counter(), 0
    for s, g in res["gold"].items():
        fam = Counter()
        for code, k in g["findings"].items():
            fam[family_of(code)] += k
        total += fam
        bodies += g["bodies"]
        rows.append(
            [
                s,
                g["bodies"],
                *(f"{1000 * fam[x] / g['bodies']:.1f}" for x in ("NL3", "NL4", "NL5")),
                ", ".join(f"{c} {k} ({g['documents'][c]} docs)" for c, k in sorted(g["findings"].items())),
            ]
        )
    if bodies:
        rows.append(["all gold", bodies, *(f"{1000 * total[x] / bodies:.1f}" for x in ("NL3", "NL4", "NL5")), ""])
    out.append(table(["gold", "bodies", "NL3 /1000", "NL4 /1000", "NL5 /1000", "findings (documents)"], rows))
    if res.get("gold_reading"):
        out.append(
            "\nThe same NL4/NL5 findings on the gold bodies, by reading (every one labelled, per 1,000 bodies):\n"
        )
        out.append(
            table(
                ["family", "true", "false", "debatable", "unlabelled", "true /1000", "false /1000"],
                [
                    [
                        f,
                        v.get("true", 0),
                        v.get("false", 0),
                        v.get("debatable", 0),
                        v.get("unlabelled", 0),
                        f"{v['true_per_1000']:.1f}",
                        f"{v['false_per_1000']:.1f}",
                    ]
                    for f, v in res["gold_reading"].items()
                ],
            )
        )
    if "reading" in res:
        r = res["reading"]
        out.append("\n## Precision by reading (labels joined on corpus, record, line, code)\n")
        out.append(
            table(
                ["code", "findings", "true", "false", "debatable", "strict", "lenient", "all labelled: n, strict"],
                [
                    [
                        c,
                        v["findings"],
                        v["true"],
                        v["false"],
                        v["debatable"],
                        f2(v["strict"]),
                        f2(v["lenient"]),
                        f"{v['all_labelled']}, {f2(v['all_strict'])}",
                    ]
                    for c, v in r["per_code"].items()
                ],
            )
        )
        out.append(
            "\n"
            + table(
                ["family", "codes", "labelled", "strict", "lenient"],
                [[f, v["codes"], v["labelled"], f2(v["strict"]), f2(v["lenient"])] for f, v in r["per_family"].items()],
            )
        )
        out.append(
            "\nTrue/false/debatable count the labelled findings of the current sample (one finding per document "
            "before a second, round-robin over the strata). "
            "Family precision weights each code's reading precision by its number of findings. "
            f"Labels matching no current finding: {r['stale']}. "
            f"Unlabelled findings in the current sample: {sum(r['unlabelled_in_sample'].values())} "
            f"{r['unlabelled_in_sample'] or ''}"
        )
    return "\n".join(out)


def read_errata(path: Path) -> dict[tuple[str, str], str]:
    """(corpus, page id) -> why its gold body cannot score lines (``benchmarks/reading/gold-errata.tsv``)."""
    with path.open(encoding="utf-8", newline="") as stream:
        return {(r["corpus"], r["id"]): r["reason"] for r in csv.DictReader(stream, delimiter="\t")}


def main(argv: Optional[list[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=R.DEFAULT_DATA, help="the real-dev folder (default: %(default)s)")
    p.add_argument("--half", choices=("test", "tune", "all"), default="test")
    p.add_argument("--select", default="ALL", help="passed to newslint --select")
    p.add_argument("--no-preview", action="store_true", help="lint with the default rules only (no --preview)")
    p.add_argument("--jobs", type=int, default=R.cpu_count(), help="extraction processes")
    p.add_argument("--json", type=Path, help="also write the results as JSON here")
    p.add_argument("--sample", type=int, default=25, help="findings per code in the reading sample")
    p.add_argument("--sample-out", type=Path, help="write the stratified sample here (TSV)")
    p.add_argument("--labels", nargs="*", default=[], help="reading labels (TSV) to join to the findings")
    p.add_argument(
        "--gold-errata",
        type=Path,
        help="TSV (corpus, id, reason) of pages whose gold body, by reading, holds what is not article "
        "(a whole comment thread): linted as usual, left out of the line-level scores",
    )
    p.add_argument(
        "--gold-out", type=Path, help="write every NL4/NL5 finding on the gold bodies here (TSV), for reading"
    )
    args = p.parse_args(argv)
    errata = read_errata(args.gold_errata) if args.gold_errata else {}
    res: dict[str, Any] = {"half": args.half, "extraction": {}, "lint_seconds": {}}
    res["gold_errata"] = {f"{c}/{i}": why for (c, i), why in sorted(errata.items())}
    strata: dict[Stratum, StratumData] = {}
    gold_counts: dict[str, int] = {}
    for corpus in R.CORPORA:
        res["extraction"][corpus] = R.extract_corpus(args.data, corpus, args.jobs)
        gold = R.load_gold(args.data, corpus)
        half_ids = sorted(i for i in gold if R.in_half(corpus, i, args.half))
        dates = {r["id"]: r["date"] for r in R.read_jsonl(R.extraction_path(corpus, "traf-comments")) if r.get("date")}
        gold_records = [
            R.without_placeholder_url({"id": i, "url": gold[i].get("url"), "text": R.normalise(gold[i]["articleBody"])})
            | ({"date": dates[i]} if i in dates else {})
            for i in half_ids
            if gold[i]["articleBody"].strip()
        ]
        gold_counts[corpus] = len(gold_records)
        for ext in (*R.EXTRACTIONS, R.GOLD):
            records = (
                gold_records
                if ext == R.GOLD
                else [
                    R.without_placeholder_url(r)
                    for r in R.read_jsonl(R.extraction_path(corpus, ext))
                    if R.in_half(corpus, r["id"], args.half)
                ]
            )
            inp = R.CACHE / "lint" / args.half / f"{corpus}__{ext}.jsonl"
            inp.parent.mkdir(parents=True, exist_ok=True)
            inp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
            findings = lint(inp, args.select, res["lint_seconds"], not args.no_preview)
            scored = [r for r in records if (corpus, r["id"]) not in errata]
            strata[(corpus, ext)] = StratumData(corpus, ext, scored, gold, findings)
            res.setdefault("documents", {})[f"{corpus}/{ext}"] = {
                "pages_in_half": len(half_ids),
                "linted": len(records),
            }
    res |= evaluate(strata, gold_counts)
    keys = finding_keys(strata)
    chosen = sample(keys, args.sample)
    if args.sample_out:
        write_sample(args.sample_out, chosen, keys)
    gold_keys = finding_keys(strata, gold=True)
    if args.gold_out:
        write_sample(args.gold_out, sorted(gold_keys), gold_keys)
    if args.labels:
        labels = read_labels(args.labels)
        res["reading"] = reading(labels, keys, chosen, set(gold_keys))
        res["gold_reading"] = gold_reading(labels, gold_keys, sum(gold_counts.values()))
    print(f"# Real-page quality: half `{args.half}`\n")
    if errata:
        print(
            "Left out of the scores (gold errata, by reading): "
            + "; ".join(f"{c}/{i}: {why}" for (c, i), why in sorted(errata.items()))
            + "\n"
        )
    print(
        table(
            ["corpus/extraction", "pages in half", "linted (non-empty)"],
            [[k, v["pages_in_half"], v["linted"]] for k, v in res["documents"].items()],
        )
    )
    print(
        "\nExtraction (all pages, cached): "
        + "; ".join(
            f"{c}: {v['pages']} pages in {v['seconds']} s, empty {v['empty']}" for c, v in res["extraction"].items()
        )
    )
    if res["lint_seconds"]:
        print(
            "Linting (wall-clock s per file, -j default, when it was run): "
            + ", ".join(f"{k} {v}" for k, v in res["lint_seconds"].items())
        )
    print()
    print(report(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Peak memory (RSS) of a whole newslint run on a large JSONL corpus, by corpus size.

Generates JSONL corpora of the requested sizes (default 100 MB and 1 GB, in
files of ``--shard`` bytes: newslint's workers take one file each) on the fly
in a temporary folder, from the real scraped texts of the article extraction
benchmark (``../shared/data/aeb/extracted``; every copy gets a distinct tag
word on each paragraph so that documents and lines stay distinct, as in a
real corpus). Runs ``newslint CORPUS`` with the default rule
selection as a subprocess for each size and number of jobs, and prints a table:
documents, findings, wall time, throughput, the peak RSS of the largest single
process (``getrusage(RUSAGE_CHILDREN)`` in a fresh wrapper process, so runs do
not see each other's peak) and the peak memory of the whole process tree
(parent plus workers: the sum of their PSS, sampled from /proc every 20 ms).
Nothing generated is kept.

    python benchmarks/memory_rss.py [--sizes 100M 1G] [--jobs 1 2] [--data ../shared/data/aeb]
                                    [-- extra newslint arguments, e.g. --select NL1]

Bounded memory means the peak does not grow with the corpus: compare the rows.

``--bombs`` measures small files that expand (issue 21) instead: a 1.9 KB
``.jsonl.xz`` of a million empty records (a million ``NL907`` findings, capped
by ``max-findings-per-file``) and a Parquet file of a few KB holding 20 rows of
50 MB each (one dictionary value repeated); the peak should stay under 500 MB.

    python benchmarks/memory_rss.py --bombs [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _corpus import tag, texts

ROOT = Path(__file__).resolve().parent.parent
UNITS = {"K": 10**3, "M": 10**6, "G": 10**9}

# Runs newslint as its only child and reports that child's peak RSS (KiB on Linux).
WRAPPER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=sys.stdout, stderr=subprocess.DEVNULL)
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
"""


def parse_size(text: str) -> int:
    text = text.strip().upper().rstrip("B")
    if text and text[-1] in UNITS:
        return int(float(text[:-1]) * UNITS[text[-1]])
    return int(text)


def generate(bodies: list[str], size: int, shard: int, out: Path) -> tuple[int, int]:
    """Stream about ``size`` bytes of JSONL records into ``out/part-NNNNN.jsonl`` files of about
    ``shard`` bytes (newslint's workers take one file each); returns (documents, bytes)."""
    rng = random.Random(0)
    out.mkdir()
    written = docs = 0
    while written < size:
        with (out / f"part-{written // shard:05d}.jsonl").open("w", encoding="utf-8") as handle:
            in_shard = 0
            while in_shard < shard and written + in_shard < size:
                body, word = rng.choice(bodies), tag(docs)
                text = "\n".join(f"{line} {word}" if line.strip() else line for line in body.split("\n"))
                host = f"site{docs % 300}.example"
                line = json.dumps({"id": f"doc-{docs}", "url": f"https://{host}/news/{docs}", "text": text}) + "\n"
                handle.write(line)
                in_shard += len(line.encode("utf-8"))
                docs += 1
        written += in_shard
    return docs, written


def children_of(pid: int) -> list[int]:
    try:
        return [
            int(child)
            for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()
        ]
    except (OSError, ValueError):
        return []


def descendants_pss_kib(root: int) -> int:
    """Sum of the proportional set size (PSS) of the descendants of ``root`` (Linux /proc; 0 elsewhere).

    PSS, not RSS: forked workers share the parent's pages (the loaded rules and
    their data) copy-on-write, and summing RSS would count those pages once per process.
    """
    total, stack = 0, children_of(root)
    while stack:
        pid = stack.pop()
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except (OSError, ValueError):
            continue
        stack.extend(children_of(pid))
    return total


def lint_command(corpus: Path, jobs: int, *extra: str) -> list[str]:
    """``newslint CORPUS`` as the benchmarks run it: no configuration, json-lines, exit 0 with findings."""
    return [
        sys.executable, "-m", "newslint", str(corpus), "--isolated", "-q", "--exit-zero",
        "--output-format", "json-lines", "-j", str(jobs), *extra,
    ]  # fmt: skip


def measure(corpus: Path, jobs: int, extra: list[str]) -> dict[str, float]:
    command = lint_command(corpus, jobs, *extra)
    result = run_measured(command)
    if result["code"] != 0:  # --exit-zero: 2 means a usage, plugin or internal error
        print(f"warning: newslint exited with {result['code']} (run it by hand: {' '.join(command)})", file=sys.stderr)
    return {k: v for k, v in result.items() if k != "code"}


def run_measured(command: list[str]) -> dict[str, float]:
    """Run ``command`` under WRAPPER: exit code, seconds, peak RSS of its largest process and peak PSS of its tree
    (MiB), and the number of lines it printed (findings, for json-lines; streamed, never held here)."""
    started = time.monotonic()
    wrapper = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak_tree = 0
    sampling = True

    def sample() -> None:
        nonlocal peak_tree
        while sampling:
            peak_tree = max(peak_tree, descendants_pss_kib(wrapper.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert wrapper.stdout is not None and wrapper.stderr is not None
    findings = sum(1 for _ in wrapper.stdout)
    status = wrapper.stderr.read().split()
    wrapper.wait()
    sampling = False
    sampler.join()
    elapsed = time.monotonic() - started
    code, max_rss = int(status[-2]), int(status[-1])
    return {
        "code": code,
        "findings": findings,
        "seconds": elapsed,
        "max_rss_mib": max_rss / 1024,
        "tree_rss_mib": peak_tree / 1024,
    }


def bombs(folder: Path) -> list[tuple[str, Path]]:
    """Small files that expand: a million empty JSONL records in .xz, and 20 x 50 MB Parquet rows."""
    import lzma

    xz = folder / "million-empty.jsonl.xz"
    xz.write_bytes(lzma.compress(b'{"text":""}\n' * 1_000_000, preset=9))
    made = [("1M empty records, .jsonl.xz", xz)]
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # the parquet extra
        return made
    sentence = "The council met on Tuesday and approved the budget. "
    value = sentence * (50_000_000 // len(sentence))
    text = pa.DictionaryArray.from_arrays(pa.array([0] * 20, pa.int32()), pa.array([value]))
    bomb = folder / "twenty-50MB-rows.parquet"
    pq.write_table(pa.table({"text": text}), bomb, compression="zstd")
    del value, text
    made.append(("20 x 50 MB rows, .parquet", bomb))
    return made


def selected_rules(extra: list[str]) -> str:
    """The codes a run with ``extra`` selects, as newslint reports them (``rules`` lists all)."""
    listed = subprocess.run(
        [sys.executable, "-m", "newslint", "rules", "--format", "json"], capture_output=True, text=True
    )
    codes = [rule["code"] for rule in json.loads(listed.stdout or "[]")]
    return ", ".join(codes) + (f" (narrowed by {' '.join(extra)})" if extra else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["100M", "1G"], help="corpus sizes (100M, 1G, ...)")
    parser.add_argument("--jobs", nargs="+", type=int, default=[1, 2], help="values of -j to measure")
    parser.add_argument("--shard", default="50M", help="size of each generated JSONL file (default 50M)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "aeb")
    parser.add_argument("extra", nargs="*", help="more newslint arguments (after --)")
    parser.add_argument("--bombs", action="store_true", help="measure small files that expand instead")
    args = parser.parse_args(argv)

    if args.bombs:
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
        print(
            f"{'file':>28} {'bytes':>7} {'-j':>3} {'findings':>9} {'seconds':>8} {'peak RSS, largest':>18} "
            f"{'peak PSS, all':>14}"
        )
        with tempfile.TemporaryDirectory(prefix="newslint-bombs-") as folder:
            for label, path in bombs(Path(folder)):
                for jobs in args.jobs:
                    row = measure(path, jobs, args.extra)
                    print(
                        f"{label:>28} {path.stat().st_size:>7} {jobs:>3} {row['findings']:>9} "
                        f"{row['seconds']:>8.1f} {row['max_rss_mib']:>14.0f} MiB {row['tree_rss_mib']:>10.0f} MiB",
                        flush=True,
                    )
        return 0

    bodies = texts(args.data)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; rules registered: {selected_rules(args.extra)}")
    header = (
        f"{'corpus':>8} {'docs':>9} {'-j':>3} {'findings':>10} {'seconds':>8} {'MB/s':>6} "
        f"{'peak RSS, largest process':>26} {'peak PSS, all processes':>24}"
    )
    print(header)
    with tempfile.TemporaryDirectory(prefix="newslint-rss-") as folder:
        for size_text in args.sizes:
            size = parse_size(size_text)
            corpus = Path(folder) / f"corpus-{size_text}"
            docs, actual = generate(bodies, size, parse_size(args.shard), corpus)
            for jobs in args.jobs:
                row = measure(corpus, jobs, args.extra)
                print(
                    f"{actual / 1e6:>6.0f}MB {docs:>9} {jobs:>3} {row['findings']:>10} {row['seconds']:>8.1f} "
                    f"{actual / 1e6 / row['seconds']:>6.2f} {row['max_rss_mib']:>22.0f} MiB "
                    f"{row['tree_rss_mib']:>20.0f} MiB",
                    flush=True,
                )
            shutil.rmtree(corpus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

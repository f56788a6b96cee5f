"""Throughput and latency of newslint, side by side with the peer a dataset team would use.

Builds a JSONL corpus on the fly in a temporary folder (never committed) from
the texts of the article extraction benchmark (``--data``, default
``../shared/data/aeb``: ``extracted/*.json`` and ``ground-truth.json``),
replicated with small variations (a distinct tag word after the first word of
every line of four words or more, so that documents and sentences stay distinct
as in a real corpus while short chrome lines repeat and sentences keep their
final punctuation, which the peer's filters look at) to ``--size-mb``
megabytes, in files of ``--shard-mb`` (newslint's workers take one file each).
Then measures, on that same corpus, each from process start in a subprocess:

* newslint with all default rules at ``-j1`` and ``-j`` all cores, alternated
  ``--pairs`` times (documents/s, MB/s and CPU seconds of each one's median run,
  peak RSS of the largest process via ``getrusage(RUSAGE_CHILDREN)``, and
  ``-jN/-j1`` as the median of the pairs' ratios; CPU seconds count the command
  and the processes it waits for, not the pool workers datatrove starts at ``-j2``);
* the floor: reading and JSON-parsing the same files with orjson, no rules;
* the peer: datatrove's ``C4QualityFilter``, ``GopherRepetitionFilter`` and
  ``FineWebQualityFilter`` in a datatrove pipeline (``JsonlReader`` -> the
  three filters, ``LocalPipelineExecutor``, ``tasks=1`` for ``-j1``), run in a
  separate virtual environment (``benchmarks/.cache/peer-venv``, created with
  ``datatrove[processing]`` and ``spacy`` when missing);
* the share of time per rule family (per-rule timers, in-process, on the first
  ``--profile-mb`` of the corpus);
* latency: wall time, CPU time (user + system) and peak RSS of ``newslint seeds/``
  and of linting one 5 KB ``.txt`` file (pre-commit's case). ``--latency-only``
  measures just that, without building the corpus (the cache folder is whatever
  ``XDG_CACHE_HOME`` says: warm it with one run first).

Prints markdown tables, with ratios (newslint / floor, newslint / datatrove)
that compare across machines.

    python benchmarks/throughput.py [--size-mb 200] [--skip-peer] [--jobs N]
    python benchmarks/throughput.py --latency-only [--latency-runs 10]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _corpus import tag
from _corpus import texts as _texts

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
MB = 10**6

# Runs its arguments as its only child and reports that child's peak RSS (KiB on Linux).
WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(code, time.perf_counter() - start, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr)
"""

FLOOR = """
import os, sys, orjson
docs = 0
for name in sorted(os.listdir(sys.argv[1])):
    with open(os.path.join(sys.argv[1], name), "rb") as handle:
        for line in handle:
            if line.strip():
                orjson.loads(line)
                docs += 1
"""

PEER = """
import sys
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.filters import C4QualityFilter, GopherRepetitionFilter, FineWebQualityFilter
folder, logs, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
LocalPipelineExecutor(
    pipeline=[JsonlReader(folder), C4QualityFilter(), GopherRepetitionFilter(), FineWebQualityFilter()],
    tasks=jobs, workers=jobs, logging_dir=logs,
).run()
"""


# -- the corpus -------------------------------------------------------------------


def texts(data: Path) -> list[str]:
    return _texts(data, include_gold=True)


def vary(line: str, word: str) -> str:
    """``line`` with ``word`` after its first word when it has four words or more."""
    head, sep, rest = line.partition(" ")
    return f"{head} {word} {rest}" if sep and len(line.split()) >= 4 else line


def generate(bodies: list[str], size: int, shard: int, out: Path) -> tuple[int, int]:
    """Write about ``size`` bytes of datatrove-shaped JSONL records into ``out``; returns (documents, bytes)."""
    rng = random.Random(0)
    out.mkdir(parents=True)
    written = docs = 0
    while written < size:
        with (out / f"part-{written // shard:05d}.jsonl").open("w", encoding="utf-8") as handle:
            in_shard = 0
            while in_shard < shard and written + in_shard < size:
                body, word = rng.choice(bodies), tag(docs)
                text = "\n".join(vary(line, word) for line in body.split("\n"))
                record = {
                    "text": text,
                    "id": f"doc-{docs}",
                    "metadata": {"url": f"https://site{docs % 300}.example/news/{docs}"},
                }
                line = json.dumps(record, ensure_ascii=False) + "\n"
                handle.write(line)
                in_shard += len(line.encode("utf-8"))
                docs += 1
        written += in_shard
    return docs, written


# -- measuring --------------------------------------------------------------------
def measured(command: list[str], cwd: Path = ROOT, ok: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MiB, CPU seconds of the process and its workers) of ``command``.

    CPU time (user + system) is the steadier figure on a shared machine: it does not
    count the time spent waiting for a core.
    """
    done = subprocess.run([sys.executable, "-c", WRAPPER, *command], cwd=cwd, capture_output=True, text=True)
    code, seconds, rss, cpu = done.stderr.split()[-4:]
    if int(code) not in ok:
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    return float(seconds), int(rss) / 1024, float(cpu)


def newslint(*args: str) -> list[str]:
    return [sys.executable, "-m", "newslint", *args, "--isolated", "-q", "--exit-zero", "--output-format", "json-lines"]


def peer_python(venv: Path) -> Path:
    """The peer venv's python, created with datatrove[processing] and spacy when missing."""
    python = venv / "bin" / "python"
    probe = "import datatrove, spacy, orjson, datatrove.pipeline.filters"
    if python.exists() and subprocess.run([python, "-c", probe], capture_output=True).returncode == 0:
        return python
    print(f"creating {venv} (datatrove[processing], spacy)...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run([python, "-m", "pip", "install", "-q", "datatrove[processing]", "spacy", "orjson"], check=True)
    return python


class _InProcess:
    """An executor running both passes in this process, so that per-rule timers see every call."""

    def observe(self, linter, shards):
        return [linter.observe_source(shard) for shard in shards]

    def lint(self, linter, shards):
        return (linter.lint_source(shard) for shard in shards)


def rule_shares(sample: Path) -> dict[str, float]:
    """Seconds spent per rule family (NL1, NL2, ...) linting ``sample`` in this process, by per-rule timers."""
    from newslint import app
    from newslint.engine.run import two_pass

    seconds: dict[str, float] = defaultdict(float)

    def wrap(code: str, fn):
        def timed_call(*args, **kwargs):
            start = time.perf_counter()
            try:
                result = fn(*args, **kwargs)
                return list(result) if result is not None and not isinstance(result, (dict, list, tuple)) else result
            finally:
                seconds[code] += time.perf_counter() - start

        return timed_call

    start = time.perf_counter()
    application = app.from_settings({"jobs": 1, "output_format": "json-lines", "quiet": True}, isolated=True)
    for active in application.rules:
        for method in ("check", "observe", "check_corpus"):
            if hasattr(active.rule, method):
                setattr(active.rule, method, wrap(active.code, getattr(active.rule, method)))
    # Both passes in this process (the engine's executor forks workers, which these timers would not see).
    for _ in two_pass(application.linter, app.sources_for(application, [str(sample)]), _InProcess()):
        pass
    seconds["total"] = time.perf_counter() - start
    return dict(seconds)


def small_file(bodies: list[str], folder: Path) -> Path:
    """A ~5 KB .txt article: the first lines of the longest texts until 5,000 bytes."""
    lines: list[str] = []
    for body in sorted(bodies, key=len, reverse=True):
        for line in body.split("\n"):
            if sum(len(x.encode()) + 1 for x in lines) + len(line.encode()) > 5000:
                break
            lines.append(line)
        else:
            continue
        break
    path = folder / "article.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def best(command: list[str], runs: int) -> tuple[float, float, float]:
    """Median wall seconds, largest peak RSS (MiB) and median CPU seconds of ``runs`` runs."""
    samples = [measured(command) for _ in range(runs)]
    return (
        statistics.median(s for s, _, _ in samples),
        max(r for _, r, _ in samples),
        statistics.median(c for _, _, c in samples),
    )


def latency_table(seeds: tuple[float, float, float], small: tuple[float, float, float], runs: int) -> None:
    print(f"\nLatency from process start (median of {runs} runs):\n")
    print("| case | wall (s) | CPU user+sys (s) | peak RSS (MiB) |\n|---|---|---|---|")
    print(f"| `newslint seeds/` | {seeds[0]:.3f} | {seeds[2]:.3f} | {seeds[1]:.0f} |")
    print(f"| one 5 KB .txt file | {small[0]:.3f} | {small[2]:.3f} | {small[1]:.0f} |")


def latency_only(data: Path, runs: int) -> int:
    """The latency table alone (pre-commit's case), after one untimed run of each case to warm the caches."""
    with tempfile.TemporaryDirectory(prefix="newslint-latency-") as tmp:
        small = small_file(texts(data), Path(tmp))
        cases = [newslint("seeds/"), newslint(str(small))]
        for command in cases:
            measured(command)
        results = [best(command, runs) for command in cases]
    print(f"\n{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, load avg {os.getloadavg()[0]:.2f}")
    latency_table(results[0], results[1], runs)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "aeb")
    parser.add_argument("--size-mb", type=float, default=200)
    parser.add_argument("--shard-mb", type=float, default=10, help="size of each JSONL file (default 10)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="-j for the all-cores runs")
    parser.add_argument("--profile-mb", type=float, default=5, help="sample for the per-rule timers (default 5)")
    parser.add_argument("--skip-peer", action="store_true", help="do not run datatrove")
    parser.add_argument("--peer-venv", type=Path, default=CACHE / "peer-venv")
    parser.add_argument(
        "--pairs",
        type=int,
        default=3,
        help="newslint -j1 and -jN runs, alternated, this many times each: the table shows each one's median "
        "run, and -jN/-j1 is the median of the pairs' ratios, readable on a machine whose speed drifts (default 3)",
    )
    parser.add_argument("--latency-runs", type=int, default=5)
    parser.add_argument("--latency-only", action="store_true", help="only the latency table (no corpus, no peer)")
    args = parser.parse_args(argv)
    if args.latency_only:
        return latency_only(args.data, args.latency_runs)

    bodies = texts(args.data)
    rows: list[tuple[str, int, float, float, float, float]] = []  # name, jobs, seconds, rss, cpu, load
    with tempfile.TemporaryDirectory(prefix="newslint-throughput-") as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus"
        docs, size = generate(bodies, int(args.size_mb * MB), int(args.shard_mb * MB), corpus)
        sample = folder / "sample"
        generate(bodies, int(args.profile_mb * MB), int(args.profile_mb * MB) + 1, sample)

        def run(name: str, jobs: int, command: list[str]) -> tuple[str, int, float, float, float, float]:
            seconds, rss, cpu = measured(command)
            print(f"  {name} -j{jobs}: {seconds:.1f} s ({cpu:.1f} s CPU)", file=sys.stderr, flush=True)
            return name, jobs, seconds, rss, cpu, os.getloadavg()[0]

        print(f"corpus: {docs} documents, {size / MB:.0f} MB", file=sys.stderr)
        rows.append(run("floor (read + orjson.loads)", 1, [sys.executable, "-c", FLOOR, str(corpus)]))
        # -j1 and -jN alternated: a pair sees the same phase of a shared machine.
        ours = "newslint, default rules"
        pairs = [
            tuple(run(ours, jobs, newslint(str(corpus), "-j", str(jobs))) for jobs in sorted({1, args.jobs}))
            for _ in range(max(1, args.pairs))
        ]
        for k in range(len(pairs[0])):
            rows.append(sorted((pair[k] for pair in pairs), key=lambda r: r[2])[(len(pairs) - 1) // 2])
        pair_ratios = sorted(pair[0][2] / pair[-1][2] for pair in pairs)
        if not args.skip_peer:
            python = str(peer_python(args.peer_venv))
            for jobs in sorted({1, args.jobs}):
                rows.append(
                    run(
                        "datatrove C4 + Gopher repetition + FineWeb",
                        jobs,
                        [python, "-c", PEER, str(corpus), str(folder / f"logs-{jobs}"), str(jobs)],
                    )
                )
        shares = rule_shares(sample)
        seeds = best(newslint("seeds/"), args.latency_runs)
        small = best(newslint(str(small_file(bodies, folder))), args.latency_runs)

    def rate(name: str, jobs: int) -> float | None:
        return next((docs / seconds for n, j, seconds, *_ in rows if n.startswith(name) and j == jobs), None)

    print(
        f"\n{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, python {sys.version.split()[0]}, "
        f"corpus {docs} documents / {size / MB:.0f} MB in {args.shard_mb:g} MB files\n"
    )
    print("| run | -j | seconds | CPU seconds | docs/s | MB/s | peak RSS (MiB) | load avg |")
    print("|---|---|---|---|---|---|---|---|")
    for name, jobs, seconds, rss, cpu, load in rows:
        print(
            f"| {name} | {jobs} | {seconds:.1f} | {cpu:.1f} | {docs / seconds:,.0f} | {size / MB / seconds:.2f} "
            f"| {rss:.0f} | {load:.2f} |"
        )
    ours1, floor, peer1 = rate("newslint", 1), rate("floor", 1), rate("datatrove", 1)
    print("\n| ratio | value |\n|---|---|")
    print(f"| newslint -j1 / floor | {ours1 / floor:.4f} (1/{floor / ours1:.0f}) |")
    if peer1:
        print(f"| newslint -j1 / datatrove -j1 | {ours1 / peer1:.2f} |")
    if args.jobs > 1:
        oursn = rate("newslint", args.jobs)
        each = ", ".join(f"{r:.2f}" for r in pair_ratios)
        print(
            f"| newslint -j{args.jobs} / -j1 (median of {len(pair_ratios)} alternated pairs: {each}) | "
            f"{statistics.median(pair_ratios):.2f} |"
        )
        peern = rate("datatrove", args.jobs)
        if peern:
            print(f"| newslint -j{args.jobs} / datatrove -j{args.jobs} | {oursn / peern:.2f} |")
    total = shares.pop("total")
    families: dict[str, float] = defaultdict(float)
    for code, seconds in shares.items():
        families[code[:3]] += seconds
    print(f"\nTime per rule family (per-rule timers, -j1, {args.profile_mb:g} MB sample, {total:.1f} s in all):\n")
    print("| family | seconds | share | slowest rules |\n|---|---|---|---|")
    for family, seconds in sorted(families.items(), key=lambda kv: -kv[1]):
        slowest = sorted((c for c in shares if c.startswith(family)), key=lambda c: -shares[c])[:3]
        print(
            f"| {family} | {seconds:.2f} | {seconds / total:.0%} | "
            + ", ".join(f"{c} {shares[c]:.2f} s" for c in slowest)
            + " |"
        )
    rest = total - sum(families.values())
    print(f"| reading, engine, output | {rest:.2f} | {rest / total:.0%} | |")
    latency_table(seeds, small, args.latency_runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

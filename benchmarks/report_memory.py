"""Peak memory of ``newslint report CORPUS`` against a plain ``newslint CORPUS`` run, by corpus size.

The report aggregates as results stream by (counters per site, rule and
bucket; a few examples per rule), so its peak should stay near a plain run's
and not grow with the corpus. Generates JSONL corpora the way
``memory_rss.py`` does (300 hosts, real article texts, nothing kept), runs both
commands for each size and ``-j``, and prints the peak RSS of the largest
process and the peak PSS of the whole process tree.

    python benchmarks/report_memory.py [--sizes 100M 300M] [--jobs 1 2] [--data ../shared/data/aeb]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from _corpus import texts
from memory_rss import ROOT, generate, lint_command, parse_size, run_measured


def peak(command: list[str]) -> tuple[float, float, float]:
    """(seconds, peak RSS of the largest process in MiB, peak PSS of the tree in MiB) of one command."""
    result = run_measured(command)
    if result["code"] != 0:
        print(f"warning: exit code {result['code']}: {' '.join(command)}", file=sys.stderr)
    return result["seconds"], result["max_rss_mib"], result["tree_rss_mib"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["100M", "300M"])
    parser.add_argument("--jobs", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--shard", default="50M", help="size of each generated JSONL file (default 50M)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "aeb")
    args = parser.parse_args(argv)
    bodies = texts(args.data)
    print(
        f"{'corpus':>8} {'docs':>8} {'-j':>3} {'command':>8} {'seconds':>8} {'peak RSS largest':>17} "
        f"{'peak PSS tree':>14} {'report size':>12}"
    )
    with tempfile.TemporaryDirectory(prefix="newslint-report-rss-") as folder:
        for size_text in args.sizes:
            corpus = Path(folder) / f"corpus-{size_text}"
            docs, actual = generate(bodies, parse_size(size_text), parse_size(args.shard), corpus)
            for jobs in args.jobs:
                html = Path(folder) / "report.html"
                runs = {
                    "lint": lint_command(corpus, jobs, "-o", str(Path(folder) / "findings.jsonl")),
                    "report": [
                        sys.executable,
                        "-m",
                        "newslint",
                        "report",
                        str(corpus),
                        "--isolated",
                        "-o",
                        str(html),
                        "-j",
                        str(jobs),
                    ],
                }
                for name, command in runs.items():
                    seconds, rss, pss = peak(command)
                    size = f"{html.stat().st_size / 1e3:.0f} kB" if name == "report" else ""
                    print(
                        f"{actual / 1e6:>6.0f}MB {docs:>8} {jobs:>3} {name:>8} {seconds:>8.1f} {rss:>13.0f} MiB "
                        f"{pss:>10.0f} MiB {size:>12}",
                        flush=True,
                    )
            shutil.rmtree(corpus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Peak memory of the corpus-wide rules (NL150, NL351, NL352) as the corpus grows.

Generates JSONL corpora of increasing size from the article extraction
benchmark texts (every copy varied, so that lines stay distinct), runs
`newslint --select NL150,NL351,NL352 -j1` on each in a subprocess, and prints
peak RSS, documents and lines. Nothing generated is kept.

    python benchmarks/corpus_memory.py [--data ../shared/data/aeb] [--lines 500000 3000000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpus import tag as letters
from _corpus import texts

ROOT = Path(__file__).resolve().parent.parent


def generate(data: Path, target_lines: int, out: Path) -> tuple[int, int, int]:
    """Write a corpus of about ``target_lines`` text lines; returns (documents, lines, bytes)."""
    rng = random.Random(0)
    bodies = texts(data)
    docs = lines = 0
    with out.open("w", encoding="utf-8") as f:
        while lines < target_lines:
            body = rng.choice(bodies)
            copy = docs
            # Vary every line so that the corpus really has millions of distinct lines (with a
            # word, not a number: NL150 reads digits as 0 so that "© 2019" and "© 2020" agree).
            tag = letters(copy)
            varied = "\n".join(f"{line} {tag}" if line.strip() else line for line in body.split("\n"))
            host = f"site{copy % 200}.example"
            f.write(json.dumps({"id": str(copy), "url": f"https://{host}/a/{copy}", "text": varied}) + "\n")
            docs += 1
            lines += varied.count("\n") + 1
    return docs, lines, out.stat().st_size


def peak_rss_of(command: list[str]) -> tuple[float, float]:
    """(peak RSS in MiB, wall seconds) of a child process."""
    start = time.perf_counter()
    proc = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"newslint failed: {proc.stderr}")
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: run sizes in increasing order.
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "aeb")
    parser.add_argument("--lines", type=int, nargs="+", default=[500_000, 3_000_000])
    parser.add_argument("--select", default="NL150,NL351,NL352")
    args = parser.parse_args()
    print("| rules | documents | lines | MB | peak RSS (MiB) | wall (s) |\n|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for target in sorted(args.lines):
            corpus = Path(tmp) / f"corpus-{target}.jsonl"
            docs, lines, size = generate(args.data, target, corpus)
            command = [
                sys.executable,
                "-m",
                "newslint",
                str(corpus),
                "--isolated",
                "-j1",
                "-q",
                "--select",
                args.select,
                "--output-format",
                "json-lines",
            ]
            rss, wall = peak_rss_of(command)
            print(f"| {args.select} | {docs:,} | {lines:,} | {size / 1e6:.0f} | {rss:.0f} | {wall:.1f} |")
            corpus.unlink()


if __name__ == "__main__":
    main()

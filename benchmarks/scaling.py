"""Start-up time and throughput: `-j N` against a Dask LocalCluster (issue 11).

Generates a JSONL corpus (default ~60 MB) from the real scraped texts of
/work/shared/data/aeb (every extractor's output, repeated with a record
number so that documents differ), then times, with the same settings:

* ``newslint CORPUS -j N``;
* ``newslint CORPUS --scheduler local`` (a LocalCluster started by newslint:
  start-up included);
* the cluster's start-up alone (LocalCluster + Client up and down).

Usage: python benchmarks/scaling.py [--mb 60] [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AEB = Path(os.environ.get("NEWSLINT_AEB", Path(__file__).resolve().parents[2] / "shared" / "data" / "aeb"))


def make_corpus(folder: Path, megabytes: int) -> tuple[int, int]:
    """JSONL files of about 16 MB each; returns (documents, bytes)."""
    texts = [
        (tool.stem, doc_id, rec["articleBody"])
        for tool in sorted((AEB / "extracted").glob("*.json"))
        for doc_id, rec in sorted(json.loads(tool.read_text(encoding="utf-8")).items())
        if rec.get("articleBody")
    ]
    urls = {k: v["url"] for k, v in json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8")).items()}
    folder.mkdir(parents=True, exist_ok=True)
    written = documents = part = 0
    out = None
    while written < megabytes * 1_000_000:
        for tool, doc_id, text in texts:
            if out is None or out.tell() > 16_000_000:
                if out is not None:
                    out.close()
                out = open(folder / f"part-{part:03d}.jsonl", "w", encoding="utf-8")
                part += 1
            record = {
                "id": f"{tool}-{doc_id}-{documents}",
                "url": urls.get(doc_id),
                "text": f"{text}\n\nRecord {documents}.",
            }
            line = json.dumps(record) + "\n"
            out.write(line)
            written += len(line.encode())
            documents += 1
    assert out is not None
    out.close()
    return documents, written


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def cluster_startup() -> float:
    code = (
        "from dask.distributed import Client, LocalCluster\n"
        "c = LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None); Client(c).close(); c.close()"
    )
    return timed([sys.executable, "-c", code]) - timed([sys.executable, "-c", "import dask.distributed"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", help="write the corpus here and keep it")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newslint-scaling-"))
    documents, size = make_corpus(folder / "corpus", args.mb)
    newslint = [
        sys.executable,
        "-m",
        "newslint",
        str(folder / "corpus"),
        "--isolated",
        "-q",
        "--output-format",
        "json-lines",
        "--exit-zero",
    ]
    print(f"corpus: {documents} documents, {size / 1e6:.1f} MB in {folder / 'corpus'}; {os.cpu_count()} cores")
    print(f"LocalCluster start-up and shut-down: {cluster_startup():.1f} s")
    for label, extra in ((f"-j{args.jobs}", ["-j", str(args.jobs)]), ("--scheduler local", ["--scheduler", "local"])):
        seconds = timed([*newslint, *extra])
        print(f"{label:<18} {seconds:6.1f} s  {size / 1e6 / seconds:5.2f} MB/s  {documents / seconds:7.0f} docs/s")


if __name__ == "__main__":
    main()

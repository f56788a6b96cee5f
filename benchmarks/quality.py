"""All the quality measurements in one run: precision and recall of every rule family on real data.

    python benchmarks/quality.py [--data ../shared/data/aeb]

- NL1xx/NL2xx: line-level precision/recall against the AEB gold bodies, per extractor
  (quality_boilerplate.py);
- NL3xx/NL4xx: captions, credits, repeats and cuts injected into the gold bodies, plus the
  untouched bodies as negatives (quality_injected.py);
- NL5xx: the labelled role sentences of tests/fixtures/entities and the rules' time share on the
  AEB texts (quality_entities.py).

Each script also runs on its own, with more options (false positives, misses, JSON output).
"""

from __future__ import annotations

import argparse

import quality_boilerplate
import quality_entities
import quality_injected
from _corpus import DEFAULT_AEB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_AEB), help="the aeb data folder (default: %(default)s)")
    data = parser.parse_args().data
    for title, run in (
        (
            "NL1xx/NL2xx: boilerplate and error pages",
            lambda: quality_boilerplate.main(["--data", data, "--show-fp", "0"]),
        ),
        ("NL3xx/NL4xx: duplication and truncation", lambda: quality_injected.main(["--data", data, "--show-fp", "0"])),
        ("NL5xx: entity roles", lambda: quality_entities.main([data])),
    ):
        print(f"\n## {title}\n", flush=True)
        status = run()
        if status:
            return status
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Shared by the benchmark scripts: the benchmark texts and distinct tag words for varied copies."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_AEB = ROOT.parent / "shared" / "data" / "aeb"


def texts(data: Path, include_gold: bool = False) -> list[str]:
    """Every non-empty article body of the extractor outputs (and of the gold, if asked)."""
    paths = sorted((Path(data) / "extracted").glob("*.json"))
    if include_gold:
        paths.append(Path(data) / "ground-truth.json")
    out: list[str] = []
    for path in paths:
        if path.exists():
            records = json.loads(path.read_text(encoding="utf-8")).values()
            out += [r["articleBody"] for r in records if r.get("articleBody")]
    if not out:
        raise SystemExit(f"no texts under {data}")
    return out


def tag(n: int) -> str:
    """A distinct lower-case word per number (0 -> "a", 26 -> "ba"): no digits, which some rules normalise."""
    word = ""
    while True:
        n, r = divmod(n, 26)
        word = chr(97 + r) + word
        if n == 0:
            return word

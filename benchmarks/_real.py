"""Helpers of ``quality_real.py``: the real-dev pages, their halves, extraction, line labels and C4.

Nothing here imports newslint: the benchmark talks to newslint through its CLI only.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import unicodedata
from multiprocessing import Pool
from pathlib import Path
from typing import Any, Iterator, Optional

from _corpus import ROOT

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "real-dev"
CACHE = ROOT / "benchmarks" / ".cache" / "real"
CORPORA = ("dragnet", "cleaneval")
# name -> how the text is made from the page's HTML
EXTRACTIONS = ("traf-comments", "traf-nocomments", "visible")
GOLD = "gold"  # the gold article bodies themselves, linted for NL4/NL5
# Line classes: ARTICLE matches the gold body, COMMENT the gold comments, LEFTOVER neither.
ARTICLE, COMMENT, LEFTOVER = "article", "comment", "leftover"
BANDS = ("1-2", "3-9", "10+")
ARTICLE_OVERLAP = 0.5  # share of a line's word trigrams that must be in the gold


# ---------------------------------------------------------------- pages and halves


def half_of(corpus: str, doc_id: str) -> str:
    """``tune`` or ``test``: parity of the first byte of blake2b("corpus/id"); fixed forever."""
    return "tune" if hashlib.blake2b(f"{corpus}/{doc_id}".encode()).digest()[0] % 2 == 0 else "test"


def load_gold(data: Path, corpus: str) -> dict[str, dict[str, str]]:
    return json.loads((data / corpus / "ground-truth.json").read_text(encoding="utf-8"))


def in_half(corpus: str, doc_id: str, half: str) -> bool:
    return half == "all" or half_of(corpus, doc_id) == half


# ---------------------------------------------------------------- extraction


def normalise(text: str) -> str:
    """One line per ``str.splitlines()`` line, joined by "\\n": line numbers agree with newslint and C4."""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def _extract_page(job: tuple[str, str]) -> tuple[str, dict[str, str], Optional[str]]:
    """(id, {extraction: text}, date) of one page."""
    import html_text  # noqa: PLC0415 - imported in the worker
    import trafilatura  # noqa: PLC0415
    from trafilatura.utils import decode_file, load_html  # noqa: PLC0415

    doc_id, path = job
    raw: bytes | str = gzip.open(path, "rb").read()
    if raw[:6].lower() == b"<text ":
        # CleanEval wraps each page in <text id=... title=... encoding=...>...</text>; with it, some
        # pages extract to nothing. Drop the wrapper; give a page without <html>/<body> a body.
        # Decode with the wrapper's encoding attribute when it has one ("unset" otherwise).
        match = re.match(rb'<text [^>]*encoding="([^"]+)"', raw)
        body = re.sub(rb"</text>\s*$", b"", raw[raw.index(b">") + 1 :])
        encoding = match.group(1).decode().lower() if match else "unset"
        # As browsers do, read ISO-8859-1 as windows-1252 (curly quotes are 0x91-0x94 there).
        encoding = "cp1252" if encoding in ("iso-8859-1", "latin-1") else encoding
        try:
            raw = body.decode(encoding) if encoding != "unset" else decode_file(body)
        except (LookupError, UnicodeDecodeError):
            raw = decode_file(body)
        if "<body" not in raw.lower() and "<html" not in raw.lower():
            raw = "<html><body>" + raw + "</body></html>"
    out: dict[str, str] = {}
    date = None
    try:
        out["traf-comments"] = trafilatura.extract(raw, include_comments=True) or ""
        out["traf-nocomments"] = trafilatura.extract(raw, include_comments=False) or ""
        meta = trafilatura.extract_metadata(raw)
        date = meta.date if meta is not None else None
    except Exception:  # noqa: BLE001 - a page that breaks the extractor extracts to nothing
        out.setdefault("traf-comments", "")
        out.setdefault("traf-nocomments", "")
    tree = load_html(raw)
    try:
        # A careless scraper: every visible text block, one block per line (blank lines collapsed).
        visible = html_text.extract_text(tree, guess_layout=True) if tree is not None else ""
        out["visible"] = re.sub(r"\n\s*\n", "\n", visible)
    except Exception:  # noqa: BLE001
        out["visible"] = ""
    return doc_id, {name: normalise(text) for name, text in out.items()}, date


def extraction_path(corpus: str, extraction: str) -> Path:
    return CACHE / "extracted" / f"{corpus}__{extraction}.jsonl"


def extract_corpus(data: Path, corpus: str, jobs: int = 2) -> dict[str, Any]:
    """Extract every page of a corpus three ways (cached); returns counts and seconds."""
    import time  # noqa: PLC0415

    paths = {name: extraction_path(corpus, name) for name in EXTRACTIONS}
    stats_path = CACHE / "extracted" / f"{corpus}__stats.json"
    if all(p.exists() for p in paths.values()) and stats_path.exists():
        return json.loads(stats_path.read_text())
    gold = load_gold(data, corpus)
    work = [(doc_id, str(data / corpus / "html" / f"{doc_id}.html.gz")) for doc_id in sorted(gold)]
    start = time.perf_counter()
    with Pool(jobs) as pool:
        results = sorted(pool.imap_unordered(_extract_page, work, chunksize=4))
    seconds = time.perf_counter() - start
    stats: dict[str, Any] = {"pages": len(work), "seconds": round(seconds, 1), "empty": {}}
    paths["traf-comments"].parent.mkdir(parents=True, exist_ok=True)
    for name, path in paths.items():
        empty = 0
        with path.open("w", encoding="utf-8") as out:
            for doc_id, texts, date in results:
                if not texts[name].strip():
                    empty += 1
                    continue
                record = {"id": doc_id, "url": gold[doc_id].get("url"), "text": texts[name]}
                if date:
                    record["date"] = date
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        stats["empty"][name] = empty
    stats_path.write_text(json.dumps(stats))
    return stats


def page_url(url: Optional[str]) -> Optional[str]:
    """The page's URL, or None where the dataset has none.

    The dataset names a page without a canonical URL ``http://nourl-<id>.invalid/`` (a reserved
    top-level domain): a host of its own for every such page, which no crawl gives. A scraped corpus
    either knows a page's URL or does not; without one, newslint takes the file as the document's
    source (NL150), as it would in a user's corpus.
    """
    if url and re.match(r"https?://[^/]*\.invalid(?:[:/]|$)", url):
        return None
    return url


def without_placeholder_url(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` without its ``url`` when that is the dataset's placeholder (see :func:`page_url`)."""
    if "url" in record and page_url(record["url"]) is None:
        return {k: v for k, v in record.items() if k != "url"}
    return record


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


# ---------------------------------------------------------------- line labels

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def tokens(text: str) -> list[str]:
    """NFKC, case-folded word tokens (punctuation dropped; one token per Han/kana character)."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def trigrams(toks: list[str]) -> set[tuple[str, ...]]:
    return {tuple(toks[i : i + 3]) for i in range(len(toks) - 2)}


def band(n_tokens: int) -> str:
    return BANDS[0] if n_tokens <= 2 else BANDS[1] if n_tokens <= 9 else BANDS[2]


class GoldText:
    """A gold text (body or comments) ready to match lines against."""

    def __init__(self, text: str) -> None:
        # Trigrams over the whole text: the cleaneval gold is hard-wrapped inside paragraphs.
        self.trigrams = trigrams(tokens(text or ""))
        self.lines = {" ".join(toks) for toks in map(tokens, (text or "").split("\n")) if toks}

    def matches(self, toks: list[str]) -> bool:
        if len(toks) < 3:
            return " ".join(toks) in self.lines
        grams = trigrams(toks)
        return len(grams & self.trigrams) >= ARTICLE_OVERLAP * len(grams)


class Labeller:
    """Labels the lines of one page's extracted text: article, comment or leftover (None: no word)."""

    def __init__(self, item: dict[str, str]) -> None:
        self.body = GoldText(item.get("articleBody", ""))
        self.comments = GoldText(item.get("comments", "")) if (item.get("comments") or "").strip() else None

    def label(self, line: str) -> tuple[Optional[str], int]:
        toks = tokens(line)
        if not toks:
            return None, 0
        if self.body.matches(toks):
            return ARTICLE, len(toks)
        if self.comments is not None and self.comments.matches(toks):
            return COMMENT, len(toks)
        return LEFTOVER, len(toks)


# ---------------------------------------------------------------- C4 line policy

# datatrove.pipeline.filters.c4_filters.C4QualityFilter, default arguments, split_paragraph=True.
_CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
_END_PUNCTUATION = (".", "?", "!", '"', "'")
_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")


def c4_removes(line: str) -> bool:
    """Whether C4's line rules drop this line (the document-level drops are not applied)."""
    line = line.strip()
    words = line.split()
    if any(len(word) > 1000 for word in words):
        return True
    line = _CITATION.sub("", line)
    if not line.endswith(_END_PUNCTUATION) or line.endswith("..."):
        return True
    if len(words) < 3:
        return True
    lower = line.lower()
    return "javascript" in lower or any(p in lower for p in _POLICY)


def c4_drops_document(text: str) -> bool:
    """C4's document drops that need no sentence splitter: "lorem ipsum" or a curly bracket in a kept line."""
    return any(not c4_removes(line) and ("{" in line or "lorem ipsum" in line.lower()) for line in text.split("\n"))


def cpu_count() -> int:
    return max(1, min(2, os.cpu_count() or 1))

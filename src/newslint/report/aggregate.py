"""Streaming aggregation for ``newslint report``: counters, never the findings themselves.

A run can yield millions of findings; the report needs per-site, per-rule and
per-bucket numbers plus a few examples. Everything here is O(sites + rules +
buckets): examples are kept in fixed-size reservoirs chosen by a hash of the
finding's location (so the same corpus gives the same examples whatever the
order or number of workers), and repeated-line counters are pruned to a cap.

Two inputs feed the same :class:`Aggregate`: engine results with per-document
stats (``add_result``), where every document is known, and a findings file
(``add_findings``), where only documents with findings are known. ``known_documents``
tells the page which numbers it may show.
"""

from __future__ import annotations

import hashlib
import re
from bisect import insort
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from ..clean.apply import DROP, applicable
from ..diagnostics import PREFIX as DIAGNOSTIC_PREFIX
from ..diagnostics import READ_PROBLEMS
from ..engine import ShardResult, corpus_source
from ..model import Document, DocumentStats, Finding

#: Built-in code prefixes and what the page calls them (longest prefix wins).
FAMILY_NAMES = {
    "NL1": "boilerplate",
    "NL15": "repeated lines",
    "NL2": "error pages",
    "NL3": "duplication",
    "NL35": "duplicate documents",
    "NL4": "truncation",
    "NL5": "entities",
    DIAGNOSTIC_PREFIX: "diagnostics",
}
#: Families whose position in the document is charted (page chrome: top or bottom?).
POSITION_FAMILIES = ("NL1",)
#: Upper bounds (characters) of the document length buckets; the last bucket is open.
LENGTH_EDGES = (250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000)
POSITION_BUCKETS = 10
LINE_CAP = 300  # characters of a line kept in an example or a repeated-line counter
_FAMILY_RE = re.compile(r"^[A-Z]+[0-9]")
_MONTH_RE = re.compile(r"^\s*((?:19|20|21)\d\d)(?:-(0[1-9]|1[0-2]))?")


def family_of(code: str) -> str:
    """The family (code prefix) of a rule: longest built-in prefix, else letters and first digit."""
    for size in (4, 3):
        if code[:size] in FAMILY_NAMES:
            return code[:size]
    match = _FAMILY_RE.match(code)
    return match.group(0) if match else code


def family_label(family: str) -> str:
    name = FAMILY_NAMES.get(family)
    return f"{family} {name}" if name else family


def site_without_document(path: str, record: Optional[int]) -> str:
    """The site of findings with no document behind them (read problems, a findings file)."""
    return corpus_source(Document("", path=path, record=record))


def period_of(date: Optional[str]) -> Optional[str]:
    """``YYYY-MM`` (or ``YYYY``) of a document date, None when it does not start like a date."""
    match = _MONTH_RE.match(date) if date else None
    if not match:
        return None
    return f"{match.group(1)}-{match.group(2)}" if match.group(2) else match.group(1)


@dataclass(frozen=True)
class Example:
    """One finding shown in the page: where, what, and the line it is on."""

    location: str
    site: str
    severity: str
    message: str
    line: int
    column: int
    end_column: int
    line_text: str


class Reservoir:
    """The ``size`` items with the smallest keys: a deterministic sample, whatever the order."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: list[tuple[bytes, Example]] = []

    def wants(self, key: bytes) -> bool:
        return len(self.items) < self.size or bool(self.items) and key < self.items[-1][0]

    def add(self, key: bytes, item: Example) -> None:
        insort(self.items, (key, item), key=lambda pair: pair[0])
        del self.items[self.size :]

    def examples(self) -> list[Example]:
        return [item for _, item in self.items]


class TopCounter:
    """Counts of strings, pruned to the most frequent when it grows past ``4 * cap`` keys."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.counts: dict[str, int] = {}
        self.pruned = False

    def add(self, key: str) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1
        if len(self.counts) > 4 * self.cap:
            self.counts = dict(self.top(2 * self.cap))
            self.pruned = True

    def top(self, n: int) -> list[tuple[str, int]]:
        return sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))[:n]


@dataclass
class SiteStats:
    documents: int = 0
    flagged: int = 0
    findings: int = 0
    chars: int = 0
    family_docs: Counter = field(default_factory=Counter)
    family_findings: Counter = field(default_factory=Counter)
    repeated: TopCounter = field(default_factory=lambda: TopCounter(10))


@dataclass
class RuleStats:
    name: str
    count: int = 0
    documents: int = 0
    severities: Counter = field(default_factory=Counter)
    reservoir: Reservoir = field(default_factory=lambda: Reservoir(3))


@dataclass
class Aggregate:
    """Everything the page shows, accumulated one document (or record) at a time."""

    known_documents: bool
    examples: int = 3
    files: int = 0
    documents: int = 0
    flagged: int = 0
    findings: int = 0
    chars: int = 0
    bytes: int = 0
    by_family_severity: Counter = field(default_factory=Counter)
    sites: dict[str, SiteStats] = field(default_factory=dict)
    rules: dict[str, RuleStats] = field(default_factory=dict)
    lengths: list[list[int]] = field(default_factory=lambda: [[0, 0] for _ in range(len(LENGTH_EDGES) + 1)])
    positions: list[int] = field(default_factory=lambda: [0] * POSITION_BUCKETS)
    periods: dict[str, list[int]] = field(default_factory=dict)  # period -> [documents, flagged, findings]
    undated: int = 0
    # What ``newslint clean`` would remove, per file, from the fixes the rules declare: documents and
    # bytes with its default (safe fixes only), then with ``--unsafe-fixes``. Corpus input: bytes;
    # findings file: characters of the deleted spans (no line text or document size there). A file
    # with read problems is copied unchanged by clean mode, so it counts for nothing.
    removal_by_file: dict[str, list[int]] = field(default_factory=dict)
    unclean_files: set[str] = field(default_factory=set)
    paths: set[str] = field(default_factory=set)  # findings file only: files named by findings

    # -- input --------------------------------------------------------------
    def add_result(self, result: ShardResult) -> None:
        """One engine result: its documents (with stats) and the findings that have no document."""
        self.files += int(result.first_part)
        self.documents += result.documents
        groups: dict[tuple[str, Optional[int]], list[Finding]] = {}
        for finding in result.findings:
            groups.setdefault((finding.path, finding.record), []).append(finding)
        for stats in result.document_stats:
            self._document(stats.site, groups.pop((stats.path, stats.record), []), stats)
        for (path, record), found in groups.items():  # read problems: no document was produced
            self._document(site_without_document(path, record), found, None)

    def add_findings(self, findings: list[Finding]) -> None:
        """The findings of one document (or record) read from a findings file."""
        first = findings[0]
        if first.path not in self.paths:
            self.paths.add(first.path)
            self.files += 1
        self._document(site_without_document(first.path, first.record), findings, None)

    # -- accumulation ---------------------------------------------------------
    def _document(self, site_key: str, found: list[Finding], stats: Optional[DocumentStats]) -> None:
        site = self.sites.get(site_key)
        if site is None:
            site = self.sites[site_key] = SiteStats()
        if stats is not None:
            site.documents += 1
            site.chars += stats.chars
            self.chars += stats.chars
            self.bytes += stats.bytes
            bucket = self.lengths[_length_bucket(stats.chars)]
            bucket[0] += 1
            bucket[1] += bool(found)
            self._dated(stats.date, len(found))
        if not found:
            return
        if stats is not None or not self.known_documents:
            site.flagged += 1
            self.flagged += 1
        families = {family_of(f.code) for f in found}
        site.family_docs.update(families)
        for code in {f.code for f in found}:
            self._rule(code, found).documents += 1
        for finding in found:
            self._finding(site_key, site, finding, stats)
        self._removal(found, stats)

    def _rule(self, code: str, found: list[Finding]) -> RuleStats:
        rule = self.rules.get(code)
        if rule is None:
            rule = self.rules[code] = RuleStats(next(f.rule for f in found if f.code == code))
            rule.reservoir = Reservoir(self.examples)
        return rule

    def _finding(self, site_key: str, site: SiteStats, f: Finding, stats: Optional[DocumentStats]) -> None:
        family = family_of(f.code)
        severity = f.severity.value
        self.findings += 1
        site.findings += 1
        site.family_findings[family] += 1
        self.by_family_severity[family, severity] += 1
        rule = self.rules[f.code]
        rule.count += 1
        rule.severities[severity] += 1
        if f.code == "NL150" and f.line_text.strip():
            site.repeated.add(f.line_text.strip()[:LINE_CAP])
        if stats is not None and f.line > 0 and family.startswith(POSITION_FAMILIES):
            self.positions[min(POSITION_BUCKETS - 1, (f.line - 1) * POSITION_BUCKETS // max(1, stats.lines))] += 1
        key = hashlib.blake2b(f"{f.code}\0{f.path}\0{f.record}\0{f.line}\0{f.column}".encode(), digest_size=8).digest()
        if rule.reservoir.wants(key):
            rule.reservoir.add(
                key,
                Example(
                    f.location,
                    site_key,
                    severity,
                    f.message[: LINE_CAP * 2],
                    f.line,
                    f.column,
                    f.end_column,
                    f.line_text[:LINE_CAP],
                ),
            )

    def _dated(self, date: Optional[str], findings: int) -> None:
        period = period_of(date)
        if period is None:
            self.undated += 1
            return
        row = self.periods.setdefault(period, [0, 0, 0])
        row[0] += 1
        row[1] += bool(findings)
        row[2] += findings

    def _removal(self, found: list[Finding], stats: Optional[DocumentStats]) -> None:
        """What clean mode would drop from this document, by the fixes its findings carry."""
        path = found[0].path
        if any(f.code in READ_PROBLEMS for f in found):
            self.unclean_files.add(path)
        totals = self.removal_by_file.setdefault(path, [0, 0, 0, 0])
        for offset, unsafe in ((0, False), (2, True)):
            dropped, removed = removal(found, stats, unsafe)
            totals[offset] += dropped
            totals[offset + 1] += removed

    def _removed(self, index: int) -> int:
        return sum(t[index] for path, t in self.removal_by_file.items() if path not in self.unclean_files)

    @property
    def removed_documents(self) -> int:
        return self._removed(0)

    @property
    def removed_bytes(self) -> int:
        return self._removed(1)

    @property
    def removed_documents_unsafe(self) -> int:
        return self._removed(2)

    @property
    def removed_bytes_unsafe(self) -> int:
        return self._removed(3)

    # -- views ----------------------------------------------------------------
    def families(self) -> list[str]:
        return sorted({family for family, _ in self.by_family_severity})

    def ranked_sites(self) -> list[tuple[str, SiteStats]]:
        """Sites, worst first: most documents with findings, then highest share, then name."""
        return sorted(
            self.sites.items(),
            key=lambda item: (
                -item[1].flagged,
                -(item[1].flagged / item[1].documents if item[1].documents else 0),
                item[0],
            ),
        )


def _length_bucket(chars: int) -> int:
    for index, edge in enumerate(LENGTH_EDGES):
        if chars < edge:
            return index
    return len(LENGTH_EDGES)


def aggregate_results(results: Iterable[ShardResult], examples: int = 3) -> Aggregate:
    """Fold engine results (from a linter collecting document stats) into an :class:`Aggregate`."""
    agg = Aggregate(known_documents=True, examples=examples)
    for result in results:
        agg.add_result(result)
    return agg


def removal(found: Sequence[Finding], stats: Optional[DocumentStats], unsafe: bool) -> tuple[int, int]:
    """(1 if the document would be dropped else 0, bytes removed) by ``newslint clean``'s fixes.

    Follows the fixes the rules declare (``Finding.fix``), as clean mode does:
    a ``drop-document`` fix removes the document; a deletion of whole lines
    removes their bytes and newline; a deletion inside a line removes its
    characters. Only the first line's text is known, so a deletion over several
    lines counts that line once per line (an estimate; exact lines are what
    ``newslint clean --dry-run`` prints).
    """
    lines: dict[int, int] = {}
    for finding in found:
        fix = finding.fix
        if not fix or not applicable(finding, unsafe) or fix.get("replacement"):
            continue
        if fix.get("kind") == DROP:
            return 1, stats.bytes if stats is not None else 0
        first, last = fix["start"]["line"], fix["end"]["line"]
        whole_lines = fix["start"]["column"] == 1 and fix["end"]["column"] == 1 and last > first
        if stats is not None and finding.line_text and finding.line == first:
            text = finding.line_text
            if whole_lines:
                size = (len(text.encode("utf-8", "surrogatepass")) + 1) * (last - first)
            else:
                piece = text[fix["start"]["column"] - 1 : fix["end"]["column"] - 1] if first == last else text
                size = len(piece.encode("utf-8", "surrogatepass"))
        elif first == last:
            size = fix["end"]["column"] - fix["start"]["column"]
        else:
            size = 0  # a findings file has no line text: several lines are not measurable
        lines[first] = max(lines.get(first, 0), size)
    return 0, sum(lines.values())

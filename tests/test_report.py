"""``newslint report``: the page checked with an HTML parser, the aggregation, the findings-file path."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib", reason="newslint report needs the extra newslint[report]")

from newslint.cli import main  # noqa: E402
from newslint.engine import Linter, ShardResult  # noqa: E402
from newslint.model import DocumentStats, Finding, Severity  # noqa: E402
from newslint.plugins import load_registry  # noqa: E402
from newslint.report.aggregate import Aggregate, Reservoir, TopCounter, family_of, removal  # noqa: E402
from newslint.report.sample import HOSTS, SCRIPT_LINE, write_sample_corpus  # noqa: E402
from newslint.selection import ActiveRule  # noqa: E402

FAMILIES = ("NL1", "NL15", "NL2", "NL3", "NL35", "NL4", "NL5", "NL9")


class Page(HTMLParser):
    """Collects the structure the checks need: headings, tables, scripts and all visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.tables: list[dict] = []
        self.scripts: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"id": attrs.get("id"), "caption": "", "col_headers": [], "row_headers": [], "rows": 0})
        elif tag == "th" and self.tables:
            key = "col_headers" if attrs.get("scope") == "col" else "row_headers"
            self.tables[-1][key].append(attrs.get("scope"))
        elif tag == "tr" and self.tables and "tbody" in self.stack:
            self.tables[-1]["rows"] += 1
        if tag not in ("meta", "br", "img", "input", "link", "path", "use", "rect", "stop"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        top = self.stack[-1] if self.stack else ""
        if top == "script":
            self.scripts.append(data)
        elif top in ("h1", "h2", "h3"):
            self.headings.append((top, data.strip()))
        elif top == "caption" and self.tables:
            self.tables[-1]["caption"] += data
        if top not in ("script", "style"):
            self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    write_sample_corpus(folder / "corpus")
    return folder


def build(corpus: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.chdir(corpus)
    assert main(["report", "--isolated", *args]) == 0
    return (corpus / args[args.index("-o") + 1]).read_text(encoding="utf-8")


def test_page_structure_and_escaping(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = build(corpus, monkeypatch, "corpus", "-o", "a.html")
    page = parse(html)
    assert [text for tag, text in page.headings if tag == "h1"] == ["newslint report: corpus"]
    assert [text for tag, text in page.headings if tag == "h2"] == [
        "Summary",
        "Sites",
        "Rules",
        "Distributions",
        "Run settings",
    ]
    assert {"Document length", "Position of boilerplate lines", "Findings over document date"} <= {
        text for tag, text in page.headings if tag == "h3"
    }
    for table in page.tables:  # every table is captioned and has header cells
        assert table["caption"].strip(), table
        assert table["col_headers"] or table["row_headers"], table
    tables = {t["id"]: t for t in page.tables if t["id"]}
    assert tables["site-table"]["rows"] == len(HOSTS) + 2  # + the text folder, + the file with a broken record
    assert all(scope == "row" for scope in tables["site-table"]["row_headers"])
    text = "".join(page.text)
    for host in HOSTS:
        assert host in text
    # The record's <script> is text on the page: escaped in the markup, no script element injected.
    assert SCRIPT_LINE in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert len(page.scripts) == 1 and "alert(1)" not in page.scripts[0]
    assert html.count("<script") == 1
    # Every family is in the family table; every chart is an accessible inline SVG.
    family_rows = {row.split()[0] for row in text.split("\n") if row.startswith("NL") and " " in row}
    assert set(FAMILIES) <= family_rows
    assert html.count('role="img"') == html.count("<svg") == 5
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns:xlink="http://www.w3.org/1999/xlink"', ""
    )


def test_same_input_same_bytes(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build(corpus, monkeypatch, "corpus", "-o", "same.html")
    again = build(corpus, monkeypatch, "corpus", "-o", "same.html", "-j", "2")
    # Only the command line shown under "Run settings" differs (-j 2).
    assert first.replace("newslint report --isolated corpus -o same.html", "CMD") == again.replace(
        "newslint report --isolated corpus -o same.html -j 2", "CMD"
    )
    assert build(corpus, monkeypatch, "corpus", "-o", "same.html") == first


def test_report_from_findings_file(corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(corpus)
    main(["--isolated", "corpus", "--output-format", "json-lines", "-o", "findings.jsonl", "-q"])
    findings = [json.loads(line) for line in (corpus / "findings.jsonl").read_text().splitlines()]
    html = build(corpus, monkeypatch, "--from", "findings.jsonl", "-o", "from.html")
    page = parse(html)
    text = "".join(page.text)
    assert "unknown from a findings file" in text
    assert f"{len(findings)}" in text
    codes = {f["code"] for f in findings}
    assert all(f"rule-{code}" in html for code in codes)
    assert [t["id"] for t in page.tables if t["id"] == "site-table"]
    assert "<svg" in html


def test_bad_findings_file_is_an_error(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"path": "a", "code": "NL101"}\nnot json\n')
    assert main(["report", "--isolated", "--from", str(bad), "-o", str(tmp_path / "x.html")]) == 2
    assert "bad.jsonl:2" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def _fix(kind: str, line: int, applicability: str = "safe") -> dict[str, Any]:
    """A fix as the engine stamps it: delete line ``line``, or drop the document."""
    end = {"line": line + 1, "column": 1}
    return {"description": kind, "replacement": "", "start": {"line": max(line, 1), "column": 1}, "end": end,
            "applicability": applicability, "kind": kind}  # fmt: skip


def _finding(path: str, record: int, code: str, line: int = 3, fix: dict[str, Any] | None = None) -> Finding:
    return Finding(
        path, record, line, 1, code, line, 5, "rule", Severity.WARNING, "message", fix=fix, line_text="some line"
    )


def test_aggregation_is_bounded_and_order_independent() -> None:
    """Examples are capped and chosen by location, not arrival order; counters do not keep findings."""
    findings = [_finding(f"f{i % 7}.jsonl", i, "NL101") for i in range(5000)]
    forward, backward = Aggregate(known_documents=False), Aggregate(known_documents=False)
    for f in findings:
        forward.add_findings([f])
    for f in reversed(findings):
        backward.add_findings([f])
    assert forward.rules["NL101"].count == 5000 and forward.rules["NL101"].documents == 5000
    assert len(forward.rules["NL101"].reservoir.items) == 3
    assert forward.rules["NL101"].reservoir.examples() == backward.rules["NL101"].reservoir.examples()
    assert len(forward.sites) == 7 and forward.files == 7
    counter = TopCounter(cap=5)
    for i in range(1000):
        counter.add(f"line {i % 50}")
        counter.add("chrome")
    assert len(counter.counts) <= 20 and counter.top(1) == [("chrome", 1000)]
    reservoir = Reservoir(2)
    assert reservoir.wants(b"\xff") and not Reservoir(0).wants(b"\x00")


def test_document_stats_join_findings_per_site() -> None:
    stats = [
        DocumentStats(
            "c.jsonl", n, "a.example" if n < 3 else "b.example", 100 * n, n, 100 * n, 0, "2024-03-01" if n else None
        )
        for n in range(1, 5)
    ]
    result = ShardResult(
        "c.jsonl",
        findings=[
            _finding("c.jsonl", 1, "NL150", fix=_fix("delete-line", 3)),
            _finding("c.jsonl", 4, "NL201", 0, fix=_fix("drop-document", 0)),
            _finding("c.jsonl", 9, "NL903", 0),
        ],
        documents=4,
        document_stats=stats,
    )
    agg = Aggregate(known_documents=True)
    agg.add_result(result)
    assert (agg.documents, agg.flagged, agg.findings) == (4, 2, 3)
    assert agg.sites["a.example"].documents == 2 and agg.sites["a.example"].flagged == 1
    assert agg.sites["a.example"].repeated.top(1) == [("some line", 1)]
    assert agg.sites["c.jsonl"].documents == 0 and agg.sites["c.jsonl"].findings == 1  # a record with no document
    # `newslint clean` copies a file with a read problem (the NL903 record) unchanged: nothing removed.
    assert (agg.removed_documents, agg.removed_bytes, agg.removed_bytes_unsafe) == (0, 0, 0)
    # Without the read problem the estimate follows the declared fixes, as clean mode does: document 4
    # goes whole (400 bytes); document 1 loses its repeated line ("some line" and a newline).
    clean = Aggregate(known_documents=True)
    clean.add_result(ShardResult("c.jsonl", findings=result.findings[:2], documents=4, document_stats=stats))
    assert clean.removed_documents == 1 and clean.removed_bytes == 400 + len("some line\n")
    assert (clean.removed_documents_unsafe, clean.removed_bytes_unsafe) == (1, 400 + len("some line\n"))
    assert agg.periods == {"2024-03": [4, 2, 2]}
    assert [family_of(c) for c in ("NL150", "NL351", "NL101", "XYZ123")] == ["NL15", "NL35", "NL1", "XYZ1"]


def test_removal_estimate_follows_fix_applicability() -> None:
    """Unsafe fixes count only in the --unsafe-fixes figure; a finding without a fix removes nothing."""
    unsafe = _finding("d.jsonl", 1, "NL301", fix=_fix("delete-line", 3, "unsafe"))
    stats = DocumentStats("d.jsonl", 1, "d.example", 50, 5, 50, 0, None)
    assert removal([unsafe], stats, unsafe=False) == (0, 0)
    assert removal([unsafe], stats, unsafe=True) == (0, len("some line\n"))
    assert removal([_finding("d.jsonl", 1, "NL401")], stats, unsafe=True) == (0, 0)
    dropped = _finding("d.jsonl", 1, "NL201", 0, fix=_fix("drop-document", 0))
    assert removal([unsafe, dropped], stats, unsafe=False) == (1, 50)


def test_engine_collects_document_stats_only_when_asked(tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text(
        json.dumps({"text": "One line.\nTwo lines é.", "url": "https://x.example/1", "date": "2023-05-06"}) + "\n"
    )
    registry = load_registry()
    active = [ActiveRule("NL101", "navigation-text", Severity.WARNING, registry.rules["NL101"]())]
    from newslint.readers.base import Source

    plain = Linter(active, registry.readers).lint_source(Source.from_path(str(source)))
    assert plain.documents == 1 and plain.document_stats == []
    collected = Linter(active, registry.readers, collect_document_stats=True)
    stats = collected.lint_source(Source.from_path(str(source))).document_stats
    assert stats == [DocumentStats(str(source), 1, "x.example", 22, 2, 23, 0, "2023-05-06")]


def test_removal_estimate_agrees_with_clean_dry_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The report's "bytes newslint clean would remove" is what `newslint clean --dry-run` removes."""
    corpus = tmp_path / "corpus"
    write_sample_corpus(corpus)
    removed = {}
    for flags in ([], ["--unsafe-fixes"]):
        assert main(["clean", str(corpus), "--dry-run", "--isolated", *flags]) in (0, 1)
        totals = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("total")]
        removed[bool(flags)] = int(totals[-1][-1])
    html = tmp_path / "report.html"
    assert main(["report", str(corpus), "--isolated", "-o", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    found = re.search(r"newslint clean would remove</dt><dd>([\d,]+) .*?--unsafe-fixes ([\d,]+) and", page)
    assert found is not None
    assert [int(n.replace(",", "")) for n in found.groups()] == [removed[False], removed[True]]
    assert removed[True] > 0

"""The per-site, per-rule and distribution sections of the report page."""

from __future__ import annotations

from typing import Mapping

from .aggregate import LENGTH_EDGES, POSITION_BUCKETS, Aggregate, Example, family_label
from .charts import BarChart, Series, flagged_chart, render_svg
from .markup import Cell, Raw, esc, figure, marked_line, num, section, share, table

SITE_ROWS = 300  # rows of the site table (worst first); the rest is counted, not listed
CHART_SITES = 15
REPEATED_SHOWN = 3


def sites_section(agg: Aggregate, from_findings: bool) -> str:
    ranked = agg.ranked_sites()
    families = agg.families()
    known = agg.known_documents
    what = (
        "host of the document's URL, else the folder (one document per file) or the file (containers)"
        if known
        else "folder (one document per file) or file (containers): a findings file has no URLs"
    )
    body = f"<p>A site is the {esc(what)}. Worst first: most documents with findings.</p>"
    top = [(name, site) for name, site in ranked if site.flagged][:CHART_SITES]
    if top:
        chart = flagged_chart(
            "sites",
            f"The {len(top)} sites with the most documents with findings",
            "Per site, documents with at least one finding" + (" and without any" if known else "") + ".",
            [name for name, _ in top],
            [s.flagged for _, s in top],
            [s.documents for _, s in top],
            "documents",
            horizontal=True,
            totals_known=known,
        )
        body += f"<figure>{render_svg(chart)}<figcaption>{esc(chart.description)}</figcaption></figure>"
    headers = [
        "Site",
        *(["Documents", "With findings", "Share"] if known else ["Documents with findings"]),
        "Findings",
        *(family_label(f) for f in families),
        "Top repeated lines (NL150)",
    ]
    rows: list[list[Cell]] = []
    for name, site in ranked[:SITE_ROWS]:
        counts: list = (
            [
                site.documents,
                site.flagged,
                Raw(share(site.flagged, site.documents), _ratio(site.flagged, site.documents)),
            ]
            if known
            else [site.flagged]
        )
        per_family = [
            Raw(share(site.family_docs.get(f, 0), site.documents), _ratio(site.family_docs.get(f, 0), site.documents))
            if known
            else site.family_docs.get(f, 0)
            for f in families
        ]
        rows.append([name, *counts, site.findings, *per_family, _repeated(site, from_findings)])
    hidden = len(ranked) - SITE_ROWS
    note = f"{num(hidden)} more sites are not listed (they have fewer documents with findings)." if hidden > 0 else ""
    family_note = "share of its documents with a finding of that family" if known else "documents with findings"
    body += table(
        "site-table",
        f"Sites: documents, findings and, per family, the {family_note} (select a column header to sort)",
        headers,
        rows,
        sortable=True,
        note=note,
    )
    return section("sites", "Sites", body)


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 6) if whole else 0.0


def _repeated(site, from_findings: bool) -> Raw:
    if from_findings:
        return Raw('<span class="unknown">not in a findings file</span>', "")
    top = site.repeated.top(REPEATED_SHOWN)
    if not top:
        return Raw('<span class="lines"></span>', 0)
    items = "".join(f"<li><code>{esc(text[:120])}</code> × {num(count)}</li>" for text, count in top)
    return Raw(f'<ul class="lines">{items}</ul>', top[0][1])


def rules_section(agg: Aggregate, docs: Mapping[str, object]) -> str:
    codes = sorted(agg.rules)
    rows: list[list[Cell]] = []
    for code in codes:
        rule = agg.rules[code]
        severity = ", ".join(s for s, _ in sorted(rule.severities.items()))
        rows.append(
            [Raw(f'<a href="#rule-{esc(code)}">{esc(code)}</a>', code), rule.name, severity, rule.count, rule.documents]
        )
    body = table(
        "rule-table",
        "Findings per rule (select a column header to sort)",
        ["Code", "Name", "Severity", "Findings", "Documents affected"],
        rows,
        sortable=True,
    )
    for code in codes:
        rule = agg.rules[code]
        doc = docs.get(code)
        summary = getattr(doc, "summary", "")
        text = getattr(doc, "documentation", "")
        examples = "".join(_example(e) for e in rule.reservoir.examples())
        body += (
            f'<article id="rule-{esc(code)}" aria-labelledby="rule-{esc(code)}-h">'
            f'<h3 id="rule-{esc(code)}-h">{esc(code)} {esc(rule.name)}</h3>'
            f"<p>{esc(summary)} {num(rule.count)} findings in {num(rule.documents)} documents.</p>"
            f"<h4>Examples</h4><ol>{examples}</ol>"
            + (
                f"<details><summary>Documentation of {esc(code)}</summary><pre>{esc(text)}</pre></details>"
                if text
                else '<p class="unknown">No documentation: this rule is not installed here.</p>'
            )
            + "</article>"
        )
    return section("rules", "Rules", body)


def _example(e: Example) -> str:
    where = f"<code>{esc(e.location)}</code> ({esc(e.site)}, {esc(e.severity)})"
    if e.line == 0:
        line = '<p class="note">About the whole document.</p>'
    elif e.line_text:
        line = f'<pre aria-label="line {e.line}">{marked_line(e.line_text, e.column, e.end_column)}</pre>'
    else:
        line = '<p class="unknown">Line text: not in a findings file.</p>'
    return f"<li><p>{where}: {esc(e.message)}</p>{line}</li>"


def distributions_section(agg: Aggregate) -> str:
    if not agg.known_documents:
        body = (
            '<p class="unknown">Document lengths, line positions relative to the document and document dates '
            "are not in a findings file: run <code>newslint report</code> on the corpus to see them.</p>"
        )
        return section("distributions", "Distributions", body)
    return section("distributions", "Distributions", _lengths(agg) + _positions(agg) + _dates(agg))


def _lengths(agg: Aggregate) -> str:
    edges = (0, *LENGTH_EDGES)
    labels = [f"{_k(lo)}–{_k(hi)}" for lo, hi in zip(edges, LENGTH_EDGES)] + [f"≥ {_k(LENGTH_EDGES[-1])}"]
    totals, flagged = [b[0] for b in agg.lengths], [b[1] for b in agg.lengths]
    chart = flagged_chart(
        "lengths",
        "Document length (characters)",
        "Documents per length bucket, with and without findings; labels give the share flagged.",
        labels,
        flagged,
        totals,
        "documents",
        horizontal=False,
    )
    data = table(
        "length-table",
        "Documents per length bucket",
        ["Length (characters)", "Documents", "With findings", "Share flagged"],
        [[label, t, f, Raw(share(f, t), _ratio(f, t))] for label, t, f in zip(labels, totals, flagged)],
    )
    return "<h3>Document length</h3>" + figure(render_svg(chart), chart.description, data)


def _k(chars: int) -> str:
    return f"{chars // 1000}k" if chars >= 1000 and chars % 1000 == 0 else str(chars)


def _positions(agg: Aggregate) -> str:
    step = 100 // POSITION_BUCKETS
    labels = [f"{i * step}–{(i + 1) * step}%" for i in range(POSITION_BUCKETS)]
    total = sum(agg.positions)
    chart = BarChart(
        "positions",
        "Where boilerplate lines are",
        "Boilerplate findings (NL1xx) by position of their line in the document, from the top (0%) "
        "to the bottom (100%).",
        tuple(labels),
        (Series("findings", tuple(map(float, agg.positions))),),
        "boilerplate findings",
        notes=tuple(share(n, total) for n in agg.positions),
    )
    data = table(
        "position-table",
        "Boilerplate findings by position in the document",
        ["Position (top = 0%)", "Findings", "Share"],
        [[label, n, Raw(share(n, total), _ratio(n, total))] for label, n in zip(labels, agg.positions)],
    )
    return "<h3>Position of boilerplate lines</h3>" + figure(render_svg(chart), chart.description, data)


def _dates(agg: Aggregate) -> str:
    if not agg.periods:
        return (
            f'<h3>Findings over document date</h3><p class="unknown">No document has a date '
            f"({num(agg.undated)} undated).</p>"
        )
    periods: dict[str, list[int]] = {}
    by_year = len(agg.periods) > 36 or any(len(p) == 4 for p in agg.periods)
    for period, row in agg.periods.items():
        key = period[:4] if by_year else period
        merged = periods.setdefault(key, [0, 0, 0])
        for i, value in enumerate(row):
            merged[i] += value
    keys = sorted(periods)
    totals, flagged, findings = ([periods[k][i] for k in keys] for i in range(3))
    unit = "year" if by_year else "month"
    chart = flagged_chart(
        "dates",
        f"Documents per {unit} of their date",
        f"Documents per {unit}, with and without findings; labels give the share flagged.",
        keys,
        flagged,
        totals,
        "documents",
        horizontal=False,
    )
    data = table(
        "date-table",
        f"Findings per {unit} of the document date",
        [unit.capitalize(), "Documents", "With findings", "Share flagged", "Findings"],
        [[k, t, f, Raw(share(f, t), _ratio(f, t)), n] for k, t, f, n in zip(keys, totals, flagged, findings)],
        note=f"{num(agg.undated)} documents have no date." if agg.undated else "",
    )
    return "<h3>Findings over document date</h3>" + figure(render_svg(chart), chart.description, data)

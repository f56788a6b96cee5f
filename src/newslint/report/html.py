"""The report page: one self-contained HTML file built from an :class:`Aggregate`.

Self-contained means no request when it is opened: styles, the optional
sorting script and the charts (SVG) are inline, text uses the system font.
Everything is sorted before it is written and nothing depends on the clock
(unless a timestamp is asked for), so the same input gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional

from .aggregate import Aggregate, family_label
from .charts import BarChart, Series, render_svg
from .markup import CSS, SCRIPT, Cell, esc, num, section, share, table
from .sections import distributions_section, rules_section, sites_section

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class RuleDoc:
    code: str
    name: str
    summary: str
    documentation: str
    plugin: str


@dataclass(frozen=True)
class RunInfo:
    """How the report was made: shown in the page so that it can be reproduced."""

    title: str
    version: str
    command: str
    from_findings: bool
    inputs: tuple[str, ...]
    selected: Optional[tuple[str, ...]] = None  # None when unknown (a findings file)
    plugins: tuple[str, ...] = ()
    config: Optional[str] = None
    rule_docs: Mapping[str, RuleDoc] = field(default_factory=dict)
    generated: Optional[str] = None


def render_page(agg: Aggregate, info: RunInfo) -> str:
    """The whole HTML document."""
    parts = [
        summary_section(agg, info),
        sites_section(agg, info.from_findings),
        rules_section(agg, info.rule_docs),
        distributions_section(agg),
        settings_section(agg, info),
    ]
    nav = "".join(
        f'<li><a href="#{ident}">{label}</a></li>'
        for ident, label in (
            ("summary", "Summary"),
            ("sites", "Sites"),
            ("rules", "Rules"),
            ("distributions", "Distributions"),
            ("settings", "Run settings"),
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # The page may load nothing: inline styles and script only, no fetches at all.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{esc(info.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{esc(info.title)}</h1>\n<nav aria-label="Sections"><ul>{nav}</ul></nav></header>\n<main>\n'
        + "\n".join(parts)
        + f'\n</main>\n<footer><p class="note">Made by newslint {esc(info.version)}'
        + (f" on {esc(info.generated)}" if info.generated else "")
        + f".</p></footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def _fact(label: str, value: str, note: str = "") -> str:
    extra = f'<span class="note"> {esc(note)}</span>' if note else ""
    return f"<div><dt>{esc(label)}</dt><dd>{value}{extra}</dd></div>"


def _unknown(text: str) -> str:
    return f'<span class="unknown">{esc(text)}</span>'


def summary_section(agg: Aggregate, info: RunInfo) -> str:
    known = agg.known_documents
    facts = [
        _fact("Documents", num(agg.documents) if known else _unknown("unknown from a findings file")),
        _fact("Files", num(agg.files), "" if known else "with findings"),
        _fact("Sites", num(len(agg.sites)), "" if known else "with findings (folder or file)"),
        _fact("Findings", num(agg.findings)),
        _fact(
            "Documents with at least one finding",
            f"{num(agg.flagged)} ({share(agg.flagged, agg.documents)})" if known else num(agg.flagged),
            "" if known else "share unknown: documents without findings are not in a findings file",
        ),
    ]
    unclean = len(agg.unclean_files)
    note = (
        f"and {num(agg.removed_documents)} whole documents, with safe fixes (the default); with --unsafe-fixes "
        f"{num(agg.removed_bytes_unsafe)} and {num(agg.removed_documents_unsafe)} documents"
        + (
            f". {num(unclean)} {'file with read problems is' if unclean == 1 else 'files with read problems are'}"
            " copied unchanged"
            if unclean
            else ""
        )
    )
    if known:
        facts.append(
            _fact(
                "Bytes newslint clean would remove",
                f"{num(agg.removed_bytes)} ({share(agg.removed_bytes, agg.bytes)})",
                note,
            )
        )
    else:
        facts.append(
            _fact(
                "Characters newslint clean would remove",
                f"at least {num(agg.removed_bytes)}",
                note + "; a lower bound: line text and document sizes are not in a findings file",
            )
        )
    families = agg.families()
    rows: list[list[Cell]] = []
    for family in families:
        counts = [agg.by_family_severity.get((family, s), 0) for s in SEVERITIES]
        rows.append([family_label(family), *counts, sum(counts)])
    totals = [sum(agg.by_family_severity.get((f, s), 0) for f in families) for s in SEVERITIES]
    rows.append(["All families", *totals, sum(totals)])
    data = table("families", "Findings per family and severity", ["Family", *SEVERITIES, "total"], rows)
    body = f'<dl class="facts">{"".join(facts)}</dl>\n{data}'
    if families:
        chart = BarChart(
            "families",
            "Findings per family and severity",
            f"{num(agg.findings)} findings in {len(families)} families, stacked by severity.",
            tuple(family_label(f) for f in families),
            tuple(Series(s, tuple(float(agg.by_family_severity.get((f, s), 0)) for f in families)) for s in SEVERITIES),
            "findings",
            horizontal=True,
            notes=tuple(num(sum(agg.by_family_severity.get((f, s), 0) for s in SEVERITIES)) for f in families),
        )
        body += (
            f"<figure>{render_svg(chart)}<figcaption>Findings per family, stacked by severity.</figcaption></figure>"
        )
    if known and agg.removed_bytes_unsafe:
        body += (
            '<p class="note">What <code>newslint clean</code> would remove follows the fixes the rules declare '
            "(a line, a span or the whole document); a deletion over several lines is estimated from its first "
            "line. <code>newslint clean --dry-run</code> gives the exact figures.</p>"
        )
    return section("summary", "Summary", body)


def settings_section(agg: Aggregate, info: RunInfo) -> str:
    rows: list[tuple[str, str]] = [
        ("newslint version", esc(info.version)),
        ("Command", f"<code>{esc(info.command)}</code>"),
        (
            "Input",
            ("findings file " if info.from_findings else "corpus ")
            + ", ".join(f"<code>{esc(p)}</code>" for p in info.inputs),
        ),
        ("Configuration file", f"<code>{esc(info.config)}</code>" if info.config else "none"),
        (
            "Selected rules",
            (f"{len(info.selected)}: " + ", ".join(esc(c) for c in info.selected))
            if info.selected is not None
            else _unknown("unknown from a findings file; rules seen: " + ", ".join(sorted(agg.rules)))
            if agg.rules
            else "–",
        ),
        ("Third-party plugins", ", ".join(esc(p) for p in info.plugins) or "none"),
        ("Examples per rule", f"{agg.examples}, chosen by a hash of their location (the same on every run)"),
    ]
    body = (
        "<table><caption>How this report was made</caption><tbody>"
        + "".join(f'<tr><th scope="row">{esc(k)}</th><td>{v}</td></tr>' for k, v in rows)
        + "</tbody></table>"
    )
    return section("settings", "Run settings", body)

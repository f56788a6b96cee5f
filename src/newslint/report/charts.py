"""Charts for ``newslint report``: matplotlib bar charts rendered to inline SVG at build time.

Why matplotlib and SVG: the page must open without network and without
JavaScript, so charts are drawn when the report is built. SVG with text kept
as ``<text>`` (``svg.fonttype = none``) is a few kilobytes per chart, scales,
and can be read by screen readers; a fixed ``svg.hashsalt`` per chart and no
``Date`` metadata make the bytes depend only on the data. Colours differ in
lightness and carry hatch patterns, so the charts read in greyscale too.

matplotlib is the optional extra ``newslint[report]``; it is imported only
when a chart is drawn.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html import escape
from typing import Any, Sequence

#: (fill colour, hatch) by series position: lightness steps from dark to light, each with its own pattern.
STYLES: tuple[tuple[str, str], ...] = (
    ("#2b2b6b", ""),
    ("#d9d9d9", "//"),
    ("#8c8cc8", "\\\\"),
    ("#5a5a5a", "xx"),
    ("#f2f2ff", "--"),
    ("#3c7a3c", "||"),
    ("#b5dcb5", "++"),
)
MATPLOTLIB_MISSING = 'newslint report needs matplotlib: pip install "newslint[report]"'


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class BarChart:
    """A stacked bar chart; ``ident`` must be unique in the page (it salts the SVG's ids)."""

    ident: str
    title: str
    description: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    axis_label: str
    horizontal: bool = False
    notes: tuple[str, ...] = ()  # one per category, written at the end of its bar


def matplotlib_available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _shorten(label: str, size: int = 38) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def render_svg(chart: BarChart) -> str:
    """The chart as an inline ``<svg>`` element with a ``<title>`` and an ``aria-label``."""
    import matplotlib
    from matplotlib.figure import Figure

    rc: dict[str, Any] = {
        "svg.hashsalt": chart.ident,
        "svg.fonttype": "none",
        "svg.id": f"chart-{chart.ident}",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
        "font.size": 9,
        "hatch.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    count = len(chart.categories)
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]  # a dict of rc keys, typed as Literal names upstream
        if chart.horizontal:
            fig = Figure(figsize=(8.0, 1.1 + 0.28 * max(count, 1)))
        else:
            fig = Figure(figsize=(8.0, 3.4))
        ax = fig.subplots()
        positions = list(range(count))
        base = [0.0] * count
        for index, series in enumerate(chart.series):
            colour, hatch = STYLES[index % len(STYLES)]
            style: dict[str, Any] = dict(
                color=colour, hatch=hatch, edgecolor="#202020", linewidth=0.5, label=series.name
            )
            if chart.horizontal:
                ax.barh(positions, series.values, left=base, height=0.7, **style)
            else:
                ax.bar(positions, series.values, bottom=base, width=0.75, **style)
            base = [b + v for b, v in zip(base, series.values)]
        labels = [_shorten(c) for c in chart.categories]
        top = max(base, default=0) or 1
        for position, (total, note) in enumerate(zip(base, chart.notes)):
            if chart.horizontal:
                ax.text(total + top * 0.01, position, note, va="center", fontsize=8)
            else:
                ax.text(position, total + top * 0.01, note, ha="center", va="bottom", fontsize=7)
        if chart.horizontal:
            ax.set_yticks(positions, labels)
            ax.invert_yaxis()  # worst first, at the top
            ax.set_xlabel(chart.axis_label)
            ax.set_xlim(0, top * 1.25)
        else:
            ax.set_xticks(positions, labels, rotation=30 if count > 8 else 0, ha="right" if count > 8 else "center")
            ax.set_ylabel(chart.axis_label)
            ax.set_ylim(0, top * 1.15)
        if len(chart.series) > 1:
            ax.legend(loc="lower right" if chart.horizontal else "upper right", frameon=False, fontsize=8)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return _accessible(buffer.getvalue(), chart)


def _accessible(svg: str, chart: BarChart) -> str:
    """Drop the XML prologue, and give the figure a role, a label and a title."""
    svg = svg[svg.index("<svg") :]
    # matplotlib's ids (figure_1, patch_2, ...) repeat in every chart: make them unique in the page.
    prefix = f"{chart.ident}-"
    svg = re.sub(r'\bid="(?!chart-)', f'id="{prefix}', svg)
    svg = svg.replace("url(#", f"url(#{prefix}").replace('href="#', f'href="#{prefix}')
    svg = re.sub(r'\s(width|height)="[0-9.]+pt"', "", svg[: svg.index(">") + 1], count=2) + svg[svg.index(">") + 1 :]
    label = escape(f"{chart.title}. {chart.description}")
    opening_end = svg.index(">")
    return (
        svg[:opening_end]
        + f' role="img" aria-label="{label}" class="chart">'
        + f"<title>{escape(chart.title)}</title>"
        + svg[opening_end + 1 :]
    )


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def flagged_chart(
    ident: str,
    title: str,
    description: str,
    categories: Sequence[str],
    flagged: Sequence[int],
    totals: Sequence[int],
    axis_label: str,
    horizontal: bool,
    totals_known: bool = True,
) -> BarChart:
    """Documents with findings (dark) and without (light) per category, labelled with the share flagged."""
    series: tuple[Series, ...]
    if totals_known:
        series = (
            Series("with findings", tuple(map(float, flagged))),
            Series("without findings", tuple(float(t - f) for f, t in zip(flagged, totals))),
        )
        notes = tuple(f"{percent(f, t)} of {t:,}" for f, t in zip(flagged, totals))
    else:
        series = (Series("with findings", tuple(map(float, flagged))),)
        notes = tuple(f"{f:,}" for f in flagged)
    return BarChart(ident, title, description, tuple(categories), series, axis_label, horizontal, notes)

"""Small HTML-building helpers for the report: every text goes through :func:`esc`.

Scraped text is hostile input (a record may well contain ``<script>``), so no
string reaches the page unescaped; numbers carry a ``data-v`` value so the
optional sorting script compares them as numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Optional, Sequence, Union

Cell = Union[str, int, float, "Raw"]


@dataclass(frozen=True)
class Raw:
    """Markup that is already safe (built here from escaped parts)."""

    html: str
    sort: Optional[Union[int, float, str]] = None


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def num(value: int) -> str:
    return f"{value:,}"


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def cell(value: Cell, header: bool = False) -> str:
    if isinstance(value, Raw):
        sort = "" if value.sort is None else f' data-v="{esc(value.sort)}"'
        return f"<td{sort}>{value.html}</td>"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f'<th scope="row">{esc(value)}</th>' if header else f"<td>{esc(value)}</td>"
    text = num(value) if isinstance(value, int) else f"{value:.1f}"
    return f'<td class="n" data-v="{value}">{text}</td>'


def table(
    ident: str,
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    sortable: bool = False,
    note: str = "",
) -> str:
    """A table with a caption, column headers (``scope="col"``) and row headers (first cell)."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "\n".join("<tr>" + "".join(cell(v, header=i == 0) for i, v in enumerate(row)) + "</tr>" for row in rows)
    classes = ' class="sortable"' if sortable else ""
    foot = f'<p class="note">{esc(note)}</p>' if note else ""
    return (
        f'<div class="scroll"><table id="{esc(ident)}"{classes}>\n<caption>{esc(caption)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>{foot}"
    )


def figure(svg: str, caption: str, data_table: str) -> str:
    """A chart with its caption and, folded below it, the same numbers as a table."""
    return (
        f"<figure>{svg}<figcaption>{esc(caption)}</figcaption>"
        f"<details><summary>Chart data</summary>{data_table}</details></figure>"
    )


def section(ident: str, title: str, body: str) -> str:
    return f'<section id="{esc(ident)}" aria-labelledby="{esc(ident)}-h">\n<h2 id="{esc(ident)}-h">{esc(title)}</h2>\n{body}\n</section>'


def marked_line(text: str, column: int, end_column: int) -> str:
    """The line with the reported span in ``<mark>`` (columns are 1-based, end exclusive)."""
    start = max(0, min(column - 1, len(text)))
    end = max(start, min(end_column - 1, len(text))) if end_column > column else len(text)
    return f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"


CSS = """
:root{color-scheme:light;--fg:#1a1a1a;--muted:#555;--line:#bbb;--head:#eee}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);
max-width:72rem;margin:0 auto;padding:1rem 1.5rem 3rem;background:#fff}
h1{font-size:1.7rem;margin:.5rem 0}h2{border-bottom:2px solid var(--fg);padding-bottom:.2rem;margin-top:2.2rem}
h3{margin-top:1.6rem}nav ul{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:0;list-style:none}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid var(--line);padding:.25rem .5rem;vertical-align:top;text-align:left}
thead th{background:var(--head)}td.n{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}.note,figcaption{color:var(--muted);font-size:.88rem}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:.6rem;margin:0}
.facts div{border:1px solid var(--line);padding:.5rem .7rem}.facts dt{color:var(--muted);font-size:.85rem}
.facts dd{margin:0;font-size:1.3rem;font-weight:600}.facts dd .note{font-weight:400;font-size:.8rem}
figure{margin:1rem 0}svg.chart{max-width:100%;height:auto;display:block}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f6f6;border:1px solid var(--line);padding:.5rem;margin:.3rem 0}
mark{background:#ffd54d;color:#000;text-decoration:underline 2px}
ul.lines{margin:0;padding-left:1rem}ul.lines code{white-space:pre-wrap;word-break:break-word}
.unknown{color:var(--muted);font-style:italic}
th button{font:inherit;color:inherit;background:none;border:0;padding:0;text-align:left;cursor:pointer}
ul.lines{min-width:20rem}th button::after{content:" \\2195";color:var(--muted)}
@media print{details{display:block}}
"""

SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var button = document.createElement("button");
    button.textContent = th.textContent; th.textContent = ""; th.appendChild(button);
    button.addEventListener("click", function () {
      var down = th.getAttribute("aria-sort") !== "descending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      rows.sort(function (a, b) {
        var x = a.cells[col], y = b.cells[col];
        var vx = x.getAttribute("data-v"), vy = y.getAttribute("data-v");
        var r = (vx !== null && vy !== null) ? parseFloat(vx) - parseFloat(vy)
                                             : x.textContent.localeCompare(y.textContent);
        return down ? -r : r;
      });
      rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
    });
  });
});
"""

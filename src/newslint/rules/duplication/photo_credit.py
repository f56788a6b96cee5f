"""NL302: a photo credit left in the text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from newslint import Document, Fix, Hit, Rule, RuleOptions, Severity
from newslint.rule import Applicability, Remedy
from newslint.text.credits import Credit

from .analysis import Repeat, analyse, delete_lines, document_credits


class PhotoCredit(Rule[RuleOptions]):
    """A photo credit left in the text: a credit line, or a caption carrying a credit.

    Why is this bad?
        ``Photo: Tim Clayton``, ``© Sapa - AFP``, ``(Getty Images)`` or a caption
        ending in ``(AP Photo/Evan Vucci)`` come from the page's picture
        furniture, not from the article. A credit fused into a paragraph
        (``... last month Reuters/Philippe Wojazer Russia's chief of staff ...``)
        also means a caption was glued to the body text.

    Example:
        ```
        Photo: Damian Dovarganes, AP
        ```

    Use instead:
        Drop figure captions and credit overlays when extracting; delete
        stray credit lines.

    Options:
        None. Patterns are anchored (a slash or bar next to an agency,
        parentheses, a ``Photo:``/``Credit:`` label, ``©`` without a year, or the
        end of a line), so "AP" in "Chapter" or "Report" never matches. A caption
        repeated with its credit is reported by NL301 instead.
    """

    code = "NL302"
    name = "photo-credit"
    remedy, fix_applicability = Remedy.DELETE_SPAN, Applicability.UNSAFE
    default_severity = Severity.WARNING

    def check(self, doc: Document) -> Iterable[Hit]:
        credits = document_credits(doc)
        if not credits:
            return
        repeats: Mapping[int, Repeat] = {}
        if any(c.kind != "line" for c in credits):
            repeats = analyse(doc).repeats
        for credit in credits:
            number = doc.position(credit.start)[0]
            if credit.kind == "line":
                start, end = delete_lines(doc, number, number)
                yield Hit.on_line(
                    doc,
                    number,
                    f"Photo credit line: {credit_text(doc, credit)!r}",
                    fix=Fix("Delete the credit line", start, end),
                )
            elif number not in repeats:  # a repeated caption is NL301's finding
                what = "Caption fused into the text" if credit.kind == "fused" else "Caption with a photo credit"
                yield Hit(f"{what}: {credit_text(doc, credit)!r}", credit.start, credit.end)


def credit_text(doc: Document, credit: Credit) -> str:
    return doc.text[credit.start : credit.end].strip()

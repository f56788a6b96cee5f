"""NL108: interface labels glued together without a space."""

from __future__ import annotations

from newslint import Document, RuleOptions
from newslint.packs.lines import position_phrase, shorten
from newslint.rule import Applicability, Remedy

from .base import ChromeRule


class GluedUiLabels(ChromeRule[RuleOptions]):
    """Interface labels glued together without a space: ``SubscribeSign In``.

    Preview: CamelCase brand names in menus ("MoneyWatch", "ShopStyle") read as glued labels (v0.1 test: 2/25 right).

    Why is this bad?
        Two button labels concatenated into one token ("SubscribeSign In",
        "ShareTweetEmail") show that the extractor dropped the markup between
        interface elements: the line is chrome, and the same extractor has
        probably glued words elsewhere too.

    Example:
        ``SubscribeSign In`` or ``FacebookTwitterEmail``.

    Use instead:
        Insert a separator for block and button elements when converting HTML
        to text, and drop interface labels.

    Options:
        None (labels come from the NL1xx packs).
    """

    code = "NL108"
    preview = True
    name = "glued-ui-labels"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.UNSAFE
    label = "Glued interface labels"

    def findings(self, doc: Document) -> dict[int, str]:
        out = super().findings(doc)
        for strip in self.index.strips(doc, glued_only=True):
            if strip.glued is not None:
                left, right = strip.glued
                out.setdefault(
                    strip.line.number,
                    f"{self.label} '{shorten(strip.line.text)}' ('{left}' and '{right}' joined without a space)"
                    f"{position_phrase(doc, strip.line.number)}",
                )
        return out

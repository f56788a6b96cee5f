"""NL303: paragraphs that repeat earlier paragraphs."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field

from newslint import Document, Fix, Hit, Rule, RuleOptions, Severity
from newslint.packs.lines import shorten
from newslint.rule import Applicability, Remedy

from .analysis import analyse, delete_lines


class RepeatedParagraphOptions(RuleOptions):
    min_chars: int = Field(80, ge=1, description="characters of prose a repeated block needs")
    similarity: float = Field(90.0, ge=50, le=100, description="rapidfuzz ratio for a near repeat")


class RepeatedParagraph(Rule[RepeatedParagraphOptions]):
    """Paragraphs that repeat earlier paragraphs, up to the whole article body twice.

    Preview: pages that repeat or restate text themselves (summaries, catalogues) are read as duplicates (v0.1 test: 11/25 right).

    Why is this bad?
        A page with a "print" and a "screen" version, an AMP twin, or an
        extractor that walked the DOM twice yields the same paragraphs twice.
        Duplicated text inflates the document, biases language models towards
        memorising it, and breaks deduplication statistics.

    Example:
        A 30-paragraph body followed by the same 30 paragraphs: reported once,
        at the first repeated paragraph, naming the lines it repeats.

    Use instead:
        Extract one copy of the article; the fix deletes the repeated block.

    Options:
        ``min-chars`` (default 80): a repeated block needs at least this many
        characters of prose (sentence-like lines ending in punctuation, not
        digit-heavy, not present three times or more), so repeated list items,
        recipe lines, interview questions and headings are left alone. A block
        of five lines or more that makes up 40% of the document (the body
        twice) is reported whatever it holds.
        ``similarity`` (default 90): rapidfuzz ratio above which two paragraphs
        are the same.
    """

    code = "NL303"
    preview = True
    name = "repeated-paragraph"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.UNSAFE
    default_severity = Severity.WARNING
    Options = RepeatedParagraphOptions

    def check(self, doc: Document) -> Iterable[Hit]:
        opts = self.options
        for block in analyse(doc, similarity=opts.similarity, min_chars=opts.min_chars).blocks:
            first, last = block.lines[0], block.lines[-1]
            src = f"line {block.firsts[0]}" if len(block.lines) == 1 else f"lines {block.firsts[0]}-{block.firsts[-1]}"
            what = "Paragraph repeats" if len(block.lines) == 1 else f"{len(block.lines)} paragraphs repeat"
            start, end = delete_lines(doc, first, last)
            yield Hit.on_line(
                doc,
                first,
                f"{what} {src}: '{shorten(doc.lines[first - 1].text)}'",
                fix=Fix(f"Delete the repeated lines {first}-{last}", start, end),
            )

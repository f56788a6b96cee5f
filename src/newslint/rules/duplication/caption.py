"""NL301: an image caption repeated later in the document."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field

from newslint import Document, Fix, Hit, Rule, RuleOptions, Severity
from newslint.packs.lines import shorten
from newslint.rule import Applicability, Remedy

from .analysis import analyse, delete_lines


class DuplicatedCaptionOptions(RuleOptions):
    min_words: int = Field(4, ge=1, description="shorter lines are never compared")
    similarity: float = Field(90.0, ge=50, le=100, description="rapidfuzz ratio for a near repeat")


class DuplicatedCaption(Rule[DuplicatedCaptionOptions]):
    """An image caption repeated later in the document, exactly, nearly, or with a photo credit added.

    Why is this bad?
        Extractors often keep both the ``alt`` text and the ``<figcaption>`` of
        a picture, or the caption and its "enlarge" twin, so the caption appears
        twice (``Putin has publicly acknowledged ... last month`` followed by
        the same line ending in ``Reuters/Philippe Wojazer``). A caption is not
        part of the article, and its repeat doubles the noise in every n-gram
        statistic and in training data.

    Example:
        ```
        Russian President Vladimir Putin has publicly acknowledged that IS bombed a Russian airliner
        Russian President Vladimir Putin has publicly acknowledged that IS bombed a Russian airliner Reuters/Philippe Wojazer
        ```
        The second line is reported, naming the first; the fix deletes it.

    Use instead:
        Drop ``<figure>``/``<figcaption>`` content (and image ``alt``/``title``
        attributes) when extracting the article body.

    Options:
        ``min-words`` (default 4): shorter lines are never compared.
        ``similarity`` (default 90): rapidfuzz ratio (0-100) above which two
        lines are the same caption.
    """

    code = "NL301"
    name = "duplicated-caption"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.UNSAFE
    default_severity = Severity.WARNING
    Options = DuplicatedCaptionOptions

    def check(self, doc: Document) -> Iterable[Hit]:
        opts = self.options
        for repeat in analyse(doc, min_words=opts.min_words, similarity=opts.similarity).captions:
            start, end = delete_lines(doc, repeat.line, repeat.line)
            extra = {"credit": " with a photo credit", "near": " (nearly)", "prefix": " (cut short)"}.get(
                repeat.how, ""
            )
            yield Hit.on_line(
                doc,
                repeat.line,
                f"Caption repeats line {repeat.first}{extra}: '{shorten(doc.lines[repeat.line - 1].text)}'",
                fix=Fix(f"Delete the repeated caption (line {repeat.line})", start, end),
            )

"""NL111-NL117: boilerplate lines no phrase pack names, found by the line classifier.

Each rule reports the lines of its category (:mod:`.categories`, by shape) whose classifier score reaches
its ``threshold`` (default: the one calibrated on the tune half of the real-page benchmark), with
the score as the finding's ``confidence`` and a message that says why. They defer to the phrase
rules (NL101-NL110): a line a pack names is reported once, by its pack's code. NL150 defers to every
NL1 code, so they must not defer to it: two rules that defer to each other would leave the line to
the lower code only by the engine's tie-break.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from pydantic import Field

from newslint import Document, Hit, Rule, RuleOptions
from newslint.packs.lines import shorten
from newslint.rule import Applicability, Remedy

from . import categories as K
from .classifier import explain, line_scores, weights

DEFERS_TO: tuple[str, ...] = ("NL10", "NL110")
# The preview line-shape rules (NL112-NL114, NL116) also leave a line NL117 reported in a page-shaped
# text; NL117 in turn leaves the lines of the default line-shape rules (NL111, NL115): one code per line.
SHAPE_DEFERS_TO: tuple[str, ...] = (*DEFERS_TO, "NL117")


class ClassifierOptions(RuleOptions):
    # None: the rule's threshold calibrated with the weights (line precision >= 0.9 vs the gold on the
    # tune half of the real-page benchmark, every extraction).
    threshold: float | None = Field(None, ge=0.0, le=1.0)


class ClassifiedLineRule(Rule[ClassifierOptions]):
    """Base of the classifier rules: the lines of one category scoring at least the threshold."""

    Options = ClassifierOptions
    kind: ClassVar[str]
    label: ClassVar[str]
    defers_to = DEFERS_TO
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.UNSAFE

    def check(self, doc: Document) -> Iterable[Hit]:
        threshold = self.options.threshold
        if threshold is None:
            calibrated = weights()
            threshold = calibrated.thresholds.get(self.kind, calibrated.threshold)
        mine = self.candidates(doc)
        if not mine:
            return  # no line of this shape: the classifier is not run for this rule
        scores = line_scores(doc)
        for number, cat in mine:
            scored = scores[number]
            if scored.score < threshold:
                continue
            why = explain(scored)
            if cat.detail:
                why = f"{cat.detail}; {why}"
            text = shorten(doc.lines[number - 1].text)
            yield Hit.on_line(
                doc, number, f"{self.label} '{text}': {why}{self.about_document(doc)}", confidence=scored.score
            )

    def candidates(self, doc: Document) -> list[tuple[int, K.Category]]:
        """The lines this rule may report, by their category (before the classifier scores them)."""
        return [(n, cat) for n, cat in sorted(K.categories(doc).items()) if cat.kind == self.kind]

    def about_document(self, doc: Document) -> str:
        """What the message adds about the document as a whole (nothing, for the line-shape rules)."""
        return ""


class TableChrome(ClassifiedLineRule):
    """Table-rendered navigation, share bars and page numbers: ``| Home \\| News \\| Forum |``, ``| 2 | 3 | 4 |``.

    Why is this bad?
        Extractors that render layout tables as markdown (trafilatura) keep
        menus, share bars, pagination and tickers as table rows, with the
        menu's own pipes escaped. They are not article text.

    Example:
        ``| Share | « Previous Coates \\| Next Coates » | Email Print |``

    Use instead:
        Drop layout tables before extraction, or drop these lines. A data
        table of the article (results, figures) scores low and is not
        reported: its cells read like the article's.

    Options:
        ``threshold`` (0-1, default: calibrated with the shipped weights): the lowest classifier
        score reported; raise it for fewer, surer findings.
    """

    code = "NL111"
    name = "table-chrome"
    kind = K.TABLE
    label = "Table or pagination chrome"

    def check(self, doc: Document) -> Iterable[Hit]:
        if not K.may_have_table_lines(doc):
            return ()  # no pipe and no line of page numbers: half of all texts, without categorising a line
        return super().check(doc)


class SectionHeader(ClassifiedLineRule):
    """Section headers and widget labels of the page: "Most Viewed Articles", "FROM OUR ADVERTISERS".

    Why is this bad?
        Sidebar and footer headings ("Today's Latest News", "View Full League
        Table", "November 2010") survive extraction as short lines with no
        sentence around them; no phrase list names them all.

    Example:
        ``Most Viewed Articles`` at the end of the text, among other short lines.

    Use instead:
        Drop sidebars before extraction, or drop these lines. A heading of the
        article scores low among its paragraphs and is not reported.

    Options:
        ``threshold`` (0-1, default: calibrated with the shipped weights): the lowest classifier
        score reported; raise it for fewer, surer findings.
    """

    code = "NL112"
    name = "section-header"
    kind = K.HEADER
    # Preview: with the tree model, 32 of 50 findings read strictly right (0.64; every one was boilerplate,
    # the others a blogroll's names, which are widget items rather than headers): 25/25 on the test half,
    # 7/25 on the tune half (benchmarks/reading/v0.4-*-classifier-trees.tsv).
    defers_to = SHAPE_DEFERS_TO
    preview = True
    label = "Section header or widget"


class RelatedStoryList(ClassifiedLineRule):
    """A list of other stories' headlines at the edge of the article.

    Why is this bad?
        Related-story and "more from" blocks are headlines of other articles:
        title-like lines without a sentence end, in a run. Kept, they attach
        unrelated headlines to the story.

    Example:
        Three or more headline-shaped lines in a row after the last paragraph.

    Use instead:
        Drop related-content blocks before extraction, or drop these lines.
        (Lists under a "Related:" header that a pack names are NL105's.)

    Options:
        ``threshold`` (0-1, default: calibrated with the shipped weights): the lowest classifier
        score reported; raise it for fewer, surer findings.
    """

    code = "NL113"
    name = "related-story-list"
    kind = K.RELATED
    # Preview: with the tree model, 8 of 25 findings read on the test half are other stories' headlines
    # (0.32 strict); the others are boilerplate of other kinds (footer links, date lists, search navigation)
    # (benchmarks/reading/v0.4-test-classifier-trees.tsv).
    defers_to = SHAPE_DEFERS_TO
    preview = True
    label = "Related-story headline"


class CommentChromeLine(ClassifiedLineRule):
    """Comment-section chrome that no phrase names: "Re: (Score:3)", "Posted by jon at 11:08 PM : Comments (2)".

    Why is this bad?
        The frame of a comment section (reply links, scores, comment counts,
        form fields) is interface text. NL107 reports the phrases its pack
        names; this rule is the classifier's witness for the rest, a code of
        its own so that its precision is measured, and its threshold tuned,
        apart from the pack's.

    Example:
        ``Name (Required)`` or ``Report Post »`` among short lines after the article.

    Use instead:
        Extract without comments, or drop these lines.

    Options:
        ``threshold`` (0-1, default: calibrated with the shipped weights): the lowest classifier
        score reported; raise it for fewer, surer findings.
    """

    code = "NL114"
    name = "comment-chrome-line"
    kind = K.COMMENT
    # Preview: with the tree model, 16 of 25 findings read on the test half are comment chrome (0.64 strict);
    # the others are contact and footer lines that mention comments (benchmarks/reading/v0.4-test-classifier-trees.tsv).
    defers_to = SHAPE_DEFERS_TO
    preview = True
    label = "Comment section chrome"


class ClassifiedBoilerplate(ClassifiedLineRule):
    """A longer line that reads like page chrome: promotions, teasers, widget text.

    Why is this bad?
        "Read more news like this on HindustanTimes.com" or "Join free and get
        in shape for 2008" are the site talking, not the article; they are too
        varied for phrase lists.

    Example:
        ``Read more news like this on HindustanTimes.com`` after the last paragraph.

    Use instead:
        Drop these lines; check a sample first (the classifier is a second
        opinion, not a phrase match).

    Options:
        ``threshold`` (0-1, default: calibrated with the shipped weights): the lowest classifier
        score reported; raise it for fewer, surer findings.
    """

    code = "NL116"
    name = "classified-boilerplate"
    kind = K.OTHER
    # Preview, though 48 of 50 findings read right with the tree model (0.96 strict; 24/25 on each half,
    # benchmarks/reading/v0.4-*-classifier-trees.tsv): its lines are any longer line, so by default it would
    # score every document with the classifier, as --preview does, which halves the NL1+NL2 rules'
    # throughput (benchmarks/quality_boilerplate.py: 242-244 docs/s against 513-526 with the default rules),
    # for 61 more lines on the test half (under 0.1% recall).
    defers_to = SHAPE_DEFERS_TO
    preview = True
    label = "Boilerplate line"


class PageTextChrome(ClassifiedLineRule):
    """Page chrome in a text that is a whole page's visible text: its menus, widgets and link lists.

    Why is this bad?
        When a scraper keeps a page's visible text instead of its article
        (no extractor, or one that failed), most lines are the page's frame:
        menus, sidebars, teasers, bylines of other stories, footers. Phrase
        lists name only some of them. In a text shaped like a whole page (20
        or more lines, two in five of them short), the line classifier
        reports the lines that score as chrome, whatever their kind.

    Example:
        A text of 120 lines, 70 of them short, with ``Most Viewed Articles``,
        ``Arsenal 2-1 Chelsea: five things we learned`` and ``Terms of Service``
        around the article's paragraphs.

    Use instead:
        Extract the article from the page (trafilatura, readability) before
        building the corpus, or drop these lines. The article's paragraphs and
        a data table's rows score low and are not reported.

    Options:
        ``threshold`` (0-1, default: calibrated with the shipped weights on the page-shaped texts of
        the tune half): the lowest classifier score reported; raise it for fewer, surer findings.
    """

    code = "NL117"
    name = "page-text-chrome"
    kind = K.PAGE
    # Preview: 43 of 60 findings read on the test half are chrome (0.72 strict, 0.83 with the debatable
    # ones; benchmarks/reading/v0.5-test-nl117.tsv): 9 of 10 on the news pages' visible text, but on
    # trafilatura's page-shaped texts an article that is itself a list (a poem, a budget's headings, a
    # record's fields, a comment thread of one-line comments) reads as a page.
    preview = True
    label = "Page chrome"
    defers_to = (*DEFERS_TO, "NL111", "NL115")

    def candidates(self, doc: Document) -> list[tuple[int, K.Category]]:
        if not K.page_shape(doc).reads_as_page:
            return []  # an extracted article: its lines are the line-shape rules' (and most texts stop here)
        skip = (K.DATA, K.DEBRIS)
        return [(n, cat) for n, cat in sorted(K.categories(doc).items()) if cat.kind not in skip]

    def about_document(self, doc: Document) -> str:
        shape = K.page_shape(doc)
        return f"; the text reads as a whole page ({shape.short_lines} of its {shape.content_lines} lines are short)"


class MarkupDebris(Rule[RuleOptions]):
    """Placeholder and markup debris: "Lorem ipsum", a stray ``</div>``, ``&nbsp;``, ``{{ title }}``.

    Why is this bad?
        Template filler, tags, undecoded entities and template variables show
        that the text came out of a broken page or a careless extractor; a
        model learns to write them.

    Example:
        ``</div>`` on a line of its own, or ``Posted in {{category}}``.

    Use instead:
        Decode entities and strip tags before linting; drop placeholder pages.

    Options:
        None (the patterns are fixed; a pattern match carries no score).
    """

    code = "NL115"
    name = "markup-debris"
    defers_to = DEFERS_TO
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.UNSAFE

    def check(self, doc: Document) -> Iterable[Hit]:
        for number, cat in sorted(K.categories(doc).items()):
            if cat.kind == K.DEBRIS:
                text = shorten(doc.lines[number - 1].text)
                yield Hit.on_line(doc, number, f"Markup debris '{text}': {cat.detail}")


RULES: list[type[Rule]] = [
    TableChrome,
    SectionHeader,
    RelatedStoryList,
    CommentChromeLine,
    MarkupDebris,
    ClassifiedBoilerplate,
    PageTextChrome,
]

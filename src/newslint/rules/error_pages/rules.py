"""The NL2xx rules: a whole error page (NL201), or error lines of one kind beside an article (NL202-NL206)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from newslint import Document, Hit, Rule, RuleOptions, RunContext, Severity
from newslint.packs import DATA_KIND, load_packs
from newslint.packs.lines import quote_evidence, shorten
from newslint.rule import Applicability, Remedy

from .analysis import ERROR_PAGE, error_scanner


class _ErrorRule(Rule[RuleOptions]):
    """Base: loads the packs once per rule instance (cached per run)."""

    def __init__(self, options: RuleOptions | None = None, context: RunContext | None = None) -> None:
        super().__init__(options, context)
        self.packs = load_packs(self.context.data_files(DATA_KIND))
        self.analysis = error_scanner(self.packs)
        self.own = self.packs.scanner((self.code,), ("finding",))


class ErrorPageDocument(_ErrorRule):
    """The whole document is an error page: the article is missing.

    Why is this bad?
        A "404 Page not found", a CDN's "Checking your browser", a "Please
        enable JavaScript" shell or a paywall that replaced the story was
        stored instead of the article. The record has no article at all and
        should not be in a news corpus; it is usually one of many from the
        same failed crawl.

    Example:
        A document whose text is ``Page not found`` and ``The page you
        requested does not exist.`` plus a menu and a footer.

    Use instead:
        Check the HTTP status and the extracted text before storing a page;
        re-fetch or drop these records. The finding names the error text and
        how little article prose (finished sentences outside error text and
        page chrome) the document has: fewer than 30 words, or fewer than 150
        when the document opens as an error page (a title or status line and
        an error sentence before any prose), since the prose around such a
        page is the site's chrome (a footer about the site, help text).

    Options:
        None.
    """

    code = "NL201"
    name = "error-page-document"
    remedy, fix_applicability = Remedy.DROP_DOCUMENT, Applicability.SAFE
    default_severity = Severity.ERROR

    def check(self, doc: Document) -> Iterable[Hit]:
        result = doc.analysis(ERROR_PAGE.bind(self.analysis))
        if not result.is_error_document:
            return
        first = result.hits[0]
        kinds = ", ".join(dict.fromkeys(m.pack.kind for m in result.hits))
        yield Hit(
            f"Whole document is an error page ({kinds}): '{shorten(first.line.text)}' on line {first.line.number}, "
            f"and only {result.prose_words} words of article prose"
        )


class _FragmentRule(_ErrorRule):
    """Base of NL202-NL206: error lines of one kind in a document that still has an article."""

    label: ClassVar[str] = "Error-page text"

    def check(self, doc: Document) -> Iterable[Hit]:
        own = self.analysis.error_lines(self.own, doc)
        if not own:
            return
        result = doc.analysis(ERROR_PAGE.bind(self.analysis))
        if result.is_error_document:
            return  # NL201 reports the document once
        for match in own:
            quoted = quote_evidence(match.line.text.strip(), match.evidence)
            yield Hit.on_line(
                doc,
                match.line.number,
                f"{self.label} {quoted} ({match.pack.kind}){result.where(match.line.number)}",
            )


class ErrorPageFragment(_FragmentRule):
    """Error-page text (not found, removed, server error) inside or after an article.

    Why is this bad?
        "Page not found" or "The content you requested does not exist" after
        a real article means the extractor glued a failed page (an embed, a
        second request, a related-content box) onto the story. The lines are
        noise, and the record may mix two fetches.

    Example:
        ``Page not found`` and ``The content you requested does not exist or
        is not available anymore.`` after the last paragraph.

    Use instead:
        Drop these lines; check the crawler for pages fetched twice or error
        templates inside the article container. A story that *reports* a
        "page not found" outage is not reported.

    Options:
        None.
    """

    code = "NL202"
    name = "error-page-fragment"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.SAFE
    label = "Error-page text"


class BotCheckText(_FragmentRule):
    """Bot-protection or CAPTCHA text ("Checking your browser", "Are you a robot?") in an article.

    Why is this bad?
        The crawler hit a bot wall (Cloudflare, Akamai, PerimeterX, a CAPTCHA)
        for part of the page. The challenge text is not article text.

    Example:
        ``Please verify you are a human`` after a paragraph.

    Use instead:
        Drop the lines; slow the crawler down or fetch through an allowed
        route. A document that is *only* a bot check is NL201.

    Options:
        None.
    """

    code = "NL203"
    name = "bot-check-text"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.UNSAFE
    label = "Bot-check text"


class PaywallText(_FragmentRule):
    """A paywall or registration wall ("Subscribe to continue reading") in an article.

    Why is this bad?
        The text stops where the wall starts: the article is truncated, and
        the wall's sales text sits where the story should continue.

    Example:
        ``Subscribe to continue reading`` after two paragraphs.

    Use instead:
        Treat the record as truncated (drop it or fetch the full text with
        access); drop the wall's lines. A document that is only a paywall
        stub is NL201.

    Options:
        None.
    """

    code = "NL204"
    name = "paywall-text"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.SAFE
    label = "Paywall text"


class JavascriptRequiredText(_FragmentRule):
    """ "Please enable JavaScript" or "Your browser does not support..." text in an article.

    Why is this bad?
        The fallback text of a script-driven widget (a player, a slideshow,
        comments) was extracted instead of the widget. It is not article text
        and often marks where content is missing.

    Example:
        ``This slideshow requires JavaScript.`` between two paragraphs.

    Use instead:
        Drop the lines; render the page (or the widget's data) if its content
        matters. A document that is only such a notice is NL201.

    Options:
        None.
    """

    code = "NL205"
    name = "javascript-required-text"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.SAFE
    label = "JavaScript-required text"


class GeoBlockText(_FragmentRule):
    """A geo-block notice ("This content is not available in your country") in an article.

    Why is this bad?
        Part of the page (a video, an embed, or the article itself) was
        withheld in the crawler's region; the notice replaced it.

    Example:
        ``This video is not available in your country.``

    Use instead:
        Drop the line; crawl from a region where the content is served if it
        matters. A document that is only a geo-block is NL201.

    Options:
        None.
    """

    code = "NL206"
    name = "geo-block-text"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.UNSAFE
    label = "Geo-block text"

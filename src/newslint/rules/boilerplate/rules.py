"""The NL1xx rules that are their phrase packs: one class per code, the phrases in ``rules/*.toml``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice

from pydantic import Field

from newslint import AnalysisFamily, Document, Line, RuleOptions
from newslint.packs import Pack, Scanner
from newslint.packs.lines import is_bullet, is_prose, position_phrase, shorten
from newslint.rule import Applicability, Remedy
from newslint.text.bylines import opens_with_byline
from newslint.text.sentences import ends_finished_sentence
from newslint.text.timestamps import MONTH_NAME
from newslint.text.words import word_count

from .base import ChromeRule, neighbours
from .structure import DEFAULT_LIST_LINES, following_lines

# The kind of the NL104 pack of bare buttons ("Accept", "I agree"), the lines around one that make a
# consent dialog, and the words that say so.
CONSENT_BUTTON = "consent button"
DIALOG_LINES = 3
_CONSENT_WORD = re.compile(r"(?i)cookie|consent|privacy|gdpr|tracking")
# The label and separator that open a teaser link ("Read more:", "Also --", "See also »").
_TEASER_LABEL = re.compile(r"(?i)^[ \t]*[\w .'’]{1,30}?[ \t\u00a0]*(?:[:：»›|]|--?|–|—)[ \t\u00a0]*")
# A month, a season or a year in a newsletter's name makes it an issue's title ("VG247" is a name).
_ISSUE_DATE = re.compile(
    r"(?i)\b(?:" + MONTH_NAME + r"|spring|summer|autumn|fall|winter|issue|vol(?:ume)?)\b"
    r"|\b(?:19|20)\d\d\b|['’]\d\d\b"
)
# A paragraph this long right under a "More on ..." line makes that line its heading.
SECTION_PROSE_WORDS = 20


def next_text_line(doc: Document, number: int) -> str | None:
    """The next non-blank line after line ``number`` (at most one blank line between), or None."""
    return next((line.text for line in doc.lines[number : number + 2] if line.text.strip()), None)


# A line of this many words above a "Read more" link is the excerpt it closes (a headline is shorter).
EXCERPT_WORDS = 25
# A page whose first excerpt-closing link stands within this share of its lines is a listing of entries.
LISTING_SHARE = 0.5


def closes_excerpt(doc: Document, number: int) -> bool:
    """Is the link on line ``number`` right under an excerpt (a paragraph of EXCERPT_WORDS words or more)?"""
    above, _ = neighbours(doc, number)
    return above is not None and word_count(above.text) >= EXCERPT_WORDS


def has_article_body(lines: Sequence[Line]) -> bool:
    """Two paragraphs in a row (non-blank lines of EXCERPT_WORDS words or more): an article's body, not a card's excerpt."""
    long = [word_count(line.text) >= EXCERPT_WORDS for line in lines if line.text.strip()]
    return any(a and b for a, b in zip(long, long[1:]))


def _listing_page(doc: Document, link: str) -> bool:
    """Is the document a listing of entries closed by the link ``link`` (casefolded), rather than an article with cards?

    The entries start in the first half of the page, and no article body (two paragraphs in a row)
    stands before the first entry's excerpt or after the last entry.
    """
    closing = [o.number for o in doc.lines if o.text.strip().casefold() == link and closes_excerpt(doc, o.number)]
    if not closing or closing[0] > len(doc.lines) * LISTING_SHARE:
        return False
    before = doc.lines[: max(0, closing[0] - 3)]  # the first excerpt and its headline are the entry's
    return not has_article_body(before) and not has_article_body(doc.lines[closing[-1] :])


LISTING_PAGE: AnalysisFamily[str, bool] = AnalysisFamily("newslint.boilerplate.listing-page", _listing_page)


# The headings of a reference article's apparatus, and how many lines after "See also" may hold one.
_REFERENCE_HEADINGS = frozenset(
    ("references", "external links", "notes", "footnotes", "bibliography", "sources", "works cited", "citations")
)
REFERENCE_LINES = 12


def is_reference_heading(text: str) -> bool:
    return text.strip().rstrip(":").strip().casefold() in _REFERENCE_HEADINGS


# Two sentences in a row: a full stop, then a capital.
_SECOND_SENTENCE = re.compile(r"[.!?][\"”’)]?[ \t]+[A-Z]")
FIELD_LABELS = frozenset(("email:", "e-mail:", "email address:", "e-mail address:"))


class NewsletterSignup(ChromeRule[RuleOptions]):
    """A newsletter or subscription box left in the text.

    Why is this bad?
        "Daily newsletterReceive essential international news every morning",
        "Sign up for our newsletter" or "Subscribe now" are calls to action of
        the page, not sentences of the article; they recur on every page of a
        site and teach a model to end articles with a sales pitch.

    Example:
        ``Get the day's top headlines delivered to your inbox every morning.``

    Use instead:
        Remove sign-up boxes before extraction, or drop these lines. An
        article *about* a newsletter ("The newsletter, which has 2 million
        subscribers, launched in 2015.") is not reported: the packs match
        calls to action addressed to the reader, never a word alone.

    Options:
        None (phrases come from the packs with code NL102).
    """

    code = "NL102"
    name = "newsletter-signup"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.UNSAFE
    label = "Newsletter sign-up text"

    def accepts(self, doc: Document, line: Line, pack: Pack) -> bool:
        # "July '99 Newsletter", "Spring 2006 Newsletter": a dated name is an issue's title (the
        # page is the newsletter), not the box that signs the reader up for the next one.
        return pack.kind != "newsletter box" or not _ISSUE_DATE.search(line.text)


class ShareButtons(ChromeRule[RuleOptions]):
    """Share, print, e-mail and social follow buttons left in the text.

    Why is this bad?
        "Share this:", "Tweet", "Facebook" or "Follow us on Instagram" are
        button labels. They carry no content and appear in every article of
        a site. (A row of several labels on one line is NL101's.)

    Example:
        ``Share this article`` or ``Follow NBC News on Facebook, Twitter and
        Instagram.``

    Use instead:
        Strip social widgets before extraction, or drop these lines.

    Options:
        None (phrases come from the packs with code NL103).
    """

    code = "NL103"
    name = "share-buttons"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.UNSAFE
    label = "Share buttons"
    labels_can_be_prose = True

    def accepts(self, doc: Document, line: Line, pack: Pack) -> bool:
        # "Email:" or "E-mail:" with a colon labels a field of a contact block or a form, not a button.
        return line.text.strip().casefold() not in FIELD_LABELS


def _cookie_notices(doc: Document, scanner: Scanner) -> tuple[int, ...]:
    return tuple(m.line.number for m in scanner.scan(doc, word_count) if m.pack.kind != CONSENT_BUTTON)


# The lines of NL104's notices (not its buttons), once per document.
COOKIE_NOTICES: AnalysisFamily[Scanner, tuple[int, ...]] = AnalysisFamily(
    "newslint.boilerplate.cookie-notices", _cookie_notices
)


class CookieBanner(ChromeRule[RuleOptions]):
    """A cookie or consent banner left in the text.

    Why is this bad?
        "This website uses cookies to improve your experience" is the same
        legal notice on thousands of sites; it is never part of an article and
        inflates near-duplicate statistics.

    Example:
        ``We use cookies to personalise content and ads. By continuing to use
        our site, you accept our use of cookies.``

    Use instead:
        Remove consent dialogs before extraction, or drop these lines.

    Options:
        None (phrases come from the packs with code NL104).
    """

    code = "NL104"
    name = "cookie-banner"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.UNSAFE
    label = "Cookie banner"
    labels_can_be_prose = True

    def accepts(self, doc: Document, line: Line, pack: Pack) -> bool:
        # "I agree", "Accept" or "Decline" alone is a reader's comment or a poll option: a consent
        # button is one only on a page that shows the consent notice it answers, or in a dialog
        # whose other lines speak of cookies, consent or privacy ("Accept all / Cookie settings").
        if pack.kind != CONSENT_BUTTON:
            return True
        if doc.analysis(COOKIE_NOTICES.bind(self.scanner)):
            return True
        near = doc.lines[max(0, line.number - 1 - DIALOG_LINES) : line.number + DIALOG_LINES]
        return any(_CONSENT_WORD.search(other.text) for other in near)


class RelatedStoryTeaserOptions(RuleOptions):
    max_list_lines: int = Field(DEFAULT_LIST_LINES, ge=0)


class RelatedStoryTeaser(ChromeRule[RelatedStoryTeaserOptions]):
    """Links to other stories: "Read more:", "Related:", "Most popular" lists.

    Why is this bad?
        A teaser line is the headline of another article. Left in, it splices
        unrelated topics into the story ("Read more: Alibaba poised to launch
        record-breaking listing" in the middle of a space-science article).

    Example:
        ``You may also like...`` followed by three headlines, or ``READ MORE:
        China plague outbreak confirmed`` between two paragraphs.

    Use instead:
        Drop recommendation widgets before extraction, or drop these lines.

    Options:
        ``max-list-lines`` (default 10): how many headline-shaped lines under
        a header ("Most read", "You may also like") are reported as teasers.

        Preview behaviour (``--preview``): lines in rows of a markdown layout
        table (``| Related Articles |``, as trafilatura renders layout tables)
        are reported with preview on only: there a header's column and the
        rows below it are often different boxes, and 22 of 27 such findings
        read on unseen pages were right (0.81; 0.94 on plain lines).
    """

    code = "NL105"
    name = "related-story-teaser"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.UNSAFE
    label = "Related-story teaser"
    table_rows_in_preview = True

    Options = RelatedStoryTeaserOptions

    def list_limit(self) -> int:
        return self.options.max_list_lines

    def heads_list(self, doc: Document, line: Line, pack: Pack) -> bool:
        if pack.kind != "continuation link":
            return True
        # "read more" under an excerpt closes it. Before or after an article, cards of other stories
        # (headline, excerpt, "Read more") are teasers. A listing page is made of such entries, and
        # the next entry's headline is the page's.
        return not (closes_excerpt(doc, line.number) and doc.analysis(LISTING_PAGE.bind(line.text.strip().casefold())))

    def accepts(self, doc: Document, line: Line, pack: Pack) -> bool:
        if pack.kind == "see-also header":
            # "See also" over "References" and "External links" is a section of a reference
            # article (a Wikipedia page), which the article's text keeps.
            return not any(
                is_reference_heading(other.text) for other in islice(following_lines(doc, line.number), REFERENCE_LINES)
            )
        if pack.kind == "topic header":
            # "More on Wage-Cheating in China" over a paragraph of prose is the heading of that text;
            # "More from Football" stands over headlines, links or nothing. (A list header, "Read
            # More" or "Most read in Sport", over a glued headline-and-excerpt line is still one.)
            below = next_text_line(doc, line.number)
            return below is None or is_bullet(below) or not is_prose(below, SECTION_PROSE_WORDS)
        # "Also: if you're going to lead the bad guys into a trap, bring your own guns." A teaser
        # label opens a headline; after "Also:" or "More:" a lower-case clause that ends as a
        # sentence, or two sentences, are the writer's (or a commenter's) own afterthought.
        if pack.kind != "teaser link":
            return True
        label = _TEASER_LABEL.match(line.text)
        if label is None:
            return True
        rest = line.text[label.end() :].strip()
        # Two finished sentences after "Also:" are a paragraph, not a headline.
        return not ((rest[:1].islower() or _SECOND_SENTENCE.search(rest)) and ends_finished_sentence(rest))


class FooterText(ChromeRule[RuleOptions]):
    """Footer text left in the text: copyright lines, legal and corporate links.

    Why is this bad?
        "© 2019 Acme Media. All rights reserved." and "Privacy Policy | Terms
        of Use | Contact Us" belong to the page footer; they repeat on every
        page and are not the article.

    Example:
        ``Copyright © 2019 Example Media Group. All rights reserved.``

    Use instead:
        Drop the footer before extraction, or drop these lines. Image credits
        ("© Reuters") are left to the caption rules.

    Options:
        None (phrases come from the packs with code NL106).
    """

    code = "NL106"
    name = "footer-text"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.SAFE
    label = "Footer text"
    labels_can_be_prose = True


# The kind of the packs whose lines head a comment (rules/comments.toml).
COMMENT_HEADER = "comment header"


class CommentChrome(ChromeRule[RuleOptions]):
    """The frame of a comment section: "Comments", "Leave a comment", "Log in to comment".

    Why is this bad?
        The labels and prompts of a comment widget are interface text. They
        also mark where the extractor ran past the end of the article.

    Example:
        ``You must log in to post a comment.``

    Use instead:
        Stop extraction at the end of the article body, or drop these lines.

    Options:
        None (phrases come from the packs with code NL107).

        Preview behaviour (``--preview``): lines in rows of a markdown layout
        table (``| Tell Us What You Think |``) are reported with preview on
        only: there a label was a feedback link or a directory's column header
        more often (12 of 16 such findings read on unseen pages were right,
        0.75; 0.98 on plain lines).
    """

    code = "NL107"
    name = "comment-chrome"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.SAFE
    label = "Comment section text"
    table_rows_in_preview = True

    def accepts(self, doc: Document, line: Line, pack: Pack) -> bool:
        # A story's byline carries its date and time after a dash as a comment's header does
        # ("By Jane Doe — July 19, 2012, 6:12 pm"): it is the article's, not a comment's.
        return pack.kind != COMMENT_HEADER or not opens_with_byline(line.text)

    def findings(self, doc: Document) -> dict[int, str]:
        out = super().findings(doc)
        for number in self.comment_form_fields(doc):
            if number not in out:
                line = doc.lines[number - 1]
                out[number] = f"{self.label} '{shorten(line.text)}' (comment form field){position_phrase(doc, number)}"
        return out


class AccessibilityWidget(ChromeRule[RuleOptions]):
    """Accessibility and reading widgets: "Increase text size", "Listen to this article".

    Why is this bad?
        Font-size buttons, read-aloud players and contrast toggles are
        controls of the page; their labels are not part of the article.

    Example:
        ``Increase text size`` or ``Listen to this article``.

    Use instead:
        Drop toolbars before extraction, or drop these lines.

    Options:
        None (phrases come from the packs with code NL109).
    """

    code = "NL109"
    name = "accessibility-widget"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.UNSAFE
    label = "Accessibility widget"
    labels_can_be_prose = True


class AdvertisementLabel(ChromeRule[RuleOptions]):
    """Advertisement labels: "Advertisement", "Sponsored", "Story continues below advertisement", affiliate notes.

    Why is this bad?
        The label of an ad slot survives extraction when the ad itself does
        not; it interrupts the article, often in mid-story. Affiliate
        disclosures ("we may earn a commission") are the shop's small print,
        not the story.

    Example:
        ``ADVERTISEMENT`` between two paragraphs.

    Use instead:
        Drop ad containers before extraction, or drop these lines.

    Options:
        None (phrases come from the packs with code NL110).
    """

    code = "NL110"
    name = "advertisement-label"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.SAFE
    label = "Advertisement label"

"""NL1xx: leftover navigation and boilerplate, the page around the article.

Every rule reports whole lines. The phrases live in the phrase packs
(``rules/*.toml``, extendable with ``extend-rule-packs``); the structure
(label strips, menu blocks, teaser lists) in :mod:`._chrome`. A line is never
flagged for containing a word: a pack phrase must be the whole line, its start
(a "Read more:" teaser) or a second-person call to action ("Sign up for our
newsletter"), under the pack's length limits. NL150-NL199 are reserved for
corpus-wide rules (NL150: repeated lines).
"""

from __future__ import annotations

from newslint import Document, RuleOptions, hookimpl
from pydantic import Field

from ._chrome import DEFAULT_LIST_LINES, ChromeRule, menu_blocks
from ._lines import position_phrase, shorten


class NavigationText(ChromeRule):
    """Site navigation left in the text: skip links, menus, breadcrumbs, rows of links, account links.

    Why is this bad?
        "Skip to main content", ``Home | World | Business | Sport``, "Sign In"
        or a column of section names ("News", "Business", "Sport", ...) are
        the page's menus, not the article. Models trained on them learn to
        produce menus; deduplication and length statistics are skewed by the
        same menu repeated on every page of a site. Any line made only of
        interface labels is a row of links and reported here, whatever the
        labels are (``Facebook Twitter Email``, ``Privacy Policy | Terms``).

    Example:
        ``Skip to main content`` as the first line of an article, or a block
        ``Home / News / World / Business`` before the headline.

    Use instead:
        Extract the article body only (``<main>``/``<article>``, a boilerplate
        remover such as trafilatura), or drop these lines in post-processing.

    Options:
        ``min-block-lines`` (default 3): the fewest short lines that make a
        menu block. ``min-label-share`` (default 0.5): the share of a block's
        lines that must be known navigation or interface labels; the other
        lines of the block (a reporter's name in a menu) are reported too.
        Long runs need fewer labels: from 5 short lines a share of 0.2, from
        10 lines 3 labels, since articles rarely have runs of short lines.
    """

    code = "NL101"
    name = "navigation-text"
    label = "Navigation text"

    class Options(RuleOptions):
        min_block_lines: int = Field(3, ge=2)
        min_label_share: float = Field(0.5, gt=0, le=1)

    def findings(self, doc: Document) -> dict[int, str]:
        out = super().findings(doc)
        strips = self.index.strips(doc)
        for strip in strips:
            if strip.glued is None and strip.line.number not in out:
                kinds = ", ".join(dict.fromkeys(strip.kinds))
                out[strip.line.number] = (
                    f"{self.label} '{shorten(strip.line.text)}' "
                    f"(a row of {len(strip.labels)} interface labels: {kinds})"
                    f"{position_phrase(doc, strip.line.number)}"
                )
        chrome = self.index.chrome_lines(doc)
        known = self.index.label_lines(chrome, strips)
        if len(known) < 2:
            return out
        # Lines another NL1xx rule reports itself (a "Facebook" share button
        # inside a menu, a glued strip) are left to that rule.
        claimed = {n for n, packs in chrome.items() if any(p.role == "finding" and p.code != self.code for p in packs)}
        claimed |= {s.line.number for s in strips if s.glued}
        blocks = menu_blocks(doc, known, set(chrome), self.options.min_block_lines, self.options.min_label_share)
        for block, count in blocks:
            for line in block:
                if line.number not in out and line.number not in claimed:
                    out[line.number] = (
                        f"{self.label} '{shorten(line.text)}' (menu item in a block of {len(block)} short lines, "
                        f"{count} of them known labels){position_phrase(doc, line.number)}"
                    )
        return out


class NewsletterSignup(ChromeRule):
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
    label = "Newsletter sign-up text"


class ShareButtons(ChromeRule):
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
    label = "Share buttons"


class CookieBanner(ChromeRule):
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
    label = "Cookie banner"


class RelatedStoryTeaser(ChromeRule):
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
    """

    code = "NL105"
    name = "related-story-teaser"
    label = "Related-story teaser"

    class Options(RuleOptions):
        max_list_lines: int = Field(DEFAULT_LIST_LINES, ge=0)


class FooterText(ChromeRule):
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
    label = "Footer text"


class CommentChrome(ChromeRule):
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
    """

    code = "NL107"
    name = "comment-chrome"
    label = "Comment section text"


class GluedUiLabels(ChromeRule):
    """Interface labels glued together without a space: ``SubscribeSign In``.

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
    name = "glued-ui-labels"
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


class AccessibilityWidget(ChromeRule):
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
    label = "Accessibility widget"


class AdvertisementLabel(ChromeRule):
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
    label = "Advertisement label"


RULES = [
    NavigationText,
    NewsletterSignup,
    ShareButtons,
    CookieBanner,
    RelatedStoryTeaser,
    FooterText,
    CommentChrome,
    GluedUiLabels,
    AccessibilityWidget,
    AdvertisementLabel,
]


@hookimpl
def newslint_rules():
    return list(RULES)

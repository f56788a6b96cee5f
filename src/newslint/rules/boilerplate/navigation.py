"""NL101: site navigation, by phrase, by row of labels and by menu block."""

from __future__ import annotations

import re
from collections.abc import Container
from itertools import islice

from pydantic import Field

from newslint import Document, Line, RuleOptions
from newslint.packs.lines import is_empty_row, is_prose, position_phrase, shorten
from newslint.rule import Applicability, Remedy
from newslint.text.bylines import is_article_metadata, opens_with_byline
from newslint.text.timestamps import is_labelled_date, is_timestamp, split_date_start
from newslint.text.words import word_count

from .base import MENU_ITEM_CODES, ChromeRule, menu_items
from .structure import MENU_BLOCK_LINES, MENU_LABEL_SHARE, following_lines, menu_blocks

# "REVIEW: CORPORATE ROCK", "Analysis: Why the euro fell": a section kicker, a colon and a title make
# a headline (the article's own, or a story's), never a link of a menu.
_KICKER_HEADLINE = re.compile(
    r"^[\W_]*(?i:review|analysis|opinion|interview|exclusive|editorial|feature|profile|obituary|explainer|"
    r"commentary|essay|column|letter|fact check|q&a)[ \t]*:[ \t]*\w[^|]*?[\W_]*$"
)

# "YES! (please send 3!)", "Stay strong, G!": an exclamation or a full stop with lower-case words (or a
# comma), next to a comment's "Reply" link or time stamp, is something a reader said, not a menu link.
_EXCLAMATION_OR_STOP = re.compile(r"\w[!.](?:[\s)\]\"”’]|$)")
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z][a-z'’]+\b")
_REPLY = re.compile(r"(?i)\breply\b")


def _said_by_a_reader(doc: Document, line: Line) -> bool:
    """A short sentence of a reader's between a comment's stamp or "Reply" link and the next one."""
    text = line.text
    lower = len(_LOWER_WORD.findall(text))
    if _EXCLAMATION_OR_STOP.search(text) is None or not (lower >= 2 or (lower > 0 and "," in text)):
        return False
    # Without a reply link or a comment's stamp beside it, "So sorry to see you go!" in a menu is the
    # site's own message. (Any comment chrome beside it is too wide: "5 comments" follows teasers.)
    near = [doc.lines[n - 1].text for n in (line.number - 1, line.number + 1) if 1 <= n <= len(doc.lines)]
    return any(_REPLY.search(t) or is_timestamp(t) for t in near)


def _post_header(block: list[Line], known: set[int], chrome: Container[int]) -> set[int]:
    """The lines that close ``block`` from its last date on, when no label or chrome line comes after it.

    "October 11, 2012" / "Transparency. EMC Partner Q4" at the end of a run of menu links is the
    post's date and title over its text; a date with menu links after it is a sidebar's. The date may
    be set one part a line ("24" / "Jul" / "2012" / "12:20am, EDT", as NBC News's blogs print it).
    """
    earliest = None  # the earliest date of the closing lines ("Oct 21 2012" / "Glacier" / "Sunday, ... 8:02AM")
    texts = [line.text for line in block]
    for position in range(len(block) - 1, max(-1, len(block) - 2 - _POST_HEADER_LINES), -1):
        line = block[position]
        if line.number in known or line.number in chrome:
            break
        if is_timestamp(line.text):
            earliest = position
        elif (start := split_date_start(texts, position)) is not None:
            earliest = start
            break
    return set() if earliest is None else {closing.number for closing in block[earliest:]}


# A post's header closing a block: its date and at most this many lines under it (a title, a subtitle).
_POST_HEADER_LINES = 3
# The article's head closing a block: the text's main prose starts right under the block when its
# first line and at least this many of the next few non-blank lines (_MAIN_PROSE_WINDOW, the first
# included) are paragraphs of prose (finished sentences of _MAIN_PROSE_WORDS words or more). A
# sidebar's blurb under its heading is one paragraph, then chrome again.
_MAIN_PROSE_LINES = 3
_MAIN_PROSE_WINDOW = 5
_MAIN_PROSE_WORDS = 15
# Blank lines in a row the window may cross (paragraphs of extracted text are apart by one).
_MAIN_PROSE_GAP = 2
# A byline with its date and place is short; a longer line opening with "By" is a sentence.
_BYLINE_WORDS = 12


def _article_head(doc: Document, block: list[Line], known: set[int], chrome: Container[int]) -> set[int]:
    """The article's head closing ``block`` right above the text's main prose: its byline and date lines
    (at the block's end) and the line above them, its title.

    "Binomial coefficient trick" / "by John on July 21, 2012" under a blog's menu links, then the post's
    paragraphs: the title and the byline are the article's. The title must have two words or more (a
    font-size link, "Larger", above a byline is none), three or more when no byline or date comes
    between it and the prose (a menu's last link, "Contact Us", is none).
    """
    following = [
        line.text for line in islice(following_lines(doc, block[-1].number, _MAIN_PROSE_GAP), _MAIN_PROSE_WINDOW)
    ]
    if not following or not is_prose(following[0], _MAIN_PROSE_WORDS):
        return set()
    if sum(is_prose(text, _MAIN_PROSE_WORDS) for text in following) < _MAIN_PROSE_LINES:
        return set()
    head: set[int] = set()
    position = len(block) - 1
    while position >= 0 and _is_head_metadata(block[position].text):
        head.add(block[position].number)
        position -= 1
    if position >= 0:
        title = block[position]
        words = word_count(title.text)
        if title.number not in known and title.number not in chrome and words >= (2 if head else 3):
            head.add(title.number)
    return head


def _is_head_metadata(text: str) -> bool:
    """A byline ("by John on July 21, 2012", "By NICHOLAS BAKALAR") or a date line of an article's head."""
    return (
        (opens_with_byline(text) and word_count(text) <= _BYLINE_WORDS) or is_timestamp(text) or is_labelled_date(text)
    )


class NavigationTextOptions(RuleOptions):
    min_block_lines: int = Field(MENU_BLOCK_LINES, ge=2)
    min_label_share: float = Field(MENU_LABEL_SHARE, gt=0, le=1)


class NavigationText(ChromeRule[NavigationTextOptions]):
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
        10 lines 2 labels, since articles rarely have runs of short lines.
    """

    code = "NL101"
    name = "navigation-text"
    remedy, fix_applicability = Remedy.DELETE_LINE, Applicability.SAFE
    label = "Navigation text"

    Options = NavigationTextOptions

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
        # Lines another NL1xx rule reports itself (a share button or a footer
        # link inside a menu, a glued strip, a sign-up box) are left to that rule,
        # except its bare labels that are menu items (base.menu_items), which the
        # rule leaves here.
        blocks = menu_blocks(doc, known, set(chrome), self.options.min_block_lines, self.options.min_label_share)
        numbers = [frozenset(line.number for line in block) for block, _ in blocks]
        items = {n for code in MENU_ITEM_CODES for n in menu_items(doc, code, chrome, numbers)}
        claimed = {
            n
            for n, packs in chrome.items()
            if n not in items and any(p.role == "finding" and p.code != self.code for p in packs)
        }
        claimed |= {s.line.number for s in strips if s.glued}
        claimed |= self.comment_form_fields(doc)  # "Name *", "Website" under "Leave a Reply": NL107's
        for block, count in blocks:
            header = _post_header(block, known, chrome) | _article_head(doc, block, known, chrome)
            for line in block:
                # Not reported though in the block: an empty table row, a kicker headline, a reader's reply,
                # the article's byline or labelled date, the post's own header closing the block (its
                # date, and its title under it), or the article's head right above its main prose (its
                # title, byline and date): the article's, which the gold keeps.
                if (
                    line.number not in out
                    and line.number not in claimed
                    and line.number not in header
                    and not is_empty_row(line.text)
                    and not _KICKER_HEADLINE.match(line.text)
                    and not _said_by_a_reader(doc, line)
                    and not is_article_metadata(line.text)
                ):
                    out[line.number] = (
                        f"{self.label} '{shorten(line.text)}' (menu item in a block of {len(block)} short lines, "
                        f"{count} of them known labels){position_phrase(doc, line.number)}"
                    )
        return out

"""The base of the NL1xx rules: the lines a rule's packs match, and teaser lists under its headers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar, TypeVar

from newslint import AnalysisFamily, Document, Hit, Line, Rule, RuleOptions, RunContext
from newslint.packs import DATA_KIND, Pack, load_packs
from newslint.packs.lines import is_prose, is_table_row, position_phrase, quote_evidence, shorten
from newslint.text.quotes import inside_quotes
from newslint.text.words import word_count

from .structure import (
    COMMENT_CODE,
    DEFAULT_LIST_LINES,
    MENU_BLOCK_LINES,
    MENU_LABEL_SHARE,
    ChromeIndex,
    chrome_index,
    list_after,
    menu_blocks,
)

OptionsT = TypeVar("OptionsT", bound=RuleOptions)

# A whole-line label of at most this many words is a word of the article when prose surrounds it.
LONE_LABEL_WORDS = 3
# The codes whose bare labels, inside a menu block of mostly other labels, are menu items that NL101
# reports: "Newsletters" or "Subscribe" between "Events" and "Multimedia" is a link of the menu, not a
# sign-up box. Share, footer, accessibility and advertisement labels keep their own code in a menu
# (they name what the line is wherever it stands).
MENU_ITEM_CODES = frozenset({"NL102"})


def is_bare_label(text: str) -> bool:
    """A whole line of at most LONE_LABEL_WORDS words: a button, a link or a heading on its own."""
    return word_count(text) <= LONE_LABEL_WORDS


def neighbours(doc: Document, number: int, gap: int = 1) -> tuple[Line | None, Line | None]:
    """The nearest non-blank lines before and after line ``number`` (None past ``gap`` blank lines or an edge)."""
    found: list[Line | None] = []
    for step in (-1, 1):
        n, blanks, near = number + step, 0, None
        while 1 <= n <= len(doc.lines):
            line = doc.lines[n - 1]
            if line.text.strip():
                near = line
                break
            blanks += 1
            if blanks > gap:
                break
            n += step
        found.append(near)
    return found[0], found[1]


def label_in_prose(doc: Document, line: Line, chrome: set[int]) -> bool:
    """Is this one-to-three-word label line set in the article's prose rather than in chrome?

    "TikTok" or "FAQs" as a section heading, "LISTEN" as a section label,
    "I agree." as a reader's comment: a button label on its own is chrome only
    in the company of chrome. It is the article's when it has text on both
    sides, no neighbour is a chrome line and one of them is a finished
    sentence of prose.
    """
    if word_count(line.text) > LONE_LABEL_WORDS:
        return False
    near = neighbours(doc, line.number)
    if any(n is None or n.number in chrome for n in near):
        return False  # the edge of the text, or chrome around it
    return any(n is not None and is_prose(n.text) for n in near)


# Codes whose lines belong to a teaser widget ("Posted in: Music Features", "1 of 3" between its
# headlines): the list goes on through them. Any other chrome (a follow link, a copyright) ends it.
LIST_PARTS = frozenset({"NL101"})
# A word with a dash glued to it at the end of the line ("Comments--", "Notes—") introduces what follows,
# as a colon would: a writer's typography, never an interface label's.
_LEAD_IN_DASH = re.compile(r"\w(?:--|—)[ \t]*$")
# A line of at least this many words that stops without punctuation runs on into the next line.
RUN_ON_WORDS = 6


def inside_wrapped_sentence(doc: Document, line: Line) -> bool:
    """Is this short line a piece of a hard-wrapped sentence ("... questions to fill out for" / "feedback" / "for us on ...")?

    The line right above is long prose that stops mid-sentence (a word or a comma
    at its end), and the line right below goes on in lower case, or this line
    ends the sentence in lower case ("terms."): whatever label the line's words
    spell, the sentence runs through it.
    """
    if line.number < 2:
        return False
    above = doc.lines[line.number - 2].text.rstrip()
    below = doc.lines[line.number].text.lstrip() if line.number < len(doc.lines) else ""
    text = line.text.strip()
    if not above or not text or "|" in (above[:1], text[:1]):
        return False
    if not (above[-1].isalnum() or above[-1] == ",") or word_count(above) < RUN_ON_WORDS:
        return False
    # This line is the sentence's lower-case end ("terms."), or the sentence goes on below it.
    if text[0].islower() and text[-1] in ".!?":
        return True
    return below[:1].islower() and text[-1] not in ".!?:"


def menu_items(
    doc: Document, code: str, chrome: Mapping[int, Sequence[Pack]], blocks: Iterable[frozenset[int]]
) -> set[int]:
    """The bare labels of rule ``code`` that are menu items, which NL101 reports instead of ``code``.

    A label is a menu item in a block made mostly of other labels
    ("Newsletters" between "Events" and "Multimedia"), unless a sentence of
    its own rule stands next to it ("Subscribe" over "Enter your email address
    to receive our newsletter" heads a sign-up box). A block made mostly of
    the rule's own labels is its widget ("Subscribe / Sign up / Log in").
    Used by the rule itself and by NL101, so a line is reported exactly once.
    """
    if code not in MENU_ITEM_CODES:
        return set()
    own = {n for n, packs in chrome.items() if any(p.code == code and p.role == "finding" for p in packs)}
    items: set[int] = set()
    for block in blocks:
        labels = {
            n
            for n in block & own
            if any(p.code == code and p.match == "line" for p in chrome[n]) and is_bare_label(doc.lines[n - 1].text)
        }
        if not labels or 2 * len(labels) >= len(block):
            continue
        for number in labels:
            near = neighbours(doc, number)
            if not any(n is not None and n.number in own and not is_bare_label(n.text) for n in near):
                items.add(number)
    return items


def _chrome_line_numbers(doc: Document, index: ChromeIndex) -> set[int]:
    return set(index.chrome_lines(doc)) | {s.line.number for s in index.strips(doc)}


def _default_menu_blocks(doc: Document, index: ChromeIndex) -> tuple[frozenset[int], ...]:
    chrome = index.chrome_lines(doc)
    known = index.label_lines(chrome, index.strips(doc))
    if len(known) < 2:
        return ()
    blocks = menu_blocks(doc, known, set(chrome), MENU_BLOCK_LINES, MENU_LABEL_SHARE)
    return tuple(frozenset(line.number for line in block) for block, _ in blocks)


# A field of a form: "Name *", "Email (will not be published) (required)", "Website", "URL:".
_FORM_FIELD = re.compile(
    r"(?i)^\s*(?:your\s+)?(?:name|e-?mail(?:\s+address)?|mail|website|url)\s*(?:[*:]|\((?:required|optional)\))?"
    r"(?:\s*\(will not be published\))?\s*(?:\((?:required|optional)\)|\*)?\s*$"
)
# How many lines above a form field the comment form's label or prompt may stand (COMMENT_CODE's).
FORM_LINES = 6


# A line of a form between its fields: a short label ending in a colon ("Location:"), a note in brackets.
_FORM_LINE = re.compile(r"^\s*(?:[^\n.!?]{1,40}:|\([^()\n]{1,60}\))\s*$")


def _comment_form_fields(doc: Document, index: ChromeIndex) -> frozenset[int]:
    """The fields of comment forms: "Name *", "Email *", "Website" under a comment label or prompt.

    On their own these words name many things (a menu's "Website" link, an "E-mail" icon's key);
    in a form that a comment label or prompt ("Leave a Reply", "Required fields are marked *")
    opens, with nothing but the form's lines between, they are the comment section's chrome,
    which NL107 reports and NL101 leaves.
    """
    chrome = index.chrome_lines(doc)
    prompts = {n for n, packs in chrome.items() if any(p.code == COMMENT_CODE and p.role == "finding" for p in packs)}
    if not prompts:
        return frozenset()
    fields: set[int] = set()
    # Only the few lines under a prompt can be its form's fields: no regular expression on the rest.
    candidates = sorted({n for p in prompts for n in range(p + 1, min(p + FORM_LINES, len(doc.lines)) + 1)})
    for number in candidates:
        line = doc.lines[number - 1]
        if not _FORM_FIELD.match(line.text):
            continue
        for n in range(line.number - 1, max(0, line.number - 1 - FORM_LINES), -1):
            text = doc.lines[n - 1].text
            if n in prompts:
                fields.add(line.number)
                break
            if text.strip() and not (_FORM_FIELD.match(text) or _FORM_LINE.match(text)):
                break  # other text between: no form that the prompt opens
    return frozenset(fields)


# Shared by the NL1xx rules, once per document and ChromeIndex (one per PackSet). Read-only for callers.
CHROME_LINE_NUMBERS: AnalysisFamily[ChromeIndex, set[int]] = AnalysisFamily(
    "newslint.boilerplate.chrome-lines", _chrome_line_numbers
)
DEFAULT_MENU_BLOCKS: AnalysisFamily[ChromeIndex, tuple[frozenset[int], ...]] = AnalysisFamily(
    "newslint.boilerplate.menu-blocks", _default_menu_blocks
)
COMMENT_FORM_FIELDS: AnalysisFamily[ChromeIndex, frozenset[int]] = AnalysisFamily(
    "newslint.boilerplate.comment-form-fields", _comment_form_fields
)


class ChromeRule(Rule[OptionsT]):
    """Base of the NL1xx rules: the lines the rule's packs match, and teaser lists under its headers."""

    # How a message names the defect: "Navigation text".
    label: ClassVar[str] = "Boilerplate"
    # Whether a short whole-line label set in prose is the article's word (see label_in_prose): true
    # for labels that are also names and headings ("TikTok", "FAQs", "Listen", "I agree"), false
    # for labels that are chrome wherever they stand ("Advertisement", "Related:").
    labels_can_be_prose: ClassVar[bool] = False
    # Whether the rule's findings on rows of a markdown layout table are preview behaviour (reported
    # with --preview only): trafilatura renders a page's layout tables as rows whose cells mix the
    # page's regions, so the rule's judgement by neighbouring lines (a header over a list, a block of
    # menu items) measured less sure there than on plain lines (see the rule's documentation).
    table_rows_in_preview: ClassVar[bool] = False

    def __init__(self, options: RuleOptions | None = None, context: RunContext | None = None) -> None:
        super().__init__(options, context)
        self.packs = load_packs(tuple(self.context.data_files(DATA_KIND)))
        self.index = chrome_index(self.packs)
        self.scanner = self.packs.scanner((self.code,), ("finding",))

    def list_limit(self) -> int:
        """How many teaser lines under a header ("Most read") are reported (NL105 makes it an option)."""
        return DEFAULT_LIST_LINES

    def chrome_line_numbers(self, doc: Document) -> set[int]:
        """Lines that any NL1xx pack (any role) accepts, and rows of labels (shared per document)."""
        return doc.analysis(CHROME_LINE_NUMBERS.bind(self.index))

    def other_codes_lines(self, doc: Document) -> set[int]:
        """Lines that another kind of chrome's packs accept (where this rule's teaser lists end)."""
        inside = LIST_PARTS | {self.code}
        return {
            n
            for n, packs in self.index.chrome_lines(doc).items()
            if any(p.role == "finding" and p.code not in inside for p in packs)
        }

    def comment_form_fields(self, doc: Document) -> frozenset[int]:
        """The lines that are fields of a comment form (shared per document: NL107 reports them, NL101 leaves them)."""
        return doc.analysis(COMMENT_FORM_FIELDS.bind(self.index))

    def default_menu_blocks(self, doc: Document) -> tuple[frozenset[int], ...]:
        """The line numbers of each menu block found with NL101's default parameters (shared per document)."""
        return doc.analysis(DEFAULT_MENU_BLOCKS.bind(self.index))

    def accepts(self, doc: Document, line: Line, pack: Pack) -> bool:
        """A rule's own last word on a line ``pack`` matched (all by default)."""
        return True

    def heads_list(self, doc: Document, line: Line, pack: Pack) -> bool:
        """Does the header on ``line`` (matched by a list-making ``pack``) head a teaser list (yes by default)?"""
        return True

    def describe(self, doc: Document, line: Line, evidence: str, kind: str) -> str:
        return f"{self.label} {quote_evidence(line.text.strip(), evidence)} ({kind}){position_phrase(doc, line.number)}"

    def findings(self, doc: Document) -> dict[int, str]:
        """Line number -> message, for the lines this rule reports."""
        out: dict[int, str] = {}
        limit = self.list_limit()
        chrome: set[int] | None = None
        in_menus: set[int] | None = None  # computed on the first bare label of a MENU_ITEM_CODES rule
        other_chrome: set[int] | None = None  # computed on the first list header
        for match in self.scanner.scan(doc, word_count):
            if match.pack.match == "contains" and inside_quotes(match.line.text, match.start):
                continue  # a quoted cookie notice or sign-up line is reported speech, not chrome
            if (
                (match.pack.match == "line" and is_bare_label(match.line.text))
                or (match.pack.match == "prefix" and match.line.text.lstrip()[:1].islower())
            ) and inside_wrapped_sentence(doc, match.line):
                continue  # "... grouped into five major" / "categories: perennial grasses, ..." is one sentence
            if match.pack.match == "line" and _LEAD_IN_DASH.search(match.line.text):
                continue  # "Comments--" over "Alcohol-- Highly destructive ...": the writer's lead-in, not a button
            if (
                self.labels_can_be_prose
                and not match.pack.always_chrome
                and match.pack.match == "line"
                and word_count(match.line.text) <= LONE_LABEL_WORDS
            ):
                if chrome is None:
                    chrome = self.chrome_line_numbers(doc)
                if label_in_prose(doc, match.line, chrome):
                    continue
            if self.code in MENU_ITEM_CODES and match.pack.match == "line" and is_bare_label(match.line.text):
                if in_menus is None:
                    blocks = self.default_menu_blocks(doc)
                    in_menus = menu_items(doc, self.code, self.index.chrome_lines(doc), blocks)
                if match.line.number in in_menus:
                    continue  # a menu item: NL101 reports it
            if not self.accepts(doc, match.line, match.pack):
                continue
            out[match.line.number] = self.describe(doc, match.line, match.evidence, match.pack.kind)
            if match.pack.list != "none" and self.heads_list(doc, match.line, match.pack):
                header = shorten(match.line.text, 40)
                if other_chrome is None:
                    other_chrome = self.other_codes_lines(doc)
                # A line another rule's pack names ("Connect With Us on Twitter", "Comments") is
                # another kind of chrome, so the list of headlines under the header has ended there.
                item = "recent comment" if match.pack.list == "commenters" else "teaser"
                for line in list_after(doc, match.line, match.pack.list, limit, stop=other_chrome):
                    if line.number not in out:
                        out[line.number] = (
                            f"{self.label} '{shorten(line.text)}' ({item} listed under '{header}')"
                            f"{position_phrase(doc, line.number)}"
                        )
        return out

    def check(self, doc: Document) -> Iterable[Hit]:
        stable_only = self.table_rows_in_preview and not self.context.preview
        for number, message in sorted(self.findings(doc).items()):
            if stable_only and is_table_row(doc.lines[number - 1].text):
                continue  # preview behaviour: a row of a layout table
            yield Hit.on_line(doc, number, message)

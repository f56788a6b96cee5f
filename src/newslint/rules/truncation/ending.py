"""Where does the *article* end? The per-document analysis of the NL4xx rules.

Scraped documents often end with lines that are not the article: a copyright
line, a newsletter box, share buttons, a byline or "contributed reporting"
line, a dateline, a photo credit, a tweet signature, a list of tags. Those
lines are skipped, bottom-up, with cheap tests (anchored regexes and word
counts), so that a document whose last *article* sentence is complete is not
called truncated because of its footer (the boilerplate family, NL1xx,
reports the footer). At most :data:`MAX_TAIL` non-blank lines are examined:
when the footer is longer than that (whole-page dumps), no verdict is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newslint import Analysis, Document, Line
from newslint.text.credits import scan_credits
from newslint.text.normalise import fold_punctuation
from newslint.text.sentences import ends_sentence
from newslint.text.timestamps import MONTH_PREFIX
from newslint.text.words import ends_on_function_word, is_uncased, title_like

MAX_TAIL = 15
TAIL_CHARS = 300  # characters at the end of a line that the end-anchored patterns look at

# Lines that start like a footer, byline, credit, note, list item or embed signature.
_TRAILER = re.compile(
    r"""(?ix)^(?:
    .*?(?:©|\(c\)\s|copyright\b|all\ rights\ reserved)|.*?\bcookies?\b|.*?\bshare\ (?:via|on|this|with)\b|
    (?:additional\ |contributing\ )?(?:reporting|writing|editing|research|compiled|reported)(?:\ and\ \w+)?\ by\b|
    (?:[\w.'’-]+\ ){1,8}contributed\ (?:to\ )?(?:this\ )?(?:reporting|report|story|article)|
    contributing:|contributors?:|with\ (?:[\w.'’-]+\ ){0,3}wires\b|staff\ and\ wire|by\ \S|
    follow\ |share\b|sign\ up|subscribe|newsletter|related\b|read\ more:|more\ (?:on|from|about)\b|see\ also|
    tags?:|topics?:|filed\ under|categor(?:y|ies):|keywords?:|disclaimer|advertisement|sponsored|
    originally\ published|first\ published|an\ earlier\ version|correction|clarification|editor'?s?\ note|
    this\ (?:article|story|report|post|piece|content)\ (?:was|has\ been|first|originally|is|appeared|may)|
    updated?\b|published\b|posted\b|last\ (?:updated|modified)|(?:\w+\ ){0,3}(?:also\ )?provided\ by\b|
    sources?:|via\ |version\ tested|get\ started|ftc:|watch:|video:|(?:like\ )?loading\b|
    (?:main\ )?(?:image|photo|picture|foto)s?\b|credits?\b|courtesy\b|
    more\ information:|references?:|journal\ reference|doi:|study:|
    (?:scroll|explore|continue|learn|click|tap|download|watch|listen|join|tell\ us|check\ out|find|shop|buy|visit|
       contact|skip|back\ to|load|show|go\ to|like|comment|email|print|save|send|submit|leave|post|register|
       log\ ?in|accept|manage|close|open|play|view|get)\b(?=.{0,80}$)|
    _{3}|-{3}|\*|\d{1,3}[.)]\s|[—–\-•·|#@<>]|\(.*\)$|\[.*\]$|https?://|www\.|pic\.twitter
    )"""
)
_DATE_LINE = re.compile(
    r"(?i)^(?:[a-z]+,?\s+)?(?:\d{1,2}\s+)?" + MONTH_PREFIX + r"\s+"
    r"\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
    r"|^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b"
)
# The line ends with something that cannot take a full stop: a link, a handle, a hashtag.
_UNJUDGEABLE_END = re.compile(
    r"(?:https?://\S+|www\.\S+|\S+\.(?:com|org|net|gov|edu|io|co|uk|de|br|ru|in)/?\S*|[@#]\w+|\b10\.\d{4,}/\S+"
    r"|[|•»›]|\s[>→]"  # a navigation separator, a link arrow
    r"|\s[–—|]\s\S+(?:\s\S+){0,2}"  # a title's suffix: "... Light Festival – previews", "... | Site Name"
    r"|[\[(](?:video|photos?|gallery|watch|pics|audio|podcast|updated?|live)[\])]"  # a headline tag
    r"|—[^—\n]{1,80}\(@\w+\)\s+\w+\.?\s+\d{1,2},\s+\d{4}"  # an embedded post's signature
    r")$",
    re.IGNORECASE,
)
# A line that is only a cut marker: "Read more", "Continue reading", "[…]".
_MARKER_WORDS = (
    r"(?:read|see|view)\s+(?:more|the\s+(?:full|rest\s+of\s+the|entire|complete)\s+(?:story|article|post|text))"
    r"|continue\s+reading|keep\s+reading|read\s+(?:the\s+)?full\s+(?:story|article)|full\s+story"
    r"|weiterlesen|lire\s+la\s+suite|leia\s+mais|leer\s+m[aá]s|continua\s+a\s+leggere|leggi\s+(?:tutto|di\s+più)"
    r"|читать\s+(?:далее|полностью)|더\s?보기|続きを読む|阅读全文"
)
BARE_MARKER = re.compile(rf"(?i)^[(\[]?(?:{_MARKER_WORDS}|\.{{3,}}|…)[)\]]?[\s.…:»›>→)\]]*$")
INLINE_MARKER = re.compile(
    rf"(?i)(?:(?<!\.)\.{{3,}}|…|\[\s*(?:\.{{3}}|…)\s*\]|\(\s*(?:\.{{3}}|…)\s*\)|[\[(]?\b(?:{_MARKER_WORDS})[\s.…»›>→\])]*)$"
)
_ELLIPSIS_END = re.compile(r"(?:(?<!\.)\.{3,}|…|\[\s*(?:\.{3}|…)\s*\])$")
# Paywall and continuation stubs (a tail line that contains one of these).
STUB = re.compile(
    r"""(?ix)
    \bto\ (?:continue|keep)\ reading\b
    |\bthe\ full\ (?:article|text|story)\ (?:contains|is)\ [\d,]+\ words\b
    |\bto\ read\ (?:the\ )?(?:full|rest\ of\ the|entire|complete)\ (?:story|article|text)\b
    |\b(?:subscribe|log\ ?in|sign\ ?in|register)(?:\ now|\ today)?\ (?:to|and)[ ]
        (?:read|continue|unlock|view\ the\ full|get\ full\ access)\b
    |\b(?:this|the\ full|the\ rest\ of\ this)\ (?:article|story|content|post)\ is\ (?:only\ )?
        (?:available|reserved|exclusive)\ (?:to|for)\ (?:paid\ |paying\ |our\ )?(?:subscribers|members|premium)
    |\bsubscribers?[\ -]only\ (?:content|article|story)\b
    |\bunlock\ (?:this|the\ full)\ (?:article|story)\b
    |\byou(?:'ve|\ have)\ (?:reached|used)\ (?:your|all)\b.{0,30}\bfree\ (?:articles?|stories|reads)\b
    |\bpara\ (?:continuar|seguir)\ (?:leyendo|lendo)\b|\bcontinue\ lendo\b
    |\bweiterlesen\ mit\b|\blesen\ sie\ (?:jetzt\ )?weiter\ mit\b|\bnur\ für\ abonnenten\b
    |\bpour\ lire\ la\ suite\b|\bil\ vous\ reste\ \d+\ ?%\ de\ cet\ article\b|\bréservé\ aux\ abonnés\b
    |\bper\ continuare\ a\ leggere\b|\bчтобы\ (?:продолжить\ )?(?:читать|чтение)\b
    """
)
_STUB_MAX_WORDS = 45


@dataclass(frozen=True)
class Ending:
    """The end of the article part of a document.

    ``line`` is the last article line (``None`` when no verdict can be given);
    ``marker``/``stub`` are the lines holding a cut marker or a paywall stub
    below it, if any; ``above`` holds the (at most two) text lines before
    ``line``, tweet signatures skipped; ``continued`` says that a line skipped
    below ``line`` may be its continuation (so ``line`` is not where the text stops);
    ``signed`` that ``line`` ends a reader comment or trackback.
    """

    line: Line | None = None
    above: tuple[str, ...] = ()
    marker: Line | None = None
    stub: Line | None = None
    # Lines skipped below ``line`` that may continue it rather than follow it: a short
    # headline-cased line ("Iraq", "Representatives" under a hard-wrapped sentence), or a
    # line that starts in lower case or with "…".
    continued: bool = False
    # The footer line right below ``line`` signs a reader comment or a trackback ("Posted by: Red |
    # October 03, 2012", "Tracked on ..."): ``line`` ends a comment, a complete unit, not the article.
    signed: bool = False
    # A line skipped below ``line`` opens with "…" or in lower case: it goes on with ``line``'s sentence.
    goes_on: bool = False


def is_trailer(text: str) -> bool:
    """Is this (stripped, non-empty) line footer material rather than article text?"""
    if _TRAILER.match(text) or _DATE_LINE.match(text):
        return True
    if ends_sentence(text):
        return False
    words = text.split()
    if ends_on_function_word(words):  # "Republican Gov. Eric Holcomb and": a cut, not a heading
        return False
    # Short title-cased lines: navigation, tags, headings of related links, names.
    if len(words) <= 10 and ("|" in text or " • " in text or (title_like(words) and not is_uncased(text))):
        return True
    return bool(scan_credits(text))


def find_ending(doc: Document) -> Ending:
    """Walk up from the last line, skipping footer lines, to the article's last line."""
    marker = stub = None
    continued = goes_on = False
    nearest = ""  # the skipped footer line nearest above, so far
    below: Line | None = None  # the examined line just below the current one
    examined = 0
    skipped: list[str] = []  # footer lines seen so far, normalised
    lines = doc.lines
    index = len(lines) - 1
    while index >= 0:
        line = lines[index]
        index -= 1
        text = line.text.strip()
        if not text:
            continue
        examined += 1
        if examined > MAX_TAIL:
            return Ending()
        if len(text.split()) <= _STUB_MAX_WORDS and STUB.search(text):
            stub = stub or line
        elif BARE_MARKER.match(text):
            marker = line
        elif (
            (_ELLIPSIS_END.search(text) or (marker is not None and marker is below and not _menu_item(text)))
            and not _TRAILER.match(text)
        ) or (not is_trailer(text) and not _repeated_below(text, skipped)):
            # A line cut with "…" or followed by "Continue reading" is the article's end, however
            # short -- unless it is a menu item ("Sports" above a "Read more" link).
            if marker is not None and marker is not below:
                marker = None  # a "Read more" inside the footer is a link, not a cut
            return Ending(
                line, _above(lines, index), marker, stub, continued, _SIGNATURE.match(nearest) is not None, goes_on
            )
        else:
            skipped.append(fold_punctuation(text))
            nearest = text
            continued = continued or _may_continue(text)
            goes_on = goes_on or _GO_ON.match(text) is not None or text[:1].islower()
        below = line
    return Ending(marker=marker, stub=stub)


# The article's ending, once per document: NL401, NL402, NL403 and NL405 all start from it.
ENDING: Analysis[Ending] = Analysis("newslint.truncation.ending", find_ending)


_SIGNATURE = re.compile(
    r"(?i)^(?:posted\s+by\b|tracked\s+on\b|reply\b|permalink\b|comment\s+by\b"
    r"|[\w.'’ -]{1,40}\s(?:says|said|wrote)\s*:?\s*$|[\w.'’ -]{1,40}\s*\|\s*\w+\s+\d{1,2},\s+\d{4})"
)
_GO_ON = re.compile(r"^[\s•·*\-–—]*(?:…|\.\.\.)")


def _may_continue(text: str) -> bool:
    """A skipped line that may continue the line above it: it opens with "…", or it is no sure footer line
    (only a short headline-cased line, a name or a repeated caption)."""
    if _GO_ON.match(text):
        return True
    return not (
        _TRAILER.match(text)
        or _DATE_LINE.match(text)
        or STUB.search(text)
        or BARE_MARKER.match(text)
        or scan_credits(text)
    )


def _menu_item(text: str) -> bool:
    words = text.split()
    return len(words) <= 3 and title_like(words)


def _above(lines: tuple[Line, ...], index: int) -> tuple[str, ...]:
    """The two non-blank lines at or above ``index`` (stripped), embed signatures skipped."""
    found: list[str] = []
    while index >= 0 and len(found) < 2 and index > len(lines) - 4 * MAX_TAIL:
        text = lines[index].text.strip()
        index -= 1
        if text and text[0] not in "—–":  # an embedded post's signature: "— Name (@handle) date"
            found.append(text)
    return tuple(found)


def _repeated_below(text: str, skipped: list[str]) -> bool:
    """A caption whose credited twin is in the footer below is footer material too."""
    norm = fold_punctuation(text)
    return len(norm) >= 20 and any(norm in other for other in skipped)


def unjudgeable(text: str) -> bool:
    """Lines whose end says nothing about truncation: a colon before a removed embed, a link, a handle, a DOI."""
    return text.endswith(":") or _UNJUDGEABLE_END.search(text[-TAIL_CHARS:]) is not None

"""Photo credits: reported by the duplication rules (NL301, NL302), skipped by the truncation rules (NL4xx).

A photo credit is a short, name-like attribution that a scraper copies from the
page's ``<figcaption>`` or image overlay: ``Reuters/Philippe Wojazer``,
``(AP Photo/Evan Vucci)``, ``Photo: Damian Dovarganes, AP``, ``Alex Wong |
Getty Images``, ``© Sapa - AFP``. Every pattern here is *anchored* by
something a sentence of prose does not contain: a slash or a bar next to an
agency, parentheses, a ``Photo:``/``Credit:`` label, ``©``, or the end of the
line. An agency name alone is never enough, so "AP" does not match "Chapter"
and "Reuters" in "told Reuters on Monday." is prose, not a credit.

All regular expressions are compiled once, at import time. Patterns with a
literal first character (``(``, ``[``, an agency name) run once over the whole
text; the end-of-line patterns run only on the few lines that can end in a
credit (no sentence-final punctuation, or short, and a slash, bar, colon, ``©``
or agency name near the end), and only on their last 200 characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .agencies import CREDIT_AGENCIES, PICTURE_AGENCIES
from .timestamps import is_timestamp


def _alternation(words: tuple[str, ...]) -> str:
    # Longest first, so "Getty Images" wins over "Getty".
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


AGENCY = _alternation(CREDIT_AGENCIES)
# "Michael Conroy, AP" is a credit; "Meg Kinnard, Associated Press" is a byline.
COMMA_AGENCY = _alternation(
    (
        "AP",
        "AFP",
        "Getty Images",
        "Getty",
        "Shutterstock",
        "EPA",
        "EPA-EFE",
        "iStock",
        "AP Photo",
        "Reuters",
        "REUTERS",
        "Pool",
        "POOL",
        "Handout",
        "Invision",
        "STF",
    )
)
PICTURE_AGENCY = _alternation(PICTURE_AGENCIES)
_CAP = "[A-ZÀ-ÖØ-ÞĀĆČĐĘŁŃŚŠŹŻŽ]"
# One word of a name: "Dyer-Bennet", "J.", "O’Neil", "H.W.".
# A trailing period only after an initial ("J.", "H.W."), so "Austria. Leonhard Foeger" starts at "Leonhard".
_NAMEWORD = _CAP + r"(?:(?:\.[A-Z])*\.|[\w'’-]*)"
_LINK = r"(?:de|da|do|dos|van|von|der|den|del|della|la|le|di|du|bin|al|el|y|e|for|of|the|and|&)"
NAME = rf"{_NAMEWORD}(?:[ \t]+(?:{_NAMEWORD}|{_LINK}(?=[ \t]+{_CAP}))){{0,4}}"
# A name or an agency after a slash. Agencies that start with a capital are names already; listing
# them twice would make "A/B/C/..." match in exponentially many ways.
_TOKEN = rf"(?:{NAME}|{_alternation(tuple(a for a in CREDIT_AGENCIES if not a[0].isupper()))})"
_SUFFIX = r"(?:[ \t]+(?:file|File|FILE|Photo|photo|via Getty Images))?"
# "Photo:", "Image credit:", "Credit...", "Photograph by": labels that introduce a credit.
_LABEL = (
    r"(?i:(?:main |lead |top |header |cover )?(?:image|photo|picture|pic|foto|bild|illustration)"
    r"(?: illustration)?(?: credits?| source| courtesy| copyright)?|photograph(?:er)?|credits?|"
    r"courtesy(?: of)?|crédit(?:o)?s?(?: photo)?|фото|사진|写真|图片|圖片)"
)
_SEP = (
    r"(?:[ \t]*[:=：][ \t]*|[ \t]*(?:\.\.\.|…)[ \t]*|[ \t]+by[ \t]+|(?<=[Cc]opyright)[ \t]+|(?<=[Cc]ourtesy of)[ \t]+)"
)
_WHO = r"[^\n()\[\]]{1,90}?"

# Each pattern names the credit in the group "c"; the kind says how it sits in its line.
# Patterns with a literal anchor of their own run over the whole text ...
_WHOLE_TEXT: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.MULTILINE))
    for kind, pattern in (
        # (AP Photo/Evan Vucci), (Photo/Getty), anywhere in a line.
        ("paren", rf"(?P<c>\((?:{AGENCY}[ \t]+)?(?:Photo|PHOTO|Photograph|Foto)s?[ \t]*/[ \t]*[^()\n]{{2,80}}\))"),
        # (Manu Fernandez/AP), (Joshua Roberts/Reuters), anywhere: a name and an agency behind a slash.
        ("paren", rf"(?P<c>\({NAME}[ \t]*/[ \t]*{AGENCY}{_SUFFIX}\))"),
        # (Image: GETTY), (Photo by Kevin Mazur/Getty Images), (credit: NASA/Jude Guidry), [사진=MBC, SBS].
        # Two patterns, because a literal first character makes the scan an order of magnitude faster.
        ("paren", rf"(?P<c>\({_LABEL}{_SEP}{_WHO}\))"),
        ("paren", rf"(?P<c>\[{_LABEL}{_SEP}{_WHO}\])"),
        # Reuters/Philippe Wojazer fused into the middle of a line (caption glued to the body); the
        # character before the agency is checked in Python (a leading look-behind is slow).
        (
            "fused",
            (
                rf"(?P<c>(?:Reuters|REUTERS|AFP|EPA|EPA-EFE|Getty Images)[ \t]*/[ \t]*{_NAMEWORD}[ \t]+{_NAMEWORD})"
                r"(?=[ \t]+\S+[ \t]+\S+[ \t]+\S+)"
            ),
        ),
    )
)
# Photo: Tim Clayton. Caption text... (a labelled credit opening a caption, closed by a full stop);
# tried on lines that start with a label word.
_LABEL_START = re.compile(
    rf"^[ \t]*(?P<c>{_LABEL}{_SEP}(?P<who>[^\n.]{{1,60}}?(?:[ \t][A-Z]\.[^\n.]{{1,40}})?)\.)(?=[ \t]+\S)"
)
# Lines that start with a label word, found in one pass over the whole text.
_LABEL_LINE = re.compile(
    r"(?im)^[ \t]*(?:photo|image|picture|pic|foto|bild|illustration|credit|courtesy|crédit|main |lead |top |header |"
    r"cover |фото|사진|写真|图片|圖片)"
)
# ... the others, anchored at the end of a line, only on lines that can end in a credit (see
# scan_credits), each behind a cheap test of the line's last characters ("tail").
_LABEL_HINT = re.compile(
    r"(?i)photo|image|picture|pic|foto|bild|illustration|credit|courtesy|crédit|фото|사진|写真|图片|圖片"
)
_BARE_AGENCIES = frozenset(("AP", "AFP", "Getty", "GETTY", "Images", "Shutterstock", "EPA", "iStock"))
_Gate = Callable[[str, str], bool]  # (line, tail) -> worth trying the pattern?
_LINE_TAIL: tuple[tuple[str, re.Pattern[str], _Gate], ...] = tuple(
    (kind, re.compile(pattern), gate)
    for kind, pattern, gate in (
        # (Manu Fernandez/AP), (Getty Images), (AP), (Reuters/Philippe Wojazer) at the end of a line; not a
        # dateline "(AP) —".
        (
            "end",
            (
                rf"(?P<c>\((?:(?:{NAME}[ \t]*/[ \t]*)?{AGENCY}|{AGENCY}[ \t]*/[ \t]*{_TOKEN}(?:[ \t]*/[ \t]*{_TOKEN})*)"
                rf"{_SUFFIX}\))[ \t]*$"
            ),
            lambda line, tail: line[-1] == ")",
        ),
        # Photo: Tim Clayton / Image credit: All About Space / Credit... Doug Mills/NYT (whole line or line end).
        (
            "label",
            rf"(?:^|(?<=[\s.]))(?P<c>{_LABEL}{_SEP}(?P<who>.{{1,90}}?))[ \t]*$",
            lambda line, tail: _LABEL_HINT.search(tail) is not None,
        ),
        # ... Reuters/Philippe Wojazer, AFP/Getty Images, Getty Images/iStockphoto at the end of a line.
        (
            "end",
            (
                rf"(?:^|(?<=[\s.,;:]))(?P<c>(?:©[ \t]*)?{AGENCY}[ \t]*/[ \t]*{_TOKEN}"
                rf"(?:[ \t]*/[ \t]*{_TOKEN})*{_SUFFIX})[ \t]*$"
            ),
            lambda line, tail: "/" in tail,
        ),
        # ... Kathrin Ziegler/Getty, Alex Wong | Getty Images, J. Scott Applewhite / AP file.
        (
            "end",
            (
                rf"(?:^|(?<=[\s.,;:]))(?P<c>(?:©[ \t]*)?{NAME}(?:[ \t]*[/|][ \t]*{NAME})*"
                rf"[ \t]*[/|][ \t]*{AGENCY}{_SUFFIX})[ \t]*$"
            ),
            lambda line, tail: "/" in tail or "|" in tail,
        ),
        # © Sapa - AFP, © Reuters / David Mercado, © Shutterstock (no year: that is a copyright notice).
        (
            "end",
            rf"(?:^|(?<=[\s(]))(?P<c>©[ \t]*(?:{NAME}[ \t]*[-–/|][ \t]*{NAME}|{PICTURE_AGENCY}))[ \t]*\)?[ \t]*$",
            lambda line, tail: "©" in tail,
        ),
        # Michael Conroy, AP (a whole line).
        (
            "line",
            rf"^[ \t]*(?P<c>{NAME},[ \t]*(?:STF[ \t]*/[ \t]*)?{COMMA_AGENCY}{_SUFFIX})[ \t]*$",
            lambda line, tail: len(line) <= 80 and "," in line,
        ),
        # Getty Images, Shutterstock, AP Photo, Supplied (a whole line).
        (
            "line",
            (
                rf"^[ \t]*(?P<c>{PICTURE_AGENCY}|(?:AP|AFP|Reuters|REUTERS|EPA) (?:Photo|PHOTO|Images)|Supplied|SUPPLIED"
                rf"|Handout(?: photo)?|HANDOUT|File photo|FILE PHOTO)[ \t]*$"
            ),
            lambda line, tail: len(line) <= 40,
        ),
        # ... Timothy Weeks AP / ... the drug. Getty: a bare picture agency closing a caption.
        (
            "bare",
            r"(?<=[a-z.)”\"])[ \t]+(?P<c>AP|AFP|Getty Images|Getty|GETTY|Shutterstock|EPA|iStock)[ \t]*$",
            lambda line, tail: line.rsplit(None, 1)[-1] in _BARE_AGENCIES,
        ),
    )
)
# A line ending in one of these, and longer than _SHORT characters, is a sentence: no credit at its end.
_SENTENCE_FINAL = frozenset('.!?"”’:;,')
_SHORT = 100
_WINDOW = 200  # characters at the end of a line searched for a credit
# Every _LINE_TAIL credit has one of these in the last 120 characters of its line.
_TAIL_HINT = re.compile(
    r"[/|©:=：…)]|\.\.\.|\bby\b|\b(?:AP|AFP|Getty|GETTY|Images|IMAGES|Shutterstock|SHUTTERSTOCK|iStock|iStockphoto|EPA|"
    r"EPA-EFE|Alamy|WireImage|FilmMagic|NurPhoto|Press|Features|Photo|PHOTO|Supplied|SUPPLIED|Handout|HANDOUT|photo)[ \t]*$"
)
# Cheap literal prefilter: a text without any of these has no credit.
_LITERALS = (
    "/",
    "(",
    "[",
    "|",
    "©",
    ":",
    "=",
    "…",
    "...",
    "AP",
    "AFP",
    "Getty",
    "GETTY",
    "getty",
    "EPA",
    "Shutterstock",
    "iStock",
    "redit",
    "hoto",
    "mage",
    "icture",
    "ourtesy",
    "llustration",
    "Supplied",
    "Handout",
)
# A "credit" longer than this many words is a sentence, not an attribution.
_MAX_WORDS = 10
_LINK_WORDS = frozenset(
    (
        "de",
        "da",
        "do",
        "dos",
        "van",
        "von",
        "der",
        "den",
        "del",
        "della",
        "la",
        "le",
        "di",
        "du",
        "bin",
        "al",
        "el",
        "y",
        "e",
        "for",
        "of",
        "the",
        "and",
        "via",
        "file",
        "photo",
    )
)
# "Getty Images. WeWork chairman ...": a full stop after a word (not an initial) and more text.
_SENTENCE_BREAK = re.compile(r"\w{3,}\.[ \t]+\S")
# A labelled "credit" holding a number or a quoted title is a title or a list entry ("Photographer: Act 3").
_TITLE_MARKS = re.compile(r"\d|[\"“”«»]")
# A label without a picture word ("Credit:", "Courtesy of").
_BARE_LABEL = re.compile(r"(?i)(?:credits?|courtesy)\b")
# What a picture is called just before "courtesy of" ("The Ring's logo courtesy of Terry Gould").
_PICTURE_NOUN = re.compile(
    r"(?:photo(?:graph)?|image|picture|logo|map|illustration|graphic|drawing|cartoon|video|footage)s?"
)


def _runs_into_label(before: str) -> bool:
    """Does a sentence run into a bare "credit"/"courtesy" label (its last word lower case, no stop, no picture noun)?"""
    last = before.split()[-1]
    return before[-1].isalnum() and last[:1].islower() and not _PICTURE_NOUN.fullmatch(last.lower())


# Picture agencies and picture words: a parenthesised credit holding one is a picture credit.
_PICTURE_WORD = re.compile(
    r"(?i)getty|shutterstock|istock|alamy|zuma|sipa|handout|supplied|wireimage|filmmagic|"
    r"nurphoto|imago|file|pool"
)
# Bare agencies that are also other bodies' names (the US Environmental Protection Agency): credits
# only after a finished caption sentence or a name, never as the object of a lower-case verb.
_AMBIGUOUS_AGENCIES = frozenset({"EPA"})
# Words before a bare agency at the end of a line that make it prose ("told the AP").
_PROSE_BEFORE_AGENCY = frozenset(
    ("the", "by", "to", "from", "via", "and", "with", "told", "said", "of", "for", "an", "a")
)


@dataclass(frozen=True)
class Credit:
    """A photo credit at ``[start, end)`` of the document text.

    ``kind`` is ``line`` (the whole line is the credit), ``end``/``start`` (a
    credit at the end or start of a longer line, usually a caption),
    ``fused`` (a credit in the middle of a line: a caption glued to body text).
    """

    start: int
    end: int
    kind: str


def _plausible(text: str) -> bool:
    """A credit is short and name-like: at most half of its words start in lower case."""
    words = text.split()
    if not 0 < len(words) <= _MAX_WORDS or "http" in text or "www." in text:
        return False
    lower = sum(1 for w in words if w[0].islower() and w not in _LINK_WORDS)
    return lower <= max(1, len(words) // 2) and not _SENTENCE_BREAK.search(text)


def _always(line: str, tail: str) -> bool:
    return True


def _caption_shaped(text: str, kind: str, credit: str, who: str, before: str, after: str) -> bool:
    """Does the credit sit where a caption puts one (the shape, not just the words)?

    ``(CBS/AP) Iraqi officials said ...`` is an agency dateline opening a lead,
    ``Nikkei hits highest since May (Reuters)`` and ``... ask EPA`` are
    a headline with its source, ``Photographer: Act 3`` or ``Photo: ...
    Records 217`` a title and a list entry: a labelled credit names someone (no
    digits, no quoted title) and closes a caption of a few words; an agency in
    parentheses alone closes a caption sentence.
    """
    picture = _LABEL_HINT.search(credit) is not None or _PICTURE_WORD.search(credit) is not None
    short_title = before and len(before.split()) < 3 and not _LABEL_HINT.fullmatch(before)  # "Mid-East Image: X"
    if kind == "label" and (_TITLE_MARKS.search(who) or short_title):
        return False
    if kind == "label" and before and credit[:1].islower() and _BARE_LABEL.match(credit) and _runs_into_label(before):
        # "people with bad credit: Bad Credit Auto Loans", "digitally provided courtesy of X.org": a
        # sentence running into a lower-case "credit"/"courtesy" is prose or a text's provenance; a
        # bare label credits a picture where it opens the line, follows a caption's full stop or is
        # capitalised ("... sought treatment Credit: EPA").
        return False
    if credit.startswith(("(", "[")) and (not before or is_timestamp(before)) and after and not picture:
        return False  # a dateline: "(CBS/AP) At least 4 people ...", "Jan. 15, 2005 (CBS/AP) Iraqi officials ..."
    if credit.startswith("(") and "/" not in credit and before and not after and not picture:
        return before.rstrip("\"”’'").endswith((".", "!", "?"))  # "(Reuters)" after a headline is its source
    return True


def _place(text: str, kind: str, start: int, end: int, who: str, line_start: int, line_end: int) -> str:
    """How the credit sits in its line (``line``, ``end``, ``start``, ``fused``), or "" to drop it."""
    if not _plausible(who):
        return ""
    if kind == "bare":
        previous = text[line_start:start].split()
        if len(previous) < 3 or previous[-1].lower() in _PROSE_BEFORE_AGENCY:
            return ""
        if text[start:end] in _AMBIGUOUS_AGENCIES and previous[-1][:1].islower() and previous[-1][-1:] not in ".)":
            return ""  # "... livestock producers ask EPA": the US agency, object of the sentence
    if not _caption_shaped(
        text, kind, text[start:end], who, text[line_start:start].strip(), text[end:line_end].strip(" \t)")
    ):
        return ""
    if kind == "fused" and start > 0 and (text[start - 1].isalnum() or text[start - 1] == "/"):
        return ""
    before = text[line_start:start].strip()
    after = text[end:line_end].strip(" \t)")
    if not before and not after:
        return "line"
    if not after:
        return "end"
    if kind == "bare":
        return ""
    if not before:
        return "start"
    return "fused" if kind in ("fused", "paren") else ""


def scan_credits(text: str) -> tuple[Credit, ...]:
    """Every photo credit in ``text``, sorted, one per line at most (the first found wins).

    The NL3 rules share one result per document through ``Document.analysis``
    (:func:`newslint.rules.duplication.analysis.document_credits`).
    """
    if not any(lit in text for lit in _LITERALS):
        return ()
    by_line: dict[int, Credit] = {}
    for kind, pattern in _WHOLE_TEXT:
        for match in pattern.finditer(text):
            start, end = match.span("c")
            line_start = text.rfind("\n", 0, start) + 1
            if line_start in by_line:
                continue
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end
            who = match.group("who") if "who" in pattern.groupindex else match.group("c")
            where = _place(text, kind, start, end, who, line_start, line_end)
            if where:
                by_line[line_start] = Credit(start, end, where)
    labelled = {m.start() for m in _LABEL_LINE.finditer(text)}
    line_start = 0
    for line in text.split("\n"):
        offset, line_start = line_start, line_start + len(line) + 1
        stripped = line.rstrip()
        if not stripped or offset in by_line:
            continue
        patterns = _LINE_TAIL
        if offset in labelled:
            patterns = (("label", _LABEL_START, _always),) + patterns
        elif (stripped[-1] in _SENTENCE_FINAL and len(stripped) > _SHORT) or not _TAIL_HINT.search(
            stripped, max(0, len(stripped) - 120)
        ):
            continue
        tail = stripped[-120:]
        window = max(0, len(stripped) - _WINDOW)  # a credit is short: never scan a long line whole
        for kind, pattern, gate in patterns:
            if not gate(stripped, tail):
                continue
            found = pattern.search(stripped, 0 if pattern is _LABEL_START else window)
            if found is None:
                continue
            start, end = found.span("c")
            who = found.group("who") if "who" in pattern.groupindex else found.group("c")
            where = _place(stripped, kind, start, end, who, 0, len(stripped))
            if where:
                by_line[offset] = Credit(offset + start, offset + end, where)
                break
    return tuple(sorted(by_line.values(), key=lambda c: c.start))

"""Positive evidence of a cut at the article's end (NL401, NL402, NL404).

Most articles are complete, and a last line without a full stop is no
evidence that one is not: sign-offs, credits, footnotes, campaign names, link
labels, emoticons and "last updated" lines end articles without one. So the
truncation rules speak only on positive evidence that the *text* stops
mid-sentence:

* the last line is prose (enough words, not headline-cased), or a fragment
  of a new paragraph after a complete prose paragraph;
* and it ends on something a sentence cannot end on: a comma, a semicolon,
  an opening bracket; a dangling function word, auxiliary, subject pronoun or
  possessive ("the", "of", "and", "de", "would", "she", "Obama's"); a
  quotation or bracket opened in its last sentence and never closed; or, in
  a source that punctuates its paragraphs, a long third-person sentence
  after complete ones;
* and the text is not hard-wrapped (lines that stop mid-sentence and go on
  in lower case on the next line), where the reported line is not the end.
"""

from __future__ import annotations

import re

from newslint import Analysis, Document
from newslint.text.normalise import fold_punctuation
from newslint.text.quotes import unclosed_bracket, unclosed_quote
from newslint.text.sentences import ends_sentence
from newslint.text.words import FUNCTION_WORDS, ends_on_function_word, is_uncased, looks_like_prose, title_like

# Characters after which a sentence cannot have ended (quotes are judged by unclosed_quote: “ may close).
MID_SENTENCE_END = re.compile(r"[,;(\[{&+=]\s*$")
# Auxiliaries and modals that need a complement ("... and now says it is"), pronoun contractions
# ("While we're") and determiners that cannot end a sentence either.
_DANGLING_WORDS = (
    "we're you're they're i'm he's she's it's we've you've they've i've we'd you'd they'd he'd she'd i'd "
    "we'll you'll they'll i'll he'll she'll it'll every each all some any no"
)
_DANGLING = frozenset(_DANGLING_WORDS.split())
# Auxiliaries dangle after a subject ("and now says it is", "when they have"), not after a modal or
# in a clause that is complete without a complement ("how you should be", "that's what it is").
_AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
    ]
)
_SUBJECTS = frozenset(["it", "he", "she", "they", "we", "i", "you", "there"])
_COMPLETE_BEFORE = frozenset(["what", "as", "than", "how", "who", "where", "whatever", "so"])
# Words that need what follows in any position: "according" (to), "whose" (noun), "very" (adjective).
_NEEDS_MORE = frozenset(["according", "whose", "very"])
# Conjunctions, prepositions and articles of languages the shared function-word list leaves out (it also
# drives headline casing, so it stays small): a line of prose that stops on one of them was cut. Only words
# that cannot end a sentence: no pronouns or particles ("en" as a French pronoun is always hyphenated).
_MORE_FUNCTION_WORDS_BY_LANGUAGE = (
    "de e em ao aos à às numa num y en",  # Portuguese, Spanish, French, Dutch
    "dei delle degli della dello del al alla ai agli alle dal dalla sul sulla ed",  # Italian
    "yang dan di ke dari untuk dengan pada dalam atau",  # Indonesian, Malay
    "и в во на с со к ко по о об от для из у за а но что чтобы или при без до",  # Russian
)
_MORE_FUNCTION_WORDS = frozenset(word for words in _MORE_FUNCTION_WORDS_BY_LANGUAGE for word in words.split())
# Subject pronouns need a verb after them ("... and then she"), except after "than"/"as" ("older than I"),
# an auxiliary ("so did we"), a conjunction ("you and I") or a name ("World War I", "Part I").
_SUBJECT_PRONOUNS = frozenset(["i", "he", "she", "we", "they"])
_PRONOUN_COMPLETE_AFTER = (
    _COMPLETE_BEFORE | _AUXILIARIES | frozenset(["and", "or", "nor", "do", "does", "did", "am", "not", "said", "says"])
)
# Particles that end idioms: "what you're up to".
_PARTICLE_IDIOMS = frozenset({("up", "to")})
_POSSESSIVE = re.compile(r"\w['’]s$")
_LAST_SENTENCE = re.compile(r"[.!?…][\"'”’»)]*\s+(?=\S)")
_WRAP_PAIRS = 2  # this many "line stops mid-sentence, next line goes on in lower case" pairs: hard-wrapped text
_PROSE_WORDS = 8


def dangling(words: list[str]) -> bool:
    """Does the line stop on a word that cannot end a sentence (function word, auxiliary, possessive)?"""
    if not words:
        return False
    lower = [w.rstrip(",;").replace("’", "'").lower() for w in words[-3:]]
    last = lower[-1]
    if ends_on_function_word(words) or _sentence_initial_function_word(words):
        return not (len(lower) > 1 and (lower[-2], last) in _PARTICLE_IDIOMS)
    if words[-1] in _MORE_FUNCTION_WORDS or last in _NEEDS_MORE:
        return True
    if last in _SUBJECT_PRONOUNS and len(lower) > 1:
        before = words[-2]
        if ends_sentence(before):
            return True  # a sentence of one word: "... Biden. She"
        return not (lower[-2] in _PRONOUN_COMPLETE_AFTER or before[:1].isupper())
    if last in _AUXILIARIES:
        subject = len(lower) > 1 and (lower[-2] in _SUBJECTS or words[-2][:1].isupper())  # "Republicans have"
        return subject and (len(lower) < 3 or lower[-3] not in _COMPLETE_BEFORE)
    return last in _DANGLING or _POSSESSIVE.search(last) is not None


def _sentence_initial_function_word(words: list[str]) -> bool:
    """A capitalised function word opening the last sentence ("... the violence. But", "... ago. The"): the
    case-sensitive test leaves capitalised words out because headings end on them ("Out Of The")."""
    if len(words) < 2 or not ends_sentence(words[-2]):
        return False
    last = words[-1]
    return last[:1].isupper() and last[1:].islower() and last.lower() in FUNCTION_WORDS


def last_sentence_start(text: str) -> int:
    """Offset where the last sentence of a line starts."""
    start = 0
    for found in _LAST_SENTENCE.finditer(text):
        start = found.end()
    return start


def open_at_end(text: str, *, whole_line: bool = False) -> int | None:
    """Offset of a quotation or bracket opened in the last sentence (or anywhere) of ``text``, never closed."""
    start = 0 if whole_line else last_sentence_start(text)
    offsets = [o for o in (unclosed_quote(text), unclosed_bracket(text)) if o is not None and o >= start]
    return min(offsets) if offsets else None


def hard_wrapped(doc: Document) -> bool:
    """Is the text hard-wrapped: do lines stop mid-sentence and go on in lower case on the next line?

    Cached per document; only the last 200 lines are looked at.
    """
    return doc.analysis(HARD_WRAPPED)


def _hard_wrapped(doc: Document) -> bool:
    texts = [line.text.strip() for line in doc.lines[-200:]]
    texts = [t for t in texts if t]
    pairs = 0
    for line, nxt in zip(texts, texts[1:], strict=False):
        if (
            nxt[:1].islower()
            and len(nxt.split()) >= 3
            and len(line.split()) >= 5
            and not ends_sentence(line)
            and not line.endswith(":")
        ):
            pairs += 1
            if pairs >= _WRAP_PAIRS:
                return True
    return False


HARD_WRAPPED: Analysis[bool] = Analysis("newslint.truncation.hard-wrapped", _hard_wrapped)


def is_prose(text: str, min_words: int = _PROSE_WORDS) -> bool:
    """A sentence-like line, not a headline, link label or name."""
    return looks_like_prose(text, min_words=min_words) and not title_like(text.split())


# A heading or byline that opens an author box or a teaser card, not the article: "ABOUT JESSICA TURNER",
# "About the author", "By Tim Manley".
_BOX_HEADING = re.compile(r"(?i)^(?:about|more\s+about|meet|by)\b")


def in_box(above: tuple[str, ...]) -> bool:
    """Is the line under an author-box heading or a byline ("About the author", "By Tim Manley")?"""
    prev = above[0] if above else ""
    words = prev.split()
    return (
        0 < len(words) <= 8
        and _BOX_HEADING.match(prev) is not None
        and not ends_sentence(prev)
        and (title_like(words) or prev.isupper())
    )


def under_heading(above: tuple[str, ...]) -> bool:
    """Is the line right under a headline-cased line: a teaser card, a quoted verse, a box, not the article's end?"""
    return len(above) > 0 and title_like(above[0].split()) and not ends_sentence(above[0])


def fragment_after_paragraph(text: str, above: tuple[str, ...]) -> bool:
    """A short new paragraph (not headline-cased) right after a complete prose paragraph."""
    words = text.split()
    if not words or is_uncased(text) or (len(words) > 1 and title_like(words) and not ends_on_function_word(words)):
        return False  # a headline-cased line is a heading, unless it stops on "the" ("Hearing the")
    prev = above[0] if above else ""
    return bool(prev) and ends_sentence(prev) and is_prose(prev)


_FRAGMENT_WORDS = 8  # words the unfinished last sentence of a paragraph needs
_FEW_WORDS = 3  # words a line that stops on a dangling word needs to be judged outside prose
_PUNCTUATED = 3  # prose paragraphs above that must all end a sentence: the source punctuates its paragraphs
# Characters of non-prose tails: source tags and credits ("[Via Collider]", "Photo: AP/Jane Doe"), handles,
# hashtags, navigation ("Home | News").
_NOT_PROSE_CHARS = re.compile(r"[|/@#]")
_LABEL = re.compile(r"^\S+(?:\s+\S+)?:")  # "Note: ...", "Update: ...", "Hat tip: ...": a label, not prose


# First and second person and contractions: a reader's comment, a blogger's sign-off, a prompt, a
# columnist's punchline ("I hope you post again soon", "you can watch it below", "that's France left").
# Those voices drop the final full stop; reported prose seldom does (a possessive, "Titan's", is no voice).
_PERSON = re.compile(
    r"(?i)\b(?:i|my|me|you|your)\b|\w['’](?:m|ll|ve|d|re|t)\b|\b(?:that|it|he|she|there|what|here|who)['’]s\b"
)


def punctuated_above(doc: Document, number: int) -> bool:
    """Do the prose paragraphs above line ``number`` (at least three) all end with terminal punctuation?"""
    seen = 0
    for line in reversed(doc.lines[: max(0, number - 1)]):
        other = line.text.strip()
        if not looks_like_prose(other, min_words=_PROSE_WORDS):
            continue
        if not ends_sentence(other):
            return False
        seen += 1
        if seen >= _PUNCTUATED:
            return True
    return False


def unfinished_sentence(text: str) -> str | None:
    """The long unfinished prose sentence that ends ``text`` after complete ones, or None.

    Several words, mostly lower case, ending on a letter or digit; not a sign-off, credit, label or title
    glued to the paragraph ("... saddened. Comments (0)", "... people. --TS", "Photo: AP/Jane Doe"), and
    not in the first or second person (:data:`_PERSON`). Apostrophes, and quotes and brackets it closes,
    are prose ("Titan's crust", "a “functions on demand” system").

    A paragraph that is one unfinished sentence is no evidence: on real pages those are link prompts
    ("Learn more about ... in the video below"), site footers ("This page is designed and maintained
    by ...") and related headlines, whatever their length (v0.3 tune-half reading).
    """
    start = last_sentence_start(text)
    fragment = text[start:]
    if start == 0 or not fragment[-1:].isalnum() or not is_prose(fragment, _FRAGMENT_WORDS):
        return None
    if _PERSON.search(fragment):
        return None
    if _NOT_PROSE_CHARS.search(fragment) or _LABEL.match(fragment):
        return None
    if unclosed_quote(fragment) is not None or unclosed_bracket(fragment) is not None or _unopened(fragment):
        return None
    return fragment


def _unopened(fragment: str) -> bool:
    """A bracket closed that the fragment never opened: it ends a source tag or aside of a longer unit."""
    return fragment.count(")") > fragment.count("(") or fragment.count("]") > fragment.count("[")


def stops_mid_paragraph(text: str, doc: Document, number: int) -> bool:
    """Does a paragraph of a punctuating source stop inside a long last sentence?

    The line ends on a long unfinished sentence (:func:`unfinished_sentence`) and the prose
    paragraphs above it all end with terminal punctuation.
    """
    return unfinished_sentence(text) is not None and punctuated_above(doc, number)


def cut_evidence(text: str, above: tuple[str, ...], min_words: int = _PROSE_WORDS) -> str | None:
    """Why the (stripped) last article line stops mid-sentence, or None without positive evidence."""
    if (
        in_box(above)
        or under_heading(above)
        or not (is_prose(text, min_words) or fragment_after_paragraph(text, above))
    ):
        return None
    words = text.split()
    if MID_SENTENCE_END.search(text):
        return f"the last line ends with {text[-1]!r}"
    if dangling(words):
        return f"the last line ends with the word {words[-1]!r}"
    if open_at_end(text) is not None:
        return "the last sentence breaks off inside a quotation or bracket"
    return None


# Markers that say the text goes on ("Continue reading", "Read the full story", "[…]"), as opposed to
# link labels that also end teaser cards and menus ("Read more", "View more", a bare "…").
_GOES_ON = re.compile(
    r"(?i)continu|keep\s+reading|full|rest\s+of|entire|complete|weiterlesen|suite|leia\s+mais|leer\s+m|leggi"
    r"|читать|더\s?보기|続き|阅读全文|[\[(]\s*(?:\.{3}|…)\s*[\])]"
)
_BARE_ELLIPSIS = re.compile(r"(?:\.{3}|…)\s*$")
_ELLIPSIS = re.compile(r"(?:\.{3,}|…)\s*$")


def _broken_off(text: str) -> bool:
    """The line stops without ending its sentence, or on an ellipsis."""
    return not ends_sentence(text) or _ELLIPSIS.search(text) is not None


def marker_cuts(text: str, above: tuple[str, ...], marker: str) -> bool:
    """Is a bare marker line ("Continue reading", "Read more", "…") under ``text`` a cut of the article?

    The line above must be prose; a "Read more" link or a bare "…" also needs that line to break off.
    """
    if in_box(above) or not (is_prose(text) or fragment_after_paragraph(text, above) or _stops_on_dangling(text)):
        return False
    return _GOES_ON.search(marker) is not None or _broken_off(text)


def _stops_on_dangling(text: str) -> bool:
    """A line of a few words, not headline-cased, that stops on a word no sentence ends on ("Ford will
    display its", "Christopher D. Battin: Dealing in"): unfinished whatever stands above it."""
    words = text.split()
    return len(words) >= _FEW_WORDS and dangling(words) and not title_like(words[:-1])


def inline_marker_cuts(before: str, above: tuple[str, ...], marker: str, *, spaced: bool = False) -> bool:
    """Is a marker at the end of a line ("... read more", "[…]", "…") a cut of the article?

    "[…]", "Continue reading" and "Read more" glued to prose are; a bare "..." or "…" is a cut only
    when the words before it cannot end a sentence ("because ...", "California's…"): otherwise it is a
    stylistic trailing-off ("Still thinking ...", "More News...", "Learn more…"), unless it is set off
    by a space (``spaced``) after a long unfinished sentence, the way teaser generators cut.
    """
    if in_box(above):
        return False
    if not (is_prose(before) or fragment_after_paragraph(before, above)):
        # "Über ein Patientenportal hat der Patient die […]": a strong marker after a dangling word.
        return _GOES_ON.search(marker) is not None and _stops_on_dangling(before)
    if _GOES_ON.search(marker) or re.search(r"(?i)\b(?:read|see|view)\b", marker):
        return True
    if under_heading(above):
        return False
    words = before.split()
    fragment = before[last_sentence_start(before) :]
    if spaced and _BARE_ELLIPSIS.match(marker) and is_prose(fragment, _FRAGMENT_WORDS) and fragment[-1:].isalnum():
        return True  # a teaser generator's cut: a long unfinished sentence, a space, "..." ("MF Global debt ...")
    return MID_SENTENCE_END.search(before) is not None or dangling(words)


_EXCERPT_WORDS = 5  # words an excerpt needs before it can be matched against the article above


def repeats_earlier(text: str, doc: Document, number: int) -> bool:
    """Is the broken-off line an excerpt of a paragraph already in the document (a share-widget preview,
    a teaser card or meta description of this very article), so that the article itself is there in full?"""
    excerpt = fold_punctuation(text.rstrip(" .…")).strip()
    if len(excerpt.split()) < _EXCERPT_WORDS:
        return False
    needle = f" {excerpt} "
    for line in doc.lines[: max(0, number - 1)]:
        folded = f" {fold_punctuation(line.text)} "
        found = folded.find(needle)
        if found >= 0 and found + len(needle) < len(folded):  # the earlier paragraph goes on past the excerpt
            return True
    return False

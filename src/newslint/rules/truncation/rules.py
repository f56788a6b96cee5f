"""The NL4xx rules: five ways an article stops before its end, judged at the end :mod:`.ending` finds."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import Field, PositiveInt

from newslint import Document, Hit, Rule, RuleOptions, RunContext, Severity
from newslint.text.sentences import ends_sentence
from newslint.text.words import ends_on_function_word

from .ending import ENDING, INLINE_MARKER, TAIL_CHARS, is_trailer, unjudgeable
from .evidence import (
    MID_SENTENCE_END,
    cut_evidence,
    hard_wrapped,
    in_box,
    inline_marker_cuts,
    marker_cuts,
    open_at_end,
    repeats_earlier,
    stops_mid_paragraph,
    under_heading,
)

_LONG_LINE = 25  # words: a line this long is a paragraph, whatever precedes it
_LINK_ARROW = re.compile(r"\s[>→»›]$")  # a link label: "Link: IBM Webcast: ... Announcements >"
_LAST_WORD = re.compile(r"(\w[\w'’.-]*)\W*$")


class MidSentenceEndingOptions(RuleOptions):
    min_words: int = Field(8, ge=1, description="words a last line needs to be judged as prose")


class MidSentenceEnding(Rule[MidSentenceEndingOptions]):
    """The article stops mid-sentence or mid-word.

    Preview: by reading on the held-out real pages (v0.2) it is right in 0 of 1 findings; too few to trust.

    Why is this bad?
        The article's last sentence breaks off: the scraper, an extraction
        length limit or a database column cut the text, and the document teaches
        a model sentences that end nowhere.

        Most articles are complete, and a last line without a full stop is no
        evidence that one is not: sign-offs ("--TS"), credits ("(Editing by
        ...)"), footnotes ending in "↩", campaign names, link labels,
        emoticons, reader comments and "This page was last updated ..." lines
        end articles without one. So the rule speaks only on positive evidence
        of a cut at the article's real last line.

    Example:
        ```
        Russia recently started air strikes on IS in Syria and now says it is
        ```

    Use instead:
        Re-fetch or re-extract the article, or drop the document.

    Options:
        ``min-words`` (default 8): the words a last line needs to be judged as
        prose (shorter lines only as a fragment of a new paragraph after a
        complete prose paragraph). What the rule needs before it speaks:

        * the article's last line, found below nothing but sure footer lines
          (copyright, newsletter, share, byline, dateline, credits, tweet
          signatures); not a reader comment or trackback (a "Posted by" /
          "Tracked on" signature below it), not an author box ("About ...",
          "By ..." above it), not a paragraph under a headline-cased line
          (teaser card, quoted verse, a reference under "Reference"; also a
          long paragraph of several sentences), not an excerpt of a paragraph already
          in the document (share widget), not a line a headline-cased or
          lower-case line below may continue, and not hard-wrapped text;
        * and positive evidence that it stops mid-sentence: it ends on a
          comma, semicolon or opening bracket; on a word that cannot end a
          sentence (an article, conjunction or preposition such as "the",
          "and", "of", "de", "и", "yang" -- not "up to"; a capitalised one
          opening the last sentence, "... the city. But"; an auxiliary after its
          subject, "it is"; a subject pronoun, "and then she", not "than we" or
          "World War I"; "according"; a possessive); inside a quotation or
          bracket its last sentence opened (quotes paired in any style); or it
          is a paragraph of a source that punctuates its paragraphs (the three
          prose paragraphs above end with terminal punctuation) that stops
          inside a long third-person sentence after complete ones (a
          paragraph that is one unpunctuated sentence is not reported: on real
          pages those are link prompts and footers; nor is one in the first
          or second person or with contractions, "that's": comments,
          sign-offs and columns drop the full stop).

        Headline-cased lines, links, handles and lines ending in a colon are
        not judged. A word cut mid-way with no other evidence is not reported.
    """

    code = "NL401"
    name = "mid-sentence-ending"
    default_severity = Severity.WARNING
    preview = True
    Options = MidSentenceEndingOptions

    def check(self, doc: Document) -> Iterable[Hit]:
        ending = doc.analysis(ENDING)
        line = ending.line
        if line is None or ending.marker or ending.stub or ending.continued or ending.signed:
            return
        text = line.text.rstrip()
        stripped = text.strip()
        if ends_sentence(stripped) or INLINE_MARKER.search(stripped[-TAIL_CHARS:]) or unjudgeable(stripped):
            return
        reason = cut_evidence(stripped, ending.above, self.options.min_words)
        if (
            reason is None
            and not (in_box(ending.above) or under_heading(ending.above))
            and stops_mid_paragraph(stripped, doc, line.number)
        ):
            reason = "the last paragraph stops inside a long sentence"
        if reason is None or hard_wrapped(doc) or repeats_earlier(stripped, doc, line.number):
            return
        match = _LAST_WORD.search(text, max(0, len(text) - TAIL_CHARS))
        start = line.start + (match.start(1) if match else len(text) - 1)
        tail = " ".join(stripped.split()[-8:])
        yield Hit(f"The article ends mid-sentence: {reason}: '…{tail}'", start, line.start + len(text))


class CutMarkerEnding(Rule[RuleOptions]):
    """The article ends in a cut marker: ``...``, ``[…]``, ``Read more``, ``Continue reading``.

    Preview: by reading on the held-out real pages (v0.2) it is right in 3 of 5 findings (a spaced "…" misleads it).

    Why is this bad?
        A "Continue reading" link, a "[…]" or an ellipsis that cuts a sentence
        means the text is a teaser or an excerpt: an RSS summary, a listing
        card, a page that loads the rest on click. The document is not the
        article.

        An ellipsis alone is no evidence: authors trail off ("Still thinking
        ..."), menus say "More News...", "Learn more…", "Submitting
        comment...", and author bios, sidebar teasers and comments end in one.

    Example:
        ```
        He added the move would "do a lot of damage to the politics of those countries because ...
        ```

    Use instead:
        Follow the link to the full article, or drop excerpts from the corpus.

    Options:
        None. Only the end of the article counts (as for NL401: not a reader
        comment, an author box, a teaser card under its headline, an excerpt
        of a paragraph already in the document, or hard-wrapped text), and the
        line before the marker must be prose. Reported are: "[…]", "(...)",
        "Continue reading", "Read the full story" and a "Read more" glued to
        the text; a bare "Read more" or "…" line only under a line that breaks
        off (no terminal punctuation, or an ellipsis); a trailing "..." or "…"
        only after a word that cannot end a sentence ("because ...",
        "California’s…") or a comma. A line of three or more words that stops
        on such a word ("Ford will display its") counts as prose here, whatever
        stands above it, under a marker line and before "[…]" or "Continue
        reading"; a glued "…" after a word that can end a sentence is not
        reported (on real pages it trails off: "... to say about it..."). A "Read more" link among the footer
        lines, below unrelated navigation, is not a cut marker.
    """

    code = "NL402"
    name = "cut-marker-ending"
    default_severity = Severity.WARNING
    preview = True

    def check(self, doc: Document) -> Iterable[Hit]:
        ending = doc.analysis(ENDING)
        line = ending.line
        if ending.stub or line is None or ending.signed:
            return
        text = line.text.rstrip()
        stripped = text.strip()
        if ending.marker is not None:
            marker = ending.marker.text.strip()
            if marker_cuts(stripped, ending.above, marker) and not hard_wrapped(doc):
                yield Hit.on_line(doc, ending.marker.number, f"The article ends in a cut marker: {marker!r}")
            return
        match = INLINE_MARKER.search(text, max(0, len(text) - TAIL_CHARS))
        if match is None or ending.goes_on:
            return
        before = text[: match.start()].strip()
        spaced = text[match.start() - 1 : match.start()].isspace()
        if (
            inline_marker_cuts(before, ending.above, match.group(0), spaced=spaced)
            and not hard_wrapped(doc)
            and not repeats_earlier(before, doc, line.number)
        ):
            yield Hit(
                f"The article ends in a cut marker: {match.group(0).strip()!r}",
                line.start + match.start(),
                line.start + len(text),
            )


class PaywallStub(Rule[RuleOptions]):
    """The document ends in a paywall or continuation stub.

    Why is this bad?
        "To continue reading, subscribe", "The full article contains 339 words
        and appears in ...", "To Read the Full Story": the page served a teaser
        and the rest of the article is behind a login. The document holds a
        paragraph or two and a sales pitch.

    Example:
        ```
        The company said revenue rose 12% in the quarter.
        To continue reading, subscribe now.
        ```

    Use instead:
        Drop paywalled teasers, or fetch the article with access.

    Options:
        None. Only the last lines of the document are searched (a stub is at
        most 45 words), so an article *about* paywalls is not reported.
    """

    code = "NL403"
    name = "paywall-stub"
    default_severity = Severity.WARNING

    def check(self, doc: Document) -> Iterable[Hit]:
        stub = doc.analysis(ENDING).stub
        if stub is not None:
            yield Hit.on_line(doc, stub.number, f"Paywall or continuation stub: {stub.text.strip()[:80]!r}")


_DEFAULT_LIMITS = (
    255,
    256,
    500,
    512,
    1000,
    1024,
    2000,
    2048,
    4000,
    4096,
    5000,
    8192,
    10000,
    16384,
    32767,
    32768,
    65535,
    65536,
)


class StorageLimitLengthOptions(RuleOptions):
    limits: list[PositiveInt] = Field(
        default_factory=lambda: list(_DEFAULT_LIMITS), description="lengths (characters and UTF-8 bytes) to check"
    )


class StorageLimitLength(Rule[StorageLimitLengthOptions]):
    """The text is exactly as long as a storage limit and does not end a sentence.

    Why is this bad?
        A text of exactly 255, 1,000, 1,024, 4,096, 32,767 or 65,535 characters
        (or UTF-8 bytes) that stops mid-sentence was cut by a database column, an
        API field or a ``text[:N]`` in the pipeline. Unlike NL401 this is
        almost never a coincidence, so it is an error: every document of that
        source may be cut the same way.

    Example:
        A 1,024-character document whose last word is "the".

    Use instead:
        Widen the column (``TEXT`` instead of ``VARCHAR(255)``), remove the
        slice, and re-export.

    Options:
        ``limits``: the lengths to check (characters and UTF-8 bytes; default
        255, 256, 500, 512, 1000, 1024, 2000, 2048, 4000, 4096, 5000, 8192,
        10000, 16384, 32767, 32768, 65535, 65536). A document at one of these
        lengths is reported only when its last line stops mid-sentence: not
        when it ends with terminal punctuation, a footer line or a list item,
        where the length is most likely a coincidence, nor when it is a link
        label ("... >").
    """

    code = "NL404"
    name = "storage-limit-length"
    default_severity = Severity.ERROR
    Options = StorageLimitLengthOptions

    def __init__(self, options: RuleOptions | None = None, context: RunContext | None = None) -> None:
        super().__init__(options, context)
        self._limits = frozenset(self.options.limits)
        self._max = max(self._limits, default=0)

    def check(self, doc: Document) -> Iterable[Hit]:
        text = doc.text
        chars = len(text)
        if chars > self._max or not self._cut(text):
            return
        if chars in self._limits:
            yield Hit(f"The text is exactly {chars} characters long and stops mid-sentence: cut at a storage limit")
            return
        if not text.isascii():  # for ASCII text, bytes == characters
            size = len(text.encode("utf-8"))
            if size in self._limits:
                yield Hit(f"The text is exactly {size} UTF-8 bytes long and stops mid-sentence: cut at a storage limit")

    @staticmethod
    def _cut(text: str) -> bool:
        """Does the text stop mid-sentence? Its last line is not a sentence end, a footer line or a list item."""
        body = text.rstrip()
        cut = body.rfind("\n")
        last = body[cut + 1 :].strip()
        if not last or ends_sentence(last) or is_trailer(last) or _LINK_ARROW.search(last):
            return False
        words = last.split()
        if (
            MID_SENTENCE_END.search(last)
            or last.endswith(("-", "–", "—", "/"))
            or ends_on_function_word(words)
            or len(words) > _LONG_LINE
        ):
            return True
        # An unpunctuated line under another one is a list item (tour dates, scores): no evidence of a cut.
        previous = body[: max(cut, 0)].rstrip()
        previous = previous[previous.rfind("\n") + 1 :].strip()
        return not previous or ends_sentence(previous)


class UnclosedQuoteEnding(Rule[RuleOptions]):
    """The last paragraph opens a quotation or bracket that never closes.

    Preview: on real pages most unclosed quotes at the end are the source's own typos, not cuts.

    Why is this bad?
        A quote (“, «, „, ", 「) or bracket opened in the last paragraph and
        never closed means the text was cut inside it, even when the cut
        happened to fall after a full stop: ``“We will win. We will``
        becomes ``“We will win.``.

    Example:
        ```
        “We are ready to work with anyone who fights terrorism.
        ```

    Use instead:
        Re-extract the article; check the extraction for a length limit.

    Options:
        None. Only endings that look complete are checked (NL401 reports the
        others), and not in hard-wrapped text. Quotation marks are paired by
        position, in any of the world's styles (“…” „…“ «…» »…« ‹…› 「…」
        "…" ″…″ ''…''): a mark after a space that touches a word opens, a mark
        after a word closes, whatever its glyph (’” or “ used as a closing mark
        close). Apostrophes and lone single quotes are ignored.
    """

    code = "NL405"
    name = "unclosed-quote-ending"
    default_severity = Severity.WARNING
    preview = True

    def check(self, doc: Document) -> Iterable[Hit]:
        ending = doc.analysis(ENDING)
        line = ending.line
        if line is None or ending.marker or ending.stub:
            return
        text = line.text
        if not ends_sentence(text.strip()) or INLINE_MARKER.search(text.rstrip()[-TAIL_CHARS:]):
            return
        offset = open_at_end(text, whole_line=True)
        if offset is not None and not hard_wrapped(doc):
            mark = text[offset]
            yield Hit(
                f"The last paragraph opens {mark!r} and never closes it", line.start + offset, line.start + offset + 1
            )

"""Where sentences end, and the sentence around a span.

Two questions look alike and are answered differently on purpose:

* :func:`ends_sentence` -- *did the text stop at a sentence boundary?* (NL3xx,
  NL4xx). Any terminal punctuation of any script counts, an ellipsis too (a
  cut marker is judged separately), and so does a wire-agency sign-off after
  the last full stop ("... on Monday. PTI").
* :func:`ends_finished_sentence` -- *is this line a finished sentence of
  prose, not a label or a teaser?* (the line shapes of the phrase-pack
  families, NL1xx/NL2xx). Only the common full stop, question and exclamation
  marks count, and a trailing ellipsis means a teaser cut short.

Likewise :func:`sentence_span` (the span of the sentence holding a phrase,
sentence ends of the main scripts; how much of it a pack phrase covers is
``min-coverage``) and :func:`sentence_text` (the text of the sentence or line
around an entity mention for the NL5xx context clues, cut only at newlines
and at ". ", "! ", "? ": it must not move with the script-aware rules above,
or entity verdicts would change).
"""

from __future__ import annotations

import re

from .agencies import SIGNOFF_AGENCIES

# A sentence end: terminal punctuation of any script, then any closing quotes,
# brackets or emphasis marks ("He left.”", "(see above.)", "終わり。」").
TERMINAL = ".!?。！？‼⁇⁈⁉؟۔।॥።᙮᠃︒﹒．｡"
CLOSERS = "\"'”’»›」』）)]】〕〉》*_"
SENTENCE_END = re.compile(rf"[{re.escape(TERMINAL)}][{re.escape(CLOSERS)}\s]*$")
# A wire-agency sign-off after the last sentence: "... into the US. PTI", "... on Monday. (AP)".
_AGENCY_SIGNOFF = re.compile(rf"[.!?…][\"'”’»)]*\s+[(—–-]*\s*(?:{SIGNOFF_AGENCIES})\)?\s*$")
_TAIL_CHARS = 300  # characters at the end of a line that the end-anchored patterns look at

# The full stop, question and exclamation marks of the main scripts, and what
# may close a finished sentence after them.
COMMON_TERMINAL = ".!?。！？"
_FINISHED_CLOSERS = "\"'”’»)]）」』"
_SPAN_END = re.compile(r"[.!?。！？]+[\"'”’»)\]]*(?=\s|$)")


def ends_sentence(text: str) -> bool:
    """Does the (stripped) line end a sentence, possibly followed by a wire-agency sign-off?"""
    tail = text[-_TAIL_CHARS:]  # only the end matters; a bounded window keeps odd lines cheap
    return SENTENCE_END.search(tail) is not None or _AGENCY_SIGNOFF.search(tail) is not None


def ends_finished_sentence(text: str) -> bool:
    """Whether the line ends like a finished sentence (final punctuation, maybe followed by a closing quote).

    A trailing ellipsis is a teaser cut short, not a finished sentence.
    """
    stripped = text.rstrip().rstrip(_FINISHED_CLOSERS)
    if stripped.endswith(("...", "…")):
        return False
    return bool(stripped) and stripped[-1] in COMMON_TERMINAL


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence of ``text`` that holds ``[start, end)`` (what ``min-coverage`` is measured on).

    An error message or a call to action is its own sentence ("Sorry, the page
    you requested does not exist. Try our search."); a phrase that covers only
    part of a long sentence is being talked about, not shown.
    """
    first = 0
    for found in _SPAN_END.finditer(text, 0, start):
        first = found.end()
    tail = _SPAN_END.search(text, max(end - 1, first))
    last = tail.end() if tail else len(text)
    while first < last and text[first].isspace():
        first += 1
    return first, max(last, end)


def sentence_text(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding ``[start, end)``, cut at newlines and at ". ", "! ", "? "."""
    lo = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "! ", "? ")))
    hi_candidates = [i for i in (text.find("\n", end), *(text.find(p, end) for p in (". ", "! ", "? "))) if i >= 0]
    hi = min(hi_candidates) if hi_candidates else len(text)
    return text[lo + 1 : hi + 1]

"""NL4xx: the article stops before its end.

All rules look at the end of the *article*, found by
:func:`~newslint.rules.truncation.ending.find_ending` (footer, byline, dateline, credit
and note lines below the last article line are skipped). They are
complementary, so one cut is reported once: a paywall stub (NL403) silences
the others; a cut marker (NL402) silences NL401; NL405 looks only at endings
that are otherwise clean. NL404 (length at a storage limit) is independent and
says *why* the text was cut.

Severity: a truncation judged from the text alone is a warning (a missing
full stop or a headline-like last line can fool it). NL404 is an error: a text
exactly as long as a storage limit that also stops mid-sentence was cut by a
machine, and every document of that source probably was.

Judged on evidence (v0.2): most articles are complete, so NL401, NL402 and
NL404 speak only on positive evidence of a cut at the article's real last
line (a dangling word, a mid-sentence mark, a quotation opened at the end, a
cut marker after broken-off prose, a length at a storage limit); without it
they say nothing. NL401, NL402 and NL405 are preview rules (below 0.9
precision by reading on the held-out real pages).

Modules: :mod:`.ending` (where the article ends, once per document),
:mod:`.evidence` (what counts as evidence of a cut) and :mod:`.rules` (the
five rules).
"""

from __future__ import annotations

from newslint import hookimpl

from .rules import (
    CutMarkerEnding,
    MidSentenceEnding,
    PaywallStub,
    StorageLimitLength,
    UnclosedQuoteEnding,
)

RULES = [MidSentenceEnding, CutMarkerEnding, PaywallStub, StorageLimitLength, UnclosedQuoteEnding]


@hookimpl
def newslint_rules():
    return list(RULES)

"""NL3xx: text that appears twice inside one document, and photo credits.

The analysis of a document (:mod:`.analysis`) is computed once and shared by
the three rules, one module each: :mod:`.caption` (NL301), :mod:`.photo_credit`
(NL302) and :mod:`.repeated_paragraph` (NL303). Photo credits are found by
:mod:`newslint.text.credits`, which the truncation rules use too.

NL350-NL399 are kept free for corpus-wide duplicate-document rules
(:mod:`newslint.rules.corpus`).
"""

from __future__ import annotations

from newslint import hookimpl

from .caption import DuplicatedCaption
from .photo_credit import PhotoCredit
from .repeated_paragraph import RepeatedParagraph

RULES = [DuplicatedCaption, PhotoCredit, RepeatedParagraph]


@hookimpl
def newslint_rules():
    return list(RULES)

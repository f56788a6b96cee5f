"""NL1xx: leftover navigation and boilerplate, the page around the article.

Every rule reports whole lines. The phrases live in the phrase packs
(``rules/*.toml``, extendable with ``extend-rule-packs``); the structure
(label strips, menu blocks, teaser lists) in :mod:`.structure`. A line is never
flagged for containing a word: a pack phrase must be the whole line, its start
(a "Read more:" teaser) or a second-person call to action ("Sign up for our
newsletter"), under the pack's length limits. NL150-NL199 are reserved for
corpus-wide rules (NL150: repeated lines, :mod:`newslint.rules.corpus`).

Modules: :mod:`.structure` (label strips, menu blocks, teaser lists),
:mod:`.base` (``ChromeRule``: pack matches and the teasers under a header),
:mod:`.navigation` (NL101), :mod:`.glued_labels` (NL108), :mod:`.rules`
(the rules that are their packs alone: NL102-NL107, NL109, NL110) and :mod:`.lines` (the line
classifier and NL111-NL117, the boilerplate no pack names).
"""

from __future__ import annotations

from newslint import hookimpl

from .glued_labels import GluedUiLabels
from .lines.rules import RULES as CLASSIFIER_RULES
from .navigation import NavigationText
from .rules import (
    AccessibilityWidget,
    AdvertisementLabel,
    CommentChrome,
    CookieBanner,
    FooterText,
    NewsletterSignup,
    RelatedStoryTeaser,
    ShareButtons,
)

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
    *CLASSIFIER_RULES,
]


@hookimpl
def newslint_rules():
    return list(RULES)

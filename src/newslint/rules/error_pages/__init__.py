"""NL2xx: text of a page that failed instead of (or besides) the article.

One analysis serves every rule of the family: the lines matched by the
error-page packs (codes NL202-NL206, ``rules/*.toml``) and the amount of
article prose left once those lines and known page chrome (NL1xx phrases) are
set aside. When almost no prose is left the *document* is an error page
(NL201, an error, reported once for the whole document); otherwise each error
line is a *fragment* inside or after a real article (NL202-NL206, warnings).
The two verdicts are exclusive, so a 404 page is one finding, not five.

Sentences of error pages are never matched inside quotation marks or after a
lead-in line ("... and got this message:"), and short titles ("Page not found",
"503 Service Unavailable") only as a whole line: a story that reports an
outage or quotes an error message is not an error page. A page that opens as
an error page (a title or status line and an error sentence before any prose)
stays one when a little prose follows: that prose is the site's chrome.

Modules: :mod:`.analysis` (error lines and the prose around them, once per
document) and :mod:`.rules` (the six rules).
"""

from __future__ import annotations

from newslint import hookimpl

from .rules import (
    BotCheckText,
    ErrorPageDocument,
    ErrorPageFragment,
    GeoBlockText,
    JavascriptRequiredText,
    PaywallText,
)

RULES = [ErrorPageDocument, ErrorPageFragment, BotCheckText, PaywallText, JavascriptRequiredText, GeoBlockText]


@hookimpl
def newslint_rules():
    return list(RULES)

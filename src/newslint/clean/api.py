"""``newslint.clean_text``: one text cleaned in memory, as ``newslint clean`` cleans a corpus."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Optional, Union

from ..engine import Linter
from ..model import Document
from .apply import Cleaned, apply_fixes


@lru_cache(maxsize=8)
def _linter(settings_json: str, config: Optional[str], isolated: bool) -> Linter:
    from ..app import from_settings

    application = from_settings(
        json.loads(settings_json), config_file=config, search_from=Path.cwd(), isolated=isolated
    )
    if application.errors:
        raise RuntimeError("newslint plugins failed to load: " + "; ".join(application.errors))
    return application.linter


def clean_document(
    text: str,
    *,
    unsafe_fixes: bool = False,
    settings: Optional[Mapping[str, Any]] = None,
    config: Optional[Union[str, Path]] = None,
    isolated: bool = False,
    **document: Any,
) -> Cleaned:
    """``text`` cleaned by the per-document rules' fixes, with what was removed and why.

    ``settings`` are configuration overrides (``{"select": ["NL1", "NL2"]}``),
    ``config`` a configuration file (default: searched from the working
    directory; ``isolated`` ignores configuration files). Extra keywords
    (``url``, ``host``, ``title``...) fill the :class:`~newslint.Document`.
    Corpus rules (NL150, NL351, NL352) need a corpus and do not run here.
    """
    linter = _linter(
        json.dumps(dict(settings or {}), sort_keys=True), None if config is None else str(config), isolated
    )
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    findings = linter.lint_document(Document(text=normalised, **document))
    return apply_fixes(text, findings, unsafe=unsafe_fixes)


def clean_text(
    text: str,
    *,
    unsafe_fixes: bool = False,
    settings: Optional[Mapping[str, Any]] = None,
    config: Optional[Union[str, Path]] = None,
    isolated: bool = False,
    **document: Any,
) -> str:
    """``text`` without its fixable defects (safe fixes; unsafe ones too with ``unsafe_fixes``).

    Returns ``""`` when the whole document should be dropped (an error page, an
    empty text). :func:`clean_document` also says what was removed and why.
    """
    cleaned = clean_document(
        text, unsafe_fixes=unsafe_fixes, settings=settings, config=config, isolated=isolated, **document
    )
    return cleaned.text if cleaned.text is not None else ""

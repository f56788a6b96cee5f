"""newslint from Python: lint strings and records in memory, no files.

    import newslint

    for finding in newslint.lint(["Skip to main content\\nThe mayor said ...", {"id": "r2", "text": "..."}]):
        print(finding.location, finding.code, finding.message)
    newslint.check_text("404 Not Found")  # -> [Finding(...)]

Both build the run through :mod:`newslint.app`, as the command line does:
settings from a configuration file (found from the working directory, or
``config=`` a file), ``NEWSLINT_*`` variables and keyword overrides. Only the
per-document rules run: the corpus-wide rules (``NL150``, ``NL351``,
``NL352``) need a first pass over a whole corpus; run them with the
``newslint`` command.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Optional, Sequence, Union

from .model import Document, Finding

if TYPE_CHECKING:
    from .app import Application

Item = Union[str, Mapping[str, Any]]
ConfigArg = Union[None, str, Path, Mapping[str, Any]]

MEMORY_PATH = "<memory>"
_CACHE_SIZE = 8
_applications: OrderedDict[str, Application] = OrderedDict()


def application(
    *,
    select: Optional[Sequence[str]] = None,
    ignore: Optional[Sequence[str]] = None,
    config: ConfigArg = None,
    isolated: bool = False,
) -> Application:
    """The configured run for these arguments (built once and cached: plugins and data load once).

    ``config`` is a configuration file (``newslint.toml``/``pyproject.toml``) or a
    mapping of settings with the configuration's keys (``{"fail-on": "warning"}``);
    without it the file found from the working directory applies, as for the CLI
    (``isolated=True``: none).
    """
    from .app import from_settings

    overrides: dict[str, Any] = dict(config) if isinstance(config, Mapping) else {}
    if select is not None:
        overrides["select"] = [select] if isinstance(select, str) else list(select)
    if ignore is not None:
        overrides["ignore"] = [ignore] if isinstance(ignore, str) else list(ignore)
    config_file = None if config is None or isinstance(config, Mapping) else Path(config)
    key = json.dumps([overrides, str(config_file), isolated], sort_keys=True, default=str)
    app = _applications.get(key)
    if app is None:
        app = from_settings(overrides, config_file=config_file, search_from=Path.cwd(), isolated=isolated)
        if app.errors:
            raise RuntimeError("newslint plugins failed to load: " + "; ".join(app.errors))
        _applications[key] = app
        while len(_applications) > _CACHE_SIZE:
            _applications.popitem(last=False)
    else:
        _applications.move_to_end(key)
    return app


def document_findings(app: Application, item: Item, record: Optional[int], path: str = MEMORY_PATH) -> list[Finding]:
    """The sorted findings of one string or record (a record without text is an NL904 finding)."""
    from .readers._io import normalise_newlines
    from .readers.fields import record_to_document

    linter = app.linter
    if isinstance(item, str):
        return linter.lint_document(Document(text=normalise_newlines(item), path=path, record=record))
    if not isinstance(item, Mapping):
        raise TypeError(f"newslint.lint() takes strings or mappings (records), not {type(item).__name__}")
    doc = record_to_document(item, path=path, record=record, options=linter.input_options)
    if isinstance(doc, Document):
        return linter.lint_document(doc)
    return linter.problem_findings(path, doc)


def lint(
    records_or_texts: Iterable[Item],
    *,
    select: Optional[Sequence[str]] = None,
    ignore: Optional[Sequence[str]] = None,
    config: ConfigArg = None,
    isolated: bool = False,
) -> Iterator[Finding]:
    """Findings for each string or record (dict) of ``records_or_texts``, in order.

    Strings are document texts. Records are mapped like JSON Lines records
    (``text``, ``id``, ``url``, ... by the ``preset``; ``text-field`` and
    ``id-field`` settings apply). Findings name the item as ``record`` (1-based)
    of the path ``<memory>``. Settings as for :func:`application`.
    """
    app = application(select=select, ignore=ignore, config=config, isolated=isolated)
    for number, item in enumerate(records_or_texts, start=1):
        yield from document_findings(app, item, number)


def check_text(
    text: str,
    *,
    select: Optional[Sequence[str]] = None,
    ignore: Optional[Sequence[str]] = None,
    config: ConfigArg = None,
    isolated: bool = False,
) -> list[Finding]:
    """The findings of one document text, sorted (``record`` is ``None``)."""
    app = application(select=select, ignore=ignore, config=config, isolated=isolated)
    return document_findings(app, text, None)

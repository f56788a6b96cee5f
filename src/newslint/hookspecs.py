"""The hooks a newslint plugin can implement (project name ``newslint``).

A plugin is a module or object with functions decorated by
``newslint.hookimpl`` and named like the specs below, advertised through the
``newslint`` entry-point group::

    [project.entry-points.newslint]
    ACME = "newslint_acme.rules"

An entry-point name that looks like a code prefix (``ACME``, ``NL2``) declares
that every rule code the plugin provides starts with it. Built-in rules,
readers and reporters are registered through this same group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import pluggy

if TYPE_CHECKING:
    from .readers.base import Reader
    from .reporters.base import Reporter
    from .rule import Rule

hookspec = pluggy.HookspecMarker("newslint")


@hookspec
def newslint_rules() -> list[type[Rule[Any]]]:  # type: ignore[empty-body]
    """Return a list of :class:`newslint.Rule` subclasses this plugin provides.

    Each class needs a unique ``code`` and ``name`` and a docstring with the
    sections *Why is this bad?*, *Example*, *Use instead* and *Options*.
    """


@hookspec
def newslint_reporters() -> list[type[Reporter]]:  # type: ignore[empty-body]
    """Return a list of :class:`newslint.Reporter` subclasses (output formats).

    The class attribute ``name`` is the value users pass to
    ``--output-format``.
    """


@hookspec
def newslint_readers() -> list[type[Reader]]:  # type: ignore[empty-body]
    """Return a list of :class:`newslint.Reader` subclasses (input formats).

    A reader claims files by extension (after any compression suffix is
    removed) and turns their bytes into documents.
    """


@hookspec
def newslint_data_files() -> dict[str, list[str]]:  # type: ignore[empty-body]
    """Return a dict of data files by kind: ``{"phrase-packs": [path, ...]}``.

    A *kind* names the data a rule family reads; the built-in families read
    ``"phrase-packs"`` (TOML phrase packs, same format as newslint's ``rules/``
    folder) and ``"knowledge-base"`` (CSV or JSONL, same schema as the bundled
    knowledge base). The files are added to that family's bundled data, like
    the user's ``[tool.newslint.data-files]`` table.
    """


@hookspec
def newslint_commands() -> dict[str, Callable[[list[str]], int]]:  # type: ignore[empty-body]
    """Return a dict of subcommands: ``{"kb": main}``, run as ``newslint kb ...``.

    ``main(argv: list[str]) -> int`` receives the arguments after the
    subcommand's name and returns the exit code. Import heavy modules inside
    ``main``, not at the top of the plugin: every ``newslint`` run loads it.
    """

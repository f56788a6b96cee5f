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

import pluggy

hookspec = pluggy.HookspecMarker("newslint")


@hookspec
def newslint_rules():  # type: ignore[empty-body]
    """Return a list of :class:`newslint.Rule` subclasses this plugin provides.

    Each class needs a unique ``code`` and ``name`` and a docstring with the
    sections *Why is this bad?*, *Example*, *Use instead* and *Options*.
    """


@hookspec
def newslint_reporters():  # type: ignore[empty-body]
    """Return a list of :class:`newslint.Reporter` subclasses (output formats).

    The class attribute ``name`` is the value users pass to
    ``--output-format``.
    """


@hookspec
def newslint_readers():  # type: ignore[empty-body]
    """Return a list of :class:`newslint.Reader` subclasses (input formats).

    A reader claims files by extension (after any compression suffix is
    removed) and turns their bytes into documents.
    """


@hookspec
def newslint_rule_packs():  # type: ignore[empty-body]
    """Return a list of phrase-pack files or folders (TOML) to add to the built-in packs.

    Same format as the packs in newslint's ``rules/`` folder and as
    ``extend-rule-packs`` in the configuration.
    """


@hookspec
def newslint_knowledge_base():  # type: ignore[empty-body]
    """Return a list of knowledge-base files (CSV or JSONL, same schema as the bundled one).

    Their entries are added to the bundled knowledge base used by the entity
    rules (NL5xx).
    """

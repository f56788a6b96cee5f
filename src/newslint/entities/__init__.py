"""Entity roles for the NL5xx rules: the knowledge base, name keys, role mentions, verdicts.

Modules: :mod:`.names` (name normalisation), :mod:`.dates` (day ranges),
:mod:`.kb` (the in-memory knowledge base), :mod:`.store` (tables and the
bundled artefact), :mod:`.mentions` (finding role mentions in text),
:mod:`.verdicts` (what the knowledge base says about a mention) and
:mod:`.wikidata` (building a base from a Wikidata dump).
"""

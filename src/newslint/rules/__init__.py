"""Built-in rule families, one package each, registered as plugins through entry points.

* :mod:`.boilerplate` (NL101-NL110): navigation and page chrome;
* :mod:`.error_pages` (NL201-NL206): error pages and their fragments;
* :mod:`.duplication` (NL301-NL303): captions, credits and paragraphs twice in a document;
* :mod:`.truncation` (NL401-NL405): articles that stop before their end;
* :mod:`.corpus` (NL150, NL351, NL352): repeated site lines and duplicate documents;
* :mod:`.entities` (NL501-NL504): mismatched entity roles, with the knowledge base.

Families share text helpers through :mod:`newslint.text` and phrase packs
through :mod:`newslint.packs`, never through each other's modules.
"""

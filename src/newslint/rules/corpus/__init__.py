"""Corpus-wide rules: what only the whole corpus shows (two passes, see :class:`newslint.CorpusRule`).

* :mod:`.repeated_lines`: NL150, lines repeated across one site's documents
  (boilerplate learned from the corpus itself);
* :mod:`.duplicate_documents`: NL351/NL352, exact and near-duplicate documents;
* :mod:`.sketch`: stable hashes and the fixed-size count-min sketch they share.

Unlike the other families this package registers through its two modules, not
here: the entry points ``NL15`` and ``NL35`` each own a code prefix (a plugin's
rules must start with its entry point's name), so each module carries its own
``newslint_rules`` hook.
"""

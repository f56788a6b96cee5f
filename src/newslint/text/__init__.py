"""Text helpers shared by several rule families, each idea in one place.

Modules:

* :mod:`.sentences`: where sentences end (:func:`ends_sentence`,
  :func:`ends_finished_sentence`) and the sentence around a span
  (:func:`sentence_span`, :func:`sentence_text`);
* :mod:`.words`: word counts (CJK-aware), function words, casing and prose
  predicates;
* :mod:`.normalise`: the line and text normalisers of the corpus-wide and
  duplication rules (the phrase packs' line keys live in :mod:`newslint.packs.keys`,
  person-name keys in :mod:`newslint.rules.entities.names`);
* :mod:`.agencies`: the news and photo agency lists;
* :mod:`.credits`: photo credits (NL3xx reports them, NL4xx skips them);
* :mod:`.quotes`: quotation marks, and lines that quote earlier text;
* :mod:`.dates`: dates in text and metadata, and whether a metadata date is
  trusted (:func:`judge_date`, :func:`trusted_date`; NL503 and NL601).
* :mod:`.timestamps`: lines that are only a date or a time stamp.

Nothing here knows a rule code; rule families import these modules, never
each other's.
"""

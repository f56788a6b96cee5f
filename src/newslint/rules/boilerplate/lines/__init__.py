"""The line classifier and the rules that use it (NL111-NL117).

Modules: :mod:`.stopwords` (jusText's stoplists, the document's language), :mod:`.features`
(per-line features with context), :mod:`.classifier` (boosted trees and a smoothing pass,
weights in ``weights.json``, trained by ``benchmarks/train_line_classifier.py``),
:mod:`.categories` (which kind of chrome a line is) and :mod:`.rules`.
"""

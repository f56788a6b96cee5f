"""``newslint report``: a self-contained HTML page of a corpus's defects (issue 20).

``aggregate`` folds findings and per-document stats into bounded counters,
``charts`` draws them (matplotlib, the extra ``newslint[report]``), ``html``,
``sections`` and ``markup`` write the page, ``command`` is the subcommand.
"""

"""An example newslint plugin: site-specific rules for an AP-syndicating news corpus.

The rules live in :mod:`newslint_example.trailer` (EXM101) and
:mod:`newslint_example.metadata` (EXM201, EXM202); :mod:`newslint_example.rules`
is the module the ``newslint`` entry point names and registers them.
"""

__version__ = "0.2.0"

"""``newslint clean``: the corpus without its defects, and a record of what was removed.

:mod:`.apply` applies a document's fixes to its text (pure), :mod:`.writers`
writes each input format back with only its text field changed, and
:mod:`.command` is the ``newslint clean`` command that runs the linter through
the usual executors and hands each file's findings to its writer.
"""

from __future__ import annotations

from .apply import Cleaned, Removed, applicable, apply_fixes

__all__ = ["Cleaned", "Removed", "applicable", "apply_fixes"]

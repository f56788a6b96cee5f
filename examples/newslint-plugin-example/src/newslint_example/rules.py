"""The plugin module named by the entry point ``EXM = "newslint_example.rules"``.

newslint imports it and calls every hook implementation in it; this one hands
over the rule classes. Keep it free of work: it is imported on every run.
"""

from __future__ import annotations

from newslint import Rule, hookimpl

from .metadata import PublicationDate, SourceHostMismatch
from .trailer import WireTrailer


@hookimpl
def newslint_rules() -> list[type[Rule]]:
    return [WireTrailer, PublicationDate, SourceHostMismatch]

"""newslint: a data-quality linter for scraped news corpora.

This module is the public API for plugin authors; everything a plugin needs is
importable from here, and nothing else is promised to stay stable::

    from newslint import hookimpl, Rule, RuleOptions, Document, Hit, Fix, Severity

and for linting from Python (see :mod:`newslint.api`; loaded on first use, so
``import newslint`` stays cheap)::

    newslint.lint(["text", {"id": "r1", "text": "..."}], select=["NL2"])  # yields Findings
    newslint.check_text("404 Not Found")
    newslint.clean_text(text)  # the text without what the safe fixes remove ("" when dropped)
"""

from typing import Any

from .hookimpl import hookimpl
from .model import Analysis, AnalysisFamily, Document, Finding, Fix, Hit, Line, Severity
from .readers.base import InputOptions, Reader, ReadProblem, Source
from .reporters.base import ReportContext, Reporter, RuleInfo, Summary
from .rule import Applicability, CorpusRule, DocRef, Remedy, Rule, RuleOptions, RunContext

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "AnalysisFamily",
    "Applicability",
    "CorpusRule",
    "DocRef",
    "Document",
    "Finding",
    "Fix",
    "Hit",
    "InputOptions",
    "Line",
    "ReadProblem",
    "Remedy",
    "Reader",
    "ReportContext",
    "Reporter",
    "Rule",
    "RuleInfo",
    "RuleOptions",
    "RunContext",
    "Severity",
    "Source",
    "Summary",
    "__version__",
    "check_text",
    "clean_document",
    "clean_text",
    "hookimpl",
    "lint",
]

_LAZY = {"lint": "api", "check_text": "api", "clean_text": "clean.api", "clean_document": "clean.api"}


def __getattr__(name: str) -> Any:
    """``newslint.lint``, ``check_text``, ``clean_text``, ``clean_document``: imported on first use (they load the app)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'newslint' has no attribute {name!r}")

"""newslint: a data-quality linter for scraped news corpora.

This module is the public API for plugin authors; everything a plugin needs is
importable from here, and nothing else is promised to stay stable::

    from newslint import hookimpl, Rule, RuleOptions, Document, Hit, Fix, Severity
"""

from .clean.api import clean_document, clean_text
from .hookimpl import hookimpl
from .model import Document, Finding, Fix, Hit, Line, Severity
from .readers.base import InputOptions, Reader, ReadProblem, Source
from .reporters.base import Reporter, ReportContext, RuleInfo, Summary
from .rule import Applicability, CorpusRule, DocRef, Remedy, Rule, RuleOptions, RunContext

__version__ = "0.1.0"

__all__ = [
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
    "clean_document",
    "clean_text",
    "hookimpl",
]

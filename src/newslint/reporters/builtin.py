"""The built-in output formats, registered through the same plugin door as third-party ones."""

from __future__ import annotations

from ..hookimpl import hookimpl
from .base import Reporter
from .concise import ConciseReporter
from .full import FullReporter
from .github import GithubReporter
from .gitlab import GitlabReporter
from .json import JsonLinesReporter, JsonReporter
from .junit import JunitReporter
from .sarif import SarifReporter


@hookimpl
def newslint_reporters() -> list[type[Reporter]]:
    return [
        ConciseReporter,
        FullReporter,
        JsonReporter,
        JsonLinesReporter,
        GithubReporter,
        SarifReporter,
        JunitReporter,
        GitlabReporter,
    ]

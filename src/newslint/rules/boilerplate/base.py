"""The base of the NL1xx rules: the lines a rule's packs match, and teaser lists under its headers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, TypeVar

from newslint import Document, Hit, Line, Rule, RuleOptions, RunContext
from newslint.packs import DATA_KIND, load_packs
from newslint.packs.lines import position_phrase, quote_evidence, shorten
from newslint.text.quotes import inside_quotes
from newslint.text.words import word_count

from .structure import DEFAULT_LIST_LINES, chrome_index, list_after

OptionsT = TypeVar("OptionsT", bound=RuleOptions)


class ChromeRule(Rule[OptionsT]):
    """Base of the NL1xx rules: the lines the rule's packs match, and teaser lists under its headers."""

    # How a message names the defect: "Navigation text".
    label: ClassVar[str] = "Boilerplate"

    def __init__(self, options: RuleOptions | None = None, context: RunContext | None = None) -> None:
        super().__init__(options, context)
        self.packs = load_packs(tuple(self.context.data_files(DATA_KIND)))
        self.index = chrome_index(self.packs)
        self.scanner = self.packs.scanner((self.code,), ("finding",))

    def list_limit(self) -> int:
        """How many teaser lines under a header ("Most read") are reported (NL105 makes it an option)."""
        return DEFAULT_LIST_LINES

    def describe(self, doc: Document, line: Line, evidence: str, kind: str) -> str:
        return f"{self.label} {quote_evidence(line.text.strip(), evidence)} ({kind}){position_phrase(doc, line.number)}"

    def findings(self, doc: Document) -> dict[int, str]:
        """Line number -> message, for the lines this rule reports."""
        out: dict[int, str] = {}
        limit = self.list_limit()
        for match in self.scanner.scan(doc, word_count):
            if match.pack.match == "contains" and inside_quotes(match.line.text, match.start):
                continue  # a quoted cookie notice or sign-up line is reported speech, not chrome
            out[match.line.number] = self.describe(doc, match.line, match.evidence, match.pack.kind)
            if match.pack.list != "none":
                header = shorten(match.line.text, 40)
                for line in list_after(doc, match.line, match.pack.list, limit):
                    if line.number not in out:
                        out[line.number] = (
                            f"{self.label} '{shorten(line.text)}' (teaser listed under '{header}')"
                            f"{position_phrase(doc, line.number)}"
                        )
        return out

    def check(self, doc: Document) -> Iterable[Hit]:
        for number, message in sorted(self.findings(doc).items()):
            yield Hit.on_line(doc, number, message)

"""What a phrase pack is: the validated ``[[pack]]`` table and the RE2 forms of its phrases.

A pack is a ``[[pack]]`` table in a TOML file: a rule code, a kind ("skip
link"), a language, literal phrases and/or RE2 patterns, how a pattern must sit
in a line (the whole line, its start, or anywhere) and optional position and
shape limits. The format is documented in the repository's ``rules/README.md``
(shipped as ``newslint/packs/builtin/README.md``); :mod:`.loader` reads and
validates the tables, :mod:`.matcher` finds them in documents.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import re2

from newslint import Line
from newslint.text.sentences import sentence_span

MATCH_MODES = ("line", "prefix", "contains")
SCOPES = ("document", "first", "last", "edges")
ROLES = ("finding", "label")
LISTS = ("none", "bullets", "headlines", "commenters")
SEVERITIES = ("info", "warning", "error")

# Horizontal white space, Unicode included: RE2's \s is ASCII-only and never
# sees a no-break space, and it also matches "\n", which must not happen here.
SPACE = r"[\t \x{00A0}\x{2000}-\x{200B}\x{202F}\x{205F}\x{3000}\x{FEFF}]"
# What may surround a label on its own line: bullets, arrows, brackets, a
# closing colon or ellipsis ("[ Read All Comments ]", "Share this:", "More »").
LEAD = rf"(?:{SPACE}|[-–—•·*>»›|←→\[(])*"
TRAIL = rf"(?:{SPACE}|[-–—:.…!?|»›>→←)\]])*"
_APOSTROPHE = "['’‘`]"

# RE2's DFA cache budget for the big multi-pattern scans: with the default
# (8 MiB) a large alternation thrashes the cache and each search costs ~1 ms.
_SCAN_MEMORY = 64 << 20


def re2_options(*, longest: bool = False, memory: bool = False) -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # errors become ConfigError, not stderr noise
    options.longest_match = longest
    if memory:
        options.max_mem = _SCAN_MEMORY
    return options


def literal_pattern(text: str) -> str:
    """An RE2 pattern for a literal phrase: any run of spaces matches any blanks, any apostrophe any apostrophe."""
    words = text.split()
    parts = []
    for word in words:
        pieces = [re2.escape(piece) for piece in re.split(r"['’‘`]", word)]
        parts.append(_APOSTROPHE.join(pieces))
    return f"{SPACE}+".join(parts)


def line_form(mode: str, body: str) -> str:
    """``body`` placed in a line according to the match mode; never crosses a newline by itself."""
    if mode == "line":
        return f"{LEAD}{body}{TRAIL}"
    if mode == "prefix":
        return f"{LEAD}{body}[^\\n]*"
    return f"[^\\n]*?{body}[^\\n]*"


@dataclass(frozen=True, eq=False)
class Pack:
    """One validated ``[[pack]]`` table with its compiled matchers."""

    id: str
    code: str
    kind: str
    source: str
    language: str = "*"
    description: str = ""
    match: str = "line"
    role: str = "finding"
    scope: str = "document"
    lines: int = 0
    min_words: int = 0
    max_words: int | None = None
    min_length: int = 0
    max_length: int | None = None
    min_coverage: float = 0.0
    list: str = "none"
    case_sensitive: bool = False
    # A line the pack matches is chrome even alone between paragraphs of prose ("Tweet", "Pin it"), where
    # a rule whose labels can be an article's words ("Facebook", "Listen") leaves such a line.
    always_chrome: bool = False
    literals: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    # Reserved for declarative rules (a rule defined by a pack alone).
    name: str | None = None
    message: str | None = None
    severity: str | None = None
    # All phrases as one RE2 alternation (evidence, coverage); the patterns
    # that need a regex engine (``regex_body``, empty when none); and the
    # literals of a line-mode pack as normalised line keys (dictionary lookup).
    body: str = field(default="", repr=False)
    regex_body: str = field(default="", repr=False)
    keys: tuple[str, ...] = field(default=(), repr=False)

    @functools.cached_property
    def core(self) -> Any:
        """The pack's phrases, unanchored: where in a line the evidence is."""
        return re2.compile(self.body, re2_options())

    @property
    def line_pattern(self) -> str:
        """The pack's regex phrases in their match mode, for a whole line (no newline inside)."""
        return line_form(self.match, self.regex_body)

    def evidence(self, text: str) -> tuple[int, int]:
        """The span of ``text`` (one line) that matched, or the whole stripped line."""
        found = self.core.search(text)
        if found is None:
            return 0, len(text)
        return found.span()

    def accepts(self, line: Line, total_lines: int, words: int) -> bool:
        """Whether the position and shape limits allow a match on ``line`` (``words`` in it)."""
        text = line.text.strip()
        if self.scope != "document" and self.lines:
            top = line.number <= self.lines
            bottom = line.number > total_lines - self.lines
            if not {"first": top, "last": bottom, "edges": top or bottom}[self.scope]:
                return False
        if words < self.min_words or (self.max_words is not None and words > self.max_words):
            return False
        if len(text) < self.min_length or (self.max_length is not None and len(text) > self.max_length):
            return False
        if self.min_coverage:
            start, end = self.evidence(text)
            first, last = sentence_span(text, start, end)
            if (end - start) < self.min_coverage * (last - first):
                return False
        return True

    def __getstate__(self) -> dict[str, Any]:
        # Compiled RE2 objects are rebuilt on demand after unpickling (-j N with spawn).
        return {k: v for k, v in self.__dict__.items() if k != "core"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

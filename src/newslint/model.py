"""The data newslint passes around: documents in, hits from rules, findings out.

Everything here is frozen and typed, and this module imports nothing from the
rest of newslint, so that rules, readers, reporters and the engine can all
depend on it without cycles.

Positions are 1-based. ``column`` and ``end_column`` count Unicode code points
inside one line of the document text; ``end_column`` is exclusive (it points one
past the last character), as in ruff and LSP. ``line == 0`` means the finding is
about the whole document rather than a span of it.
"""

from __future__ import annotations

import enum
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import accumulate, count, repeat
from typing import Any, Callable, Generic, Hashable, Mapping, NamedTuple, Optional, TypeVar, cast

T = TypeVar("T")
P = TypeVar("P")
# An analysis of a list[str] is an analysis of an Iterable[str]; an analysis that takes any
# object takes a str: Analysis is covariant in its value, AnalysisFamily contravariant in its parameters.
T_co = TypeVar("T_co", covariant=True)
P_contra = TypeVar("P_contra", contravariant=True)


class Severity(str, enum.Enum):
    """How bad a finding is. Ordered: ``INFO < WARNING < ERROR``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def __str__(self) -> str:  # "warning", not "Severity.WARNING"
        return self.value


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Line(NamedTuple):
    """One line of a document: its 1-based number, start offset and text (no newline)."""

    number: int
    start: int
    text: str


@dataclass(frozen=True, eq=False)
class Document:
    """One document of a corpus, as a reader produced it.

    ``text`` has its line endings normalised to ``\\n``. ``path`` is the file the
    document came from (as given on the command line, POSIX separators) and
    ``record`` the 1-based record inside a container file (the line number of
    a JSONL record, the index in a JSON array, WARC or Parquet file), or
    ``None`` when the file holds one document.
    """

    text: str
    path: str = "<memory>"
    record: Optional[int] = None
    doc_id: Optional[str] = None
    url: Optional[str] = None
    host: Optional[str] = None
    title: Optional[str] = None
    date: Optional[str] = None
    language: Optional[str] = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    # For text extracted from markup (HTML, WARC): the source element a line of the
    # text came from, as a path ("html/body/article/p[3]"), or None when unknown.
    # Set by the reader; the engine puts it on findings (Finding.element).
    locate_element: Optional[Callable[[str], Optional[str]]] = field(default=None, repr=False)

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        """The document's lines with their offsets (computed once, on first use)."""
        texts = self.text.split("\n")
        starts = accumulate((len(text) + 1 for text in texts[:-1]), initial=0)
        # tuple.__new__ straight from C: Line(...) would run the NamedTuple's Python __new__ per
        # line (the two passes of a run build ~200 k lines per 5 MB of text).
        return tuple(map(tuple.__new__, repeat(Line), zip(count(1), starts, texts)))

    def analysis(self, analysis: Analysis[T]) -> T:
        """The value of ``analysis`` for this document, computed once and shared by every rule that asks.

        Several rules often need the same analysis of a document (its chrome
        lines, the article's ending, its error lines). Declare it once, at module
        level next to the code that computes it, as an :class:`Analysis`, and
        ask for it here: the value is typed (``doc.analysis(ENDING)`` is an
        ``Ending``) and kept on the document, so it lives exactly as long as the
        document: no module-level cache, no state between documents.
        """
        cache = self.__dict__.get("_memo")
        if cache is None:
            cache = self.__dict__["_memo"] = {}
        try:
            return cast(T, cache[analysis.key])
        except KeyError:
            value = cache[analysis.key] = analysis.factory(self)
            return value

    def memo(self, key: str, factory: Callable[[Document], T]) -> T:
        """``factory(self)``, computed once per document: the untyped form of :meth:`analysis`.

        ``key`` must name the analysis uniquely (prefix it with your plugin's
        name); ``factory`` must be pure. It shares :meth:`analysis`'s cache, so
        ``memo(name, f)`` and an ``Analysis(name, f)`` without parameters are
        one value. Prefer :class:`Analysis`: it is declared once, typed, and
        takes parameters without hand-built keys.
        """
        cache = self.__dict__.get("_memo")
        if cache is None:
            cache = self.__dict__["_memo"] = {}
        try:
            return cast(T, cache[key])
        except KeyError:
            value = cache[key] = factory(self)
            return value

    @cached_property
    def _line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def position(self, offset: int) -> tuple[int, int]:
        """Convert a 0-based character offset into a 1-based ``(line, column)``."""
        starts = self._line_starts
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def line_at(self, number: int) -> Line:
        """The 1-based line ``number``."""
        return self.lines[number - 1]

    def span_of_line(self, number: int, *, strip: bool = True) -> tuple[int, int]:
        """Character offsets ``(start, end)`` of line ``number``, without surrounding blanks."""
        line = self.lines[number - 1]
        if not strip:
            return line.start, line.start + len(line.text)
        lstripped = line.text.lstrip()
        lead = len(line.text) - len(lstripped)
        return line.start + lead, line.start + lead + len(lstripped.rstrip())

    @property
    def location(self) -> str:
        """``path`` or ``path:record N``, as shown in reports."""
        return self.path if self.record is None else f"{self.path}:record {self.record}"


class Analysis(Generic[T_co]):
    """A per-document analysis that rules share: declared once, computed once per document.

    Declare it at module level, next to the code that computes it, with a
    unique name (prefix it with your plugin's name) and a pure factory::

        CHROME_LINES: Analysis[frozenset[int]] = Analysis("acme.chrome-lines", _chrome_lines)

    and ask a document for it: ``doc.analysis(CHROME_LINES)`` (typed
    ``frozenset[int]``). The value is cached on the document, so every rule
    that asks during one document's check shares one computation, and the next
    document computes its own. An analysis that takes parameters (a rule's
    options, a compiled scanner) is an :class:`AnalysisFamily`, bound to them.
    """

    __slots__ = ("factory", "key", "name")

    def __init__(self, name: str, factory: Callable[[Document], T_co]) -> None:
        self.name = name
        self.factory = factory
        # What the document's cache is keyed by: the name, or (name, parameters' key) once bound.
        self.key: Hashable = name

    def __repr__(self) -> str:
        return f"Analysis({self.key!r})"


class AnalysisFamily(Generic[P_contra, T_co]):
    """A per-document analysis that takes parameters: one cached value per document and per parameters.

    The factory takes the document and the parameters (a frozen tuple or
    dataclass of options, an object with the compiled data)::

        REPEATS: AnalysisFamily[RepeatOptions, Repeats] = AnalysisFamily("acme.repeats", _repeats)
        ...
        self.repeats = REPEATS.bind(RepeatOptions(min_words=4))  # in the rule's __init__
        ...
        repeats = doc.analysis(self.repeats)                      # in check()

    Two rules that bind equal parameters share one value per document; other
    parameters are a separate value.
    """

    __slots__ = ("factory", "name")

    def __init__(self, name: str, factory: Callable[[Document, P_contra], T_co]) -> None:
        self.name = name
        self.factory = factory

    def bind(self, params: P_contra, key: Hashable = None) -> Analysis[T_co]:
        """The analysis for ``params``.

        ``key`` identifies ``params`` in the cache; by default ``params`` itself
        (which must then be hashable, and equal for equal parameters). Give a
        key when the parameters are a large object that something smaller
        names (a pack set's digest).
        """
        # A partial of module-level functions, not a lambda: a rule that binds its analysis in
        # __init__ is pickled to the worker processes with it.
        bound = Analysis(self.name, partial(_apply, self.factory, params))
        bound.key = (self.name, params if key is None else key)
        return bound

    def __repr__(self) -> str:
        return f"AnalysisFamily({self.name!r})"


def _apply(factory: Callable[[Document, P], T], params: P, doc: Document) -> T:
    return factory(doc, params)


@dataclass(frozen=True)
class Fix:
    """A suggested edit: replace ``[start, end)`` of the document text by ``replacement``.

    Offsets are 0-based character offsets into ``Document.text``; the engine
    turns them into positions. newslint never applies fixes to a corpus: they
    are advice for the pipeline that produced the text.
    """

    description: str
    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True)
class Hit:
    """What a rule yields: a message and where it applies.

    ``start``/``end`` are 0-based character offsets into ``Document.text``
    (``end`` exclusive). Leave both ``None`` for a finding about the whole
    document. A hit knows nothing about its code, severity or file: the engine
    stamps those.
    """

    message: str
    start: Optional[int] = None
    end: Optional[int] = None
    fix: Optional[Fix] = None
    # How sure a scoring rule is, in [0, 1] (a classifier's score); None for rules that match.
    confidence: Optional[float] = None

    @classmethod
    def on_line(
        cls,
        doc: Document,
        number: int,
        message: str,
        *,
        fix: Optional[Fix] = None,
        confidence: Optional[float] = None,
    ) -> Hit:
        """A hit covering line ``number`` of ``doc`` (leading/trailing blanks excluded)."""
        start, end = doc.span_of_line(number)
        return cls(message, start, end, fix, confidence)


@dataclass(frozen=True)
class Finding:
    """A located, stamped problem: what reporters print.

    Sorting findings sorts them by file, record, position and code, which is the
    order every reporter uses (house rule 7).
    """

    path: str
    record: Optional[int]
    line: int
    column: int
    code: str
    end_line: int
    end_column: int
    rule: str
    severity: Severity
    message: str
    doc_id: Optional[str] = None
    fix: Optional[Mapping[str, Any]] = None
    # The text of the offending line (for the `full` format, baselines and
    # fingerprints); empty for whole-document findings.
    line_text: str = ""
    # For text extracted from HTML: the element the line came from ("html/body/article/p[3]").
    element: Optional[str] = None
    # The rule's score for a scored finding (json-lines key ``confidence``, SARIF property); else None.
    confidence: Optional[float] = None

    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.record or 0, self.line, self.column, self.code, self.message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Workers send findings to the parent: a plain tuple of the fields unpickles in ~2/3 of
        # the time of a dataclass's state dict, and the parent does that serially for every finding.
        return Finding, (
            self.path, self.record, self.line, self.column, self.code, self.end_line, self.end_column,
            self.rule, self.severity, self.message, self.doc_id, self.fix, self.line_text, self.element,
            self.confidence,
        )  # fmt: skip

    def __lt__(self, other: Finding) -> bool:
        return self.sort_key() < other.sort_key()

    @property
    def location(self) -> str:
        """``path:line:col`` or ``path:record N:line:col`` (see the README)."""
        where = self.path if self.record is None else f"{self.path}:record {self.record}"
        return f"{where}:{self.line}:{self.column}"

    def to_dict(self) -> dict[str, Any]:
        """The stable json-lines shape (README, *Output formats*); ``element``, ``confidence`` only when known."""
        out: dict[str, Any] = {
            "path": self.path,
            "record": self.record,
            "doc_id": self.doc_id,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "fix": dict(self.fix) if self.fix else None,
        }
        if self.element is not None:
            out["element"] = self.element
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        return out


@dataclass(frozen=True, slots=True)
class DocumentStats:
    """A few numbers about one linted document, for ``newslint report``.

    The engine fills these only when asked (``Linter(collect_document_stats=True)``):
    per-site rates and length/date distributions need every document, not only
    the ones with findings, and keeping a handful of numbers per document is
    what lets the report avoid holding documents or reading the corpus twice.
    ``site`` is what corpus rules group by (host, else folder or container file).
    """

    path: str
    record: Optional[int]
    site: str
    chars: int
    lines: int
    bytes: int
    findings: int
    date: Optional[str] = None

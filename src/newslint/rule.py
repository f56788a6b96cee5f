"""The rule contract: what a rule is and what it may know.

A rule is a small class whose docstring is its documentation and whose
``check`` method looks at one :class:`~newslint.model.Document` and yields
:class:`~newslint.model.Hit` objects. It does no I/O, keeps no state between
documents, and knows nothing about its severity, the file it is looking at or
whether it is suppressed: the engine stamps all of that (house rule 2).

Options are a pydantic model with ``extra="forbid"``; the engine validates the
user's ``[tool.newslint.rules.<CODE>]`` table against it and hands the result to
the rule's constructor.
"""

from __future__ import annotations

import enum
import inspect
import re
from dataclasses import dataclass, field
from typing import ClassVar, Generic, Iterable, Mapping, TypeVar, cast

from pydantic import BaseModel, ConfigDict

from .model import Document, Hit, Severity

CODE_RE = re.compile(r"^[A-Z]{1,5}[0-9]{3,4}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# The sections every rule's docstring must have (checked by the test suite and
# by `newslint rule CODE`).
DOC_SECTIONS = ("Why is this bad?", "Example", "Use instead", "Options")


class Remedy(str, enum.Enum):
    """What cleaning does about a rule's finding (declared by the rule class, stamped by the engine).

    ``NONE``: only a person can resolve it (truncation, entity roles);
    ``DELETE_LINE``: delete the finding's line(s), newline included;
    ``DELETE_SPAN``: delete exactly the finding's span; ``DROP_DOCUMENT``:
    leave the whole document out of the cleaned corpus.
    """

    NONE = "none"
    DELETE_LINE = "delete-line"
    DELETE_SPAN = "delete-span"
    DROP_DOCUMENT = "drop-document"

    def __str__(self) -> str:
        return self.value


class Applicability(str, enum.Enum):
    """Whether ``newslint clean`` applies a fix by default (``SAFE``) or only with ``--unsafe-fixes``, as in ruff."""

    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value


_REMEDY_PHRASES = {
    Remedy.DELETE_LINE: "deletes the reported line",
    Remedy.DELETE_SPAN: "deletes the reported span",
    Remedy.DROP_DOCUMENT: "drops the whole document",
}


def describe_remedy(remedy: Remedy, applicability: Applicability) -> str:
    """One line for the docs: "deletes the reported line (safe)", or "none: ..."."""
    if remedy is Remedy.NONE:
        return "None: only a person can resolve this finding; `newslint clean` leaves it."
    extra = "" if applicability is Applicability.SAFE else ", only with --unsafe-fixes"
    return f"`newslint clean` {_REMEDY_PHRASES[remedy]} ({applicability.value}{extra})."


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class RuleOptions(BaseModel):
    """Base class for a rule's options: strict, immutable, kebab-case keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=_kebab, populate_by_name=True)


@dataclass(frozen=True)
class RunContext:
    """Run-wide, read-only data some rules need besides their own options.

    Data files come by *kind*, a name a rule family chooses for the data it
    reads (``"phrase-packs"``, ``"knowledge-base"``): plugins contribute files
    through the ``newslint_data_files`` hook, users through
    ``[tool.newslint.data-files]``. The core knows no kind: a new data-driven
    family needs no change outside its own package. ``replace_bundled`` names
    the kinds whose bundled data the configured files replace instead of
    extend. Paths are absolute. Rules read these files when they are
    constructed, never in ``check``.

    ``preview`` is on with ``--preview`` / ``preview = true``: besides turning on
    the preview rules, it turns on the *preview behaviour* of stable rules, a
    part of a rule's judgement that has not yet measured right 9 times in 10
    on real pages (as in ruff). Such a rule says so under *Options*.
    """

    data: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    replace_bundled: frozenset[str] = frozenset()
    preview: bool = False

    def data_files(self, kind: str) -> tuple[str, ...]:
        """The extra files of ``kind`` (empty when none were given)."""
        return tuple(self.data.get(kind, ()))

    def replaces_bundled(self, kind: str) -> bool:
        """Whether the files of ``kind`` replace the bundled data instead of adding to it."""
        return kind in self.replace_bundled


OptionsT = TypeVar("OptionsT", bound=RuleOptions)
ObservationT = TypeVar("ObservationT")
StateT = TypeVar("StateT")
SummaryT = TypeVar("SummaryT")


class Rule(Generic[OptionsT]):
    """Base class for a per-document rule.

    Subclasses set ``code`` (``NL201``), ``name`` (kebab-case, reads as
    "allow <name>"), optionally ``default_severity``, ``preview`` and
    ``Options``, write a docstring with the sections in
    :data:`DOC_SECTIONS`, and implement :meth:`check`. A rule with options
    subclasses ``Rule[MyOptions]`` and sets ``Options = MyOptions``, so that
    ``self.options`` is typed.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    default_severity: ClassVar[Severity] = Severity.WARNING
    Options: ClassVar[type[RuleOptions]] = RuleOptions
    # Code prefixes this rule defers to: its hits on a line that already has a
    # finding from one of them are dropped (one defect, one report).
    defers_to: ClassVar[tuple[str, ...]] = ()
    # Opt-in rules run only when a select prefix names them (ALL is not enough).
    default_enabled: ClassVar[bool] = True
    # Preview rules (not yet right 9 times in 10 on real pages) run only with
    # ``--preview`` / ``preview = true``, as in ruff.
    preview: ClassVar[bool] = False
    # What ``newslint clean`` does about a finding (see Remedy); a hit that
    # carries its own Fix keeps it (stamped with ``fix_applicability``).
    remedy: ClassVar[Remedy] = Remedy.NONE
    fix_applicability: ClassVar[Applicability] = Applicability.UNSAFE

    options: OptionsT
    context: RunContext

    def __init__(self, options: RuleOptions | None = None, context: RunContext | None = None) -> None:
        self.options = cast(OptionsT, options if options is not None else self.Options())
        self.context = context if context is not None else RunContext()

    def check(self, doc: Document) -> Iterable[Hit]:
        """Yield a :class:`Hit` for every problem in ``doc``."""
        raise NotImplementedError

    # -- documentation ----------------------------------------------------
    @classmethod
    def documentation(cls) -> str:
        """The rule's docstring, dedented, with its *Fix* section: what ``newslint rule CODE`` prints.

        The *Fix* section is generated from ``remedy``/``fix_applicability``
        (unless the docstring writes its own), so it cannot disagree with what
        ``newslint clean`` does.
        """
        doc = inspect.cleandoc(cls.__doc__ or "")
        if not doc or re.search(r"^#*\s*\**Fix\**:?\s*$", doc, re.M):
            return doc
        return f"{doc}\n\nFix:\n    {describe_remedy(cls.remedy, cls.fix_applicability)}"

    @classmethod
    def summary(cls) -> str:
        """The first line of the documentation."""
        doc = cls.documentation()
        return doc.splitlines()[0].strip() if doc else ""

    @classmethod
    def documentation_problems(cls) -> list[str]:
        """What is missing from this rule's metadata or docs (empty when complete)."""
        problems = []
        code = getattr(cls, "code", None)
        name = getattr(cls, "name", None)
        if not isinstance(code, str) or not CODE_RE.match(code):
            problems.append(f"code {code!r} is not like 'NL201'")
        if not isinstance(name, str) or not NAME_RE.match(name):
            problems.append(f"name {name!r} is not kebab-case")
        doc = cls.documentation()
        if not doc:
            problems.append("no docstring")
        else:
            for section in DOC_SECTIONS:
                if not re.search(rf"^#*\s*\**{re.escape(section)}\**:?\s*$", doc, re.M):
                    problems.append(f"docstring lacks the section {section!r}")
        return problems


@dataclass(frozen=True)
class DocRef:
    """Where a document is, as corpus-wide rules name it ("duplicate of ...")."""

    path: str
    record: int | None
    doc_id: str | None

    def __str__(self) -> str:
        where = self.path if self.record is None else f"{self.path}:record {self.record}"
        return f"{where} (id {self.doc_id})" if self.doc_id else where


class CorpusRule(Rule[OptionsT], Generic[OptionsT, ObservationT, StateT, SummaryT]):
    """Base class for a rule that needs the whole corpus (two passes).

    Pass 1 runs :meth:`observe` on every document (in worker processes) and
    feeds the observations, in corpus order, to :meth:`absorb` on one state
    object (in the main process); :meth:`finalize` turns the state into a
    read-only summary. Pass 2 calls :meth:`check_corpus` on every document with
    that summary, alongside the per-document rules. Because observations are
    absorbed in corpus order, "the first copy" is well defined and the output
    is identical for any number of workers.

    Everything stays pure: ``observe`` and ``check_corpus`` look only at their
    arguments, and only the engine-owned state is mutated, by ``absorb``.
    """

    def check(self, doc: Document) -> Iterable[Hit]:  # corpus rules are called through check_corpus
        return ()

    def observe(self, doc: Document) -> ObservationT:
        """A small, picklable observation of ``doc`` (hashes, counts)."""
        raise NotImplementedError

    def new_state(self) -> StateT:
        """An empty accumulator for :meth:`absorb`."""
        raise NotImplementedError

    def absorb(self, state: StateT, observation: ObservationT, ref: DocRef, source: str) -> None:
        """Add one document's observation to ``state``.

        ``source`` groups documents by origin: the document's host, else the
        folder (single-document files) or the file (container files) it came from.
        """
        raise NotImplementedError

    def finalize(self, state: StateT) -> SummaryT:
        """The read-only, picklable summary handed to :meth:`check_corpus` (by default the state itself)."""
        return cast(SummaryT, state)

    def check_corpus(self, doc: Document, summary: SummaryT, source: str) -> Iterable[Hit]:
        """Yield hits for ``doc`` given the corpus summary."""
        raise NotImplementedError

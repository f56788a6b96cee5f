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

import inspect
import re
from dataclasses import dataclass
from typing import ClassVar, Iterable

from pydantic import BaseModel, ConfigDict

from .model import Document, Hit, Severity

CODE_RE = re.compile(r"^[A-Z]{1,5}[0-9]{3,4}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# The sections every rule's docstring must have (checked by the test suite and
# by `newslint rule CODE`).
DOC_SECTIONS = ("Why is this bad?", "Example", "Use instead", "Options")


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class RuleOptions(BaseModel):
    """Base class for a rule's options: strict, immutable, kebab-case keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=_kebab, populate_by_name=True)


@dataclass(frozen=True)
class RunContext:
    """Run-wide, read-only data some rules need besides their own options.

    ``rule_packs``: extra phrase-pack files or folders (``extend-rule-packs``);
    ``knowledge_base``: extra knowledge-base files (``knowledge-base``) and
    whether they replace the bundled one (``knowledge-base-mode``). Paths are
    absolute. Rules read these files when they are constructed, never in
    ``check``.
    """

    rule_packs: tuple[str, ...] = ()
    knowledge_base: tuple[str, ...] = ()
    knowledge_base_mode: str = "extend"


class Rule:
    """Base class for a per-document rule.

    Subclasses set ``code`` (``NL201``), ``name`` (kebab-case, reads as
    "allow <name>"), optionally ``default_severity`` and ``Options``, write a
    docstring with the sections in :data:`DOC_SECTIONS`, and implement
    :meth:`check`.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    default_severity: ClassVar[Severity] = Severity.WARNING
    Options: ClassVar[type[RuleOptions]] = RuleOptions
    # Code prefixes this rule defers to: its hits on a line that already has a
    # finding from one of them are dropped (one defect, one report).
    defers_to: ClassVar[tuple[str, ...]] = ()

    def __init__(self, options: RuleOptions | None = None, context: RunContext | None = None) -> None:
        self.options = options if options is not None else self.Options()
        self.context = context if context is not None else RunContext()

    def check(self, doc: Document) -> Iterable[Hit]:
        """Yield a :class:`Hit` for every problem in ``doc``."""
        raise NotImplementedError

    # -- documentation ----------------------------------------------------
    @classmethod
    def documentation(cls) -> str:
        """The rule's docstring, dedented: what ``newslint rule CODE`` prints."""
        return inspect.cleandoc(cls.__doc__ or "")

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


def rule_label(rule: type[Rule]) -> str:
    """``NL201 (error-page-text)``: how messages about a rule name it."""
    return f"{rule.code} ({rule.name})"


@dataclass(frozen=True)
class DocRef:
    """Where a document is, as corpus-wide rules name it ("duplicate of ...")."""

    path: str
    record: int | None
    doc_id: str | None

    def __str__(self) -> str:
        where = self.path if self.record is None else f"{self.path}:record {self.record}"
        return f"{where} (id {self.doc_id})" if self.doc_id else where


class CorpusRule(Rule):
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

    def observe(self, doc: Document) -> object:
        """A small, picklable observation of ``doc`` (hashes, counts)."""
        raise NotImplementedError

    def new_state(self) -> object:
        """An empty accumulator for :meth:`absorb`."""
        raise NotImplementedError

    def absorb(self, state: object, observation: object, ref: DocRef, source: str) -> None:
        """Add one document's observation to ``state``.

        ``source`` groups documents by origin: the document's host, else the
        folder (single-document files) or the file (container files) it came from.
        """
        raise NotImplementedError

    def finalize(self, state: object) -> object:
        """The read-only, picklable summary handed to :meth:`check_corpus`."""
        return state

    def check_corpus(self, doc: Document, summary: object, source: str) -> Iterable[Hit]:
        """Yield hits for ``doc`` given the corpus summary."""
        raise NotImplementedError

"""The NL5xx rules: which verdict of the shared analysis (:mod:`.verdicts`) each code reports."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any, TypeVar

from pydantic import Field

from newslint import AnalysisFamily, Document, Hit, Rule, RuleOptions, RunContext, Severity

from .kb import KnowledgeBase
from .kbindex import indexed_knowledge_base
from .store import DATA_KIND, load_knowledge_base
from .verdicts import (
    Analysis,
    Settings,
    Verdict,
    analyse,
    conflicts,
    out_of_term,
    past_people,
    wrong_country,
    wrong_role,
)


class EntityOptions(RuleOptions):
    """Options shared by the NL5xx rules."""

    fuzzy_cutoff: int = Field(92, ge=80, le=100)
    grace_days: int = Field(31, ge=0, le=3660)


class WrongRoleOptions(EntityOptions):
    """NL502's options: also whether undated documents are judged."""

    judge_undated: bool = True


OptionsT = TypeVar("OptionsT", bound=EntityOptions)


def _analyse(doc: Document, params: tuple[KnowledgeBase, Settings]) -> Analysis:
    kb, settings = params
    return analyse(kb, doc, settings)


# Keyed by the knowledge base object (one per process and file list) and the options.
ENTITIES: AnalysisFamily[tuple[KnowledgeBase, Settings], Analysis] = AnalysisFamily(
    "newslint.entities.analysis", _analyse
)


def _load(context: RunContext) -> KnowledgeBase:
    """The knowledge base of a run: the bundled one extended (or replaced) by the configured files."""
    replace, files = context.replaces_bundled(DATA_KIND), context.data_files(DATA_KIND)
    # The bundled base alone is read from its on-disk index (people and terms only when a mention needs them).
    indexed = None if replace or files else indexed_knowledge_base()
    return indexed or load_knowledge_base(files, "replace" if replace else "extend")


class _EntityRule(Rule[OptionsT]):
    """Loads the knowledge base once per process and runs one verdict per mention."""

    Options = EntityOptions
    default_severity = Severity.WARNING

    def __init__(self, options: RuleOptions | None = None, context: RunContext | None = None) -> None:
        super().__init__(options, context)
        self.settings = Settings(float(self.options.fuzzy_cutoff), int(self.options.grace_days))
        if self.context.data_files(DATA_KIND) or self.context.replaces_bundled(DATA_KIND):
            # The user's files are read now: a broken one is a configuration error, not a finding per document.
            _ = self.kb

    @cached_property
    def kb(self) -> KnowledgeBase:
        # Loaded on the first document, not at start-up (a run may never check one), and
        # cached per process by its file list, so the four NL5 rules share one base.
        return _load(self.context)

    def __getstate__(self) -> dict[str, Any]:
        # Sent to a spawned worker without the data (9 MB pickled): it reloads it, once per process.
        state = self.__dict__.copy()
        state.pop("kb", None)
        return state

    def check(self, doc: Document) -> Iterable[Hit]:
        # The four NL5 rules share one analysis per document (and per knowledge base and options).
        analysis = doc.analysis(ENTITIES.bind((self.kb, self.settings)))
        for verdict in self.verdicts(analysis):
            yield Hit(verdict.message, verdict.start, verdict.end)

    def verdicts(self, analysis: Analysis) -> Iterable[Verdict]:
        raise NotImplementedError


class WrongCountryRole(_EntityRule[EntityOptions]):
    """A known office holder is given a country they never held any office for.

    Why is this bad?
        "Russian Foreign Affairs Minister Laurent Fabius" states a fact that is
        false: Fabius was France's foreign minister and never held an office of
        Russia. Rewriting, translation and template filling produce such
        swaps, and a model trained on them learns them. The finding quotes the
        knowledge base's evidence: the office, country, term dates and the
        source (Wikidata QID).

    Example:
        ``Earlier Russian Foreign Affairs Minister Laurent Fabius told France Inter radio.``

    Use instead:
        ``Earlier French Foreign Affairs Minister Laurent Fabius told France Inter radio.``

    Options:
        ``fuzzy-cutoff`` (int, default 92): the rapidfuzz ratio a spelling
        variant of a known name needs to be resolved to that person (exact
        keys already cover case, accents and transliterations such as
        Sergei/Sergey). ``grace-days`` (int, default 31): tolerance around
        term dates. Extra or replacement knowledge-base files come from the
        top-level ``knowledge-base`` and ``knowledge-base-mode`` settings.
    """

    code = "NL501"
    name = "wrong-country-for-office-holder"

    def verdicts(self, analysis: Analysis) -> Iterable[Verdict]:
        for resolved in analysis.resolved:
            verdict = wrong_country(self.kb, resolved, analysis.doc.text)
            if verdict is not None:
                yield verdict


class WrongRoleForCountry(_EntityRule[WrongRoleOptions]):
    """A known office holder of a country is given a role they never held there.

    Why is this bad?
        "French Defence Minister Laurent Fabius": Fabius held offices of
        France, but never the defence ministry. Only roles the knowledge base
        records for that country are judged (head of state and government,
        foreign, defence, finance and interior ministers, chiefs of the general
        staff); "Deputy", "Vice", "acting", "incoming" and past roles
        ("former", "then-", "late") are never judged, nor a role that is
        played ("Acting as the U.S. President, ..."): the base rarely knows a
        whole career, and a person it lacks in an office is unknown there,
        not wrong ("former French prime minister Michel Rocard"). A dated document is only judged when the knowledge base
        knows who held the office on that date; an undated one only when its
        list of holders has no gap longer than 90 days while the person was
        active in that country (the gap could hide the person's own missing
        row, as Netanyahu's defence portfolio in 2018-2019).

    Example:
        ``French Defence Minister Laurent Fabius arrived in Moscow.``

    Use instead:
        ``French Foreign Minister Laurent Fabius arrived in Moscow.``

    Options:
        ``fuzzy-cutoff`` (int, default 92) and ``grace-days`` (int, default
        31), as for NL501. Documents dated after the knowledge base's data
        were taken (January 2023 for the bundled base) are not judged: the
        person may have been appointed since. ``judge-undated`` (bool,
        default true): set it to false for corpora written after that date
        whose documents carry no date, for the same reason.
    """

    code = "NL502"
    name = "wrong-role-for-office-holder"
    Options = WrongRoleOptions

    def verdicts(self, analysis: Analysis) -> Iterable[Verdict]:
        if not analysis.resolved or (analysis.date is None and not self.options.judge_undated):
            return
        for resolved in analysis.resolved:
            verdict = wrong_role(self.kb, resolved, analysis.doc.text, analysis.date, self.settings.grace_days)
            if verdict is not None:
                yield verdict


class OutOfTermRole(_EntityRule[EntityOptions]):
    """A person is given a role they did not hold on the document's date.

    Why is this bad?
        "US President Barack Obama" in a text dated 2019 calls someone president
        two years after the term ended; it usually means a stale template, a
        wrong date in the metadata, or an old article re-dated by the
        scraper. The rule needs a trustworthy date: the metadata date unless
        it is a placeholder (1 January, the epoch, before 1994) or the text
        contradicts it (its own publication stamp lies more than 31 days away,
        or most of its years lie after it: see NL601), else the text's own
        stamp ("PARIS, Nov. 19, 2015 (AFP) -", "Posted on ..."); without one
        there is no verdict. Retrospective use is not judged: mentions
        qualified by "former", "then-", "ex-", "late", "acting" or "incoming";
        sentences or paragraphs that name another year, frame a career
        ("during his presidency", "at the time") or narrate the term ("after
        the fall of President ...", "when President X vetoed ..."); people the
        document calls "former" elsewhere or whose "years" or "era" it
        discusses; tag lines and headings. Names keep their regnal numbers
        ("King Charles II" is not Charles III), and a name written without the
        middle initials of the person it matched ("George Bush" for George W.
        Bush) gets no time verdict.

    Example:
        ``US President Barack Obama spoke on Tuesday.`` with ``date = "2019-11-19"``

    Use instead:
        ``Former US President Barack Obama spoke on Tuesday.``

    Options:
        ``grace-days`` (int, default 31): how far outside a term a date may
        lie before it counts (publication lags, coarse term dates).
        ``fuzzy-cutoff`` (int, default 92), as for NL501.
    """

    code = "NL503"
    name = "role-outside-term"

    def verdicts(self, analysis: Analysis) -> Iterable[Verdict]:
        if not analysis.resolved or analysis.date is None:
            return
        past = past_people(self.kb, analysis.resolved, analysis.doc.text)
        for resolved in analysis.resolved:
            verdict = out_of_term(self.kb, resolved, analysis.doc.text, analysis.date, self.settings.grace_days, past)
            if verdict is not None:
                yield verdict


class InconsistentRoles(_EntityRule[EntityOptions]):
    """One document gives the same person two countries or two roles never held at once.

    Why is this bad?
        "Prime Minister Vladimir Putin" in one paragraph and "President
        Vladimir Putin" in the next cannot both be right on the same day;
        one of them was changed or copied from another text. Pairs the
        knowledge base shows held at the same time (President of France and
        Co-Prince of Andorra) are fine, a mention that NL501, NL502 or NL503
        already explains is not reported again, and mentions in retrospective
        sentences, tag lines or headings are left out.

    Example:
        ``Prime Minister Vladimir Putin met ... Later, President Vladimir Putin said ...``

    Use instead:
        The same, correct role in both places.

    Options:
        ``grace-days`` (int, default 31): how much two terms may miss each
        other and still count as held at once. ``fuzzy-cutoff`` (int,
        default 92), as for NL501.
    """

    code = "NL504"
    name = "inconsistent-roles-in-document"

    def verdicts(self, analysis: Analysis) -> Iterable[Verdict]:
        if len(analysis.resolved) < 2:
            return ()
        return conflicts(analysis)

"""Per-document analyses (``newslint.Analysis``): declared once, computed once per document, typed."""

from __future__ import annotations

import pickle
import re
from collections import Counter
from collections.abc import Iterable

import pytest

import newslint
from newslint import Analysis, AnalysisFamily, Document, Hit, Rule, RuleOptions
from newslint.app import rule_linter
from newslint.packs import matcher
from newslint.rules.error_pages import analysis as error_analysis
from newslint.rules.error_pages.rules import ErrorPageDocument, ErrorPageFragment
from newslint.rules.truncation import ending
from newslint.rules.truncation.rules import CutMarkerEnding, MidSentenceEnding, PaywallStub, UnclosedQuoteEnding

from .conftest import ROOT

CALLS: list[str] = []


def _long_lines(doc: Document) -> tuple[int, ...]:
    CALLS.append(doc.text)
    return tuple(line.number for line in doc.lines if len(line.text) > 20)


LONG_LINES: Analysis[tuple[int, ...]] = Analysis("tests.long-lines", _long_lines)


def _lines_over(doc: Document, limit: int) -> tuple[int, ...]:
    CALLS.append(f"{limit}:{doc.text}")
    return tuple(line.number for line in doc.lines if len(line.text) > limit)


LINES_OVER: AnalysisFamily[int, tuple[int, ...]] = AnalysisFamily("tests.lines-over", _lines_over)


class _LongLineRule(Rule[RuleOptions]):
    """Base of two test rules that share one analysis."""

    def check(self, doc: Document) -> Iterable[Hit]:
        for number in doc.analysis(LONG_LINES):
            yield Hit.on_line(doc, number, f"{self.name}: long line")


class FirstLongLine(_LongLineRule):
    """A long line (first rule).

    Why is this bad?
        It is long.

    Example:
        ``a line of more than twenty characters``

    Use instead:
        A short line.

    Options:
        None.
    """

    code = "TST901"
    name = "first-long-line"


class SecondLongLine(_LongLineRule):
    __doc__ = (FirstLongLine.__doc__ or "").replace("(first rule)", "(second rule)")

    code = "TST902"
    name = "second-long-line"


@pytest.fixture(autouse=True)
def _clear_calls() -> None:
    CALLS.clear()


def test_one_analysis_shared_by_two_rules_is_computed_once_per_document() -> None:
    linter = rule_linter([FirstLongLine, SecondLongLine])
    first = Document(text="short\na line of more than twenty characters")
    second = Document(text="another line of more than twenty characters\nshort")
    found = [*linter.lint_document(first), *linter.lint_document(second)]
    assert sorted((f.code, f.line) for f in found) == [("TST901", 1), ("TST901", 2), ("TST902", 1), ("TST902", 2)]
    # Once per document for the two rules; the second document computes its own.
    assert [first.text, second.text] == CALLS


def test_a_new_document_recomputes_and_an_analysis_dies_with_its_document() -> None:
    doc = Document(text="a line of more than twenty characters")
    assert doc.analysis(LONG_LINES) == (1,)
    assert doc.analysis(LONG_LINES) == (1,)
    same_text = Document(text=doc.text)
    assert same_text.analysis(LONG_LINES) == (1,)
    assert [doc.text, doc.text] == CALLS


def test_parameterised_analyses_are_separate_per_parameters_and_shared_for_equal_ones() -> None:
    doc = Document(text="twelve chars\nfive")
    assert doc.analysis(LINES_OVER.bind(3)) == (1, 2)
    assert doc.analysis(LINES_OVER.bind(10)) == (1,)
    assert doc.analysis(LINES_OVER.bind(3)) == (1, 2)  # a new binding of equal parameters: the cached value
    assert [f"3:{doc.text}", f"10:{doc.text}"] == CALLS


def test_an_explicit_key_names_the_parameters_in_the_cache() -> None:
    doc = Document(text="twelve chars\nfive")
    assert doc.analysis(LINES_OVER.bind(3, key="small")) == (1, 2)
    assert doc.analysis(LINES_OVER.bind(3, key="small")) == (1, 2)
    assert doc.analysis(LINES_OVER.bind(3)) == (1, 2)  # another key: another entry
    assert [f"3:{doc.text}", f"3:{doc.text}"] == CALLS


def test_memo_is_the_untyped_form_of_analysis_on_the_same_cache() -> None:
    doc = Document(text="a line of more than twenty characters")
    assert doc.memo("tests.long-lines", _long_lines) == (1,)
    assert doc.analysis(LONG_LINES) == (1,)
    assert [doc.text] == CALLS


def test_a_bound_analysis_pickles_with_the_rule_that_holds_it() -> None:
    bound = LINES_OVER.bind(3)
    copy = pickle.loads(pickle.dumps(bound))
    assert copy.key == bound.key == ("tests.lines-over", 3)
    assert Document(text="four\nab").analysis(copy) == (1,)


def test_the_article_ending_is_computed_once_for_the_four_truncation_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    counted: Counter[str] = Counter()
    find = ending.ENDING.factory

    def counting(doc: Document) -> ending.Ending:
        counted[doc.text] += 1
        return find(doc)

    monkeypatch.setattr(ending.ENDING, "factory", counting)
    linter = rule_linter([MidSentenceEnding, CutMarkerEnding, PaywallStub, UnclosedQuoteEnding])
    texts = [
        "The council met on Tuesday.\n\nThe mayor said the budget would be cut by",
        "The council met on Tuesday.\n\nSubscribe to continue reading",
    ]
    found = [f.code for text in texts for f in linter.lint_document(Document(text=text))]
    assert found, "the texts end mid-sentence and in a stub: the rules must report them"
    assert counted == Counter({text: 1 for text in texts})


def test_the_error_page_analysis_is_computed_once_for_nl201_and_the_fragment_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    analyse = error_analysis.ErrorScanner.analyse

    def counting(self: error_analysis.ErrorScanner, doc: Document) -> error_analysis.ErrorAnalysis:
        calls.append(doc.text)
        return analyse(self, doc)

    monkeypatch.setattr(error_analysis.ErrorScanner, "analyse", counting)
    prose = "The council met on Tuesday to discuss the budget for the coming year and the new school. " * 3
    doc = Document(text=f"{prose}\n\nPage not found\n")
    found = rule_linter([ErrorPageDocument, ErrorPageFragment]).lint_document(doc)
    assert [f.code for f in found] == ["NL202"]
    assert calls == [doc.text]


def test_every_scanner_scans_a_document_once_in_a_default_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scanner hits are shared: the NL1xx chrome lines, a cookie banner's notices, NL2's analysis ask once."""
    scans: Counter[tuple[int, str]] = Counter()
    candidates = matcher.Scanner._candidates

    def counting(self: matcher.Scanner, doc: Document) -> dict[int, set[int]]:
        scans[id(self), doc.text] += 1
        return candidates(self, doc)

    monkeypatch.setattr(matcher.Scanner, "_candidates", counting)
    text = (ROOT / "seeds" / "000_8909fccca8fb692d.txt").read_text(encoding="utf-8")
    cookie = "We use cookies to improve your experience on our site.\nAccept\n"
    found = list(newslint.lint([text, cookie + text], isolated=True))
    assert {f.code for f in found} >= {"NL101", "NL104", "NL202"}
    assert scans and max(scans.values()) == 1


def test_call_sites_need_no_cast() -> None:
    """``doc.analysis(X)`` is typed by X: no call site casts its value (mypy checks the rest)."""
    sites = [
        (f"{path.relative_to(ROOT)}:{number}", line)
        for path in sorted((ROOT / "src" / "newslint").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "doc.analysis(" in line
    ]
    assert len(sites) >= 10  # the built-in analyses are asked for this way
    assert [where for where, line in sites if re.search(r"\bcast\(|type:\s*ignore", line)] == []

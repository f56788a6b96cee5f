"""The NL1 line classifier (rules/boilerplate/lines): weights, scores, messages and the confidence key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint import Document, check_text
from newslint.rules.boilerplate.lines.categories import (
    DEBRIS,
    PAGE_LINES,
    PAGINATION_CHARS,
    RELATED,
    TABLE,
    _pagination,
    categories,
    debris,
    may_have_table_lines,
    page_shape,
)
from newslint.rules.boilerplate.lines.classifier import SMOOTHING_NAMES, Trees, line_scores, weights
from newslint.rules.boilerplate.lines.features import NAMES, document_features

ARTICLE = (
    "Officials said on Tuesday that the new bridge would open next spring after years of delays and rising "
    "costs. The project, which spans the river at its widest point, was first proposed in 2009.\n\n"
    "Engineers completed the final load tests last week, according to a statement released by the ministry.\n\n"
)
CHROME = "| Home \\| News \\| Articles \\| Forum |\n| Legal \\| Contact Us \\| Email this Page |\n"


def test_weights_match_the_features():
    w = weights()
    assert len(w.stage2) == len(SMOOTHING_NAMES) and w.trees.depth >= 1
    assert max(w.trees.feature) < len(NAMES)  # every split names a feature of NAMES
    assert 0 < w.threshold < 1 and w.thresholds and all(0 < t < 1 for t in w.thresholds.values())
    assert w.vocabulary and all(isinstance(v, float) for v in w.vocabulary.values())


def test_tree_walk_goes_left_on_less_or_equal_and_sums_the_leaves():
    # Two hand-made trees: tree 0 splits feature 1 at 0.5 (left leaf +1, right leaf -1), tree 1 is a
    # single leaf (+0.25). The walk must follow scikit-learn's rule (x <= threshold goes left).
    trees = Trees(
        {
            "base": -0.5,
            "depth": 1,
            "trees": [
                {
                    "feature": [1, 0, 0],
                    "threshold": [0.5, 0, 0],
                    "left": [1, -1, -1],
                    "right": [2, -1, -1],
                    "value": [0, 1.0, -1.0],
                },
                {"feature": [0], "threshold": [0], "left": [-1], "right": [-1], "value": [0.25]},
            ],
        }
    )
    assert trees.logits([[9.0, 0.5], [9.0, 0.51], [0.0, -3.0]]) == [0.75, -1.25, 0.75]


def test_features_cover_content_lines_only():
    doc = Document(text=ARTICLE + "----\n\n" + CHROME)
    numbers, vectors, shapes = document_features(doc, weights().vocabulary)
    assert numbers == [1, 3, 7, 8]  # blank lines and the rule "----" are not scored
    assert all(len(v) == len(NAMES) for v in vectors) and [s.number for s in shapes] == numbers


def test_scores_are_deterministic_and_rank_chrome_above_prose():
    text = ARTICLE + CHROME
    first = {n: s.score for n, s in line_scores(Document(text=text)).items()}
    assert first == {n: s.score for n, s in line_scores(Document(text=text)).items()}
    assert all(0.0 <= s <= 1.0 for s in first.values())
    assert min(first[5], first[6]) > max(first[1], first[3])


def test_scores_do_not_depend_on_the_hash_seed():
    """A line's lexical mean sums the log-odds of a set of words: the set's order (the hash seed's) must
    not move a score, or two runs of one corpus could report different lines."""
    menu = "Home News Sport Business Opinion Culture Weather Contact Privacy Terms Comments Share Print\n"
    program = (
        "import sys\n"
        "from newslint import Document\n"
        "from newslint.rules.boilerplate.lines.features import document_features\n"
        "from newslint.rules.boilerplate.lines.classifier import weights\n"
        "print(repr(document_features(Document(text=sys.stdin.read()), weights().vocabulary)[1]))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        run = subprocess.run(
            [sys.executable, "-c", program],
            input=ARTICLE + menu * 3 + CHROME,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_page_shape_counts_short_lines():
    paragraph = ARTICLE.split("\n")[0] + "\n"
    menu = "".join(f"Section {k}\n" for k in range(12))
    page = page_shape(Document(text=paragraph * 12 + menu))
    assert (page.content_lines, page.short_lines, page.reads_as_page) == (24, 12, True)
    # Too few lines: an extracted article with a short footer.
    assert not page_shape(Document(text=paragraph * 4 + menu[: menu.index("Section 8")])).reads_as_page
    # Many lines, few short: a long article.
    assert not page_shape(Document(text=paragraph * (PAGE_LINES + 5) + "Share\nPrint\n")).reads_as_page


def test_categories_by_shape():
    doc = Document(text=ARTICLE + CHROME + "</div>\n")
    cats = categories(doc)
    assert cats[5].kind == cats[6].kind == TABLE and cats[7].kind == DEBRIS
    headlines = "Bridge Opening Delayed Again Amid Cost Concerns\nCouncil Votes To Expand City Bus Routes\n"
    cats = categories(Document(text=ARTICLE + headlines + "Local School Wins National Robotics Title\n"))
    assert {cats[n].kind for n in (5, 6, 7)} == {RELATED}


def test_debris_patterns_and_near_misses():
    assert debris("<script src='x.js'></script>") == "stray markup"
    assert debris("Tom &amp; Jerry") == "undecoded HTML entity"
    assert debris("Posted in {{ category }}") == "template variable"
    assert debris("AT&T and R&D") is None and debris("<The Palace: Jang Noksu>") is None


def test_finding_says_why_and_carries_its_score(tmp_path: Path):
    config = tmp_path / "newslint.toml"
    config.write_text("[rules.NL111]\nthreshold = 0.5\n", encoding="utf-8")
    findings = [f for f in check_text(ARTICLE + CHROME, select=["NL111"], config=str(config)) if f.code == "NL111"]
    assert [f.line for f in findings] == [5, 6]
    assert all(f.confidence is not None and 0.5 <= f.confidence <= 1 for f in findings)
    assert "score 0." in findings[0].message and "at the end of the text" in findings[0].message
    assert findings[0].to_dict()["confidence"] == round(findings[0].confidence, 3)


_PAGE_TOKENS = [
    "1",
    "2",
    "12",
    "999",
    "²",
    "٣",
    "next",
    "NEXT",
    "Prev",
    "previous",
    "Older",
    "newer",
    "first",
    "LAST",
    "Page",
]
_SEPARATORS = [" ", " | ", " - ", " » ", "\t", " / ", "_", " … ", " « "]


@given(
    st.lists(st.sampled_from(_PAGE_TOKENS), min_size=1, max_size=9),
    st.lists(st.sampled_from(_SEPARATORS), min_size=9, max_size=9),
    st.sampled_from(["", "« ", "[ ", "  "]),
    st.sampled_from(["", " »", " ]", "."]),
    st.sampled_from(["", "The council met on Tuesday.\n", "Prose line one.\nAnd prose line two.\n"]),
)
@settings(max_examples=300, deadline=None)
def test_the_table_prefilter_lets_every_page_number_line_through(tokens, separators, head, tail, before):
    # NL111 skips texts that may_have_table_lines rules out; it must never rule out a line that
    # _pagination would call page numbers (or a table row), whatever the tokens and separators.
    line = head + "".join(t + s for t, s in zip(tokens, separators)).rstrip() + tail
    doc = Document(text=before + line + "\nAfter the line.")
    if "|" in line or (len(line) <= PAGINATION_CHARS and _pagination(line)):
        assert may_have_table_lines(doc)


def test_the_table_prefilter_rules_out_plain_prose():
    doc = Document(text="The council approved the budget on Tuesday.\nOfficials said the vote was close.")
    assert not may_have_table_lines(doc)


@given(
    st.lists(
        st.lists(st.floats(-5, 5, allow_nan=False), min_size=len(NAMES), max_size=len(NAMES)), min_size=1, max_size=90
    )
)
@settings(max_examples=60, deadline=None)
def test_the_plain_python_and_numpy_walks_give_the_same_logits(vectors):
    # Short texts are scored in plain Python, long ones with numpy: a text's findings must not depend on
    # which walk its length chose, to the last bit.
    trees = weights().trees
    many = vectors * (trees.PYTHON_LINES // len(vectors) + 1)  # past the plain-Python limit: numpy
    assert len(many) > trees.PYTHON_LINES
    assert trees.logits(many)[: len(vectors)] == [trees.logits([v])[0] for v in vectors]

"""The near-duplicate search of NL301/NL303 is not all-pairs (a structural check, not a timing).

``analyse`` counts its rapidfuzz comparisons. Lines are only compared when they
share their first or last four words with an earlier line, and each such
bucket keeps four lines, so a document costs at most eight comparisons per
line, whatever its content.
"""

import random

from newslint import Document
from newslint.rules.duplication.analysis import analyse

LINES = 300
ALL_PAIRS = LINES * (LINES - 1) // 2


def _doc(lines: list[str]) -> Document:
    return Document(text="\n\n".join(lines))


def test_adversarial_document_is_linear():
    # Every line starts and ends with the same four words: the worst case for the buckets.
    lines = [
        f"The company said on Tuesday that item {i} of the plan {i * 7919 % 1000} would go ahead as planned by the board"
        for i in range(LINES)
    ]
    result = analyse(_doc(lines))
    assert 0 < result.comparisons <= 8 * LINES
    assert result.comparisons < ALL_PAIRS // 20


def test_template_lines_are_compared_but_not_repeats():
    # Lines that differ only in their numbers (scores, list items) share their first and last words.
    lines = [
        f"Heritage (1-{i}): Armani Sheffield {i} points and {i % 7} steals, Kelli Howard {i % 5} steals."
        for i in range(LINES)
    ]
    result = analyse(_doc(lines))
    assert result.repeats == {}
    assert result.comparisons <= 8 * LINES


def test_ordinary_document_needs_no_comparison():
    result = analyse(_doc(_prose(LINES)))
    assert result.repeats == {}
    assert result.comparisons == 0


def _prose(count: int) -> list[str]:
    """Distinct sentences that share no first or last words (so no line is a candidate of another)."""
    rng = random.Random(4)
    words = [
        f"{a}{b}" for a in ("lo", "ka", "mi", "su", "te", "ra", "no", "vi") for b in ("ren", "tas", "gol", "mip", "dun")
    ]
    return [" ".join(rng.choice(words) for _ in range(14)) + "." for _ in range(count)]


def test_exact_repeats_cost_no_comparison():
    lines = _prose(LINES // 2)
    doc = _doc(lines + lines)
    result = analyse(doc)
    assert result.comparisons == 0
    assert len(result.repeats) == LINES // 2
    assert len(result.blocks) == 1  # the body twice is one block, reported once


def test_near_duplicate_found_among_many_candidates():
    lines = [
        f"The company said on Tuesday that item {i} of the plan would go ahead as planned by the board"
        for i in range(LINES)
    ]
    caption = "Russian President Vladimir Putin has publicly acknowledged that IS bombed a Russian airliner"
    doc = _doc(lines[:150] + [caption] + lines[150:] + [caption + " Reuters/Philippe Wojazer"])
    result = analyse(doc)
    (repeat,) = [r for r in result.captions]
    assert doc.lines[repeat.first - 1].text == caption
    assert repeat.line == len(doc.lines)
    assert result.comparisons <= 8 * (LINES + 2)

"""An article's own metadata lines: a byline naming people, a labelled date, a bare date."""

from __future__ import annotations

import pytest

from newslint.text.bylines import is_article_metadata, opens_with_byline
from newslint.text.timestamps import is_timestamp


@pytest.mark.parametrize(
    "line",
    [
        "By DAN BILEFSKY",
        "By The Associated Press",
        "Written by: Jane Doe and John Roe",
        "Published: July 23, 2012",
        "Posted on May 5, 2012",
        "Last updated: 2012-08-09 13:26",
    ],
)
def test_bylines_and_labelled_dates_are_article_metadata(line):
    assert is_article_metadata(line)


@pytest.mark.parametrize(
    "line",
    [
        "By topic",  # a menu's sorting link
        "By Category",
        "Published",  # a label with no date
        "Published: the city council's report on the bridge",
        "Bylines are hard to write",
    ],
)
def test_menu_links_and_sentences_are_not(line):
    assert not is_article_metadata(line)


def test_a_bare_date_is_a_timestamp_not_a_labelled_one():
    assert is_timestamp("Thursday, May 26, 2005")
    assert not is_article_metadata("Thursday, May 26, 2005")


def test_the_byline_label_vocabulary_is_one_for_every_rule():
    # NL107's exemption of a story's byline with its time, over the labels NL150 keeps.
    for text in ("By Jane Doe — July 19, 2012, 6:12 pm", "Posted by Becky", "Additional reporting by Jo Roe"):
        assert opens_with_byline(text)
    assert not opens_with_byline("Bystanders said the bridge shook")

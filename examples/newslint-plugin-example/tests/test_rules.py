"""Direct tests of the example rules with newslint.testing: one text, one rule, exact findings."""

from __future__ import annotations

import pytest
from newslint_example.metadata import PublicationDate, SourceHostMismatch, parse_iso
from newslint_example.trailer import WireTrailer

from newslint import Severity
from newslint.testing import ConfigError, assert_findings, lint_text, positions

STORY = "LOS ANGELES (AP) — LeBron James had a triple-double.\n\nLakers: Visit the Thunder on Friday."
TRAILER = "___\n\nMore AP NBA: https://apnews.com/NBA and https://twitter.com/AP_Sports"


# -- EXM101 ----------------------------------------------------------------------
def test_trailer_and_its_separator_are_reported_with_fixes():
    findings = lint_text(WireTrailer, f"{STORY}\n\n{TRAILER}")
    assert_findings(findings, [(5, 1, "EXM101", "separator"), (7, 1, "EXM101", "'More AP NBA: https://apnews.com/NBA")])
    assert all(f.severity is Severity.WARNING for f in findings)
    # The fix deletes the line with its line break (the last line has none).
    assert findings[0].fix == {
        "description": "Delete the separator",
        "replacement": "",
        "start": {"line": 5, "column": 1},
        "end": {"line": 6, "column": 1},
        "applicability": "unsafe",
        "kind": "edit",
    }
    assert findings[1].fix["end"] == {"line": 7, "column": 70}


def test_a_separator_between_sections_is_not_a_trailer():
    text = (
        "(AP) — The Latest on the debate.\n___\n9:40 p.m.\nThe candidates took the stage.\n___\n9:50 p.m.\nMore later."
    )
    assert lint_text(WireTrailer, text) == []


def test_more_ap_in_the_middle_of_a_long_story_is_left_alone():
    body = "\n".join(f"Paragraph {n} of the story." for n in range(10))
    text = f"More AP reporters were sent to the scene.\n{body}"
    assert lint_text(WireTrailer, text) == []
    # ...but a wider tail reaches it.
    assert positions(lint_text(WireTrailer, text, {"tail-lines": 20})) == [(1, 1, "EXM101")]


def test_typographic_apostrophe_and_custom_prefixes():
    text = f"{STORY}\n\nFollow AP’s full coverage of Brexit at https://www.apnews.com/Brexit"
    assert positions(lint_text(WireTrailer, text)) == [(5, 1, "EXM101")]
    reuters = "The deal closed on Monday.\n(Reporting by Will Dunham; Editing by Tom Brown)"
    assert lint_text(WireTrailer, reuters) == []
    assert positions(lint_text(WireTrailer, reuters, {"prefixes": ["(Reporting by "]})) == [(2, 1, "EXM101")]


def test_separator_option_off():
    assert positions(lint_text(WireTrailer, f"{STORY}\n\n{TRAILER}", {"separator": False})) == [(7, 1, "EXM101")]


def test_unknown_option_is_a_configuration_error_with_a_suggestion():
    with pytest.raises(ConfigError, match="unknown option 'tail-line'.*did you mean 'tail-lines'"):
        lint_text(WireTrailer, STORY, {"tail-line": 3})


# -- EXM201 ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "value", ["2019-11-19", "2019-11-19T17:05:00Z", "2019-11-19 17:05:00", "2019-11-19T17:05:00.123+01:00"]
)
def test_iso_dates_pass(value):
    assert lint_text(PublicationDate, "Text.", date=value) == []


@pytest.mark.parametrize(
    "value, message",
    [
        (None, "Publication date is missing"),
        ("   ", "Publication date is missing"),
        ("19/11/2019", "'19/11/2019' is not an ISO 8601 date"),
        ("2019-02-30", "'2019-02-30' is not an ISO 8601 date"),
        ("2019-11-19T25:00", "is not an ISO 8601 date"),
        ("1970-01-01T00:00:00Z", "'1970-01-01T00:00:00Z' is a placeholder"),
    ],
)
def test_bad_dates_are_whole_document_findings(value, message):
    findings = lint_text(PublicationDate, "Text.", date=value)
    assert_findings(findings, [(0, 0, "EXM201", message)])


def test_date_options():
    assert lint_text(PublicationDate, "Text.", {"required": False}) == []
    assert lint_text(PublicationDate, "Text.", {"formats": ["%d.%m.%Y"]}, date="19.11.2019") == []
    assert positions(lint_text(PublicationDate, "Text.", {"formats": ["%d.%m.%Y"]}, date="19/11/2019")) == [
        (0, 0, "EXM201")
    ]
    assert lint_text(PublicationDate, "Text.", {"placeholders": []}, date="1970-01-01") == []


def test_parse_iso_returns_the_calendar_date():
    assert str(parse_iso("2019-11-19T17:05:00+01:00")) == "2019-11-19"
    assert parse_iso("2019-11-19T17:05:60Z") is not None  # a leap second
    assert parse_iso("Nov 19, 2019") is None


# -- EXM202 ----------------------------------------------------------------------
def test_url_elsewhere_than_the_declared_source():
    findings = lint_text(
        SourceHostMismatch,
        "Before you continue to Google",
        url="https://consent.google.com/ml?continue=x",
        extra={"source": "theguardian.com"},
    )
    assert_findings(
        findings,
        [(0, 0, "EXM202", "URL host 'consent.google.com' does not belong to the declared source 'theguardian.com'")],
    )


@pytest.mark.parametrize(
    "url, source",
    [
        ("https://www.theguardian.com/world/2019/nov/19/x", "theguardian.com"),
        ("https://amp.theguardian.com/world/x", "https://www.theguardian.com/"),
        ("https://apnews.com/x", "Associated Press"),  # a name without an alias is not judged
        ("https://apnews.com/x", None),  # no source field: the host comes from the URL itself
    ],
)
def test_url_that_belongs_to_its_source(url, source):
    extra = {} if source is None else {"source": source}
    assert lint_text(SourceHostMismatch, "Text.", url=url, extra=extra) == []


def test_source_from_a_host_field_and_aliases():
    # news-please style: source_domain is read into doc.host by newslint's readers.
    assert positions(lint_text(SourceHostMismatch, "Text.", url="https://www.msn.com/x", host="apnews.com")) == [
        (0, 0, "EXM202")
    ]
    options = {"aliases": {"Associated Press": ["apnews.com", "ap.org"]}}
    named = {"source": "Associated Press"}
    assert lint_text(SourceHostMismatch, "Text.", options, url="https://hosted.ap.org/x", extra=named) == []
    assert positions(lint_text(SourceHostMismatch, "Text.", options, url="https://www.msn.com/x", extra=named)) == [
        (0, 0, "EXM202")
    ]
    publisher = {"publisher": "msn.com"}
    assert (
        lint_text(
            SourceHostMismatch, "Text.", {"source-field": "publisher"}, url="https://www.msn.com/x", extra=publisher
        )
        == []
    )

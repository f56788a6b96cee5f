"""Issue 19, feature 5: a finding in text extracted from HTML names the element it came from and quotes the line."""

from __future__ import annotations

import json

import pytest

from newslint.readers.html import ElementMap

PAGE = """<html><head><title>Bridge opens</title><script>var s = "Subscribe to our newsletter";</script></head>
<body><div class="nav"><a href="#main">Home</a> | <a href="/world">World</a></div>
<article><h1>Bridge opens</h1>
<p>The mayor opened the new bridge on Monday morning after three years of construction work.</p>
<p>Officials said the bridge would carry 20,000 vehicles a day when traffic reaches its expected level.</p>
<div><p>Subscribe to our newsletter for more stories like this one.</p></div>
<p>The project cost 40 million euros, most of it paid by the regional government and the city.</p>
</article></body></html>
"""


@pytest.fixture
def page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text(
        "Subscribe to our newsletter for more stories like this one.\n", encoding="utf-8"
    )
    return tmp_path


def test_json_lines_names_the_element_and_the_message_quotes_the_line(cli, page):
    result = cli(
        "page.html", "notes.txt", "--isolated", "--select", "NL102", "--output-format", "json-lines", "-q", "-j", "1"
    )
    findings = {f["path"]: f for f in map(json.loads, result.out.splitlines())}
    html = findings["page.html"]
    assert html["element"] == "html/body/article/div/p"  # the deepest element holding the line
    assert html["message"].endswith(
        '(in html/body/article/div/p: "Subscribe to our newsletter for more stories like this one.")'
    )
    assert "element" not in findings["notes.txt"]  # not extracted from markup: the key is left out
    assert "(in " not in findings["notes.txt"]["message"]


def test_full_shows_the_element(cli, page):
    result = cli("page.html", "--isolated", "--select", "NL102", "--output-format", "full", "-j", "1")
    assert "  = element: html/body/article/div/p\n" in result.out


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "The mayor opened the new bridge on Monday morning after three years of construction work.",
            "html/body/article/p[1]",
        ),
        (
            "  Officials said the bridge would carry 20,000   vehicles a day when traffic reaches its expected level. ",
            "html/body/article/p[2]",
        ),
        ("Bridge opens", "html/body/article/h1"),  # not the <title>: <head> is never article text
        ("most of it paid by the regional government", "html/body/article/p[3]"),  # part of a paragraph
        ("Subscribe to our newsletter", "html/body/article/div/p"),  # not the <script>
        ("Nowhere in the page", None),
        ("", None),
    ],
)
def test_element_map(line, expected):
    assert ElementMap(PAGE.encode()).locate(line) == expected


def test_paths_start_at_the_nearest_element_with_a_unique_id():
    page = (
        b'<html><body><div id="main"><section><p>First paragraph of the story.</p>'
        b'<p id="dup">Second one.</p><p id="dup">Third one.</p></section></div></body></html>'
    )
    elements = ElementMap(page)
    assert elements.locate("First paragraph of the story.") == '//div[@id="main"]/section/p[1]'
    assert elements.locate("Third one.") == '//div[@id="main"]/section/p[3]'  # "dup" is not unique
    root = lxml_html().document_fromstring(page)
    [found] = root.xpath(elements.locate("First paragraph of the story."))  # a valid XPath for devtools' $x()
    assert found.text == "First paragraph of the story."


def lxml_html():
    import lxml.html

    return lxml.html


def test_an_unparsable_page_has_no_elements():
    assert ElementMap(b"").locate("anything") is None

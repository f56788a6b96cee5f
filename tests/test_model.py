"""The data model: positions, lines, per-document memo."""

from newslint import Document, Hit


def test_positions_are_one_based_code_points():
    doc = Document(text="Über\nla ville 北京\n")
    assert doc.position(0) == (1, 1)
    assert doc.position(5) == (2, 1)
    assert doc.position(doc.text.index("北")) == (2, 10)
    assert [line.text for line in doc.lines] == ["Über", "la ville 北京", ""]


def test_hit_on_line_excludes_surrounding_blanks():
    doc = Document(text="first\n   Skip to main content  \nlast")
    hit = Hit.on_line(doc, 2, "m")
    assert doc.text[hit.start : hit.end] == "Skip to main content"


def test_memo_computes_once_per_document_and_not_across_documents():
    calls = []

    def analysis(doc):
        calls.append(doc.text)
        return len(doc.text)

    a, b = Document(text="abc"), Document(text="abcdef")
    assert a.memo("test.analysis", analysis) == 3
    assert a.memo("test.analysis", analysis) == 3
    assert b.memo("test.analysis", analysis) == 6
    assert calls == ["abc", "abcdef"]

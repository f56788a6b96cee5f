"""The data model: positions, lines, per-document memo."""

from newslint import Document, Hit
from newslint.model import Finding, Severity


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


def test_finding_pickles_with_every_field() -> None:
    """Workers send findings to the parent by pickle (a tuple of the fields): no field may be lost."""
    import dataclasses
    import pickle

    values: dict[str, object] = {}
    for f in dataclasses.fields(Finding):
        values[f.name] = {
            "record": 3, "line": 2, "column": 1, "end_line": 2, "end_column": 9, "severity": Severity.WARNING,
            "fix": {"kind": "delete-line"}, "confidence": 0.97,
        }.get(f.name, f"{f.name}-value")  # fmt: skip
    finding = Finding(**values)  # type: ignore[arg-type]
    again = pickle.loads(pickle.dumps(finding))
    assert dataclasses.asdict(again) == dataclasses.asdict(finding)

"""The built-in output formats, against golden files and the formats' own parsers.

Golden files live in tests/snapshots/reporters/. To accept a change in output,
run ``NEWSLINT_UPDATE_SNAPSHOTS=1 pytest tests/test_reporters.py`` and review
the diff of the golden files.
"""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any, Optional

import jsonschema
import pytest

from newslint import Finding, ReportContext, Reporter, RuleInfo, Severity, Summary
from newslint.reporters.builtin import newslint_reporters
from newslint.reporters.concise import ConciseReporter
from newslint.reporters.full import MAX_WIDTH, FullReporter, excerpt
from newslint.reporters.github import GithubReporter, escape_data, escape_property
from newslint.reporters.gitlab import GitlabReporter
from newslint.reporters.json import JsonLinesReporter, JsonReporter
from newslint.reporters.junit import JunitReporter
from newslint.reporters.sarif import SarifReporter

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "snapshots" / "reporters"
SARIF_SCHEMA = HERE / "fixtures" / "sarif-schema-2.1.0.json"

# The documented keys of Finding.to_dict(): a stable interface.
FINDING_KEYS = {
    "path", "record", "doc_id", "line", "column", "end_line", "end_column",
    "code", "rule", "severity", "message", "fix",
}  # fmt: skip
# Optional keys: present only when known (element: the HTML element of a finding in extracted text).
OPTIONAL_FINDING_KEYS = {"element", "confidence"}


def finding(
    path: str,
    code: str,
    rule: str,
    severity: Severity,
    message: str,
    line_text: str = "",
    needle: Optional[str] = None,
    line: int = 1,
    record: Optional[int] = None,
    end_line: Optional[int] = None,
    doc_id: Optional[str] = None,
    fix: Optional[dict[str, Any]] = None,
) -> Finding:
    """A finding on ``line`` spanning ``needle`` in ``line_text`` (line 0 without one)."""
    column = end_column = 0
    if needle is not None:
        column = line_text.index(needle) + 1
        end_column = column + len(needle)
    else:
        line = 0
    return Finding(
        path=path, record=record, line=line, column=column, code=code, end_line=line if end_line is None else end_line,
        end_column=end_column, rule=rule, severity=severity, message=message, doc_id=doc_id, fix=fix,
        line_text=line_text,
    )  # fmt: skip


NAV = "Home | World | Politics | Sport | Culture"
CAPTION = "\tLaurent Fabius, ministre des Affaires étrangères, à Pékin (北京). Photo: AFP"
ERROR_PAGE = "    404 Not Found: the page you requested does not exist"
LONG = "word " * 40 + "Subscribe to our newsletter for more stories like this one" + " filler" * 30
CONTROL = "Breaking\x0c news \x1b[31mred\x1b[0m"

FINDINGS = sorted(
    [
        finding(
            "corpus/article.txt", "NL101", "navigation-text", Severity.ERROR,
            "Navigation text left in the body", NAV, NAV, line=1,
            fix={"description": "Delete the line", "start": 0, "end": len(NAV), "replacement": ""},
        ),
        finding(
            "corpus/article.txt", "NL301", "duplicate-caption", Severity.WARNING,
            "Caption «Pékin» repeated, 100% match: see line 6,\nand line 7", CAPTION, "Pékin (北京)", line=5,
        ),
        finding(
            "corpus.jsonl", "NL201", "error-page-text", Severity.ERROR,
            'Error-page text: "404 Not Found"', ERROR_PAGE, "404 Not Found", line=3, record=12, doc_id="doc-0012",
        ),
        finding(
            "corpus.jsonl", "NL202", "control-characters", Severity.INFO,
            "Control characters \x1b and \u2028 in the text", CONTROL, "\x0c news \x1b", line=1, record=13,
        ),
        finding("corpus/short.txt", "NL401", "truncated-article", Severity.INFO, "Document ends mid-sentence"),
        finding(
            "corpus/long.txt", "NL102", "newsletter-signup", Severity.WARNING,
            "Newsletter sign-up line", LONG, "Subscribe to our newsletter", line=2, end_line=4,
        ),
    ]
)  # fmt: skip

RULES = {
    info.code: info
    for info in [
        RuleInfo("NL101", "navigation-text", "Site navigation left in the text.",
                 "Site navigation left in the text.\n\nWhy is this bad?\n    Menus are not article text.",
                 Severity.ERROR),
        RuleInfo("NL102", "newsletter-signup", "A newsletter sign-up line.", "A newsletter sign-up line.",
                 Severity.WARNING),
        RuleInfo("NL201", "error-page-text", "Error-page text instead of an article.",
                 "Error-page text instead of an article.", Severity.ERROR),
        RuleInfo("NL301", "duplicate-caption", "An image caption repeated.", "An image caption repeated.",
                 Severity.WARNING, plugin="newslint-captions"),
        RuleInfo("NL401", "truncated-article", "An article that stops mid-sentence.",
                 "An article that stops mid-sentence.", Severity.INFO),
        # NL202 is deliberately missing: a reporter must cope with an unknown code.
    ]
}  # fmt: skip
CONTEXT = ReportContext(rules=RULES, tool_version="0.1.0")


def by_code(code: str) -> Finding:
    return next(f for f in FINDINGS if f.code == code)


SNAPSHOT_FILES = {
    "concise": "concise.txt",
    "full": "full.txt",
    "json": "json.json",
    "json-lines": "json-lines.jsonl",
    "github": "github.txt",
    "sarif": "sarif.json",
    "junit": "junit.xml",
    "gitlab": "gitlab.json",
}
REPORTERS = {cls.name: cls for cls in newslint_reporters()}


def render(cls: type[Reporter], findings: list[Finding] = FINDINGS, context: ReportContext = CONTEXT) -> str:
    out = io.StringIO()
    reporter = cls(out, context)
    summary = Summary(files=4, documents=5)
    reporter.start()
    for f in findings:
        summary.add(f)
        reporter.report(f)
    reporter.finish(summary)
    return out.getvalue()


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("NEWSLINT_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return
    assert path.exists(), f"{path} is missing: run with NEWSLINT_UPDATE_SNAPSHOTS=1 and review it"
    with open(path, encoding="utf-8", newline="") as f:
        expected = f.read()
    assert text == expected, f"output differs from {path} (NEWSLINT_UPDATE_SNAPSHOTS=1 to accept)"


def validate_sarif(log: dict[str, Any]) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)  # the draft the schema declares
    validator.check_schema(schema)
    validator(schema).validate(log)


# -- every format ---------------------------------------------------------------------------


def test_builtin_plugin_lists_every_format() -> None:
    assert sorted(REPORTERS) == sorted(SNAPSHOT_FILES)
    assert len(REPORTERS) == len(newslint_reporters())
    assert {name for name, cls in REPORTERS.items() if cls.human} == {"concise", "full"}
    assert all(cls.description for cls in REPORTERS.values())


@pytest.mark.parametrize("name", sorted(SNAPSHOT_FILES))
def test_output_matches_snapshot(name: str) -> None:
    assert_snapshot(SNAPSHOT_FILES[name], render(REPORTERS[name]))


@pytest.mark.parametrize("name", ["concise", "full", "json-lines", "github"])
def test_streaming_formats_write_each_finding_at_once(name: str) -> None:
    out = io.StringIO()
    reporter = REPORTERS[name](out, CONTEXT)
    reporter.start()
    reporter.report(FINDINGS[0])
    assert FINDINGS[0].message in out.getvalue() or FINDINGS[0].code in out.getvalue()
    before = out.getvalue()
    reporter.finish(Summary())
    assert out.getvalue() == before  # human formats leave the summary line to the CLI


@pytest.mark.parametrize(
    ("name", "expected"),
    [("concise", ""), ("full", ""), ("json-lines", ""), ("github", ""), ("json", "[]\n"), ("gitlab", "[]\n")],
)
def test_empty_output(name: str, expected: str) -> None:
    assert render(REPORTERS[name], []) == expected


# -- concise and full -------------------------------------------------------------------------


def test_concise_lines() -> None:
    lines = render(ConciseReporter).splitlines()
    assert len(lines) == len(FINDINGS)  # newlines and controls in messages are made visible
    assert 'corpus.jsonl:record 12:3:5: NL201 Error-page text: "404 Not Found"' in lines
    assert "corpus/short.txt:0:0: NL401 Document ends mid-sentence" in lines
    assert "\x1b" not in "".join(lines)


def carets(block: str) -> tuple[str, str]:
    """The excerpt line and the caret line of a full block, without their gutters."""
    lines = block.splitlines()
    return lines[2].split("| ", 1)[1], lines[3].split("| ", 1)[1]


def test_full_carets_align_under_wide_characters_and_tabs() -> None:
    caption = by_code("NL301")
    shown, marks = carets(render(FullReporter, [caption]))
    assert shown.startswith("    Laurent")  # the tab, expanded to the next stop
    assert marks.strip() == "^" * 12  # "Pékin (" 7 cells, 北京 4, ")" 1
    assert shown[: marks.index("^")].endswith("à ")  # no wide character before the span


def test_full_elides_long_lines_around_the_span() -> None:
    long = by_code("NL102")
    shown, marks = carets(render(FullReporter, [long]))
    assert shown.startswith("…") and shown.endswith("…")
    assert len(shown) <= MAX_WIDTH
    assert shown[marks.index("^") :].startswith("Subscribe to our newsletter")
    # end_line > line: underlined to the end of the first line, as far as it is shown.
    assert len(marks) == len(shown) - len("…")


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("abc", 1, 2, ("abc", 1, 1)),
        ("abc", 3, 3, ("abc", 3, 1)),  # an empty span at the end of the line still gets a caret
        ("a\tb", 2, 3, ("a   b", 4, 1)),  # tab stops every 4 cells
        ("e\u0301x", 2, 3, ("e\u0301x", 1, 1)),  # a combining accent takes no cell
        ("x" * 300, 295, 300, ("…" + "x" * 118, 114, 5)),  # span at the end: slack moves left
        ("x" * 300, 0, 2, ("x" * 118 + "…", 0, 2)),
    ],
)
def test_excerpt(text: str, start: int, end: int, expected: tuple[str, int, int]) -> None:
    assert excerpt(text, start, end) == expected


def test_full_whole_document_and_fix_help() -> None:
    short = by_code("NL401")
    assert render(FullReporter, [short]) == "corpus/short.txt:0:0: NL401 Document ends mid-sentence\n\n"
    nav = by_code("NL101")
    assert "  = help: Delete the line\n\n" in render(FullReporter, [nav])


# -- json and json-lines -----------------------------------------------------------------------


def test_json_is_the_list_of_to_dict() -> None:
    text = render(JsonReporter)
    assert json.loads(text) == [f.to_dict() for f in FINDINGS]
    # Streamed, but byte for byte what json.dumps would write.
    assert text == json.dumps([f.to_dict() for f in FINDINGS], indent=2, ensure_ascii=False) + "\n"


def test_json_lines_have_exactly_the_documented_keys() -> None:
    text = render(JsonLinesReporter)
    assert text.endswith("\n")
    lines = text[:-1].split("\n")
    assert len(lines) == len(FINDINGS)
    # U+2028 in a message is escaped, so readers that split on every Unicode line break agree.
    assert len(text.splitlines()) == len(FINDINGS)
    for line, expected in zip(lines, FINDINGS, strict=True):
        obj = json.loads(line)
        assert set(obj) == FINDING_KEYS
        assert obj == expected.to_dict()
    assert "é" in text  # ensure_ascii=False
    located = replace(FINDINGS[0], element="html/body/article/p[3]", confidence=0.97341)
    obj = json.loads(render(JsonLinesReporter, [located]))
    assert set(obj) - FINDING_KEYS == OPTIONAL_FINDING_KEYS and obj["element"] == "html/body/article/p[3]"
    assert obj["confidence"] == 0.973  # a scored rule's score, rounded
    assert "confidence" not in json.loads(render(JsonLinesReporter, [FINDINGS[0]]))
    assert "  = element: html/body/article/p[3]\n" in render(FullReporter, [located])


# -- github -------------------------------------------------------------------------------------


def test_github_escaping() -> None:
    assert escape_data("100%, a:b\r\nc") == "100%25, a:b%0D%0Ac"
    assert escape_property("100%, a:b\r\nc") == "100%25%2C a%3Ab%0D%0Ac"


def test_github_commands() -> None:
    # The runner reads lines split at "\n" only; U+2028 and ESC pass through as data.
    lines = render(GithubReporter)[:-1].split("\n")
    assert lines == [
        "::error file=corpus.jsonl,line=12,endLine=12,title=NL201 (error-page-text)::"
        'record 12:3:5: Error-page text: "404 Not Found"',
        "::notice file=corpus.jsonl,line=13,endLine=13,title=NL202 (control-characters)::"
        "record 13:1:9: Control characters \x1b and \u2028 in the text",
        "::error file=corpus/article.txt,line=1,col=1,endLine=1,endColumn=42,"
        "title=NL101 (navigation-text)::Navigation text left in the body",
        "::warning file=corpus/article.txt,line=5,col=54,endLine=5,endColumn=64,"
        "title=NL301 (duplicate-caption)::Caption «Pékin» repeated, 100%25 match: see line 6,%0Aand line 7",
        "::warning file=corpus/long.txt,line=2,col=201,endLine=4,endColumn=228,"
        "title=NL102 (newsletter-signup)::Newsletter sign-up line",
        "::notice file=corpus/short.txt,title=NL401 (truncated-article)::Document ends mid-sentence",
    ]


def test_github_caps_each_kind_and_says_how_many_more() -> None:
    many = [replace(FINDINGS[0], path="a.txt", line=i + 1, end_line=i + 1) for i in range(4)]
    notes = [replace(FINDINGS[-1], path=f"n{i}.txt") for i in range(2)]
    capped = ReportContext(rules=RULES, tool_version="0.1.0", github_max_annotations=2)
    lines = render(GithubReporter, sorted(many + notes), context=capped).splitlines()
    assert [line.split(" ", 1)[0] for line in lines if line.startswith("::")] == [
        "::error",
        "::notice",
        "::notice",
        "::error",
    ]
    assert lines[-1].startswith("::error title=newslint%3A 3 more errors::3 more errors not annotated")
    assert sum(line.startswith("a.txt:") for line in lines) == 3
    exactly = render(GithubReporter, sorted(many[:2]), context=capped).splitlines()
    assert len(exactly) == 2 and all(line.startswith("::error file=a.txt") for line in exactly)


def test_github_escapes_properties() -> None:
    odd = replace(FINDINGS[0], path="dir,with:odd%name.txt", rule="a,b")
    assert render(GithubReporter, [odd]).startswith("::error file=dir%2Cwith%3Aodd%25name.txt,")
    assert "title=NL201 (a%2Cb)::" in render(GithubReporter, [odd])


# -- sarif --------------------------------------------------------------------------------------


def test_sarif_validates_and_describes_its_rules() -> None:
    log = json.loads(render(SarifReporter))
    validate_sarif(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({f.code for f in FINDINGS})
    assert run["tool"]["driver"]["version"] == "0.1.0"
    assert run["invocations"][0]["executionSuccessful"] is True
    assert "toolExecutionNotifications" not in run["invocations"][0]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    by_code = {r["ruleId"]: r for r in run["results"]}
    assert {c: r["level"] for c, r in by_code.items()} == {
        "NL101": "error", "NL102": "warning", "NL201": "error", "NL202": "note", "NL301": "warning",
        "NL401": "note",
    }  # fmt: skip
    nav = by_code["NL101"]["locations"][0]["physicalLocation"]
    assert nav == {
        "artifactLocation": {"uri": "corpus/article.txt", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 42},
    }
    record = by_code["NL201"]
    # A JSON Lines record: code scanning needs a region, and record 12 is line 12 of the file.
    assert record["locations"][0]["physicalLocation"]["region"] == {"startLine": 12, "endLine": 12}
    assert record["properties"]["documentRegion"]["startLine"] == 3
    assert record["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "corpus.jsonl:record 12"
    assert record["properties"]["record"] == 12 and record["properties"]["doc_id"] == "doc-0012"
    assert "region" not in by_code["NL401"]["locations"][0]["physicalLocation"]


def test_sarif_caps_results_and_says_so() -> None:
    capped = ReportContext(rules=RULES, tool_version="0.1.0", sarif_max_results=2)
    log = json.loads(render(SarifReporter, context=capped))
    validate_sarif(log)
    run = log["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == [f.code for f in FINDINGS[:2]]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == sorted({f.code for f in FINDINGS[:2]})
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is True
    dropped = len(FINDINGS) - 2
    assert f"{dropped} results were dropped" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert run["properties"]["droppedResults"] == dropped


def test_sarif_empty_and_absolute_paths() -> None:
    log = json.loads(render(SarifReporter, []))
    validate_sarif(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []
    here = replace(FINDINGS[0], path=str(Path.cwd() / "corpus dir" / "a.txt"))
    elsewhere = replace(FINDINGS[0], path="/elsewhere/a.txt")
    log = json.loads(render(SarifReporter, [here, elsewhere]))
    validate_sarif(log)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert uris == [{"uri": "corpus%20dir/a.txt", "uriBaseId": "%SRCROOT%"}, {"uri": "file:///elsewhere/a.txt"}]


# -- junit --------------------------------------------------------------------------------------


def test_junit_parses_back_with_the_right_counts() -> None:
    root = ET.fromstring(render(JunitReporter).encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    n = str(len(FINDINGS))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (n, n, "0")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == (n, n, "0")
    assert len(cases) == len(FINDINGS)
    assert all(case.find("failure") is not None for case in cases)
    record = next(c for c in cases if c.get("classname") == "corpus.jsonl:record 12")
    assert record.get("name") == "NL201 error-page-text 3:5"
    assert record.find("failure").get("type") == "NL201"  # type: ignore[union-attr]
    caption = next(c for c in cases if c.get("name", "").startswith("NL301"))
    assert caption.find("failure").get("message") == by_code("NL301").message  # type: ignore[union-attr]
    controls = next(c for c in cases if c.get("name", "").startswith("NL202"))
    assert "\x1b" not in ET.tostring(controls, encoding="unicode")


def test_junit_without_findings_has_one_passing_test() -> None:
    root = ET.fromstring(render(JunitReporter, []).encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("1", "0")
    assert [c.find("failure") for c in suite.findall("testcase")] == [None]


# -- gitlab -------------------------------------------------------------------------------------


def test_gitlab_issues() -> None:
    issues = json.loads(render(GitlabReporter))
    assert len(issues) == len(FINDINGS)
    assert {i["check_name"]: i["severity"] for i in issues} == {
        "NL101": "major", "NL102": "minor", "NL201": "major", "NL202": "info", "NL301": "minor",
        "NL401": "info",
    }  # fmt: skip
    assert all(i["location"]["lines"]["begin"] >= 1 for i in issues)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    record = next(i for i in issues if i["check_name"] == "NL201")
    assert record["location"] == {"path": "corpus.jsonl", "lines": {"begin": 1}}
    assert "record 12:3:5" in record["description"]


def test_gitlab_fingerprint_survives_moved_lines_but_not_other_changes() -> None:
    def fingerprint(f: Finding) -> str:
        return str(json.loads(render(GitlabReporter, [f]))[0]["fingerprint"])

    nav = by_code("NL101")
    moved = replace(nav, line=nav.line + 3, end_line=nav.end_line + 3, line_text="  " + nav.line_text + " ")
    assert fingerprint(moved) == fingerprint(nav)
    assert fingerprint(replace(nav, message="Other")) != fingerprint(nav)
    assert fingerprint(replace(nav, path="other.txt")) != fingerprint(nav)
    # Two identical findings in one document are two issues, on any line.
    twice = json.loads(render(GitlabReporter, [nav, replace(nav, line=9, end_line=9)]))
    assert twice[0]["fingerprint"] != twice[1]["fingerprint"]


def test_sarif_identical_findings_get_distinct_fingerprints() -> None:
    nav = by_code("NL101")
    log = json.loads(render(SarifReporter, [nav, replace(nav, line=9, end_line=9)]))
    prints = [r["partialFingerprints"]["newslintFingerprint/v1"] for r in log["runs"][0]["results"]]
    assert len(set(prints)) == 2

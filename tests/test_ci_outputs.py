"""CI output formats end to end through the CLI, checked the way their consumers read them.

tests/test_reporters.py pins each reporter's bytes with golden files; here a
small corpus goes through ``newslint`` and each format is parsed back with the
consumer's rules (GitHub's workflow-command escaping, the SARIF 2.1.0 schema,
JUnit XML via xml.etree, GitLab Code Quality's fields) and compared with the
``json-lines`` output of the same run, the stable reference.

The corpus has a finding of every severity: TST101 (the test plugin, warning),
NL903/NL905 (error), and a local rule loaded with ``rulepath`` whose message
holds the characters workflow commands must escape, made ``info`` by the
``[severity]`` table of newslint.toml.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from .conftest import FIXTURES

ODD_MESSAGE = "Odd: 100% sure, see\r\nthe next line"

LOCAL_RULE = '''
from newslint import Hit, Rule, hookimpl


class OddLine(Rule):
    """A test rule whose message needs escaping in every format.

    Why is this bad?
        It is a test.

    Example:
        ``ODD``

    Use instead:
        Nothing.

    Options:
        None.
    """

    code = "LOC101"
    name = "odd-line"

    def check(self, doc):
        for line in doc.lines:
            if line.text.startswith("ODD"):
                yield Hit.on_line(doc, line.number, MESSAGE)


MESSAGE = {message!r}


@hookimpl
def newslint_rules():
    return [OddLine]
'''.replace("{message!r}", repr(ODD_MESSAGE))

CONFIG = """\
select = ["TST", "NL9", "LOC"]
rulepath = ["local_rules"]
jobs = 1

[severity]
LOC1 = "info"
"""

# A file name with every character a workflow-command property must escape.
ODD_NAME = "a,b:50%.txt"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A dataset repository: config, a local rule and a corpus; the current directory."""
    (tmp_path / "newslint.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "local_rules").mkdir()
    (tmp_path / "local_rules" / "odd.py").write_text(LOCAL_RULE, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / ODD_NAME).write_text("Headline\nSkip to main content\nODD line\nBody.\n", encoding="utf-8")
    records = [
        {"id": "r1", "text": "Fine text."},
        {"id": "r2", "text": "Header\nSkip to main content"},
        {"id": "r3", "text": "This one goes boom."},
    ]
    (corpus / "part.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records) + "{broken\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_format(cli, fmt: str, *extra: str) -> str:
    result = cli("corpus", "--output-format", fmt, *extra)
    assert result.code == 1, result.err
    return result.out


@pytest.fixture
def reference(cli, repo) -> list[dict]:
    findings = [json.loads(line) for line in run_format(cli, "json-lines", "-q").splitlines()]
    # The corpus really has what the checks below rely on.
    assert {f["severity"] for f in findings} == {"error", "warning", "info"}
    assert {f["code"] for f in findings} == {"TST101", "LOC101", "NL903", "NL905"}
    return findings


def where_in_file(finding: dict) -> str:
    """What file-level formats put in front of a record's message (see the README)."""
    if finding["record"] is None:
        return finding["message"]
    position = f":{finding['line']}:{finding['column']}" if finding["line"] >= 1 else ""
    return f"record {finding['record']}{position}: {finding['message']}"


# -- GitHub workflow commands ------------------------------------------------------
# https://docs.github.com/actions/reference/workflow-commands-for-github-actions and
# actions/toolkit packages/core/src/command.ts: in the message (data) % \r \n are
# escaped as %25 %0D %0A; in property values also : as %3A and , as %2C.
COMMAND = re.compile(r"^::(?P<command>error|warning|notice) (?P<properties>[^:\r\n]*)::(?P<data>[^\r\n]*)$")
PROPERTY = re.compile(r"^(?P<key>[A-Za-z]+)=(?P<value>[^,:\r\n]*)$")


def unescape(text: str, property_value: bool) -> str:
    codes = {"%0D": "\r", "%0A": "\n", "%25": "%"}
    if property_value:
        codes.update({"%3A": ":", "%2C": ","})
    return re.sub("%(?:0D|0A|25|3A|2C)", lambda m: codes.get(m.group(0), m.group(0)), text)


def test_github_annotations_parse_back_to_the_findings(cli, reference):
    out = run_format(cli, "github", "-q")
    lines = out.split("\n")
    assert lines.pop() == ""  # newline-terminated, and no raw \r or \n inside a command
    assert "\r" not in out
    assert len(lines) == len(reference)

    level = {"error": "error", "warning": "warning", "info": "notice"}
    for line, finding in zip(lines, reference, strict=True):
        match = COMMAND.match(line)
        assert match, line
        props = {}
        for part in match["properties"].split(","):
            prop = PROPERTY.match(part)
            assert prop, part
            props[prop["key"]] = unescape(prop["value"], property_value=True)
        assert match["command"] == level[finding["severity"]]
        assert props["file"] == finding["path"]
        assert props["title"] == f"{finding['code']} ({finding['rule']})"
        if finding["record"] is None and finding["line"] >= 1:
            # Only lines of the file itself can be annotated.
            assert (props["line"], props["col"], props["endLine"], props["endColumn"]) == tuple(
                str(finding[k]) for k in ("line", "column", "end_line", "end_column")
            )
        elif finding["record"] is not None:  # a JSON Lines record: its line in the file, no columns
            assert (props["line"], props["endLine"]) == (str(finding["record"]),) * 2
            assert not {"col", "endColumn"} & set(props)
        else:
            assert not {"line", "col", "endLine", "endColumn"} & set(props)
        assert unescape(match["data"], property_value=False) == where_in_file(finding)

    odd = next(line for line in lines if "LOC101" in line)
    assert "file=corpus/a%2Cb%3A50%25.txt," in odd
    # In data only % CR LF are escaped; ':' and ',' stay as they are.
    assert odd.endswith("::Odd: 100%25 sure, see%0D%0Athe next line")


def test_github_caps_annotations_per_kind_with_a_summary(cli, repo):
    """Issue 19: GitHub shows 10 annotations of each kind per step; the rest are in the log."""
    records = [{"id": f"r{i}", "text": f"Header {i}\nSkip to main content"} for i in range(25)]
    (repo / "corpus" / "many.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = run_format(cli, "github", "-q", "--select", "TST101")
    lines = out.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    warnings = [c for c in commands if c.startswith("::warning ")]
    assert len(warnings) == 10  # 9 findings and the summary (TST101 is a warning here)
    assert warnings[-1].startswith("::warning title=newslint%3A 18 more warnings::18 more warnings not annotated")
    [third] = [c for c in warnings if "::record 3:" in c and "many.jsonl" in c]
    assert "file=corpus/many.jsonl,line=3,endLine=3," in third  # record 3 is line 3 of the file
    plain = [line for line in lines if not line.startswith("::")]
    assert len(plain) == 18 and all(" TST101 " in line for line in plain)  # the rest, in the job log
    assert len(warnings) - 1 + len(plain) == 27  # every finding once (25 + 2 in part.jsonl)


# -- SARIF ------------------------------------------------------------------------
def test_sarif_validates_and_carries_every_severity_and_rule_help(cli, reference):
    result = cli("corpus", "--output-format", "sarif", "-o", "newslint.sarif")
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("Checked ")  # the summary goes to stderr, the file stays SARIF
    log = json.loads(Path("newslint.sarif").read_text(encoding="utf-8"))

    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    errors = sorted(validator_cls(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])

    [run] = log["runs"]
    results = run["results"]
    assert len(results) == len(reference)
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    assert Counter(r["ruleId"] for r in results) == Counter(f["code"] for f in reference)

    rules = run["tool"]["driver"]["rules"]
    assert sorted(r["id"] for r in rules) == sorted({f["code"] for f in reference})
    for result_ in results:
        rule = rules[result_["ruleIndex"]]
        assert rule["id"] == result_["ruleId"]
        assert rule["shortDescription"]["text"]
        assert "Why is this bad?" in rule["help"]["text"]  # the rule's documentation
    assert next(r for r in rules if r["id"] == "LOC101")["defaultConfiguration"]["level"] == "warning"

    for result_, finding in zip(results, reference, strict=True):
        location = result_["locations"][0]["physicalLocation"]
        assert unquote(location["artifactLocation"]["uri"]) == finding["path"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        if finding["record"] is None and finding["line"] >= 1:
            assert (location["region"]["startLine"], location["region"]["startColumn"]) == (
                finding["line"],
                finding["column"],
            )
        elif finding["record"] is not None:  # a JSON Lines record: the region is its line in the file
            assert location["region"] == {"startLine": finding["record"], "endLine": finding["record"]}
        else:
            assert "region" not in location
        assert result_["message"]["text"] == where_in_file(finding)


# -- JUnit --------------------------------------------------------------------------
def test_junit_parses_back_to_the_same_counts(cli, reference):
    root = ET.fromstring(run_format(cli, "junit", "-q"))
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    cases = [case for suite in suites for case in suite.iter("testcase")]
    failures = [case.find("failure") for case in cases]
    assert all(f is not None for f in failures)
    assert len(cases) == len(reference)
    assert sum(int(s.get("failures")) for s in suites) == sum(int(s.get("tests")) for s in suites) == len(reference)
    assert Counter(f.get("type") for f in failures) == Counter(f["code"] for f in reference)
    assert sorted(f.get("message") for f in failures) == sorted(f["message"] for f in reference)


def test_junit_with_no_findings_is_one_passing_test(cli, repo):
    # The broken record's NL903 is a diagnostic: --select does not hide it, ignoring it by its code does.
    assert cli("corpus/part.jsonl", "--select", "LOC", "--output-format", "junit").code == 1
    result = cli("corpus/part.jsonl", "--select", "LOC", "--ignore", "NL903", "--output-format", "junit")
    assert result.code == 0
    suite = ET.fromstring(result.out).find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("1", "0")
    assert [c.find("failure") for c in suite.iter("testcase")] == [None]


# -- GitLab Code Quality ------------------------------------------------------------
# https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def gitlab_issues(cli) -> list[dict]:
    issues = json.loads(run_format(cli, "gitlab", "-q"))
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str)
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    return issues


def test_gitlab_code_quality_report(cli, reference, repo):
    issues = gitlab_issues(cli)
    assert len(issues) == len(reference)
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab dedupes on it
    assert Counter(i["check_name"] for i in issues) == Counter(f["code"] for f in reference)
    severity = {"info": "info", "warning": "minor", "error": "major"}
    for issue, finding in zip(issues, reference, strict=True):
        assert issue["severity"] == severity[finding["severity"]]
        assert issue["location"]["path"] == finding["path"]
        if finding["record"] is None and finding["line"] >= 1:
            assert issue["location"]["lines"]["begin"] == finding["line"]

    # Insert a line above every finding: lines move, fingerprints do not (else
    # GitLab would show every old finding as new in the merge request).
    odd = repo / "corpus" / ODD_NAME
    odd.write_text("A new first line\n" + odd.read_text(encoding="utf-8"), encoding="utf-8")
    part = repo / "corpus" / "part.jsonl"
    lines = part.read_text(encoding="utf-8").splitlines(keepends=True)
    record = json.loads(lines[1])
    record["text"] = "Inserted line\n" + record["text"]
    lines[1] = json.dumps(record) + "\n"
    part.write_text("".join(lines), encoding="utf-8")
    moved = gitlab_issues(cli)
    assert {i["fingerprint"] for i in moved} == {i["fingerprint"] for i in issues}
    begin = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in issues}
    in_text_file = [i for i in moved if i["location"]["path"] == f"corpus/{ODD_NAME}"]
    assert len(in_text_file) == 2
    assert all(i["location"]["lines"]["begin"] == begin[i["fingerprint"]] + 1 for i in in_text_file)

"""``junit``: JUnit XML, which most CI systems (Jenkins, GitLab, Azure) display as test results.

One testcase per finding, each failing. An empty report still holds one
passing testcase: some CI systems treat a file without tests as an error.
Scraped text can hold characters XML 1.0 cannot represent at all (most C0
controls, lone surrogates, U+FFFE); ElementTree would write them raw and
produce a file no parser accepts, so they become U+FFFD first.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, TextIO

from ..model import Finding
from .base import ReportContext, Reporter, Summary
from .full import render

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET


# Every run loads every reporter (they register through the plugin hook): ElementTree and
# this expression (~5 ms) are paid only by a run that writes JUnit XML.
@functools.lru_cache(maxsize=1)
def _not_xml() -> re.Pattern[str]:
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _not_xml().sub("\ufffd", text)


class JunitReporter(Reporter):
    name = "junit"
    description = "JUnit XML (one failing testcase per finding)."

    def __init__(self, stream: TextIO, context: ReportContext) -> None:
        super().__init__(stream, context)
        self._findings: list[Finding] = []

    def report(self, finding: Finding) -> None:
        self._findings.append(finding)

    def testcase(self, suite: ET.Element, finding: Finding) -> None:
        import xml.etree.ElementTree as ET

        where = finding.path if finding.record is None else f"{finding.path}:record {finding.record}"
        case = ET.SubElement(
            suite,
            "testcase",
            classname=xml_text(where),
            name=xml_text(f"{finding.code} {finding.rule} {finding.line}:{finding.column}"),
        )
        failure = ET.SubElement(case, "failure", message=xml_text(finding.message), type=finding.code)
        # The same view as the `full` format: bounded excerpt, carets under the span.
        failure.text = xml_text(render(finding).rstrip("\n"))

    def finish(self, summary: Summary) -> None:
        import xml.etree.ElementTree as ET

        count = str(len(self._findings))
        tests = count if self._findings else "1"
        root = ET.Element("testsuites", name="newslint", tests=tests, failures=count, errors="0")
        suite = ET.SubElement(root, "testsuite", name="newslint", tests=tests, failures=count, errors="0", skipped="0")
        for finding in self._findings:
            self.testcase(suite, finding)
        if not self._findings:
            ET.SubElement(suite, "testcase", classname="newslint", name="no findings")
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode") + "\n")

"""Fail loud, at the command line: every broken-plugin case of issue 7, seen as a user sees it.

tests/test_plugins.py checks the registry; here newslint's ``main()`` runs on a
corpus with a broken plugin installed (a real ``.dist-info`` with entry points
on ``sys.path``) and we check what the user gets: exit 2, an error on standard
error naming the plugin, its distribution and its version, and findings from
every rule that did load. A rule that crashes while linting is different: the
configuration is fine, so that is an ``NL905`` finding and exit 1.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

import pytest

from newslint.cli import main

from .test_plugins import GOOD_RULE, fake_distribution

ACME = GOOD_RULE.format(code="ACME101", name="acme-footer")
CRASHING = ACME.replace(
    "        for line in doc.lines:",
    "        if 'boom' in doc.text:\n            raise ValueError('cannot parse ' + doc.text[:9])\n        for line in doc.lines:",
)
STORY = "Body of the story.\n© 2019 Acme Media. All rights reserved.\n"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def codes(self) -> list[tuple[str, int, str]]:
        rows = [json.loads(line) for line in self.out.splitlines() if line.strip()]
        return [(row["path"].rsplit("/", 1)[-1], row["line"], row["code"]) for row in rows]

    def messages(self, code: str) -> list[str]:
        rows = [json.loads(line) for line in self.out.splitlines() if line.strip()]
        return [row["message"] for row in rows if row["code"] == code]


def newslint(*argv: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    for key in ("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", "NEWSLINT_SELECT", "NEWSLINT_IGNORE"):
        monkeypatch.delenv(key, raising=False)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "story.txt").write_text(STORY + "(c) Acme Media\n", encoding="utf-8")
    (folder / "boom.txt").write_text("boom goes the story\n(c) Acme Media\n", encoding="utf-8")
    return folder


def lint(corpus, *argv: str, select: str = "ACME,NL106,NL9") -> Result:
    return newslint(
        str(corpus), "--isolated", "--select", select, "--output-format", "json-lines", "-q", "-j", "1", *argv
    )


@pytest.mark.parametrize(
    "modules, entry_points, expected",
    [
        pytest.param(
            {"acme_rules": "import acme_missing_dependency\n"},
            {"ACME": "acme_rules"},
            "failed to load 'acme_rules': ModuleNotFoundError: No module named 'acme_missing_dependency'",
            id="cannot-be-imported",
        ),
        pytest.param(
            {"acme_rules": ACME},
            {"ACME": "acme_rules:no_such_attribute"},
            "failed to load 'acme_rules:no_such_attribute': AttributeError",
            id="entry-point-names-nothing",
        ),
        pytest.param(
            {"acme_rules": ACME.replace("def newslint_rules", "def newslint_rulez")},
            {"ACME": "acme_rules"},
            "implements unknown hook 'newslint_rulez' (misspelt?)",
            id="misspelt-hook",
        ),
        pytest.param(
            {"acme_rules": GOOD_RULE.format(code="XYZ101", name="acme-footer")},
            {"ACME": "acme_rules"},
            "rule XYZ101 (acme-footer) is outside the plugin's prefix 'ACME'",
            id="outside-prefix",
        ),
        pytest.param(
            {"acme_rules": ACME.replace("    Why is this bad?\n        It is chrome.\n\n", "")},
            {"ACME": "acme_rules"},
            "rule AcmeFooter: docstring lacks the section 'Why is this bad?'",
            id="rule-without-docs",
        ),
        pytest.param(
            {"acme_rules": GOOD_RULE.format(code="NL106", name="acme-copyright")},
            {"acme": "acme_rules"},
            "rule code NL106 is already provided by plugin 'NL1' (newslint",
            id="code-taken-by-builtin",
        ),
        pytest.param(
            {"acme_rules": ACME.replace("return [AcmeFooter]", "raise RuntimeError('config file missing')")},
            {"ACME": "acme_rules"},
            "hook newslint_rules raised RuntimeError: config file missing",
            id="hook-raises",
        ),
        pytest.param(
            {"acme_rules": ACME.replace("return [AcmeFooter]", "return AcmeFooter")},
            {"ACME": "acme_rules"},
            "hook newslint_rules must return a list, got type",
            id="hook-returns-a-class",
        ),
    ],
)
def test_broken_plugin_exits_2_names_it_and_the_rest_still_lints(
    tmp_path, monkeypatch, corpus, modules, entry_points, expected
):
    fake_distribution(tmp_path, monkeypatch, "newslint-acme", "1.4.2", entry_points, modules)
    # (Not --select ACME: the broken plugin provides no ACME rule, so that would be an unknown prefix.)
    run = lint(corpus, select="NL106,NL9")
    assert run.code == 2
    name = next(iter(entry_points))
    assert f"newslint: error: plugin {name!r} (newslint-acme 1.4.2): " in run.err and expected in run.err, run.err
    # The built-in rules still ran: the copyright line is reported.
    assert run.codes() == [("story.txt", 2, "NL106")]
    # Exit 2 wins over --exit-zero: a broken plugin is never a clean run.
    assert lint(corpus, "--exit-zero", select="NL106,NL9").code == 2


def test_two_plugins_claiming_the_same_code(tmp_path, monkeypatch, corpus):
    fake_distribution(tmp_path, monkeypatch, "newslint-acme", "1.4.2", {"ACME": "acme_rules"}, {"acme_rules": ACME})
    fake_distribution(
        tmp_path,
        monkeypatch,
        "newslint-acme-fork",
        "0.1.0",
        {"ACME1": "acme_fork"},
        {"acme_fork": GOOD_RULE.format(code="ACME101", name="acme-footer-fork")},
    )
    run = lint(corpus)
    assert run.code == 2
    assert (
        "newslint: error: plugin 'ACME1' (newslint-acme-fork 0.1.0): rule code ACME101 is already provided by "
        "plugin 'ACME' (newslint-acme 1.4.2)"
    ) in run.err
    # The first plugin's rule is the one that runs.
    assert ("story.txt", 3, "ACME101") in run.codes()


def test_a_broken_local_rule_module_names_its_file(tmp_path, corpus):
    rules = tmp_path / "local_rules"
    rules.mkdir()
    (rules / "good.py").write_text(GOOD_RULE.format(code="LOC101", name="local-footer"), encoding="utf-8")
    (rules / "typo.py").write_text("from newslint import Rulez\n", encoding="utf-8")
    run = newslint(
        str(corpus),
        "--isolated",
        "--rulepath",
        str(rules),
        "--select",
        "LOC",
        "--output-format",
        "json-lines",
        "-q",
        "-j",
        "1",
    )
    assert run.code == 2
    assert f"plugin 'typo' (rulepath:{rules.as_posix()} local): failed to load" in run.err
    assert "ImportError: cannot import name 'Rulez'" in run.err
    assert ("story.txt", 3, "LOC101") in run.codes()


def test_a_rule_crashing_while_linting_is_an_nl905_finding_and_exit_1(tmp_path, monkeypatch, corpus):
    fake_distribution(tmp_path, monkeypatch, "newslint-acme", "1.4.2", {"ACME": "acme_rules"}, {"acme_rules": CRASHING})
    run = lint(corpus)
    assert run.code == 1, run.err
    assert run.err == ""  # nothing is wrong with the configuration
    assert run.codes() == [("boom.txt", 0, "NL905"), ("story.txt", 2, "NL106"), ("story.txt", 3, "ACME101")]
    assert run.messages("NL905") == ["Rule ACME101 (acme-footer) crashed: ValueError: cannot parse boom goes"]
    # The crash is an error-severity finding: --fail-on error still fails, --exit-zero does not.
    assert lint(corpus, "--fail-on", "error").code == 1
    assert lint(corpus, "--exit-zero").code == 0


def test_third_party_plugins_can_be_turned_off(tmp_path, monkeypatch, corpus):
    fake_distribution(
        tmp_path,
        monkeypatch,
        "newslint-acme",
        "1.4.2",
        {"ACME": "acme_rules"},
        {"acme_rules": "import acme_missing_dependency\n"},
    )
    assert lint(corpus).code == 2
    # A broken plugin can be switched off by entry-point name or distribution, or with every other one.
    for argv in (("--disable-plugin", "ACME"), ("--disable-plugin", "newslint-acme")):
        run = newslint(str(corpus), "--isolated", "--select", "NL106", "-q", "-j", "1", *argv)
        assert run.code == 1 and run.err == "", run.err
    monkeypatch.setenv("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", "1")
    run = newslint(str(corpus), "--isolated", "--select", "NL106", "-q", "-j", "1")
    assert run.code == 1 and run.err == ""
    version = newslint("--version")
    assert version.code == 0 and "newslint-acme" not in version.out + version.err

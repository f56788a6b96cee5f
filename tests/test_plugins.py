"""The plugin door: entry points, loud failures, validation (house rule 1)."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest

from newslint.plugins import load_registry

GOOD_RULE = '''
from newslint import Hit, Rule, hookimpl


class AcmeFooter(Rule):
    """Acme's footer line.

    Why is this bad?
        It is chrome.

    Example:
        ``(c) Acme Media``

    Use instead:
        Drop it.

    Options:
        None.
    """

    code = "{code}"
    name = "{name}"

    def check(self, doc):
        for line in doc.lines:
            if line.text.startswith("(c) Acme"):
                yield Hit.on_line(doc, line.number, "Acme footer")


@hookimpl
def newslint_rules():
    return [AcmeFooter]
'''


def fake_distribution(
    tmp_path: Path, monkeypatch, dist: str, version: str, entry_points: dict[str, str], modules: dict[str, str]
) -> None:
    """Install a distribution the way pip would (a module and a .dist-info with entry_points.txt)."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    for name, source in modules.items():
        (site / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8")
    lines = "\n".join(f"{k} = {v}" for k, v in entry_points.items())
    (info / "entry_points.txt").write_text(f"[newslint]\n{lines}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    for name in modules:
        sys.modules.pop(name, None)


def errors_of(registry) -> list[str]:
    return [str(e) for e in registry.errors]


def test_builtins_load_through_entry_points_without_errors():
    registry = load_registry(autoload=False)
    assert registry.errors == []
    assert {"NL901", "NL903", "NL905"} <= set(registry.rules)
    assert {"concise", "json-lines", "sarif"} <= set(registry.reporters)
    assert all(p.builtin for p in registry.plugins)


def test_third_party_plugin_registered_through_an_entry_point(tmp_path, monkeypatch):
    fake_distribution(
        tmp_path,
        monkeypatch,
        "newslint-acme",
        "1.2.3",
        {"ACME": "acme_rules"},
        {"acme_rules": GOOD_RULE.format(code="ACME101", name="acme-footer")},
    )
    registry = load_registry()
    assert registry.errors == []
    assert "ACME101" in registry.rules
    info = registry.rule_plugins["ACME101"]
    assert (info.name, info.distribution, info.version) == ("ACME", "newslint-acme", "1.2.3")


def test_autoload_can_be_disabled_by_environment_or_by_name(tmp_path, monkeypatch):
    fake_distribution(
        tmp_path,
        monkeypatch,
        "newslint-acme",
        "1.2.3",
        {"ACME": "acme_rules"},
        {"acme_rules": GOOD_RULE.format(code="ACME101", name="acme-footer")},
    )
    monkeypatch.setenv("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert "ACME101" not in load_registry().rules
    monkeypatch.delenv("NEWSLINT_DISABLE_PLUGIN_AUTOLOAD")
    assert "ACME101" not in load_registry(disabled=["ACME"]).rules
    assert "NL903" in load_registry(disabled=["ACME"]).rules


def test_a_plugin_that_fails_to_import_is_reported_with_name_and_version(tmp_path, monkeypatch):
    fake_distribution(
        tmp_path,
        monkeypatch,
        "newslint-broken",
        "0.4.0",
        {"BRK": "broken_rules"},
        {"broken_rules": "import does_not_exist_anywhere\n"},
    )
    registry = load_registry()
    assert len(registry.errors) == 1
    message = str(registry.errors[0])
    assert "'BRK'" in message and "newslint-broken 0.4.0" in message and "does_not_exist_anywhere" in message
    assert "NL903" in registry.rules  # the rest still loaded


@pytest.mark.parametrize(
    "source, expected",
    [
        (
            GOOD_RULE.format(code="ACME101", name="acme-footer").replace("def newslint_rules", "def newslint_rule"),
            "unknown hook 'newslint_rule'",
        ),
        (GOOD_RULE.format(code="XYZ101", name="acme-footer"), "outside the plugin's prefix 'ACME'"),
        (GOOD_RULE.format(code="ACME101", name="AcmeFooter"), "is not kebab-case"),
        (
            GOOD_RULE.format(code="ACME101", name="acme-footer").replace("Why is this bad?", "Why?"),
            "lacks the section 'Why is this bad?'",
        ),
        (
            GOOD_RULE.format(code="ACME101", name="acme-footer").replace("return [AcmeFooter]", "return [object]"),
            "not a newslint.Rule subclass",
        ),
        (
            GOOD_RULE.format(code="ACME101", name="acme-footer").replace("return [AcmeFooter]", "raise KeyError('x')"),
            "hook newslint_rules raised KeyError",
        ),
    ],
)
def test_plugin_validation_errors_name_the_plugin(tmp_path, monkeypatch, source, expected):
    fake_distribution(tmp_path, monkeypatch, "newslint-acme", "1.2.3", {"ACME": "acme_rules"}, {"acme_rules": source})
    registry = load_registry()
    assert any(expected in e and "newslint-acme 1.2.3" in e for e in errors_of(registry)), errors_of(registry)
    assert "ACME101" not in registry.rules or "newslint_rule'" in expected


def test_two_plugins_claiming_the_same_code(tmp_path, monkeypatch):
    rule = GOOD_RULE.format(code="NL903", name="acme-malformed")
    fake_distribution(tmp_path, monkeypatch, "newslint-clash", "2.0", {"clash": "clash_rules"}, {"clash_rules": rule})
    registry = load_registry()
    assert any("NL903 is already provided by plugin 'NL9' (newslint" in e for e in errors_of(registry))
    assert registry.rules["NL903"].__module__ == "newslint.diagnostics"


def test_rulepath_loads_local_modules(tmp_path):
    folder = tmp_path / "local_rules"
    folder.mkdir()
    (folder / "site_footer.py").write_text(GOOD_RULE.format(code="LOC101", name="local-footer"), encoding="utf-8")
    (folder / "_helper.py").write_text("raise RuntimeError('private modules are not plugins')\n", encoding="utf-8")
    registry = load_registry(autoload=False, rulepath=[str(folder)])
    assert registry.errors == []
    assert registry.rule_plugins["LOC101"].distribution.startswith("rulepath:")


def test_a_plugin_provides_a_subcommand_and_cannot_take_a_builtin_one():
    from newslint import hookimpl
    from newslint.plugins import PluginInfo, load_registry

    class Commands:
        @hookimpl
        def newslint_commands(self):
            return {"hello": lambda argv: 7, "report": lambda argv: 0}

    registry = load_registry(autoload=False, extra=[(Commands(), PluginInfo("cmd", "cmd-dist", "1.0"))])
    assert registry.commands["hello"](["x"]) == 7
    assert "kb" in registry.commands  # the entity family's own subcommand, through the same door
    assert [str(e) for e in registry.errors] == ["plugin 'cmd' (cmd-dist 1.0): subcommand 'report' is already provided"]

"""What the registry holds, in words: ``newslint rule CODE``, ``newslint rules``, ``newslint --version``."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from . import __version__
from .config import did_you_mean
from .plugins import Registry
from .rule import Remedy, Rule


class UnknownRule(LookupError):
    """``newslint rule X`` for an X that is no rule code or name."""


def find_rule(registry: Registry, key: str) -> type[Rule]:
    rule = registry.rules.get(key.upper()) or registry.rule_by_name().get(key)
    if rule is None:
        raise UnknownRule(f"unknown rule {key!r}{did_you_mean(key, [*registry.rules, *registry.rule_by_name()])}")
    return rule


def explain_rule(registry: Registry, key: str, out: TextIO) -> None:
    """A rule's documentation, where it lives (plugin and module) and its option defaults."""
    rule = find_rule(registry, key)
    plugin = registry.rule_plugins[rule.code]
    out.write(f"# {rule.code} {rule.name}\n\n")
    status = " Preview: off by default, on with --preview." if rule.preview else ""
    out.write(
        f"Default severity: {rule.default_severity}.{status} Provided by {plugin.distribution} {plugin.version}.\n"
    )
    if getattr(sys.modules.get(rule.__module__), rule.__qualname__, None) is rule:  # not a generated class
        out.write(f"Defined in {rule.__module__}.{rule.__qualname__}.\n")
    out.write("\n")
    out.write(rule.documentation() + "\n")
    fields = rule.Options.model_fields
    if fields:
        out.write("\nOption defaults:\n")
        for name, field in fields.items():
            default = field.get_default(call_default_factory=True)
            out.write(f"    {field.alias or name} = {json.dumps(default, default=str)}\n")


def fix_label(rule: type[Rule]) -> str:
    """What ``newslint clean`` does about the rule's findings, for the rules table: ``delete line (safe)``."""
    if rule.remedy is Remedy.NONE:
        return "-"
    what = {Remedy.DELETE_LINE: "delete line", Remedy.DELETE_SPAN: "delete span", Remedy.DROP_DOCUMENT: "drop document"}
    return f"{what[rule.remedy]} ({rule.fix_applicability.value})"


def list_rules(registry: Registry, fmt: str, out: TextIO) -> None:
    """Every rule, plugins included, as text, JSON or a markdown table."""
    rules = list(registry.rules.values())
    if fmt == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.default_severity.value,
                "preview": r.preview,
                "plugin": registry.rule_plugins[r.code].distribution,
                "summary": r.summary(),
                "fix": None
                if r.remedy is Remedy.NONE
                else {"kind": r.remedy.value, "applicability": r.fix_applicability.value},
            }
            for r in rules
        ]
        json.dump(rows, out, indent=2)
        out.write("\n")
    elif fmt == "markdown":
        out.write("| code | name | default severity | fix | what it reports |\n|---|---|---|---|---|\n")
        for r in rules:
            summary = r.summary().replace("|", "\\|")
            preview = " (preview)" if r.preview else ""
            out.write(
                f"| `{r.code}` | `{r.name}` | {r.default_severity.value}{preview} | {fix_label(r)} | {summary} |\n"
            )
    else:
        width = max((len(r.name) for r in rules), default=4)
        for r in rules:
            severity = f"{r.default_severity.value}{'*' if r.preview else ''}"
            out.write(f"{r.code:<7} {r.name:<{width}}  {severity:<7}  {r.summary()}\n")
        if any(r.preview for r in rules):
            out.write("* preview rule: off by default, on with --preview\n")


def describe_version(registry: Registry, out: TextIO) -> None:
    """The version and the third-party plugins that loaded, with the codes they provide."""
    out.write(f"newslint {__version__}\n")
    third_party = [p for p in registry.plugins if not p.builtin]
    if third_party:
        out.write("plugins:\n")
        for plugin in third_party:
            codes = sorted(code for code, info in registry.rule_plugins.items() if info.name == plugin.name)
            listed = f": {', '.join(codes)}" if codes else ""
            out.write(f"  {plugin.name} ({plugin.distribution} {plugin.version}){listed}\n")

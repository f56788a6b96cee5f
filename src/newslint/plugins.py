"""The plugin manager: built-ins and third-party plugins through one door.

Everything, built-in or not, arrives through the ``newslint`` entry-point
group and the hooks in :mod:`newslint.hookspecs`. Loading is loud but never
fatal: a plugin that fails to import, implements a misspelt hook, provides a
rule without documentation, claims a code another plugin has, or strays outside
its declared prefix is recorded as a :class:`PluginError` naming the plugin,
its distribution and version; the CLI prints those errors, lints with what did
load, and exits 2.

pluggy does not isolate failures (one raising implementation aborts the whole
hook call, by design: pytest-dev/pluggy#419), so each implementation is called
on its own, inside its own error boundary.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterable, Optional, Sequence

import pluggy

from . import hookspecs
from .readers.base import Reader
from .reporters.base import Reporter
from .rule import Rule

GROUP = "newslint"
BUILTIN_DISTRIBUTION = "newslint"
AUTOLOAD_ENV = "NEWSLINT_DISABLE_PLUGIN_AUTOLOAD"
# Subcommands of newslint itself, which no plugin may take over.
RESERVED_COMMANDS = frozenset({"rule", "rules", "report"})
# An entry-point name of this shape declares the code prefix its rules own.
PREFIX_NAME_RE = re.compile(r"^[A-Z]{1,5}[0-9]*$")


@dataclass(frozen=True)
class PluginInfo:
    """Where a plugin came from: shown by ``--version`` and in every error about it."""

    name: str
    distribution: str
    version: str
    prefix: Optional[str] = None

    @property
    def builtin(self) -> bool:
        return self.distribution == BUILTIN_DISTRIBUTION

    def __str__(self) -> str:
        return f"plugin {self.name!r} ({self.distribution} {self.version})"


@dataclass(frozen=True)
class PluginError:
    """A plugin problem: printed on standard error, makes the run exit 2."""

    plugin: PluginInfo
    message: str

    def __str__(self) -> str:
        return f"{self.plugin}: {self.message}"


@dataclass
class Registry:
    """What the plugins provided, validated."""

    rules: dict[str, type[Rule]] = field(default_factory=dict)
    rule_plugins: dict[str, PluginInfo] = field(default_factory=dict)
    readers: list[type[Reader]] = field(default_factory=list)
    reporters: dict[str, type[Reporter]] = field(default_factory=dict)
    plugins: list[PluginInfo] = field(default_factory=list)
    errors: list[PluginError] = field(default_factory=list)
    # Data files plugins contribute, by kind (absolute paths).
    data_files: dict[str, list[str]] = field(default_factory=dict)
    # Subcommands (``newslint kb ...``): name -> main(argv) -> exit code.
    commands: dict[str, Callable[[list[str]], int]] = field(default_factory=dict)

    def rule_by_name(self) -> dict[str, type[Rule]]:
        return {rule.name: rule for rule in self.rules.values()}


def _entry_points() -> list[tuple[EntryPoint, PluginInfo]]:
    """The entry points of the group with their plugin info, sorted by distribution and name.

    ``dist.name`` and ``dist.version`` parse the distribution's METADATA on every access
    (importlib.metadata caches nothing): read once per distribution, not three times per
    entry point (newslint alone has ~20), that was 0.2 s of every start.
    """
    found: dict[int, tuple[str, str]] = {}
    out = []
    for ep in entry_points(group=GROUP):
        dist = ep.dist
        if dist is not None and id(dist) not in found:
            metadata = dist.metadata
            found[id(dist)] = (metadata["Name"], metadata["Version"])
        name, version = found[id(dist)] if dist is not None else ("?", "?")
        prefix = ep.name if PREFIX_NAME_RE.match(ep.name) else None
        out.append((ep, PluginInfo(ep.name, name, version, prefix)))
    return sorted(out, key=lambda pair: (pair[1].distribution if pair[0].dist else "", pair[0].name))


def load_module_from_file(path: Path) -> ModuleType:
    """Import a local rule module (``--rulepath``) under a private, unique name."""
    name = f"newslint_local_rules.{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class PluginLoader:
    """Builds a :class:`Registry` from entry points and explicitly given plugins."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.registry = Registry()
        self._info_of: dict[str, PluginInfo] = {}

    # -- registration -------------------------------------------------------
    def register(self, plugin: object, info: PluginInfo) -> None:
        """Register one plugin object, recording (not raising) what is wrong with it."""
        misspelt = [
            attr
            for attr in dir(plugin)
            if attr.startswith("newslint_")
            and getattr(getattr(plugin, attr, None), "newslint_impl", None) is not None
            and not hasattr(self.pm.hook, attr)
        ]
        for attr in misspelt:
            self._error(info, f"implements unknown hook {attr!r} (misspelt?)")
        try:
            self.pm.register(plugin, name=info.name)
        except Exception as exc:  # pluggy.PluginValidationError, duplicate names
            self._error(info, f"cannot be registered: {exc}")
            return
        self._info_of[info.name] = info
        self.registry.plugins.append(info)

    def load_entry_points(self, *, autoload: bool = True, disabled: Sequence[str] = ()) -> None:
        """Load built-ins always, third-party plugins unless autoload is off or they are disabled."""
        for ep, info in _entry_points():
            if not info.builtin and (not autoload or ep.name in disabled or info.distribution in disabled):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # anything a broken plugin's import can raise
                self._error(info, f"failed to load {ep.value!r}: {type(exc).__name__}: {exc}")
                continue
            self.register(plugin, info)

    def load_rulepath(self, directories: Iterable[str]) -> None:
        """Register every ``*.py`` module in the given folders as a local plugin."""
        for directory in directories:
            folder = Path(directory)
            if not folder.is_dir():
                self._error(PluginInfo(str(directory), "rulepath", "local"), "is not a directory")
                continue
            for path in sorted(folder.glob("*.py")):
                if path.name.startswith("_"):
                    continue
                info = PluginInfo(path.stem, f"rulepath:{folder.as_posix()}", "local")
                try:
                    module = load_module_from_file(path)
                except Exception as exc:
                    self._error(info, f"failed to load {path.as_posix()}: {type(exc).__name__}: {exc}")
                    continue
                self.register(module, info)

    # -- collection -----------------------------------------------------------
    def collect(self) -> Registry:
        """Call each hook implementation in its own error boundary and validate the results."""
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self._error(self._info_for(getattr(exc, "plugin", None)), str(exc))
        for plugin_name, result in self._call_each("newslint_rules"):
            self._add_rules(self._info_of[plugin_name], result)
        for plugin_name, result in self._call_each("newslint_readers"):
            self._add_readers(self._info_of[plugin_name], result)
        for plugin_name, result in self._call_each("newslint_reporters"):
            self._add_reporters(self._info_of[plugin_name], result)
        for plugin_name, result in self._call_each("newslint_data_files", dict):
            self._add_data_files(self._info_of[plugin_name], result)
        for plugin_name, result in self._call_each("newslint_commands", dict):
            self._add_commands(self._info_of[plugin_name], result)
        self.registry.rules = dict(sorted(self.registry.rules.items()))
        return self.registry

    def _call_each(self, hook_name: str, returns: type = list) -> Iterable[tuple[str, Any]]:
        caller: pluggy.HookCaller = getattr(self.pm.hook, hook_name)
        # Registration order, so that results do not depend on pluggy's LIFO call order.
        impls = sorted(caller.get_hookimpls(), key=lambda impl: list(self._info_of).index(impl.plugin_name))
        for impl in impls:
            info = self._info_of[impl.plugin_name]
            try:
                result = impl.function()
            except Exception as exc:
                self._error(info, f"hook {hook_name} raised {type(exc).__name__}: {exc}")
                continue
            if result is None:
                continue
            if not isinstance(result, (list, tuple) if returns is list else returns):
                self._error(info, f"hook {hook_name} must return a {returns.__name__}, got {type(result).__name__}")
                continue
            yield impl.plugin_name, result

    def _add_rules(self, info: PluginInfo, rules: Sequence[Any]) -> None:
        registry = self.registry
        for rule in rules:
            if not (isinstance(rule, type) and issubclass(rule, Rule)):
                self._error(info, f"newslint_rules returned {rule!r}, which is not a newslint.Rule subclass")
                continue
            problems = rule.documentation_problems()
            if problems:
                self._error(info, f"rule {rule.__name__}: " + "; ".join(problems))
                continue
            if info.prefix and not rule.code.startswith(info.prefix):
                self._error(info, f"rule {rule.code} ({rule.name}) is outside the plugin's prefix {info.prefix!r}")
                continue
            if rule.code in registry.rules:
                other = registry.rule_plugins[rule.code]
                self._error(info, f"rule code {rule.code} is already provided by {other}")
                continue
            clash = registry.rule_by_name().get(rule.name)
            if clash is not None:
                self._error(info, f"rule name {rule.name!r} is already used by {clash.code}")
                continue
            registry.rules[rule.code] = rule
            registry.rule_plugins[rule.code] = info

    def _add_data_files(self, info: PluginInfo, files: dict[Any, Any]) -> None:
        for kind, paths in files.items():
            if not isinstance(kind, str) or not isinstance(paths, (list, tuple)):
                self._error(
                    info, f"newslint_data_files must map a kind name to a list of paths, got {kind!r}: {paths!r}"
                )
                continue
            self.registry.data_files.setdefault(kind, []).extend(str(Path(p).resolve()) for p in paths)

    def _add_commands(self, info: PluginInfo, commands: dict[Any, Any]) -> None:
        for name, main in commands.items():
            if not isinstance(name, str) or not callable(main):
                self._error(info, f"newslint_commands must map a name to a callable, got {name!r}: {main!r}")
            elif name in self.registry.commands or name in RESERVED_COMMANDS:
                self._error(info, f"subcommand {name!r} is already provided")
            else:
                self.registry.commands[name] = main

    def _add_readers(self, info: PluginInfo, readers: Sequence[Any]) -> None:
        for reader in readers:
            if isinstance(reader, type) and issubclass(reader, Reader) and getattr(reader, "name", None):
                self.registry.readers.append(reader)
            else:
                self._error(
                    info, f"newslint_readers returned {reader!r}, which is not a named newslint.Reader subclass"
                )

    def _add_reporters(self, info: PluginInfo, reporters: Sequence[Any]) -> None:
        for reporter in reporters:
            if not (isinstance(reporter, type) and issubclass(reporter, Reporter) and getattr(reporter, "name", None)):
                self._error(
                    info, f"newslint_reporters returned {reporter!r}, which is not a named newslint.Reporter subclass"
                )
            elif reporter.name in self.registry.reporters:
                self._error(info, f"output format {reporter.name!r} is already provided")
            else:
                self.registry.reporters[reporter.name] = reporter

    def _info_for(self, plugin: object) -> PluginInfo:
        name = self.pm.get_name(plugin) if plugin is not None else None
        return self._info_of.get(name or "", PluginInfo(str(name), "?", "?"))

    def _error(self, info: PluginInfo, message: str) -> None:
        self.registry.errors.append(PluginError(info, message))


def load_registry(
    *,
    autoload: Optional[bool] = None,
    disabled: Sequence[str] = (),
    rulepath: Sequence[str] = (),
    extra: Sequence[tuple[object, PluginInfo]] = (),
) -> Registry:
    """Load every plugin and return the validated registry.

    ``autoload`` defaults to the environment: ``NEWSLINT_DISABLE_PLUGIN_AUTOLOAD=1``
    loads only newslint's own plugins. ``extra`` registers plugin objects
    directly (tests, embedding applications).
    """
    if autoload is None:
        autoload = os.environ.get(AUTOLOAD_ENV, "").strip().lower() not in {"1", "true", "yes"}
    loader = PluginLoader()
    loader.load_entry_points(autoload=autoload, disabled=disabled)
    loader.load_rulepath(rulepath)
    for plugin, info in extra:
        loader.register(plugin, info)
    return loader.collect()

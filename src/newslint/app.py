"""The composition root: settings -> registry -> selection -> Linter -> run -> report.

Everything that builds a newslint run goes through here: the command line
(:mod:`newslint.cli` only parses arguments and maps an :class:`Outcome` to an
exit code), the datatrove steps, the Dask runner, :mod:`newslint.testing` and
the benchmarks. Nothing here parses arguments or knows exit codes, and nothing
here imports a particular rule: rules arrive through the plugin registry.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, TextIO, Union

from . import __version__
from .config import ConfigError, Settings, build_settings, did_you_mean
from .engine import Linter, ShardResult, Unreadable, Walker, run
from .model import Severity
from .plugins import PluginInfo, Registry, load_registry
from .readers.base import InputOptions, Source
from .reporters.base import Reporter, ReportContext, RuleInfo, Summary
from .reporters.output import OutputFile
from .rule import Rule, RunContext
from .selection import ActiveRule, DiagnosticInfo, IgnoreTable, diagnostics_table, select_rules


class UsageError(Exception):
    """A command-line usage problem (exit 2): a missing Dask, an unreachable scheduler."""


@dataclass(frozen=True)
class Application:
    """One configured run: what was read, what was loaded, what was selected, and the engine."""

    settings: Settings
    root: Path  # the configuration file's folder (paths in the configuration are relative to it)
    config_path: Optional[Path]
    registry: Registry
    rules: tuple[ActiveRule, ...]
    diagnostics: Mapping[str, Optional[DiagnosticInfo]]
    linter: Linter

    @property
    def errors(self) -> list[str]:
        """Plugin problems: printed, and the run exits 2 (after linting with what did load)."""
        return [str(error) for error in self.registry.errors]

    def rule_infos(self) -> dict[str, RuleInfo]:
        return rule_infos(self.registry)

    def selected_codes(self) -> list[str]:
        return [a.code for a in self.rules] + [code for code, info in self.diagnostics.items() if info is not None]


# -- building -------------------------------------------------------------------
def load_settings(
    cli_values: Mapping[str, Any],
    *,
    config_file: Optional[Path] = None,
    search_from: Optional[Path] = None,
    isolated: bool = False,
    environ: Optional[Mapping[str, str]] = None,
) -> tuple[Settings, Path, Optional[Path]]:
    """Settings (command line over environment over config file), their root folder and the file used."""
    settings, config_path = build_settings(
        cli_values, config_file=config_file, search_from=search_from, isolated=isolated, environ=environ
    )
    return settings, (config_path.parent if config_path else Path.cwd()), config_path


def configured_registry(
    settings: Settings, root: Path, extra: Iterable[tuple[object, PluginInfo]] = ()
) -> Registry:
    """Installed plugins, local rule modules (``rulepath``), declarative rules and ``extra`` plugin objects."""
    from .declarative import load_declarative_rules

    declared = load_declarative_rules([root / p for p in settings.declarative_rules])
    return load_registry(
        disabled=settings.disable_plugins,
        rulepath=[str(root / p) for p in settings.rulepath],
        extra=[*declared, *extra],
    )


def installed_registry() -> Registry:
    """Every installed plugin, without any configuration (``newslint --version``)."""
    return load_registry()


def run_context(settings: Settings, registry: Registry, root: Path) -> RunContext:
    """The data files rules read, by kind: the plugins' and the configured ones (absolute paths)."""
    kinds = sorted({*registry.data_files, *settings.data_files})
    return RunContext(
        data={
            kind: (
                *registry.data_files.get(kind, ()),
                *(str((root / path).resolve()) for path in settings.data_files.get(kind, ())),
            )
            for kind in kinds
        },
        replace_bundled=frozenset(settings.replace_bundled_data),
    )


def make_linter(
    settings: Settings,
    rules: Iterable[ActiveRule],
    readers: Iterable[Any],
    diagnostics: Optional[Mapping[str, Optional[DiagnosticInfo]]],
    root: Path,
) -> Linter:
    """The engine configured from settings."""
    return Linter(
        list(rules),
        list(readers),
        diagnostics=diagnostics,
        input_options=InputOptions(
            text_field=settings.text_field,
            id_field=settings.id_field,
            preset=settings.preset,
            max_record_bytes=settings.max_record_bytes,
            max_file_bytes=settings.max_file_bytes,
        ),
        ignores=IgnoreTable(
            tuple((k, tuple(v)) for k, v in settings.per_file_ignores.items()),
            tuple((k, tuple(v)) for k, v in settings.per_host_ignores.items()),
        ),
        rule_timeout=settings.rule_timeout,
        relative_to=str(root.resolve()),
        max_findings_per_file=settings.max_findings_per_file,
        read_timeout=settings.read_timeout,
    )


def build(
    settings: Settings,
    root: Path,
    config_path: Optional[Path] = None,
    *,
    registry: Optional[Registry] = None,
    extra: Iterable[tuple[object, PluginInfo]] = (),
) -> Application:
    """Registry, selection and engine for ``settings`` (raises ConfigError on unknown codes/options)."""
    if registry is None:
        registry = configured_registry(settings, root, extra)
    rules = select_rules(registry.rules, settings, run_context(settings, registry, root))
    diagnostics = diagnostics_table(registry.rules, settings)
    linter = make_linter(settings, rules, registry.readers, diagnostics, root)
    return Application(settings, root, config_path, registry, tuple(rules), diagnostics, linter)


def from_settings(
    values: Optional[Mapping[str, Any]] = None,
    *,
    config_file: Optional[Union[str, Path]] = None,
    search_from: Optional[Path] = None,
    isolated: bool = False,
    extra: Iterable[tuple[object, PluginInfo]] = (),
) -> Application:
    """An application from setting overrides (``{"select": ["NL2"]}``), as embedding code builds one."""
    settings, root, config_path = load_settings(
        dict(values or {}),
        config_file=Path(config_file) if config_file is not None else None,
        search_from=search_from,
        isolated=isolated,
    )
    return build(settings, root, config_path, extra=extra)


def rule_linter(
    rules: Iterable[type[Rule]],
    options: Optional[Mapping[str, Mapping[str, Any]]] = None,
    context: Optional[RunContext] = None,
) -> Linter:
    """An engine for exactly these rule classes with their default severities (testing, benchmarks).

    ``options`` maps a code to its options table as written in the configuration.
    Diagnostics are stamped with their defaults, as in a run without settings.
    """
    from .selection import build_options

    active = []
    for rule in rules:
        opts = build_options(rule, (options or {}).get(rule.code, {}), f"rules.{rule.code}")
        active.append(ActiveRule(rule.code, rule.name, rule.default_severity, rule(opts, context)))
    return Linter(active, [], diagnostics=None)


def rule_infos(registry: Registry) -> dict[str, RuleInfo]:
    return {
        code: RuleInfo(
            code, rule.name, rule.summary(), rule.documentation(), rule.default_severity,
            registry.rule_plugins[code].distribution,
        )
        for code, rule in registry.rules.items()
    }


# -- running --------------------------------------------------------------------
def sources_for(app: Application, paths: list[str], stdin: Optional[tuple[bytes, str]] = None) -> Callable[[], Iterable[Union[Source, Unreadable]]]:
    """What to lint: ``paths`` walked (once per pass), or one document read from standard input."""
    if stdin is not None:
        data, name = stdin
        source = Source.from_stdin(data, Source.from_path(name).format_suffix if name != "-" else "")
        return lambda: [source]  # read once, linted in every pass
    settings = app.settings
    walker = Walker(app.linter.table, [*settings.exclude, *settings.extend_exclude], app.root, settings.force_exclude)
    return lambda: walker.walk(paths)


def execute(app: Application, sources: Callable[[], Iterable[Union[Source, Unreadable]]]) -> Iterator[ShardResult]:
    """Results in source order: on a Dask cluster (``scheduler``) or on this machine's processes."""
    settings = app.settings
    if not settings.scheduler:
        return run(app.linter, sources, settings.effective_jobs())
    from .engine.dask import DASK_MISSING, dask_available

    if not dask_available():
        raise UsageError(DASK_MISSING)
    from .engine.dask import run_dask

    try:
        return run_dask(app.linter, sources, settings.scheduler)
    except OSError as exc:  # refused, unresolvable or timed out
        raise UsageError(f"cannot reach the Dask scheduler {settings.scheduler!r}: {exc}") from None


# -- reporting ------------------------------------------------------------------
@dataclass
class Outcome:
    """What a run found, for the caller to turn into an exit code."""

    summary: Summary
    failed: bool  # a reported finding at or above fail-on
    plugin_errors: list[str] = field(default_factory=list)


class Progress:
    """A one-line counter on standard error; silent unless asked or on a terminal outside CI."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.last = 0.0

    def update(self, summary: Summary, force: bool = False) -> None:
        now = time.monotonic()
        if self.enabled and (force or now - self.last > 0.2):
            self.last = now
            sys.stderr.write(
                f"\rnewslint: {summary.files} files, {summary.documents} documents, {summary.findings} findings"
            )
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def write_statistics(summary: Summary, infos: Mapping[str, RuleInfo], stream: TextIO) -> None:
    for code, count in sorted(summary.by_code.items(), key=lambda item: (-item[1], item[0])):
        info = infos.get(code)
        stream.write(f"{count:>7}  {code:<7} {info.name if info else ''}\n")


def reporter_class(app: Application) -> type[Reporter]:
    name = app.settings.output_format
    reporter_cls = app.registry.reporters.get(name)
    if reporter_cls is None:
        raise ConfigError(
            f"unknown output format {name!r}{did_you_mean(name, app.registry.reporters)}; "
            f"available: {', '.join(sorted(app.registry.reporters))}"
        )
    return reporter_cls


def lint_and_report(
    app: Application,
    sources: Callable[[], Iterable[Union[Source, Unreadable]]],
    *,
    baseline_file: Optional[str] = None,
    write_baseline: Optional[str] = None,
) -> Outcome:
    """Run the linter and hand every finding to the configured reporter (and baseline)."""
    settings = app.settings
    reporter_cls = reporter_class(app)
    baseline, baseline_writer = None, None
    if baseline_file is not None or write_baseline is not None or settings.baseline:
        from .baseline import for_run  # only runs with a baseline pay for it

        baseline, baseline_writer = for_run(baseline_file, settings.baseline, write_baseline, app.root, __version__)
    infos = app.rule_infos()
    report_context = ReportContext(rules=infos, tool_version=__version__, working_directory=str(Path.cwd()))
    summary = Summary()
    show = settings.show_progress
    if show is None:
        show = sys.stderr.isatty() and not os.environ.get("CI") and not settings.quiet
    progress = Progress(bool(show))
    failing = Severity(settings.fail_on).rank
    failed = False
    # Before the output file exists: a missing Dask or an unreachable scheduler is a usage error.
    results = execute(app, sources)
    with OutputFile(settings.output_file) as stream:
        reporter: Reporter = reporter_cls(stream, report_context)
        reporter.start()
        for result in results:
            summary.files += result.first_part  # a file split into shards counts once
            summary.documents += result.documents
            if baseline is not None:
                baseline.linted(result.path)
            for finding in result.findings:
                if baseline_writer is not None:  # recorded as known: nothing is reported
                    baseline_writer.add(finding)
                    continue
                if baseline is not None and baseline.known(finding):
                    continue
                summary.add(finding)
                failed = failed or finding.severity.rank >= failing
                reporter.report(finding)
            progress.update(summary)
        progress.close()
        reporter.finish(summary)
        side = stream if reporter_cls.human and settings.output_file is None else sys.stderr
        if settings.statistics:
            write_statistics(summary, infos, side)
        if not settings.quiet:
            side.write(summary.line() + "\n")
        if baseline is not None and not settings.quiet:
            sys.stderr.write(baseline.summary_line(app.selected_codes()) + "\n")
    if baseline_writer is not None:
        written = baseline_writer.write()
        if not settings.quiet:
            sys.stderr.write(written + "\n")
    return Outcome(summary, failed, app.errors)

"""The composition root: settings -> registry -> selection -> Linter -> run -> report.

Everything that builds a newslint run goes through here: the command line
(:mod:`newslint.cli` only parses arguments and maps an :class:`Outcome` to an
exit code), the datatrove steps, the Dask runner, :mod:`newslint.testing` and
the benchmarks. Nothing here parses arguments or knows exit codes, and nothing
here imports a particular rule: rules arrive through the plugin registry.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, TextIO, Union

from . import __version__
from .arguments import UsageError
from .config import ConfigError, Settings, build_settings, did_you_mean
from .engine import Linter, ShardResult, Unreadable, Walker, run
from .model import Severity
from .plugins import PluginInfo, Registry, load_registry
from .readers.base import InputOptions, Source
from .reporters.base import ReportContext, Reporter, RuleInfo, Summary
from .reporters.output import OutputFile
from .rule import Rule, RunContext
from .selection import ActiveRule, DiagnosticInfo, IgnoreTable, diagnostics_table, select_rules
from .terminal import LiveStream, Progress, color_enabled, colour_summary, is_terminal


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


def configured_registry(settings: Settings, root: Path, extra: Iterable[tuple[object, PluginInfo]] = ()) -> Registry:
    """Installed plugins, local rule modules (``rulepath``), declarative rules and ``extra`` plugin objects."""
    from .packs.declarative import load_declarative_rules

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
        preview=settings.preview,
    )


def make_linter(
    settings: Settings,
    rules: Iterable[ActiveRule],
    readers: Iterable[Any],
    diagnostics: Optional[Mapping[str, Optional[DiagnosticInfo]]],
    root: Path,
    *,
    collect_document_stats: bool = False,
) -> Linter:
    """The engine configured from settings (``collect_document_stats``: for ``newslint report``)."""
    return Linter(
        list(rules),
        list(readers),
        diagnostics=diagnostics,
        collect_document_stats=collect_document_stats,
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
            per_document=document_ignores(settings, root),
            record_field=settings.ignore_field,
        ),
        rule_timeout=settings.rule_timeout,
        relative_to=str(root.resolve()),
        max_findings_per_file=settings.max_findings_per_file,
        read_timeout=settings.read_timeout,
    )


def document_ignores(settings: Settings, root: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``per-document-ignores`` and the ignore files' tables (read only when configured)."""
    if not settings.per_document_ignores and not settings.ignore_files:
        return ()
    from .suppress import per_document_ignores

    return per_document_ignores(settings.per_document_ignores, settings.ignore_files, root)


def build(
    settings: Settings,
    root: Path,
    config_path: Optional[Path] = None,
    *,
    registry: Optional[Registry] = None,
    extra: Iterable[tuple[object, PluginInfo]] = (),
    collect_document_stats: bool = False,
) -> Application:
    """Registry, selection and engine for ``settings`` (raises ConfigError on unknown codes/options)."""
    if registry is None:
        registry = configured_registry(settings, root, extra)
    rules = select_rules(registry.rules, settings, run_context(settings, registry, root))
    diagnostics = diagnostics_table(registry.rules, settings)
    linter = make_linter(
        settings, rules, registry.readers, diagnostics, root, collect_document_stats=collect_document_stats
    )
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
            code,
            rule.name,
            rule.summary(),
            rule.documentation(),
            rule.default_severity,
            registry.rule_plugins[code].distribution,
        )
        for code, rule in registry.rules.items()
    }


# -- running --------------------------------------------------------------------
def sources_for(
    app: Application, paths: list[str], stdin: Optional[tuple[bytes, str]] = None
) -> Callable[[], Iterable[Union[Source, Unreadable]]]:
    """What to lint: ``paths`` walked (once per pass), or one document read from standard input."""
    if stdin is not None:
        data, name = stdin
        source = Source.from_stdin(data, Source.from_path(name).format_suffix if name != "-" else "")
        return lambda: [source]  # read once, linted in every pass
    check_paths_exist(paths)
    settings = app.settings
    walker = Walker(app.linter.table, [*settings.exclude, *settings.extend_exclude], app.root, settings.force_exclude)
    return lambda: walker.walk(paths)


def check_paths_exist(paths: Iterable[str]) -> None:
    """A path given to lint that does not exist is a usage error, not a finding (a typo must not pass CI).

    A dangling symlink exists (it is reported as NL901 where it is read).
    """
    from .remote import RemoteError, check_exists, is_url

    missing = [p for p in paths if p != "-" and not is_url(p) and not os.path.lexists(p)]
    if missing:
        raise UsageError("; ".join(f"{p}: no such file or directory" for p in missing))
    for url in (p for p in paths if is_url(p)):
        try:
            check_exists(url)
        except RemoteError as exc:
            raise UsageError(str(exc)) from None


def execute(
    app: Application,
    sources: Callable[[], Iterable[Union[Source, Unreadable]]],
    *,
    shard: bool = False,
    track: Optional[Callable[[Callable[[], Iterable[Any]]], Callable[[], Iterable[Any]]]] = None,
) -> Iterator[ShardResult]:
    """Results in source order: on a Dask cluster (``scheduler``) or on this machine's processes.

    ``shard``: split large JSON Lines files into byte ranges at ``-j 1`` too (the
    progress bar then moves inside them; the findings are the same either way).
    ``track`` wraps the sources for the progress bar (see :meth:`Progress.track`).
    """
    settings = app.settings
    if shard and not settings.scheduler and settings.effective_jobs() <= 1:
        from .engine.sharding import expand

        whole = sources
        sources = lambda: expand(whole())  # noqa: E731
    if track is not None:
        sources = track(sources)
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


def recorded_line(summary: Summary, baseline: bool = True) -> str:
    """The closing line of ``--write-baseline``/``--add-ignore``: what was recorded, not "0 warnings"."""
    return f"{summary.checked()}: recorded {summary.counts()} in the {'baseline' if baseline else 'ignore file'}; none reported."


def nothing_checked(summary: Summary) -> str:
    """The warning for a run that checked no document (an empty folder, excludes that took everything)."""
    if summary.files == 0:
        return "newslint: warning: no document was checked: no file newslint reads was found under the given paths"
    return "newslint: warning: no document was checked: the files hold no document"


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
    add_ignore: Optional[str] = None,
) -> Outcome:
    """Run the linter and hand every finding to the configured reporter (and baseline).

    ``add_ignore``: a file to add every finding to as a per-document ignore
    (``--add-ignore``); nothing is reported then, as with ``write_baseline``.
    """
    settings = app.settings
    reporter_cls = reporter_class(app)
    baseline, baseline_writer = None, None
    if baseline_file is not None or write_baseline is not None or settings.baseline:
        from .baseline import for_run  # only runs with a baseline pay for it

        baseline, baseline_writer = for_run(baseline_file, settings.baseline, write_baseline, app.root, __version__)
    recorder: Optional[Any] = baseline_writer
    ignore_writer = None
    if add_ignore is not None and write_baseline is not None:
        raise UsageError("--add-ignore and --write-baseline record findings in different files: give one")
    if add_ignore is not None:
        from .suppress import IgnoreFileWriter

        recorder = ignore_writer = IgnoreFileWriter(Path(add_ignore))
    infos = app.rule_infos()
    # Colour only for a human format on standard output (never in an -o file).
    color = reporter_cls.human and settings.output_file is None and color_enabled(settings.color, sys.stdout)
    report_context = ReportContext(
        rules=infos, tool_version=__version__, working_directory=str(Path.cwd()), color=color
    )
    summary = Summary()
    show = settings.show_progress
    if show is None:
        show = is_terminal(sys.stderr) and not os.environ.get("CI") and not settings.quiet
    failing = Severity(settings.fail_on).rank
    failed = False
    # A run without the compiled pattern databases compiles them beside it (the next run starts with
    # them); the block waits for that at its end, or stops it on an error, so no process outlives the run.
    from .packs.index import compile_in_background

    with contextlib.nullcontext() if settings.scheduler else compile_in_background():
        # Before the output file exists: a missing Dask or an unreachable scheduler is a usage error.
        progress = Progress(bool(show), sources, passes=2 if app.linter.corpus_rules else 1)
        try:
            results = execute(app, sources, shard=bool(show), track=progress.track)
        except BaseException:
            progress.close()
            raise
        with OutputFile(settings.output_file) as stream:
            if progress.bar is not None and stream is sys.stdout and is_terminal(stream):
                stream = LiveStream(progress, stream)  # type: ignore[assignment]  # findings print above the bar
            reporter: Reporter = reporter_cls(stream, report_context)
            reporter.start()
            for result in results:
                summary.files += result.first_part  # a file split into shards counts once
                summary.documents += result.documents
                if baseline is not None:
                    baseline.linted(result.path)
                for finding in result.findings:
                    if recorder is not None:  # recorded as known: nothing is reported
                        recorder.add(finding)
                        summary.add(finding)  # counted for the closing line ("recorded"), never failing
                        continue
                    if baseline is not None and baseline.known(finding):
                        continue
                    summary.add(finding)
                    failed = failed or finding.severity.rank >= failing
                    reporter.report(finding)
                progress.update(summary, result)
            progress.close()
            reporter.finish(summary)
            side = stream if reporter_cls.human and settings.output_file is None else sys.stderr
            if settings.statistics:
                write_statistics(summary, infos, side)
            if not settings.quiet:
                if recorder is not None:
                    closing = recorded_line(summary, recorder is baseline_writer)
                else:
                    closing = colour_summary(summary) if color and side is stream else summary.line()
                side.write(closing + "\n")
                if summary.documents == 0:
                    sys.stderr.write(nothing_checked(summary) + "\n")
            if baseline is not None and not settings.quiet:
                sys.stderr.write(baseline.summary_line(app.selected_codes()) + "\n")
    if recorder is not None:
        if ignore_writer is not None:
            target = ignore_writer.path.resolve()
            written = ignore_writer.write(any((app.root / name).resolve() == target for name in settings.ignore_files))
        else:
            written = recorder.write()
        if not settings.quiet:
            sys.stderr.write(written + "\n")
    return Outcome(summary, failed, app.errors)

"""The command line: argument parsing, wiring and exit codes, nothing clever.

Exit codes: 0 no finding at or above ``--fail-on``; 1 such findings; 2 usage,
configuration, plugin or internal error (also with ``--exit-zero``); 130 when
interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence, TextIO

from . import __version__
from . import baseline as baselines
from .config import ConfigError, Settings, build_settings, did_you_mean
from .discovery import Walker
from .engine import Linter, ShardResult, run
from .model import Severity
from .plugins import Registry, load_registry
from .readers.base import InputOptions, Source
from .reporters.base import Reporter, ReportContext, RuleInfo, Summary
from .rule import RunContext
from .selection import IgnoreTable, select_rules

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
SUBCOMMANDS = ("rule", "rules", "kb")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 as well, but without our prefix
        raise UsageError(message)


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="newslint",
        description="Lint scraped news corpora for leftover boilerplate, error pages, duplicated captions, "
        "truncation and mismatched entity roles.",
        epilog="Subcommands: 'newslint rule CODE' explains a rule, 'newslint rules' lists them all.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to lint ('-' for standard input; default: .)")
    sel = p.add_argument_group("rule selection")
    sel.add_argument("--select", type=_codes, help="comma-separated codes or prefixes to enable (ALL for every rule)")
    sel.add_argument("--extend-select", type=_codes, help="codes or prefixes to enable on top of 'select'")
    sel.add_argument("--ignore", type=_codes, help="codes or prefixes to disable")
    out = p.add_argument_group("output")
    out.add_argument("--output-format", help="concise (default), full, json, json-lines, github, sarif, junit, gitlab, ...")
    out.add_argument("-o", "--output-file", help="write findings to this file instead of standard output")
    out.add_argument("--statistics", action="store_true", default=None, help="also print the number of findings per rule")
    out.add_argument("-q", "--quiet", action="store_true", default=None, help="print findings only: no summary line")
    out.add_argument("--show-progress", action=argparse.BooleanOptionalAction, default=None,
                     help="progress on standard error (default: when it is a terminal and not in CI)")
    ex = p.add_argument_group("exit status")
    ex.add_argument("--exit-zero", action="store_true", default=None, help="exit 0 even when findings are reported")
    ex.add_argument("--fail-on", choices=[s.value for s in Severity], help="lowest severity that makes the run fail (default: info)")
    ex.add_argument("--baseline", metavar="FILE",
                    help="report only findings not recorded in this baseline file (overrides the 'baseline' setting)")
    ex.add_argument("--write-baseline", metavar="FILE",
                    help="record every finding of this run in FILE as the baseline, report none, exit 0")
    inp = p.add_argument_group("input")
    inp.add_argument("--text-field", help="record field holding the document text")
    inp.add_argument("--id-field", help="record field holding the document id")
    inp.add_argument("--preset", help="field-mapping preset for JSON records (default: auto)")
    inp.add_argument("--stdin-filename", help="name (and so format, by extension) of the document read from '-'")
    inp.add_argument("--exclude", type=_codes, help="comma-separated globs to skip (replaces the configured list)")
    inp.add_argument("--extend-exclude", type=_codes, help="globs to skip on top of 'exclude'")
    inp.add_argument("--force-exclude", action="store_true", default=None,
                     help="apply excludes to files named on the command line too (for pre-commit)")
    run_ = p.add_argument_group("running")
    run_.add_argument("-j", "--jobs", type=int, help="worker processes (default: all cores)")
    run_.add_argument("--scheduler", metavar="ADDRESS",
                      help="run on a Dask cluster: scheduler address (tcp://host:8786) or 'local' (extra newslint[dask])")
    run_.add_argument("--config", help="use this newslint.toml / pyproject.toml instead of searching")
    run_.add_argument("--isolated", action="store_true", help="ignore configuration files")
    run_.add_argument("--rulepath", action="append", help="folder of local rule modules to load (repeatable)")
    run_.add_argument("--disable-plugin", action="append", dest="disable_plugins", help="do not load this third-party plugin")
    p.add_argument("--version", action="store_true", help="print the version and the loaded plugins")
    return p


def _cli_values(args: argparse.Namespace) -> dict[str, Any]:
    keys = (
        "select", "extend_select", "ignore", "output_format", "output_file", "statistics", "quiet", "show_progress",
        "exit_zero", "fail_on", "text_field", "id_field", "preset", "exclude", "extend_exclude", "force_exclude",
        "jobs", "scheduler", "rulepath", "disable_plugins",
    )
    return {key: getattr(args, key) for key in keys if getattr(args, key) is not None}


# -- subcommands -----------------------------------------------------------------
def rule_infos(registry: Registry) -> dict[str, RuleInfo]:
    return {
        code: RuleInfo(code, rule.name, rule.summary(), rule.documentation(), rule.default_severity,
                       registry.rule_plugins[code].distribution)
        for code, rule in registry.rules.items()
    }


def configured_registry(settings: Settings, root: Path) -> Registry:
    """Installed plugins, local rule modules (``rulepath``) and declarative rules, as configured."""
    from .packs.declarative import load_declarative_rules

    declared = load_declarative_rules([root / p for p in settings.declarative_rules])
    # 'extra' only when there is something to add: test suites wrap load_registry with their own 'extra'.
    extra: dict[str, Any] = {"extra": declared} if declared else {}
    return load_registry(disabled=settings.disable_plugins, rulepath=[str(root / p) for p in settings.rulepath], **extra)


def _registry_from_config() -> Registry:
    """The registry for ``rule``/``rules``: the configuration found from the working directory applies."""
    settings, path = build_settings({}, search_from=Path.cwd())
    return configured_registry(settings, path.parent if path else Path.cwd())


def cmd_rule(argv: Sequence[str], out: TextIO) -> int:
    registry = _registry_from_config()
    _print_plugin_errors(registry)
    if not argv:
        raise UsageError("usage: newslint rule CODE (or NAME)")
    key = argv[0]
    rule = registry.rules.get(key.upper()) or registry.rule_by_name().get(key)
    if rule is None:
        raise UsageError(f"unknown rule {key!r}{did_you_mean(key, [*registry.rules, *registry.rule_by_name()])}")
    plugin = registry.rule_plugins[rule.code]
    out.write(f"# {rule.code} {rule.name}\n\n")
    out.write(f"Default severity: {rule.default_severity}. Provided by {plugin.distribution} {plugin.version}.\n\n")
    out.write(rule.documentation() + "\n")
    fields = rule.Options.model_fields
    if fields:
        out.write("\nOption defaults:\n")
        for name, field in fields.items():
            out.write(f"    {field.alias or name} = {json.dumps(field.get_default(call_default_factory=True), default=str)}\n")
    return EXIT_ERROR if registry.errors else EXIT_OK


def cmd_rules(argv: Sequence[str], out: TextIO) -> int:
    """``newslint rules [--format text|json|markdown]``: every rule, plugins included."""
    parser = _Parser(prog="newslint rules")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    fmt = parser.parse_args(list(argv)).format
    registry = _registry_from_config()
    _print_plugin_errors(registry)
    infos = list(rule_infos(registry).values())
    if fmt == "json":
        json.dump([{"code": i.code, "name": i.name, "severity": i.default_severity.value, "plugin": i.plugin,
                    "summary": i.summary} for i in infos], out, indent=2)
        out.write("\n")
    elif fmt == "markdown":
        out.write("| code | name | default severity | what it reports |\n|---|---|---|---|\n")
        for i in infos:
            summary = i.summary.replace("|", "\\|")
            out.write(f"| `{i.code}` | `{i.name}` | {i.default_severity.value} | {summary} |\n")
    else:
        width = max((len(i.name) for i in infos), default=4)
        for i in infos:
            out.write(f"{i.code:<7} {i.name:<{width}}  {i.default_severity.value:<7}  {i.summary}\n")
    return EXIT_ERROR if registry.errors else EXIT_OK


def _print_plugin_errors(registry: Registry) -> None:
    for error in registry.errors:
        print(f"newslint: error: {error}", file=sys.stderr)


def print_version(out: TextIO) -> int:
    registry = load_registry()
    out.write(f"newslint {__version__}\n")
    third_party = [p for p in registry.plugins if not p.builtin]
    if third_party:
        out.write("plugins:\n")
        for plugin in third_party:
            codes = sorted(code for code, info in registry.rule_plugins.items() if info.name == plugin.name)
            listed = f": {', '.join(codes)}" if codes else ""
            out.write(f"  {plugin.name} ({plugin.distribution} {plugin.version}){listed}\n")
    _print_plugin_errors(registry)
    return EXIT_ERROR if registry.errors else EXIT_OK


# -- linting ---------------------------------------------------------------------
class Progress:
    """A one-line counter on standard error; silent unless asked or on a terminal outside CI."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.last = 0.0

    def update(self, summary: Summary, force: bool = False) -> None:
        now = time.monotonic()
        if self.enabled and (force or now - self.last > 0.2):
            self.last = now
            sys.stderr.write(f"\rnewslint: {summary.files} files, {summary.documents} documents, {summary.findings} findings")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def write_statistics(summary: Summary, infos: dict[str, RuleInfo], stream: TextIO) -> None:
    for code, count in sorted(summary.by_code.items(), key=lambda item: (-item[1], item[0])):
        info = infos.get(code)
        stream.write(f"{count:>7}  {code:<7} {info.name if info else ''}\n")


def lint(args: argparse.Namespace) -> int:
    paths = args.paths or ["."]
    search_from = Path(paths[0]) if paths[0] != "-" else Path.cwd()
    config_file = Path(args.config) if args.config else None
    settings, config_path = build_settings(
        _cli_values(args), config_file=config_file, search_from=search_from, isolated=args.isolated
    )
    root = config_path.parent if config_path else Path.cwd()

    registry = configured_registry(settings, root)
    _print_plugin_errors(registry)
    active = select_rules(registry.rules, settings, run_context(settings, registry, root))
    reporter_cls = registry.reporters.get(settings.output_format)
    if reporter_cls is None:
        raise ConfigError(f"unknown output format {settings.output_format!r}"
                          f"{did_you_mean(settings.output_format, registry.reporters)}; "
                          f"available: {', '.join(sorted(registry.reporters))}")
    linter = make_linter(settings, registry, active, root)
    baseline, baseline_writer = baselines.for_run(args.baseline, settings.baseline, args.write_baseline, root, __version__)
    infos = rule_infos(registry)
    report_context = ReportContext(rules=infos, tool_version=__version__, working_directory=str(Path.cwd()))

    walker = Walker(linter.table, [*settings.exclude, *settings.extend_exclude], root, settings.force_exclude)
    if paths == ["-"]:
        name = args.stdin_filename or "-"
        stdin = Source.from_stdin(sys.stdin.buffer.read(), Source.from_path(name).format_suffix if args.stdin_filename else "")
        sources: Any = lambda: [stdin]  # noqa: E731 - read once, linted in every pass
    else:
        sources = lambda: walker.walk(paths)  # noqa: E731 - walked again for each pass

    summary = Summary()
    show = settings.show_progress
    if show is None:
        show = sys.stderr.isatty() and not os.environ.get("CI") and not settings.quiet
    progress = Progress(bool(show))
    failing = Severity(settings.fail_on).rank
    failed = False
    # Before the output file exists: a missing Dask or an unreachable scheduler is a usage error.
    results = _runner(linter, sources, settings)
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
            sys.stderr.write(baseline.summary_line(a.code for a in active) + "\n")
    if baseline_writer is not None:
        written = baseline_writer.write()
        if not settings.quiet:
            sys.stderr.write(written + "\n")
    if registry.errors:
        return EXIT_ERROR
    if settings.exit_zero or not failed:
        return EXIT_OK
    return EXIT_FINDINGS


def _runner(linter: Linter, sources: Any, settings: Settings) -> Iterator[ShardResult]:
    """Results in source order: on a Dask cluster (``scheduler``) or on this machine's processes."""
    if not settings.scheduler:
        return run(linter, sources, settings.effective_jobs())
    from .distributed import DASK_MISSING, dask_available

    if not dask_available():
        raise UsageError(DASK_MISSING)
    from .distributed.dask_runner import run_dask

    try:
        return run_dask(linter, sources, settings.scheduler)
    except OSError as exc:  # refused, unresolvable or timed out
        raise UsageError(f"cannot reach the Dask scheduler {settings.scheduler!r}: {exc}") from None


def run_context(settings: Settings, registry: Registry, root: Path) -> RunContext:
    """The data files rules read: plugins' and configured packs and knowledge base."""
    kinds = sorted({*registry.data_files, *settings.data_files})
    return RunContext(
        data={
            kind: (*registry.data_files.get(kind, ()), *(str((root / p).resolve()) for p in settings.data_files.get(kind, ())))
            for kind in kinds
        },
        replace_bundled=frozenset(settings.replace_bundled_data),
    )


def linter_from_settings(settings: Settings, root: Path) -> tuple[Linter, Registry]:
    """Registry, selection and engine as ``newslint`` builds them (for embedding: datatrove steps)."""
    registry = configured_registry(settings, root)
    active = select_rules(registry.rules, settings, run_context(settings, registry, root))
    return make_linter(settings, registry, active, root), registry


def make_linter(settings: Settings, registry: Registry, active, root: Path) -> Linter:
    """The engine configured from settings: used by the CLI and by embedding code."""
    return Linter(
        active,
        registry.readers,
        all_rules=registry.rules,
        input_options=InputOptions(
            text_field=settings.text_field, id_field=settings.id_field, preset=settings.preset,
            max_record_bytes=settings.max_record_bytes, max_file_bytes=settings.max_file_bytes,
        ),
        ignores=IgnoreTable(
            tuple((k, tuple(v)) for k, v in settings.per_file_ignores.items()),
            tuple((k, tuple(v)) for k, v in settings.per_host_ignores.items()),
        ),
        severity_overrides=settings.severity,
        rule_timeout=settings.rule_timeout,
        relative_to=str(root.resolve()),
    )


class OutputFile:
    """Standard output, or a file written under a temporary name and renamed on success.

    An interrupted or failed run never leaves an output file that looks complete.
    """

    def __init__(self, path: Optional[str]) -> None:
        self.path = path
        self.tmp: Optional[str] = None
        self.stream: Optional[TextIO] = None

    def __enter__(self) -> TextIO:
        if self.path is None:
            return sys.stdout
        target = Path(self.path)
        self.tmp = str(target.with_name(f".{target.name}.{os.getpid()}.tmp"))
        self.stream = open(self.tmp, "w", encoding="utf-8", newline="\n")
        return self.stream

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.stream is None:
            sys.stdout.flush()
            return
        self.stream.close()
        assert self.tmp is not None and self.path is not None
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "rule":
            return cmd_rule(argv[1:], sys.stdout)
        if argv and argv[0] == "rules":
            return cmd_rules(argv[1:], sys.stdout)
        if argv and argv[0] == "kb":
            from .rules.entities.commands import main as kb_main  # only this subcommand pays for it

            return kb_main(argv[1:])
        args = build_parser().parse_args(argv)
        if args.version:
            return print_version(sys.stdout)
        return lint(args)
    except UsageError as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except ConfigError as exc:
        print(f"newslint: configuration error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("\nnewslint: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `newslint corpus | head`
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        finally:
            return EXIT_ERROR

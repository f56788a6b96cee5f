"""The command line: argument parsing and exit codes, nothing clever (the wiring is :mod:`newslint.app`).

Exit codes: 0 no finding at or above ``--fail-on``; 1 such findings; 2 usage,
configuration, plugin or internal error (also with ``--exit-zero``); 130 when
interrupted (Ctrl-C), 143 when terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, Optional, Sequence, TextIO

from . import app
from .arguments import Parser, UsageError, comma_list
from .config import ConfigError
from .model import Severity
from .reporters.output import OutputError, remove_temporary_files

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143
ISSUES_URL = "https://github.com/newslint/newslint/issues"


class Terminated(KeyboardInterrupt):
    """SIGTERM: unwinds exactly like Ctrl-C (workers stopped, temporary output removed), exit 143."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="newslint",
        description="Lint scraped news corpora for leftover boilerplate, error pages, duplicated captions, "
        "truncation and mismatched entity roles.",
        epilog="Subcommands: 'newslint rule CODE' explains a rule, 'newslint rules' lists them all, "
        "'newslint clean PATH -o OUT' writes the corpus without its fixable defects.",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to lint ('-' for standard input; default: .)"
    )
    sel = p.add_argument_group("rule selection")
    sel.add_argument(
        "--select", type=comma_list, help="comma-separated codes or prefixes to enable (ALL for every rule)"
    )
    sel.add_argument("--extend-select", type=comma_list, help="codes or prefixes to enable on top of 'select'")
    sel.add_argument("--ignore", type=comma_list, help="codes or prefixes to disable (replaces the configured list)")
    sel.add_argument("--extend-ignore", type=comma_list, help="codes or prefixes to disable on top of 'ignore'")
    sel.add_argument(
        "--preview",
        action="store_true",
        default=None,
        help="also run preview rules (not yet right 9 times in 10 on real pages)",
    )
    out = p.add_argument_group("output")
    out.add_argument(
        "--output-format", help="concise (default), full, json, json-lines, github, sarif, junit, gitlab, ..."
    )
    out.add_argument("-o", "--output-file", help="write findings to this file instead of standard output")
    out.add_argument(
        "--statistics", action="store_true", default=None, help="also print the number of findings per rule"
    )
    out.add_argument("-q", "--quiet", action="store_true", default=None, help="print findings only: no summary line")
    out.add_argument(
        "--show-progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress on standard error (default: when it is a terminal and not in CI)",
    )
    out.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        help="colour the findings (default auto: on a terminal, unless NO_COLOR or CI; FORCE_COLOR forces it)",
    )
    ex = p.add_argument_group("exit status")
    ex.add_argument("--exit-zero", action="store_true", default=None, help="exit 0 even when findings are reported")
    ex.add_argument(
        "--fail-on", choices=[s.value for s in Severity], help="lowest severity that makes the run fail (default: info)"
    )
    ex.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings not recorded in this baseline file (overrides the 'baseline' setting)",
    )
    ex.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every finding of this run in FILE as the baseline, report none, exit 0",
    )
    ex.add_argument(
        "--add-ignore",
        metavar="FILE",
        help="add every finding of this run (of the selected codes) to the ignore file FILE "
        "as per-document ignores, report none, exit 0",
    )
    inp = p.add_argument_group("input")
    inp.add_argument("--text-field", help="record field holding the document text")
    inp.add_argument("--id-field", help="record field holding the document id")
    inp.add_argument("--preset", help="field-mapping preset for JSON records (default: auto)")
    inp.add_argument("--stdin-filename", help="name (and so format, by extension) of the document read from '-'")
    inp.add_argument("--exclude", type=comma_list, help="comma-separated globs to skip (replaces the configured list)")
    inp.add_argument("--extend-exclude", type=comma_list, help="globs to skip on top of 'exclude'")
    inp.add_argument(
        "--force-exclude",
        action="store_true",
        default=None,
        help="apply excludes to files named on the command line too (for pre-commit)",
    )
    run_ = p.add_argument_group("running")
    run_.add_argument("-j", "--jobs", type=int, help="worker processes (default: all cores)")
    run_.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask cluster: scheduler address (tcp://host:8786) or 'local' (extra newslint[dask])",
    )
    run_.add_argument("--config", help="use this newslint.toml / pyproject.toml instead of searching")
    run_.add_argument("--isolated", action="store_true", help="ignore configuration files")
    run_.add_argument("--rulepath", action="append", help="folder of local rule modules to load (repeatable)")
    run_.add_argument(
        "--disable-plugin", action="append", dest="disable_plugins", help="do not load this third-party plugin"
    )
    p.add_argument("--version", action="store_true", help="print the version and the loaded plugins")
    p.add_argument("-v", "--verbose", action="store_true", help="print the traceback of an internal error")
    return p


def _cli_values(args: argparse.Namespace) -> dict[str, Any]:
    keys = (
        "select",
        "extend_select",
        "ignore",
        "preview",
        "output_format",
        "output_file",
        "statistics",
        "quiet",
        "show_progress",
        "exit_zero",
        "fail_on",
        "text_field",
        "id_field",
        "preset",
        "exclude",
        "extend_exclude",
        "force_exclude",
        "jobs",
        "scheduler",
        "rulepath",
        "disable_plugins",
    ) + ("extend_ignore", "color")  # issue 19
    return {key: getattr(args, key) for key in keys if getattr(args, key) is not None}


# -- subcommands -----------------------------------------------------------------
def _application_from_cwd() -> app.Application:
    """For ``rule``/``rules``: the configuration found from the working directory applies."""
    settings, root, config_path = app.load_settings({}, search_from=Path.cwd())
    return app.build(settings, root, config_path)


def _print_errors(errors: Sequence[str]) -> None:
    for error in errors:
        print(f"newslint: error: {error}", file=sys.stderr)


def cmd_rule(argv: Sequence[str], out: TextIO) -> int:
    from .explain import UnknownRule, explain_rule

    application = _application_from_cwd()
    _print_errors(application.errors)
    if not argv:
        raise UsageError("usage: newslint rule CODE (or NAME)")
    try:
        explain_rule(application.registry, argv[0], out)
    except UnknownRule as exc:
        raise UsageError(str(exc)) from None
    return EXIT_ERROR if application.errors else EXIT_OK


def cmd_rules(argv: Sequence[str], out: TextIO) -> int:
    """``newslint rules [--format text|json|markdown]``: every rule, plugins included."""
    from .explain import list_rules

    parser = Parser(prog="newslint rules")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    fmt = parser.parse_args(list(argv)).format
    application = _application_from_cwd()
    _print_errors(application.errors)
    list_rules(application.registry, fmt, out)
    return EXIT_ERROR if application.errors else EXIT_OK


def print_version(out: TextIO) -> int:
    from .explain import describe_version

    registry = app.installed_registry()
    describe_version(registry, out)
    _print_errors([str(e) for e in registry.errors])
    return EXIT_ERROR if registry.errors else EXIT_OK


def _could_be_command(word: str) -> bool:
    """A bare word that names no file here: ``newslint kb`` (a folder called ``kb`` is linted instead)."""
    return word.replace("-", "").isalnum() and word.islower() and not os.path.exists(word)


def _plugin_commands() -> dict[str, Callable[[list[str]], int]]:
    """Subcommands plugins provide (``newslint kb``), looked up only when the first argument could be one."""
    return app.installed_registry().commands


def lint(args: argparse.Namespace) -> int:
    paths = args.paths or ["."]
    search_from = Path(paths[0]) if paths[0] != "-" and "://" not in paths[0] else Path.cwd()  # URLs: from here
    settings, root, config_path = app.load_settings(
        _cli_values(args),
        config_file=Path(args.config) if args.config else None,
        search_from=search_from,
        isolated=args.isolated,
    )
    application = app.build(settings, root, config_path)
    _print_errors(application.errors)
    app.reporter_class(application)  # an unknown output format is an error before any work
    stdin = (sys.stdin.buffer.read(), args.stdin_filename or "-") if paths == ["-"] else None
    outcome = app.lint_and_report(
        application,
        app.sources_for(application, paths, stdin),
        baseline_file=args.baseline,
        write_baseline=args.write_baseline,
        add_ignore=args.add_ignore,
    )
    if outcome.plugin_errors:
        return EXIT_ERROR
    if settings.exit_zero or not outcome.failed:
        return EXIT_OK
    return EXIT_FINDINGS


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in argv or "--verbose" in argv
    previous = _install_sigterm()
    try:
        return _main(argv)
    except UsageError as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except ConfigError as exc:
        print(f"newslint: configuration error: {exc}", file=sys.stderr)
        _traceback(verbose and exc.__cause__ is not None)
        return EXIT_ERROR
    except OutputError as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Terminated:
        print("\nnewslint: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("\nnewslint: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `newslint corpus | head`
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        finally:
            return EXIT_ERROR  # noqa: B012 - the pipe is gone: nothing else to do
    except RecursionError:
        print("newslint: error: input nested too deeply (a folder tree or a configuration file)", file=sys.stderr)
        _traceback(verbose)
        return EXIT_ERROR
    except BaseException as exc:  # noqa: BLE001 - the catch-all: an internal error is exit 2, never 1
        if isinstance(exc, SystemExit) and exc.code in (None, EXIT_OK, EXIT_FINDINGS, EXIT_ERROR):
            raise
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        print(f"newslint: internal error: {_printable(detail)}", file=sys.stderr)
        print(
            f"newslint: please report it at {ISSUES_URL}"
            + ("" if verbose else " (with the traceback that --verbose prints)"),
            file=sys.stderr,
        )
        _traceback(verbose)
        return EXIT_ERROR
    finally:
        remove_temporary_files()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str]) -> int:
    if argv and argv[0] == "rule":
        return cmd_rule(argv[1:], sys.stdout)
    if argv and argv[0] == "rules":
        return cmd_rules(argv[1:], sys.stdout)
    if argv and argv[0] == "report":
        from .report.command import main as report_main

        return report_main(argv[1:])
    if argv and argv[0] == "clean":
        from .clean.command import main as clean_main

        return clean_main(argv[1:])
    if argv and _could_be_command(argv[0]):
        command = _plugin_commands().get(argv[0])
        if command is not None:
            return command(argv[1:])
    args = build_parser().parse_args(argv)
    if args.version:
        return print_version(sys.stdout)
    return lint(args)


def _install_sigterm() -> Any:
    """SIGTERM unwinds the run like Ctrl-C (main thread only; returns the previous handler)."""
    try:
        return signal.signal(signal.SIGTERM, _terminate)
    except (ValueError, OSError):  # not the main thread: leave it alone
        return None


def _traceback(verbose: bool) -> None:
    if verbose:
        traceback.print_exc(file=sys.stderr)


def _printable(text: str) -> str:
    from .reporters.concise import printable

    return printable(text)

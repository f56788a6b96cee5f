"""``newslint report PATH... -o report.html`` and ``newslint report --from findings.jsonl -o report.html``.

The first lints the corpus (as ``newslint`` would, with per-document stats)
and aggregates the results as they stream by; the second reads a findings
file written by ``--output-format json-lines`` (a CI run's output) and shows
what findings alone can tell. Both write one self-contained HTML page.

Exit codes: 0 report written; 2 usage, configuration, input or plugin error.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

from .. import __version__
from ..arguments import Parser, UsageError, comma_list
from ..config import ConfigError
from ..engine import ShardResult
from ..plugins import Registry
from .aggregate import Aggregate
from .charts import MATPLOTLIB_MISSING, matplotlib_available
from .findings_file import FindingsFileError, read_findings
from .html import RuleDoc, RunInfo, render_page

EXIT_OK, EXIT_ERROR = 0, 2


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="newslint report",
        description="Write a self-contained HTML report of a corpus's defects: "
        "per site, per rule, distributions. From the corpus (PATH...) or from a json-lines findings file.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to lint (default: .)")
    p.add_argument(
        "--from",
        dest="findings",
        metavar="FILE",
        help="build the report from this findings file (--output-format json-lines) instead of linting",
    )
    p.add_argument("-o", "--output", default="report.html", help="the HTML file to write (default: report.html)")
    p.add_argument("--title", help="page title (default: 'newslint report: ' and the input)")
    p.add_argument("--examples", type=int, default=3, help="examples per rule (default: 3)")
    p.add_argument(
        "--timestamp",
        action="store_true",
        help="write the build time into the page (off by default: same input, same bytes)",
    )
    lint = p.add_argument_group("linting (as for newslint PATH...)")
    lint.add_argument("--select", type=comma_list)
    lint.add_argument("--extend-select", type=comma_list)
    lint.add_argument("--ignore", type=comma_list)
    lint.add_argument("--text-field")
    lint.add_argument("--id-field")
    lint.add_argument("--preset")
    lint.add_argument("--exclude", type=comma_list)
    lint.add_argument("--extend-exclude", type=comma_list)
    lint.add_argument("-j", "--jobs", type=int)
    lint.add_argument("--config")
    lint.add_argument("--isolated", action="store_true")
    lint.add_argument("--rulepath", action="append")
    lint.add_argument("--disable-plugin", action="append", dest="disable_plugins")
    return p


@dataclass
class Wiring:
    """What the report needs from newslint's configured run: results (lazy), registry, selection, config."""

    results: Iterator[ShardResult]
    registry: Registry
    selected: Optional[tuple[str, ...]]
    config: Optional[str]


# -- the one place that knows how the CLI builds and runs the engine -----------
def configured_run(args: argparse.Namespace, lint: bool) -> Wiring:
    """Settings, registry, selection and (when ``lint``) the run, as ``newslint PATH...`` does them.

    The linter collects per-document stats (``collect_document_stats``);
    baselines are not used. Built through :mod:`newslint.app`, as every run.
    """
    from .. import app

    keys = (
        "select",
        "extend_select",
        "ignore",
        "text_field",
        "id_field",
        "preset",
        "exclude",
        "extend_exclude",
        "jobs",
        "rulepath",
        "disable_plugins",
    )
    values: dict[str, Any] = {k: getattr(args, k) for k in keys if getattr(args, k) is not None}
    paths = args.paths or ["."]
    settings, root, config_path = app.load_settings(
        values,
        config_file=Path(args.config) if args.config else None,
        search_from=Path(paths[0]) if lint else Path.cwd(),
        isolated=args.isolated,
    )
    config = str(config_path) if config_path else None
    if not lint:
        return Wiring(iter(()), app.configured_registry(settings, root), None, config)
    application = app.build(settings, root, config_path, collect_document_stats=True)
    results = app.execute(application, app.sources_for(application, paths))
    return Wiring(iter(results), application.registry, tuple(sorted(application.selected_codes())), config)


# -- the command -----------------------------------------------------------------
def aggregate(args: argparse.Namespace, wiring: Wiring) -> Aggregate:
    """Stream the run's results (or the findings file) into counters."""
    if args.findings:
        agg = Aggregate(known_documents=False, examples=args.examples)
        for group in read_findings(Path(args.findings)):
            agg.add_findings(group)
        return agg
    agg = Aggregate(known_documents=True, examples=args.examples)
    for result in wiring.results:
        agg.add_result(result)
    return agg


def run_info(args: argparse.Namespace, argv: list[str], agg: Aggregate, wiring: Wiring) -> RunInfo:
    registry = wiring.registry
    inputs = (args.findings,) if args.findings else tuple(args.paths or ["."])
    docs = {}
    for code in sorted(agg.rules):
        rule = registry.rules.get(code)
        if rule is not None:
            docs[code] = RuleDoc(
                code, rule.name, rule.summary(), rule.documentation(), registry.rule_plugins[code].distribution
            )
    plugins = tuple(f"{p.name} ({p.distribution} {p.version})" for p in registry.plugins if not p.builtin)
    generated = None
    if args.timestamp:  # SOURCE_DATE_EPOCH keeps even a timestamped build reproducible
        epoch = float(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
        generated = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(epoch))
    return RunInfo(
        title=args.title or f"newslint report: {', '.join(inputs)}",
        version=__version__,
        command=shlex.join(["newslint", "report", *argv]),
        from_findings=bool(args.findings),
        inputs=inputs,
        selected=wiring.selected,
        plugins=plugins,
        config=wiring.config,
        rule_docs=docs,
        generated=generated,
    )


def write_atomically(path: str, text: str) -> None:
    """Write under a temporary name, then rename: an interrupted run leaves no half report."""
    if path == "-":
        sys.stdout.write(text)
        return
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.findings and args.paths:
            raise ConfigError("newslint report: give PATHs to lint or --from FILE, not both")
        if args.examples < 0:
            raise ConfigError("newslint report: --examples must be 0 or more")
        if not matplotlib_available():
            raise ConfigError(MATPLOTLIB_MISSING)
        wiring = configured_run(args, lint=not args.findings)
        for error in wiring.registry.errors:
            print(f"newslint: error: {error}", file=sys.stderr)
        agg = aggregate(args, wiring)
        write_atomically(args.output, render_page(agg, run_info(args, argv, agg, wiring)))
    except (UsageError, ConfigError, FindingsFileError) as exc:
        print(f"newslint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("\nnewslint: interrupted", file=sys.stderr)
        return 130
    documents = f"{agg.documents:,} documents" if agg.known_documents else f"{agg.flagged:,} documents with findings"
    print(
        f"newslint: wrote {args.output}: {documents}, {agg.findings:,} findings, {len(agg.sites):,} sites",
        file=sys.stderr,
    )
    return EXIT_ERROR if wiring.registry.errors else EXIT_OK

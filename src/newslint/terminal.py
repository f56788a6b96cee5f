"""Colour and a progress bar on a terminal (rich, imported only when one of them is on).

Colour is decided as ruff and most command-line tools do: ``--color always`` /
``never`` win; under ``auto`` (the default) ``FORCE_COLOR`` (non-empty) turns it
on, then ``NO_COLOR`` (https://no-color.org) turns it off, then it is off in CI
(``CI`` set) and when the stream is not a terminal. So standard output is
byte-for-byte the same as before whenever it is redirected.

The progress bar goes to standard error only, only when that is a terminal
(and not in CI, and not with ``--quiet``), unless ``--show-progress`` asks for it.
It counts bytes of the input: a large JSON Lines file is linted in 2 MiB
shards, so the bar moves inside it; the total comes from a walk of the paths
in a background thread (the bar has no total until it finishes).
"""

from __future__ import annotations

import os
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional, TextIO

from .engine.linter import source_size
from .model import Finding, Severity

if TYPE_CHECKING:
    from .engine import ShardResult
    from .reporters.base import Summary

COLOR_MODES = ("auto", "always", "never")
SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}


def color_enabled(mode: str, stream: TextIO, environ: Optional[Mapping[str, str]] = None) -> bool:
    """Whether to colour what goes to ``stream`` (see the module docstring for the order)."""
    environ = os.environ if environ is None else environ
    if mode != "auto":
        return mode == "always"
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("NO_COLOR") or environ.get("CI"):
        return False
    return is_terminal(stream)


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed or replaced streams
        return False


def paint(text: str, style: str) -> str:
    """``text`` with the ANSI codes of a rich style (``"bold red"``)."""
    from rich.color import ColorSystem
    from rich.style import Style

    return Style.parse(style).render(text, color_system=ColorSystem.STANDARD)


def colour_location(finding: Finding, path: str) -> str:
    """``path:line:col: CODE`` coloured as ruff does: bold path, cyan separators, code by severity."""
    sep = paint(":", "cyan")
    where = paint(path, "bold")  # ``path`` comes escaped (control characters made visible)
    if finding.record is not None:
        where += sep + paint(f"record {finding.record}", "bold")
    return (
        f"{where}{sep}{finding.line}{sep}{finding.column}{sep} {paint(finding.code, SEVERITY_STYLE[finding.severity])}"
    )


def colour_summary(summary: Summary) -> str:
    """The closing line with the counts of findings coloured by severity (those above zero)."""
    line = summary.line()
    for severity, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info")):
        count = summary.by_severity.get(severity, 0)
        if count:
            label = f"{count} {word}" + ("" if severity is Severity.INFO or count == 1 else "s")
            line = line.replace(label, paint(label, SEVERITY_STYLE[severity]), 1)
    return line


# -- progress --------------------------------------------------------------------
class Progress:
    """Progress of a run on standard error: a rich bar on a terminal, else a plain counter line."""

    def __init__(self, enabled: bool, sources: Optional[Callable[[], Iterable[Any]]] = None, passes: int = 1) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None
        self._plain_last = 0.0
        # Runs with corpus rules read the corpus twice: pass 1 observes, pass 2 lints.
        self.passes = passes
        self._pass = 0
        if not enabled:
            return
        if is_terminal(sys.stderr):
            self._start_bar(sources)

    def track(self, sources: Callable[[], Iterable[Any]]) -> Callable[[], Iterable[Any]]:
        """``sources`` (called once per pass), counting pass 1 by the sources it hands out.

        Pass 1 gives no results to count (its observations stay inside the
        engine), so its progress is the bytes of the sources pulled so far;
        the last pass counts the results, as they come back.
        """
        if self.bar is None:
            return sources

        def factory() -> Iterable[Any]:
            self._pass += 1
            label = (
                ""
                if self.passes == 1
                else f" {self._pass}/{self.passes} " + ("observing" if self._pass < self.passes else "linting")
            )
            self.bar.update(self.task, completed=0, phase=label)
            self.bar.refresh()  # each pass is shown, however short
            for source in sources():
                if self._pass < self.passes:
                    self.bar.update(self.task, advance=source_size(source))
                yield source

        return factory

    def _start_bar(self, sources: Optional[Callable[[], Iterable[Any]]]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.progress import (
            Progress as RichProgress,
        )

        console = Console(file=sys.stderr, color_system="standard" if color_enabled("auto", sys.stderr) else None)
        self.bar = RichProgress(
            TextColumn("[bold]newslint[/]{task.fields[phase]}"),
            BarColumn(),
            TaskProgressColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[counts]}"),
            console=console,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.task = self.bar.add_task("lint", total=None, counts="", phase="")
        self.bar.start()
        if sources is not None:
            threading.Thread(target=self._measure, args=(sources,), daemon=True, name="newslint-progress").start()

    def _measure(self, sources: Callable[[], Iterable[Any]]) -> None:
        """The total bytes of the input, from a walk of its own (the run walks again)."""
        try:
            total = sum(source_size(source) for source in sources())
        except Exception:  # the run itself reports what cannot be walked
            return
        self.bar.update(self.task, total=max(total, 1))

    def write(self, text: str) -> None:
        """Findings text for standard output while the bar is shown on the same terminal (printed above it)."""
        from rich.ansi import AnsiDecoder
        from rich.text import Text

        body, newline, rest = text.rpartition("\n")
        if rest:  # reporters write whole lines; a partial one is printed as it is
            body, newline = text, ""
        lines = Text("\n").join(AnsiDecoder().decode(body))
        self.bar.console.print(lines, end=newline, soft_wrap=True, crop=False, overflow="ignore", highlight=False)

    def update(self, summary: Summary, result: Optional[ShardResult] = None, force: bool = False) -> None:
        if not self.enabled:
            return
        counts = f"{summary.documents} documents, {summary.findings} findings"
        if self.bar is not None:
            self.bar.update(self.task, advance=getattr(result, "size", 0), counts=counts)
            return
        import time

        now = time.monotonic()
        if force or now - self._plain_last > 0.2:
            self._plain_last = now
            sys.stderr.write(f"\rnewslint: {counts}")
            sys.stderr.flush()

    def close(self) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            task = self.bar.tasks[0]
            if task.total is not None:
                self.bar.update(self.task, completed=task.total)
            self.bar.refresh()
            self.bar.stop()
            self.bar = None
            return
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


class LiveStream:
    """Standard output while the progress bar is live on the same terminal: lines go above the bar."""

    def __init__(self, progress: Progress, stream: TextIO) -> None:
        self.progress = progress
        self.stream = stream

    def write(self, text: str) -> int:
        if self.progress.bar is None:
            return self.stream.write(text)
        self.progress.write(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return is_terminal(self.stream)

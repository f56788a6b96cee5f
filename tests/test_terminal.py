"""Issue 19, feature 1: a progress bar and colour on a terminal, checked on a pseudo-terminal.

newslint runs as a subprocess whose standard error (and, in some tests, standard
output) is the slave end of a pty; what the terminal received is read from the
master end. Standard output redirected to a pipe must stay byte-identical to a
run without any terminal.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

NAV = "Skip to main content"
YELLOW_CODE = "\x1b[1;33mNL101"  # a warning's code, bold yellow


def environment(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"CI", "NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS"} and not k.startswith("NEWSLINT_")
    }
    env.update(TERM="xterm-256color", COLUMNS="160", LINES="40", **extra)
    return env


def run(argv: list[str], cwd: Path, env: dict[str, str], stdout_tty: bool) -> tuple[int, str, bytes]:
    """``(exit code, what the terminal showed, standard output when it is a pipe)``."""
    master, slave = pty.openpty()
    stdout = slave if stdout_tty else subprocess.PIPE
    process = subprocess.Popen(
        [sys.executable, "-m", "newslint", *argv],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=slave,
    )
    os.close(slave)
    shown = bytearray()
    piped = b""
    if not stdout_tty:  # drain the pipe in a thread, not to block the child
        import threading

        chunks: list[bytes] = []
        reader = threading.Thread(target=lambda: chunks.append(process.stdout.read()))  # type: ignore[union-attr]
        reader.start()
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        shown += data
    os.close(master)
    code = process.wait(timeout=600)
    if not stdout_tty:
        reader.join()
        piped = chunks[0]
    return code, shown.decode("utf-8", "replace"), piped


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A 40 MB JSON Lines file (several 2 MiB shards) and a small text file."""
    root = tmp_path_factory.mktemp("terminal")
    body = " ".join(["The council approved the budget on Tuesday after a long debate."] * 20)
    with open(root / "big.jsonl", "w", encoding="utf-8") as handle:
        for i in range(31_000):
            text = f"{NAV}\n{body}" if i % 1000 == 0 else body
            handle.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
    (root / "page.txt").write_text(f"{NAV}\nThe article.\n", encoding="utf-8")
    return root


ARGS = [".", "--select", "NL101", "--isolated", "-j", "1"]


def percentages(shown: str) -> set[int]:
    return {int(p) for p in re.findall(r"(\d+)%", shown)}


@pytest.mark.slow
def test_progress_bar_and_colour_on_a_terminal(corpus):
    code, shown, _ = run(ARGS, corpus, environment(), stdout_tty=True)
    assert code == 1
    # The bar: total bytes, a percentage that moved inside the big file, an ETA column, the counts.
    assert "MB" in shown and "100%" in shown
    assert any(0 < p < 100 for p in percentages(shown)), sorted(percentages(shown))
    assert re.search(r"\d+:\d\d:\d\d", shown)  # time remaining
    assert "documents" in shown and "━" in shown
    # Colour: the code by severity, the path in bold.
    assert YELLOW_CODE in shown and "\x1b[1mbig.jsonl\x1b[0m" in shown
    assert "Checked 31001 documents in 2 files: 0 errors, \x1b[1;33m32 warnings\x1b[0m, 0 info." in shown


def test_a_run_with_corpus_rules_shows_both_passes(corpus):
    code, shown, _ = run(["page.txt", "--isolated", "-j", "1"], corpus, environment(), stdout_tty=True)
    assert code == 1
    assert "1/2 observing" in shown and "2/2 linting" in shown


@pytest.mark.slow
def test_redirected_standard_output_is_byte_identical(corpus):
    plain = subprocess.run(
        [sys.executable, "-m", "newslint", *ARGS], cwd=corpus, env=environment(), capture_output=True, check=False
    )
    assert plain.returncode == 1 and b"\x1b" not in plain.stdout + plain.stderr  # no terminal: no bar, no colour
    code, shown, piped = run(ARGS, corpus, environment(), stdout_tty=False)
    assert code == 1
    assert piped == plain.stdout  # the findings, exactly as without a terminal
    assert "100%" in shown and "NL101" not in shown  # the bar on the terminal (stderr), the findings not


@pytest.mark.parametrize(
    ("env", "extra", "colour", "bar"),
    [
        ({"NO_COLOR": "1"}, [], False, True),
        ({"CI": "true"}, [], False, False),
        ({}, ["--color", "never"], False, True),
        ({}, ["--no-show-progress"], True, False),
        ({"CI": "true", "FORCE_COLOR": "1"}, [], True, False),
        ({"CI": "true"}, ["--color", "always"], True, False),
    ],
)
def test_colour_and_progress_switches(corpus, env, extra, colour, bar):
    code, shown, _ = run(["page.txt", *ARGS[1:], *extra], corpus, environment(**env), stdout_tty=True)
    assert code == 1
    assert (YELLOW_CODE in shown) is colour
    assert ("━" in shown) is bar


def test_force_color_colours_a_pipe_but_never_an_output_file(corpus, tmp_path):
    args = [sys.executable, "-m", "newslint", "page.txt", *ARGS[1:]]
    forced = subprocess.run(args, cwd=corpus, env=environment(FORCE_COLOR="1"), capture_output=True, check=False)
    assert YELLOW_CODE.encode() in forced.stdout
    out = tmp_path / "findings.txt"
    subprocess.run([*args, "-o", str(out)], cwd=corpus, env=environment(FORCE_COLOR="1"), check=False)
    assert "\x1b" not in out.read_text(encoding="utf-8")
    machine = subprocess.run(
        [*args, "--output-format", "json-lines"],
        cwd=corpus,
        env=environment(FORCE_COLOR="1"),
        capture_output=True,
        check=False,
    )
    assert b"\x1b" not in machine.stdout

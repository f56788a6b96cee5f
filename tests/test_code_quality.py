"""ruff and mypy over the code base, run by the README's test command (and so by CI).

The settings live in pyproject.toml: ruff's lint rules and formatter, mypy strict
on the public API (newslint/__init__.py, rule.py, model.py, testing.py) and
default everywhere else in src/newslint.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["src", "tests", "benchmarks", "examples", "docs"]


def run_tool(*argv: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(argv[0]) is None:
        pytest.skip(f"{argv[0]} is not installed (pip install '.[test]')")
    return subprocess.run([sys.executable, "-m", *argv], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_check():
    result = run_tool("ruff", "check", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = run_tool("ruff", "format", "--check", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy():
    result = run_tool("mypy")
    assert result.returncode == 0, result.stdout + result.stderr

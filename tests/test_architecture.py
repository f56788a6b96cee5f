"""The layout's promises, checked: one door for wiring, no import cycles, NL9xx codes in one table.

See docs/architecture.md for the picture these tests keep true.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "newslint"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def top_level_imports(path: Path, *, deferred: bool = False) -> set[str]:
    """Modules of newslint imported when ``path`` is imported (not under TYPE_CHECKING).

    ``deferred``: also the imports inside functions (a cycle hidden in a
    function is still a cycle of design).
    """
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if deferred and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.With, ast.For)):
                visit(node.body)
            if isinstance(node, (ast.If, ast.Try)):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names if alias.name.startswith("newslint"))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join([*base, node.module] if node.module else base)
                else:
                    target = node.module or ""
                if not target.startswith("newslint"):
                    continue
                for alias in node.names:  # "from . import app" imports the module newslint.app
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if candidate in MODULES else target)

    visit(tree.body)
    return {m for m in found if m in MODULES and m != name}


def test_no_import_cycles():
    graph = {name: top_level_imports(path, deferred=True) for name, path in MODULES.items()}
    # A package's __init__ importing its own submodules is how packages work: not a cycle.
    graph = {n: {m for m in deps if not m.startswith(n + ".")} for n, deps in graph.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def walk(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycles.append(stack[stack.index(dep) :] + [dep])
            elif dep not in state:
                walk(dep, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node, [])
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_only_the_entry_point_imports_the_cli():
    importers = [
        name
        for name, path in MODULES.items()
        if name != "newslint.__main__"
        and re.search(
            r"from \.+cli import|import newslint\.cli|from newslint\.cli|from \.+ import cli",
            path.read_text(encoding="utf-8"),
        )
    ]
    assert importers == []


def test_diagnostic_codes_are_written_only_in_their_table():
    pattern = re.compile(r"[\"']NL9")
    offenders = [
        f"{name}:{number}"
        for name, path in MODULES.items()
        if name != "newslint.diagnostics"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_core_modules_import_no_particular_rule():
    core = [n for n in MODULES if not n.startswith(("newslint.rules", "newslint.integrations"))]
    offenders = {n: sorted(m for m in top_level_imports(MODULES[n]) if m.startswith("newslint.rules")) for n in core}
    assert {n: deps for n, deps in offenders.items() if deps} == {}


@pytest.mark.parametrize("module", ["newslint.cli", "newslint"])
def test_importing_the_cli_loads_no_heavy_or_optional_module(module):
    code = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    loaded = set(
        json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    )
    heavy = {
        "dask",
        "distributed",
        "pyarrow",
        "warcio",
        "trafilatura",
        "datatrove",
        "numpy",
        "rapidfuzz",
        "lxml",
        "newslint.kbtools",
        "newslint.engine.dask",
        "newslint.baseline",
        # Issue 19: terminal output, object stores, datasets and the Python API load on use only.
        "rich",
        "fsspec",
        "s3fs",
        "datasets",
        "newslint.api",
        "newslint.suppress",
    }
    assert sorted(heavy & loaded) == []


def test_a_plain_document_loads_no_module_it_does_not_use():
    """The default rules on a document with no near repeat and no fuzzy name, written as concise text:
    rapidfuzz (near repeats, fuzzy names) and ElementTree (the junit format) stay unloaded."""
    code = (
        "import json, sys, newslint\n"
        "findings = list(newslint.check_text('Rain is expected on Sunday.\\nRoads will be closed.\\n'))\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    loaded = set(
        json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    )
    assert "newslint.rules.duplication.analysis" in loaded and "newslint.reporters.junit" in loaded  # they ran
    assert {"rapidfuzz", "xml.etree.ElementTree"} & loaded == set()

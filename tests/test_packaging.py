"""The wheel ships every package of the source tree and the data the product needs."""

import sys

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_source_package_is_listed():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    src = ROOT / "src"
    found = {
        ".".join(p.parent.relative_to(src).parts) for p in src.rglob("__init__.py") if "__pycache__" not in p.parts
    }
    assert found - listed == set(), "add these packages to [tool.setuptools] packages in pyproject.toml"


def test_phrase_packs_folder_is_the_builtin_packs_package():
    assert PYPROJECT["tool"]["setuptools"]["package-dir"]["newslint.packs.builtin"] == "rules"
    assert (ROOT / "rules" / "__init__.py").is_file()

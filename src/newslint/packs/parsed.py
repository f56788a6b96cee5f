"""The built-in packs, validated once and kept on disk as JSON between runs.

Reading the built-in packs means parsing 17 TOML files, compiling every
pattern once in RE2 to validate it and turning ~3,000 literals into regex
text: ~0.12 s, a quarter of a small file's lint (pre-commit's case). They
never change between two runs of one installation, so the validated
:class:`~newslint.packs.model.Pack` fields are written as JSON into the user's
cache folder (the folder of :mod:`newslint.packs.dbcache`), under a name made
of newslint's version and a hash of the pack files' text and of the modules
that parse them: an edited pack, an edited parser or an upgrade is validated again. JSON, not pickle: a cache file is data, never code.

Only an accelerator: a missing, unreadable or corrupt file is parsed again,
and a folder that cannot be written leaves the run uncached.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import orjson

from newslint import __version__

from .dbcache import cache_dir, cache_file
from .model import Pack

_TUPLES = ("literals", "patterns", "keys")
_FIELDS = [f.name for f in dataclasses.fields(Pack)]


# The modules whose code decides what a validated Pack holds: a change to them (a development
# checkout, where the version stays the same) must not reuse a file written by the old code.
_PARSING_CODE = ("model.py", "loader.py", "keys.py", "parsed.py")


def _path(files: Sequence[tuple[str, str]]) -> Path:
    digest = hashlib.blake2b(orjson.dumps(files), digest_size=12)
    here = Path(__file__).parent
    for name in _PARSING_CODE:
        with contextlib.suppress(OSError):  # a zipped or frozen install: the version alone keys it
            digest.update((here / name).read_bytes())
    return cache_dir() / f"packs-{__version__}-{digest.hexdigest()}.json"


def _decode(blob: bytes) -> list[list[Pack]]:
    groups = orjson.loads(blob)
    return [[Pack(**{**fields, **{k: tuple(fields[k]) for k in _TUPLES}}) for fields in group] for group in groups]


# Parsed pack sets kept (~1 MB each): the installed version's, and a few while packs are edited.
KEEP = 4


def _write(path: Path, groups: list[list[Pack]]) -> None:
    with contextlib.suppress(Exception):  # read-only home, full disk: the next run parses again
        blob = orjson.dumps([[{name: getattr(p, name) for name in _FIELDS} for p in group] for group in groups])
        with cache_file(path, KEEP) as temporary:
            temporary.write_bytes(blob)


def builtin_groups(files: Sequence[tuple[str, str]], parse: Callable[[str, str], list[Pack]]) -> list[list[Pack]]:
    """``[parse(text, name) for name, text in files]``, from the cache when these files were parsed before."""
    path = _path(files)
    with contextlib.suppress(Exception):  # missing, truncated or from another layout: parse instead
        groups = _decode(path.read_bytes())
        if len(groups) == len(files):
            return groups
    groups = [parse(text, name) for name, text in files]
    _write(path, groups)
    return groups

"""The compiled Hyperscan databases of a run's phrases, cached on disk between runs.

Compiling the built-in packs' phrases (regex databases and a literal one)
takes about half a second, more than a small file's whole lint (pre-commit's
case). The databases are serialised into the user's cache folder
(``$XDG_CACHE_HOME/newslint``, else ``~/.cache/newslint``), under a name made
of newslint's version, Hyperscan's version and a hash of the scanned phrases
and of the code that forms them, so a changed pack or an upgrade never reads
a stale database.

The cache is only an accelerator: a folder that cannot be created or written,
a truncated or corrupt file, or a database built for another CPU are all
silently ignored, and the database is compiled in memory instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import orjson

from newslint import __version__

# The result of compiling: ((databases, positions compiled), positions Hyperscan rejected), where
# databases is a list of (database, whether it scans the case-folded text).
Built = Any
T = TypeVar("T")


def cache_dir() -> Path:
    """Where newslint keeps what it can rebuild (compiled databases, indexes)."""
    # Not a NEWSLINT_* variable: those are settings (config.py), and a cache folder is not one.
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newslint"


def _path(digest: str, hyperscan: Any) -> Path:
    engine = getattr(hyperscan, "__version__", "0")
    return cache_dir() / f"patterns-{__version__}-hs{engine}-{digest}.hsdb"


def _read(path: Path, hyperscan: Any) -> Built | None:
    try:
        blob = path.read_bytes()
        head, _, body = blob.partition(b"\n")
        header = orjson.loads(head)
        parts, offset = [], 0
        for size, folded in zip(header["sizes"], header["folded"], strict=True):
            parts.append((hyperscan.loadb(body[offset : offset + size], hyperscan.HS_MODE_BLOCK), bool(folded)))
            offset += size
        if offset != len(body):
            return None  # truncated or padded: not a file this code wrote
        with contextlib.suppress(OSError):
            os.utime(path)  # the cache keeps the newest files: one in use stays
        return (parts, header["good"]), header["bad"]
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt or for another CPU: compile instead
        return None


def _write(path: Path, built: Built, hyperscan: Any) -> None:
    (parts, good), bad = built
    with contextlib.suppress(Exception):  # read-only home, full disk: the run goes on uncached
        bodies = [hyperscan.dumpb(database) for database, _ in parts]
        header = {"good": good, "bad": bad, "sizes": [len(b) for b in bodies], "folded": [f for _, f in parts]}
        with cache_file(path, KEEP) as temporary:
            temporary.write_bytes(orjson.dumps(header) + b"\n" + b"".join(bodies))


# Databases kept (~3 MB each): one per pack set in use (built-in packs, a project's own packs...).
KEEP = 8


@contextlib.contextmanager
def cache_file(path: Path, keep: int) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; renamed to ``path`` when the block ends without error.

    Atomic: a concurrent reader sees the old file or the new one, never half of
    one. Then only the ``keep`` newest files of the same kind (the name up to
    its first ``-``: ``patterns``, ``packs``, ``kb``) are kept in the folder, so
    versions and edited data do not pile up. The caller decides what a failure
    means (the caches here ignore it and run uncached).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    kind, suffix = path.name.split("-", 1)[0], path.suffix
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{kind}-", suffix=suffix)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    with contextlib.suppress(OSError):
        files = sorted(path.parent.glob(f"{kind}-*{suffix}"), key=lambda f: f.stat().st_mtime, reverse=True)
        for stale in files[keep:]:
            stale.unlink()


def derived(
    kind: str, inputs: bytes, code: Sequence[Path], build: Callable[[], Any], decode: Callable[[Any], T], keep: int = 4
) -> T:
    """``decode(build())``, with ``build()``'s JSON kept in the cache folder between runs.

    For data a run derives from its packs alone, the same every time (a
    vocabulary, a table): the file is named by ``kind``, newslint's version and
    a hash of ``inputs`` and of the ``code`` files that derive it (a development
    checkout edits them without a new version). The cached JSON goes through the
    same ``decode`` as a fresh build, so both give the same value; a file that
    is missing, unreadable or that ``decode`` rejects is built again.
    """
    digest = hashlib.blake2b(inputs, digest_size=12)
    for source in code:
        with contextlib.suppress(OSError):  # a zipped or frozen install: version and inputs key it
            digest.update(source.read_bytes())
    path = cache_dir() / f"{kind}-{__version__}-{digest.hexdigest()}.json"
    with contextlib.suppress(Exception):  # missing, truncated or of another shape: built again
        return decode(orjson.loads(path.read_bytes()))
    value = build()
    with contextlib.suppress(Exception):  # read-only home, full disk: the next run builds again
        blob = orjson.dumps(value)
        with cache_file(path, keep) as temporary:
            temporary.write_bytes(blob)
    return decode(value)


def hyperscan_available() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


def load(digest: str) -> Built | None:
    """The cached database for ``digest``, or None (not cached, unreadable, or no Hyperscan)."""
    try:
        import hyperscan
    except ImportError:
        return None
    return _read(_path(digest, hyperscan), hyperscan)


def claim(digest: str, stale_after: float) -> bool | None:
    """Whether this process may compile the database for ``digest`` now: True, or False while another does.

    A lock file beside the database, created exclusively: concurrent runs (pre-commit starts one per
    batch of files) compile a database once, not once each. A lock older than ``stale_after``
    seconds is a compile that was killed, and is taken over. None when the cache cannot be written
    (or there is no Hyperscan): a compile elsewhere could not hand its result over.
    """
    try:
        import hyperscan
    except ImportError:
        return None
    lock = _path(digest, hyperscan).with_suffix(".lock")
    for _ in range(2):
        try:
            lock.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            return True
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - lock.stat().st_mtime < stale_after:
                    return False
                lock.unlink()
        except OSError:
            return None
    return False


def release(digest: str) -> None:
    """Remove the lock :func:`claim` took for ``digest``."""
    with contextlib.suppress(Exception):
        import hyperscan

        _path(digest, hyperscan).with_suffix(".lock").unlink()


def store(digest: str, built: Built) -> None:
    """Cache ``built`` for ``digest`` (silently skipped when the folder cannot be written)."""
    import hyperscan

    _write(_path(digest, hyperscan), built, hyperscan)

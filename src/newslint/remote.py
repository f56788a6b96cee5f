"""Paths with a scheme (``s3://``, ``gs://``, ``hf://``, ``memory://``, ``file://``), read through fsspec.

Needs the ``remote`` extra (``pip install "newslint[remote]"``: fsspec and s3fs;
other object stores need their fsspec package, e.g. ``gcsfs`` for ``gs://``,
``huggingface_hub`` for ``hf://``). fsspec is imported only when such a path is
linted. Credentials and endpoints are fsspec's: the provider's usual environment
variables and files (``AWS_PROFILE``, ``AWS_ENDPOINT_URL``, ...) or fsspec's
``FSSPEC_<PROTOCOL>_<OPTION>`` variables (``FSSPEC_S3_ENDPOINT_URL``).

A folder (a prefix) is walked like a local one (``Walker`` in
:mod:`newslint.engine.discovery`): in sorted order, hidden entries (``.name``)
and excluded paths (matched relative to the given URL) skipped, files of
formats newslint does not read left out. Findings name files by URL.
"""

from __future__ import annotations

import re
from typing import Any

# A scheme of two characters or more: "C://x" on Windows is a drive, not a URL.
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
MISSING_EXTRA = "reading {url} needs the remote extra: pip install 'newslint[remote]'"


class RemoteError(Exception):
    """A URL that cannot be used at all (no fsspec, no filesystem for its scheme, missing): a usage error."""


def is_url(path: str) -> bool:
    return bool(_URL.match(path))


def filesystem(url: str) -> tuple[Any, str]:
    """fsspec's filesystem for ``url`` and the path inside it (RemoteError when fsspec cannot serve it)."""
    try:
        import fsspec.core
    except ImportError:
        raise RemoteError(MISSING_EXTRA.format(url=url)) from None
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:  # the scheme's package (s3fs, gcsfs, ...) is missing
        raise RemoteError(f"reading {url} needs a package fsspec names: {exc}") from None
    except ValueError as exc:  # an unknown protocol
        raise RemoteError(f"cannot read {url}: {exc}") from None


def check_exists(url: str) -> None:
    """RemoteError when ``url`` does not exist (a mistyped bucket or prefix is a usage error, as a local path)."""
    fs, path = filesystem(url)
    try:
        found = fs.exists(path)
    except Exception as exc:  # credentials, network: say what fsspec said
        raise RemoteError(f"{url}: {type(exc).__name__}: {exc}") from None
    if not found:
        raise RemoteError(f"{url}: no such file or directory")

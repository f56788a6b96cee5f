"""Running newslint on a distributed engine (extra ``newslint[dask]``).

Importing this package costs nothing; Dask is imported only by
:func:`newslint.distributed.dask_runner.run_dask`.
"""

from __future__ import annotations

DASK_MISSING = "--scheduler needs Dask: pip install 'newslint[dask]'"


def dask_available() -> bool:
    """True when ``dask.distributed`` can be imported."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        return False
    return True

"""Lint a corpus on a Dask cluster with the findings of a single-machine run.

The workers run the same :class:`~newslint.engine.Linter` as ``-j``: it is
shipped to every worker once (``scatter(broadcast=True)``) and each task is
``linter.observe_source(shard)`` (pass 1) or ``linter.lint_source(shard)``
(pass 2). Shards are whole files, and byte ranges of large uncompressed JSONL
files (:func:`newslint.sharding.expand`); their boundaries depend only on the
files and the shard size, never on the cluster.

Determinism: tasks finish in any order, but results are buffered and handed on
in shard order. Pass 1 observations are absorbed by the client in corpus order
(:func:`newslint.engine.absorb_shards`, the code ``-j`` uses), so the corpus
summaries, and therefore pass 2, are those of a ``-j1`` run.

Memory: at most ``window`` shards are submitted or buffered at a time, so
neither the client nor the scheduler holds the whole corpus.

Worker loss: when a worker dies the scheduler gives its tasks to another
worker (up to ``distributed.scheduler.allowed-failures`` deaths per task);
``retries`` re-runs a task that raised. A shard that still fails (it kills
every worker it touches) becomes the same ``NL911`` finding as with ``-j``.
Since tasks are pure, a re-run gives the same result and nothing is counted
twice: only the one result per shard is ever read.

Paths travel as they are: the workers must see the corpus at the same paths
(a shared file system). Remote URLs (``s3://``) are not supported.
"""

from __future__ import annotations

import sys
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Optional, TypeVar

from .linter import Linter, Observations, ShardResult
from .run import Shard, SourceFactory, two_pass
from .sharding import SHARD_BYTES, expand

R = TypeVar("R")
DASK_MISSING = "--scheduler needs Dask: pip install 'newslint[dask]'"


def dask_available() -> bool:
    """True when ``dask.distributed`` can be imported (this module itself imports no Dask)."""
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        return False
    return True


# Shards submitted or finished-but-not-yet-handed-on, per worker thread.
WINDOW_PER_THREAD = 8
# Re-runs of a task that raised (a worker that dies is handled by the scheduler).
RETRIES = 2
# Modules that --rulepath loads under this package name exist only in the
# client; they travel by value (see _Shipped).
LOCAL_RULE_PACKAGE = "newslint_local_rules."


class _Shipped:
    """The linter as it travels to the workers: pickled with cloudpickle.

    Local rule modules (``--rulepath``) are imported under a private name that
    the workers cannot import, so their classes are pickled by value. Once
    unpickled on a worker (once per worker: it is scattered), it is a plain
    linter.
    """

    def __init__(self, linter: Linter) -> None:
        self.linter = linter

    def __getstate__(self) -> bytes:
        import cloudpickle

        for name, module in list(sys.modules.items()):
            if name.startswith(LOCAL_RULE_PACKAGE) and module is not None:
                cloudpickle.register_pickle_by_value(module)
        return cloudpickle.dumps(self.linter)

    def __setstate__(self, state: bytes) -> None:
        import pickle

        self.linter = pickle.loads(state)


def _observe(shipped: _Shipped, shard: Shard) -> list[Observations]:
    return shipped.linter.observe_source(shard)


def _lint(shipped: _Shipped, shard: Shard) -> ShardResult:
    return shipped.linter.lint_source(shard)


def connect(scheduler: str) -> tuple[Any, Optional[Any]]:
    """A client for ``tcp://host:port`` (or any Dask address), or for a new LocalCluster (``local``)."""
    from dask.distributed import Client, LocalCluster

    if scheduler == "local":
        # processes: rules are CPU-bound Python, threads would share one GIL.
        cluster = LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None)
        return Client(cluster), cluster
    return Client(scheduler), None


def ordered_results(
    client: Any,
    fn: Callable[[_Shipped, Shard], R],
    shipped: Any,
    shards: Iterable[Shard],
    window: int,
    on_crash: Callable[[Shard, str], R],
    retries: int = RETRIES,
) -> Iterator[R]:
    """``fn(shipped, shard)`` for every shard on the cluster, yielded in shard order.

    At most ``window`` shards are in flight or buffered; completed results are
    buffered until every earlier shard is handed on.
    """
    from dask.distributed import as_completed

    pending = iter(enumerate(shards))
    running = as_completed()
    futures: dict[Any, tuple[int, Shard]] = {}
    done: dict[int, R] = {}
    following = 0  # index of the next result to hand on

    def submit(count: int) -> None:
        for index, shard in islice(pending, count):
            # pure=False: a unique key per submission (a second run of the same
            # corpus must not be served stale results of a released task).
            future = client.submit(fn, shipped, shard, retries=retries, pure=False)
            futures[future] = (index, shard)
            running.add(future)

    submit(window)
    try:
        while futures:
            future = next(running)
            index, shard = futures.pop(future)
            try:
                done[index] = future.result()
            except Exception as exc:  # KilledWorker, or a task that raised past its retries
                done[index] = on_crash(shard, f"failed ({type(exc).__name__}: {exc})")
            future.release()
            while following in done:
                yield done.pop(following)
                following += 1
            submit(window - len(futures) - len(done))
    finally:
        for future in futures:
            future.cancel()


def run_dask(
    linter: Linter,
    sources: SourceFactory,
    scheduler: str,
    *,
    shard_bytes: Optional[int] = None,
    window: Optional[int] = None,
    retries: int = RETRIES,
) -> Iterator[ShardResult]:
    """Lint every shard of ``sources()`` on a Dask cluster; same contract as :func:`newslint.engine.run`.

    Connects at once (an unreachable scheduler raises ``OSError`` here, before
    any output); the work starts when the results are iterated.
    """
    client, cluster = connect(scheduler)
    return _run(client, cluster, linter, sources, shard_bytes, window, retries)


class DaskExecutor:
    """The plan's passes as Dask tasks: the linter is scattered once per pass, results come back in order."""

    def __init__(self, client: Any, window: int, retries: int) -> None:
        self.client = client
        self.window = window
        self.retries = retries

    def observe(self, linter: Linter, shards: Iterable[Shard]) -> Iterator[list[Observations]]:
        return self._map(_observe, linter, shards, lambda shard, reason: [])

    def lint(self, linter: Linter, shards: Iterable[Shard]) -> Iterator[ShardResult]:
        return self._map(_lint, linter, shards, linter.worker_crashed)

    def _map(
        self,
        fn: Callable[[_Shipped, Shard], R],
        linter: Linter,
        shards: Iterable[Shard],
        on_crash: Callable[[Shard, str], R],
    ) -> Iterator[R]:
        [shipped] = self.client.scatter([_Shipped(linter)], broadcast=True)
        try:
            yield from ordered_results(self.client, fn, shipped, shards, self.window, on_crash, self.retries)
        finally:
            self.client.cancel([shipped])


def _run(
    client: Any,
    cluster: Optional[Any],
    linter: Linter,
    sources: SourceFactory,
    shard_bytes: Optional[int],
    window: Optional[int],
    retries: int,
) -> Iterator[ShardResult]:
    shard_bytes = shard_bytes or SHARD_BYTES  # read at call time: tests shrink it
    try:
        threads = sum(client.nthreads().values()) or 1
        executor = DaskExecutor(client, window or WINDOW_PER_THREAD * threads, retries)
        yield from two_pass(linter, lambda: expand(sources(), shard_bytes), executor)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

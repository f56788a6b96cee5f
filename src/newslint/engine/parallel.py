"""An ordered, bounded, crash-tolerant parallel map over worker processes.

``ordered_map(fn, items, jobs)`` yields ``fn(item)`` in the order of
``items`` whatever ``jobs`` is, which is what makes newslint's output
identical for any number of workers (house rule 7). ``fn`` is typically a
bound method of an immutable object (the Linter); with the ``fork`` start
method the workers inherit it (and the loaded plugins) instead of unpickling
it. A bounded window of items (sent to a worker, or done but not yet yielded)
keeps memory flat for corpora of millions of files.

Why not ``concurrent.futures.ProcessPoolExecutor``: when one of its workers
dies (a segfault in a C extension, ``os._exit`` in a plugin, the kernel's OOM
killer) the whole executor is declared broken, every pending item fails with
``BrokenProcessPool`` and nobody knows which item did it; and on Ctrl-C it
waits for the running items to finish. Here the parent knows which item each
worker holds, so:

* a dying worker is replaced and the items it held go back into the queue;
  the item it was running is retried *alone* (no other item running, so a
  death caused by the combined memory of all workers is told apart from one
  the item causes by itself);
* if the item kills its worker again, ``on_crash(item, reason)`` stands in
  for its result (newslint: an ``NL911`` finding on that file), or, without
  ``on_crash``, :class:`WorkerCrashed` is raised at its place in the order;
* every item runs in a worker, also with ``jobs=1`` and a single item: the
  parent never runs ``fn`` itself, so no item can end the parent;
* when the consumer stops early (Ctrl-C raises ``KeyboardInterrupt`` in the
  parent, an exception, or the generator is closed) the workers are killed at
  once instead of being waited for.

An exception raised by ``fn`` itself travels back and is raised at the item's
place in the output, as ``map`` would.
"""

from __future__ import annotations

import contextlib
import gc
import signal
import sys
from collections import deque
from itertools import chain, islice
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable, Iterator, Optional, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Items a worker holds at once: the one it runs and one queued behind it, so
# that it never idles waiting for the parent between two items.
PER_WORKER = 2
# Items in flight (held by a worker, or done but not yet yielded) per worker.
WINDOW_PER_WORKER = 4
# Seconds a terminated worker gets before it is killed.
STOP_GRACE = 2.0


class WorkerCrashed(Exception):
    """The worker process died while running ``item``, twice (the second time alone)."""

    def __init__(self, item: Any, reason: str) -> None:
        super().__init__(f"worker process {reason}")
        self.item = item
        self.reason = reason


def describe_exit(exitcode: Optional[int]) -> str:
    """``exited with status 1``, ``was killed by SIGKILL (out of memory?)``."""
    if exitcode is None:
        return "vanished"
    if exitcode >= 0:
        return f"exited with status {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    # SIGKILL is what the kernel's OOM killer sends.
    hint = " (out of memory?)" if -exitcode == getattr(signal, "SIGKILL", None) else ""
    return f"was killed by {name}{hint}"


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    jobs: int = 1,
    *,
    on_crash: Optional[Callable[[T, str], R]] = None,
) -> Iterator[R]:
    """``map(fn, items)`` over ``jobs`` processes, results in input order.

    ``on_crash(item, reason)`` gives the result of an item that killed its
    worker process twice; ``reason`` reads like ``exited with status 1``.
    """
    iterator = iter(items)
    head = list(islice(iterator, jobs))
    if not head:
        return
    # Always worker processes, even at -j 1 or for a single file (pre-commit's case):
    # a plugin that segfaults or calls os._exit costs its file (NL911), never the run.
    # With fork the linter is inherited, so a worker costs a fork, not an import.
    pool = _Pool(fn, max(1, min(jobs, len(head))), on_crash)
    try:
        yield from pool.run(chain(head, iterator))
    finally:
        pool.close()


# -- the worker side ------------------------------------------------------------
@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: for unpickling a worker's reply, which builds objects by the
    hundred thousand (findings, their fix dicts) whose allocations would otherwise trigger collections
    that walk every object the parent holds (two thirds of the unpickling time). Nothing is lost: any
    cycle made meanwhile is collected once the collector runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _serve(fn: Callable[[Any], Any], conn: Connection, inherited: list[Connection]) -> None:
    """Worker main loop: receive ``(index, item)``, send back ``(index, ok, value)``."""
    # What the worker inherited (modules, compiled patterns, the knowledge base) lives as long as it
    # does: out of the collector's generations, so that collections walk only what documents allocate.
    gc.freeze()
    # Ctrl-C is handled once, by the parent process (a terminal sends SIGINT to all of us);
    # SIGTERM (how the parent stops a worker) ends a worker at once, whatever the parent's handler.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A forked worker holds copies of the parent's ends of its siblings' pipes;
    # closing them lets every worker see end-of-file if the parent dies.
    for other in inherited:
        other.close()
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if message is None:
            return
        index, item = message
        try:
            reply: tuple[int, bool, Any] = (index, True, fn(item))
        except BaseException as exc:  # noqa: BLE001 - even SystemExit: reported, not obeyed
            reply = (index, False, exc)
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # the result or exception cannot be pickled
            conn.send(
                (
                    index,
                    False,
                    RuntimeError(
                        f"the worker could not send back {type(reply[2]).__name__}: {type(exc).__name__}: {exc}"
                    ),
                )
            )


# -- the parent side --------------------------------------------------------------
class _Worker:
    """A worker process, the parent's end of its pipe, and the items it holds in order."""

    __slots__ = ("process", "conn", "held")

    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.held: deque[tuple[int, Any]] = deque()


class _Pool:
    def __init__(self, fn: Callable[[Any], Any], jobs: int, on_crash: Optional[Callable[[Any, str], Any]]) -> None:
        self.fn = fn
        self.jobs = jobs
        self.on_crash = on_crash
        # fork: workers inherit the loaded plugins instead of importing them again.
        self.context = get_context("fork") if "fork" in get_all_start_methods() else get_context()
        self.workers: list[_Worker] = []
        self.fresh: deque[tuple[int, Any]] = deque()  # items not sent yet, in order
        # Items whose worker died, each with the fresh worker that replaced it: retried there, alone.
        self.suspects: deque[tuple[int, Any, _Worker]] = deque()
        self.alone: Optional[int] = None  # index of the suspect being retried
        self.done: dict[int, tuple[bool, Any]] = {}

    def run(self, items: Iterator[Any]) -> Iterator[Any]:
        window = self.jobs * WINDOW_PER_WORKER
        taken = emitted = 0
        exhausted = False
        while True:
            while emitted in self.done:
                ok, value = self.done.pop(emitted)
                emitted += 1
                if not ok:
                    raise value
                yield value
            while not exhausted and taken - emitted < window:
                try:
                    self.fresh.append((taken, next(items)))
                except StopIteration:
                    exhausted = True
                    break
                taken += 1
            if exhausted and emitted == taken:
                return
            self._dispatch()
            self._collect()

    # -- sending ----------------------------------------------------------------
    def _dispatch(self) -> None:
        if self.suspects or self.alone is not None:
            # A suspect runs alone: no new item until every worker is idle.
            if self.alone is None and not any(w.held for w in self.workers):
                index, item, fresh_worker = self.suspects.popleft()
                self.alone = index
                # A new process, so that a worker bloated by earlier items is not what is tested.
                self._send(fresh_worker if fresh_worker in self.workers else self.workers[0], index, item)
            return
        while self.fresh:
            worker = self._pick_worker()
            if worker is None:
                return
            index, item = self.fresh.popleft()
            self._send(worker, index, item)

    def _pick_worker(self) -> Optional[_Worker]:
        """An idle worker, else a new one (up to ``jobs``), else one with room in its queue."""
        for worker in self.workers:
            if not worker.held:
                return worker
        if len(self.workers) < self.jobs:
            return self._add_worker()
        for worker in self.workers:
            if len(worker.held) < PER_WORKER:
                return worker
        return None

    def _send(self, worker: _Worker, index: int, item: Any) -> None:
        worker.held.append((index, item))
        try:
            worker.conn.send((index, item))
        except (EOFError, OSError):
            pass  # it just died: _collect sees its sentinel and requeues what it held

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        forked = self.context.get_start_method() == "fork"
        inherited = [w.conn for w in self.workers if not w.conn.closed] + [parent_end] if forked else []
        process = self.context.Process(
            target=_serve,
            args=(self.fn, child_end, inherited),
            name="newslint-worker",
            daemon=True,
        )
        # A forked child flushes the standard streams it inherited when it
        # ends: what the parent had buffered (findings!) would appear twice.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _add_worker(self) -> _Worker:
        worker = self._start()
        self.workers.append(worker)
        return worker

    # -- receiving --------------------------------------------------------------
    def _collect(self) -> None:
        """Wait until a worker replies or dies, and handle every worker that did."""
        by_handle: dict[Any, _Worker] = {}
        for worker in self.workers:
            by_handle[worker.conn] = worker
            by_handle[worker.process.sentinel] = worker
        ready = wait(list(by_handle))
        for worker in dict.fromkeys(by_handle[handle] for handle in ready):
            alive = self._drain(worker)
            if not alive or worker.process.sentinel in ready:
                self._replace(worker)

    def _drain(self, worker: _Worker) -> bool:
        """Store every reply waiting in the worker's pipe; False once the pipe is at its end."""
        try:
            while worker.conn.poll():
                with gc_paused():
                    message = worker.conn.recv()
                self._store(worker, *message)
        except (EOFError, OSError):
            return False
        except Exception as exc:  # a reply that cannot be unpickled
            if worker.held:
                index, _ = worker.held[0]
                self._store(
                    worker,
                    index,
                    False,
                    RuntimeError(f"the reply of a worker could not be read: {type(exc).__name__}: {exc}"),
                )
        return True

    def _store(self, worker: _Worker, index: int, ok: bool, value: Any) -> None:
        held, _ = worker.held.popleft()
        assert held == index, "a worker answers in the order it was sent items"
        self.done[index] = (ok, value)
        if index == self.alone:
            self.alone = None

    def _replace(self, worker: _Worker) -> None:
        """Bury a dead worker, requeue or judge what it held, and start a new one in its place."""
        worker.process.join(STOP_GRACE)
        if worker.process.is_alive():  # its pipe broke but it lives on: it is of no use
            worker.process.kill()
            worker.process.join()
        reason = describe_exit(worker.process.exitcode)
        worker.conn.close()
        slot = self.workers.index(worker)
        self.workers[slot] = replacement = self._start()
        if worker.held:
            index, item = worker.held.popleft()
            # The items queued behind it never started: back to the front, in order.
            self.fresh.extendleft(reversed(worker.held))
            if index == self.alone:
                self.alone = None
                self.done[index] = self._crashed(item, reason)
            else:
                self.suspects.append((index, item, replacement))

    def _crashed(self, item: Any, reason: str) -> tuple[bool, Any]:
        if self.on_crash is None:
            return False, WorkerCrashed(item, reason)
        try:
            return True, self.on_crash(item, reason)
        except Exception as exc:  # noqa: BLE001 - raised at the item's place, like fn's own errors
            return False, exc

    def close(self) -> None:
        """Stop every worker now: idle ones and, after Ctrl-C or an error, busy ones too."""
        for worker in self.workers:
            worker.conn.close()
            if worker.process.is_alive():
                worker.process.terminate()
        for worker in self.workers:
            worker.process.join(STOP_GRACE)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
        self.workers.clear()

"""The two-pass run over an executor: local worker processes (``-j``) or Dask.

Corpus rules need a first pass that observes every document; observations are
absorbed in corpus order, so their summaries do not depend on the number of
workers, and pass 2 lints every document with them. :func:`two_pass` is that
plan, written once; :func:`run` executes it on this machine's processes and
:mod:`newslint.engine.dask` on a cluster.
"""

from __future__ import annotations

import contextlib
from typing import Callable, Iterable, Iterator, Literal, Protocol, Union

from ..readers.base import Source
from ..rule import CorpusRule, DocRef
from .discovery import Unreadable
from .linter import Linter, Observations, ShardResult
from .parallel import ordered_map
from .sharding import SHARD_BYTES, expand

Shard = Union[Source, Unreadable]
SourceFactory = Callable[[], Iterable[Shard]]
Pass = Literal["observe", "lint"]


class Executor(Protocol):
    """Runs one pass of the plan over the shards, handing results on in shard order."""

    def observe(self, linter: Linter, shards: Iterable[Shard]) -> Iterable[Iterable[Observations]]:
        """Pass 1: each shard's observations (a shard that kills its worker gives none)."""
        ...

    def lint(self, linter: Linter, shards: Iterable[Shard]) -> Iterator[ShardResult]:
        """Pass 2: each shard's findings (a shard that kills its worker twice: NL911)."""
        ...


def two_pass(linter: Linter, shards: Callable[[], Iterable[Shard]], executor: Executor) -> Iterator[ShardResult]:
    """The plan every executor runs: observe the corpus (if corpus rules are selected), then lint.

    ``shards`` is called once per pass (the corpus is walked again rather than
    held in memory). Observations are absorbed here, in one process and in
    corpus order, whoever produced them, so the summaries and the findings are
    the same for any executor and any number of workers.
    """
    if linter.corpus_rules:
        linter = linter.with_corpus(absorb_shards(linter, executor.observe(linter, shards())))
    return iter(executor.lint(linter, shards()))


class LocalExecutor:
    """This machine's worker processes (``-j N``; one worker process for ``N = 1``)."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs

    def observe(self, linter: Linter, shards: Iterable[Shard]) -> Iterable[Iterable[Observations]]:
        # In worker processes at every -j; a shard that kills its worker gives no observation,
        # pass 2 reports it (NL911).
        return ordered_map(
            linter.observe_source, prepared(linter, shards), self.jobs, on_crash=lambda shard, reason: []
        )

    def lint(self, linter: Linter, shards: Iterable[Shard]) -> Iterator[ShardResult]:
        return ordered_map(linter.lint_source, prepared(linter, shards), self.jobs, on_crash=linter.worker_crashed)


def prepared(linter: Linter, shards: Iterable[Shard]) -> Iterator[Shard]:
    """The shards, each reader's heavy imports done here first (see ``Reader.prepare``), once.

    The workers are forked after the shard that needs them is pulled, so they
    inherit the import instead of each paying for it (twice with corpus rules).
    """
    seen: set[type] = set()
    for shard in shards:
        reader = linter.table.for_source(shard) if isinstance(shard, Source) else None
        if reader is not None and reader not in seen:
            seen.add(reader)
            prepare = getattr(reader, "prepare", None)  # a plugin reader may predate the hook
            if prepare is not None:
                with contextlib.suppress(Exception):  # only a warm-up: the reader reports failures per file
                    prepare()
        yield shard


def run(linter: Linter, sources: SourceFactory, jobs: int = 1, shard_bytes: int = SHARD_BYTES) -> Iterator[ShardResult]:
    """Lint every source on this machine, yielding results in source order whatever ``jobs`` is.

    With several workers, large JSON Lines files are split into byte-range
    shards (whose boundaries depend on the file only), so one big file keeps
    every worker busy.
    """

    def shards() -> Iterable[Shard]:
        return expand(sources(), shard_bytes) if jobs > 1 else sources()

    return two_pass(linter, shards, LocalExecutor(jobs))


def absorb_shards(linter: Linter, shards: Iterable[Iterable[Observations]]) -> dict[str, object]:
    """Merge pass-1 observations (in corpus order) into each corpus rule's summary."""
    rules: dict[str, CorpusRule] = {a.code: a.rule for a in linter.corpus_rules}  # type: ignore[misc]
    states = {code: rule.new_state() for code, rule in rules.items()}
    for shard in shards:
        for ref, source_key, observations in shard:
            for code, observation in observations.items():
                rules[code].absorb(states[code], observation, ref, source_key)
    return {code: rules[code].finalize(states[code]) for code in rules}


__all__ = ["DocRef", "Executor", "LocalExecutor", "Pass", "Shard", "SourceFactory", "absorb_shards", "run", "two_pass"]

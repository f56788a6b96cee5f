"""The engine: documents in, findings out, over any number of workers.

Data flows one way through these modules::

    discovery  paths -> sources (files, or Unreadable with its NL9xx problem)
    sharding   large JSONL files -> byte-range shards
    linter     a shard -> documents (readers) -> rules -> stamped, sorted findings
    run        the two-pass plan (observe corpus, then lint) over an executor:
               local worker processes (parallel) or a Dask cluster (dask)
"""

from __future__ import annotations

from .discovery import ReaderTable, Unreadable, Walker
from .linter import WHOLE_DOCUMENT, Linter, Observations, ShardResult, corpus_source, malformed_hit
from .run import Executor, LocalExecutor, Shard, SourceFactory, absorb_shards, run, two_pass

__all__ = [
    "WHOLE_DOCUMENT",
    "Executor",
    "Linter",
    "LocalExecutor",
    "Observations",
    "ReaderTable",
    "Shard",
    "ShardResult",
    "SourceFactory",
    "Unreadable",
    "Walker",
    "absorb_shards",
    "corpus_source",
    "malformed_hit",
    "run",
    "two_pass",
]

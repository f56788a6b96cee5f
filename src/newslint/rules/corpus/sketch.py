"""Fixed-size counting for corpus-wide rules: stable hashes and a count-min sketch.

Counting lines per site in a corpus far larger than memory cannot keep a dict
of lines. A count-min sketch (Cormode and Muthukrishnan, 2005) keeps
``depth`` rows of ``width`` counters; an item's count is the minimum of its
counters, which never underestimates and, with *conservative update* (raise a
counter only as far as the new minimum), overestimates far less than the
plain sketch. Memory is ``4 * width * depth`` bytes whatever the corpus size.

Hashes must be stable across processes and runs (Python's ``hash`` of a
``str`` is salted per process), so lines are hashed with BLAKE2b.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from hashlib import blake2b
from typing import Any


def hash64(text: str) -> int:
    """A stable 64-bit hash."""
    return int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


class _SparseRow(dict[int, int]):
    """A sketch row as a dict of its non-zero counters: reads like the dense row (0 where unset)."""

    __slots__ = ()

    def __missing__(self, key: int) -> int:
        return 0


# Set counters (all rows) a sketch keeps in dicts before it allocates its arrays (~6 MB of dict entries,
# against 32 MB of arrays at the default width): a run over a few documents (pre-commit's single file)
# never pays for zeroing the arrays (~25 ms) nor forks a worker with them.
SPARSE_CELLS = 1 << 16


class CountMinSketch:
    """A count-min sketch with conservative update over 64-bit keys.

    The counters live in dicts (only the non-zero ones) until more than
    ``sparse_cells`` of them are set, then in arrays: the same counters either
    way (an unset one reads 0), so every estimate is the same.
    """

    __slots__ = ("depth", "rows", "sparse_cells", "width")

    def __init__(self, width: int = 1 << 21, depth: int = 4, sparse_cells: int = SPARSE_CELLS) -> None:
        if width & (width - 1):
            raise ValueError("width must be a power of two")
        self.width = width
        self.depth = depth
        self.sparse_cells = min(sparse_cells, width * depth // 32)
        self.rows: list[Any] = [_SparseRow() for _ in range(depth)]
        self._densify_if_full()

    @property
    def sparse(self) -> bool:
        return isinstance(self.rows[0], _SparseRow)

    def _densify_if_full(self) -> None:
        """Move the counters into arrays once the dicts hold more than ``sparse_cells`` of them."""
        if not self.sparse or sum(len(row) for row in self.rows) <= self.sparse_cells:
            return
        dense = []
        for row in self.rows:
            # array * n allocates once (no temporary bytes object of the same size).
            values = array("I", [0]) * self.width
            for index, count in row.items():
                values[index] = count
            dense.append(values)
        self.rows = dense

    def _indexes(self, key: int) -> list[int]:
        # Double hashing (Kirsch and Mitzenmacher): row i uses h1 + i * h2.
        mask = self.width - 1
        h1 = key & 0xFFFFFFFF
        h2 = (key >> 32) | 1
        return [(h1 + i * h2) & mask for i in range(self.depth)]

    def add(self, key: int) -> None:
        indexes = self._indexes(key)
        rows = self.rows
        new = min(rows[i][j] for i, j in enumerate(indexes)) + 1
        for i, j in enumerate(indexes):
            if rows[i][j] < new:  # noqa: PLR1730 -- hot loop: a comparison is cheaper than max()
                rows[i][j] = new
        self._densify_if_full()

    def add_all(self, keys: Iterable[int]) -> None:
        """``add`` each key in turn (the same counts), with the loop's lookups hoisted out of it."""
        if not self.sparse:
            self._add_all(keys)
            return
        # In slices, so that one huge document cannot grow the dicts far past ``sparse_cells``.
        keys = list(keys)
        step = max(1, self.sparse_cells // self.depth)
        for start in range(0, len(keys), step):
            self._add_all(keys[start : start + step])

    def _add_all(self, keys: Iterable[int]) -> None:
        mask, rows, depth = self.width - 1, self.rows, self.depth
        if depth != 4:
            for key in keys:
                self.add(key)
            return
        row0, row1, row2, row3 = rows
        for key in keys:
            h1 = key & 0xFFFFFFFF
            h2 = (key >> 32) | 1
            i0, i1, i2, i3 = h1 & mask, (h1 + h2) & mask, (h1 + 2 * h2) & mask, (h1 + 3 * h2) & mask
            c0, c1, c2, c3 = row0[i0], row1[i1], row2[i2], row3[i3]
            new = min(c0, c1, c2, c3) + 1
            if c0 < new:
                row0[i0] = new
            if c1 < new:
                row1[i1] = new
            if c2 < new:
                row2[i2] = new
            if c3 < new:
                row3[i3] = new
        self._densify_if_full()

    def count_present(self, keys: Sequence[int], weights: Sequence[int] | None = None) -> int:
        """How many of ``keys`` have been added (estimate above zero), or the sum of their ``weights``.

        A membership test that may err upwards (a key absent but all its counters raised by others).
        """
        mask, rows = self.width - 1, self.rows
        present = 0
        for n, key in enumerate(keys):
            h1 = key & 0xFFFFFFFF
            h2 = (key >> 32) | 1
            if all(rows[i][(h1 + i * h2) & mask] for i in range(self.depth)):
                present += weights[n] if weights is not None else 1
        return present

    def estimate(self, key: int) -> int:
        rows = self.rows
        return min(rows[i][j] for i, j in enumerate(self._indexes(key)))

    @property
    def nbytes(self) -> int:
        return 4 * self.width * self.depth

"""Grouping of integer columns (hashes, keys): distinct values in order of first appearance, codes, counts.

`factorize` uses an open-addressing hash table built with whole-array numpy steps: each round, rows
whose slot is free claim it (the smallest row wins, so a slot's owner is its key's first occurrence),
rows that find their own key there are done, the others move to the next slot. A round costs one pass
over the rows still looking, and almost all rows are done after the first one, so the whole is O(n)
with no sort. When probing runs long (keys crafted to collide), it falls back to a sort (`np.unique`).
"""

from __future__ import annotations

import numpy as np

_FIBONACCI = np.uint64(0x9E3779B97F4A7C15)  # 2**64 / golden ratio: spreads keys over the top bits
MAX_ROUNDS = 32


def factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distinct values in order of first appearance, row of the first occurrence of each, code of each row).

    `values` is a 1-d integer array; codes index the distinct values (values == distinct[codes])."""
    if values.dtype.kind not in "iub":
        raise TypeError(f"factorize groups integer columns, not {values.dtype}")
    n = values.size
    if not n:
        return values[:0], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    values = np.ascontiguousarray(values)
    keys = values.view(np.uint64) if values.dtype.itemsize == 8 else values.astype(np.int64).view(np.uint64)
    bits = max((2 * n - 1).bit_length(), 4)  # at least twice as many slots as rows
    mask = (1 << bits) - 1
    slot = ((keys * _FIBONACCI) >> np.uint64(64 - bits)).astype(np.int64)  # of each row's key, at the end
    rows = np.arange(n, dtype=np.int64)
    owner = np.full(mask + 1, n, dtype=np.int64)  # the row whose key holds a slot; n = free
    np.minimum.at(owner, slot, rows)
    pending = np.flatnonzero(keys[owner[slot]] != keys)
    for _ in range(MAX_ROUNDS):
        if not pending.size:
            break
        probe = (slot[pending] + 1) & mask
        slot[pending] = probe
        free = owner[probe] == n
        np.minimum.at(owner, probe[free], pending[free])
        pending = pending[keys[owner[probe]] != keys[pending]]
    else:
        return sorted_factorize(values)
    first = np.flatnonzero(owner[slot] == rows)  # the rows that own their slot, in row order
    code_of_slot = np.empty(mask + 1, dtype=np.int64)
    code_of_slot[slot[first]] = np.arange(first.size, dtype=np.int64)
    return values[first], first, code_of_slot[slot]


def sorted_factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The same result as `factorize`, by sorting (O(n log n), whatever the keys)."""
    uniq, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    appear = np.argsort(first, kind="stable")
    code = np.empty(appear.size, dtype=np.int64)
    code[appear] = np.arange(appear.size, dtype=np.int64)
    return uniq[appear], first[appear].astype(np.int64), code[inverse.reshape(-1)]


def value_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values in order of first appearance, how many times each occurs)."""
    uniq, _, codes = factorize(values)
    return uniq, np.bincount(codes, minlength=uniq.size)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values in order of first appearance."""
    return factorize(values)[0]

"""Grouping (factorize, value counts, distinct) against a plain-Python reference, collisions included."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.watch import grouping
from magesupport.watch.grouping import distinct, factorize, sorted_factorize, value_counts

MULT = 0x9E3779B97F4A7C15
INVERSE = pow(MULT, -1, 1 << 64)


def reference(values: list[int]) -> tuple[list[int], list[int], list[int]]:
    """Distinct values in order of first appearance, first row of each, code of each row: by a dict."""
    code: dict[int, int] = {}
    uniq: list[int] = []
    first: list[int] = []
    codes: list[int] = []
    for row, value in enumerate(values):
        if value not in code:
            code[value] = len(uniq)
            uniq.append(value)
            first.append(row)
        codes.append(code[value])
    return uniq, first, codes


def check(array: np.ndarray) -> None:
    uniq, first, codes = reference(array.tolist())
    for fn in (factorize, sorted_factorize):
        got_uniq, got_first, got_codes = fn(array)
        assert got_uniq.tolist() == uniq and got_uniq.dtype == array.dtype
        assert got_first.tolist() == first and got_codes.tolist() == codes
        assert got_first.dtype == got_codes.dtype == np.int64
    got, counts = value_counts(array)
    assert got.tolist() == uniq
    assert counts.tolist() == [codes.count(k) for k in range(len(uniq))]
    assert distinct(array).tolist() == uniq


# few distinct values (many repeats), or a wide range (mostly distinct), negatives too
small = st.lists(st.integers(0, 12), max_size=300)
wide = st.lists(st.integers(-(2**63), 2**63 - 1), max_size=300)


@settings(max_examples=150, deadline=None)
@given(values=st.one_of(small, wide))
def test_int64_matches_reference(values):
    check(np.array(values, dtype=np.int64))


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.integers(0, 2**64 - 1), max_size=300), repeat=st.integers(1, 4))
def test_uint64_hashes_match_reference(values, repeat):
    array = np.array(values * repeat, dtype=np.uint64)
    check(np.random.default_rng(len(values)).permutation(array))


@settings(max_examples=50, deadline=None)
@given(values=st.lists(st.integers(-100, 100), max_size=200))
def test_narrow_integer_types(values):
    check(np.array(values, dtype=np.int16))
    check(np.array([v > 0 for v in values], dtype=bool))


@pytest.mark.parametrize("keys", [20, 200])
def test_colliding_keys(keys, monkeypatch):
    """Keys crafted to hash to one slot: probing resolves a few; many fall back to sorting."""
    values = np.array([(j * INVERSE) % (1 << 64) for j in range(keys)] * 3, dtype=np.uint64)
    calls: list[int] = []
    real = grouping.sorted_factorize
    monkeypatch.setattr(grouping, "sorted_factorize", lambda v: calls.append(v.size) or real(v))
    check(values)
    assert bool(calls) == (keys > grouping.MAX_ROUNDS)


def test_by_hand_and_empty():
    uniq, first, codes = factorize(np.array([7, 3, 7, 7, 9, 3], dtype=np.int64))
    assert uniq.tolist() == [7, 3, 9] and first.tolist() == [0, 1, 4] and codes.tolist() == [0, 1, 0, 0, 2, 1]
    empty = factorize(np.zeros(0, dtype=np.uint64))
    assert [a.size for a in empty] == [0, 0, 0] and empty[0].dtype == np.uint64
    with pytest.raises(TypeError):
        factorize(np.array([0.5]))

"""`arshif.curation.minhash` is datasketch's MinHash and MinHashLSH, bit for bit, band for band."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from datasketch.lsh import _optimal_param

from arshif.curation.minhash import BandIndex, optimal_bands, permutations, signature


def _datasketch(values: np.ndarray, num_perm: int = 128) -> np.ndarray:
    mh = MinHash(num_perm=num_perm, seed=1, hashfunc=lambda value: value)
    mh.update_batch(values.tolist())
    assert mh.scheme == "affine32"
    return np.asarray(mh.hashvalues)


@pytest.mark.parametrize("count", [1, 2, 7, 500, 8192, 8193, 20_000])
def test_signatures_are_datasketchs(count: int) -> None:
    values = np.random.default_rng(count).integers(0, 2**32, count, dtype=np.uint64)
    mine = signature(values)
    assert mine.dtype == np.uint32
    assert np.array_equal(mine, _datasketch(values))


def test_a_signature_is_of_the_set() -> None:
    values = np.random.default_rng(3).integers(0, 2**32, 300, dtype=np.uint64)
    assert np.array_equal(signature(values), signature(np.concatenate([values[::-1], values])))
    other = np.random.default_rng(4).integers(0, 2**32, 300, dtype=np.uint64)
    assert not np.array_equal(signature(values), signature(other))
    assert np.array_equal(signature(np.zeros(0, np.uint64)), np.full(128, 2**32 - 1))
    assert np.array_equal(signature(values, num_perm=16), _datasketch(values, num_perm=16))


@pytest.mark.parametrize("num_perm", [16, 64, 128, 256])
def test_bands_are_datasketchs_for_every_threshold(num_perm: int) -> None:
    for threshold in np.round(np.arange(0.05, 0.96, 0.05), 2).tolist():
        theirs = _optimal_param(threshold, num_perm, 0.5, 0.5)  # what MinHashLSH calls
        assert optimal_bands(threshold, num_perm) == theirs, threshold


def test_band_keys_and_queries_are_datasketchs() -> None:
    rng = np.random.default_rng(5)
    base = rng.integers(0, 2**32, 400, dtype=np.uint64)
    texts = {
        0: base,
        1: np.concatenate([base[:360], rng.integers(0, 2**32, 40, dtype=np.uint64)]),  # ~0.8
        2: np.concatenate([base[:150], rng.integers(0, 2**32, 250, dtype=np.uint64)]),  # ~0.23
        3: rng.integers(0, 2**32, 400, dtype=np.uint64),
    }
    theirs = MinHashLSH(threshold=0.5, num_perm=128)
    mine = BandIndex(0.5)
    for key, values in texts.items():
        mh = MinHash(num_perm=128, seed=1, hashfunc=lambda value: value)
        mh.update_batch(values.tolist())
        theirs.insert(key, mh)
        mine.insert(key, signature(values))
        assert mine.band_keys(signature(values)) == [
            theirs._H(mh.hashvalues[start:end]) for start, end in theirs.hashranges
        ]
    for key, values in texts.items():
        mh = MinHash(num_perm=128, seed=1, hashfunc=lambda value: value)
        mh.update_batch(values.tolist())
        assert mine.query(signature(values)) == set(theirs.query(mh)), key
    assert {0, 1} <= mine.query(signature(texts[0]))
    assert 3 not in mine.query(signature(texts[0]))


def test_values_wider_than_32_bits_are_refused_and_permutations_are_shared_read_only() -> None:
    with pytest.raises(ValueError, match="32-bit"):
        signature(np.array([2**32], dtype=np.uint64))
    a, _b = permutations(128)
    with pytest.raises(ValueError, match="read-only"):
        a[0] = 1

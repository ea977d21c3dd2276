"""MinHash signatures and an LSH band index, in numpy: datasketch's, without its start-up cost.

The signatures are datasketch's `MinHash` (its default scheme since 2.0, "affine32": each
32-bit value mixed by MurmurHash3's finaliser, then permuted by ``a·h + b mod 2³²``, ``a`` odd,
``a`` and ``b`` drawn from ``numpy.random.RandomState(seed)``) bit for bit, and `BandIndex`
splits them into the bands datasketch's `MinHashLSH` would choose for a threshold
(`optimal_bands`, the same weighted false-positive/false-negative minimum), keyed by the same
bytes. tests/curation/test_minhash.py compares both with datasketch itself.

Why not datasketch: importing it imports scipy (for `scipy.integrate.quad` in the band
optimisation), about half a second of every `arshif ingest`, which checks each new article for
near-duplicates; the band integrals here are of polynomials, which Gauss–Legendre quadrature
computes exactly with numpy.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

U32 = npt.NDArray[np.uint32]

MAX_HASH = np.uint32((1 << 32) - 1)
#: MurmurHash3's 32-bit finaliser: shift, multiply, shift, multiply, shift
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
#: Values permuted at a time (memory: num_perm × 4 bytes each)
CHUNK = 8192


@functools.lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int = 1) -> tuple[U32, U32]:
    """The ``a`` (odd) and ``b`` of each of `num_perm` permutations, as datasketch draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.flags.writeable = b.flags.writeable = False  # shared by every caller (cached)
    return a, b


def _mix(values: U32) -> U32:
    s1, m1, s2, m2, s3 = _FMIX
    values = values ^ (values >> s1)
    values = values * m1
    values = values ^ (values >> s2)
    values = values * m2
    return values ^ (values >> s3)


def signature(values: npt.ArrayLike, num_perm: int = 128, seed: int = 1) -> U32:
    """The MinHash signature (`num_perm` minima) of a set of 32-bit hash values.

    Values are permuted `CHUNK` at a time; the minimum over chunks is the minimum over all.
    """
    a, b = permutations(num_perm, seed)
    minima = np.full(num_perm, MAX_HASH, dtype=np.uint32)
    given = np.asarray(values)
    if given.size and (int(given.max()) > int(MAX_HASH) or int(given.min()) < 0):
        raise ValueError("MinHash values must be 32-bit (0 to 2**32 - 1)")
    mixed = _mix(given.astype(np.uint32))
    for start in range(0, len(mixed), CHUNK):
        permuted = mixed[start : start + CHUNK, np.newaxis] * a + b  # wraps: mod 2³²
        np.minimum(minima, permuted.min(axis=0), out=minima)
    return minima


@functools.cache
def _gauss_legendre(count: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    nodes, weights = np.polynomial.legendre.leggauss(count)
    return nodes, weights


def _gauss_legendre_integral(b: int, r: int, low: float, high: float, miss: bool) -> float:
    # 1 − (1 − s^r)^b (a pair at similarity s shares a band) is a polynomial of degree b·r:
    # Gauss–Legendre with n nodes is exact up to degree 2n − 1
    nodes, weights = _gauss_legendre(b * r // 2 + 1)
    s = (high - low) / 2 * nodes + (high + low) / 2
    found = 1.0 - (1.0 - s ** float(r)) ** float(b)
    return float((high - low) / 2 * np.dot(weights, 1.0 - found if miss else found))


@functools.lru_cache(maxsize=32)
def optimal_bands(
    threshold: float, num_perm: int, weights: tuple[float, float] = (0.5, 0.5)
) -> tuple[int, int]:
    """(bands, rows per band) minimising the weighted probability of false positives (pairs
    below `threshold` found) and false negatives (pairs above it missed): datasketch's
    `_optimal_param`."""
    best = float("inf")
    chosen = (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            false_positive = _gauss_legendre_integral(b, r, 0.0, threshold, miss=False)
            false_negative = _gauss_legendre_integral(b, r, threshold, 1.0, miss=True)
            error = false_positive * weights[0] + false_negative * weights[1]
            if error < best:
                best = error
                chosen = (b, r)
    return chosen


class BandIndex:
    """Signatures by band: keys whose signatures agree on all rows of at least one band.

    The same bands, and so the same candidates, as datasketch's `MinHashLSH(threshold,
    num_perm)`.
    """

    def __init__(self, threshold: float, num_perm: int = 128) -> None:
        self.bands, self.rows = optimal_bands(threshold, num_perm)
        self.ranges = [(i * self.rows, (i + 1) * self.rows) for i in range(self.bands)]
        self._tables: list[dict[bytes, list[int]]] = [{} for _ in self.ranges]

    def band_keys(self, minima: U32) -> list[bytes]:
        """Each band of a signature as bytes (datasketch's: the values byte-swapped)."""
        return [bytes(minima[start:end].byteswap().data) for start, end in self.ranges]

    def insert(self, key: int, minima: U32) -> None:
        for table, band in zip(self._tables, self.band_keys(minima), strict=True):
            table.setdefault(band, []).append(key)

    def insert_all(self, items: Iterable[tuple[int, U32]]) -> None:
        for key, minima in items:
            self.insert(key, minima)

    def query(self, minima: U32) -> set[int]:
        """Keys sharing at least one band with `minima`."""
        found: set[int] = set()
        for table, band in zip(self._tables, self.band_keys(minima), strict=True):
            found.update(table.get(band, ()))
        return found

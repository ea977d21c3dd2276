"""Word tokens of folded text and the hashing behind duplicate detection (used by `duplicates`).

A text's tokens are its words after the search folding (`arshif.text.fold.fold`), split at
whitespace and punctuation, ZWNJ/ZWJ removed, each hashed to 32 bits (BLAKE2b, stable across
runs and machines). n-grams of tokens hash to 64 bits; `winnow` picks the n-grams a record is
indexed by, and `Postings` maps those hashes to (record, position) as sorted numpy arrays.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from arshif.text.fold import fold

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]

_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"[\w\u200c\u200d]+")
_JOINERS = str.maketrans("", "", "\u200c\u200d")
_MIX1, _MIX2 = np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53)
_MUL = np.uint64(0x9E3779B97F4A7C15)
_CACHE_LIMIT = 200_000


# --- tokens --------------------------------------------------------------------------------------

_chunk_cache: dict[str, tuple[tuple[str, int, int], ...]] = {}
_hash_cache: dict[str, tuple[int, ...]] = {}


def _cached(cache: dict[str, Any], key: str, value: Any) -> None:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value


def _chunk_words(chunk: str) -> tuple[tuple[str, int, int], ...]:
    """Folded words of a whitespace-free chunk, each with its span inside the chunk (the whole
    chunk when folding changed its length)."""
    found = _chunk_cache.get(chunk)
    if found is None:
        folded = fold(chunk)
        same = len(folded) == len(chunk)
        words = []
        for m in _WORD.finditer(folded):
            word = m.group()
            if "\u200c" in word or "\u200d" in word:
                word = word.translate(_JOINERS)
            if word:
                words.append((word, m.start() if same else 0, m.end() if same else len(chunk)))
        found = tuple(words)
        _cached(_chunk_cache, chunk, found)
    return found


def folded_words(text: str) -> Iterator[tuple[str, int, int]]:
    """The folded words of `text` with the span of each in the original `text`."""
    for m in _CHUNK.finditer(text):
        start = m.start()
        for word, s, e in _chunk_words(m.group()):
            yield word, start + s, start + e


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")


def word_tokens(text: str) -> U32:
    """The 32-bit hashes (BLAKE2b) of the folded words of `text`, as `folded_words` finds them."""
    hashes: list[int] = []
    for chunk in _CHUNK.findall(text):
        found = _hash_cache.get(chunk)
        if found is None:
            found = tuple(_word_hash(word) for word, _, _ in _chunk_words(chunk))
            _cached(_hash_cache, chunk, found)
        hashes += found
    return np.array(hashes, dtype=np.uint32)


def _fmix(h: U64) -> U64:
    h = h ^ (h >> np.uint64(33))
    h = h * _MIX1
    h = h ^ (h >> np.uint64(33))
    h = h * _MIX2
    return h ^ (h >> np.uint64(33))


def gram_hashes(tokens: U32, n: int) -> U64:
    """64-bit hashes of every run of `n` tokens (of the whole text when it is shorter)."""
    wide = tokens.astype(np.uint64)
    n = min(n, len(wide))
    count = len(wide) - n + 1
    h = np.zeros(count, dtype=np.uint64)
    for k in range(n):
        h = h * _MUL + wide[k : k + count]
    return _fmix(h)


def winnow(hashes: U64, window: int) -> I64:
    """Positions of the minimum hash of every `window` consecutive hashes (Schleimer et al.)."""
    if len(hashes) <= window:
        return np.arange(len(hashes), dtype=np.int64)
    views = np.lib.stride_tricks.sliding_window_view(hashes, window)
    positions = views.argmin(axis=1).astype(np.int64) + np.arange(len(views), dtype=np.int64)
    return np.unique(positions)


def trim_passage(passage: str) -> str:
    """Drop punctuation, symbols and spaces at both ends (keep letters, marks, digits)."""
    keep = [i for i, ch in enumerate(passage) if unicodedata.category(ch)[0] in "LMN"]
    return passage[keep[0] : keep[-1] + 1] if keep else ""


# --- the fingerprint index -----------------------------------------------------------------------


class Postings:
    """n-gram hash → (record, position), as sorted numpy arrays plus a small unsorted tail."""

    def __init__(self) -> None:
        empty = np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int32), np.zeros(0, np.int32)
        self.main: tuple[U64, I32, I32] = empty
        self.tail: list[tuple[U64, I32, I32]] = []
        self.tail_sorted: tuple[U64, I32, I32] | None = None

    def add(self, hashes: U64, record: int, positions: I64) -> None:
        records = np.full(len(hashes), record, dtype=np.int32)
        self.tail.append((hashes, records, positions.astype(np.int32)))
        self.tail_sorted = None

    @staticmethod
    def _sorted(parts: list[tuple[U64, I32, I32]]) -> tuple[U64, I32, I32]:
        h = np.concatenate([p[0] for p in parts])
        order = np.argsort(h, kind="stable")
        r = np.concatenate([p[1] for p in parts])
        p = np.concatenate([p[2] for p in parts])
        return h[order], r[order], p[order]

    def compact(self) -> tuple[U64, I32, I32]:
        if self.tail:
            self.main = self._sorted([self.main, *self.tail])
            self.tail, self.tail_sorted = [], None
        return self.main

    def lookup(self, hashes: U64) -> Iterator[tuple[int, I32, I32]]:
        """For each query index with matches: (query index, records, positions)."""
        tail_size = sum(len(t[0]) for t in self.tail)
        if tail_size > max(50_000, len(self.main[0]) // 4):
            self.compact()
        if self.tail and self.tail_sorted is None:
            self.tail_sorted = self._sorted(self.tail)
        tiers = [self.main] + ([self.tail_sorted] if self.tail_sorted is not None else [])
        bounds = [
            (np.searchsorted(t[0], hashes, "left"), np.searchsorted(t[0], hashes, "right"))
            for t in tiers
        ]
        for i in range(len(hashes)):
            parts = [
                (t[1][lo[i] : hi[i]], t[2][lo[i] : hi[i]])
                for t, (lo, hi) in zip(tiers, bounds, strict=True)
                if hi[i] > lo[i]
            ]
            if parts:
                yield (
                    i,
                    np.concatenate([r for r, _ in parts]),
                    np.concatenate([p for _, p in parts]),
                )


def extend_run(a: U32, b: U32, i: int, j: int) -> tuple[int, int, int]:
    """The maximal run of equal tokens through a[i] == b[j]: (start in a, start in b, length)."""
    k = min(i, j)
    back = 0
    if k:
        eq = a[i - k : i][::-1] == b[j - k : j][::-1]
        back = k if bool(eq.all()) else int(np.argmin(eq))
    m = min(len(a) - i, len(b) - j)
    eq = a[i : i + m] == b[j : j + m]
    forward = m if bool(eq.all()) else int(np.argmin(eq))
    return i - back, j - back, back + forward


def covered(length: int, starts: I64, n: int) -> npt.NDArray[np.bool_]:
    """Which of `length` tokens lie in one of the n-grams starting at `starts`."""
    edges = np.zeros(length + 1, dtype=np.int64)
    np.add.at(edges, starts, 1)
    np.add.at(edges, np.minimum(starts + n, length), -1)
    return np.cumsum(edges[:-1]) > 0


def split_run(run: tuple[int, int, int], mask: npt.NDArray[np.bool_]) -> list[tuple[int, int, int]]:
    """The parts of `run` (start in a, start in b, length) outside `mask` (over a's tokens)."""
    start_a, start_b, length = run
    keep = ~mask[start_a : start_a + length]
    edges = np.flatnonzero(np.diff(np.concatenate(([False], keep, [False])).astype(np.int8)))
    return [
        (start_a + s, start_b + s, e - s)
        for s, e in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True)
    ]

"""Shared passages between records: seed matches, maximal runs, boilerplate, quotes.

`arshif.curation.duplicates.DuplicateFinder` finds which records to compare (exact texts,
MinHash candidates, the n-gram postings); the functions here turn the n-gram matches of two
records into the maximal runs of words they share, leave out boilerplate (an n-gram that recurs
in different stories: `corpus_seeds`), and quote the longest runs from a record's original
text (`passages`). The rules and figures are in `arshif.curation.duplicates`' docstring.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from itertools import combinations

import numpy as np

from arshif.curation.shingles import (
    I64,
    U32,
    U64,
    Postings,
    covered,
    extend_run,
    folded_words,
    split_run,
    trim_passage,
)

Run = tuple[int, int, int]  # start in the first record, start in the second, length in words
Seed = tuple[int, int, int, int]  # record a, record b, position in a, position in b


def run_coverage(runs: list[Run], len_a: int, len_b: int) -> float:
    """The share of the shorter record's words that `runs` cover."""
    side = 0 if len_a <= len_b else 1
    words = np.zeros(min(len_a, len_b), dtype=bool)
    for run in runs:
        words[run[side] : run[side] + run[2]] = True
    return float(words.sum()) / max(1, len(words))


def passages(text: str, runs: list[Run], side: int, limit: int) -> tuple[str, ...]:
    """The longest `limit` of `runs`, quoted from `text` (side `side` of the runs), in text
    order."""
    spans = [(s, e) for _, s, e in folded_words(text)]
    longest = sorted(runs, key=lambda r: (-r[2], r[side]))[:limit]
    chosen = sorted({(r[side], r[2]) for r in longest})
    return tuple(trim_passage(text[spans[s][0] : spans[s + n - 1][1]]) for s, n in chosen)


def seed_runs(
    seeds: Iterable[Seed],
    tokens_of: Callable[[int], U32],
    boilerplate_of: Callable[[int], I64],
    min_words: int,
    *,
    ngram: int,
    story_words: int,
) -> dict[tuple[int, int], list[Run]]:
    """Maximal runs of at least `min_words` words from seed matches, without the words of
    boilerplate n-grams (`boilerplate_of(a)`: their positions in record a)."""
    runs: dict[tuple[int, int], list[Run]] = {}
    for ra, rb, pa, pb in seeds:
        found = runs.setdefault((ra, rb), [])
        if any(s - t == pa - pb and s <= pa < s + n for s, t, n in found):
            continue
        found.append(extend_run(tokens_of(ra), tokens_of(rb), pa, pb))
    result = {}
    for (ra, rb), found in runs.items():
        boilerplate = boilerplate_of(ra)
        if len(boilerplate):  # a long run is a copied story, whatever it contains
            mask = covered(len(tokens_of(ra)), boilerplate, ngram)
            found = [
                part
                for run in found
                for part in (split_run(run, mask) if run[2] < story_words else [run])
            ]
        result[(ra, rb)] = [run for run in found if run[2] >= min_words]
    return result


def one_story(holders: tuple[int, ...], near: Container[tuple[int, int]]) -> bool:
    """True when most pairs of `holders` (sorted records) are near-duplicates: copies of
    one story, not a formula that recurs in different stories."""
    pairs = list(combinations(holders, 2))
    return 2 * sum(1 for pair in pairs if pair in near) >= len(pairs)


def corpus_seeds(
    postings: Postings, near: Container[tuple[int, int]], *, common_df: int, max_df: int
) -> tuple[list[Seed], U64]:
    """Seed matches between indexed records, and the sorted boilerplate n-gram hashes.

    Boilerplate: an n-gram held by more than `max_df` records, or by more than
    `common_df` records that are not mostly near-duplicates of each other (`near`)."""
    hashes, recs, positions = postings.compact()
    seeds: list[Seed] = []
    boilerplate: list[int] = []
    if len(hashes) < 2:
        return seeds, np.zeros(0, dtype=np.uint64)
    change = np.flatnonzero(hashes[1:] != hashes[:-1]) + 1
    starts = np.concatenate(([0], change))
    ends = np.concatenate((change, [len(hashes)]))
    shared = ends - starts >= 2
    stories: dict[tuple[int, ...], bool] = {}
    for s, e in zip(starts[shared].tolist(), ends[shared].tolist(), strict=True):
        holders = tuple(np.unique(recs[s:e]).tolist())
        df = len(holders)
        if df > common_df and df <= max_df:
            if holders not in stories:
                stories[holders] = one_story(holders, near)
            common = not stories[holders]
        else:
            common = df > max_df
        if common:
            boilerplate.append(int(hashes[s]))
        if df < 2 or df > max_df:
            continue
        occurrences = list(zip(recs[s:e].tolist(), positions[s:e].tolist(), strict=True))
        for (ra, pa), (rb, pb) in combinations(occurrences, 2):
            if ra != rb:
                seeds.append((ra, rb, pa, pb) if ra < rb else (rb, ra, pb, pa))
    return seeds, np.array(boilerplate, dtype=np.uint64)

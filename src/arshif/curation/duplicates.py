"""Near-duplicate detection: identical texts, whole-record similarity, and shared passages.

Texts are compared after the search folding (`arshif.text.fold.fold`), as word tokens. Three
kinds of group are reported (`DuplicateGroup.kind`):

- ``exact``: the same folded word sequence (every id of the group; similarity 1.0);
- ``near``: whole-record similarity, the Jaccard index of the word 5-shingle sets at least
  `threshold` (default 0.5). Candidates come from MinHash/LSH (`arshif.curation.minhash`, 128
  permutations), so nothing compares all pairs; each candidate's similarity is then computed
  exactly;
- ``passage``: the records share a run of at least `min_words` (default 12) consecutive words, a
  wire quote inside two different stories. Runs are found through an 8-word n-gram → records
  index (winnowed, so that every run of `min_words` words is guaranteed to share an indexed
  n-gram), extended word by word to maximal runs. `similarity` is the share of the shorter
  record's words in the runs.

Boilerplate is not a duplicate: an n-gram held by more than `common_df` records (default 4) that
are not, for the most part, near-duplicates of each other (an outlet's SMS-service footer, a
prince's titles, the weather report's formula), or by more than `max_df` records whatever they
are, is left out of the runs; a run of at least `story_words` words (default 40) is kept whole
all the same (a copied story, however often it was copied). On 4,858 SaudiNewsNet articles this
took the passage pairs from 3,583 to 1,637 (docs/curation.md).

Near and passage groups are pairs; `shared` holds the shared passages (maximal runs of at least
`min_words` words, longest `max_passages`, in text order) quoted from the *original* text of
``ids[0]``, trimmed of punctuation at their ends. A record identical to another one takes part
in near and passage pairs through the first-added record of its exact group only. Output is
deterministic: exact, near, then passage; by decreasing similarity, then ids.

This module finds which records to compare (`DuplicateFinder`: exact texts, MinHash candidates,
the n-gram postings); turning two records' n-gram matches into runs, leaving boilerplate out
and quoting passages is `arshif.curation.passages`'.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Container
from typing import Any, Literal

import numpy as np

from arshif.curation.fingerprints import Profile
from arshif.curation.minhash import BandIndex, signature
from arshif.curation.passages import Run, Seed, corpus_seeds, passages, run_coverage, seed_runs
from arshif.curation.shingles import (
    I64,
    U32,
    U64,
    Postings,
    gram_hashes,
    winnow,
    word_tokens,
)

DuplicateKind = Literal["exact", "near", "passage"]
_KIND_RANK = {"exact": 0, "near": 1, "passage": 2}


@dataclasses.dataclass(frozen=True)
class DuplicateGroup:
    ids: tuple[str, ...]
    kind: DuplicateKind
    similarity: float
    shared: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (one ndjson line of ``arshif duplicates``)."""
        return {
            "ids": list(self.ids),
            "kind": self.kind,
            "similarity": self.similarity,
            "shared": list(self.shared),
        }


_PROFILER: DuplicateFinder | None = None


def duplicate_profile(text: str) -> Profile:
    """`DuplicateFinder.profile` with the default settings (one finder per process)."""
    global _PROFILER
    if _PROFILER is None:
        _PROFILER = DuplicateFinder()
    return _PROFILER.profile(text)


class DuplicateFinder:
    """Collects records (`add`) and reports duplicates among them (`find`) or of one new text
    against them (`find_for`).

    `text_source(id)`, if given, returns a record's text when a passage must be quoted, so that
    texts are not kept in memory (for very large archives); it must return the text given to
    `add`. Runs shorter than `min_words` words may be missed (the winnowing guarantee).
    """

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        min_words: int = 12,
        ngram: int = 8,
        shingle: int = 5,
        num_perm: int = 128,
        max_df: int = 50,
        common_df: int = 4,
        story_words: int = 40,
        text_source: Callable[[str], str] | None = None,
    ) -> None:
        if min_words < ngram:
            raise ValueError("min_words must be at least ngram")
        self.threshold = threshold
        self.min_words = min_words
        self.ngram = ngram
        self.shingle = shingle
        self.num_perm = num_perm
        self.max_df = max_df
        self.common_df = common_df
        self.story_words = story_words
        self._text_source = text_source
        self._window = min_words - ngram + 1
        self._lsh: dict[float, BandIndex] = {threshold: self._new_lsh(threshold)}
        self._ids: list[str] = []
        self._index: dict[str, int] = {}
        self._tokens: list[U32] = []
        self._texts: list[str] = []
        self._minhash: dict[int, U32] = {}
        self._exact: dict[bytes, int] = {}
        self._members: dict[int, list[int]] = {}
        self._postings = Postings()
        #: fingerprint → records holding it in the whole archive, when only some are added
        #: (`arshif.curation.fingerprints`); it decides what is boilerplate in `find_for`
        self.record_counts: dict[int, int] | None = None

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._index

    def _new_lsh(self, threshold: float) -> BandIndex:
        return BandIndex(threshold, self.num_perm)

    def _lsh_for(self, threshold: float) -> BandIndex:
        lsh = self._lsh.get(threshold)
        if lsh is None:
            lsh = self._lsh[threshold] = self._new_lsh(threshold)
            lsh.insert_all(self._minhash.items())
        return lsh

    def _signature(self, tokens: U32) -> U32:
        """The MinHash of the text's word shingles (the top 32 bits of each shingle's hash)."""
        return signature(gram_hashes(tokens, self.shingle) >> np.uint64(32), self.num_perm)

    def _fingerprints(self, tokens: U32) -> tuple[U64, I64]:
        if len(tokens) < self.ngram:
            return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
        grams = gram_hashes(tokens, self.ngram)
        positions = winnow(grams, self._window)
        return grams[positions], positions

    def profile(self, text: str) -> Profile:
        """What `arshif.curation.fingerprints` keeps of a text."""
        tokens = word_tokens(text)
        if not len(tokens):
            return self._profile(tokens, None)
        return self._profile(tokens, self._signature(tokens))

    def profile_of(self, record_id: str) -> Profile:
        """`profile` of a record already added, from what `add` computed (its MinHash is not
        made again). A record whose words repeat an earlier one's has no signature of its
        own here, and gets no band keys (the store keeps none for it: not a representative)."""
        rec = self._index[record_id]
        return self._profile(self._tokens[rec], self._minhash.get(rec))

    def _profile(self, tokens: U32, minima: U32 | None) -> Profile:
        if not len(tokens):
            return Profile(b"", np.zeros(0, np.uint64), np.zeros(0, np.uint64))
        key = hashlib.blake2b(tokens.tobytes(), digest_size=16).digest()
        bands = np.zeros(0, np.uint64)
        if minima is not None:
            keys = (
                hashlib.blake2b(band, digest_size=8).digest()
                for band in self._lsh_for(self.threshold).band_keys(minima)
            )
            bands = np.array([int.from_bytes(k, "little") for k in keys], dtype=np.uint64)
        hashes, _positions = self._fingerprints(tokens)
        return Profile(key, bands, np.unique(hashes))

    def add(self, record_id: str, text: str) -> None:
        """Index one record's text (ValueError if the id was already added)."""
        if record_id in self._index:
            raise ValueError(f"{record_id} was already added")
        rec = len(self._ids)
        tokens = word_tokens(text)
        self._ids.append(record_id)
        self._index[record_id] = rec
        self._tokens.append(tokens)
        self._texts.append(text if self._text_source is None else "")
        if not len(tokens):
            return
        key = hashlib.blake2b(tokens.tobytes(), digest_size=16).digest()
        rep = self._exact.setdefault(key, rec)
        self._members.setdefault(rep, []).append(rec)
        if rep != rec:
            return
        self._minhash[rec] = mh = self._signature(tokens)
        for lsh in self._lsh.values():
            lsh.insert(rec, mh)
        hashes, positions = self._fingerprints(tokens)
        self._postings.add(hashes, rec, positions)

    # --- finding ---------------------------------------------------------------------------------

    def _text(self, rec: int) -> str:
        if self._text_source is None:
            return self._texts[rec]
        text = self._text_source(self._ids[rec])
        if not np.array_equal(word_tokens(text), self._tokens[rec]):
            raise ValueError(f"text_source({self._ids[rec]!r}) is not the text that was added")
        return text

    def _shingles(self, tokens: U32) -> U64:
        return np.unique(gram_hashes(tokens, self.shingle))

    @staticmethod
    def _jaccard(sa: U64, sb: U64) -> float:
        inter = len(np.intersect1d(sa, sb, assume_unique=True))
        return inter / (len(sa) + len(sb) - inter)

    def _group(
        self,
        names: tuple[str, str],
        kind: DuplicateKind,
        similarity: float,
        runs: list[Run],
        quote: tuple[str, int],
        limit: int,
    ) -> DuplicateGroup:
        """A pair group quoting from `quote` = (text of names[0], its side in the runs)."""
        shared = passages(quote[0], runs, quote[1], limit) if runs else ()
        return DuplicateGroup(names, kind, round(similarity, 4), shared)

    def _pair_group(
        self,
        pair: tuple[int, int],
        kind: DuplicateKind,
        similarity: float,
        runs: list[Run],
        limit: int,
    ) -> DuplicateGroup:
        a, b = self._ids[pair[0]], self._ids[pair[1]]
        if a <= b:
            return self._group((a, b), kind, similarity, runs, (self._text(pair[0]), 0), limit)
        return self._group((b, a), kind, similarity, runs, (self._text(pair[1]), 1), limit)

    def _boilerplate_in(self, rec: int, boilerplate: U64) -> I64:
        """Positions of boilerplate n-grams among record `rec`'s indexed ones."""
        if not len(boilerplate):
            return np.zeros(0, dtype=np.int64)
        hashes, positions = self._fingerprints(self._tokens[rec])
        return positions[np.isin(hashes, boilerplate)]

    def find(
        self, threshold: float | None = None, min_words: int | None = None, max_passages: int = 10
    ) -> list[DuplicateGroup]:
        """Every duplicate group among the records added so far."""
        threshold = self.threshold if threshold is None else threshold
        min_words = self.min_words if min_words is None else min_words
        groups = [
            DuplicateGroup(tuple(sorted(self._ids[m] for m in members)), "exact", 1.0)
            for members in self._members.values()
            if len(members) > 1
        ]
        lsh = self._lsh_for(min(threshold, self.threshold))
        near: dict[tuple[int, int], float] = {}
        shingles: dict[int, U64] = {}  # shingle sets of the candidates, computed once

        def shingles_of(rec: int) -> U64:
            if rec not in shingles:
                shingles[rec] = self._shingles(self._tokens[rec])
            return shingles[rec]

        for rec, mh in self._minhash.items():
            for other in sorted(c for c in lsh.query(mh) if c > rec):
                similarity = self._jaccard(shingles_of(rec), shingles_of(other))
                if similarity >= threshold:
                    near[(rec, other)] = similarity
        seeds, boilerplate = corpus_seeds(
            self._postings, near, common_df=self.common_df, max_df=self.max_df
        )
        runs = seed_runs(
            seeds,
            self._tokens.__getitem__,
            lambda r: self._boilerplate_in(r, boilerplate),
            min_words,
            ngram=self.ngram,
            story_words=self.story_words,
        )
        for pair in sorted(near.keys() | {p for p, rs in runs.items() if rs}):
            found = runs.get(pair, [])
            if pair in near:
                groups.append(self._pair_group(pair, "near", near[pair], found, max_passages))
            else:
                lengths = len(self._tokens[pair[0]]), len(self._tokens[pair[1]])
                coverage = run_coverage(found, *lengths)
                groups.append(self._pair_group(pair, "passage", coverage, found, max_passages))
        return sorted(groups, key=lambda g: (_KIND_RANK[g.kind], -g.similarity, g.ids))

    def _runs_for(
        self, tokens: U32, skip: set[int | None], near: Container[int], min_words: int
    ) -> dict[int, list[Run]]:
        """Runs shared by a new text (`tokens`, record -1) and indexed records, by record.

        Boilerplate as in `find`: an n-gram held by more than `max_df` records with the new
        one, or by more than `common_df` of which most are not near-duplicates of the new text
        (`near`: the records that are)."""
        hashes, positions = self._fingerprints(tokens)
        seeds: list[Seed] = []
        boilerplate: list[int] = []
        for i, recs, poss in self._postings.lookup(hashes):
            holders = np.unique(recs).tolist()
            held = len(holders)
            if self.record_counts is not None:  # the whole archive's, not only what was added
                held = self.record_counts.get(int(hashes[i]), held)
            story = 2 * sum(1 for r in holders if r in near) >= len(holders)
            if held + 1 > self.max_df or (held + 1 > self.common_df and not story):
                boilerplate.append(int(positions[i]))
            if held + 1 > self.max_df:
                continue
            pairs = zip(recs.tolist(), poss.tolist(), strict=True)
            seeds += [(-1, r, int(positions[i]), p) for r, p in pairs if r not in skip]
        common = np.array(boilerplate, dtype=np.int64)
        found = seed_runs(
            seeds,
            lambda r: tokens if r < 0 else self._tokens[r],
            lambda r: common if r < 0 else np.zeros(0, dtype=np.int64),
            min_words,
            ngram=self.ngram,
            story_words=self.story_words,
        )
        return {rb: rs for (_, rb), rs in found.items()}

    def find_for(
        self,
        record_id: str,
        text: str,
        threshold: float | None = None,
        min_words: int | None = None,
        max_passages: int = 10,
    ) -> list[DuplicateGroup]:
        """Duplicates of one (new) text among the added records, without adding it. Each group
        has `record_id` first and quotes the passages from `text`."""
        threshold = self.threshold if threshold is None else threshold
        min_words = self.min_words if min_words is None else min_words
        tokens = word_tokens(text)
        if not len(tokens):
            return []
        itself = self._index.get(record_id)
        groups: list[DuplicateGroup] = []
        key = hashlib.blake2b(tokens.tobytes(), digest_size=16).digest()
        exact_rep = self._exact.get(key)
        if exact_rep is not None:
            others = sorted(self._ids[m] for m in self._members[exact_rep] if m != itself)
            if others:
                groups.append(DuplicateGroup((record_id, *others), "exact", 1.0))
        skip = {itself, exact_rep}
        lsh = self._lsh_for(min(threshold, self.threshold))
        near: dict[int, float] = {}
        own = self._shingles(tokens)
        for other in sorted(c for c in lsh.query(self._signature(tokens)) if c not in skip):
            similarity = self._jaccard(own, self._shingles(self._tokens[other]))
            if similarity >= threshold:
                near[other] = similarity
        runs = self._runs_for(tokens, skip, near, min_words)
        for other in sorted(near.keys() | {r for r, rs in runs.items() if rs}):
            found = runs.get(other, [])
            names = (record_id, self._ids[other])
            kind: DuplicateKind = "near" if other in near else "passage"
            if other in near:
                similarity = near[other]
            else:
                similarity = run_coverage(found, len(tokens), len(self._tokens[other]))
            groups.append(self._group(names, kind, similarity, found, (text, 0), max_passages))
        return sorted(groups, key=lambda g: (_KIND_RANK[g.kind], -g.similarity, g.ids))

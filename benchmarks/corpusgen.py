"""A corpus generator for scale runs: Arabic and Persian articles recombined from real paragraphs.

Scale benchmarks (100k, 300k, 1,000,000 articles; issue 18) need more articles than the real
corpora hold. This module makes them from ../shared/corpora, never from invented text, and never
writes any of it into the repository:

* **Arabic** from SaudiNewsNet (31,030 articles, 14 Saudi outlets), **Persian** from Fars News
  (1,500) and Hamshahri (5,375). The corpora are read (`corpuspools`) into paragraph pools
  grouped by outlet (SaudiNewsNet), category (Fars) or year (Hamshahri): all that is held in memory
  (about 200 MB). Articles are streamed: 1M of them are never held.
* **Length**: an article takes the paragraph count of a real article of its group (the real
  distribution, long tail included); its first paragraph is a real lede of the group, the others
  real body paragraphs of the group, about half of them spliced from two paragraphs at a
  sentence boundary (so that the texts are distinct and realistic sentence by sentence).
* **Metadata**: the title is a real title of the group, some recombined from the head of one
  and the tail of another at a ``:``/``،``/``-``; outlets are the real ones, each with its real
  URL pattern (distinct URL per article); authors are real bylines of the outlet (or none);
  publication dates spread over ``--years`` (default 2005-2024), more articles in later years,
  fewer on Fridays, most in the daytime (local time: +03:00 Riyadh, +03:30 Tehran), some with the
  date only; ``retrieved`` after ``published``; a few tags (Fars's own tags and categories,
  topic tags elsewhere; only when the installed arshif's manifest accepts a ``tags`` key).
* **Duplicates**, as real archives have them: ``--near`` (default 2%) wire copies (a recent
  article republished by another outlet of its language a few hours later, with the agency's
  attribution added and its last paragraph dropped) and ``--exact`` (default 0.5%) exact copies
  (the same capture at another URL, retrieved again: arshif reports them as already in the
  archive). Every other text is distinct (checked with a fixed-size Bloom filter, so memory
  stays bounded).
* **Reproducible**: the same seed and options give byte-identical output (one
  ``random.Random(seed)``; nothing depends on PYTHONHASHSEED or on set order).

Output is a JSONL manifest for ``arshif ingest --manifest`` (docs/ingest.md): ``text`` inline, or
with ``--files`` each capture as a ``.txt`` file beside the manifest (``path``). For engine-only
benchmarks that skip the archive, `articles` yields `Article` (metadata, text) directly.

Usage::

    python benchmarks/corpusgen.py --n 100000 --seed 1 --out DIR      # DIR/manifest.jsonl
    python benchmarks/corpusgen.py --n 1000 --seed 1 > batch.jsonl     # streamed to stdout
    python benchmarks/corpusgen.py --n 100000 --seed 1 --out DIR --files --fa-share 0.5

    from corpusgen import Options, articles, load_pools   # benchmarks/ on sys.path
    for article in articles(load_pools(), Options(n=1_000_000, seed=1)):
        article.metadata, article.text   # article.kind, article.copy_of: the duplicates' truth
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import itertools
import json
import re
import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from random import Random
from typing import Any, TextIO

from corpuspools import CORPORA, Group, Pools, load_pools, outlet_url

_SENTENCE_END = re.compile(r"[.!?؟]\s+")
_TITLE_SPLIT = re.compile(r"\s*(?::|،|؛| - | – )\s*")
_ARABIC_TOPICS = ("politics", "economy", "sport", "local", "world", "culture", "health", "oil")
_PERSIAN_TOPICS = ("politics", "economy", "sport", "society", "culture", "tehran", "world")
#: The attribution a wire copy adds, by the original's outlet (Arabic: the Saudi Press Agency).
_WIRE_PREFIX = {"farsnews": "به گزارش خبرگزاری فارس، ", "hamshahri": "به نقل از همشهری، "}
_TZ = {"ar": timezone(timedelta(hours=3)), "fa": timezone(timedelta(hours=3, minutes=30))}
#: Relative number of articles by hour of the day (local time): a newsroom's day.
_HOURS = (1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 10, 10, 9, 9, 8, 8, 7, 6, 6, 5, 4, 3, 2, 1)
#: Relative number of articles by weekday (Monday first): Friday is the weekend.
_WEEKDAYS = (10, 10, 10, 10, 4, 7, 10)


@dataclass(frozen=True)
class Options:
    """What to generate: `n` articles from `seed`, with these shares of Persian and copies."""

    n: int
    seed: int = 1
    fa_share: float = 0.3  #: share of Persian articles (the rest Arabic)
    near: float = 0.02  #: share of wire copies (near-duplicates)
    exact: float = 0.005  #: share of exact copies (the same capture again)
    years: tuple[int, int] = (2005, 2024)  #: first and last publication year
    tags: bool = True  #: give some articles tags


@dataclass(frozen=True)
class Article:
    """One generated article: manifest metadata (strings; ``tags`` a list) and its text."""

    index: int
    kind: str  #: ``original``, ``near`` (wire copy) or ``exact`` (the same capture again)
    metadata: dict[str, Any]
    text: str
    copy_of: int | None = None  #: the index of the original of a copy (a duplicate's truth)


# -- one article ----------------------------------------------------------------------------------


class _Seen:
    """A fixed-size Bloom filter of texts (about 1 false hit in 10^6 at 1M texts, 16 MB)."""

    BITS = 2**27

    def __init__(self) -> None:
        self.bits = bytearray(self.BITS // 8)

    def add(self, text: str) -> bool:
        """Remember `text`; False if it was (most likely) seen before."""
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        value = int.from_bytes(digest, "little")
        new = False
        for _ in range(4):
            bit = value % self.BITS
            value >>= 32
            byte, mask = bit >> 3, 1 << (bit & 7)
            if not self.bits[byte] & mask:
                new = True
                self.bits[byte] |= mask
        return new


def _splice(rng: Random, first: str, second: str) -> str:
    """`first` up to a sentence end, then `second` from a sentence start (each cut at random)."""
    cut = _SENTENCE_END.search(first, rng.randrange(len(first)))
    resume = _SENTENCE_END.search(second, rng.randrange(len(second)))
    if cut is None or resume is None or resume.end() >= len(second):
        return first
    return first[: cut.start() + 1] + " " + second[resume.end() :]


def _text(rng: Random, group: Group, count: int, retry: int = 0) -> str:
    """`count` paragraphs; a retry (the text was made before) keeps the count (so that the real
    distribution of lengths is kept) but splices its lede, and adds a paragraph from the fourth
    retry on (a small group's texts cannot run out)."""
    count += max(0, retry - 3)
    paragraphs = [rng.choice(group.ledes)]
    if retry:
        paragraphs[0] = _splice(rng, paragraphs[0], rng.choice(group.bodies))
    for _ in range(count - 1):
        body = rng.choice(group.bodies)
        if rng.random() < 0.5:
            body = _splice(rng, body, rng.choice(group.bodies))
        paragraphs.append(body)
    return "\n\n".join(paragraphs)


def _title(rng: Random, group: Group) -> str:
    title = rng.choice(group.titles)
    if rng.random() < 0.3:
        head, other = _TITLE_SPLIT.split(title, 1), _TITLE_SPLIT.split(rng.choice(group.titles), 1)
        if len(head) == 2 and len(other) == 2:
            title = f"{head[0]}: {other[1]}"
    return title


@functools.cache
def _year_weights(years: int) -> list[float]:
    """More articles every year: the last year has about 3 times the first one's."""
    return list(itertools.accumulate(1.0 + 2.0 * i / max(years - 1, 1) for i in range(years)))


_HOUR_WEIGHTS = list(itertools.accumulate(_HOURS))


def _when(rng: Random, lang: str, years: tuple[int, int]) -> datetime:
    span = range(years[0], years[1] + 1)
    year = rng.choices(span, cum_weights=_year_weights(len(span)))[0]
    start = datetime(year, 1, 1, tzinfo=_TZ[lang])
    days = (datetime(year + 1, 1, 1, tzinfo=_TZ[lang]) - start).days
    while True:  # fewer articles on Fridays: draw a day, keep it with its weekday's odds
        day = start + timedelta(days=rng.randrange(days))
        if rng.random() * 10 < _WEEKDAYS[day.weekday()]:
            break
    hour = rng.choices(range(24), cum_weights=_HOUR_WEIGHTS)[0]
    return day + timedelta(hours=hour, minutes=rng.randrange(60))


def _stamp(when: datetime, rng: Random) -> str:
    if rng.random() < 0.2:  # some outlets give the date only
        return when.date().isoformat()
    return when.isoformat(timespec="minutes")


def _retrieved(when: datetime, rng: Random) -> str:
    later = when + timedelta(minutes=rng.randint(5, 60 * 24 * 365 * 3))
    return later.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


@dataclass
class _State:
    rng: Random
    tags: bool
    seen: _Seen = field(default_factory=_Seen)
    serials: dict[str, int] = field(default_factory=dict)
    recent: dict[str, deque[Article]] = field(default_factory=dict)

    def serial(self, outlet: str) -> int:
        self.serials[outlet] = self.serials.get(outlet, 0) + 1
        return self.serials[outlet]


def articles(pools: Pools, options: Options) -> Iterator[Article]:
    """`options.n` articles, the same for the same options and pools (a stream: memory bounded)."""
    state = _State(Random(options.seed), options.tags)
    rng = state.rng
    weights = {lang: [len(g.counts) for g in gs] for lang, gs in pools.groups.items()}
    for index in range(options.n):
        lang = "fa" if rng.random() < options.fa_share else "ar"
        roll = rng.random()
        recent = state.recent.setdefault(lang, deque(maxlen=256))
        if roll < options.exact and recent:
            yield _exact_copy(state, index, rng.choice(recent))
            continue
        if roll < options.exact + options.near and recent:
            copy = _wire_copy(state, index, rng.choice(recent), pools.groups[lang])
            if copy is not None:
                yield copy
                continue
        group = rng.choices(pools.groups[lang], weights=weights[lang])[0]
        article = _original(state, index, group, options)
        recent.append(article)
        yield article


def _original(state: _State, index: int, group: Group, options: Options) -> Article:
    rng = state.rng
    count = rng.choice(group.counts)  # the paragraph count of a real article of the group
    text, retry = _text(rng, group, count), 0
    while not state.seen.add(text):
        retry += 1
        text = _text(rng, group, count, retry)
    title = _title(rng, group)
    when = _when(rng, group.lang, options.years)
    meta: dict[str, Any] = {
        "source_id": f"corpusgen-{options.seed}-{index:07d}",
        "title": title,
        "url": outlet_url(group.outlet, state.serial(group.outlet), title, when, rng),
        "outlet": group.outlet,
        "published": _stamp(when, rng),
        "lang": group.lang,
        "retrieved": _retrieved(when, rng),
    }
    author = rng.choice(group.authors) if group.authors else ""
    if author:
        meta["author"] = author
    tags = _tags(rng, group)  # drawn either way: --no-tags changes nothing else
    if tags and options.tags:
        meta["tags"] = tags
    return Article(index, "original", meta, text)


def _tags(rng: Random, group: Group) -> list[str]:
    tags: list[str] = []
    if group.outlet == "farsnews":
        if rng.random() < 0.6 and group.label != "news":
            tags.append(group.label)
        if group.tags and rng.random() < 0.4:
            tags.append(rng.choice(group.tags))
    elif rng.random() < 0.25:
        tags.append(rng.choice(_PERSIAN_TOPICS if group.lang == "fa" else _ARABIC_TOPICS))
    return list(dict.fromkeys(tags))


def _exact_copy(state: _State, index: int, original: Article) -> Article:
    """The same capture seen again at another URL (tracking parameters), retrieved later."""
    rng = state.rng
    meta = dict(original.metadata)
    meta["source_id"] = meta["source_id"].rsplit("-", 1)[0] + f"-{index:07d}"
    sep = "&" if "?" in meta["url"] else "?"
    source = rng.choice(("twitter", "facebook", "rss"))
    meta["url"] += f"{sep}utm_source={source}&utm_content={index}"  # distinct: the index
    meta["retrieved"] = _retrieved(datetime.fromisoformat(meta["retrieved"]), rng)
    return Article(index, "exact", meta, original.text, original.index)


def _wire_copy(state: _State, index: int, original: Article, groups: list[Group]) -> Article | None:
    """A wire story republished by another outlet a few hours later, lightly edited."""
    rng = state.rng
    others = sorted({g.outlet for g in groups} - {original.metadata["outlet"]})
    if not others:
        return None
    outlet = rng.choice(others)
    paragraphs = original.text.split("\n\n")
    if len(paragraphs) > 2:
        paragraphs = paragraphs[:-1]
    paragraphs[0] = _WIRE_PREFIX.get(original.metadata["outlet"], "(واس) - ") + paragraphs[0]
    text = "\n\n".join(paragraphs)
    if not state.seen.add(text):
        return None
    published = original.metadata["published"]
    when = datetime.fromisoformat(published if "T" in published else published + "T09:00+03:00")
    when += timedelta(minutes=rng.randint(20, 12 * 60))
    meta = dict(original.metadata)
    meta.pop("author", None)
    meta.update(
        source_id=meta["source_id"].rsplit("-", 1)[0] + f"-{index:07d}",
        outlet=outlet,
        url=outlet_url(outlet, state.serial(outlet), meta["title"], when, rng),
        published=_stamp(when, rng),
        retrieved=_retrieved(when, rng),
    )
    if rng.random() < 0.5 and state.tags:
        meta["tags"] = list(dict.fromkeys([*meta.get("tags", []), "wire"]))
    return Article(index, "near", meta, text, original.index)


# -- the manifest ---------------------------------------------------------------------------------


@functools.cache
def _manifest_keys() -> frozenset[str]:
    """The keys the installed arshif's manifest accepts (``tags`` only in newer ones)."""
    import importlib

    for module in ("arshif.ingest.manifest", "arshif.manifest"):  # the newer place first
        try:
            return frozenset(importlib.import_module(module).MANIFEST_KEYS)
        except ImportError:
            continue
    keys = "text path source_id title url outlet published lang author retrieved"
    return frozenset(keys.split())


def manifest_line(article: Article, path: str | None = None) -> str:
    """The article as one manifest line (``text`` inline, or ``path`` to its capture file)."""
    entry: dict[str, Any] = {"path": path} if path is not None else {"text": article.text}
    accepted = _manifest_keys()
    entry.update((k, v) for k, v in article.metadata.items() if k in accepted)
    return json.dumps(entry, ensure_ascii=False) + "\n"


def write(pools: Pools, options: Options, out: Path | None, *, files: bool = False) -> int:
    """Write the manifest to ``out/manifest.jsonl`` (stdout when `out` is None); the count."""
    count = 0
    handle: TextIO
    if out is None:
        handle = sys.stdout
    else:
        out.mkdir(parents=True, exist_ok=True)
        handle = (out / "manifest.jsonl").open("w", encoding="utf-8", newline="\n")
    try:
        for article in articles(pools, options):
            path = None
            if files and out is not None:
                path = f"captures/{article.index // 1000:04d}/{article.index:07d}.txt"
                target = out / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(article.text.encode("utf-8"))
            handle.write(manifest_line(article, path))
            count += 1
    finally:
        if handle is not sys.stdout:
            handle.close()
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="how many articles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="folder for manifest.jsonl (default: stdout)")
    parser.add_argument("--files", action="store_true", help="captures as files (`path`)")
    parser.add_argument("--fa-share", type=float, default=0.3, help="share of Persian articles")
    parser.add_argument("--near", type=float, default=0.02, help="share of wire copies")
    parser.add_argument("--exact", type=float, default=0.005, help="share of exact copies")
    parser.add_argument("--years", default="2005-2024", help="publication years, FIRST-LAST")
    parser.add_argument("--no-tags", action="store_true", help="leave tags out")
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    args = parser.parse_args(argv)
    first, last = (int(y) for y in args.years.split("-"))
    options = Options(
        n=args.n,
        seed=args.seed,
        fa_share=args.fa_share,
        near=args.near,
        exact=args.exact,
        years=(first, last),
        tags=not args.no_tags,
    )
    started = time.perf_counter()
    pools = load_pools(args.corpora)
    loaded = time.perf_counter()
    try:
        count = write(pools, options, args.out, files=args.files)
    except BrokenPipeError:  # `corpusgen.py ... | head`: the reader has had enough
        sys.stderr.close()
        return 0
    done = time.perf_counter()
    print(
        f"{count:,} articles in {done - loaded:.1f} s ({count / max(done - loaded, 1e-9):,.0f} "
        f"articles/s; pools loaded in {loaded - started:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

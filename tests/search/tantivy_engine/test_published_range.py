"""A ``published`` range on the tantivy engine is a range query on the order-preserving key
(`arshif.search.tantivy.schema.published_key`), not a walk of every date term: it must match
exactly the records the walk matched (terms from `start` to `end` in string order), which are
also the Whoosh engine's."""

from __future__ import annotations

import itertools
import random

import pytest

from arshif.search import SearchIndex
from arshif.search import querytree as qt
from arshif.search.fields import published_bounds
from arshif.search.query import date_filter_bounds
from arshif.search.tantivy.schema import KEY_CHARS, published_key

from ..helpers import make_record

#: Dates as records hold them: years, months, days, times (T or space, seconds, fractions,
#: zones), values sharing their first KEY_CHARS characters, and some no key can hold.
VALUES = [
    "2015", "2015-07", "2015-07-01", "2015-07-31", "2015-08-01", "2015-12-31", "2016-01-01",
    "2021-11-19", "2021-11-19T10:30", "2021-11-19T10:30:00", "2021-11-19T10:30:59",
    "2021-11-19T10:31", "2021-11-19T10:3", "2021-11-19 10:30", "2021-11-19T10:30:00Z",
    "2021-11-19T10:30:00+03:00", "2021-11-19T10:30:00.5", "2021-11-19T23:59:59",
    "2021-11-20", "2021-11-2", "2021-11", "2021", "1999-01-01", "2099-12-31",
    "2021-11-19/20", "٢٠٢١-١١-١٩", "circa 2021", "2021-11-19T10:30:00 (local)",
]  # fmt: skip
BOUNDS = [
    "2015", "2015-07", "2015-07-31", "2021-11-19", "2021-11-19T10:30", "2021-11-19T10:30:00",
    "2021-11-19T10:30:00Z", "2021-11-19 10:30", "2021-11", "2021-11-20", "2022", "1999",
]  # fmt: skip


def records() -> list:  # type: ignore[type-arg]
    return [
        make_record(f"r{n:03d}", f"نص الخبر رقم {n}", lang="ar", published=value)
        for n, value in enumerate([*VALUES, None])
    ]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SearchIndex]:
    folder = tmp_path_factory.mktemp("published")
    return {
        engine: SearchIndex.build(folder / engine, records(), engine=engine)
        for engine in ("whoosh", "tantivy")
    }


def matched(index: SearchIndex, start: str | None, end: str | None) -> set[str]:
    found = index.reader().search(qt.Range("published", start, end), limit=None)
    return {stored["id"] for stored, _ in found.hits}


def expected(start: str | None, end: str | None) -> set[str]:
    """What listing the terms gave: every value from `start` to `end` in string order."""
    return {
        f"r{n:03d}"
        for n, value in enumerate(VALUES)
        if (start is None or value >= start) and (end is None or value <= end)
    }


def ranges() -> list[tuple[str | None, str | None]]:
    pairs: list[tuple[str | None, str | None]] = []
    for text in BOUNDS:
        pairs.append(published_bounds(text))  # published:2021-11 and the like
    for since, until in itertools.product([None, *BOUNDS], [None, *BOUNDS]):
        if since is None and until is None:
            continue
        if since and until and since[: len(until)] > until:
            continue
        pairs.append(date_filter_bounds(since, until))  # --since/--until
    return pairs


def test_a_published_range_matches_what_listing_its_terms_matched(
    indexes: dict[str, SearchIndex],
) -> None:
    for start, end in ranges():
        want = expected(start, end)
        assert matched(indexes["tantivy"], start, end) == want, (start, end)
        assert matched(indexes["whoosh"], start, end) == want, (start, end)


def test_a_published_range_in_a_query_and_with_since_until(
    indexes: dict[str, SearchIndex],
) -> None:
    from arshif.search import search

    for query, options in [
        ("published:2021-11-19", {}),
        ("published:2015-07..2015-08", {}),
        ("نص", {"since": "2021-11-19T10:30", "until": "2021-11-19T10:30"}),
        ("نص published:2015..2021-11-19", {"since": "2015-07-31"}),
    ]:
        results = {
            engine: {hit.id for hit in search(index, query, limit=100, **options).hits}  # type: ignore[arg-type]
            for engine, index in indexes.items()
        }
        assert results["tantivy"] == results["whoosh"], (query, options)
        assert results["tantivy"], query


def test_keys_order_values_as_strings() -> None:
    rng = random.Random(7)
    alphabet = "0123456789-T:Z+. "
    generated = ("".join(rng.choices(alphabet, k=rng.randint(1, 22))) for _ in range(2000))
    values = ["", *VALUES[:20], *generated]
    for a, b in zip(values, values[1:] + values[:1], strict=True):
        ka, kb = published_key(a), published_key(b)
        assert ka is not None
        assert kb is not None
        if a[:KEY_CHARS] < b[:KEY_CHARS]:
            assert ka < kb, (a, b)
        elif a[:KEY_CHARS] == b[:KEY_CHARS]:
            assert ka == kb, (a, b)
    assert published_key("2021-11-19/20") is None
    assert published_key("2021\uffff") is not None  # a range's top bound

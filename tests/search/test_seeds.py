"""The five seeds are found by real words typed in either script and any spelling variant."""

from __future__ import annotations

from pathlib import Path

import pytest

from arshif.search import SearchIndex, search
from arshif.text.normalize import normalize_storage

from .helpers import make_record


@pytest.fixture(scope="module")
def seeds(
    tmp_path_factory: pytest.TempPathFactory, seed_paths: list[Path], arshif_engine: str
) -> SearchIndex:
    """The five seeds in an index of each search engine (`tests.conftest.arshif_engine`)."""
    if len(seed_paths) != 5:
        pytest.skip("the five seeds are not in seeds/")
    records = [
        make_record(f"seed{i}", normalize_storage(path.read_text(encoding="utf-8")))
        for i, path in enumerate(seed_paths)
    ]
    path = tmp_path_factory.mktemp(f"seeds-{arshif_engine}") / "index"
    return SearchIndex.build(path, records, engine=arshif_engine)


def found(index: SearchIndex, query: str) -> set[int]:
    return {int(h.id[-1]) for h in search(index, query, limit=10).hits}


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        # the spokesman's name, in Persian (seed 0) and Arabic (1-3) spelling
        (["الخفاجی", "الخفاجي", "الخَفاجي"], {0, 1, 2, 3}),
        # without the article: the Arabic seeds (the Persian stemmer strips no Arabic ال)
        (["خفاجي", "خفاجی"], {1, 2, 3}),
        # Persian "American forces": ي/ی, ك/ک, آ/ا, ZWNJ-free
        (["نیروهای آمریکایی", "نيروهاي آمريكايي", "نیروهای امریکایی"], {0}),
        # Arabic "withdrawal of the American forces", two spellings of American, with harakat
        (["انسحاب القوات الأمريكية", "انسحاب القوات الأميركية", "انسِحاب القوّات"], {1, 2, 3, 4}),
        # a Persian verb in its three spellings
        (["می کنند", "می‌کنند", "میکنند"], {0}),
        # Persian digits in the text, ASCII or Arabic-Indic in the query
        (["۲۰۲۱", "2021", "٢٠٢١"], {0, 3}),
        # the same organisation in both languages
        (["داعش", "داعـــش"], {0, 1, 2}),
    ],
)
def test_seed_found_by_every_variant(
    seeds: SearchIndex, variants: list[str], expected: set[int]
) -> None:
    for query in variants:
        assert expected <= found(seeds, query), query


def test_a_persian_query_finds_the_arabic_seeds_of_the_same_story(seeds: SearchIndex) -> None:
    assert {1, 2, 3} <= found(seeds, "تمدید موعد انسحاب")

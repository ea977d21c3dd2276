"""arshif's search (the query language, snippets, facets, sorts, suggestions) through the
facade on the tantivy engine finds what it finds on the Whoosh engine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from arshif.search import SearchIndex, search
from arshif.search.engine import open_engine
from arshif.search.tantivy import ENGINE

from ..helpers import ALL, TEXTS
from .test_engine import seed_records

RECORDS = [*ALL, *seed_records()]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SearchIndex]]:
    built = {
        engine: SearchIndex.build(tmp_path_factory.mktemp(engine) / "index", RECORDS, engine=engine)
        for engine in ("whoosh", "tantivy")
    }
    yield built
    for index in built.values():
        index.close()


@pytest.fixture(params=["whoosh", "tantivy"])
def index(request: pytest.FixtureRequest, indexes: dict[str, SearchIndex]) -> SearchIndex:
    return indexes[request.param]


def ids(index: SearchIndex, query: str, **options: object) -> list[str]:
    return [hit.id for hit in search(index, query, limit=20, **options).hits]  # type: ignore[arg-type]


def test_the_engine_is_opened_by_name() -> None:
    assert open_engine("tantivy") is ENGINE
    assert ENGINE.name == "tantivy"


QUERIES = [
    "الخفاجی",
    "الخفاجي",
    "خفاجي",
    "نیروهای آمریکایی",
    "نيروهاي آمريكايي",
    "انسحاب القوات الأمريكية",
    "می کنند",
    "می‌کنند",
    "میکنند",
    "۲۰۲۱",
    "داعش",
    '"انسحاب القوات"',
    '"القوات الأمريكية"~3',
    "انسحاب*",
    "بغداد AND NOT lang:fa",
    "+بغداد القوات",
    "lang:fa",
    "tag:seed",
    "published:2021-11",
    "published:2021-11-11..2021-11-12",
    "outlet:همشهری",
    "author:نصیری",
    "id:seed",
    "*",
    "بغداد^2 OR تهران",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_same_records_match_on_both_engines(
    indexes: dict[str, SearchIndex], query: str
) -> None:
    found = search(indexes["tantivy"], query, limit=100)
    expected = search(indexes["whoosh"], query, limit=100)
    assert found.total == expected.total
    assert {hit.id for hit in found.hits} == {hit.id for hit in expected.hits}


def test_options_on_either_engine(index: SearchIndex) -> None:
    assert "wd0001" not in ids(index, "بغداد")
    assert "wd0001" in ids(index, "بغداد", include_withdrawn=True)
    assert ids(index, "*", sort="-published")[:2] == ["ar0001", "fa0001"]
    assert ids(index, "*", since="2021-11-11", until="2021-11-12", sort="published") == [
        "seed1",
        "seed2",
    ]
    results = search(index, "*", facets=["lang", "year"])
    assert results.facets["lang"] == [("ar", 5), ("fa", 2)]
    hit = search(index, "تهران", text_of=TEXTS.get).hits[0]
    assert hit.id == "fa0001"
    assert "تهران" in hit.snippet
    assert "fa0001" in ids(index, "می‌خواهد", exact=True)

"""The engine boundary: engines chosen by name, and a query tree with no engine object in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from arshif.errors import IndexStale, UsageError
from arshif.search import SearchIndex, querytree, search
from arshif.search.engine import ENGINES, open_engine
from arshif.search.facets import archive_facets
from arshif.search.fields import SCHEMA_VERSION
from arshif.search.query import parse_query

from .helpers import ALL, ARABIC, WITHDRAWN


def test_engines_are_chosen_by_name() -> None:
    assert ENGINES[0] == "whoosh"
    assert open_engine("whoosh").name == "whoosh"
    with pytest.raises(UsageError, match="unknown search engine 'lucene'"):
        open_engine("lucene")


@pytest.mark.parametrize(
    "text",
    [
        "القوات",
        '"القوات الأمريكية"~3',
        "lang:fa تهران -اصفهان",
        "+ab* OR title:b^2 published:2021",
        "*",
    ],
)
def test_a_parsed_query_is_arshifs_tree_only(text: str) -> None:
    tree = parse_query(text)
    for node in querytree.walk(tree):
        assert type(node).__module__ == "arshif.search.querytree"


def test_an_engine_index_through_the_neutral_handle(tmp_path: Path) -> None:
    path = tmp_path / "index"
    with pytest.raises(IndexStale):
        SearchIndex.open(path)
    assert SearchIndex.stored_version(path) is None
    index = SearchIndex.build(path, ALL)
    assert SearchIndex.stored_version(path) == SCHEMA_VERSION
    token = index.token()
    reader = index.reader()
    assert reader.stored(ARABIC.id)["id"] == ARABIC.id  # type: ignore[index]
    assert reader.stored("nosuchid") is None
    assert reader.doc_frequency("withdrawn", "true") == 1
    assert search(index, "*").total == len(ALL) - 1
    assert search(index, "*", include_withdrawn=True).total == len(ALL)
    assert index.delete([WITHDRAWN.id]) == 1
    assert index.token() != token
    records, withdrawn, counts = archive_facets(index, ["lang"])
    assert (records, withdrawn) == (len(ALL) - 1, 0)
    assert sum(count for _, count in counts["lang"]) == len(ALL) - 1
    index.close()

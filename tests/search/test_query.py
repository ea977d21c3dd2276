"""The query language: fields, phrases, filters, dates, exact mode and syntax errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from arshif.errors import QuerySyntaxError, UsageError
from arshif.search import SearchIndex, search
from arshif.search.fields import published_bounds
from arshif.search.query import parse_query
from arshif.search.whoosh.translate import to_whoosh

from .helpers import ALL, ARABIC, PERSIAN, WITHDRAWN, make_record


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, arshif_engine: str) -> SearchIndex:
    """The test records in an index of each search engine (`tests.conftest.arshif_engine`)."""
    path: Path = tmp_path_factory.mktemp(f"query-{arshif_engine}") / "index"
    extra = [
        make_record(
            "ar0002",
            "كتاب جديد عن تاريخ بغداد.",
            title="كتاب",
            lang="ar",
            published="2021-11-30T23:59",
            outlet="الحياة",
        ),
        make_record(
            "ar0003", "الكتاب الذي صدر أمس.", title="الكتاب", lang="ar", published="2021-11-01"
        ),
    ]
    return SearchIndex.build(path, [*ALL, *extra], engine=arshif_engine)


def ids(index: SearchIndex, query: str, **options: object) -> list[str]:
    return sorted(h.id for h in search(index, query, limit=50, **options).hits)  # type: ignore[arg-type]


def test_words_are_searched_in_title_and_body_of_both_languages(index: SearchIndex) -> None:
    assert ids(index, "تهران") == [PERSIAN.id]  # body only
    assert ids(index, "title:العراق") == sorted([PERSIAN.id, ARABIC.id])  # title only
    # the Persian title writes عراق: the article comes off in the Persian fields (issue 15)
    assert ids(index, "body:العراق") == []
    assert ids(index, "تهران العراق") == sorted([PERSIAN.id, ARABIC.id])  # OR


def test_quotes_search_the_exact_form_in_order(index: SearchIndex) -> None:
    assert ids(index, "كتاب") == ["ar0002", "ar0003"]  # stemmed: الكتاب → كتاب
    assert ids(index, '"كتاب"') == ["ar0002"]
    assert ids(index, "كتاب", exact=True) == ["ar0002"]
    assert ids(index, '"القوات الأمريكية"') == [ARABIC.id]
    assert ids(index, '"الأمريكية القوات"') == []
    assert ids(index, '"القوات بغداد"~6') == [ARABIC.id]


def test_exact_phrase_across_zwnj_and_space_spellings(index: SearchIndex) -> None:
    for query in ('"او می خواهد به"', '"او میخواهد به"', '"گروه های سیاسی"', '"گروههای سیاسی"'):
        assert ids(index, query) == [PERSIAN.id], query


def test_fields(index: SearchIndex) -> None:
    assert ids(index, "title:آمریکایی") == [PERSIAN.id]
    assert ids(index, "body:العراق") == []
    assert ids(index, "outlet:همشهري") == [PERSIAN.id]
    assert ids(index, 'outlet:"همشهری آنلاین"') == [PERSIAN.id]
    assert ids(index, "author:نصيري") == [PERSIAN.id]
    assert ids(index, "lang:ar", include_withdrawn=True) == ["ar0001", "ar0002", "ar0003", "wd0001"]
    assert ids(index, "lang:FA") == [PERSIAN.id]
    assert ids(index, f"id:{ARABIC.id}") == [ARABIC.id]
    assert ids(index, "source_id:HAM-1") == [PERSIAN.id]
    assert ids(index, 'tag:"حقوق بشر"') == [PERSIAN.id]
    assert ids(index, "tag:سياست") == [PERSIAN.id]
    assert ids(index, "Title:آمریکایی") == [PERSIAN.id]


def test_field_clauses_filter_the_words(index: SearchIndex) -> None:
    assert ids(index, "lang:fa القوات") == []
    assert ids(index, "lang:ar القوات") == [ARABIC.id]
    assert ids(index, "بغداد NOT كتاب") == [ARABIC.id]
    assert ids(index, "بغداد OR تهران") == sorted(["ar0001", "ar0002", PERSIAN.id])
    assert ids(index, "بغداد AND كتاب") == ["ar0002"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("published:2021", ["ar0001", "ar0002", "ar0003", "fa0001"]),
        ("published:2021-11", ["ar0002", "ar0003", "fa0001"]),
        ("published:2021-11-01..2021-11-19", ["ar0003", "fa0001"]),
        ("published:2021-11-20..2021-11-30", ["ar0002"]),  # the end day is included
        ("published:2021-12..", ["ar0001"]),
        ("published:..2021-11-01", ["ar0003"]),
        ("published:2021-11 كتاب", ["ar0002", "ar0003"]),
    ],
)
def test_published_prefixes_and_ranges(index: SearchIndex, query: str, expected: list[str]) -> None:
    assert ids(index, query) == expected


def test_withdrawn_records_leave_default_results(index: SearchIndex) -> None:
    assert WITHDRAWN.id not in ids(index, "انسحاب")
    results = search(index, "انسحاب", include_withdrawn=True, limit=50)
    assert any(h.id == WITHDRAWN.id and h.withdrawn for h in results.hits)


def test_paging_ranks_and_totals(index: SearchIndex) -> None:
    everything = search(index, "*", limit=10)
    assert everything.total == 4
    assert [h.rank for h in everything.hits] == [1, 2, 3, 4]
    page = search(index, "*", limit=2, offset=2)
    assert page.total == 4
    assert [h.rank for h in page.hits] == [3, 4]
    assert [h.id for h in page.hits] == [h.id for h in everything.hits[2:]]
    assert search(index, "*", limit=0).hits == []
    with pytest.raises(UsageError):
        search(index, "*", limit=-1)


def test_stop_word_only_queries_fall_back_to_the_exact_form(index: SearchIndex) -> None:
    assert ids(index, "الذي") == ["ar0003"]


def test_prefix_search_on_the_exact_form(index: SearchIndex) -> None:
    assert ids(index, "بغد*") == ["ar0001", "ar0002"]


def test_arabic_question_mark_is_not_a_wildcard(index: SearchIndex) -> None:
    assert ids(index, "متى تنسحب القوات من بغداد؟") == ["ar0001", "ar0002"]


def test_hit_fields(index: SearchIndex) -> None:
    hit = search(index, "تهران").hits[0]
    assert (hit.id, hit.lang, hit.outlet, hit.published, hit.source_id) == (
        PERSIAN.id,
        "fa",
        "همشهری آنلاین",
        "2021-11-19",
        "HAM-1",
    )
    assert hit.title == PERSIAN.metadata.title
    assert hit.tags == ("سیاست", "حقوق بشر")
    assert hit.score > 0
    assert hit.rank == 1
    assert not hit.withdrawn


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ('"انسحاب القوات', "quote at column 1 is not closed"),
        ("(انسحاب OR القوات", "'(' at column 1 is not closed"),
        ("انسحاب)", "')' at column 7 closes nothing"),
        ("foo:bar", "unknown field foo:"),
        ("http://example.org", "unknown field http:"),
        ("title:", "title: at column 1 has no value"),
        ("published:nov", "'nov' is not a date"),
        ("published:2021-13-01x", "is not a date"),
        ("published:2022..2021", "ends before it starts"),
    ],
)
def test_malformed_queries_raise_a_clear_error(query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_query(query)


def test_quoted_colon_is_text() -> None:
    assert "body_exact" in str(to_whoosh(parse_query('"http://example.org"')))


def test_published_bounds() -> None:
    assert published_bounds("2021") == ("2021", "2021\uffff")
    assert published_bounds("..2021-11") == (None, "2021-11\uffff")
    assert published_bounds("2021-11-01T10:30..") == ("2021-11-01T10:30", None)


def test_spaced_affixes_are_joined_for_verbs_and_in_phrases() -> None:
    assert "ميخواهد" in str(to_whoosh(parse_query("می خواهد")))
    unquoted = str(to_whoosh(parse_query("کتاب ها")))
    assert "body_fa:كتاب" in unquoted
    assert "كتابها" not in unquoted
    assert 'body_exact:"كتابها' in str(to_whoosh(parse_query('"کتاب ها جدید"')))
    assert "ميخواهد" not in str(to_whoosh(parse_query("می OR خواهد")))  # not across operators

"""Every query form of docs/query-syntax.md, through `arshif search`, on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import assert_usage_error, cli, hit_ids

#: query → seeds it finds (000 Persian; 001-003 Arabic, Khafaji on the withdrawal; 004 Kayhan)
FORMS = [
    # words: any one matches, however typed
    ("الخفاجي", {"000", "001", "002", "003"}),
    ("الخفاجی", {"000", "001", "002", "003"}),  # Persian ی
    ("نیروهای آمریکایی", {"000"}),
    ("نيروهاي امريكايي", {"000"}),  # Arabic ي, no hamza
    ("المقاومة", {"001", "003", "004"}),
    # boolean operators and their symbols
    ("المقاومة OR الخفاجي", {"000", "001", "002", "003", "004"}),
    ("المقاومة | الخفاجي", {"000", "001", "002", "003", "004"}),
    ("المقاومة|الخفاجي", {"000", "001", "002", "003", "004"}),
    ("الخفاجي AND ديسمبر", {"002", "003"}),
    ("+الخفاجي +ديسمبر", {"002", "003"}),
    ("+الخفاجي ديسمبر", {"000", "001", "002", "003"}),  # + required, the rest ranks
    ("الخفاجي NOT ديسمبر", {"000", "001"}),
    ("الخفاجي -ديسمبر", {"000", "001"}),
    ("-الخفاجي", {"004"}),  # everything but
    ("(المقاومة OR ديسمبر) AND بغداد", {"002", "003", "004"}),
    ("NOT (الخفاجي OR المقاومة)", set()),
    # phrases, proximity, prefix, exact form
    ('"القوات الأميركية"', {"001", "003"}),
    ('"الأميركية القوات"', set()),
    ('"انسحاب الأميركية"~2', {"001", "003"}),
    ('"انسحاب الأميركية"', set()),
    ("الانسحا*", {"001", "002", "004"}),  # the exact form starts so
    ('"خفاجي"', {"002"}),
    ("title:انسحاب", {"001", "003", "004"}),  # 004: بالانسحاب, stemmed
    ("title:(المقاومة واشنطن)", {"004"}),
    ('title:"موعد انسحاب"', {"001", "003"}),
    # fields
    ("outlet:kayhan.ir", {"004"}),
    ("outlet:kayhan", {"004"}),
    ('outlet:"السومرية نيوز"', {"001"}),
    ("outlet:ایرنا", {"000"}),
    ("outlet:ايرنا", {"000"}),
    ("author:رضایی", {"000"}),
    ('author:"علي رضايي"', {"000"}),
    ("lang:fa", {"000"}),
    ("lang:ar الخفاجي", {"001", "002", "003"}),
    ("tag:iraq", {"000", "001"}),
    ("tag:wire الخفاجي", {"001"}),
    ("tag:iraq -tag:wire", {"000"}),
    ("tag:wire OR outlet:kayhan.ir", {"001", "004"}),  # an explicit OR joins filters
    ("id:529ae1d8c55a", {"001"}),
    ("id:529ae1d8", {"001"}),  # a prefix, like git
    ("id:529ae*", {"001"}),
    # dates
    ("published:2021-11-19", {"003"}),
    ("published:2021-11", {"000", "001", "002", "003"}),
    ("published:2021", {"000", "001", "002", "003", "004"}),
    ("published:2021-11-19..2021-11-20", {"000", "003"}),
    ("published:..2021-11-18", {"001", "004"}),
    ("published:2021-11-20..", {"000", "002"}),
    ("published:2021-07 المقاومة", {"004"}),
    ("(lang:fa الخفاجی) OR (outlet:kayhan.ir المقاومة)", {"000", "004"}),
    ("*", {"000", "001", "002", "003", "004"}),
]


@pytest.mark.parametrize(("query", "seeds"), FORMS, ids=[q for q, _ in FORMS])
def test_query_form(seeds_root: Path, ids: dict[str, str], query: str, seeds: set[str]) -> None:
    assert hit_ids(seeds_root, query) == {ids[s] for s in seeds}


@pytest.mark.parametrize(
    ("args", "seeds"),
    [
        (["--since", "2021-11-20"], {"000", "002"}),
        (["--until", "2021-11-18"], {"001", "004"}),
        (["--since", "2021-11", "--until", "2021-11"], {"000", "001", "002", "003"}),
        (["--since", "2021-11-19", "--until", "2021-11-19"], {"003"}),
        (["--since", "2022"], set()),
    ],
)
def test_since_until(
    seeds_root: Path, ids: dict[str, str], args: list[str], seeds: set[str]
) -> None:
    assert hit_ids(seeds_root, "*", *args) == {ids[s] for s in seeds}


def test_exact_option_and_quotes_agree(seeds_root: Path, ids: dict[str, str]) -> None:
    assert hit_ids(seeds_root, "خفاجي", "--exact") == {ids["002"]}
    assert hit_ids(seeds_root, '"خفاجي"') == {ids["002"]}
    assert hit_ids(seeds_root, "خفاجي") >= {ids["001"], ids["002"], ids["003"]}  # stemmed


MALFORMED = [
    ('"انسحاب القوات', "quote at column 1 is not closed"),
    ("(انسحاب OR القوات", "'(' at column 1 is not closed"),
    ("انسحاب)", "')' at column 7 closes nothing"),
    ("انسحاب AND", "'AND' at column 8 has nothing after it"),
    ("OR انسحاب", "'OR' at column 1 has nothing before it"),
    ("انسحاب OR OR القوات", "'OR' at column 8"),
    ("انسحاب |", "'|' at column 8"),
    ("انسحاب NOT", "'NOT' at column 8"),
    ("-(انسحاب", "'(' at column 2 is not closed"),
    ("+-انسحاب", "'+' at column 1"),
    ('"انسحاب القوات"~', "needs a whole number"),
    ('"انسحاب القوات"~x', "needs a whole number"),
    ("انسحاب~2", "fuzzy search"),
    ("*انسحاب", "only a trailing *"),
    ("ان*حاب", "only a trailing *"),
    ("ا*", "at least two letters"),
    ("انسحاب^x", "needs a number"),
    ("()", "() at column 1 is empty"),
    ('""', "hold nothing"),
    ("publisher:kayhan", "unknown field publisher:"),
    ("title:", "title: at column 1 has no value"),
    ("published:yesterday", "is not a date"),
    ("published:2021-13", "no month 13"),
    ("published:2021-02-30", "no day 30"),
    ("published:2021-12..2021-11", "ends before it starts"),
    ("   ", "the query is empty"),
]


@pytest.mark.parametrize(("query", "needle"), MALFORMED, ids=[q for q, _ in MALFORMED])
def test_malformed_query_is_a_usage_error_pointing_at_the_problem(
    seeds_root: Path, query: str, needle: str
) -> None:
    for fmt in ("table", "json"):
        result = cli(seeds_root, "search", "--format", fmt, "--", query)
        message = assert_usage_error(result, "arshif: error: query syntax:", needle)
        assert message.startswith("arshif: error:")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--since", "2021-13"], "--since '2021-13': there is no month 13"),
        (["--until", "soon"], "--until 'soon' is not a date"),
        (["--since", "2021-12", "--until", "2021-11"], "is before --since"),
        (["--sort", "date"], "Invalid value for '--sort'"),
        (["--facet", "colour"], "'colour' is not a facet"),
        (["--page", "0"], "Invalid value for '--page'"),
        (["--page", "2", "--offset", "5"], "an offset or a page, not both"),
        (["--limit", "-1"], "Invalid value for '-n' / '--limit'"),
        (["--bidi", "maybe"], "Invalid value for '--bidi'"),
    ],
)
def test_bad_options_are_usage_errors(seeds_root: Path, args: list[str], needle: str) -> None:
    result = cli(seeds_root, "search", "انسحاب", *args)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_lower_case_operators_are_words(seeds_root: Path) -> None:
    """``and``/``or``/``not`` are searched as words, never read as operators."""
    result = cli(seeds_root, "search", "الخفاجي and", "--format", "ndjson")
    assert result.exit_code == 0


@pytest.mark.parametrize(
    "query",
    [
        "الخفاجي (1971 -)",  # a dash before a space or ")" is punctuation, as in natural text
        "الخفاجي - تحسين",
        "الخفاجي -- تحسين",
        'اللواء"الخفاجي"قوله',  # a phrase glued to words
        "الخفاجي ANDNOT تحسين",  # Whoosh's other operators are plain words here
    ],
)
def test_natural_text_punctuation_is_not_an_error(seeds_root: Path, query: str) -> None:
    result = cli(seeds_root, "search", "--format", "json", "--", query)
    assert result.exit_code == 0, result.output

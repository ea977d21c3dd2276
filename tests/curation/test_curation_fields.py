"""Editable fields: parsing assignments, validation before anything changes, change summaries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arshif.curation.fields import (
    EDITABLE_FIELDS,
    FieldChange,
    apply_edits,
    canonical_language_tag,
    describe_changes,
    parse_assignment,
    summarize_changes,
)
from arshif.errors import UsageError, ValidationError
from arshif.model import Metadata
from arshif.text.normalize import normalize_storage

BASE = Metadata(title="عنوان", outlet="IRNA", lang="fa", tags=("wire",))


def test_editable_fields_cover_the_issue() -> None:
    for name in ("title", "title.romanized", "title.<lang>", "outlet", "author", "published"):
        assert name in EDITABLE_FIELDS
    for name in ("url", "lang", "tags", "note"):
        assert name in EDITABLE_FIELDS


def test_parse_assignment() -> None:
    assert parse_assignment("title=a=b") == ("title", "a=b")
    assert parse_assignment(" author = X") == ("author", " X")
    assert parse_assignment("title.EN=Iraq") == ("title.en", "Iraq")
    assert parse_assignment("title.ar-latn=x") == ("title.ar-Latn", "x")
    assert parse_assignment("tags=") == ("tags", "")
    with pytest.raises(UsageError):
        parse_assignment("title")
    with pytest.raises(ValidationError, match="'titel' is not an editable field"):
        parse_assignment("titel=x")
    with pytest.raises(ValidationError):
        parse_assignment("title.ar latn=x")


def test_text_fields_are_stored_normalised_and_empty_clears() -> None:
    # a presentation-form lam-alef and a decomposed letter are stored as records store text
    edited = apply_edits(BASE, [("title", "  \ufefb\u0627\u0653  "), ("outlet", "")])
    assert edited.title == "لا\u0622"
    assert edited.outlet is None
    assert apply_edits(BASE, [("author", "   ")]).author is None
    assert apply_edits(BASE, [("note", "line one\nline two")]).note == "line one\nline two"
    with pytest.raises(ValidationError, match="must be one line"):
        apply_edits(BASE, [("title", "a\nb")])


@pytest.mark.parametrize(
    "value",
    [
        "2021",
        "2021-11",
        "2021-11-19",
        "2021-11-19T10:05",
        "2021-11-19T10:05:07",
        "2021-11-19T10:05:07.250",
        "2021-11-19T10:05Z",
        "2021-11-19T10:05:07+03:30",
        "2021-11-19T23:59:59-05:00",
        "2024-02-29",
    ],
)
def test_valid_dates(value: str) -> None:
    assert apply_edits(BASE, [("published", value)]).published == value
    assert apply_edits(BASE, [("retrieved", value)]).retrieved == value


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2021-13-01", "not a real date"),
        ("2021-02-29", "not a real date"),
        ("2021-11-31", "not a real date"),
        ("2021-11-19T24:00", "not a real date"),
        ("2021-11-19T10:60", "not a real date"),
        ("2021-11-19T10:00+03:75", "not a real date"),
        ("2021-11-19T10:00+24:00", "not a real date"),
        ("2021/11/19", "not an ISO 8601 date"),
        ("19-11-2021", "not an ISO 8601 date"),
        ("2021-11-19 10:00", "not an ISO 8601 date"),
        ("2021-1-9", "not an ISO 8601 date"),
        ("21-11-19", "not an ISO 8601 date"),
        ("20211119", "not an ISO 8601 date"),
        ("۲۰۲۱-۱۱-۱۹", "ASCII digits"),
        ("1400-08-28", "Hijri or Jalali"),
        ("November 19, 2021", "not an ISO 8601 date"),
    ],
)
def test_invalid_dates_are_refused_naming_field_and_value(value: str, why: str) -> None:
    with pytest.raises(ValidationError) as info:
        apply_edits(BASE, [("published", value)])
    message = str(info.value)
    assert message.startswith(f"published={value!r}")
    assert why in message
    assert "\n" not in message


def _iso_parses(value: str) -> bool:
    padded = value + "-01" * (2 - value.count("-")) if "T" not in value else value
    try:
        datetime.fromisoformat(padded.replace(",", "."))
    except ValueError:
        return False
    return True


_DATEISH = st.from_regex(
    r"\A[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?\Z"
)


@given(st.one_of(st.text(max_size=30), _DATEISH))
def test_apply_edits_never_accepts_an_invalid_date(value: str) -> None:
    try:
        edited = apply_edits(BASE, [("published", value)])
    except ValidationError:
        return
    if edited.published is None:
        assert not normalize_storage(value).strip()  # control characters are never stored
        return
    assert edited.published.isascii()
    assert re.fullmatch(r"\d{4}(-\d\d){0,2}(T.*)?", edited.published)
    assert _iso_parses(edited.published), edited.published
    assert int(edited.published[:4]) >= 1800


@given(
    st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2999, 12, 31)),
    st.sampled_from([None, UTC, timezone(timedelta(hours=3, minutes=30))]),
)
def test_apply_edits_accepts_every_real_date_time(moment: datetime, zone: timezone | None) -> None:
    value = moment.replace(tzinfo=zone).isoformat()
    assert apply_edits(BASE, [("published", value)]).published == value
    day = moment.date().isoformat()
    assert apply_edits(BASE, [("published", day)]).published == day


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("ar", "ar"),
        ("FA", "fa"),
        ("ar-latn", "ar-Latn"),
        ("fa-ir", "fa-IR"),
        ("ar-015", "ar-015"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("de-CH-1996", "de-ch-1996".replace("ch", "CH")),
        ("ar-EG-u-nu-latn", "ar-EG-u-nu-latn"),
        ("en-a-bbb-x-a-ccc", "en-a-bbb-x-a-ccc"),
        ("x-whatever", "x-whatever"),
        ("en-GB-oed", "en-GB-oed"),
        ("i-klingon", "i-klingon"),
        ("zh-min-nan", "zh-min-nan"),
        ("ar-aao", "ar-aao"),
    ],
)
def test_well_formed_language_tags_are_stored_in_canonical_case(value: str, canonical: str) -> None:
    assert canonical_language_tag(value) == canonical
    if value.split("-")[0].lower() in ("x", "i"):
        # well-formed, but private use or grandfathered: no ISO 639 language, refused as
        # `ingest --lang` refuses it (one rule for every way in)
        with pytest.raises(ValidationError, match="not a known language"):
            apply_edits(BASE, [("lang", value)])
    else:
        assert apply_edits(BASE, [("lang", value)]).lang == canonical


@pytest.mark.parametrize(
    "value",
    [
        "ar latn",
        "ar_EG",
        "a",
        "ar-",
        "ar--eg",
        "toolongtag",
        "en-a",
        "x",
        "12",
        "ar-Latn-",
        "عربي",
        "en-GB-oed-x",
        "ar-x-",
        "de-1-x",
    ],
)
def test_malformed_language_tags_are_refused(value: str) -> None:
    assert canonical_language_tag(value) is None
    with pytest.raises(ValidationError, match=r"^lang=.*BCP 47"):
        apply_edits(BASE, [("lang", value)])


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("https://www.irna.ir/news/84550000/", "https://www.irna.ir/news/84550000/"),
        ("http://example.com", "http://example.com/"),
        ("HTTPS://Example.COM:443/a b", "https://example.com/a%20b"),
        (
            "https://العربي.example/خبر?id=1",
            "https://xn--mgbc0a5a6cxb.example/%D8%AE%D8%A8%D8%B1?id=1",
        ),
        (
            "http://a.sa/«التقني»\u00a0تعلن",
            "http://a.sa/%C2%AB%D8%A7%D9%84%D8%AA%D9%82%D9%86%D9%8A%C2%BB%C2%A0%D8%AA%D8%B9%D9%84%D9%86",
        ),
    ],
)
def test_valid_urls_are_stored_as_a_browser_sends_them(value: str, stored: str) -> None:
    assert apply_edits(BASE, [("url", value)]).url == stored


@pytest.mark.parametrize(
    "value",
    [
        "www.irna.ir/news",
        "/news/1",
        "ftp://example.com/x",
        "https://",
        "https://exa mple.com",
        "javascript:alert(1)",
        "https://example.com:99999/",
        "mailto:a@b.c",
    ],
)
def test_invalid_urls(value: str) -> None:
    with pytest.raises(ValidationError, match=r"^url="):
        apply_edits(BASE, [("url", value)])


def test_tags_set_add_remove_clear() -> None:
    assert apply_edits(BASE, [("tags", "iraq, us-troops,iraq")]).tags == ("iraq", "us-troops")
    assert apply_edits(BASE, [("tags", "+iraq,wire")]).tags == ("wire", "iraq")
    assert apply_edits(BASE, [("tags", "-wire")]).tags == ()
    assert apply_edits(BASE, [("tags", "-absent")]).tags == ("wire",)
    assert apply_edits(BASE, [("tags", "")]).tags == ()
    assert apply_edits(BASE, [("tags", "+a"), ("tags", "+b"), ("tags", "-wire")]).tags == ("a", "b")
    assert apply_edits(BASE, [("tags", "+عراق")]).tags == ("wire", "عراق")
    with pytest.raises(ValidationError, match="no spaces"):
        apply_edits(BASE, [("tags", "+two words")])
    with pytest.raises(ValidationError, match="does not start with"):
        apply_edits(BASE, [("tags", "a,-b")])


def test_translated_titles() -> None:
    edited = apply_edits(BASE, [("title.en", "Iraq denies"), ("title.fr", "L'Irak dément")])
    assert edited.titles_translated == (("en", "Iraq denies"), ("fr", "L'Irak dément"))
    edited = apply_edits(edited, [("title.EN", "Iraq denies extension"), ("title.fr", "")])
    assert edited.titles_translated == (("en", "Iraq denies extension"),)
    assert apply_edits(BASE, [("title.romanized", "Onvan")]).title_romanized == "Onvan"


def test_a_refused_edit_reports_every_bad_value_and_changes_nothing() -> None:
    with pytest.raises(ValidationError) as info:
        apply_edits(BASE, [("title", "ok"), ("published", "2021-02-30"), ("url", "nope")])
    message = str(info.value)
    assert "published='2021-02-30'" in message
    assert "url='nope'" in message
    assert "\n" not in message
    assert BASE.title == "عنوان"


def test_describe_and_summarize_changes() -> None:
    new = apply_edits(
        BASE,
        [("title", "عنوان جديد"), ("tags", "+iraq"), ("author", "Ali"), ("title.en", "Title")],
    )
    changes = describe_changes(BASE, new)
    assert changes == [
        FieldChange("title", "عنوان", "عنوان جديد"),
        FieldChange("title.en", None, "Title"),
        FieldChange("author", None, "Ali"),
        FieldChange("tags", ("wire",), ("wire", "iraq")),
    ]
    summary = summarize_changes(changes)
    assert summary == (
        "title: 'عنوان' → 'عنوان جديد'; title.en: (none) → 'Title'; "
        "author: (none) → 'Ali'; tags: +iraq"
    )
    assert describe_changes(BASE, BASE) == []
    assert summarize_changes([]) == ""
    removed = describe_changes(BASE, apply_edits(BASE, [("tags", "-wire"), ("outlet", "")]))
    assert summarize_changes(removed) == "outlet: 'IRNA' → (none); tags: -wire"


def test_summary_is_one_line_and_bounded() -> None:
    new = apply_edits(BASE, [("note", "a long note\n" * 20)])
    summary = summarize_changes(describe_changes(BASE, new))
    assert "\n" not in summary
    assert len(summary) < 80

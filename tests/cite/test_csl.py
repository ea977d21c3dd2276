"""The one mapping (record → CSL-JSON item) and its validation against the official CSL schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from arshif.cite import csl_items, export, to_csl
from arshif.cite.csl import parse_iso_date
from arshif.model import Metadata, Record
from tests.cite.records import full_arabic, full_persian

SCHEMA = Path(__file__).with_name("csl-data.json")


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _errors(validator: jsonschema.Draft7Validator, data: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_csl_json_export_of_the_seeds_validates(
    validator: jsonschema.Draft7Validator, seeds: list[Record]
) -> None:
    data = json.loads(export(seeds, "csl-json"))
    assert _errors(validator, data) == []
    assert len(data) == 5


def test_csl_json_export_of_every_case_validates(
    validator: jsonschema.Draft7Validator, all_records: list[Record]
) -> None:
    data = json.loads(export(all_records, "csl-json"))
    assert _errors(validator, data) == []


def test_the_schema_rejects_what_it_should(validator: jsonschema.Draft7Validator) -> None:
    """The validator is live: a wrong type and a string date are reported."""
    assert _errors(validator, [{"id": "x", "type": "newspaper"}])
    assert _errors(validator, [{"id": "x", "type": "article-newspaper", "issued": "2021"}])


def test_seed_with_outlet_and_time(seeds: list[Record]) -> None:
    item = to_csl(seeds[4])
    assert item["type"] == "article-newspaper"
    assert item["container-title"] == "kayhan.ir"
    assert item["issued"] == {"date-parts": [[2021, 7, 31]], "raw": "2021-07-31T19:51:00"}
    assert item["language"] == "ar"
    assert item["archive"] == "arshif"
    assert item["archive_location"] == "urn:arshif:fd2ff384f8cb858e"
    assert item["title"].startswith("فصائل المقاومة العراقية")


def test_absent_metadata_is_absent(seeds: list[Record]) -> None:
    """Seed 000 names no title, outlet, author, date or URL; IRNA is quoted, not the outlet."""
    item = to_csl(seeds[0])
    for field in ("container-title", "author", "issued", "URL", "publisher"):
        assert field not in item, field
    assert set(item) == {
        "id", "type", "title", "language", "accessed", "archive", "archive_location", "note",
        "custom",
    }  # fmt: skip
    # the supplied title: its own first words, in brackets, ellipsis at the logical end
    assert item["title"] == "[به گزارش ایرنا، ژنرال «تحسین الخفاجی» در گفت و گویی…]"
    assert item["custom"]["title-supplied"] is True
    # no URL: held in the archive since its capture, the access date
    assert item["accessed"] == {"date-parts": [[2026, 11, 26]]}
    # IRNA where a style has room for it, never as author or outlet
    assert item["note"] == "Attributed in the text to ایرنا"
    assert item["custom"]["attributed-source"] == "ایرنا"


def test_a_titled_record_has_no_supplied_title(seeds: list[Record]) -> None:
    item = to_csl(seeds[1])
    assert item["title"] == seeds[1].metadata.title
    assert "title-supplied" not in item["custom"]


def test_the_archive_name_is_where_it_is_held(seeds: list[Record]) -> None:
    item = to_csl(seeds[3], "أرشيف الصحافة")
    assert item["archive"] == "أرشيف الصحافة"
    assert item["archive_location"] == "urn:arshif:7ad7e274a5b987ef"


def test_date_without_time_has_no_raw(seeds: list[Record]) -> None:
    assert to_csl(seeds[3])["issued"] == {"date-parts": [[2021, 11, 19]]}


def test_full_record_maps_every_field() -> None:
    item = to_csl(full_arabic(), archive_name="My archive")
    assert item["author"] == [{"literal": "محمد أحمد"}]
    assert item["container-title"] == "الجزيرة نت"
    assert item["URL"].startswith("https://www.aljazeera.net/")
    assert item["accessed"] == {"date-parts": [[2024, 1, 5]], "raw": "2024-01-05T10:00:00Z"}
    assert item["archive"] == "My archive"
    assert item["custom"]["title-romanized"] == "Irtifāʿ asʿār al-khubz fī al-Qāhirah"
    assert item["custom"]["titles-translated"] == [
        {"language": "en", "title": "Bread prices rise in Cairo"}
    ]
    assert "Romanized title: Irtifāʿ" in item["note"]
    assert "Translated title (en): Bread prices rise in Cairo" in item["note"]


def test_names_are_literal_never_split() -> None:
    """citeproc-py makes given/family Arabic names "أحمد, . محمد ."; a literal is kept whole."""
    for record in (full_arabic(), full_persian()):
        (name,) = to_csl(record)["author"]
        assert set(name) == {"literal"}


def test_month_only_and_year_only_dates() -> None:
    record = full_arabic()
    for published, parts in (("2021-08", [2021, 8]), ("2021", [2021])):
        meta = record.metadata.with_changes(published=published)
        item = to_csl(Record(record.id, meta, record.paragraphs, record.capture))
        assert item["issued"] == {"date-parts": [parts]}


def test_a_date_that_is_not_iso_is_kept_literally_not_guessed() -> None:
    record = full_arabic()
    meta = record.metadata.with_changes(published="١٩ نوفمبر ٢٠٢١")
    item = to_csl(Record(record.id, meta, record.paragraphs, record.capture))
    assert item["issued"] == {"literal": "١٩ نوفمبر ٢٠٢١"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-07-31T19:51:00", ([2021, 7, 31], "19:51:00", None)),
        ("2021-07-31T19:51", ([2021, 7, 31], "19:51", None)),
        ("2024-01-05T10:00:00Z", ([2024, 1, 5], "10:00:00", "Z")),
        ("2021-11-19T08:30:00+03:30", ([2021, 11, 19], "08:30:00", "+03:30")),
        ("2021", ([2021], None, None)),
    ],
)
def test_parse_iso_date(value: str, expected: tuple[list[int], str | None, str | None]) -> None:
    parsed = parse_iso_date(value)
    assert parsed is not None
    assert (parsed.parts, parsed.time, parsed.zone) == expected


@pytest.mark.parametrize("value", ["", "19 Nov 2021", "2021-13-01", "2021-11-32", "21-11-19"])
def test_parse_iso_date_rejects(value: str) -> None:
    assert parse_iso_date(value) is None


def test_items_carry_the_export_keys(all_records: list[Record]) -> None:
    items = csl_items(all_records)
    keys = [item["id"] for item in items]
    assert len(set(keys)) == len(keys)
    assert all(key.isascii() for key in keys)


def test_no_record_field_is_invented_for_an_empty_record() -> None:
    record = full_arabic()
    empty = Record("00000000000000aa", Metadata(), (), record.capture)
    item = to_csl(empty)
    assert item == {
        "id": "00000000000000aa",
        "type": "article-newspaper",
        "archive": "arshif",
        "archive_location": "urn:arshif:00000000000000aa",
        "custom": {"arshif-id": "00000000000000aa"},
    }

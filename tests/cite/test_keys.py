"""Citation keys: ASCII, outlet-year-word, stable, unique within one export."""

from __future__ import annotations

import re

from arshif.cite import base_key, csl_items, unique_keys
from arshif.model import Metadata, Record
from tests.cite.records import full_arabic, full_persian, outlet_and_date_only

KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def test_seed_keys(seeds: list[Record]) -> None:
    keys = unique_keys(seeds)
    assert keys[4] == "kayhan2021"  # the outlet and the year
    assert keys[3] == "raq2021"  # no outlet: the title's first word (العراق) and the year
    assert keys[1] == "mliyat"  # العمليات, undated
    assert keys[0] == "gzarsh"  # untitled: the supplied title's first word (گزارش), "به" skipped
    assert keys[2] == "akdt"
    assert all(KEY.match(k) for k in keys), keys


def test_outlet_gives_the_word() -> None:
    assert base_key(full_arabic()) == "jzirah2021"  # الجزيرة نت
    assert base_key(full_persian()) == "hmshhri2021"  # همشهری آنلاین


def test_romanized_title_gives_the_word_without_outlet() -> None:
    record = full_arabic()
    meta = record.metadata.with_changes(outlet=None)
    assert base_key(Record(record.id, meta, record.paragraphs, record.capture)) == "irtifa2021"


def test_key_without_any_word_is_the_short_id() -> None:
    record = full_arabic()
    meta = Metadata(published="2021")
    assert base_key(Record(record.id, meta, (), record.capture)) == "0a1b2c3d4e5f6071"


def test_keys_are_stable() -> None:
    assert base_key(full_arabic()) == base_key(full_arabic())
    assert unique_keys([full_arabic(), full_persian()]) == unique_keys(
        [full_arabic(), full_persian()]
    )


def test_clashes_get_letter_suffixes_in_export_order() -> None:
    one = outlet_and_date_only()
    records = [one, Record("ffff000011112222", one.metadata, one.paragraphs, one.capture)] * 2
    assert unique_keys(records) == ["kayhan2021", "kayhan2021a", "kayhan2021b", "kayhan2021c"]
    undated = [Record(one.id, one.metadata.with_changes(published=None), (), one.capture)] * 2
    assert unique_keys(undated) == ["kayhan", "kayhan-a"]


def test_keys_unique_in_every_export(all_records: list[Record]) -> None:
    doubled = all_records + all_records
    keys = [item["id"] for item in csl_items(doubled)]
    assert len(keys) == len(set(keys))
    assert all(KEY.match(k) for k in keys), keys


def test_simplified_ala_lc_romanization() -> None:
    """The table of arshif.cite.romanize: ALA-LC consonants and long vowels, in ASCII."""
    from arshif.cite.romanize import romanize_word

    cases = {
        ("العراقية", "ar"): "raqiyah",  # article dropped, ʿayn dropped, -īyah
        ("إيران", "ar"): "iran",
        ("ایرنا", "fa"): "irna",
        ("الجزيرة", "ar"): "jzirah",  # ة → ah
        ("وزارة", "ar"): "wzarah",  # Arabic و is w...
        ("وزارت", "fa"): "vzart",  # ...Persian و is v
        ("ثورة", "ar"): "thurah",
        ("ثروت", "fa"): "srut",  # Persian ث is s
        ("خبرگزاری", "fa"): "khbrgzari",
        ("٢٠٢١", "ar"): "2021",
        ("Qāhirah", None): "qahirah",
    }
    assert {k: romanize_word(*k) for k in cases} == cases

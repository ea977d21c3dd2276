"""Citation keys: ASCII, outlet-year-word, stable, unique within one export."""

from __future__ import annotations

import re

from arshif.cite import base_key, csl_items, unique_keys
from arshif.model import Record
from tests.cite.records import full_arabic, full_persian, outlet_and_date_only

KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def test_seed_keys(seeds: list[Record]) -> None:
    keys = unique_keys(seeds)
    assert keys[4] == "kayhan-2021-fsayl"  # outlet, year, first word of the title
    assert keys[3] == "2021-raq"  # no outlet: year and word
    assert keys[0] == "af6cfb6633955341"  # nothing to build a key from: the short id
    assert keys[2] == "0e596919bbf29946"
    assert all(KEY.match(k) for k in keys), keys


def test_romanized_title_gives_the_word() -> None:
    assert base_key(full_arabic()) == "jzyra-2021-irtifa"
    assert base_key(full_persian()) == "hmshhry-2021-afzayish"


def test_keys_are_stable() -> None:
    assert base_key(full_arabic()) == base_key(full_arabic())
    assert unique_keys([full_arabic(), full_persian()]) == unique_keys(
        [full_arabic(), full_persian()]
    )


def test_clashes_get_letter_suffixes_in_export_order() -> None:
    one = outlet_and_date_only()
    records = [one, Record("ffff000011112222", one.metadata, one.paragraphs, one.capture)] * 2
    assert unique_keys(records) == ["kayhan-2021", "kayhan-2021a", "kayhan-2021b", "kayhan-2021c"]


def test_keys_unique_in_every_export(all_records: list[Record]) -> None:
    doubled = all_records + all_records
    keys = [item["id"] for item in csl_items(doubled)]
    assert len(keys) == len(set(keys))
    assert all(KEY.match(k) for k in keys), keys

"""validate_record (arshif.rng + our rules), and every record valid under the official tei_all."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from importlib.resources import files

import pytest
from hypothesis import HealthCheck, given, settings

from arshif.model import Record
from arshif.tei import RelaxNGValidator, record_to_tei, validate_record
from arshif.tei.validate import arshif_schema
from tests.tei import records
from tests.tei.strategies import records as random_records

EXAMPLES = records.examples()
RNG = "{http://relaxng.org/ns/structure/1.0}"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_are_valid_arshif_records(name: str) -> None:
    assert validate_record(record_to_tei(EXAMPLES[name])) == []


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_are_valid_under_tei_all(name: str, tei_all: RelaxNGValidator) -> None:
    assert tei_all.errors(record_to_tei(EXAMPLES[name])) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_records(valid=True))
def test_random_records_are_valid_under_both_schemas(record: Record) -> None:
    from tests.tei_all import load_tei_all

    data = record_to_tei(record)
    assert validate_record(data) == []
    assert load_tei_all().errors(data) == []


def test_schema_is_shipped_and_compiled_once() -> None:
    assert files("arshif.tei").joinpath("schema", "arshif.rng").is_file()
    assert arshif_schema() is arshif_schema()


def test_schema_uses_only_tei_elements(tei_all: RelaxNGValidator) -> None:
    from tests.tei_all import SCHEMA

    ours = ET.fromstring(files("arshif.tei").joinpath("schema", "arshif.rng").read_bytes())
    assert ours.get("ns") == "http://www.tei-c.org/ns/1.0"
    theirs = ET.parse(SCHEMA).getroot()
    tei_names = {e.get("name") for e in theirs.iter(f"{RNG}element")}
    assert {e.get("name") for e in ours.iter(f"{RNG}element")} <= tei_names


def test_schema_errors_carry_line_numbers() -> None:
    data = record_to_tei(records.seed_004()).replace(b'type="main"', b'type="mian"')
    line = next(n for n, text in enumerate(data.splitlines(), 1) if b'type="mian"' in text)
    errors = validate_record(data)
    assert errors
    assert all(re.match(r"line \d+: ", e) for e in errors)
    assert any(e.startswith(f"line {line}: ") for e in errors)


def test_malformed_xml_is_one_error_not_an_exception() -> None:
    assert validate_record(b"<TEI xmlns='http://www.tei-c.org/ns/1.0'>") == [
        validate_record(b"<TEI xmlns='http://www.tei-c.org/ns/1.0'>")[0]
    ]
    assert "not well-formed" in validate_record(b"<TEI")[0]


def errors_after(record: Record, old: bytes, new: bytes) -> list[str]:
    data = record_to_tei(record)
    assert old in data
    return validate_record(data.replace(old, new, 1))


def test_rule_who_points_to_a_person() -> None:
    errors = errors_after(records.seed_004(), b'who="#u1"', b'who="#u9"')
    assert any("@who '#u9' points to no xml:id" in e for e in errors)


def test_rule_changes_numbered_in_order() -> None:
    errors = errors_after(records.maximal(), b'n="v2"', b'n="v3"')
    assert any("change n='v3', expected 'v2'" in e for e in errors)


def test_rule_at_least_one_change() -> None:
    errors = validate_record(record_to_tei(replace(records.minimal(), changes=())))
    assert errors == ["line 1: the record has no revisionDesc/change (every version needs one)"]


def test_rule_withdrawn_status_needs_the_withdrawal_note() -> None:
    errors = errors_after(records.maximal(), b' status="withdrawn"', b"")
    assert any("must go together" in e for e in errors)


def test_rule_ids_unique_and_facts_agree() -> None:
    twice = errors_after(records.maximal(), b'xml:id="u3"', b'xml:id="u2"')
    assert len(twice) == 1
    assert "ID u2 already defined" in twice[0]  # libxml2 refuses it while parsing
    assert any(
        "title level='a'" in e
        for e in errors_after(
            records.seed_004(), '<title level="a">فصائل'.encode(), b'<title level="a">X'
        )
    )
    assert any(
        "URN" in e
        for e in errors_after(
            records.seed_004(), b'<idno type="arshif">e', b'<idno type="arshif">f'
        )
    )
    assert any(
        "langUsage" in e
        for e in errors_after(records.seed_004(), b'<language ident="ar"', b'<language ident="fa"')
    )

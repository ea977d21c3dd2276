"""record_from_tei is the exact inverse of record_to_tei."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings

from arshif.errors import InvalidRecord
from arshif.model import Record
from arshif.tei import record_from_tei, record_to_tei
from arshif.tei.read import text_from_tei
from tests.tei import records
from tests.tei.strategies import records as random_records

EXAMPLES = records.examples()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_round_trip(name: str) -> None:
    record = EXAMPLES[name]
    data = record_to_tei(record)
    assert record_from_tei(data) == record
    assert record_to_tei(record_from_tei(data)) == data
    assert text_from_tei(data) == record.text  # the snippets' reader


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_records())
def test_random_records_round_trip(record: Record) -> None:
    data = record_to_tei(record)
    assert record_from_tei(data) == record
    assert record_to_tei(record_from_tei(data)) == data
    assert text_from_tei(data) == record.text  # the snippets' reader


def test_reading_ignores_indentation_and_comments() -> None:
    data = record_to_tei(records.maximal())
    flat = re.sub(rb">\n *<", b"><", data)
    assert flat != data
    assert record_from_tei(flat) == records.maximal()
    commented = data.replace(b"<teiHeader>", b"<teiHeader><!-- edited by hand -->", 1)
    commented = commented.replace("بغداد".encode(), "بغ<!-- x -->داد".encode(), 1)
    assert record_from_tei(commented) == records.maximal()


def test_attribute_tokens_are_read_as_xml_schema_reads_them() -> None:
    data = record_to_tei(records.maximal()).replace(b'type="main"', b'type=" main "')
    assert record_from_tei(data) == records.maximal()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<TEI", "not well-formed"),
        (b"<html xmlns='http://www.tei-c.org/ns/1.0'/>", "not a TEI record"),
        (b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader/></TEI>", "publicationStmt"),
    ],
)
def test_unreadable_records_raise_invalid_record(data: bytes, message: str) -> None:
    with pytest.raises(InvalidRecord, match=message):
        record_from_tei(data)


def test_missing_capture_and_dangling_pointer_raise_invalid_record() -> None:
    data = record_to_tei(records.seed_004())
    no_capture = re.sub(rb'<bibl type="capture">.*?</bibl>', b"", data, flags=re.S)
    with pytest.raises(InvalidRecord, match="capture"):
        record_from_tei(no_capture)
    with pytest.raises(InvalidRecord, match="#u7"):
        record_from_tei(data.replace(b'who="#u1"', b'who="#u7"'))

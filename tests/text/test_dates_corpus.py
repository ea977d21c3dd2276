"""Jalali conversion checked against the Hamshahri corpus (each document's Jalali and Gregorian
date, as its collection states them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from arshif.text.dates import parse_date
from tests.text.corpus_data import hamshahri

pytestmark = pytest.mark.corpus


def test_hamshahri_jalali_dates(corpora: Path) -> None:
    docs = hamshahri(corpora)
    pairs = {(d["date_jalali"], d["date"]) for d in docs}
    assert len(pairs) > 100
    for jalali, gregorian in pairs:
        parsed = parse_date(jalali.replace("-", "/"), lang="fa")
        assert parsed is not None, jalali
        assert (parsed.iso, parsed.calendar) == (gregorian, "jalali")

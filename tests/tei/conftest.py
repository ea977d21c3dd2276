"""Fixtures of the TEI tests: the official tei_all schema, compiled once per session.

Other test folders use `tests.tei_all.load_tei_all()` directly (or copy this fixture).
"""

from __future__ import annotations

import pytest

from arshif.tei import RelaxNGValidator
from tests.tei_all import load_tei_all


@pytest.fixture(scope="session")
def tei_all() -> RelaxNGValidator:
    """tei_all.rng (TEI P5 4.3.0); skipped with the reason outside CI when pip cannot fetch it."""
    return load_tei_all()

"""Fixtures of the citation tests: records and the external validators (biber, citeproc-js)."""

from __future__ import annotations

from pathlib import Path

import pytest

from arshif.model import Record
from tests.cite.records import quoted_titles, richer_records, seed_records
from tests.conftest import IN_CI, REPO, need_tool

#: Where scripts/install-validators.sh puts citeproc-js (npm `citeproc`).
CITEPROC_JS = REPO / ".cache" / "node" / "node_modules" / "citeproc"
CITEPROC_JS_VERSION = "2.4.63"


@pytest.fixture
def seeds() -> list[Record]:
    return seed_records()


@pytest.fixture
def richer() -> list[Record]:
    return richer_records()


@pytest.fixture
def all_records() -> list[Record]:
    return seed_records() + richer_records() + quoted_titles()


@pytest.fixture(scope="session")
def biber() -> str:
    return need_tool("biber")


@pytest.fixture(scope="session")
def citeproc_js() -> tuple[str, Path]:
    """(node, the citeproc-js package folder), installed by scripts/install-validators.sh."""
    node = need_tool("node")
    package = CITEPROC_JS / "package.json"
    if not package.exists():
        message = (
            f"citeproc-js {CITEPROC_JS_VERSION} is not installed in {CITEPROC_JS.parent} "
            "(scripts/install-validators.sh installs it)"
        )
        if IN_CI:
            pytest.fail(message + "; under CI=true a missing validator is a failure")
        pytest.skip(message)
    assert f'"version": "{CITEPROC_JS_VERSION}"' in package.read_text("utf-8"), (
        f"citeproc-js is not {CITEPROC_JS_VERSION}: run scripts/install-validators.sh"
    )
    return node, CITEPROC_JS

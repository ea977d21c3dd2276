"""The seeds root of the curation tests (`tests.curation_cli.conftest`), for the facade's tests,
on each search engine."""

from __future__ import annotations

from tests.curation_cli.conftest import each_engine, pristine_root, root

__all__ = ["each_engine", "pristine_root", "root"]

"""The seeds root of the curation tests (`tests.curation_cli.conftest`), for the facade's tests."""

from __future__ import annotations

from tests.curation_cli.conftest import pristine_root, root

__all__ = ["pristine_root", "root"]

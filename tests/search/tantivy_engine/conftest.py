"""The tantivy engine's tests: skipped where tantivy is not installed, failed under CI=true
(CI installs the dev extra, which has tantivy)."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import IN_CI

if importlib.util.find_spec("tantivy") is None:
    message = "tantivy is not installed (pip install -e '.[tantivy]')"
    if IN_CI:
        raise pytest.UsageError(message + "; under CI=true a missing engine is a failure")
    collect_ignore_glob = ["test_*.py"]

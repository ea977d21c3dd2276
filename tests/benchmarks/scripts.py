"""The benchmark scripts of benchmarks/ as modules, for their tests."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from tests.conftest import REPO

BENCHMARKS = REPO / "benchmarks"


def benchmark_module(name: str) -> ModuleType:
    """A module of benchmarks/ (not a package: its scripts import each other by name)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)

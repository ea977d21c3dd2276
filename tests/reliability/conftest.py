"""Fixtures of the reliability suite: scratch folders on tmpfs when there is one."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SHM = Path("/dev/shm")


@pytest.fixture(scope="session")
def fast_tmp() -> Iterator[Callable[[str], Path]]:
    """Make scratch folders on tmpfs when there is one (fsync is free there), else in /tmp.

    The suite runs many writes and kills many processes (SIGKILL loses no page cache, so
    fsync does not change what it tests); tmpfs keeps it fast on slow disks. Removed at the end.
    """
    base = SHM if SHM.is_dir() and os.access(SHM, os.W_OK) else None
    top = Path(tempfile.mkdtemp(prefix="arshif-reliability-", dir=base))

    def make(name: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=top))

    try:
        yield make
    finally:
        shutil.rmtree(top, ignore_errors=True)


@pytest.fixture
def fast_dir(fast_tmp: Callable[[str], Path], request: pytest.FixtureRequest) -> Path:
    """A fresh scratch folder for one test (see `fast_tmp`)."""
    return fast_tmp(request.node.name[:40].replace("/", "_"))

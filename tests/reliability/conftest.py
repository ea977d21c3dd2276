"""Fixtures of the reliability suite."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SHM = Path("/dev/shm")


@pytest.fixture
def fast_dir(tmp_path: Path) -> Iterator[Path]:
    """A scratch folder on tmpfs when there is one (fsync is free there), else `tmp_path`.

    The crash tests kill processes (SIGKILL loses no page cache, so fsync does not change what
    they test) and need many runs: tmpfs keeps the suite fast on slow disks.
    """
    if not (SHM.is_dir() and os.access(SHM, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="arshif-reliability-", dir=SHM))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)

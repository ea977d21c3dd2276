"""Archives the search CLI and serve tests build: the five seeds given outlets, dates, tags and
an author, and a manifest of a few hundred articles from ../shared/corpora.

`tests.conftest.seeds_root` builds the seeds archive once per session and engine; a test or
fixture that writes to it copies it first (`copy_root`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import Result

from tests.cli.helpers import SEEDS, invoke, seed_ids
from tests.text.corpus_data import farsnews, saudinewsnet

USER = "Test Librarian <t@example.org>"
#: Seed number → metadata set on it (the seeds themselves state little).
SEED_METADATA = {
    "000": ["outlet=ایرنا", "published=2021-11-20", "tags=+iraq", "author=علی رضایی"],
    "001": ["outlet=السومرية نيوز", "published=2021-11-18", "tags=+iraq", "tags=+wire"],
    "002": ["outlet=واع", "published=2021-11-21"],
    "004": ["outlet=kayhan.ir"],
}
CORPUS_AR = 200
CORPUS_FA = 100


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """`arshif --root ROOT ARGS…` through the CLI, in this process."""
    return invoke(["--root", str(root), *args], env=env)


def build_seeds_root(root: Path, engine: str) -> Path:
    """A new archive at `root` on `engine`: the seeds ingested, then `SEED_METADATA` set."""
    assert run(root, "init", "--engine", engine).exit_code == 0
    result = run(root, "ingest", str(SEEDS), "--user", USER)
    assert result.exit_code == 0, result.output
    ids = seed_ids()
    for seed, edits in SEED_METADATA.items():
        args = [a for edit in edits for a in ("--set", edit)]
        result = run(root, "edit", ids[seed], *args, "-m", "metadata for tests", "--user", USER)
        assert result.exit_code == 0, result.output
    return root


def copy_root(source: Path, root: Path) -> Path:
    """A copy of the arshif root `source` (archive, index, work folder) at `root`, to write to."""
    shutil.copytree(source, root)
    return root


def corpus_entries(corpora: Path, *, authors: bool) -> list[dict[str, object]]:
    """`CORPUS_AR` SaudiNewsNet articles (Arabic, 14 outlets, July-August 2015; with their
    authors when `authors`) and `CORPUS_FA` Fars News articles (Persian, no dates), as
    manifest entries."""
    entries: list[dict[str, object]] = []
    arabic = [d for d in saudinewsnet(corpora) if len(d["content"]) > 400 and d["title"]]
    for number, doc in enumerate(arabic[:: max(1, len(arabic) // CORPUS_AR)][:CORPUS_AR]):
        entry: dict[str, object] = {
            "text": doc["content"],
            "title": doc["title"],
            "outlet": doc["source"],
            "published": doc["date_extracted"][:10],
            "lang": "ar",
            "source_id": f"snn-{number}",
        }
        if authors and doc.get("author"):
            entry["author"] = doc["author"]
        entries.append(entry)
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


def write_manifest(path: Path, entries: list[dict[str, object]]) -> Path:
    """`entries` as a JSON-lines manifest at `path`."""
    path.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8"
    )
    return path

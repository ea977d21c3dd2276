"""Near-duplicates are reported at ingest (stderr), for the records just added, in one pass."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from arshif.config import Settings
from arshif.ingest.nearduplicates import duplicates_of
from arshif.model import Record
from arshif.repository import Repository
from tests.cli.helpers import SEEDS, invoke
from tests.curation_cli.helpers import COPY, WIRE

#: Every test here runs on each search engine (`tests.conftest.engine_env`).
pytestmark = pytest.mark.usefixtures("engine_env")

NEAR = re.compile(r"^(\w{12}): near-duplicate of (\w{12}) \((.*)\)$", re.MULTILINE)


def _init(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    assert invoke(["--root", str(root), "init"]).exit_code == 0
    return root


def test_ingesting_the_seeds_reports_003_as_a_near_duplicate_of_001(tmp_path: Path) -> None:
    root = _init(tmp_path)
    result = invoke(["--root", str(root), "ingest", str(SEEDS)])
    assert result.exit_code == 0, result.output
    found = NEAR.findall(result.stderr)
    assert found == [(COPY, WIRE, found[0][2])], result.stderr
    assert re.fullmatch(r"2 shared passages, longest \d\d words", found[0][2])
    assert NEAR.findall(result.stdout) == []  # messages go to stderr, data to stdout
    # re-ingesting adds nothing and reports no near-duplicate
    again = invoke(["--root", str(root), "ingest", str(SEEDS)])
    assert NEAR.findall(again.stderr) == []


def test_a_later_ingest_is_checked_against_the_archive(tmp_path: Path) -> None:
    root = _init(tmp_path)
    seeds = sorted(SEEDS.glob("*.txt"))
    first = invoke(["--root", str(root), "ingest", str(seeds[1])])
    assert NEAR.findall(first.stderr) == []
    second = invoke(["--root", str(root), "ingest", str(seeds[3]), str(seeds[4])])
    assert [f[:2] for f in NEAR.findall(second.stderr)] == [(COPY, WIRE)]
    assert "1 added" not in second.stderr
    assert "2 added" in second.stderr


VOCABULARY_SOURCES = sorted(SEEDS.glob("*.txt"))


def _batch(count: int, seed: int = 7) -> tuple[list[dict[str, str]], str]:
    """`count` random articles of 150 words from the seeds' vocabulary; the first two share a
    36-word wire quote. Returns the manifest lines and the quote."""
    words = sorted(
        {w for p in VOCABULARY_SOURCES for w in p.read_text("utf-8").split() if w.isalpha()}
    )
    rng = random.Random(seed)
    quote = " ".join(rng.choice(words) for _ in range(36))
    lines = []
    for i in range(count):
        body = [" ".join(rng.choice(words) for _ in range(50)) for _ in range(3)]
        if i < 2:
            body.insert(1, quote)
        lines.append({"text": "\n\n".join(body), "source_id": f"batch-{i}", "lang": "ar"})
    return lines, quote


def test_a_batch_of_200_is_checked_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _init(tmp_path)
    assert invoke(["--root", str(root), "ingest", str(SEEDS)]).exit_code == 0
    lines, _ = _batch(200)
    manifest = tmp_path / "batch.jsonl"
    manifest.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    result = invoke(["--root", str(root), "ingest", "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    assert "200 added" in result.stderr
    found = NEAR.findall(result.stderr)
    assert len(found) == 1, found
    assert found[0][2] == "shared passage, 36 words"
    # the check alone, as ingest runs it: each of the archive's 205 records read once
    new = [
        json.loads(x)["id"]
        for x in invoke(["--root", str(root), "list", "--format", "ndjson"]).stdout.splitlines()
    ]
    reads: Counter[str] = Counter()
    record = Repository.record

    def counted(self: Repository, short: str, version: str | None = None) -> Record:
        reads[short] += 1
        return record(self, short, version)

    monkeypatch.setattr(Repository, "record", counted)
    repo = Repository(Settings(root))
    assert len(duplicates_of(repo, new) or []) == 2  # 001/003, and the two batch records
    assert len(new) == 205
    assert sorted(reads) == sorted(new)
    assert set(reads.values()) == {1}

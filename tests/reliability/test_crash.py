"""Crash safety: real `arshif` processes are SIGKILLed at random moments, many times.

After every kill each object must be a valid OCFL 1.1 object (ocfl-py, digests checked), and
the archive must hold only whole records (each capture at most once, v1 only). Re-running the
killed batch completes it without duplicates, and `verify --repair` leaves a complete index.
Kills land in every phase: start-up, manifest reading, preparation, the writes of new objects
(triggered a random number of output lines into the run), duplicate checks and indexing.
Randomness is seeded; nothing asserts on timing.

A kill loses no page cache (fsync matters only for power loss, which `tests/store/
test_store_crash.py` simulates at each durable step); here the processes die for real.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from arshif.archiveconfig import load_archive_config
from arshif.search import SearchIndex
from tests.cli.helpers import objects_valid
from tests.reliability.helpers import (
    TIMEOUT,
    articles,
    assert_clean,
    cli,
    cli_env,
    command,
    init_root,
    run,
    short_id,
)

#: Every test here runs on each search engine (`tests.conftest.engine_env`).
pytestmark = pytest.mark.usefixtures("engine_env")

SEED = 20211126
ARTICLES = 100
KILLS = 30

# Kill a writer at a named step of the store (arshif.store.writer.crash_point), for the
# deterministic windows; the random kills above cover the rest.
KILL_AT_STEP = """
import os, signal, sys
import arshif.store.writer as writer
step = sys.argv[1]
def crash_point(name):
    if name == step:
        os.kill(os.getpid(), signal.SIGKILL)
writer.crash_point = crash_point
from arshif.cli import main
main(sys.argv[2:])
"""


def kill_during(args: list[str], log: IO[bytes], *, after_lines: int, delay: float) -> Run:
    """Start `args`; after it printed `after_lines` lines and `delay` more seconds, SIGKILL it.

    A run that finished before the kill must have succeeded, cleanly.
    """
    start = time.monotonic()
    first_line = None
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, env=cli_env())
    try:
        assert proc.stdout is not None
        for _ in range(after_lines):
            if not proc.stdout.readline():
                break
            first_line = first_line or time.monotonic() - start
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)  # it may still finish first: both are fine
        proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if proc.returncode != -signal.SIGKILL:
        assert proc.returncode == 0, f"{args[3:]} exited {proc.returncode} before the kill"
    return Run(proc.returncode == -signal.SIGKILL, first_line)


@dataclass(frozen=True)
class Run:
    killed: bool
    first_line: float | None  #: seconds from the start to the first line of output, if read


def object_heads(archive: Path) -> dict[str, str]:
    """Object id → head version, read from each object's root inventory."""
    heads = {}
    for marker in archive.rglob("0=ocfl_object_1.1"):
        inventory = json.loads((marker.parent / "inventory.json").read_bytes())
        heads[inventory["id"].rpartition(":")[2]] = inventory["head"]
    return heads


def write_batch(folder: Path, texts: list[str]) -> Path:
    """A manifest mixing inline texts and files beside it, with some metadata."""
    folder.mkdir()
    lines = []
    for number, text in enumerate(texts):
        entry = {"source_id": f"crash-{number:03d}", "lang": "fa" if number % 3 else "ar"}
        if number % 2:
            (folder / f"a{number:03d}.txt").write_text(text, "utf-8")
            entry["path"] = f"a{number:03d}.txt"
        else:
            entry["text"] = text
            entry["published"] = f"2021-11-{1 + number % 28:02d}"
        lines.append(json.dumps(entry, ensure_ascii=False))
    manifest = folder / "batch.jsonl"
    manifest.write_text("\n".join(lines) + "\n", "utf-8")
    return manifest


def index_of(root: Path) -> dict[str, str | None]:
    """Short id → version, as the search index holds them."""
    engine = load_archive_config(root / "archive").engine
    index = SearchIndex.open(root / "indexes" / "search", engine)
    versions = index.versions()
    assert index.doc_count() == len(versions), "the index holds a record twice"
    return versions


def test_killed_batch_ingest_stays_valid_and_completes_without_duplicates(fast_dir: Path) -> None:
    rng = random.Random(SEED)
    root, archive = fast_dir / "root", fast_dir / "root" / "archive"
    init_root(root)
    batches: list[tuple[Path, set[str]]] = []  # manifest, its captures' ids
    expected: set[str] = set()
    killed = attempts = 0
    startup = 0.5  # seconds before the first write, measured on the way
    batch_done = True
    with (fast_dir / "stderr.log").open("wb") as log:
        while killed < KILLS and attempts < 2 * KILLS:
            heads = object_heads(archive)
            if batch_done:
                # the first batch, or (when a loaded machine let runs get far before their
                # kill) the last one was completed by a run: another batch of the same size
                texts = articles(ARTICLES, SEED + len(batches))
                manifest = write_batch(fast_dir / f"batch{len(batches)}", texts)
                batches.append((manifest, {short_id(t.encode("utf-8")) for t in texts}))
                expected |= batches[-1][1]
            manifest, ids = batches[-1]
            present = len(ids & set(heads))
            attempts += 1
            if present == ARTICLES:  # the writes are done: kill while the index catches up
                after, delay = ARTICLES, rng.uniform(0, 0.3)
            elif attempts % 5 == 0:  # start-up, manifest reading, preparation
                after, delay = 0, rng.uniform(0.05, 1.0) * startup
            else:  # one to four new objects into the run: inside the writes
                after, delay = present + rng.randint(1, 4), rng.uniform(0, 0.002)
            args = command(root, "ingest", "--manifest", str(manifest))
            run_ = kill_during(args, log, after_lines=after, delay=delay)
            killed += run_.killed
            batch_done = not run_.killed  # that run wrote and indexed all that was left
            startup = run_.first_line or startup
            assert objects_valid(archive) == len(object_heads(archive))
            heads = object_heads(archive)
            assert set(heads) <= expected
            assert set(heads.values()) <= {"v1"}
    print(f"{killed} kills in {attempts} runs; {len(heads)} objects in {len(batches)} batch(es)")
    assert killed >= KILLS * 2 // 3, "most runs must really have been killed"

    assert_clean(run(root, "verify"), 0, 8)
    for manifest, ids in batches:  # each batch re-run to completion
        before = set(object_heads(archive))
        final = run(root, "ingest", "--manifest", str(manifest))
        assert_clean(final, 0)
        outcomes = [line.split("\t") for line in final.stdout.splitlines()]
        assert sorted(o[0] for o in outcomes) == sorted(ids)  # each capture reported once
        assert sum("duplicate" in o[-1] for o in outcomes) == len(ids & before)
        # the re-run also indexed what the killed runs had written but not indexed
        assert index_of(root) == object_heads(archive)

    assert_clean(run(root, "verify", "--repair"), 0)
    assert_clean(run(root, "verify"), 0)
    heads = object_heads(archive)
    assert set(heads) == expected
    assert set(heads.values()) == {"v1"}
    assert objects_valid(archive) == len(expected)
    assert index_of(root) == heads
    assert not list((root / ".arshif" / "staging").glob("*"))


@pytest.fixture(scope="module")
def small_template(fast_tmp: Callable[[str], Path], arshif_engine: str) -> tuple[Path, list[str]]:
    """A root holding 20 generated articles (ingested without interruption), built once."""
    folder = fast_tmp("small")
    root = folder / "root"
    init_root(root, arshif_engine)
    texts = articles(20, SEED + 1)
    manifest = write_batch(folder / "small", texts)
    assert_clean(run(root, "ingest", "--manifest", str(manifest)), 0)
    return root, texts


@pytest.fixture
def small_root(small_template: tuple[Path, list[str]], fast_dir: Path) -> tuple[Path, list[str]]:
    """A fresh copy of the 20-article root for one test."""
    template, texts = small_template
    root = fast_dir / "root"
    shutil.copytree(template, root, symlinks=True)
    return root, texts


def test_killed_edits_leave_the_old_or_the_new_version(
    small_root: tuple[Path, list[str]], tmp_path: Path
) -> None:
    root, texts = small_root
    archive = root / "archive"
    rng = random.Random(SEED + 2)
    target = short_id(texts[0].encode("utf-8"))
    note = None
    with (tmp_path / "edit.log").open("wb") as log:
        for attempt in range(8):
            before = object_heads(archive)[target]
            value = f"note {attempt}"
            args = command(root, "edit", target, "--set", f"note={value}", "-m", f"edit {attempt}")
            kill_during(args, log, after_lines=0, delay=rng.uniform(0.25, 1.2))
            assert objects_valid(archive) == 20
            after = object_heads(archive)[target]
            assert int(after[1:]) - int(before[1:]) in (0, 1)
            if after != before:
                note = value
            shown = cli(root, "show", target, "--format", "json")  # readers, in-process
            assert_clean(shown, 0)
            assert json.loads(shown.stdout).get("note") == note
            assert_clean(cli(root, "search", texts[0].split()[0], "--format", "json"), 0)
    assert_clean(run(root, "verify", "--repair"), 0)
    assert_clean(run(root, "verify"), 0)
    assert index_of(root) == object_heads(archive)


def test_killed_reindex_keeps_a_searchable_index(
    small_root: tuple[Path, list[str]], tmp_path: Path
) -> None:
    root, texts = small_root
    rng = random.Random(SEED + 3)
    word = texts[5].split()[0]
    with (tmp_path / "reindex.log").open("wb") as log:
        for _ in range(6):
            kill_during(command(root, "reindex"), log, after_lines=0, delay=rng.uniform(0.2, 1.0))
            found = cli(root, "search", word, "--format", "ndjson")
            assert_clean(found, 0)
            assert short_id(texts[5].encode("utf-8")) in found.stdout
    assert_clean(run(root, "verify", "--repair"), 0)
    assert_clean(run(root, "verify"), 0)
    assert index_of(root) == object_heads(root / "archive")


def test_a_killed_engine_switch_leaves_the_old_engine_or_the_new_one_whole(
    small_root: tuple[Path, list[str]], tmp_path: Path, arshif_engine: str
) -> None:
    """`reindex --engine` records the engine only once the new index is complete: killed at
    any moment, the archive has its old engine (and whatever index is on disk is rebuilt by
    the next search when it is the other engine's) or the new one with its whole index."""
    root, texts = small_root
    rng = random.Random(SEED + 4)
    word, wanted = texts[5].split()[0], short_id(texts[5].encode("utf-8"))
    engines = {arshif_engine, "tantivy" if arshif_engine == "whoosh" else "whoosh"}
    with (tmp_path / "switch.log").open("wb") as log:
        for attempt in range(6):
            engine = load_archive_config(root / "archive").engine
            target = next(e for e in sorted(engines) if e != engine)
            args = command(root, "reindex", "--engine", target)
            kill_during(args, log, after_lines=0, delay=rng.uniform(0.2, 1.2))
            recorded = load_archive_config(root / "archive").engine
            assert recorded in engines
            if recorded == target:
                assert index_engine(root) == target  # recorded only after the build
            found = cli(root, "search", word, "--format", "ndjson")
            assert_clean(found, 0)
            assert wanted in found.stdout, attempt
            assert index_engine(root) == recorded  # the first search rebuilt another engine's
    assert_clean(run(root, "verify"), 0)
    assert index_of(root) == object_heads(root / "archive")


def index_engine(root: Path) -> str:
    """The engine that built the live index generation (its arshif-index.json)."""
    search = root / "indexes" / "search"
    generation = search / (search / "CURRENT").read_text("utf-8").strip()
    return str(json.loads((generation / "arshif-index.json").read_text("utf-8"))["engine"])


@pytest.mark.parametrize(
    ("step", "write"),
    [
        ("object-staged", "ingest"),  # staging only: nothing in the archive yet
        ("object-renamed", "ingest"),  # the object is whole, the index lags, staging is left
        ("version-renamed", "edit"),  # vN in place, root inventory still v(N-1): roll forward
        ("inventory-replaced", "edit"),  # root sidecar stale
    ],
)
def test_verify_finds_what_a_killed_write_left_and_repair_fixes_it(
    small_root: tuple[Path, list[str]], tmp_path: Path, step: str, write: str
) -> None:
    root, texts = small_root
    if write == "ingest":
        capture = tmp_path / "new.txt"
        capture.write_text(articles(1, SEED + 4)[0], "utf-8")
        args = ["ingest", str(capture)]
    else:
        args = ["edit", short_id(texts[1].encode("utf-8")), "--set", "note=killed"]
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AT_STEP, step, "--root", str(root), *args],
        capture_output=True,
        timeout=TIMEOUT,
        env=cli_env(),
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    found = run(root, "verify")
    assert_clean(found, 8)
    assert "staging-leftover" in found.stdout
    if step == "object-renamed":
        assert "INDEX" in found.stdout
        assert "lags the archive by 1 record" in found.stdout
    repaired = run(root, "verify", "--repair")
    assert_clean(repaired, 0)
    assert_clean(run(root, "verify"), 0)
    heads = object_heads(root / "archive")
    assert objects_valid(root / "archive") == len(heads)
    assert index_of(root) == heads
    if step == "version-renamed":  # rolled forward: the staged version was complete
        assert heads[short_id(texts[1].encode("utf-8"))] == "v2"

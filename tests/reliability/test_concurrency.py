"""Concurrency: writers serialize on the lock; readers never block and never see half a write.

Several writer processes (ingests of different captures, edits, a reindex) and reader processes
(search, list, show in a loop) run at once against one root. Every reader invocation must exit
0 or 1 with well-formed output (never an internal error, never a traceback) and see only whole
versions; every writer must succeed. Lock waits are tested deterministically by holding the
writer lock from the test process.
"""

from __future__ import annotations

import json
import subprocess
import threading
from pathlib import Path

import pytest

from arshif.store import StorageRoot
from tests.cli.helpers import objects_valid
from tests.reliability.helpers import (
    TIMEOUT,
    articles,
    assert_clean,
    cli_env,
    command,
    init_root,
    one_error_line,
    run,
    short_id,
    snapshot,
)
from tests.reliability.test_crash import index_of, object_heads, write_batch

#: Every test here runs on each search engine (`tests.conftest.engine_env`).
pytestmark = pytest.mark.usefixtures("engine_env")

SEED = 77
EDITS = 2  #: edits of each of two records, by a writer running beside the ingests


@pytest.fixture
def root(fast_dir: Path) -> tuple[Path, list[str]]:
    root = fast_dir / "root"
    init_root(root)
    texts = articles(8, SEED)
    assert_clean(run(root, "ingest", "--manifest", str(write_batch(fast_dir / "m0", texts))), 0)
    return root, texts


def store_of(root: Path) -> StorageRoot:
    return StorageRoot(root / "archive", root / ".arshif")


def test_parallel_writers_and_readers(root: tuple[Path, list[str]], fast_dir: Path) -> None:
    root_dir, texts = root
    initial = set(object_heads(root_dir / "archive"))
    batches = [articles(4, SEED + n) for n in range(1, 4)]
    manifests = [write_batch(fast_dir / f"m{n}", b) for n, b in enumerate(batches, start=1)]
    expected = initial | {short_id(t.encode("utf-8")) for b in batches for t in b}
    edited = [short_id(t.encode("utf-8")) for t in texts[:2]]
    notes = {f"note {n}" for n in range(EDITS)} | {None}
    word = texts[3].split()[0]

    writers = [
        subprocess.Popen(
            command(root_dir, "ingest", "--manifest", str(m)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env(),
        )
        for m in manifests
    ]
    edit_script = "; ".join(
        f"{' '.join(command(root_dir))} edit {target} --set 'note=note {n}' -m 'edit {n}'"
        " || exit $?"
        for n in range(EDITS)
        for target in edited
    )
    edit_script += f"; {' '.join(command(root_dir))} reindex"  # a new index generation too
    writers.append(
        subprocess.Popen(
            ["sh", "-c", edit_script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env()
        )
    )
    done = threading.Event()
    failures: list[str] = []
    counts = {"search": 0, "list": 0, "show": 0}

    def reader(*kinds: str) -> None:
        turn = 0
        while not done.is_set() or min(counts[k] for k in kinds) < 3:
            kind = kinds[turn % len(kinds)]
            turn += 1
            if kind == "search":
                result = run(root_dir, "search", word, "--format", "ndjson", "-n", "50")
            elif kind == "list":
                result = run(root_dir, "list", "--format", "ndjson")
            else:
                result = run(root_dir, "show", edited[counts[kind] % 2], "--format", "json")
            counts[kind] += 1
            try:
                assert_clean(result, 0, 1)
                check_reader(kind, result.stdout, initial, expected, notes)
            except AssertionError as error:
                failures.append(f"{kind}: {error}")

    # two reader processes at a time beside the writers (on two cores, more would only slow
    # the writers down): one alternating search and list, one showing the records edited
    threads = [threading.Thread(target=reader, args=k) for k in (("search", "list"), ("show",))]
    for thread in threads:
        thread.start()
    try:
        outputs = [w.communicate(timeout=3 * TIMEOUT) for w in writers]
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=3 * TIMEOUT)
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err.decode()
        assert b"Traceback" not in err
    assert not failures, "\n".join(failures[:5])
    assert min(counts.values()) >= 3

    heads = object_heads(root_dir / "archive")
    assert set(heads) == expected
    assert all(heads[target] == f"v{EDITS + 1}" for target in edited)  # no edit lost
    assert objects_valid(root_dir / "archive") == len(expected)
    assert_clean(run(root_dir, "verify"), 0)
    assert index_of(root_dir) == heads


def check_reader(
    kind: str, stdout: str, initial: set[str], expected: set[str], notes: set[str | None]
) -> None:
    """What a reader printed is whole: valid JSON of records that exist in whole versions."""
    if kind == "show":
        view = json.loads(stdout)
        assert view["note"] in notes
        versions = view["versions"]
        assert [v["version"] for v in versions] == [f"v{n}" for n in range(1, len(versions) + 1)]
        return
    rows = [json.loads(line) for line in stdout.splitlines()]
    ids = {row["id"] for row in rows}
    assert len(ids) == len(rows), "a record listed twice"
    assert ids <= expected
    if kind == "list":
        assert initial <= ids


def test_a_second_writer_waits_then_gives_up_in_one_line(
    root: tuple[Path, list[str]], fast_dir: Path
) -> None:
    root_dir, texts = root
    capture = fast_dir / "new.txt"
    capture.write_text(articles(1, SEED + 9)[0], "utf-8")
    before = snapshot(root_dir / "archive")
    with store_of(root_dir).lock(5):
        result = run(root_dir, "ingest", str(capture), "--wait", "0.5")
        edit = run(root_dir, "edit", short_id(texts[0].encode()), "--set", "note=x", "--wait", "0")
        # readers never block, even while a writer holds the lock
        assert_clean(run(root_dir, "search", texts[2].split()[0], "--format", "json"), 0)
        assert_clean(run(root_dir, "list", "--format", "json"), 0)
        assert_clean(run(root_dir, "show", short_id(texts[0].encode()), "--format", "json"), 0)
    assert result.returncode == 10
    assert "waiting for another writer" in result.stderr
    assert "another arshif writer" in one_error_line(result)
    assert edit.returncode == 10
    one_error_line(edit)
    assert snapshot(root_dir / "archive") == before


def test_a_waiting_writer_proceeds_when_the_lock_is_released(
    root: tuple[Path, list[str]], fast_dir: Path
) -> None:
    root_dir, _ = root
    capture = fast_dir / "new.txt"
    capture.write_text(articles(1, SEED + 10)[0], "utf-8")
    store = store_of(root_dir)
    with store.lock(5):
        proc = subprocess.Popen(
            command(root_dir, "ingest", str(capture), "--wait", "60"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env(),
        )
        assert proc.stderr is not None
        line = proc.stderr.readline().decode()  # it says it waits, then waits for us
        assert "waiting for another writer" in line
        assert proc.poll() is None
    out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, err.decode()
    assert short_id(capture.read_bytes()) in out.decode()


def test_a_lagging_index_is_searched_as_it_is_while_a_writer_works(
    root: tuple[Path, list[str]], fast_dir: Path
) -> None:
    """A reader finds the index behind the archive (a writer is between its store write and
    its index update): it searches the index as it is, without waiting, and does not write."""
    root_dir, texts = root
    state = root_dir / "indexes" / "state.json"
    state.write_text(json.dumps({"archive": "0" * 64}), "utf-8")  # as if a write were under way
    index_before = snapshot(root_dir / "indexes")
    with store_of(root_dir).lock(5):
        result = run(root_dir, "search", texts[4].split()[1], "--format", "json")
        assert "waiting for another writer" not in result.stderr
        assert snapshot(root_dir / "indexes") == index_before
    assert_clean(result, 0)
    # once the lock is free, the next reader brings the index up to date
    assert_clean(run(root_dir, "search", texts[4].split()[1], "--format", "json"), 0)
    assert json.loads(state.read_text("utf-8"))["archive"] != "0" * 64

"""A build in several commits (`arshif.search.tantivy.index.COMMIT_EVERY`) on real indexes:
nothing of it is visible until it is done, and a build killed between two of its commits leaves
the old generation current."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import tantivy

from arshif.model import Record
from arshif.search import querytree as qt
from arshif.search.leases import current_generation
from arshif.search.tantivy import TantivyEngine, TantivyIndex
from arshif.search.tantivy import index as tantivy_index

from ..helpers import ARABIC, make_record

EVERY = 100  #: documents a commit in these tests
COUNT = 250  #: records of the new build (analysed by forked workers: `workers.WORKERS_FROM`)
NEW = qt.Term("tag", "new")  #: the new build's records, not the old generation's one


def records() -> list[Record]:
    return [
        make_record(f"n{i:03d}", f"خبر رقم {i} عن بغداد", lang="ar", tags=("new",))
        for i in range(COUNT)
    ]


def committed(staging: Path) -> int:
    """The documents of the last commit in a build's staging folder (read by tantivy)."""
    index = tantivy.Index.open(str(staging))
    index.reload()
    return int(index.searcher().num_docs)


def test_a_build_in_several_commits_is_seen_only_when_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tantivy_index, "COMMIT_EVERY", EVERY)
    path = tmp_path / "ix"
    TantivyEngine().build(path, [lambda: [ARABIC]]).close()
    old = current_generation(path)
    seen: list[tuple[int, int]] = []

    def progress(count: int) -> None:  # (called by the writer, between two of its commits)
        with TantivyIndex.open(path) as live:
            assert live.generation == old
            assert live.doc_count() == 1
            assert live.reader().search(NEW).total == 0
        (staging,) = path.glob(".building-*")
        seen.append((count, committed(staging)))

    with TantivyEngine().build(path, [records], progress) as built:
        assert built.generation != old
        assert current_generation(path) == built.generation
        assert built.doc_count() == COUNT
        assert built.reader().search(NEW).total == COUNT
    # (progress is told at each commit's end): the commits were made in the staging folder
    assert seen == [(EVERY, 0), (EVERY, EVERY), (COUNT - 2 * EVERY, 2 * EVERY)]
    assert not list(path.glob(".building-*"))


KILLED_BUILD = textwrap.dedent(
    """
    import pickle, sys, time
    from pathlib import Path
    from arshif.search.tantivy import TantivyEngine
    from arshif.search.tantivy import index as tantivy_index

    path, ready, records = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    tantivy_index.COMMIT_EVERY = int(sys.argv[4])

    told = []

    def progress(count):  # told before each commit: after the first one, wait to be killed
        told.append(count)
        if len(told) == 2:
            ready.write_text("ready")
            time.sleep(600)

    TantivyEngine().build(path, [lambda: pickle.loads(records.read_bytes())], progress)
    """
)


def test_a_build_killed_between_its_commits_leaves_the_old_generation(tmp_path: Path) -> None:
    path = tmp_path / "ix"
    TantivyEngine().build(path, [lambda: [ARABIC]]).close()
    old = current_generation(path)
    ready, saved = tmp_path / "ready", tmp_path / "records.pickle"
    saved.write_bytes(pickle.dumps(records()))
    args = [str(path), str(ready), str(saved), str(EVERY)]
    child = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, *args])
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert child.poll() is None, f"the build exited {child.returncode}"
            assert time.monotonic() < deadline, "the build never reached its first commit"
            time.sleep(0.05)
        (staging,) = path.glob(".building-*")
        assert committed(staging) == EVERY  # commits were made, then the process died
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert current_generation(path) == old
    with TantivyIndex.open(path) as live:
        assert live.doc_count() == 1
        assert live.reader().search(NEW).total == 0
    with TantivyEngine().build(path, [records]) as rebuilt:  # and the next build tidies up
        assert rebuilt.doc_count() == COUNT
    assert not list(path.glob(".building-*"))

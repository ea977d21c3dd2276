"""Concurrent writers through real processes (`python -m arshif`): every edit ends up as a
version, or is refused with a clear message; none is lost silently. Readers never block."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from arshif.config import Settings
from arshif.repository import Repository
from tests.curation_cli.helpers import (
    COPY,
    WIRE,
    check_archive,
    inventory,
    ok,
    run,
    show_json,
)


def _arshif(root: Path, *args: str, **env: str) -> subprocess.Popen[bytes]:
    full = {**os.environ, "ARSHIF_USER": "Process <p@example.org>", **env}
    full.pop("VISUAL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "arshif", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=full,
    )


def _finish(proc: subprocess.Popen[bytes]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out.decode("utf-8"), err.decode("utf-8")


def test_simultaneous_edits_of_one_record_all_become_versions(root: Path) -> None:
    repo = Repository(Settings(root))
    with repo.writing():  # hold the lock so that every process is waiting when it is released
        procs = [
            _arshif(root, "edit", WIRE, "--set", f"tags=+t{i}", "-m", f"tag {i}") for i in range(4)
        ]
        procs.append(_arshif(root, "edit", WIRE, "--set", "outlet=السومرية نيوز", "-m", "outlet"))
        time.sleep(2.0)
    results = [_finish(p) for p in procs]
    assert all(code == 0 for code, _, _ in results), results
    check_archive(root, {WIRE: 6})
    messages = sorted(v["message"] for v in inventory(root, WIRE)["versions"].values())
    assert messages == sorted(
        ["Ingested from 001_10b5a13140bb54d5.txt", "outlet", "tag 0", "tag 1", "tag 2", "tag 3"]
    )
    view = show_json(root, WIRE)
    assert sorted(view["tags"]) == ["t0", "t1", "t2", "t3"]  # no update lost
    assert view["outlet"] == "السومرية نيوز"
    assert any("waiting for another writer" in err for _, _, err in results)
    # the index saw the last version too
    hits = ok(root, "search", "tag:t3", "--format", "ndjson").stdout
    assert WIRE in hits


def test_a_writer_that_cannot_get_the_lock_is_refused_clearly(root: Path) -> None:
    repo = Repository(Settings(root))
    with repo.writing():
        code, out, err = _finish(_arshif(root, "edit", WIRE, "--set", "author=x", "--wait", "0.5"))
        # readers do not take the writer's lock (they would time out on it and fail)
        assert ok(root, "show", WIRE).stdout
        assert ok(root, "list").stdout
    assert code == 10, (out, err)
    assert out == ""
    assert err.splitlines()[-1].startswith("arshif: error: another arshif writer still holds")
    check_archive(root)
    ok(root, "edit", WIRE, "--set", "author=x", "--wait", "0")
    check_archive(root, {WIRE: 2})


def test_a_writer_waits_for_the_lock_then_writes(root: Path) -> None:
    repo = Repository(Settings(root))
    held = threading.Event()

    def hold() -> None:
        with repo.writing():
            held.set()
            time.sleep(1.5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    code, _, err = _finish(_arshif(root, "edit", COPY, "--set", "author=y", "--wait", "60"))
    thread.join()
    assert code == 0, err
    assert "waiting for another writer" in err
    check_archive(root, {COPY: 2})


EDIT_WHILE_SOMEONE_ELSE_EDITS = """
import os, pathlib, subprocess, sys
path = pathlib.Path(sys.argv[1])
subprocess.run([sys.executable, "-m", "arshif", "edit", "{id}", "--set", "author=Colleague"],
               check=True, env={**os.environ, "ARSHIF_USER": "Colleague"})
path.write_text(path.read_text("utf-8").replace("</body>", "<p>فقرة جديدة.</p></body>"), "utf-8")
"""


def test_an_editor_session_overtaken_by_another_edit_is_refused(root: Path, tmp_path: Path) -> None:
    script = tmp_path / "slow_editor.py"
    script.write_text(EDIT_WHILE_SOMEONE_ELSE_EDITS.replace("{id}", WIRE), "utf-8")
    result = run(
        root, "edit", WIRE, env={"VISUAL": f"{sys.executable} {script}", "ARSHIF_ROOT": str(root)}
    )
    assert result.exit_code == 10, result.output
    assert "changed while you were editing" in result.stderr
    kept = Path(result.stderr.split("kept in ")[1].split()[0])
    assert "فقرة جديدة" in kept.read_text("utf-8")
    kept.unlink()
    check_archive(root, {WIRE: 2})  # the colleague's version, and nothing else
    assert show_json(root, WIRE)["author"] == "Colleague"
    assert run(root, "history", WIRE).exit_code == 0

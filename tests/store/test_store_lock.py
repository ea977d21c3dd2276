"""The writer lock: other processes wait, then time out; a dead writer leaves no stale lock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from arshif.errors import LockTimeout
from arshif.model import User
from arshif.store import StorageRoot

CHILD = """
import sys, time
from pathlib import Path
from arshif.errors import LockTimeout
from arshif.store import StorageRoot

root = StorageRoot(Path(sys.argv[1]), Path(sys.argv[2]))
try:
    with root.lock(float(sys.argv[3]), on_wait=lambda: print("waiting", flush=True)):
        print("acquired", flush=True)
        time.sleep(float(sys.argv[4]))
except LockTimeout as error:
    print("timeout", type(error).__name__, flush=True)
"""


def child(root: StorageRoot, timeout: float, hold: float = 0.0) -> subprocess.Popen[str]:
    args = [
        sys.executable,
        "-c",
        CHILD,
        str(root.path),
        str(root.work_dir),
        str(timeout),
        str(hold),
    ]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_second_process_waits_then_times_out(root: StorageRoot) -> None:
    with root.lock(5):
        process = child(root, timeout=0.4)
        output, errors = process.communicate(timeout=30)
    assert process.returncode == 0, errors
    assert output.splitlines() == ["waiting", "timeout LockTimeout"]


def test_second_process_gets_the_lock_when_released(root: StorageRoot) -> None:
    with root.lock(5):
        process = child(root, timeout=20)
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "waiting"
    output, errors = process.communicate(timeout=30)
    assert process.returncode == 0, errors
    assert output.splitlines() == ["acquired"]


def test_a_killed_writer_leaves_no_stale_lock(root: StorageRoot) -> None:
    process = child(root, timeout=5, hold=60)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "acquired"
    with pytest.raises(LockTimeout), root.lock(0.1):
        pass
    process.kill()
    process.communicate(timeout=30)
    with root.lock(0):  # no wait: the dead writer's lock went with it
        pass


def test_two_roots_in_one_process_exclude_each_other(root: StorageRoot, user: User) -> None:
    other = StorageRoot(root.path, root.work_dir, lock_timeout=0.1)
    waits: list[str] = []
    with root.lock(1), root.lock(1):  # reentrant within one StorageRoot
        with (
            pytest.raises(LockTimeout, match=r"another arshif writer still holds .* after 0\.3 s"),
            other.lock(0.3, on_wait=lambda: waits.append("waiting")),
        ):
            pass
        assert waits == ["waiting"]  # it waited (once told), then gave up
        with pytest.raises(LockTimeout):
            other.create_object("urn:arshif:x", {"a": b"a"}, "m", user)  # takes the lock itself
        root.create_object("urn:arshif:y", {"a": b"a"}, "m", user)  # runs inside the held lock
    assert not root.has_object("urn:arshif:x")
    assert other.has_object("urn:arshif:y")
    other.create_object("urn:arshif:x", {"a": b"a"}, "m", user)
    assert root.has_object("urn:arshif:x")


def test_readers_never_take_the_lock(root: StorageRoot, user: User, tmp_path: Path) -> None:
    root.create_object("urn:arshif:r", {"a": b"a"}, "m", user)
    reader = StorageRoot(root.path, tmp_path / "never-created")
    with root.lock(1):
        assert reader.read("urn:arshif:r", "a") == b"a"
        assert list(reader.object_ids()) == ["urn:arshif:r"]
        assert reader.verify() == []
    assert not (tmp_path / "never-created").exists()

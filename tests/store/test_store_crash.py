"""Crashes at every step of a write: readers see the old or the new version, recover() repairs.

A crash is simulated by raising a BaseException from `writer.crash_point` at a named step: it
bypasses the writer's own error handling, as a SIGKILL would, and leaves the disk as it was at
that step. Recovery then runs in a fresh `StorageRoot`, as it would in the next process.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable

import pytest

from arshif.model import User
from arshif.store import StorageRoot, writer

from .store_validators import ocfl_object_errors

Validate = Callable[[StorageRoot], None]
OID = "urn:arshif:crash"
CAPTURE = "متن اصلی".encode()
RECORD = b"<record v='1'/>"
V2 = b"<record v='2'/>"


class SimulatedCrash(BaseException):
    """Stands for the process dying: nothing in the writer catches it."""


def crash_at(monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    def crash_point(name: str) -> None:
        if name == step:
            raise SimulatedCrash(name)

    monkeypatch.setattr(writer, "crash_point", crash_point)


def fresh(root: StorageRoot) -> StorageRoot:
    return StorageRoot(root.path, root.work_dir)


@pytest.fixture
def v1(root: StorageRoot, user: User) -> StorageRoot:
    root.create_object(OID, {"capture.txt": CAPTURE, "record.xml": RECORD}, "ingest", user)
    return root


@pytest.mark.parametrize("step", writer.NEW_VERSION_STEPS)
def test_crash_during_add_version(
    v1: StorageRoot, user: User, assert_valid: Validate, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    steps = writer.NEW_VERSION_STEPS
    crash_at(monkeypatch, step)
    with pytest.raises(SimulatedCrash):
        v1.add_version(OID, {"record.xml": V2}, "edit", user)
    monkeypatch.undo()
    published = steps.index(step) >= steps.index("inventory-replaced")
    reader = fresh(v1)
    assert reader.head(OID) == ("v2" if published else "v1")
    assert reader.read(OID, "record.xml") == (V2 if published else RECORD)
    assert reader.read(OID, "capture.txt") == CAPTURE
    if steps.index(step) < steps.index("version-renamed"):
        assert ocfl_object_errors(v1.object_path(OID)) == []
    assert any(issue.code == "staging-leftover" for issue in reader.verify())

    actions = fresh(v1).recover()
    assert any("removed leftover staging" in action for action in actions)
    rolled_forward = steps.index(step) >= steps.index("version-renamed")
    assert reader.head(OID) == ("v2" if rolled_forward else "v1")
    assert reader.read(OID, "record.xml") == (V2 if rolled_forward else RECORD)
    assert list(v1.staging.iterdir()) == []
    assert_valid(v1)
    fresh(v1).add_version(OID, {"note.txt": b"next"}, "next write", user)
    assert_valid(v1)


@pytest.mark.parametrize("step", writer.NEW_OBJECT_STEPS)
def test_crash_during_create_object(
    root: StorageRoot,
    user: User,
    assert_valid: Validate,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    root.create_object("urn:arshif:neighbour", {"a.txt": b"a"}, "ingest", user)
    crash_at(monkeypatch, step)
    with pytest.raises(SimulatedCrash):
        root.create_object(OID, {"record.xml": RECORD}, "ingest", user)
    monkeypatch.undo()
    published = step == "object-renamed"
    assert fresh(root).has_object(OID) == published
    assert sorted(fresh(root).object_ids()) == sorted(
        ["urn:arshif:neighbour"] + ([OID] if published else [])
    )

    fresh(root).recover()
    assert fresh(root).has_object(OID) == published
    assert list(root.staging.iterdir()) == []
    assert_valid(root)  # includes: no empty n-tuple directories left (E073)
    if not published:
        fresh(root).create_object(OID, {"record.xml": RECORD}, "retry", user)
        assert_valid(root)


def test_the_next_writer_recovers_first(
    v1: StorageRoot, user: User, assert_valid: Validate, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_at(monkeypatch, "version-renamed")
    with pytest.raises(SimulatedCrash):
        v1.add_version(OID, {"record.xml": V2}, "edit", user)
    monkeypatch.undo()
    info = fresh(v1).add_version(OID, {"note.txt": b"n"}, "after the crash", user)
    assert info.version == "v3"
    assert fresh(v1).read(OID, "record.xml") == V2
    assert_valid(v1)


def test_roll_forward_without_staging_needs_full_recovery(
    v1: StorageRoot, user: User, assert_valid: Validate, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The version directory was renamed in, the root inventory not yet replaced, and the
    staging area is gone (say, someone deleted .arshif): a full recovery still rolls forward."""
    crash_at(monkeypatch, "version-renamed")
    with pytest.raises(SimulatedCrash):
        v1.add_version(OID, {"record.xml": V2}, "edit", user)
    monkeypatch.undo()
    shutil.rmtree(v1.staging)
    object_dir = v1.object_path(OID)
    assert (object_dir / "v2").is_dir()
    assert fresh(v1).head(OID) == "v1"
    assert any("E046b" in message for message in ocfl_object_errors(object_dir))
    assert {issue.code for issue in fresh(v1).verify()} == {"E046b"}

    assert fresh(v1).recover() == []  # nothing in staging: a quick recovery sees nothing
    actions = fresh(v1).recover(full=True)
    assert actions == [f"rolled {OID} forward to v2", f"restored root inventory of {OID} from v2"]
    assert fresh(v1).head(OID) == "v2"
    assert fresh(v1).read(OID, "record.xml") == V2
    assert_valid(v1)


@pytest.mark.parametrize("tear", ["content", "sidecar", "inventory"])
def test_torn_version_directory_is_removed(
    v1: StorageRoot,
    user: User,
    assert_valid: Validate,
    monkeypatch: pytest.MonkeyPatch,
    tear: str,
) -> None:
    crash_at(monkeypatch, "version-renamed")
    with pytest.raises(SimulatedCrash):
        v1.add_version(OID, {"record.xml": V2}, "edit", user)
    monkeypatch.undo()
    v2 = v1.object_path(OID) / "v2"
    if tear == "content":
        (v2 / "content" / "record.xml").write_bytes(b"<half")
    elif tear == "sidecar":
        (v2 / "inventory.json.sha512").write_text("deadbeef  inventory.json\n")
    else:
        (v2 / "inventory.json").unlink()
    actions = fresh(v1).recover()
    assert f"removed incomplete v2 of {OID}" in actions
    assert not v2.exists()
    assert fresh(v1).head(OID) == "v1"
    assert_valid(v1)


def test_stale_root_sidecar_is_restored_from_the_head_copy(
    v1: StorageRoot, user: User, assert_valid: Validate, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_at(monkeypatch, "inventory-replaced")
    with pytest.raises(SimulatedCrash):
        v1.add_version(OID, {"record.xml": V2}, "edit", user)
    monkeypatch.undo()
    codes = {issue.code for issue in fresh(v1).verify()}
    assert codes == {"E060", "staging-leftover"}
    actions = fresh(v1).recover()
    assert f"restored root inventory of {OID} from v2" in actions
    assert_valid(v1)


@pytest.mark.parametrize("failing", [0, 1, 2])
def test_failed_rename_leaves_old_or_new_state(
    v1: StorageRoot,
    user: User,
    assert_valid: Validate,
    monkeypatch: pytest.MonkeyPatch,
    failing: int,
) -> None:
    """An ordinary error (not a crash) at rename n: the writer recovers at once and either
    raises with v1 intact, or finishes the version it had fully written."""
    real_rename = os.rename
    calls: list[str] = []

    def flaky_rename(source: str, target: str) -> None:
        calls.append(str(target))
        if len(calls) == failing + 1:
            raise OSError(errno.EIO, "simulated I/O error")
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", flaky_rename)
    if failing == 0:
        with pytest.raises(OSError, match="simulated"):
            v1.add_version(OID, {"record.xml": V2}, "edit", user)
    else:
        assert v1.add_version(OID, {"record.xml": V2}, "edit", user).version == "v2"
    monkeypatch.undo()
    assert v1.head(OID) == ("v1" if failing == 0 else "v2")
    assert list(v1.staging.iterdir()) == []
    assert_valid(v1)


def test_disk_full_while_staging(
    v1: StorageRoot, user: User, assert_valid: Validate, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(OSError, match="No space"):
        v1.add_version(OID, {"record.xml": V2}, "edit", user)
    monkeypatch.undo()
    assert v1.head(OID) == "v1"
    assert list(v1.staging.iterdir()) == []
    assert_valid(v1)

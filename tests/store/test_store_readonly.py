"""A read-only archive stays readable; every write is refused with one ReadOnlyArchive line.

The tests run as root, where chmod does not stop writes, and a read-only mount needs privileges
we do not have; so the file system is made read-only from the process's point of view: every
call that would change it (open for writing, mkdir, rename, rmdir, unlink) under the test's
folder fails with EROFS, as on a read-only mount. Reads go through other calls and still work.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from arshif.errors import ReadOnlyArchive
from arshif.model import User
from arshif.store import StorageRoot

Validate = Callable[[StorageRoot], None]
OID = "urn:arshif:readonly"
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[], None]:
    def make_read_only() -> None:
        def refuse(path: Any) -> None:
            if Path(os.fsdecode(path)).is_relative_to(tmp_path):
                raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))

        real_open, real_mkdir = os.open, os.mkdir
        real_rename, real_rmdir, real_unlink = os.rename, os.rmdir, os.unlink

        def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & WRITE_FLAGS:
                refuse(path)
            return real_open(path, flags, *args, **kwargs)

        def fake_mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
            refuse(path)
            real_mkdir(path, *args, **kwargs)

        def fake_rename(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
            refuse(target)
            real_rename(source, target, *args, **kwargs)

        def fake_rmdir(path: Any, *args: Any, **kwargs: Any) -> None:
            refuse(path)
            real_rmdir(path, *args, **kwargs)

        def fake_unlink(path: Any, *args: Any, **kwargs: Any) -> None:
            refuse(path)
            real_unlink(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(os, "mkdir", fake_mkdir)
        monkeypatch.setattr(os, "rename", fake_rename)
        monkeypatch.setattr(os, "rmdir", fake_rmdir)
        monkeypatch.setattr(os, "unlink", fake_unlink)

    return make_read_only


def assert_one_line(error: pytest.ExceptionInfo[ReadOnlyArchive]) -> None:
    message = str(error.value)
    assert "\n" not in message
    assert "read-only" in message


def test_read_only_archive_is_readable_and_refuses_writes(
    root: StorageRoot,
    user: User,
    read_only: Callable[[], None],
    assert_valid: Validate,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root.create_object(OID, {"record.xml": b"<r/>"}, "ingest", user)
    read_only()
    reader = StorageRoot(root.path, root.work_dir)
    assert reader.read(OID, "record.xml") == b"<r/>"
    assert list(reader.object_ids()) == [OID]
    assert reader.versions(OID)[0].message == "ingest"
    assert reader.verify() == []
    with pytest.raises(ReadOnlyArchive) as caught:
        reader.add_version(OID, {"record.xml": b"<r2/>"}, "edit", user)
    assert_one_line(caught)
    with pytest.raises(ReadOnlyArchive) as caught:
        reader.create_object("urn:arshif:new", {"a": b"a"}, "m", user)
    assert_one_line(caught)
    with pytest.raises(ReadOnlyArchive), reader.lock(1):
        pass
    with pytest.raises(ReadOnlyArchive):
        reader.recover()
    monkeypatch.undo()
    assert root.head(OID) == "v1"
    assert_valid(root)


def test_read_only_failure_mid_write_is_refused_and_leaves_no_trace(
    root: StorageRoot, user: User, monkeypatch: pytest.MonkeyPatch, assert_valid: Validate
) -> None:
    """The lock and staging area are writable but the archive is not (e.g. archive/ mounted
    read-only): the version is staged, its rename into the object fails, staging is cleaned."""
    root.create_object(OID, {"record.xml": b"<r/>"}, "ingest", user)
    real_rename = os.rename

    def rename(source: Any, target: Any) -> None:
        if Path(os.fsdecode(target)).is_relative_to(root.path):
            raise OSError(errno.EROFS, "Read-only file system")
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(ReadOnlyArchive) as caught:
        root.add_version(OID, {"record.xml": b"<r2/>"}, "edit", user)
    assert_one_line(caught)
    monkeypatch.undo()
    assert list(root.staging.iterdir()) == []
    assert root.head(OID) == "v1"
    assert_valid(root)


def test_init_on_read_only_location(tmp_path: Path, read_only: Callable[[], None]) -> None:
    read_only()
    with pytest.raises(ReadOnlyArchive) as caught:
        StorageRoot.init(tmp_path / "archive")
    assert_one_line(caught)

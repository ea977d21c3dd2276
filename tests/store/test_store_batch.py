"""A batch of new objects (`StorageRoot.create_objects`): whole or absent at every crash point.

As in test_store_crash, a crash is a BaseException raised from `writer.crash_point`, and
recovery runs in a fresh `StorageRoot`, as it would in the next process.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from arshif.model import User
from arshif.store import NewObject, ObjectExistsError, StorageRoot, writer

from .test_store_crash import SimulatedCrash, crash_at, fresh

Validate = Callable[[StorageRoot], None]
IDS = [f"urn:arshif:batch-{n}" for n in range(3)]


def batch(user: User) -> list[NewObject]:
    return [
        NewObject(oid, {"capture.txt": oid.encode(), "record.xml": b"<r/>"}, "ingest", user)
        for oid in IDS
    ]


def test_a_batch_writes_every_object(root: StorageRoot, user: User, assert_valid: Validate) -> None:
    token = root.change_token()
    infos = root.create_objects(batch(user))
    assert [info.version for info in infos] == ["v1"] * len(IDS)
    assert sorted(fresh(root).object_ids()) == sorted(IDS)
    assert all(fresh(root).read(oid, "capture.txt") == oid.encode() for oid in IDS)
    assert list(root.staging.iterdir()) == []
    assert root.change_token() != token  # every write announces itself
    assert_valid(root)


def test_a_batch_with_a_known_object_writes_nothing(root: StorageRoot, user: User) -> None:
    root.create_object(IDS[1], {"capture.txt": b"x"}, "first", user)
    with pytest.raises(ObjectExistsError):
        root.create_objects(batch(user))
    assert list(fresh(root).object_ids()) == [IDS[1]]


@pytest.mark.parametrize("step", writer.NEW_OBJECT_STEPS)
def test_crash_during_a_batch_leaves_each_object_whole_or_absent(
    root: StorageRoot,
    user: User,
    assert_valid: Validate,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    crash_at(monkeypatch, step)
    with pytest.raises(SimulatedCrash):
        root.create_objects(batch(user))
    monkeypatch.undo()
    present = set(fresh(root).object_ids())
    if writer.NEW_OBJECT_STEPS.index(step) < writer.NEW_OBJECT_STEPS.index("object-renamed"):
        assert present == set()
    else:  # the first object was renamed into place when the crash came
        assert present == {IDS[0]}
    actions = fresh(root).recover()
    assert any("removed leftover staging" in action for action in actions)
    assert set(fresh(root).object_ids()) == present
    for oid in present:
        assert fresh(root).read(oid, "capture.txt") == oid.encode()
    assert list(root.staging.iterdir()) == []
    assert_valid(root)
    fresh(root).create_objects([item for item in batch(user) if item.object_id not in present])
    assert sorted(fresh(root).object_ids()) == sorted(IDS)
    assert_valid(root)

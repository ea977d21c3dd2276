"""Whole objects out (`StorageRoot.copy_object`) and in (`StorageRoot.import_objects`).

Objects are made by the store in one root, copied out, and brought into another root; every
result is checked with ocfl-py, the official inventory schema and the store's own verify.
Crashes are simulated at each step as in test_store_crash.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from arshif.errors import InputError, IntegrityError
from arshif.model import User
from arshif.store import IncomingObject, ObjectDiverges, StorageRoot, writer
from arshif.store.inventory import digest_bytes, sidecar_for

from .store_validators import ocfl_object_errors
from .test_store_crash import SimulatedCrash, crash_at, fresh

Validate = Callable[[StorageRoot], None]
IDS = ["urn:arshif:aaaa00000001", "urn:arshif:aaaa00000002"]
LIMIT = 2**20


@pytest.fixture
def source(tmp_path: Path, user: User) -> StorageRoot:
    """A root whose objects have several versions, one deleting a file."""
    root = StorageRoot.init(tmp_path / "source" / "archive", tmp_path / "source" / ".arshif")
    for oid in IDS:
        root.create_object(oid, {"capture.txt": "متن".encode(), "record.xml": b"<r/>"}, "in", user)
        root.add_version(oid, {"record.xml": b"<r v='2'/>", "note.txt": b"n"}, "edit", user)
        root.add_version(oid, {"note.txt": None}, "drop the note", User("Another"))
    return root


@pytest.fixture
def target(tmp_path: Path) -> StorageRoot:
    return StorageRoot.init(tmp_path / "target" / "archive", tmp_path / "target" / ".arshif")


def incoming(root: StorageRoot, oid: str) -> IncomingObject:
    path = root.object_path(oid)
    return IncomingObject(oid, path, digest_bytes((path / "inventory.json").read_bytes()))


def tree(path: Path) -> dict[str, bytes]:
    files = sorted(p for p in path.rglob("*") if p.is_file())
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in files}


def test_whole_objects_come_in_with_every_version(
    source: StorageRoot, target: StorageRoot, assert_valid: Validate
) -> None:
    token = target.change_token()
    status = target.import_objects([incoming(source, oid) for oid in IDS], limit=LIMIT)
    assert status == ["added", "added"]
    for oid in IDS:
        assert tree(target.object_path(oid)) == tree(source.object_path(oid))
        assert target.versions(oid) == source.versions(oid)
        assert target.read(oid, "record.xml", "v1") == b"<r/>"
    assert target.change_token() != token
    assert list(target.staging.iterdir()) == []
    assert_valid(target)
    # the imported objects are ordinary ones: they take new versions
    target.add_version(IDS[0], {"record.xml": b"<r v='4'/>"}, "later", User("Here"))
    assert target.head(IDS[0]) == "v4"
    assert_valid(target)


def test_the_same_object_again_is_present_and_untouched(
    source: StorageRoot, target: StorageRoot
) -> None:
    target.import_objects([incoming(source, IDS[0])], limit=LIMIT)
    before = tree(target.path)
    status = target.import_objects([incoming(source, oid) for oid in IDS], limit=LIMIT)
    assert status == ["present", "added"]
    assert {k: v for k, v in tree(target.path).items() if k in before} == before


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("diverge", "their histories differ"),
        ("behind", "this archive has versions it lacks"),
        ("ahead, rewritten", "its v3 is not this archive's"),
    ],
)
def test_another_history_refuses_the_batch(
    source: StorageRoot, target: StorageRoot, user: User, change: str, words: str
) -> None:
    target.import_objects([incoming(source, IDS[0])], limit=LIMIT)
    if change == "diverge":
        source.add_version(IDS[0], {"record.xml": b"<r v='there'/>"}, "there", user)
        target.add_version(IDS[0], {"record.xml": b"<r v='here'/>"}, "here", user)
    elif change == "behind":
        target.add_version(IDS[0], {"record.xml": b"<r v='4'/>"}, "more", user)
    else:  # the same versions, but the source's v3 inventory is not the bytes the target has
        source.add_version(IDS[0], {"record.xml": b"<r v='4'/>"}, "more", user)
        v3 = source.object_path(IDS[0]) / "v3"
        data = json.dumps(json.loads((v3 / "inventory.json").read_bytes()), indent=1).encode()
        (v3 / "inventory.json").write_bytes(data)
        (v3 / "inventory.json.sha512").write_bytes(sidecar_for(data))
        assert ocfl_object_errors(source.object_path(IDS[0])) == []
    before = tree(target.path)
    with pytest.raises(ObjectDiverges) as caught:
        target.import_objects([incoming(source, IDS[1]), incoming(source, IDS[0])], limit=LIMIT)
    assert IDS[0] in str(caught.value)
    assert words in str(caught.value)
    assert caught.value.exit_code == 6
    assert tree(target.path) == before  # IDS[1] was not written either
    assert list(target.staging.iterdir()) == []


def test_later_versions_are_added_to_an_object_already_here(
    source: StorageRoot, target: StorageRoot, user: User, assert_valid: Validate
) -> None:
    target.import_objects([incoming(source, IDS[0])], limit=LIMIT)
    source.add_version(IDS[0], {"record.xml": b"<r v='4'/>"}, "four", user)
    source.add_version(IDS[0], {"extra.txt": b"e"}, "five", User("Fifth"))
    status = target.import_objects([incoming(source, oid) for oid in IDS], limit=LIMIT)
    assert status == ["updated", "added"]
    assert tree(target.object_path(IDS[0])) == tree(source.object_path(IDS[0]))
    assert target.versions(IDS[0]) == source.versions(IDS[0])
    assert list(target.staging.iterdir()) == []
    assert_valid(target)


@pytest.mark.parametrize("step", writer.IMPORT_UPDATE_STEPS)
def test_crash_while_adding_later_versions_leaves_whole_versions(
    source: StorageRoot,
    target: StorageRoot,
    user: User,
    assert_valid: Validate,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    target.import_objects([incoming(source, IDS[0])], limit=LIMIT)
    source.add_version(IDS[0], {"record.xml": b"<r v='4'/>"}, "four", user)
    source.add_version(IDS[0], {"record.xml": b"<r v='5'/>"}, "five", user)
    crash_at(monkeypatch, step)  # at version-renamed: v4 is in, v5 still staged
    with pytest.raises(SimulatedCrash):
        target.import_objects([incoming(source, IDS[0])], limit=LIMIT)
    monkeypatch.undo()
    fresh(target).recover()
    head = fresh(target).head(IDS[0])
    expected = {"version-renamed": "v4", "inventory-replaced": "v5", "sidecar-replaced": "v5"}
    assert head == expected.get(step, "v3")
    assert fresh(target).read(IDS[0], "record.xml") == source.read(IDS[0], "record.xml", head)
    assert list(target.staging.iterdir()) == []
    assert_valid(target)
    again = fresh(target).import_objects([incoming(source, IDS[0])], limit=LIMIT)
    assert again == (["present"] if head == "v5" else ["updated"])
    assert tree(target.object_path(IDS[0])) == tree(source.object_path(IDS[0]))
    assert_valid(target)


def refuse(
    target: StorageRoot, items: list[IncomingObject], words: str, limit: int = LIMIT
) -> None:
    before = tree(target.path)
    with pytest.raises(InputError, match=words):
        target.import_objects(items, limit=limit)
    assert tree(target.path) == before
    assert list(target.staging.iterdir()) == []


def test_a_symbolic_link_in_the_source_is_refused(
    source: StorageRoot, target: StorageRoot, tmp_path: Path
) -> None:
    capture = source.object_path(IDS[0]) / "v1" / "content" / "capture.txt"
    outside = tmp_path / "outside.txt"
    outside.write_bytes(capture.read_bytes())  # same bytes: only the link gives it away
    capture.unlink()
    os.symlink(outside, capture)
    refuse(target, [incoming(source, IDS[1]), incoming(source, IDS[0])], "symbolic link")


def test_a_file_over_the_limit_is_refused(source: StorageRoot, target: StorageRoot) -> None:
    refuse(target, [incoming(source, IDS[0])], "larger than 5 bytes", limit=5)


def test_a_changed_byte_is_refused(source: StorageRoot, target: StorageRoot) -> None:
    capture = source.object_path(IDS[0]) / "v1" / "content" / "capture.txt"
    data = bytearray(capture.read_bytes())
    data[0] ^= 1
    capture.write_bytes(bytes(data))
    refuse(target, [incoming(source, IDS[1]), incoming(source, IDS[0])], r"\[E092a\]")


def test_an_inventory_other_than_the_one_checked_is_refused(
    source: StorageRoot, target: StorageRoot
) -> None:
    item = incoming(source, IDS[0])._replace(inventory_sha512="0" * 128)
    refuse(target, [item], "changed while it was being imported")


def test_an_object_whose_id_is_not_the_one_named_is_refused(
    source: StorageRoot, target: StorageRoot
) -> None:
    item = incoming(source, IDS[0])._replace(object_id="urn:arshif:bbbb00000000")
    refuse(target, [item], r"\[E037b\]")


@pytest.mark.parametrize("step", writer.IMPORT_STEPS)
def test_crash_while_importing_leaves_each_object_whole_or_absent(
    source: StorageRoot,
    target: StorageRoot,
    assert_valid: Validate,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    crash_at(monkeypatch, step)
    with pytest.raises(SimulatedCrash):
        target.import_objects([incoming(source, oid) for oid in IDS], limit=LIMIT)
    monkeypatch.undo()
    present = set(fresh(target).object_ids())
    renamed = writer.IMPORT_STEPS.index(step) >= writer.IMPORT_STEPS.index("object-renamed")
    assert present == ({IDS[0]} if renamed else set())
    actions = fresh(target).recover()
    assert any("removed leftover staging" in action for action in actions)
    assert set(fresh(target).object_ids()) == present
    assert list(target.staging.iterdir()) == []
    assert_valid(target)
    status = fresh(target).import_objects([incoming(source, oid) for oid in IDS], limit=LIMIT)
    assert status == [("present" if oid in present else "added") for oid in IDS]
    assert_valid(target)


def test_copy_object_is_a_valid_object_with_every_version(
    source: StorageRoot, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    inventory = source.copy_object(IDS[0], copy)
    assert inventory["head"] == "v3"
    assert tree(copy) == tree(source.object_path(IDS[0]))
    assert ocfl_object_errors(copy) == []


def test_copy_object_during_a_torn_write_copies_the_last_whole_version(
    source: StorageRoot, user: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash_at(monkeypatch, "version-renamed")  # v4 is in the object, the inventory still v3
    with pytest.raises(SimulatedCrash):
        source.add_version(IDS[0], {"record.xml": b"<r v='4'/>"}, "torn", user)
    monkeypatch.undo()
    assert (source.object_path(IDS[0]) / "v4").is_dir()
    copy = tmp_path / "copy"
    assert source.copy_object(IDS[0], copy)["head"] == "v3"
    assert not (copy / "v4").exists()
    assert ocfl_object_errors(copy) == []


def test_copy_object_refuses_damaged_content(source: StorageRoot, tmp_path: Path) -> None:
    record = source.object_path(IDS[0]) / "v2" / "content" / "record.xml"
    record.write_bytes(b"<r v='X'/>")
    with pytest.raises(IntegrityError, match="does not match its digest"):
        source.copy_object(IDS[0], tmp_path / "copy")
    shutil.rmtree(tmp_path / "copy")


def test_an_incoming_object_naming_more_files_in_old_versions_is_refused(
    source: StorageRoot, target: StorageRoot, user: User
) -> None:
    """Only later versions may add content: a root inventory that also names a file inside a
    version folder the archive already has would leave the archive's object naming a file it
    lacks (only the later version folders are moved in)."""
    target.import_objects([incoming(source, IDS[0])], limit=LIMIT)
    source.add_version(IDS[0], {"record.xml": b"<r v='4'/>"}, "four", user)
    path = source.object_path(IDS[0])
    (path / "v1" / "content" / "extra.txt").write_bytes(b"planted")
    data = json.loads((path / "inventory.json").read_bytes())
    data["manifest"][digest_bytes(b"planted")] = ["v1/content/extra.txt"]
    data["versions"]["v4"]["state"][digest_bytes(b"planted")] = ["extra.txt"]  # a valid object
    raw = json.dumps(data, indent=2).encode()
    for folder in (path, path / "v4"):
        (folder / "inventory.json").write_bytes(raw)
        (folder / "inventory.json.sha512").write_bytes(sidecar_for(raw))
    assert ocfl_object_errors(path) == []
    before = tree(target.path)
    with pytest.raises(ObjectDiverges) as caught:
        target.import_objects([incoming(source, IDS[0])], limit=LIMIT)
    assert IDS[0] in str(caught.value)
    assert tree(target.path) == before
    assert list(target.staging.iterdir()) == []

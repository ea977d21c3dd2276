"""Create, version, read back, deduplicate, lost-update guard; validated after each write."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator

import pytest

from arshif.errors import (
    IntegrityError,
    LockTimeout,
    ObjectNotFound,
    UsageError,
    VersionNotFound,
)
from arshif.model import User, VersionInfo
from arshif.store import ConcurrentUpdate, LogicalPathNotFound, ObjectExistsError, StorageRoot

Validate = Callable[[StorageRoot], None]
OID = "urn:arshif:5864ae73e390"
CAPTURE = "بغداد – وكالات\nخبر عاجل\n".encode()
RECORD = b'<TEI xmlns="http://www.tei-c.org/ns/1.0"/>\n'


def content_files(root: StorageRoot, object_id: str, version: str) -> list[str]:
    base = root.object_path(object_id) / version / "content"
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())


def test_create_read_round_trip(root: StorageRoot, user: User, assert_valid: Validate) -> None:
    info = root.create_object(OID, {"capture.txt": CAPTURE, "record.xml": RECORD}, "ingest", user)
    assert_valid(root)
    assert info == VersionInfo("v1", info.created, user, "ingest")
    assert root.has_object(OID)
    assert root.head(OID) == "v1"
    assert root.read(OID, "capture.txt") == CAPTURE
    assert root.read(OID, "record.xml", "v1") == RECORD
    assert root.logical_paths(OID) == ["capture.txt", "record.xml"]
    assert root.versions(OID) == [info]
    inventory = root.inventory(OID)
    assert list(inventory) == [
        "id",
        "type",
        "digestAlgorithm",
        "head",
        "manifest",
        "versions",
        "fixity",
    ]
    assert inventory["digestAlgorithm"] == "sha512"
    sha256 = hashlib.sha256(CAPTURE).hexdigest()
    assert inventory["fixity"]["sha256"][sha256] == ["v1/content/capture.txt"]
    assert inventory["versions"]["v1"]["user"] == {
        "name": "Test Librarian",
        "address": "mailto:librarian@example.org",
    }
    object_dir = root.object_path(OID)
    assert (object_dir / "inventory.json").read_bytes() == (
        object_dir / "v1" / "inventory.json"
    ).read_bytes()
    digest = hashlib.sha512((object_dir / "inventory.json").read_bytes()).hexdigest()
    assert (object_dir / "inventory.json.sha512").read_text().split() == [digest, "inventory.json"]


def test_add_version_changes_deletes_and_carries_over(
    root: StorageRoot, user: User, assert_valid: Validate
) -> None:
    root.create_object(
        OID, {"capture.txt": CAPTURE, "record.xml": RECORD, "old.txt": b"x"}, "1", user
    )
    editor = User("Editor")
    v2 = root.add_version(OID, {"record.xml": b"<v2/>", "old.txt": None}, "edit", editor, "v1")
    assert_valid(root)
    assert v2 == VersionInfo("v2", v2.created, User("Editor"), "edit")
    assert "address" not in root.inventory(OID)["versions"]["v2"]["user"]
    assert root.head(OID) == "v2"
    assert root.logical_paths(OID) == ["capture.txt", "record.xml"]
    assert root.logical_paths(OID, "v1") == ["capture.txt", "old.txt", "record.xml"]
    assert root.read(OID, "record.xml") == b"<v2/>"
    assert root.read(OID, "record.xml", "v1") == RECORD
    assert root.read(OID, "capture.txt") == CAPTURE
    assert [v.version for v in root.versions(OID)] == ["v1", "v2"]
    with pytest.raises(LogicalPathNotFound):
        root.read(OID, "old.txt")
    assert root.read(OID, "old.txt", "v1") == b"x"


def test_unchanged_and_repeated_content_is_not_copied(
    root: StorageRoot, user: User, assert_valid: Validate
) -> None:
    root.create_object(OID, {"capture.txt": CAPTURE, "record.xml": RECORD}, "ingest", user)
    root.add_version(OID, {"record.xml": b"<v2/>"}, "edit", user)
    assert content_files(root, OID, "v2") == ["record.xml"]
    capture_digest = hashlib.sha512(CAPTURE).hexdigest()
    inventory = root.inventory(OID)
    assert inventory["versions"]["v2"]["state"][capture_digest] == ["capture.txt"]
    assert inventory["manifest"][capture_digest] == ["v1/content/capture.txt"]
    # Reverting to v1's bytes stores nothing new: v3 has no content directory at all.
    root.add_version(OID, {"record.xml": RECORD}, "revert", user)
    assert not (root.object_path(OID) / "v3" / "content").exists()
    assert root.read(OID, "record.xml") == RECORD
    # Two new paths with the same bytes in one version: one content file.
    root.add_version(OID, {"a.txt": b"same", "b/c.txt": b"same"}, "twins", user)
    assert content_files(root, OID, "v4") == ["a.txt"]
    assert root.read(OID, "b/c.txt") == b"same"
    assert_valid(root)


def test_expected_head_guards_lost_updates(root: StorageRoot, user: User) -> None:
    root.create_object(OID, {"record.xml": RECORD}, "ingest", user)
    root.add_version(OID, {"record.xml": b"<a/>"}, "first editor", user, expected_head="v1")
    before = root.inventory(OID)
    with pytest.raises(ConcurrentUpdate, match="head is v2") as caught:
        root.add_version(OID, {"record.xml": b"<b/>"}, "second editor", user, expected_head="v1")
    assert isinstance(caught.value, LockTimeout)
    assert root.inventory(OID) == before
    assert not (root.object_path(OID) / "v3").exists()


def test_create_existing_object_is_refused(root: StorageRoot, user: User) -> None:
    root.create_object(OID, {"record.xml": RECORD}, "ingest", user)
    with pytest.raises(ObjectExistsError):
        root.create_object(OID, {"record.xml": b"other"}, "again", user)
    assert root.read(OID, "record.xml") == RECORD


def test_missing_things(root: StorageRoot, user: User) -> None:
    with pytest.raises(ObjectNotFound):
        root.head("urn:arshif:nothing")
    with pytest.raises(ObjectNotFound):
        root.add_version("urn:arshif:nothing", {"a": b"a"}, "m", user)
    assert not root.has_object("urn:arshif:nothing")
    root.create_object(OID, {"record.xml": RECORD}, "ingest", user)
    with pytest.raises(VersionNotFound):
        root.read(OID, "record.xml", "v9")
    with pytest.raises(LogicalPathNotFound):
        root.read(OID, "nope.xml")
    with pytest.raises(UsageError, match="cannot delete"):
        root.add_version(OID, {"nope.xml": None}, "m", user)
    assert root.head(OID) == "v1"


@pytest.mark.parametrize(
    "files",
    [{"a": b"1", "a/b": b"2"}, {"../escape": b"1"}, {"/abs": b"1"}, {"ok": "text, not bytes"}],
)
def test_bad_files_are_refused_before_writing(
    root: StorageRoot, user: User, files: dict[str, bytes]
) -> None:
    with pytest.raises(UsageError):
        root.create_object(OID, files, "m", user)
    assert not root.has_object(OID)
    assert root.verify() == []


def test_created_user_and_message_checks(
    root: StorageRoot, user: User, assert_valid: Validate
) -> None:
    for created in ["2021-11-19", "2021-11-19T08:00", "2021-11-19T08:00:00", "yesterday"]:
        with pytest.raises(UsageError):
            root.create_object(OID, {"a": b"a"}, "m", user, created=created)
    with pytest.raises(UsageError):
        root.create_object(OID, {"a": b"a"}, "m", User(""))
    info = root.create_object(OID, {"a": b"a"}, "m", user, created="2021-11-19T08:00:00+03:30")
    assert info.created == "2021-11-19T08:00:00+03:30"
    assert root.versions(OID)[0].created == "2021-11-19T08:00:00+03:30"
    assert_valid(root)


def test_object_ids_is_lazy_and_complete(
    root: StorageRoot, user: User, assert_valid: Validate
) -> None:
    ids = [f"urn:arshif:{n:04d}" for n in range(12)] + ["urn:arshif:خبر", "urn:x-long:" + "z" * 150]
    for object_id in ids:
        root.create_object(object_id, {"record.xml": object_id.encode()}, "ingest", user)
    listing = root.object_ids()
    assert isinstance(listing, Iterator)
    assert sorted(listing) == sorted(ids)
    assert_valid(root)


def test_inventory_is_a_copy(root: StorageRoot, user: User) -> None:
    root.create_object(OID, {"record.xml": RECORD}, "ingest", user)
    inventory = root.inventory(OID)
    inventory["head"] = "v99"
    inventory["versions"].clear()
    assert root.head(OID) == "v1"


def test_read_checks_the_digest(root: StorageRoot, user: User) -> None:
    root.create_object(OID, {"record.xml": RECORD}, "ingest", user)
    stored = root.object_path(OID) / "v1" / "content" / "record.xml"
    stored.write_bytes(RECORD.replace(b"TEI", b"TEX"))
    with pytest.raises(IntegrityError, match="does not match its digest"):
        root.read(OID, "record.xml")


def test_inventory_bytes_are_plain_json(root: StorageRoot, user: User) -> None:
    root.create_object("urn:arshif:فارسی", {"متن.txt": "سلام".encode()}, "ورود", user)
    data = (root.object_path("urn:arshif:فارسی") / "inventory.json").read_bytes()
    assert json.loads(data)["versions"]["v1"]["message"] == "ورود"
    assert "متن.txt".encode() in data  # UTF-8, not \\u escapes

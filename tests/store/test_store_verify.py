"""verify(): each kind of damage is named with its OCFL code, and ocfl-py agrees it is damage."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import ocfl
import pytest

from arshif.errors import ObjectNotFound
from arshif.model import User
from arshif.store import StorageRoot

from .store_validators import ocfl_object_errors, schema_errors

OID = "urn:arshif:tampered"
OTHER = "urn:arshif:untouched"


@pytest.fixture
def two_objects(root: StorageRoot, user: User) -> StorageRoot:
    root.create_object(OID, {"capture.txt": b"original bytes", "record.xml": b"<r/>"}, "in", user)
    root.add_version(OID, {"record.xml": b"<r2/>"}, "edit", user)
    root.create_object(OTHER, {"capture.txt": b"other"}, "in", user)
    return root


def codes(root: StorageRoot, **kwargs: bool) -> set[tuple[str | None, str]]:
    return {(issue.object_id, issue.code) for issue in root.verify(**kwargs)}


def test_clean_root_has_no_issues(two_objects: StorageRoot) -> None:
    assert two_objects.verify() == []
    assert two_objects.verify_object(OID) == []


def test_one_changed_byte_names_that_object(two_objects: StorageRoot) -> None:
    stored = two_objects.object_path(OID) / "v1" / "content" / "capture.txt"
    data = bytearray(stored.read_bytes())
    data[0] ^= 1
    stored.write_bytes(bytes(data))
    assert codes(two_objects) == {(OID, "E092a"), (OID, "E093a")}
    assert {i.code for i in two_objects.verify_object(OID)} == {"E092a", "E093a"}
    assert two_objects.verify_object(OTHER) == []
    assert all("v1/content/capture.txt" in i.message for i in two_objects.verify())
    assert two_objects.verify(check_digests=False) == []
    assert any("E092a" in m for m in ocfl_object_errors(two_objects.object_path(OID)))


def damage_sidecar(object_dir: Path) -> None:
    (object_dir / "inventory.json.sha512").write_text("0" * 128 + "  inventory.json\n")


def damage_root_inventory(object_dir: Path) -> None:
    inventory = json.loads((object_dir / "inventory.json").read_bytes())
    inventory["versions"]["v2"]["message"] = "rewritten history"
    (object_dir / "inventory.json").write_text(json.dumps(inventory))


def stray_root_file(object_dir: Path) -> None:
    (object_dir / "README.txt").write_text("hi")


def unlisted_content(object_dir: Path) -> None:
    (object_dir / "v2" / "content" / "sneaked-in.txt").write_text("hi")


def missing_content(object_dir: Path) -> None:
    (object_dir / "v2" / "content" / "record.xml").unlink()


def uncommitted_version(object_dir: Path) -> None:
    (object_dir / "v3" / "content").mkdir(parents=True)
    (object_dir / "v3" / "content" / "x").write_text("x")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (damage_sidecar, {"E060"}),
        (damage_root_inventory, {"E060", "E064"}),
        (stray_root_file, {"E001a"}),
        (unlisted_content, {"E023a"}),
        (missing_content, {"E092b", "E093b", "E024"}),  # v2/content is now empty
        (uncommitted_version, {"E046b"}),
    ],
)
def test_object_damage(
    two_objects: StorageRoot, damage: Callable[[Path], None], expected: set[str]
) -> None:
    object_dir = two_objects.object_path(OID)
    damage(object_dir)
    assert codes(two_objects) == {(OID, code) for code in expected}
    assert ocfl_object_errors(object_dir) != []


def test_extra_inventory_key_is_caught_by_us_and_the_schema(
    two_objects: StorageRoot, schema_validator: jsonschema.Draft7Validator
) -> None:
    object_dir = two_objects.object_path(OID)
    for where in (object_dir, object_dir / "v2"):
        inventory = json.loads((where / "inventory.json").read_bytes())
        inventory["title"] = "not an OCFL key"
        data = (json.dumps(inventory, indent=2) + "\n").encode()
        (where / "inventory.json").write_bytes(data)
    digest = hashlib.sha512((object_dir / "inventory.json").read_bytes()).hexdigest()
    for where in (object_dir, object_dir / "v2"):
        (where / "inventory.json.sha512").write_text(f"{digest}  inventory.json\n")
    assert codes(two_objects) == {(OID, "E102")}
    assert any(
        "'title' was unexpected" in e
        for e in schema_errors(schema_validator, object_dir / "inventory.json")
    )


def test_hierarchy_damage_and_leftover_staging(two_objects: StorageRoot) -> None:
    root = two_objects
    tuple_dir = root.object_path(OID).parent
    (tuple_dir / "stray.txt").write_text("x")
    (root.path / "abc" / "def").mkdir(parents=True)
    (root.staging / "0123abcd").mkdir(parents=True)
    (root.staging / "0123abcd" / "intent.json").write_text(json.dumps({"object_id": OTHER}))
    found = codes(root)
    assert found == {(None, "E072"), (None, "E073"), (OTHER, "staging-leftover")}


def test_object_in_the_wrong_place(two_objects: StorageRoot) -> None:
    source = two_objects.object_path(OTHER)
    target = two_objects.path / "aaa" / "bbb" / "ccc" / source.name
    target.parent.mkdir(parents=True)
    source.rename(target)
    for parent in (source.parent, source.parent.parent, source.parent.parent.parent):
        parent.rmdir()
    assert codes(two_objects) == {(OTHER, "layout-mismatch")}


def test_root_declaration_damage(two_objects: StorageRoot) -> None:
    (two_objects.path / "0=ocfl_1.1").write_text("ocfl_1.0\n")
    assert codes(two_objects) == {(None, "E069e")}


def test_verify_object_of_missing_object(root: StorageRoot) -> None:
    with pytest.raises(ObjectNotFound):
        root.verify_object("urn:arshif:none")


def test_object_built_by_ocfl_py_reads_verifies_and_takes_a_version(
    root: StorageRoot, user: User, tmp_path: Path, assert_valid: Callable[[StorageRoot], None]
) -> None:
    source = tmp_path / "source"
    (source / "sub").mkdir(parents=True)
    (source / "a.txt").write_bytes(b"hello\n")
    (source / "sub" / "b.txt").write_bytes("سلام\n".encode())
    metadata = ocfl.VersionMetadata(
        created="2021-11-20T08:00:00Z",
        message="made by ocfl-py",
        name="n",
        address="mailto:n@x.org",
    )
    built = ocfl.Object(identifier="urn:x:ocfl-py", digest_algorithm="sha512", fixity=["sha256"])
    built.create(srcdir=str(source), metadata=metadata, objdir=str(tmp_path / "object"))
    ocfl.StorageRoot(root=str(root.path)).add(str(tmp_path / "object"))
    assert root.verify() == []
    assert root.read("urn:x:ocfl-py", "sub/b.txt") == "سلام\n".encode()
    assert root.versions("urn:x:ocfl-py")[0].message == "made by ocfl-py"
    root.add_version("urn:x:ocfl-py", {"a.txt": b"changed\n"}, "edited by arshif", user)
    assert root.read("urn:x:ocfl-py", "a.txt", "v1") == b"hello\n"
    assert_valid(root)

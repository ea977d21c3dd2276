"""Fixtures for the store tests: a fresh storage root, a user, and a whole-root validity check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jsonschema
import ocfl
import pytest

from arshif.model import User
from arshif.store import StorageRoot

from .store_validators import load_schema_validator, ocfl_object_errors, schema_errors

Validate = Callable[[StorageRoot], None]


@pytest.fixture
def user() -> User:
    return User("Test Librarian", "mailto:librarian@example.org")


@pytest.fixture
def root(tmp_path: Path) -> StorageRoot:
    return StorageRoot.init(tmp_path / "archive", tmp_path / ".arshif")


@pytest.fixture(scope="session")
def schema_validator() -> jsonschema.Draft7Validator:
    return load_schema_validator()


@pytest.fixture
def assert_valid(schema_validator: jsonschema.Draft7Validator) -> Validate:
    """Check a whole root: each object with ocfl-py (errors and warnings), each inventory with
    the official JSON Schema, the object list against ocfl-py's, and our own verify()."""

    def check(root: StorageRoot) -> None:
        ocfl_root = ocfl.StorageRoot(root=str(root.path))
        assert ocfl_root.validate(validate_objects=False), ocfl_root.log.status_str()
        listed = dict(ocfl_root.list_objects())
        assert sorted(listed.values()) == sorted(root.object_ids())
        for relative, object_id in listed.items():
            object_dir = root.path / relative
            assert object_dir == root.object_path(object_id)
            assert ocfl_object_errors(object_dir) == [], object_id
            for inventory_file in sorted(object_dir.glob("**/inventory.json")):
                assert schema_errors(schema_validator, inventory_file) == [], inventory_file
        assert root.verify() == []

    return check

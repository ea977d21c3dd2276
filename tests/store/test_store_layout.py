"""Layout 0003 against the extension's own examples and ocfl-py; id and logical-path checks."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import ocfl
import pytest
from ocfl.layout_0003_hash_and_id_n_tuple import Layout_0003_Hash_And_Id_N_Tuple

from arshif.errors import ArchiveNotFound, UsageError
from arshif.store import LAYOUT_NAME, Layout, StorageRoot
from arshif.store.layout import check_logical_path, check_object_id, percent_encode

from .store_validators import SCHEMA_PATH

# Examples from OCFL/extensions docs/0003-hash-and-id-n-tuple-storage-layout.md (tables and the
# extension's own Python test code).
LONG_ID = "abcdefghij" * 26
LONG_ID_101 = "abcdefghij" * 10 + "a"
SPEC_EXAMPLES = [
    (Layout(), "object-01", "3c0/ff4/240/object-01"),
    (Layout(), "..hor/rib:le-$id", "487/326/d8c/%2e%2ehor%2frib%3ale-%24id"),
    (Layout(), "..Hor/rib:lè-$id", "373/529/21a/%2e%2eHor%2frib%3al%c3%a8-%24id"),
    (
        Layout(),
        LONG_ID,
        "55b/432/806/"
        + "abcdefghij" * 10
        + "-55b432806f4e270da0cf23815ed338742179002153cd8d896f23b3e2d8a14359",
    ),
    (
        Layout(),
        LONG_ID_101,
        "5cc/73e/648/"
        + "abcdefghij" * 10
        + "-5cc73e648fbcff136510e330871180922ddacf193b68fdeff855683a01464220",
    ),
    (Layout("md5"), "object-01", "ff7/553/449/object-01"),
    (Layout("md5", 5, 2), "object-01", "ff755/34492/object-01"),
    (Layout("md5", 0, 0), "object-01", "object-01"),
    (
        Layout("md5", 2, 15),
        "object-01",
        "ff/75/53/44/92/48/5e/ab/b3/9f/86/35/67/28/88/object-01",
    ),
    (
        Layout("md5", 2, 15),
        "..hor/rib:le-$id",
        "08/31/97/66/fb/6c/29/35/dd/17/5b/94/26/77/17/%2e%2ehor%2frib%3ale-%24id",
    ),
]

IDS = [
    "urn:arshif:5864ae73e390",
    "urn:x-newsarchive:article:2021-11-19-aljazeera-0001",
    "خبر/عاجل:١٢٣",
    "گزارش ایرنا\u200cها",
    "a b.c~d!e*f'g(h)i%j",
    "../../../../etc/passwd",
    "🗞️" * 30,
    "x" * 99,
    "y" * 100,
    "z" * 101,
    "ك" * 40,
]


@pytest.mark.parametrize(("layout", "object_id", "expected"), SPEC_EXAMPLES)
def test_extension_examples(layout: Layout, object_id: str, expected: str) -> None:
    assert layout.object_path(object_id) == expected


def test_percent_encoding_examples() -> None:
    assert percent_encode(".") == "%2e"
    assert percent_encode("ç") == "%c3%a7"
    assert percent_encode("A-z_09") == "A-z_09"


@pytest.mark.parametrize("object_id", IDS)
def test_matches_ocfl_py(object_id: str) -> None:
    theirs = Layout_0003_Hash_And_Id_N_Tuple()
    assert Layout().object_path(object_id) == theirs.identifier_to_path(object_id)


def test_matches_ocfl_py_storage_root(root: StorageRoot) -> None:
    ocfl_root = ocfl.StorageRoot(root=str(root.path))
    for object_id in IDS:
        relative = ocfl_root.object_path(object_id)
        assert root.object_path(object_id) == root.path / relative
        assert root.object_path(object_id).is_relative_to(root.path)


def test_init_files(tmp_path: Path) -> None:
    path = tmp_path / "archive"
    StorageRoot.init(path)
    assert (path / "0=ocfl_1.1").read_bytes() == b"ocfl_1.1\n"
    layout = json.loads((path / "ocfl_layout.json").read_text("utf-8"))
    assert layout["extension"] == LAYOUT_NAME
    assert set(layout) == {"extension", "description"}
    config = json.loads((path / "extensions" / LAYOUT_NAME / "config.json").read_text("utf-8"))
    assert config == {
        "extensionName": LAYOUT_NAME,
        "digestAlgorithm": "sha256",
        "tupleSize": 3,
        "numberOfTuples": 3,
    }
    assert sorted(p.name for p in path.iterdir()) == [
        "0=ocfl_1.1",
        "extensions",
        "ocfl_layout.json",
    ]
    assert (tmp_path / ".arshif").is_dir()
    assert list((tmp_path / ".arshif" / "staging").iterdir()) == []
    ocfl_root = ocfl.StorageRoot(root=str(path))
    assert ocfl_root.validate()


def test_init_refuses_non_empty_folder_and_reopens_a_root(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("hello")
    with pytest.raises(UsageError, match="not empty"):
        StorageRoot.init(tmp_path / "notes")
    assert sorted(p.name for p in (tmp_path / "notes").iterdir()) == ["a.txt"]
    (tmp_path / "empty").mkdir()
    first = StorageRoot.init(tmp_path / "empty")
    again = StorageRoot.init(tmp_path / "empty")
    assert again.path == first.path


def test_open_non_root_raises_archive_not_found(tmp_path: Path) -> None:
    with pytest.raises(ArchiveNotFound):
        StorageRoot(tmp_path)
    with pytest.raises(ArchiveNotFound):
        StorageRoot(tmp_path / "missing")


@pytest.mark.parametrize(
    "bad", ["", "a\x00b", "line\nbreak", "tab\there", "\x7f", "x" * 513, "\ud800", 42, None]
)
def test_bad_object_ids_are_usage_errors(bad: object) -> None:
    with pytest.raises(UsageError):
        check_object_id(bad)


def test_hostile_ids_stay_inside_root(root: StorageRoot) -> None:
    for object_id in ["../../x", "/etc/passwd", "..", ".", "a/../../b"]:
        path = root.object_path(object_id)
        assert path.resolve().is_relative_to(root.path.resolve())
        assert len(path.relative_to(root.path).parts) == 4
    with pytest.raises(UsageError):
        root.has_object("bad\x00id")


@pytest.mark.parametrize(
    "bad", ["", "/a", "a/", "a//b", "../x", "a/./b", "a/..", "a\x00", "a\\b", "x" * 256]
)
def test_bad_logical_paths(bad: str) -> None:
    with pytest.raises(UsageError):
        check_logical_path(bad)


def test_good_logical_paths() -> None:
    for good in ["capture.txt", "a/b/c.xml", "خبر.txt", "..a", "a.b/.c"]:
        assert check_logical_path(good) == good


def test_shipped_schema_is_the_official_file() -> None:
    digest = hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest()
    assert digest == "3f87a36951c25464824a25273e1480fd68448668f05ee7fa5af0115716b0b82c"

"""`arshif export --bag`: a BagIt 1.0 bag that bagit-python validates, whose payload is an OCFL
storage root ocfl-py validates, holding the selected objects exactly as the archive stores them."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import ocfl

from arshif.store.layout import Layout
from tests.bags.conftest import ARCHIVE_NAME, bagit_validate, tree
from tests.cli.helpers import invoke, objects_valid, seed_ids


def tags(bag: Path) -> dict[str, str]:
    lines = (bag / "bag-info.txt").read_text("utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines)


def bag_ids(bag: Path) -> set[str]:
    return {
        marker.parent.name.removeprefix("urn%3aarshif%3a")
        for marker in (bag / "data" / "archive").rglob("0=ocfl_object_1.1")
    }


def test_the_bag_validates_and_describes_itself(source_root: Path, source_bag: Path) -> None:
    checked = bagit_validate(source_bag)
    assert checked.returncode == 0, checked.stderr
    assert "is valid" in checked.stderr
    assert (source_bag / "bagit.txt").read_text("utf-8") == (
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    )
    for name in ("manifest", "tagmanifest"):
        for algorithm in ("sha256", "sha512"):
            assert (source_bag / f"{name}-{algorithm}.txt").is_file()
    info = tags(source_bag)
    assert info["Source-Organization"] == ARCHIVE_NAME
    assert info["Contact-Email"] == "archive@example.org"
    assert info["Bagging-Date"] == datetime.now(UTC).date().isoformat()
    assert "5 record(s)" in info["External-Description"]
    assert info["Arshif-Selection"] == "every record; withdrawn records included"
    payload = [p for p in (source_bag / "data").rglob("*") if p.is_file()]
    assert info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in payload)}.{len(payload)}"
    assert info["Bag-Size"].endswith(" KB")
    # the tag manifests cover bag-info.txt as rewritten for BagIt 1.0
    sha512 = (source_bag / "tagmanifest-sha512.txt").read_text("utf-8")
    assert "bag-info.txt" in sha512
    assert "bagit.txt" in sha512


def test_the_payload_is_an_ocfl_root_with_the_objects_as_stored(
    source_root: Path, source_bag: Path
) -> None:
    payload = source_bag / "data" / "archive"
    ocfl_root = ocfl.StorageRoot(root=str(payload))
    assert ocfl_root.validate(validate_objects=True, check_digests=True), ocfl_root.log
    assert objects_valid(payload) == 5
    assert bag_ids(source_bag) == set(seed_ids().values())
    for short_id in seed_ids().values():
        relative = Layout().object_path(f"urn:arshif:{short_id}")
        assert tree(payload / relative) == tree(source_root / "archive" / relative)
    edited = json.loads(
        (
            payload / Layout().object_path(f"urn:arshif:{seed_ids()['001']}") / "inventory.json"
        ).read_text("utf-8")
    )
    assert edited["head"] == "v3"


def test_the_metadata_csv_lists_the_records(source_bag: Path) -> None:
    text = (source_bag / "data" / "metadata.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["id"] for row in rows} == set(seed_ids().values())
    titles = {row["id"]: row["title"] for row in rows}
    assert titles[seed_ids()["001"]] == "عنوان مصحح"  # logical order, as typed


def test_ids_and_a_query_select_and_withdrawn_records_stay_out(
    source_root: Path, tmp_path: Path
) -> None:
    ids = seed_ids()
    query = "نیروهای آمریکایی"  # finds seed 000 only
    result = invoke(
        [
            "--root",
            str(source_root),
            "export",
            "--bag",
            str(tmp_path / "b"),
            ids["002"],
            ids["004"],
            "--query",
            query,
        ]
    )
    assert result.exit_code == 0, result.output
    assert "1 withdrawn record(s) left out" in result.stderr
    assert bag_ids(tmp_path / "b") == {ids["000"], ids["002"]}
    info = tags(tmp_path / "b")
    assert info["Arshif-Query"] == query
    assert query in info["Arshif-Selection"]
    assert "withdrawn records left out" in info["Arshif-Selection"]
    assert bagit_validate(tmp_path / "b").returncode == 0
    with_withdrawn = invoke(
        [
            "--root",
            str(source_root),
            "export",
            "--bag",
            str(tmp_path / "c"),
            ids["004"],
            "--include-withdrawn",
        ]
    )
    assert with_withdrawn.exit_code == 0, with_withdrawn.output
    assert bag_ids(tmp_path / "c") == {ids["004"]}


def test_a_query_on_one_line_in_bag_info(source_root: Path, tmp_path: Path) -> None:
    result = invoke(
        [
            "--root",
            str(source_root),
            "export",
            "--bag",
            str(tmp_path / "b"),
            "--query",
            "الخفاجي\nOR انسحاب",
        ]
    )
    assert result.exit_code == 0, result.output
    assert tags(tmp_path / "b")["Arshif-Query"] == "الخفاجي OR انسحاب"
    assert bagit_validate(tmp_path / "b").returncode == 0


def test_an_existing_folder_is_refused_and_left_alone(source_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    result = invoke(["--root", str(source_root), "export", "--bag", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith("arshif: error: ")
    assert len(result.stderr.splitlines()) == 1
    assert tree(target) == {"keep.txt": b"mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_a_damaged_archive_leaves_no_bag(source_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    import shutil

    shutil.copytree(source_root, root)
    capture = next((root / "archive").rglob("capture.txt"))
    capture.write_bytes(capture.read_bytes()[:-1] + b"!")
    result = invoke(["--root", str(root), "export", "--bag", str(tmp_path / "b")])
    assert result.exit_code == 8
    assert "does not match its digest" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["root"]


def test_ids_without_bag_are_a_usage_error(source_root: Path) -> None:
    result = invoke(["--root", str(source_root), "export", seed_ids()["000"]])
    assert result.exit_code == 2
    assert "--bag" in result.stderr


def test_an_empty_selection_writes_no_bag(source_root: Path, tmp_path: Path) -> None:
    result = invoke(
        ["--root", str(source_root), "export", "--bag", str(tmp_path / "b"), "--query", "xyzzy"]
    )
    assert result.exit_code == 5
    assert "no record is selected" in result.stderr
    withdrawn = invoke(
        ["--root", str(source_root), "export", "--bag", str(tmp_path / "b"), seed_ids()["004"]]
    )
    assert withdrawn.exit_code == 5
    assert "1 withdrawn" in withdrawn.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_bag_inside_the_archive_is_refused(source_root: Path) -> None:
    before = tree(source_root / "archive")
    for inside in ("archive/bag", ".arshif/bag", "indexes"):
        target = source_root / inside
        result = invoke(["--root", str(source_root), "export", "--bag", str(target)])
        assert result.exit_code == 2, inside
        assert "choose a folder outside it" in result.stderr
    assert tree(source_root / "archive") == before


def test_a_place_that_cannot_be_written_is_one_line(source_root: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = invoke(["--root", str(source_root), "export", "--bag", str(blocker / "b")])
    assert result.exit_code == 3
    assert result.stderr.startswith("arshif: error: cannot write the bag")
    assert len(result.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]

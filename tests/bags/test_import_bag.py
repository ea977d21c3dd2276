"""`arshif import --bag`: the round trip, and every way a bag is refused with nothing written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import bagit
import pytest
from click.testing import Result

from arshif.model import User
from arshif.store import StorageRoot
from arshif.store.layout import Layout
from tests.bags.conftest import CORRECTOR, bagit_validate, run, tree
from tests.cli.helpers import SEEDS, invoke, objects_valid, seed_ids

QUERIES = ["انسحاب القوات الأميركية", "نیروهای آمریکایی", "الخفاجي", "عنوان مصحح", "tag:wire"]


def import_bag(root: Path, bag: Path, *extra: str) -> Result:
    return invoke(["--root", str(root), "import", "--bag", str(bag), *extra])


def search(root: Path, query: str, *extra: str) -> list[tuple[str, float]]:
    result = invoke(["--root", str(root), "search", query, "--format", "ndjson", *extra])
    assert result.exit_code in (0, 1), result.output
    return [(hit["id"], hit["score"]) for hit in map(json.loads, result.stdout.splitlines())]


def history(root: Path, short_id: str) -> list[dict[str, object]]:
    result = invoke(["--root", str(root), "history", short_id, "--format", "json"])
    assert result.exit_code == 0, result.output
    loaded: list[dict[str, object]] = json.loads(result.stdout)
    return loaded


def object_dir(root: Path, short_id: str) -> Path:
    return root / "archive" / Layout().object_path(f"urn:arshif:{short_id}")


def test_round_trip_keeps_ids_versions_and_search(
    source_root: Path, source_bag: Path, fresh_root: Path, tmp_path: Path
) -> None:
    result = import_bag(fresh_root, source_bag)
    assert result.exit_code == 0, result.output
    ids = seed_ids()
    assert sorted(result.stdout.splitlines()) == sorted(f"{i}\tadded" for i in ids.values())
    assert "5 added, 0 updated, 0 already in archive from أرشيف الأخبار العراقية" in result.stderr
    for short_id in ids.values():
        assert history(fresh_root, short_id) == history(source_root, short_id)
        assert tree(object_dir(fresh_root, short_id)) == tree(object_dir(source_root, short_id))
    edited = history(fresh_root, ids["001"])
    assert [v["message"] for v in edited][1:] == ["Title", "Tag"]
    assert CORRECTOR.split(" <")[0] in json.dumps(edited[1], ensure_ascii=False)
    # the same records in the same order; the same scores as the source's index rebuilt
    # (the source's own index also counts the documents its edits replaced)
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(source_root, rebuilt)
    run(rebuilt, "reindex")
    for query in QUERIES:
        for extra in ((), ("--include-withdrawn",)):
            found = search(fresh_root, query, *extra)
            assert [i for i, _ in found] == [i for i, _ in search(source_root, query, *extra)]
            assert found == search(rebuilt, query, *extra), query
    assert search(fresh_root, "عنوان مصحح")[0][0] == ids["001"]
    verified = invoke(["--root", str(fresh_root), "verify"])
    assert verified.exit_code == 0, verified.output
    assert objects_valid(fresh_root / "archive") == 5


def test_the_same_bag_again_is_skipped(source_bag: Path, fresh_root: Path) -> None:
    assert import_bag(fresh_root, source_bag).exit_code == 0
    before = tree(fresh_root / "archive")
    again = import_bag(fresh_root, source_bag)
    assert again.exit_code == 0, again.output
    assert all(line.endswith("\talready in archive") for line in again.stdout.splitlines())
    assert "0 added, 0 updated, 5 already in archive" in again.stderr
    assert tree(fresh_root / "archive") == before


def test_a_later_bag_brings_the_later_versions(
    source_root: Path, source_bag: Path, tmp_path: Path
) -> None:
    ids = seed_ids()
    here = tmp_path / "here"
    run(here, "init")
    assert import_bag(here, source_bag).exit_code == 0
    there = tmp_path / "there"
    shutil.copytree(source_root, there)
    run(there, "edit", ids["002"], "--set", "title=عنوان لاحق", "-m", "later", "--user", CORRECTOR)
    assert invoke(["--root", str(there), "export", "--bag", str(tmp_path / "b")]).exit_code == 0
    result = import_bag(here, tmp_path / "b")
    assert result.exit_code == 0, result.output
    assert f"{ids['002']}\tupdated" in result.stdout.splitlines()
    assert "0 added, 1 updated, 3 already in archive" in result.stderr  # 004 is withdrawn
    assert history(here, ids["002"]) == history(there, ids["002"])
    assert history(here, ids["002"])[-1]["message"] == "later"
    assert [i for i, _ in search(here, "عنوان لاحق")][:1] == [ids["002"]]
    assert invoke(["--root", str(here), "verify"]).exit_code == 0
    assert objects_valid(here / "archive") == 5


def test_a_diverging_object_refuses_the_bag(
    source_root: Path, source_bag: Path, tmp_path: Path
) -> None:
    ids = seed_ids()
    here = tmp_path / "here"
    run(here, "init")
    assert import_bag(here, source_bag).exit_code == 0
    run(here, "edit", ids["002"], "--set", "title=هنا", "-m", "here", "--user", "H <h@x.org>")
    there = tmp_path / "there"
    shutil.copytree(source_root, there)
    run(there, "edit", ids["002"], "--set", "title=هناك", "-m", "there", "--user", "T <t@x.org>")
    extra = tmp_path / "extra.txt"
    extra.write_text("خبر جديد لم يكن في الأرشيف من قبل عن الانتخابات.", "utf-8")
    run(there, "ingest", str(extra), "--lang", "ar")
    assert invoke(["--root", str(there), "export", "--bag", str(tmp_path / "b")]).exit_code == 0
    before = tree(here / "archive")
    result = import_bag(here, tmp_path / "b")
    assert result.exit_code == 6
    assert result.stderr.startswith("arshif: error: object urn:arshif:" + ids["002"])
    assert "their histories differ" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert tree(here / "archive") == before  # the new record was not added either


def refused(root: Path, bag: Path, words: str, *extra: str) -> None:
    """The import fails with exit 6 and one line naming the problem; nothing is written."""
    before = tree(root / "archive")
    result = import_bag(root, bag, *extra)
    assert result.exit_code == 6, result.output
    assert result.stderr.startswith("arshif: error: ")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert words in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert tree(root / "archive") == before
    assert not list((root / ".arshif" / "staging").glob("*"))


def flip(path: Path, at: int = 0) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("capture", "does not match"),
        ("bag-info.txt", "bag-info.txt"),
        ("manifest-sha512.txt", "manifest-sha512.txt"),
        ("metadata.csv", "metadata.csv"),
    ],
)
def test_one_flipped_byte_refuses_the_bag(
    bag: Path, fresh_root: Path, where: str, words: str
) -> None:
    if where == "capture":
        target = next((bag / "data" / "archive").rglob("capture.txt"))
        flip(target, 40)
    elif where == "metadata.csv":
        flip(bag / "data" / "metadata.csv", 10)
    else:
        flip(bag / where, 3)
    assert bagit_validate(bag).returncode != 0  # bagit-python agrees it is damaged
    refused(fresh_root, bag, "is invalid")
    refused(fresh_root, bag, words if where != "capture" else "capture.txt")


def test_a_missing_payload_file_refuses_the_bag(bag: Path, fresh_root: Path) -> None:
    next((bag / "data" / "archive").rglob("record.xml")).unlink()
    refused(fresh_root, bag, "is invalid")


def test_a_path_outside_the_bag_in_a_manifest_is_refused(
    bag: Path, fresh_root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    digest = hashlib.sha512(outside.read_bytes()).hexdigest()
    with (bag / "manifest-sha512.txt").open("a", encoding="utf-8") as manifest:
        manifest.write(f"{digest}  data/../../outside.txt\n")
    refused(fresh_root, bag, "unsafe")


@pytest.mark.parametrize("inside", [True, False])
def test_a_symbolic_link_is_refused_though_its_digests_match(
    bag: Path, fresh_root: Path, tmp_path: Path, inside: bool
) -> None:
    capture = next((bag / "data" / "archive").rglob("capture.txt"))
    # inside: to an unlisted file at the bag's top (bagit allows those); else outside the bag
    elsewhere = bag / "copy.txt" if inside else tmp_path / "outside.txt"
    elsewhere.write_bytes(capture.read_bytes())
    capture.unlink()
    os.symlink(elsewhere, capture)
    if inside:
        assert bagit_validate(bag).returncode == 0  # the link passes bagit's own checks
    refused(fresh_root, bag, "symbolic link")


def rebag(bag: Path, where: Path, change: Callable[[Path], None]) -> Path:
    """A bag, valid as a bag, of `bag`'s payload after `change` (bagit.make_bag, BagIt 0.97)."""
    shutil.copytree(bag / "data", where)
    change(where)
    bagit.make_bag(str(where), checksums=["sha256", "sha512"])
    assert bagit_validate(where).returncode == 0
    return where


def test_an_object_not_where_its_id_puts_it_is_refused(
    bag: Path, fresh_root: Path, tmp_path: Path
) -> None:
    ids = seed_ids()

    def misplace(payload: Path) -> None:
        archive = payload / "archive"
        source = archive / Layout().object_path(f"urn:arshif:{ids['000']}")
        other = archive / Layout().object_path(f"urn:arshif:{ids['001']}")
        shutil.rmtree(other)
        other.parent.mkdir(parents=True, exist_ok=True)
        source.rename(other)  # 000's object at 001's place
        for parent in (source.parent, source.parent.parent, source.parent.parent.parent):
            if not any(parent.iterdir()):
                parent.rmdir()

    hostile = rebag(bag, tmp_path / "misplaced", misplace)
    refused(fresh_root, hostile, "layout-mismatch")


@pytest.mark.parametrize(
    ("forgery", "words"),
    [
        ("another record", "the record of another id"),
        ("invalid TEI", "not a valid record"),
        ("foreign object", "is not an arshif record"),
        ("no record", "has no record.xml"),
    ],
)
def test_an_object_that_is_not_its_record_is_refused(
    bag: Path, fresh_root: Path, tmp_path: Path, forgery: str, words: str
) -> None:
    """Valid OCFL objects (made by the store itself) that are not what they claim to be."""
    ids = seed_ids()

    def forge(payload: Path) -> None:
        root = StorageRoot(payload / "archive", tmp_path / "work")
        target = f"urn:arshif:{ids['000']}"
        record = root.read(f"urn:arshif:{ids['001']}", "record.xml")
        shutil.rmtree(root.object_path(target))
        files = {
            "another record": {"record.xml": record, "capture.txt": b"x"},
            "invalid TEI": {"record.xml": b"<TEI/>", "capture.txt": b"x"},
            "foreign object": {"data.bin": b"x"},
            "no record": {"capture.txt": b"x"},
        }[forgery]
        oid = "urn:example:thing" if forgery == "foreign object" else target
        if forgery == "foreign object":
            root.create_object(oid, files, "forged", User("Forger"))
            shutil.rmtree(root.object_path(target).parent.parent.parent)
        else:
            root.create_object(oid, files, "forged", User("Forger"))

    hostile = rebag(bag, tmp_path / "forged", forge)
    refused(fresh_root, hostile, words)


def test_content_that_is_not_what_its_inventory_says_is_refused(
    bag: Path, fresh_root: Path, tmp_path: Path
) -> None:
    """The bag's own digests are right (made after the change); the OCFL digest is not."""
    hostile = rebag(
        bag,
        tmp_path / "changed",
        lambda payload: flip(next((payload / "archive").rglob("capture.txt")), 40),
    )
    refused(fresh_root, hostile, "[E092a]")


def test_a_huge_file_is_refused_before_it_is_read(bag: Path, fresh_root: Path) -> None:
    huge = bag / "data" / "huge.bin"
    with huge.open("wb") as handle:
        handle.truncate(2**30)  # sparse: a gigabyte on paper, nothing on disk
    refused(fresh_root, bag, "--max-size")


def test_absurdly_deep_folders_are_refused(bag: Path, fresh_root: Path) -> None:
    deep = bag / "data" / Path(*["d"] * 70)
    deep.mkdir(parents=True)
    (deep / "f.txt").write_text("x")
    refused(fresh_root, bag, "nests folders more than 64 deep")


def test_max_size_bounds_every_file(bag: Path, fresh_root: Path) -> None:
    refused(fresh_root, bag, "more than 1,000", "--max-size", "1000")


def test_a_folder_that_is_not_a_bag_is_refused(fresh_root: Path, tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    refused(fresh_root, tmp_path / "seeds", "bagit.txt")


def test_a_bag_without_an_ocfl_root_is_refused(fresh_root: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(SEEDS, plain)
    bagit.make_bag(str(plain), checksums=["sha512"])
    refused(fresh_root, plain, "not an OCFL storage root")


def test_a_bag_with_only_weak_digests_is_refused(
    bag: Path, fresh_root: Path, tmp_path: Path
) -> None:
    weak = tmp_path / "weak"
    shutil.copytree(bag / "data", weak)
    bagit.make_bag(str(weak), checksums=["md5"])
    refused(fresh_root, weak, "not sha256 or sha512")


KILL_AT_STEP = """
import os, signal, sys
import arshif.store.writer as writer
step = sys.argv[1]
def crash_point(name):
    if name == step:
        os.kill(os.getpid(), signal.SIGKILL)
writer.crash_point = crash_point
from arshif.cli import main
main(sys.argv[2:])
"""


@pytest.mark.parametrize("step", ["content-staged", "object-renamed"])
def test_a_killed_import_is_repaired_and_completed(
    source_root: Path, source_bag: Path, fresh_root: Path, step: str
) -> None:
    """A real `arshif import` process SIGKILLs itself at a step of the store's import."""
    args = ["--root", str(fresh_root), "import", "--bag", str(source_bag)]
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AT_STEP, step, *args],
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    found = invoke(["--root", str(fresh_root), "verify"])
    assert found.exit_code == 8
    assert "staging-leftover" in found.stdout
    assert invoke(["--root", str(fresh_root), "verify", "--repair"]).exit_code == 0
    placed = objects_valid(fresh_root / "archive")
    assert placed == (1 if step == "object-renamed" else 0)
    again = import_bag(fresh_root, source_bag)
    assert again.exit_code == 0, again.output
    assert f"{5 - placed} added, 0 updated, {placed} already in archive" in again.stderr
    assert invoke(["--root", str(fresh_root), "verify"]).exit_code == 0
    assert objects_valid(fresh_root / "archive") == 5
    for short_id in seed_ids().values():
        assert history(fresh_root, short_id) == history(source_root, short_id)

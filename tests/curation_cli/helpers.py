"""Checks shared by the curation CLI tests: the archive's state after every step.

`check_archive` validates every object with ocfl-py, every head record against the TEI schema,
and that each object's inventory versions (message, user, created) are exactly the record's TEI
``revisionDesc/change`` entries, read back independently (the inventory JSON from disk, the TEI
with lxml).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lxml import etree

from arshif.tei import validate_record
from tests.cli.helpers import invoke, objects_valid, seed_ids

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
IDS = seed_ids()
WIRE, COPY = IDS["001"], IDS["003"]  # seeds 001 and 003 share two wire quotes
KAYHAN, PERSIAN, OTHER = IDS["004"], IDS["000"], IDS["002"]
LIBRARIAN = "Fatima Ahmadi <fatima@example.org>"
#: Unicode Arabic presentation forms: a reshaper's output, never in arshif's output.
PRESENTATION_FORMS = [(0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]


def run(
    root: Path, *args: str, input: str | None = None, env: dict[str, str | None] | None = None
) -> Any:
    """`arshif --root ROOT ARGS` through CliRunner, as LIBRARIAN unless `env` says otherwise."""
    full: dict[str, str | None] = {"ARSHIF_USER": LIBRARIAN, "VISUAL": None, "EDITOR": None}
    full.update(env or {})
    return invoke(["--root", str(root), *args], input=input, env=full)  # type: ignore[arg-type]


def ok(root: Path, *args: str, **kwargs: Any) -> Any:
    result = run(root, *args, **kwargs)
    assert result.exit_code == 0, (args, result.output)
    return result


def object_dir(root: Path, short_id: str) -> Path:
    return next((root / "archive").rglob(f"urn%3aarshif%3a{short_id}"))


def version_dirs(root: Path, short_id: str) -> list[str]:
    """The version folders on disk (v1, v2, …): what a write would add."""
    return sorted(
        (p.name for p in object_dir(root, short_id).glob("v*") if p.is_dir()),
        key=lambda name: int(name[1:]),
    )


def inventory(root: Path, short_id: str) -> dict[str, Any]:
    data = json.loads((object_dir(root, short_id) / "inventory.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def head_record(root: Path, short_id: str, version: str | None = None) -> bytes:
    inv = inventory(root, short_id)
    state = inv["versions"][version or inv["head"]]["state"]
    digest = next(d for d, paths in state.items() if "record.xml" in paths)
    return (object_dir(root, short_id) / inv["manifest"][digest][0]).read_bytes()


def tei(root: Path, short_id: str, version: str | None = None) -> etree._Element:
    return etree.fromstring(head_record(root, short_id, version))


def changes(root: Path, short_id: str) -> list[dict[str, Any]]:
    """The head record's revisionDesc/change entries, with the person each points to."""
    doc = tei(root, short_id)
    people = {}
    for resp in doc.iterfind(".//t:titleStmt/t:respStmt", TEI):
        address = resp.find("t:note[@type='address']", TEI)
        people["#" + resp.get("{http://www.w3.org/XML/1998/namespace}id", "")] = {
            "name": resp.findtext("t:name", namespaces=TEI),
            "address": address.text if address is not None else None,
        }
    return [
        {
            "version": c.get("n"),
            "when": c.get("when"),
            "user": people[c.get("who", "")],
            "message": "".join(c.itertext()),
        }
        for c in doc.iterfind(".//t:revisionDesc/t:change", TEI)
    ]


def check_archive(root: Path, versions: dict[str, int] | None = None) -> None:
    """Every object valid (ocfl-py, digests), every head record valid TEI, each inventory's
    versions identical to the record's changes; `versions`: expected count per short id (the
    others: 1)."""
    expected = {sid: 1 for sid in IDS.values()} | (versions or {})
    assert objects_valid(root / "archive") == len(expected)
    for sid, count in expected.items():
        assert validate_record(head_record(root, sid)) == [], sid
        inv = inventory(root, sid)
        assert inv["head"] == f"v{count}", (sid, inv["head"])
        assert version_dirs(root, sid) == [f"v{n}" for n in range(1, count + 1)]
        from_inventory = [
            {
                "version": name,
                "when": v["created"],
                "message": v["message"],
                "user": {"name": v["user"]["name"], "address": v["user"].get("address")},
            }
            for name, v in sorted(inv["versions"].items(), key=lambda kv: int(kv[0][1:]))
        ]
        assert changes(root, sid) == from_inventory, sid


def last_version(root: Path, short_id: str) -> dict[str, Any]:
    inv = inventory(root, short_id)
    data = inv["versions"][inv["head"]]
    assert isinstance(data, dict)
    return data


def show_json(root: Path, short_id: str, *extra: str) -> dict[str, Any]:
    data = json.loads(ok(root, "show", short_id, "--format", "json", *extra).stdout)
    assert isinstance(data, dict)
    return data


def ndjson(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def no_presentation_forms(text: str) -> bool:
    return not any(lo <= ord(ch) <= hi for ch in text for lo, hi in PRESENTATION_FORMS)

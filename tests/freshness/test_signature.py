"""The archive signature (`arshif.signature`): updated per record, it equals the signature
computed from the archive's heads; `state.json` stores it with the index."""

from __future__ import annotations

import json
from pathlib import Path

from arshif.config import Settings
from arshif.repository import Repository
from arshif.signature import EMPTY_SIGNATURE, signature_after, signature_of, signature_step
from tests.cli.helpers import seed_ids
from tests.freshness.conftest import USER, arshif, seed


def heads(root: Path) -> dict[str, str]:
    repo = Repository(Settings(root))
    return {short: repo.versions(short)[-1].version for short in repo.ids()}


def stored(root: Path) -> dict[str, str]:
    value = json.loads((root / "indexes" / "state.json").read_text("utf-8"))
    assert isinstance(value, dict)
    return value


def test_updated_signatures_equal_the_signature_of_the_heads(tmp_path: Path) -> None:
    root = tmp_path / "root"
    arshif(root, "init")
    assert signature_of({}) == EMPTY_SIGNATURE
    ids = seed_ids()
    arshif(root, "ingest", str(seed("000")), str(seed("001")), "--user", USER)
    added = signature_after(EMPTY_SIGNATURE, [ids["000"], ids["001"]])
    assert added == signature_of(heads(root))
    assert stored(root)["archive"] == added

    arshif(root, "edit", ids["000"], "--set", "title=عنوان", "-m", "title", "--user", USER)
    record = Repository(Settings(root)).record(ids["000"])
    assert [change.version for change in record.changes] == ["v1", "v2"]
    stepped = signature_step(added, record)
    assert stepped == signature_of(heads(root))
    assert stored(root)["archive"] == stepped
    assert Repository(Settings(root)).current_signature() == stepped


def test_an_unknown_signature_stays_unknown(tmp_path: Path) -> None:
    root = tmp_path / "root"
    arshif(root, "init")
    ids = seed_ids()
    arshif(root, "ingest", str(seed("000")), "--user", USER)
    record = Repository(Settings(root)).record(ids["000"])
    assert signature_step(None, record) is None
    assert signature_step("not hex", record) is None


def test_a_write_by_another_process_makes_the_stored_state_not_current(tmp_path: Path) -> None:
    """The change token in the marker: after a write, an earlier marker is not current, and the
    next search catches up and stores the marker of the archive as it now is."""
    root = tmp_path / "root"
    arshif(root, "init")
    ids = seed_ids()
    arshif(root, "ingest", str(seed("000")), "--user", USER)
    reader = Repository(Settings(root))
    signature = reader.current_signature()
    assert signature is not None
    state = stored(root)
    arshif(root, "ingest", str(seed("001")), "--user", USER)
    (root / "indexes" / "state.json").write_text(json.dumps(state), "utf-8")  # as before
    assert Repository(Settings(root)).current_signature() is None  # the token moved on
    assert Repository(Settings(root)).search("*").total == 2
    assert Repository(Settings(root)).current_signature() == signature_after(
        signature, [ids["001"]]
    )

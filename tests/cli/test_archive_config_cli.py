"""The archive's name and contact: `init --name/--admin-email`, `arshif config`, and citations
that say where a record is held; the settings file keeps the archive valid OCFL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import ocfl
import rispy

from tests.cli.helpers import REPO, invoke, seed_ids

NAME = "أرشيف الصحافة العراقية"


def _config(root: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((root / "archive" / "arshif.json").read_text("utf-8"))
    return data


def _ocfl_root_valid(archive: Path) -> bool:
    """ocfl-py's verdict on the whole storage root, objects and digests included."""
    valid: bool = ocfl.StorageRoot(str(archive)).validate(validate_objects=True)
    return valid


def test_init_with_name_and_contact(tmp_path: Path, arshif_engine: str) -> None:
    root = tmp_path / "root"
    result = invoke(["--root", str(root), "init", "--name", f"  {NAME} ", "--admin-email",
                     "archivist@example.org"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert NAME in result.stdout
    assert _config(root) == {"name": NAME, "admin_email": "archivist@example.org",
                             "engine": arshif_engine}  # fmt: skip
    assert _ocfl_root_valid(root / "archive")
    assert invoke(["--root", str(root), "verify"]).exit_code == 0


def test_init_refuses_a_bad_setting_and_creates_nothing(tmp_path: Path) -> None:
    root = tmp_path / "root"
    result = invoke(["--root", str(root), "init", "--admin-email", "not an address"])
    assert result.exit_code == 6
    assert result.stderr.count("\n") == 1
    assert "admin_email" in result.stderr
    assert not root.exists()
    result = invoke(["--root", str(root), "init", "--name", "a\u202eb"])
    assert result.exit_code == 6
    assert not root.exists()


def test_init_without_name_has_the_default(tmp_path: Path, arshif_engine: str) -> None:
    root = tmp_path / "root"
    assert invoke(["--root", str(root), "init"]).exit_code == 0
    shown = invoke(["--root", str(root), "config", "--format", "json"])
    assert json.loads(shown.stdout) == {
        "name": "arshif",
        "admin_email": None,
        "engine": arshif_engine,
    }  # ($ARSHIF_ENGINE) fmt: skip


def test_config_shows_gets_sets_and_unsets(archive_root: Path, arshif_engine: str) -> None:
    root = str(archive_root)
    assert invoke(["--root", root, "config", "name", NAME]).exit_code == 0
    assert invoke(["--root", root, "config", "name"]).stdout == NAME + "\n"
    assert invoke(["--root", root, "config", "admin_email", "a@example.org"]).exit_code == 0
    table = invoke(["--root", root, "config"]).stdout.splitlines()
    assert table == [f"name\t{NAME}", "admin_email\ta@example.org", f"engine\t{arshif_engine}"]
    assert invoke(["--root", root, "config", "admin_email", "--unset"]).exit_code == 0
    assert _config(archive_root)["admin_email"] is None
    assert (
        json.loads(invoke(["--root", root, "config", "admin_email", "--format", "json"]).stdout)
        is None
    )
    assert _ocfl_root_valid(archive_root / "archive")
    assert invoke(["--root", root, "verify"]).exit_code == 0


def test_config_refuses_bad_values_and_changes_nothing(archive_root: Path) -> None:
    root = str(archive_root)
    assert invoke(["--root", root, "config", "name", NAME]).exit_code == 0
    before = (archive_root / "archive" / "arshif.json").read_bytes()
    for args, code in (
        (["name", "   "], 6),
        (["name", "x" * 201], 6),
        (["admin_email", "nobody"], 6),
        (["engine", "tantivy"], 2),  # chosen by reindex, not here
        (["name", "--unset"], 6),  # a name is required
        (["colour", "red"], 2),
    ):
        result = invoke(["--root", root, "config", *args])
        assert result.exit_code == code, (args, result.output)
        if code == 6:  # arshif's own errors are one line (Click's usage errors show usage)
            assert result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.output
    assert (archive_root / "archive" / "arshif.json").read_bytes() == before


def test_citations_name_the_archive(archive_root: Path) -> None:
    root = str(archive_root)
    assert invoke(["--root", root, "config", "name", NAME]).exit_code == 0
    ids = seed_ids()
    ris = rispy.loads(invoke(["--root", root, "cite", ids["000"], "--format", "ris"]).stdout)
    assert ris[0]["name_of_database"] == NAME
    assert ris[0]["database_provider"] == NAME
    assert ris[0]["accession_number"] == f"urn:arshif:{ids['000']}"
    assert ris[0]["title"].startswith("[به گزارش ایرنا، ژنرال «تحسین الخفاجی»")
    csl = json.loads(invoke(["--root", root, "cite", ids["002"], "--format", "csl-json"]).stdout)
    assert csl[0]["archive"] == NAME
    assert csl[0]["title"].startswith("[أكدت قيادة العمليات")
    apa = invoke(["--root", root, "search", "الخفاجي", "--cite", "apa"]).stdout
    assert apa.count(NAME) == len(apa.splitlines()) >= 3
    bib = invoke(["--root", root, "cite", ids["003"], "--format", "biblatex"]).stdout
    assert f"eprinttype = {{{NAME}}}" in bib


def test_bundled_archive_is_named_and_valid(tmp_path: Path) -> None:
    config = json.loads((REPO / "archive" / "arshif.json").read_text("utf-8"))
    assert config["name"] == "arshif sample archive"
    assert _ocfl_root_valid(REPO / "archive")
    copy = tmp_path / "root"
    shutil.copytree(REPO / "archive", copy / "archive")
    assert invoke(["--root", str(copy), "config", "name"]).stdout == "arshif sample archive\n"
    result = invoke(["--root", str(copy), "verify", "--repair"])
    assert result.exit_code == 0, result.output
    assert invoke(["--root", str(copy), "verify"]).exit_code == 0


def test_a_damaged_settings_file_is_reported_not_a_traceback(archive_root: Path) -> None:
    root = str(archive_root)
    (archive_root / "archive" / "arshif.json").write_text('{"name": 5}', "utf-8")
    result = invoke(["--root", root, "verify"])
    assert result.exit_code == 8
    assert "CONFIG" in result.stdout
    assert "name must be a string" in result.stderr
    cited = invoke(["--root", root, "cite", seed_ids()["004"], "--format", "ris"])
    assert cited.exit_code == 6
    assert cited.stderr.count("\n") == 1
    assert cited.stdout == ""
    assert invoke(["--root", root, "config", "name", "Repaired"]).exit_code == 6  # refused too

"""`arshif edit`: --set of every field kind, refused values writing nothing, the editor like
visudo, and who is recorded (--user, ARSHIF_USER, git's identity, the login name)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.curation_cli.helpers import (
    COPY,
    KAYHAN,
    WIRE,
    changes,
    check_archive,
    head_record,
    inventory,
    last_version,
    ok,
    run,
    show_json,
    tei,
    version_dirs,
)

TITLE_003 = "العراق ينفي تمديد موعد انسحاب القوات الأميركية"


def test_set_every_field_kind_one_version_each(root: Path) -> None:
    ok(
        root,
        "edit",
        WIRE,
        "--set",
        "outlet=السومرية نيوز",
        "--set",
        "published=2021-11-18",
        "--set",
        "url=https://www.alsumaria.tv/news/iraq/withdrawal",
        "-m",
        "From the site",
    )
    check_archive(root, {WIRE: 2})
    assert last_version(root, WIRE)["message"] == "From the site"
    ok(
        root,
        "edit",
        WIRE,
        "--set",
        "title.romanized=al-ʿAmaliyyāt al-ʿIrāqiyya al-mushtaraka",
        "--set",
        "title.EN=Joint Operations: the US withdrawal date is fixed",
        "--set",
        "author=تحسين الخفاجي",
        "--set",
        "tags=iraq,wire",
        "--set",
        "note=Checked against the print edition.\nSecond line of the note.",
        "--set",
        "retrieved=2021-11-20T08:00:00+03:00",
        "--set",
        "source_id=SUM-1",
        "--set",
        "lang=AR",
    )
    check_archive(root, {WIRE: 3})
    view = show_json(root, WIRE)
    assert view["outlet"] == "السومرية نيوز"
    assert view["published"] == "2021-11-18"
    assert view["url"] == "https://www.alsumaria.tv/news/iraq/withdrawal"
    assert view["title_romanized"] == "al-ʿAmaliyyāt al-ʿIrāqiyya al-mushtaraka"
    assert view["titles_translated"] == {"en": "Joint Operations: the US withdrawal date is fixed"}
    assert view["author"] == "تحسين الخفاجي"
    assert view["tags"] == ["iraq", "wire"]
    assert view["note"] == "Checked against the print edition.\nSecond line of the note."
    assert view["retrieved"] == "2021-11-20T08:00:00+03:00"
    assert view["source_id"] == "SUM-1"
    assert view["lang"] == "ar"  # canonical BCP 47 case
    # the default message says what changed, and is the TEI change too
    message = last_version(root, WIRE)["message"]
    assert "author: (none) → 'تحسين الخفاجي'" in message
    assert "tags: +iraq +wire" in message
    # tags: + adds, - removes; an empty value clears a field
    ok(root, "edit", WIRE, "--set", "tags=+withdrawal", "--set", "tags=-wire", "--set", "author=")
    check_archive(root, {WIRE: 4})
    view = show_json(root, WIRE)
    assert view["tags"] == ["iraq", "withdrawal"]
    assert view["author"] is None
    # the fields a librarian set carry the librarian's provenance, pointing at the version
    provenance = {
        n.get("n"): (n.get("subtype"), n.text)
        for n in tei(root, WIRE).iterfind(".//{*}note[@type='provenance']")
    }
    assert provenance["outlet"] == ("librarian", "v2")
    assert provenance["published"] == ("librarian", "v2")
    assert provenance["title"][0] == "capture"


def test_setting_the_same_value_writes_no_version(root: Path) -> None:
    result = ok(root, "edit", KAYHAN, "--set", "outlet=kayhan.ir")
    assert "no change, no new version" in result.stderr
    check_archive(root)


@pytest.mark.parametrize(
    ("assignment", "why"),
    [
        ("published=1400-08-27", "Hijri or Jalali"),
        ("published=2021-11-31", "not a real date"),
        ("published=۲۰۲۱-۱۱-۱۹", "ASCII digits"),
        ("published=19 November 2021", "not an ISO 8601 date"),
        ("retrieved=2021-11-20T25:00", "not a real date or time"),
        ("url=ftp://example.org/a", "http"),
        ("url=https://exa mple.org/a", "WHATWG"),
        ("url=not a url", "WHATWG"),
        ("lang=klingon", "not a known language"),
        ("lang=xx", "not a known language"),
        ("lang=ar latn", "BCP 47"),
        ("lang=ar_EG", "BCP 47"),
        ("tags=+two words", "no spaces"),
        ("title=first line\nsecond line", "one line"),
        ("colour=blue", "not an editable field"),
        ("title", "FIELD=VALUE"),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_written(
    root: Path, assignment: str, why: str
) -> None:
    before = (inventory(root, WIRE), head_record(root, WIRE))
    result = run(root, "edit", WIRE, "--set", "outlet=valid outlet", "--set", assignment)
    assert result.exit_code == 2, result.output
    assert why in result.stderr
    assert result.stderr.startswith("arshif: error:")
    assert len(result.stderr.splitlines()) == 1
    assert version_dirs(root, WIRE) == ["v1"]
    assert (inventory(root, WIRE), head_record(root, WIRE)) == before
    check_archive(root)


def test_all_refused_values_are_named_at_once(root: Path) -> None:
    result = run(root, "edit", WIRE, "--set", "published=2021-02-30", "--set", "url=ftp://x")
    assert result.exit_code == 2
    assert "published=" in result.stderr
    assert "url=" in result.stderr
    check_archive(root)


def test_edit_usage_errors(root: Path) -> None:
    assert run(root, "edit").exit_code == 2  # no id
    assert run(root, "edit", "abcdef123456", "--set", "title=x").exit_code == 5
    assert run(root, "edit", WIRE, "--from-csv", __file__).exit_code == 2
    check_archive(root)


# --- who --------------------------------------------------------------------------------------


def _who(root: Path, env: dict[str, str | None], *extra: str) -> dict[str, str | None]:
    ok(root, "edit", KAYHAN, "--set", f"note=by {len(changes(root, KAYHAN))}", *extra, env=env)
    user = last_version(root, KAYHAN)["user"]
    assert changes(root, KAYHAN)[-1]["user"] == {
        "name": user["name"],
        "address": user.get("address"),
    }
    return {"name": user["name"], "address": user.get("address")}


@pytest.fixture
def no_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    """An environment where nothing names the user: no ARSHIF_USER, an empty home, no git
    configuration (system, global or repository), the working directory outside any repo."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(home)
    return {
        "ARSHIF_USER": None,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": None,
        "GIT_DIR": None,
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
        "LOGNAME": "zahra",
    }


def test_who_comes_from_user_then_env_then_git_then_login(
    root: Path, no_identity: dict[str, str | None]
) -> None:
    env = dict(no_identity)
    assert _who(root, env) == {"name": "zahra", "address": None}  # the login name
    (Path(str(env["HOME"])) / ".gitconfig").write_text(
        "[user]\n\tname = Karim Haddad\n\temail = karim@example.org\n", "utf-8"
    )
    assert _who(root, env) == {"name": "Karim Haddad", "address": "mailto:karim@example.org"}
    env["ARSHIF_USER"] = "Maryam Hosseini <maryam@example.org>"
    assert _who(root, env) == {"name": "Maryam Hosseini", "address": "mailto:maryam@example.org"}
    assert _who(root, env, "--user", "Ali Rezaei") == {"name": "Ali Rezaei", "address": None}
    check_archive(root, {KAYHAN: 5})


# --- the editor -----------------------------------------------------------------------------

RETITLE = """
import pathlib, sys
path = pathlib.Path(sys.argv[1])
text = path.read_text("utf-8")
for old in ('<title type="main" xml:lang="ar">{old}</title>', '<title level="a">{old}</title>'):
    assert old in text, old
    text = text.replace(old, old.replace("{old}", "{new}"))
path.write_text(text, "utf-8")
"""

BREAK_THEN_FIX = """
import pathlib, sys
path = pathlib.Path(sys.argv[1])
runs = pathlib.Path(sys.argv[0]).with_suffix(".runs")
count = int(runs.read_text()) + 1 if runs.exists() else 1
runs.write_text(str(count))
text = path.read_text("utf-8")
if count == 1:
    text = text.replace("</teiHeader>", "</teiHeadr>")  # not well-formed
else:  # fix it, and add a paragraph
    text = text.replace("</teiHeadr>", "</teiHeader>")
    text = text.replace("<body>", "<body>\\n      <p>فقرة أضافها أمين المكتبة.</p>", 1)
path.write_text(text, "utf-8")
"""

TOUCH_ONLY = """
import pathlib, sys
path = pathlib.Path(sys.argv[1])
path.write_bytes(path.read_bytes())
"""


def _editor(tmp_path: Path, name: str, source: str) -> str:
    script = tmp_path / f"{name}.py"
    script.write_text(source, "utf-8")
    return f"{sys.executable} {script}"


def test_editor_changes_the_title_as_a_new_version(root: Path, tmp_path: Path) -> None:
    new = "العراق ينفي تمديد موعد الانسحاب"
    editor = _editor(tmp_path, "retitle", RETITLE.replace("{old}", TITLE_003).replace("{new}", new))
    result = ok(root, "edit", COPY, "-m", "Shorter headline", env={"VISUAL": editor})
    assert result.stdout.split("\t")[:2] == [COPY, "v2"]
    check_archive(root, {COPY: 2})
    assert show_json(root, COPY)["title"] == new
    assert last_version(root, COPY)["message"] == "Shorter headline"
    diff = ok(root, "diff", COPY, "v1", "v2").stdout
    assert f"- title: {TITLE_003}" in diff
    assert f"+ title: {new}" in diff


def test_editor_from_editor_variable_when_visual_is_unset(root: Path, tmp_path: Path) -> None:
    editor = _editor(tmp_path, "retitle", RETITLE.replace("{old}", TITLE_003).replace("{new}", "x"))
    ok(root, "edit", COPY, env={"EDITOR": editor})
    check_archive(root, {COPY: 2})
    assert "title: " in last_version(root, COPY)["message"]  # a default message says what


def test_editor_invalid_then_fixed_after_edit_again(root: Path, tmp_path: Path) -> None:
    editor = _editor(tmp_path, "break_then_fix", BREAK_THEN_FIX)
    result = run(root, "edit", WIRE, "-m", "A paragraph", input="y\n", env={"VISUAL": editor})
    assert result.exit_code == 0, result.output
    assert "not well-formed" in result.stderr
    assert "Edit again?" in result.stderr
    check_archive(root, {WIRE: 2})
    assert (
        show_json(root, WIRE)["paragraphs"]
        == show_json(root, WIRE, "--version", "v1")["paragraphs"] + 1
    )
    diff = ok(root, "diff", WIRE, "v1", "v2").stdout
    assert "{+فقرة أضافها أمين المكتبة.+}" in diff
    history = ok(root, "history", WIRE, "--format", "ndjson").stdout
    assert '"text"' in history


def test_editor_invalid_then_abort_writes_nothing(root: Path, tmp_path: Path) -> None:
    editor = _editor(tmp_path, "break_then_fix", BREAK_THEN_FIX)
    result = run(root, "edit", WIRE, input="n\n", env={"VISUAL": editor})
    assert result.exit_code == 7
    assert "nothing written" in result.stderr
    check_archive(root)


def test_editor_invalid_without_a_terminal_aborts_cleanly(root: Path, tmp_path: Path) -> None:
    editor = _editor(tmp_path, "break_then_fix", BREAK_THEN_FIX)
    result = run(root, "edit", WIRE, input="", env={"VISUAL": editor})
    assert result.exit_code == 7, result.output
    assert "Aborted" not in result.output
    check_archive(root)


def test_editor_without_change_writes_no_version(root: Path, tmp_path: Path) -> None:
    result = ok(root, "edit", WIRE, env={"VISUAL": _editor(tmp_path, "touch", TOUCH_ONLY)})
    assert "no new version" in result.stderr
    check_archive(root)


def test_editor_failures(root: Path, tmp_path: Path) -> None:
    assert run(root, "edit", WIRE).exit_code == 2  # neither VISUAL nor EDITOR
    failing = _editor(tmp_path, "fail", "raise SystemExit(3)")
    result = run(root, "edit", WIRE, env={"VISUAL": failing})
    assert result.exit_code == 12
    assert "exited with status 3" in result.stderr
    missing = run(root, "edit", WIRE, env={"VISUAL": str(tmp_path / "no-such-editor")})
    assert missing.exit_code == 12
    check_archive(root)


def test_editor_cannot_change_id_or_capture(root: Path, tmp_path: Path) -> None:
    source = RETITLE.replace("{old}", TITLE_003).replace("{new}", TITLE_003) + (
        "path.write_text(path.read_text('utf-8').replace('<measure unit=\"byte\" quantity=\"',"
        " '<measure unit=\"byte\" quantity=\"1', 1), 'utf-8')\n"
    )
    result = run(root, "edit", COPY, env={"VISUAL": _editor(tmp_path, "capture", source)})
    assert result.exit_code == 2, result.output
    assert "capture" in result.stderr
    kept = Path(result.stderr.split("kept in ")[1].split()[0])  # the edit is not lost
    assert '<measure unit="byte" quantity="1' in kept.read_text("utf-8")
    kept.unlink()
    check_archive(root)


def test_dry_run_of_set_shows_the_change_and_writes_nothing(root: Path) -> None:
    result = ok(
        root, "edit", WIRE, "--set", "outlet=السومرية نيوز", "--set", "tags=+iraq", "--dry-run"
    )
    assert result.stdout == f"{WIRE}\toutlet: (none) → 'السومرية نيوز'; tags: +iraq\n"
    assert "nothing written" in result.stderr
    assert run(root, "edit", WIRE, "--set", "published=1400-01-01", "--dry-run").exit_code == 2
    assert run(root, "edit", WIRE, "--dry-run").exit_code == 2  # no editor dry run
    check_archive(root)

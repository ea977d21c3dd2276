"""Output that fits a person's terminal (issue 16): tables no wider than $COLUMNS that use the
room they have, cuts by display width and grapheme, "no hits" on a terminal, the same --bidi,
--no-pager and --root options on every command, search json as one object, --limit 0,
diff passages in colour and show's version line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import wcwidth

from arshif.cli import COMMANDS, display
from arshif.cli.table import Column, fit, truncate
from tests.cli.helpers import SEEDS, invoke, seed_ids

USER = "Test Librarian <t@example.org>"
IDS = seed_ids()
WIRE, COPY, PERSIAN = IDS["001"], IDS["003"], IDS["000"]
ENGLISH_TITLE_MESSAGE = "عنوان بالإنجليزية"
LONG_MESSAGE = "The outlet and the date as the site prints them, checked against the print edition"


def run(root: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return invoke([*args[:1], "--root", str(root), *args[1:]], env=env)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory, arshif_engine: str) -> Path:
    """The seeds; WIRE edited twice, then COPY linked to it as its duplicate (WIRE v4)."""
    root = tmp_path_factory.mktemp("terminal") / "root"
    assert invoke(["--root", str(root), "init", "--engine", arshif_engine]).exit_code == 0
    assert invoke(["--root", str(root), "ingest", str(SEEDS), "--user", USER]).exit_code == 0
    edits = [
        ["--set", "outlet=السومرية نيوز", "--set", "published=2021-11-18", "-m", LONG_MESSAGE],
        ["--set", "title.romanized=al-ʿAmaliyyāt", "--set", "title.en=Joint Operations"],
    ]
    edits[1] += ["-m", ENGLISH_TITLE_MESSAGE]  # history shows Arabic text
    for edit in edits:
        assert run(root, "edit", WIRE, *edit, "--user", USER).exit_code == 0
    link = run(root, "link", COPY, WIRE, "--as", "duplicate-of", "--user", USER)
    assert link.exit_code == 0, link.output
    return root


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdout and stderr are a terminal, without a pager or colour."""
    monkeypatch.setattr(display, "stdout_is_terminal", lambda: True)
    monkeypatch.setattr(display, "stderr_is_terminal", lambda: True)
    monkeypatch.setenv("ARSHIF_PAGER", "")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("ARSHIF_BIDI", raising=False)


def widest(text: str) -> int:
    return max((wcwidth.width(line) for line in text.splitlines()), default=0)


TABLES = [
    ("search", "الخفاجي OR انسحاب"),
    ("list",),
    ("similar", WIRE),
    ("kwic", "الخفاجي"),
    ("history", WIRE),
    ("duplicates",),
]


@pytest.mark.parametrize("command", TABLES, ids=lambda c: c[0])
@pytest.mark.parametrize("columns", [40, 60, 80, 120, 200])
def test_tables_are_never_wider_than_the_terminal(
    root: Path, terminal: None, command: tuple[str, ...], columns: int
) -> None:
    result = run(root, *command, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) >= 2, result.stdout
    assert widest(result.stdout) <= columns, result.stdout


@pytest.mark.parametrize(
    ("command", "header"),
    [(("search", "الخفاجي"), "SNIPPET"), (("list",), "TITLE"), (("history", WIRE), "MESSAGE")],
)
def test_tables_use_the_room_they_have(
    root: Path, terminal: None, command: tuple[str, ...], header: str
) -> None:
    """The text column (snippet, title, message) widens with the terminal."""

    def cell_widths(columns: int) -> int:
        out = run(root, *command, env={"COLUMNS": str(columns)}).stdout.splitlines()
        start = out[0].index(header)
        return max(wcwidth.width(line) for line in out[1:]) - wcwidth.width(out[0][:start])

    narrow, wide, wider = cell_widths(80), cell_widths(160), cell_widths(240)
    assert narrow < wide <= wider
    if header == "SNIPPET":  # snippets are long: they take the room a wide terminal has
        assert wide >= 60  # it stayed about 45 cells at 160 columns
        assert wider >= wide + 60


def test_search_table_on_a_narrow_terminal_leaves_out_columns_not_the_snippet(
    root: Path, terminal: None
) -> None:
    wide = run(root, "search", "الخفاجي", env={"COLUMNS": "160"}).stdout.splitlines()[0]
    assert wide.split() == [
        "RANK",
        "ID",
        "SCORE",
        "LANG",
        "PUBLISHED",
        "OUTLET",
        "TITLE",
        "SNIPPET",
    ]
    narrow = run(root, "search", "الخفاجي", env={"COLUMNS": "60"}).stdout.splitlines()[0]
    assert narrow.split() == ["RANK", "ID", "OUTLET", "TITLE", "SNIPPET"]


def test_cells_are_cut_by_display_width_never_inside_a_grapheme() -> None:
    vocalised = "مُحَمَّدٌ رَسُولُ اللَّهِ"  # letters with their marks
    for limit in range(2, 12):
        cut = truncate(vocalised, limit)
        assert cut.endswith("…")
        assert wcwidth.width(cut) <= limit
        kept = list(wcwidth.iter_graphemes(cut[:-1].rstrip()))
        assert kept == list(wcwidth.iter_graphemes(vocalised))[: len(kept)]
    zwnj = "می\u200cخواهم بروم"  # a ZWNJ stays with the letter before it
    assert truncate(zwnj, 3) == "می\u200c…"
    assert truncate(zwnj, 4) == "می\u200cخ…"
    wide = "東京の新聞"  # two cells a letter
    assert truncate(wide, 6) == "東京…"
    assert wcwidth.width(truncate(wide, 6)) == 5
    assert truncate("short", 5) == "short"


def test_a_column_model_that_other_columns_slot_into() -> None:
    columns = [Column("id"), Column("withdrawn"), Column("title", min_width=5, shrink=1)]
    assert fit(columns, [12, 9, 60], 40) == [12, 9, 15]
    assert fit(columns, [12, 9, 60], 200) == [12, 9, 60]
    optional = [Column("id"), Column("score", optional=1), Column("title", min_width=10, shrink=1)]
    assert fit(optional, [12, 6, 60], 26) == [12, None, 12]
    # an optional column with nothing in it leaves the room to the others
    assert fit(optional, [12, 6, 60], 40) == [12, 6, 18]
    assert fit(optional, [12, 6, 60], 40, empty=[1]) == [12, None, 26]
    assert fit(optional, [12, 6, 18], 40, empty=[1]) == [12, 6, 18]  # it fits: kept


def test_no_hits_on_a_terminal_says_so_in_one_line(root: Path, terminal: None) -> None:
    result = run(root, "search", "زززز")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "no hits for زززز\n"
    kwic = run(root, "kwic", "زززز")
    assert (kwic.exit_code, kwic.stderr) == (1, "no occurrences of زززز\n")


def test_no_hits_in_a_pipe_stays_silent(root: Path) -> None:
    result = run(root, "search", "زززز")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")


SHOWS_TEXT = {
    "list": (),
    "show": (WIRE,),
    "diff": (WIRE, "v1", "v2"),
    "history": (WIRE,),
    "duplicates": (),
    "similar": (WIRE,),
    "kwic": ("الخفاجي",),
    "search": ("الخفاجي",),
}


@pytest.mark.parametrize("command", sorted(SHOWS_TEXT))
def test_bidi_and_no_pager_on_every_command_that_shows_text(
    root: Path, terminal: None, command: str
) -> None:
    args = (command, *SHOWS_TEXT[command])
    logical = run(root, *args, "--bidi", "off", "--no-pager")
    assert logical.exit_code == 0, logical.output
    visual = run(root, *args, "--bidi", "on", "--no-pager")
    assert visual.exit_code == 0, visual.output
    # on: Arabic letters in their joined presentation forms, in visual order
    assert any(0xFB50 <= ord(c) <= 0xFEFF for c in visual.stdout), command
    assert not any(0xFB50 <= ord(c) <= 0xFEFC for c in logical.stdout), command


@pytest.mark.parametrize("command", sorted(SHOWS_TEXT))
def test_the_pager_gets_long_output_unless_no_pager(
    root: Path,
    terminal: None,
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("ARSHIF_PAGER", f"sh -c 'cat > {paged}'")
    monkeypatch.setattr(display, "terminal_height", lambda: 2)
    args = (command, *SHOWS_TEXT[command])
    assert run(root, *args).stdout == ""
    assert paged.read_text("utf-8")
    paged.unlink()
    assert run(root, *args, "--no-pager").stdout
    assert not paged.exists()


#: A run of every command with --root after the subcommand (read commands really run; the
#: others at least parse it).
READS = {
    "list": ("--format", "ndjson"),
    "show": (WIRE, "--format", "json"),
    "search": ("الخفاجي", "--format", "json"),
    "kwic": ("الخفاجي", "--format", "ndjson"),
    "similar": (WIRE, "--format", "ndjson"),
    "history": (WIRE, "--format", "ndjson"),
    "diff": (WIRE, "v1", "v2", "--format", "json"),
    "duplicates": ("--format", "ndjson"),
    "export": ("--format", "ndjson"),
    "cite": (WIRE,),
    "verify": (),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_root_after_the_subcommand_on_every_command(root: Path, command: str) -> None:
    after = invoke([command, "--root", str(root), "--help"])
    assert after.exit_code == 0, after.output
    assert "--root" in after.stdout
    if command not in READS:
        return
    before = invoke(["--root", str(root), command, *READS[command]])
    result = invoke([command, *READS[command], "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stdout == before.stdout
    # given twice, the one after the subcommand wins
    nowhere = str(root.parent / "nowhere")
    assert invoke(["--root", nowhere, command, "--root", str(root), *READS[command]]).exit_code == 0


def test_root_after_the_subcommand_for_a_command_that_writes(tmp_path: Path) -> None:
    root = tmp_path / "root"
    assert invoke(["init", "--root", str(root)]).exit_code == 0
    assert invoke(["ingest", str(SEEDS), "--root", str(root), "--user", USER]).exit_code == 0
    edit = invoke(["edit", WIRE, "--set", "outlet=واع", "--root", str(root), "--user", USER])
    assert edit.exit_code == 0, edit.output
    shown = json.loads(invoke(["show", WIRE, "--format", "json", "--root", str(root)]).stdout)
    assert shown["outlet"] == "واع"


def test_search_json_is_always_one_object(root: Path) -> None:
    plain = json.loads(run(root, "search", "الخفاجي", "--format", "json").stdout)
    faceted = json.loads(
        run(root, "search", "الخفاجي", "--format", "json", "--facet", "lang,outlet").stdout
    )
    assert set(plain) == {"query", "total", "offset", "limit", "hits", "suggestion"}
    assert set(faceted) == set(plain) | {"facets"}
    assert plain["hits"] == faceted["hits"]
    assert plain["total"] == faceted["total"] == 4
    assert sum(v["count"] for v in faceted["facets"]["lang"]) == 4
    empty = json.loads(run(root, "search", "زززز", "--format", "json").stdout)
    assert (empty["total"], empty["hits"]) == (0, [])


def test_search_limit_0_gives_the_count_and_facets_only(root: Path, terminal: None) -> None:
    data = json.loads(
        run(root, "search", "*", "--limit", "0", "--facet", "lang", "--format", "json").stdout
    )
    assert (data["total"], data["hits"], data["limit"]) == (5, [], 0)
    assert {v["value"]: v["count"] for v in data["facets"]["lang"]} == {"ar": 4, "fa": 1}
    lines = [
        json.loads(line)
        for line in run(
            root, "search", "*", "-n", "0", "--facet", "lang", "--format", "ndjson"
        ).stdout.splitlines()
    ]
    assert lines[0] == {"query": "*", "total": 5}
    assert lines[1:] == [
        {"facet": "lang", "value": "ar", "count": 4},
        {"facet": "lang", "value": "fa", "count": 1},
    ]
    table = run(root, "search", "*", "--limit", "0", "--facet", "lang")
    assert table.exit_code == 0
    assert table.stdout == "5 hits\n\nlang: ar 4 · fa 1\n"
    assert table.stderr == ""
    tsv = run(root, "search", "*", "--limit", "0", "--format", "tsv")
    assert tsv.stdout.count("\n") == 1  # the header only
    assert "5 hits" in tsv.stderr
    none = run(root, "search", "زززز", "--limit", "0", "--format", "json")
    assert (none.exit_code, json.loads(none.stdout)["total"]) == (1, 0)


def test_show_says_which_version_and_its_links_and_titles(root: Path) -> None:
    head = run(root, "show", WIRE).stdout
    assert "version:           v4 of v4\n" in head
    assert "title_romanized:   al-ʿAmaliyyāt\n" in head
    assert "title (en):        Joint Operations\n" in head
    assert f"links:             duplicated by {COPY}\n" in head
    old = run(root, "show", WIRE, "--version", "1").stdout
    assert "version:           v1 of v4\n" in old
    assert "title (en)" not in old
    copy = run(root, "show", COPY).stdout
    assert f"links:             duplicate-of {WIRE}\n" in copy
    as_json = json.loads(run(root, "show", WIRE, "--version", "v2", "--format", "json").stdout)
    assert as_json["version"] == "v2"
    assert [v["version"] for v in as_json["versions"]] == ["v1", "v2", "v3", "v4"]


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory, arshif_engine: str) -> Path:
    """WIRE with two words changed far apart in one paragraph (v2)."""
    root = tmp_path_factory.mktemp("diff") / "root"
    assert invoke(["--root", str(root), "init", "--engine", arshif_engine]).exit_code == 0
    assert invoke(["--root", str(root), "ingest", str(SEEDS), "--user", USER]).exit_code == 0
    script = "sed -i -e s/ولاتزال/ولا\\ تزال/ -e s/رؤوس/رءوس/"
    result = run(root, "edit", WIRE, "-m", "spelling", "--user", USER, env={"VISUAL": script})
    assert result.exit_code == 0, result.output
    return root


RED, GREEN, RESET = "\x1b[31m", "\x1b[32m", "\x1b[m"


def test_diff_on_a_terminal_shows_changed_passages_in_colour(
    edited: Path, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    out = run(edited, "diff", WIRE, "v1", "v2").stdout
    passage = out.splitlines()[3]
    assert f"{RED}ولاتزال{RESET}{GREEN}ولا تزال{RESET}" in passage
    assert f"{RED}رؤوس{RESET}{GREEN}رءوس{RESET}" in passage
    assert "[-" not in out
    # only a few words around the changes, not the whole paragraph
    assert passage.startswith("… ")
    assert "وأضافت الهيئة" not in out
    whole = run(edited, "diff", WIRE, "v1", "v2", "--context", "all").stdout
    assert "وأضافت الهيئة “إن سلاح المقاومة" in whole
    assert f"{RED}ولاتزال{RESET}" in whole
    narrow = run(edited, "diff", WIRE, "v1", "v2", "--context", "1").stdout.splitlines()
    assert len(narrow) == 5  # two passages: the changes are more than 2 words apart
    assert narrow[3] == f"… كانت {RED}ولاتزال{RESET}{GREEN}ولا تزال{RESET} وستبقى …"


def test_diff_in_a_pipe_stays_plain(edited: Path) -> None:
    out = run(edited, "diff", WIRE, "v1", "v2").stdout
    assert "\x1b" not in out
    assert "[-ولاتزال-]{+ولا تزال+}" in out
    assert "وأضافت الهيئة" in out  # whole paragraphs
    passages = run(edited, "diff", WIRE, "v1", "v2", "--context", "2").stdout.splitlines()
    assert passages[3:] == [  # three words apart: one passage
        "… السلاح كانت [-ولاتزال-]{+ولا تزال+} وستبقى موجهة نحو [-رؤوس-]{+رءوس+} المحتلين أيا …"
    ]
    bad = run(edited, "diff", WIRE, "v1", "v2", "--context", "some")
    assert bad.exit_code == 2
    assert "'some'" in bad.stderr


def test_a_batch_in_json_is_one_object_per_query(root: Path, tmp_path: Path) -> None:
    topics = tmp_path / "topics.tsv"
    topics.write_text("q1\tالخفاجي\nq2\tزززز\n", "utf-8")
    text = run(root, "search", "--queries", str(topics), "--format", "json").stdout
    decoder, at, pages = json.JSONDecoder(), 0, []
    while text[at:].strip():
        page, end = decoder.raw_decode(text[at:].lstrip())
        at = len(text) - len(text[at:].lstrip()) + end
        pages.append(page)
    assert [(p["qid"], p["total"]) for p in pages] == [("q1", 4), ("q2", 0)]

"""No data output can reorder or hijack a terminal line (issue 15): JSON and NDJSON escape bidi
and C0/C1 control characters (``\\u202e``); TSV follows the TSV convention; CSV escapes them as
``\\u202e`` and `edit --from-csv` reads them back, so that the stored record never changes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from arshif.cli.output import delimited
from arshif.text.escape import csv_field, csv_unescape, json_text, tsv_field, tsv_unescape
from tests.cli.helpers import SEEDS, invoke, seed_ids

USER = "Test Librarian <t@example.org>"
RECORD = seed_ids()["002"]
RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
# balanced bidi controls (an unbalanced one is removed at the door: test_one_validation), and
# backslashes that look like escapes
TITLE = f"abc {RLO}fed{PDF} {LRI}x{PDI} C:\\u0041 \\temp"
SOURCE_ID = f"src{RLO}1{PDF}"
MESSAGE = f"title with {RLO} in it"
HOSTILE = (RLO, "\u2066", "\u200f", "\u061c", "\x85", "\x1b", "\r")


def run(root: Path, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return invoke(["--root", str(root), *args], env=env)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory, arshif_engine: str) -> Path:
    root = tmp_path_factory.mktemp("escaping") / "root"
    assert run(root, "init", "--engine", arshif_engine).exit_code == 0
    assert run(root, "ingest", str(SEEDS), "--user", USER).exit_code == 0
    sets = ["--set", f"title={TITLE}", "--set", f"source_id={SOURCE_ID}"]
    result = run(root, "edit", RECORD, *sets, "-m", MESSAGE, "--user", USER)
    assert result.exit_code == 0, result.output
    assert RLO not in result.stdout  # the report line is a message: no controls either
    return root


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def raw_free(text: str) -> None:
    for char in HOSTILE:
        assert char not in text, (char, text)


DATA_OUTPUTS = [
    ("list", "--format", "json"),
    ("list", "--format", "ndjson"),
    ("search", f"id:{RECORD}", "--format", "json"),
    ("search", f"id:{RECORD}", "--format", "ndjson"),
    ("show", RECORD, "--format", "json"),
    ("history", RECORD, "--format", "json"),
    ("history", RECORD, "--format", "ndjson"),
    ("diff", RECORD, "v1", "v2", "--format", "json"),
    ("export", "--format", "ndjson"),
]


@pytest.mark.parametrize("args", DATA_OUTPUTS, ids=lambda a: " ".join(a[:1] + a[-1:]))
def test_json_outputs_escape_bidi_and_control_characters(root: Path, args: tuple[str]) -> None:
    result = run(root, *args)
    assert result.exit_code == 0, result.output
    raw_free(result.stdout)
    assert "\\u202e" in result.stdout
    lines = result.stdout.splitlines() if "ndjson" in args else [result.stdout]
    found = {text for line in lines for text in strings(json.loads(line))}
    assert TITLE in found or MESSAGE in found  # a JSON reader gets the stored value back


@pytest.mark.parametrize("command", [("list",), ("search", f"id:{RECORD}"), ("history", RECORD)])
def test_tsv_is_the_tsv_convention_and_csv_escapes(root: Path, command: tuple[str]) -> None:
    tsv = run(root, *command, "--format", "tsv").stdout
    raw_free(tsv)
    header, *rows = tsv.splitlines()
    names = header.split("\t")
    parsed = [dict(zip(names, map(tsv_unescape, row.split("\t")), strict=True)) for row in rows]
    as_csv = run(root, *command, "--format", "csv").stdout
    raw_free(as_csv)
    from_csv = [
        {k: csv_unescape(v) for k, v in row.items()} for row in csv.DictReader(io.StringIO(as_csv))
    ]
    assert parsed == from_csv  # a quoted TSV field would keep its quotes
    mine = next(r for r in parsed if r.get("id", RECORD) == RECORD and r.get("version") != "v1")
    if "title" in mine:
        assert mine["title"] == TITLE
        assert mine["source_id"] == SOURCE_ID
    else:
        assert mine["message"] == MESSAGE


def test_a_table_shows_no_control_characters(root: Path) -> None:
    for args in (("list",), ("history", RECORD), ("show", RECORD)):
        out = run(root, *args, "--format", "table" if args[0] != "show" else "text").stdout
        raw_free(out)
        assert "abc fed" in out or "title with  in it" in out


def test_the_exported_csv_round_trips_exactly(root: Path, tmp_path: Path) -> None:
    exported = run(root, "export").stdout
    raw_free(exported)
    assert "\\u202efed\\u202c" in exported
    assert "C:\\u005cu0041" in exported  # a backslash that would read as an escape
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(exported, "utf-8")
    before = run(root, "history", RECORD, "--format", "ndjson").stdout.count("\n")
    result = run(root, "edit", "--from-csv", str(sheet), "--user", USER)
    assert result.exit_code == 0, result.output
    assert run(root, "history", RECORD, "--format", "ndjson").stdout.count("\n") == before
    shown = json.loads(run(root, "show", RECORD, "--format", "json").stdout)
    assert shown["title"] == TITLE


@pytest.mark.parametrize(
    "value",
    [
        "plain عربي نص",
        "tab\there, newline\nthere, return\r, backslash \\ and \\t literally",
        f"{RLO}reversed{PDI} \u2066isolate\u2069 \u200fmark \x1b[31m \x85 \x7f",
        "\\u202e is six characters, \\\\u0041 too",
        "می\u200cخواهم (ZWNJ stays)",
    ],
)
def test_every_escape_reads_back_as_the_value(value: str) -> None:
    assert tsv_unescape(tsv_field(value)) == value
    assert csv_unescape(csv_field(value)) == value
    assert json.loads(json_text(value)) == value
    for text in (tsv_field(value), csv_field(value).replace("\t", "").replace("\n", "")):
        raw_free(text)
    assert "\t" not in tsv_field(value)
    assert "\n" not in tsv_field(value)
    assert "\u200c" in tsv_field("می\u200cخواهم")


def test_tsv_rows_never_quote_and_escape_separators() -> None:
    rows = [{"id": "a", "title": 'say "hi"\tand\nbye \\', "tags": ["x", "y"], "n": 3}]
    text = delimited(rows, ["id", "title", "tags", "n"], "tsv")
    assert text == 'id\ttitle\ttags\tn\na\tsay "hi"\\tand\\nbye \\\\\tx;y\t3\n'
    as_csv = delimited(rows, ["id", "title", "tags", "n"], "csv")
    assert list(csv.reader(io.StringIO(as_csv)))[1] == ["a", 'say "hi"\tand\nbye \\', "x;y", "3"]


def test_trec_run_lines_escape_the_docno(root: Path) -> None:
    out = run(root, "search", f"id:{RECORD}", "--format", "trec").stdout
    raw_free(out)
    assert out.split()[2] == "src\\u202e1\\u202c"

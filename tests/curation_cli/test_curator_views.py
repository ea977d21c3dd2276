"""What a curator needs to see (issue 16): withdrawn columns, list filters, CSV headers in any
case, and the duplicates listing (titles, links, withdrawn records)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.curation_cli.helpers import COPY, KAYHAN, OTHER, PERSIAN, WIRE, ok, run

WITHDRAW = ("withdraw", KAYHAN, "--reason", "Takedown request")


def rows_of(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_list_marks_withdrawn_records_in_csv_and_tsv(root: Path, fmt: str) -> None:
    ok(root, *WITHDRAW)
    plain = rows_of(ok(root, "list", "--format", fmt).output, "," if fmt == "csv" else "\t")
    assert KAYHAN not in {r["id"] for r in plain}
    assert "withdrawn" not in plain[0]
    shown = rows_of(
        ok(root, "list", "--include-withdrawn", "--format", fmt).output,
        "," if fmt == "csv" else "\t",
    )
    assert {r["id"]: r["withdrawn"] for r in shown} == {
        i: "yes" if i == KAYHAN else "no" for i in (WIRE, COPY, KAYHAN, PERSIAN, OTHER)
    }


def test_list_table_has_a_withdrawn_column_only_when_asked(root: Path) -> None:
    ok(root, *WITHDRAW)
    table = ok(root, "list", "--include-withdrawn", "--format", "table").output.splitlines()
    assert table[0].split()[-1] == "WITHDRAWN"
    marks = {line.split()[0]: line.split()[-1] for line in table[1:]}
    assert marks[KAYHAN] == "yes"
    assert marks[WIRE] == "no"
    assert "WITHDRAWN" not in ok(root, "list", "--format", "table").output


def test_search_marks_withdrawn_hits_in_table_csv_and_tsv(root: Path) -> None:
    ok(root, *WITHDRAW)
    query = ("search", "المقاومة", "--include-withdrawn")
    hits = rows_of(ok(root, *query, "--format", "csv").output)
    assert {r["id"]: r["withdrawn"] for r in hits}[KAYHAN] == "yes"
    assert {r["withdrawn"] for r in hits} == {"yes", "no"}
    tsv = rows_of(ok(root, *query, "--format", "tsv").output, "\t")
    assert {r["id"]: r["withdrawn"] for r in tsv}[KAYHAN] == "yes"
    table = ok(root, *query, "--format", "table").output.splitlines()
    assert "WITHDRAWN" in table[0].split()
    assert "WITHDRAWN" not in ok(root, "search", "المقاومة", "--format", "table").output


def test_export_marks_withdrawn_and_the_csv_still_imports(root: Path, tmp_path: Path) -> None:
    ok(root, *WITHDRAW)
    sheet = tmp_path / "all.csv"
    ok(root, "export", "--include-withdrawn", "-o", str(sheet))
    rows = rows_of(sheet.read_text("utf-8"))
    assert {r["id"]: r["withdrawn"] for r in rows}[KAYHAN] == "yes"
    assert "withdrawn" not in rows_of(ok(root, "export").output)[0]
    # the column is read past on import: changing it changes nothing
    text = sheet.read_text("utf-8")
    assert ",yes\n" in text
    sheet.write_text(text.replace(",yes\n", ",no\n"), "utf-8")
    assert "no changes" in ok(root, "edit", "--from-csv", str(sheet)).output


def test_csv_headers_in_any_case(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "fixes.csv"
    sheet.write_text(f"ID,Outlet,TAGS,Title.EN\n{PERSIAN},ایرنا,iraq,IRNA report\n", "utf-8")
    out = ok(root, "edit", "--from-csv", str(sheet), "--dry-run").output
    assert "outlet: (none) → 'ایرنا'" in out
    ok(root, "edit", "--from-csv", str(sheet))
    shown = json.loads(ok(root, "show", PERSIAN, "--format", "json").output)
    assert shown["outlet"] == "ایرنا"
    assert shown["tags"] == ["iraq"]
    assert shown["titles_translated"] == {"en": "IRNA report"}


def test_csv_header_still_refuses_unknown_columns(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text(f"Id,Publisher\n{PERSIAN},x\n", "utf-8")
    result = run(root, "edit", "--from-csv", str(sheet))
    assert result.exit_code != 0
    assert "'Publisher'" in result.output


def ids_of(root: Path, *args: str) -> list[str]:
    return [json.loads(line)["id"] for line in ok(root, "list", *args).output.splitlines()]


def test_list_filters_by_outlet_lang_and_dates(root: Path) -> None:
    ok(root, "edit", WIRE, "--set", "outlet=السومرية نيوز", "--set", "published=2021-11-18")
    ok(root, "edit", PERSIAN, "--set", "lang=fa-IR")
    assert ids_of(root, "--outlet", "kayhan.ir") == [KAYHAN]
    assert ids_of(root, "--outlet", "KAYHAN.IR") == [KAYHAN]
    assert ids_of(root, "--outlet", "السومريه نيوز") == [WIRE]  # folded like search
    assert ids_of(root, "--lang", "fa") == [PERSIAN]
    assert ids_of(root, "--lang", "fa-ir") == [PERSIAN]
    assert PERSIAN not in ids_of(root, "--lang", "ar")
    assert ids_of(root, "--since", "2021-11") == sorted([WIRE, COPY])
    assert ids_of(root, "--until", "2021-11-18") == sorted([WIRE, KAYHAN])
    assert ids_of(root, "--since", "2021-08", "--until", "2021-11-18") == [WIRE]
    assert ids_of(root, "--until", "2021-07") == [KAYHAN]
    assert ids_of(root, "--lang", "ar", "--since", "2021") == sorted([WIRE, COPY, KAYHAN])
    ok(root, *WITHDRAW)
    assert ids_of(root, "--outlet", "kayhan.ir") == []
    assert ids_of(root, "--outlet", "kayhan.ir", "--include-withdrawn") == [KAYHAN]


def test_list_refuses_a_date_that_is_not_one(root: Path) -> None:
    result = run(root, "list", "--since", "2021-13")
    assert result.exit_code == 2
    assert "no month 13" in result.output


def test_duplicates_table_shows_titles_and_links(root: Path) -> None:
    # a wide terminal: the titles get their room (narrow ones cut them: tests/cli)
    wide = {"COLUMNS": "200"}
    table = ok(root, "duplicates", "--format", "table", env=wide).output.splitlines()
    assert table[0].split() == ["IDS", "KIND", "SIMILARITY", "LINKED", "TITLES", "SHARED"]
    assert "العراق ينفي تمديد" in table[1]
    assert "العمليات العراقية المشتركة" in table[1]
    [row] = [json.loads(line) for line in ok(root, "duplicates").output.splitlines()]
    assert row["linked"] == []
    assert row["titles"][0] == "العراق ينفي تمديد موعد انسحاب القوات الأميركية"
    ok(root, "link", COPY, WIRE, "--as", "same-story")
    [row] = [json.loads(line) for line in ok(root, "duplicates").output.splitlines()]
    assert row["linked"] == ["same-story"]
    assert "same-story" in ok(root, "duplicates", "--format", "table").output


def test_duplicates_include_withdrawn_like_the_other_listings(root: Path) -> None:
    ok(root, "withdraw", WIRE, "--reason", "Copy of a wire story")
    assert ok(root, "duplicates").output == ""
    [row] = [
        json.loads(line)
        for line in ok(root, "duplicates", "--include-withdrawn").output.splitlines()
    ]
    assert sorted(row["ids"]) == sorted([WIRE, COPY])
    assert row["withdrawn"] == [WIRE]
    table = ok(root, "duplicates", "--include-withdrawn", "--format", "table").output
    assert "WITHDRAWN" in table.splitlines()[0]
    assert WIRE in table.splitlines()[1].split("passage")[1]


TITLE = "العراق ينفي تمديد موعد انسحاب القوات الأميركية"


def edit_with(root: Path, tmp_path: Path, short_id: str, *lines: tuple[str, str, str]) -> Any:
    """Edit the record with an "editor" that replaces `old` by `new` on the lines holding
    `marker` only (one copy of the title, or both)."""
    script = tmp_path / "retitle.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read().splitlines(keepends=True)\n"
        f"for marker, old, new in {list(lines)!r}:\n"
        "    text = [l.replace(old, new) if marker in l else l for l in text]\n"
        "open(path, 'w', encoding='utf-8').write(''.join(text))\n",
        "utf-8",
    )
    return run(root, "edit", short_id, env={"VISUAL": f"{sys.executable} {script}"}, input="n\n")


MAIN, ARTICLE = 'type="main"', 'level="a"'


@pytest.mark.parametrize("marker", [MAIN, ARTICLE])
def test_editing_one_copy_of_the_title_changes_both(
    root: Path, tmp_path: Path, marker: str
) -> None:
    result = edit_with(root, tmp_path, COPY, (marker, "ينفي", "يؤكد"))
    assert result.exit_code == 0, result.output
    shown = json.loads(ok(root, "show", COPY, "--format", "json").output)
    assert shown["title"] == TITLE.replace("ينفي", "يؤكد")
    xml = ok(root, "show", COPY, "--format", "tei").output
    new = TITLE.replace("ينفي", "يؤكد")
    assert f'<title type="main" xml:lang="ar">{new}</title>' in xml
    assert f'<title level="a">{new}</title>' in xml


def test_a_title_given_to_an_untitled_record_in_the_editor(root: Path, tmp_path: Path) -> None:
    empty = '<title type="main" xml:lang="fa"/>'
    assert empty in ok(root, "show", PERSIAN, "--format", "tei").output
    result = edit_with(
        root, tmp_path, PERSIAN, (MAIN, empty, '<title type="main" xml:lang="fa">گزارش</title>')
    )
    assert result.exit_code == 0, result.output
    assert json.loads(ok(root, "show", PERSIAN, "--format", "json").output)["title"] == "گزارش"
    assert '<title level="a">گزارش</title>' in ok(root, "show", PERSIAN, "--format", "tei").output


def test_both_copies_changed_differently_is_refused_with_what_to_change(
    root: Path, tmp_path: Path
) -> None:
    result = edit_with(root, tmp_path, COPY, (MAIN, "ينفي", "يؤكد"), (ARTICLE, "ينفي", "يرفض"))
    assert result.exit_code != 0
    assert "the title is written twice and the copies differ" in result.output
    assert "يؤكد" in result.output
    assert "يرفض" in result.output
    assert json.loads(ok(root, "show", COPY, "--format", "json").output)["title"] == TITLE

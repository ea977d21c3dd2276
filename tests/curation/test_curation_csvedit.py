"""Batch edits from CSV: export → spreadsheet → import round-trips; every bad row is reported."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arshif.curation.csvedit import (
    EXPORT_COLUMNS,
    CsvEditError,
    RowEdit,
    export_columns,
    export_rows,
    plan_edits,
    read_edit_csv,
    to_csv,
)
from arshif.curation.fields import FieldChange
from arshif.errors import ValidationError
from arshif.model import CaptureInfo, Metadata, Record

CAPTURE = CaptureInfo(
    path="capture.txt", sha256="0" * 64, size=1, media_type="text/plain", encoding="utf-8"
)


def record(short_id: str, **metadata: object) -> Record:
    return Record(short_id, Metadata().with_changes(**metadata), ("نص",), CAPTURE)


RECORDS = [
    record(
        "aaa111",
        title="العراق ينفي تمديد موعد انسحاب القوات الأميركية",
        outlet="العربي الجديد",
        published="2021-11-19",
        url="https://www.alaraby.co.uk/x",
        lang="ar",
        tags=("wire", "iraq"),
        note='He said "no", twice,\nand left.',
    ),
    record(
        "bbb222",
        title='=HYPERLINK("http://evil")',
        author="-Anon",
        lang="fa",
        titles_translated=(("en", "Iraq denies"),),
    ),
    record("ccc333"),
]
CURRENT = {r.id: r.metadata for r in RECORDS}


def test_export_columns_and_rows() -> None:
    assert EXPORT_COLUMNS[0] == "id"
    rows = list(export_rows(RECORDS))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert rows[0]["tags"] == "wire; iraq"
    assert rows[1]["title"] == '\'=HYPERLINK("http://evil")'  # no formula in a spreadsheet
    assert rows[1]["author"] == "'-Anon"
    assert rows[2]["title"] == ""
    columns = export_columns(RECORDS)
    assert columns[:4] == ("id", "title", "title.romanized", "title.en")
    assert list(export_rows(RECORDS, columns))[1]["title.en"] == "Iraq denies"


def test_unchanged_export_reads_back_as_no_edits() -> None:
    text = to_csv(RECORDS, export_columns(RECORDS))
    assert text.startswith("\ufeff")
    assert read_edit_csv(text, CURRENT) == []
    assert read_edit_csv(text.encode("utf-8"), CURRENT) == []
    rows = read_edit_csv(text)  # without current values: every cell, validated
    assert plan_edits(rows, CURRENT) == []


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=15).filter(
    lambda s: s == s.strip()
)
_TAG = st.text("abcxyzعراق_-+", min_size=1, max_size=6).filter(lambda t: t[0] not in "+-")


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "title": st.none() | _TEXT.filter(lambda s: "\n" not in s),
                "author": st.none() | st.sampled_from(["=1+1", "@x", "+98", "'=a", "علي, حسن"]),
                "note": st.none() | st.text(max_size=30),
                "published": st.none() | st.sampled_from(["2021", "2021-11-19T10:00+03:30"]),
                "tags": st.lists(_TAG, max_size=3, unique=True).map(tuple),
            }
        ),
        max_size=5,
    )
)
def test_csv_export_then_import_of_unchanged_rows_gives_no_edits(
    metas: list[dict[str, object]],
) -> None:
    records = [record(f"id{i}", **meta) for i, meta in enumerate(metas)]
    current = {r.id: r.metadata for r in records}
    text = to_csv(records)
    assert read_edit_csv(text, current) == []
    assert plan_edits(read_edit_csv(text), current) == []


def _sheet(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def test_changed_cells_become_edits_and_plans() -> None:
    text = _sheet(
        [
            ["id", "title", "author", "tags", "published", "title.EN"],
            [
                "aaa111",
                "العراق ينفي تمديد موعد انسحاب القوات الأميركية",
                "",
                "iraq;wire",
                "2021-11-20",
                "Iraq",
            ],
            ["urn:arshif:bbb222", "عنوان جديد", "-Anon", "", "", "Iraq denies"],
            ["ccc333", "", "", "", "", ""],
        ]
    )
    rows = read_edit_csv(text, CURRENT)
    assert rows == [
        RowEdit("aaa111", (("published", "2021-11-20"), ("title.en", "Iraq")), 2),
        RowEdit("bbb222", (("title", "عنوان جديد"),), 3),
    ]
    plans = plan_edits(rows, CURRENT)
    assert [p.id for p in plans] == ["aaa111", "bbb222"]
    assert plans[0].changes == (
        FieldChange("title.en", None, "Iraq"),
        FieldChange("published", "2021-11-19", "2021-11-20"),
    )
    assert plans[1].new.title == "عنوان جديد"
    assert plans[1].new.author == "-Anon"


def test_empty_cell_clears_missing_column_keeps() -> None:
    rows = read_edit_csv(_sheet([["id", "outlet"], ["aaa111", ""]]), CURRENT)
    (plan,) = plan_edits(rows, CURRENT)
    assert plan.new.outlet is None
    assert plan.new.title == CURRENT["aaa111"].title  # no title column: untouched
    rows = read_edit_csv(_sheet([["id", "outlet", "tags"], ["aaa111", "X"]]), CURRENT)
    (plan,) = plan_edits(rows, CURRENT)
    assert plan.new.tags == ("wire", "iraq")  # a short row leaves the missing cells alone


def test_tags_are_a_full_list_separated_by_semicolons_or_commas() -> None:
    rows = read_edit_csv(_sheet([["id", "tags"], ["aaa111", "wire, gulf"]]), CURRENT)
    (plan,) = plan_edits(rows, CURRENT)
    assert plan.new.tags == ("wire", "gulf")
    with pytest.raises(CsvEditError, match="does not start with"):
        read_edit_csv(_sheet([["id", "tags"], ["aaa111", "+gulf"]]), CURRENT)


def test_excel_flavours_bom_semicolon_and_a_path(tmp_path: Path) -> None:
    text = _sheet([["id", "title", "lang"], ["ccc333", "عنوان", "AR"]], delimiter=";")
    path = tmp_path / "edits.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (row,) = read_edit_csv(path, CURRENT)
    assert row.assignments == (("title", "عنوان"), ("lang", "AR"))
    (plan,) = plan_edits([row], CURRENT)
    assert plan.new.lang == "ar"


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_returned() -> None:
    text = _sheet(
        [
            ["id", "title", "published", "url", "note"],
            ["aaa111", "ok", "2021-11-19", "", "multi\nline\nnote"],  # lines 2-4
            ["bbb222", "x", "19/11/2021", "www.example.com", ""],  # line 5: two bad cells
            ["nope00", "x", "", "", ""],  # line 6: unknown id
            ["", "x", "", "", ""],  # line 7: no id
            ["aaa111", "again", "", "", ""],  # line 8: duplicate
            ["ccc333", "a\nb", "", "", ""],  # lines 9-10: a title on two lines
        ]
    )
    with pytest.raises(CsvEditError) as info:
        read_edit_csv(text, CURRENT)
    problems = info.value.problems
    assert [p.line for p in problems] == [5, 6, 7, 8, 9]
    assert "published='19/11/2021'" in problems[0].message
    assert "url='www.example.com'" in problems[0].message
    assert problems[1].message == "no record with this id in the archive"
    assert "already on line 2" in problems[3].message
    assert "one line" in problems[4].message
    assert isinstance(info.value, ValidationError)
    assert str(info.value).startswith("5 problems in the CSV, nothing applied: line 5 (bbb222): ")
    assert "\n" not in str(info.value)


def test_header_problems() -> None:
    with pytest.raises(CsvEditError, match="no 'id' column"):
        read_edit_csv("title\nx\n")
    with pytest.raises(CsvEditError, match="'titel' is not an editable field"):
        read_edit_csv("id,titel\na,x\n")
    with pytest.raises(CsvEditError, match="appears twice"):
        read_edit_csv("id,title,title\na,x,y\n")
    with pytest.raises(CsvEditError, match="empty"):
        read_edit_csv("")
    with pytest.raises(CsvEditError, match="3 cells for 2 columns"):
        read_edit_csv("id,title\na,x,y\n")
    with pytest.raises(CsvEditError, match="not UTF-8"):
        read_edit_csv("id,title\na,\u0639\n".encode("cp1256"))


def test_plan_reports_unknown_ids() -> None:
    with pytest.raises(CsvEditError, match="line 4 \\(zzz\\): no record"):
        plan_edits([RowEdit("zzz", (("title", "x"),), 4)], CURRENT)

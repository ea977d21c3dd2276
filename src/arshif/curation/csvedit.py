"""Batch metadata edits through a spreadsheet: export the metadata as CSV, fix it, bring it back.

The CSV has an ``id`` column and one column per editable field (`EXPORT_COLUMNS` is what
``arshif export --format csv`` writes; ``title.<lang>``, ``source_id`` and ``retrieved`` columns
are accepted too). Rules:

- UTF-8, with or without a BOM (the export writes one so that Excel reads Arabic script); the
  delimiter is ``,`` (``;`` or tab are recognised from the header, as European Excel saves them).
- A cell equal to the record's current value changes nothing; an empty cell clears the field; a
  missing column, or a row shorter than the header, leaves the field alone.
- ``tags`` cells list every tag of the record, separated by ``;`` (the export writes ``a; b``;
  ``,`` is accepted too); order does not matter. ``+``/``-`` prefixes are not used here.
- Cells starting with ``=``, ``+``, ``-`` or ``@`` (or ``'``) are exported behind a ``'`` so
  that a spreadsheet does not run them as formulas (CSV injection); on import one ``'`` before
  one of those characters is removed.
- Control characters a terminal would obey (C0/C1 other than tab and newline, bidi controls and
  marks) are exported as ``\\u202e`` escapes, and read back as the characters they stand for
  (`arshif.text.escape.csv_field`, `csv_unescape`): the export round-trips exactly.
- Column headers are read in any case (``ID``, ``Outlet``, ``Title.EN``). A ``withdrawn``
  column (``arshif export --include-withdrawn`` writes one) is for reading only and ignored
  here: withdrawing and restoring are ``arshif withdraw`` and ``arshif restore``.
- Every row is checked before anything is applied; all bad rows are reported with their line
  numbers in one `CsvEditError` (a `ValidationError`), and nothing is applied.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from arshif.curation.fields import (
    FieldChange,
    apply_edits,
    check_field_name,
    describe_changes,
    split_tags,
    tag_problem,
)
from arshif.errors import ValidationError
from arshif.model import Metadata, Record, short_id_of
from arshif.text.escape import csv_field, csv_unescape
from arshif.text.normalize import normalize_storage

#: Columns of ``arshif export --format csv``, in order.
EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "title.romanized",
    "outlet",
    "author",
    "published",
    "url",
    "lang",
    "tags",
    "note",
)
TAG_SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@")
_GUARDED = (*_FORMULA_STARTS, "'")  # a leading ' is doubled so that the guard round-trips
_DELIMITERS = (",", ";", "\t")
#: Columns an export may hold that an import reads past (the record's state, not a field).
READ_ONLY_COLUMNS = ("withdrawn",)


@dataclasses.dataclass(frozen=True)
class RowEdit:
    """The assignments of one CSV row (only the changed cells when read against current values)."""

    id: str
    assignments: tuple[tuple[str, str], ...]
    line: int  #: line of the file where the row starts (the header is line 1)


@dataclasses.dataclass(frozen=True)
class RowProblem:
    line: int
    id: str | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}" + (f" ({self.id})" if self.id else "") + f": {self.message}"


class CsvEditError(ValidationError):
    """One or more rows of an edit CSV are invalid; `problems` lists them all."""

    def __init__(self, problems: Sequence[RowProblem], source: str = "the CSV") -> None:
        self.problems = tuple(problems)
        count = f"{len(self.problems)} problem{'s' if len(self.problems) > 1 else ''}"
        details = "; ".join(str(p) for p in self.problems)
        super().__init__(f"{count} in {source}, nothing applied: {details}")


@dataclasses.dataclass(frozen=True)
class PlannedEdit:
    """The edit of one record a CSV row asks for (pure: nothing is written)."""

    id: str
    line: int
    old: Metadata
    new: Metadata
    changes: tuple[FieldChange, ...]


# --- export -------------------------------------------------------------------------------------


def field_value(metadata: Metadata, column: str) -> str:
    """The text of an editable column for `metadata`, as the export writes it ("" for None)."""
    field = check_field_name(column)
    if field == "tags":
        return TAG_SEPARATOR.join(metadata.tags)
    if field == "title.romanized":
        return metadata.title_romanized or ""
    if field.startswith("title."):
        lang = field.removeprefix("title.").lower()
        return next((t for tag, t in metadata.titles_translated if tag.lower() == lang), "")
    value = getattr(metadata, field)
    return value if isinstance(value, str) else ""


def export_columns(records: Iterable[Record]) -> tuple[str, ...]:
    """`EXPORT_COLUMNS` plus a ``title.<lang>`` column for each translated title present."""
    langs = sorted({tag for r in records for tag, _ in r.metadata.titles_translated})
    at = EXPORT_COLUMNS.index("title.romanized") + 1
    return (*EXPORT_COLUMNS[:at], *(f"title.{lang}" for lang in langs), *EXPORT_COLUMNS[at:])


def _guard(cell: str) -> str:
    return "'" + cell if cell.startswith(_GUARDED) else cell


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_GUARDED) else cell


def export_rows(
    records: Iterable[Record], columns: Sequence[str] = EXPORT_COLUMNS
) -> Iterator[dict[str, str]]:
    """One dict per record, keyed by `columns`, with cells guarded against formula injection."""
    for record in records:
        row = {"id": record.id}
        for column in columns:
            if column == "withdrawn":
                row[column] = "yes" if record.withdrawn is not None else "no"
            elif column != "id":
                row[column] = _guard(csv_field(field_value(record.metadata, column)))
        yield {column: row[column] for column in columns}


def to_csv(
    records: Iterable[Record], columns: Sequence[str] = EXPORT_COLUMNS, bom: bool = True
) -> str:
    """The CSV text of `export_rows` (CRLF line ends, a BOM unless `bom` is false)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(export_rows(records, columns))
    return ("\ufeff" if bom else "") + buffer.getvalue()


def metadata_csv(records: Sequence[Record], *, withdrawn_column: bool = False) -> str:
    """The metadata CSV of `records`, the columns of ``arshif export`` (what ``edit
    --from-csv`` reads back; a bag carries it too), with a ``withdrawn`` column if asked."""
    columns = export_columns(records)
    return to_csv(records, (*columns, "withdrawn") if withdrawn_column else columns)


# --- import -------------------------------------------------------------------------------------


def _read_regular(path: Path) -> bytes:
    """A CSV file's bytes; FIFOs and devices are refused instead of blocking or never ending."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise ValidationError(f"{path} is not a regular file")
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror}") from exc


def _text_of(source: str | bytes | os.PathLike[str]) -> tuple[str, str]:
    """(text, name): a path is read, bytes are decoded; a str is the CSV text itself."""
    name = "the CSV"
    if isinstance(source, os.PathLike):
        name = os.fspath(source)
        source = _read_regular(Path(source))
    if isinstance(source, bytes):
        data = source
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise CsvEditError(
                [RowProblem(line, None, "not UTF-8: save the sheet as 'CSV UTF-8'")], name
            ) from exc
    return source.removeprefix("\ufeff"), name


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=lambda d: (header.count(d), d == ","))


def _same(metadata: Metadata, field: str, cell: str) -> bool:
    if field == "tags":
        return set(split_tags(normalize_storage(cell))) == set(metadata.tags)
    current = field_value(metadata, field)
    return normalize_storage(cell).strip() == normalize_storage(current).strip()


def _assignment(field: str, cell: str) -> tuple[str, str]:
    """The ``--set`` form of a cell (tags listed in full, never + or -)."""
    if field != "tags":
        return field, cell
    tags = split_tags(normalize_storage(cell))
    for tag in tags:
        why = tag_problem(tag)
        if why:
            raise ValidationError(f"tags={cell!r}: {tag!r}: {why}")
    return field, ",".join(tags)


def _header(cells: list[str]) -> tuple[list[str], list[RowProblem]]:
    fields: list[str] = []
    problems = []
    for cell in cells:
        name = cell.strip().lower()
        try:
            field = name if name in ("id", *READ_ONLY_COLUMNS) else check_field_name(cell)
        except ValidationError as exc:
            problems.append(RowProblem(1, None, f"column {cell.strip()!r}: {exc}"))
            field = ""
        if field and field in fields:
            problems.append(RowProblem(1, None, f"column {field!r} appears twice"))
        fields.append(field)
    if "id" not in fields:
        problems.append(RowProblem(1, None, "no 'id' column (export first: arshif export)"))
    return fields, problems


def read_edit_csv(
    source: str | bytes | os.PathLike[str], current: Mapping[str, Metadata] | None = None
) -> list[RowEdit]:
    """The rows of an edit CSV, every value validated; CsvEditError lists every bad row.

    `source` is a path, the file's bytes, or its text. With `current` (short id → the
    record's metadata), cells equal to the current value are dropped, rows left without any
    assignment are omitted, and ids not in `current` are errors.
    """
    text, name = _text_of(source)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    problems: list[RowProblem] = []
    rows: list[RowEdit] = []
    seen: dict[str, int] = {}
    fields: list[str] | None = None
    last = 0
    try:
        for cells in reader:
            line, last = last + 1, reader.line_num
            if fields is None:
                fields, problems = _header(cells)
                if problems:
                    break
                continue
            if not any(cell.strip() for cell in cells):
                continue
            row_id, row_problems = _read_row(fields, cells, line, current, rows)
            problems += row_problems
            if row_id and row_id in seen:
                problems.append(RowProblem(line, row_id, f"id already on line {seen[row_id]}"))
            elif row_id:
                seen[row_id] = line
    except csv.Error as exc:
        problems.append(RowProblem(reader.line_num, None, f"malformed CSV: {exc}"))
    if fields is None and not problems:
        problems.append(RowProblem(1, None, "the file is empty"))
    if problems:
        raise CsvEditError(problems, name)
    return rows


def _read_row(
    fields: list[str],
    cells: list[str],
    line: int,
    current: Mapping[str, Metadata] | None,
    rows: list[RowEdit],
) -> tuple[str | None, list[RowProblem]]:
    """Validate one data row; append its RowEdit to `rows` when it is valid and not empty."""
    if any(cell.strip() for cell in cells[len(fields) :]):
        return None, [RowProblem(line, None, f"{len(cells)} cells for {len(fields)} columns")]
    values = dict(zip(fields, cells, strict=False))
    row_id = short_id_of(values.pop("id", "").strip())
    if not row_id:
        return None, [RowProblem(line, None, "no id")]
    metadata = current.get(row_id) if current is not None else None
    if current is not None and metadata is None:
        return row_id, [RowProblem(line, row_id, "no record with this id in the archive")]
    assignments: list[tuple[str, str]] = []
    errors: list[str] = []
    for field, raw in values.items():
        if field in READ_ONLY_COLUMNS:
            continue
        cell = csv_unescape(_unguard(raw))
        if metadata is not None and _same(metadata, field, cell):
            continue
        try:
            assignments.append(_assignment(field, cell))
        except ValidationError as exc:
            errors.append(str(exc))
    try:
        apply_edits(metadata or Metadata(), assignments)
    except ValidationError as exc:
        errors.append(str(exc))
    if errors:
        return row_id, [RowProblem(line, row_id, "; ".join(errors))]
    if assignments or current is None:
        rows.append(RowEdit(row_id, tuple(assignments), line))
    return row_id, []


def plan_edits(rows: Sequence[RowEdit], current: Mapping[str, Metadata]) -> list[PlannedEdit]:
    """The record edits `rows` ask for, each validated; rows changing nothing are left out.
    Raises CsvEditError listing every bad row; nothing is planned unless all are valid."""
    plans: list[PlannedEdit] = []
    problems: list[RowProblem] = []
    for row in rows:
        old = current.get(row.id)
        if old is None:
            problems.append(RowProblem(row.line, row.id, "no record with this id in the archive"))
            continue
        changed = [(f, v) for f, v in row.assignments if not _same(old, check_field_name(f), v)]
        try:
            new = apply_edits(old, changed)
        except ValidationError as exc:
            problems.append(RowProblem(row.line, row.id, str(exc)))
            continue
        changes = describe_changes(old, new)
        if changes:
            plans.append(PlannedEdit(row.id, row.line, old, new, tuple(changes)))
    if problems:
        raise CsvEditError(problems)
    return plans

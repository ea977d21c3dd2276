"""One validation for every way in: ingest options, manifest lines, ``edit --set``, ``edit
--from-csv`` and the editor refuse the same bad values (`arshif.validators`), and write nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.curation_cli.helpers import COPY, run
from tests.reliability.helpers import snapshot

ARTICLE = "أعلنت وزارة التعليم في المملكة عن استمرار القبول في الكليات التقنية حتى نهاية الشهر"

#: (field, bad value, what the refusal says)
BAD_VALUES = [
    ("lang", "klingon", "not a known language"),
    ("lang", "xx", "not a known language"),
    ("lang", "english", "not a known language"),
    ("lang", "ar latn", "BCP 47"),
    ("published", "2021-13-01", "not a real date"),
    ("published", "1400-08-27", "Hijri or Jalali"),
    ("retrieved", "yesterday", "not an ISO 8601 date"),
    ("url", "javascript:alert(1)", "http"),
    ("url", "https://exa mple.org/a", "WHATWG"),
    ("tags", "two words", "no spaces"),
    ("title", "first line\nsecond line", "one line"),
]
IDS = [f"{field}={value!r}" for field, value, _ in BAD_VALUES]
INGEST_OPTIONS = {"lang", "published", "retrieved", "url", "title"}


def refused(root: Path, code: int, why: str, *args: str, **kwargs: object) -> None:
    before = snapshot(root / "archive")
    result = run(root, *args, **kwargs)  # type: ignore[arg-type]
    assert result.exit_code == code, result.output
    assert why in result.stderr, result.stderr
    assert snapshot(root / "archive") == before


@pytest.mark.parametrize(("field", "value", "why"), BAD_VALUES, ids=IDS)
def test_ingest_options_and_manifest_lines(
    root: Path, tmp_path: Path, field: str, value: str, why: str
) -> None:
    capture = tmp_path / "article.txt"
    capture.write_text(ARTICLE, "utf-8")
    if field in INGEST_OPTIONS:
        refused(root, 2, why, "ingest", str(capture), f"--{field}", value)
    manifest = tmp_path / "batch.jsonl"
    manifest.write_text(json.dumps({"text": ARTICLE, field: value}) + "\n", "utf-8")
    refused(root, 6, why, "ingest", "--manifest", str(manifest))


@pytest.mark.parametrize(("field", "value", "why"), BAD_VALUES, ids=IDS)
def test_edit_set_and_csv(root: Path, tmp_path: Path, field: str, value: str, why: str) -> None:
    refused(root, 2, why, "edit", COPY, "--set", f"{field}={value}")
    sheet = tmp_path / "fixes.csv"
    quoted = '"' + value.replace('"', '""') + '"'
    sheet.write_text(f"id,{field}\n{COPY},{quoted}\n", "utf-8")
    refused(root, 2, why, "edit", "--from-csv", str(sheet))


#: What the editor changes in seed 003's TEI for each field it can show (old → new text).
EDITS = {
    "lang": [('ident="ar"', 'ident="{}"'), ('xml:lang="ar"', 'xml:lang="{}"')],
    "url": [
        (
            'calendar="#cal-gregorian">19 نوفمبر 2021</date>',
            'calendar="#cal-gregorian">19 نوفمبر 2021</date><idno type="URL">{}</idno>',
        )
    ],
}


@pytest.mark.parametrize(
    ("field", "value", "why"), [v for v in BAD_VALUES if v[0] in EDITS], ids=lambda v: str(v)
)
def test_the_editor(root: Path, tmp_path: Path, field: str, value: str, why: str) -> None:
    lines = ["import sys", "path = sys.argv[1]", "text = open(path, encoding='utf-8').read()"]
    for old, new in EDITS[field]:
        lines += [f"assert {old!r} in text", f"text = text.replace({old!r}, {new.format(value)!r})"]
    lines.append("open(path, 'w', encoding='utf-8').write(text)")
    script = tmp_path / "editor.py"
    script.write_text("\n".join(lines) + "\n", "utf-8")
    editor = f"{sys.executable} {script}"
    # a tag the TEI schema itself refuses is refused by it first, in its own words
    why = value if value == "ar latn" else why
    refused(root, 7, why, "edit", COPY, input="n\n", env={"VISUAL": editor})

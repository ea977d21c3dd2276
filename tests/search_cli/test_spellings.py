"""Spellings search must not miss (issue 15), through `arshif ingest --manifest` and `arshif
search`: hamza seats (مسؤول/مسئول), Persian compounds joined, spaced or with ZWNJ, identifiers
in any digit script, the article ال across scripts, and "did you mean" only for a word the
index does not hold. Also: an index of an older analysis version is rebuilt, not misread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arshif.search import SCHEMA_VERSION, SearchIndex

from .helpers import cli, hit_ids, ndjson

#: source_id → (lang, title, text)
RECORDS = {
    "ar-hamza": ("ar", "تصريح المسؤول", "قال المسؤول عن شؤون الخارجية إن إسرائيل ترفض الاتفاق."),
    "fa-hamza": ("fa", "گفتگوی مسئول", "مسئول امور خارجه درباره شئون منطقه و اسراییل سخن گفت."),
    "ar-plain": ("ar", "خبر عادي", "اجتمع الوزراء في الرياض لبحث ميزانية العام المقبل."),
    "fa-joined": ("fa", "تصمیم دولت", "این تصمیم سرنوشتساز برای اقتصاد کشور بود."),
    "fa-spaced": ("fa", "انتخابات", "یک انتخاب سرنوشت ساز در پیش است و مردم رای می دهند."),
    "fa-zwnj": ("fa", "روز مهم", "فردا روز سرنوشت‌ساز مجلس است."),
    "fa-article": ("fa", "سخنان الخفاجی", "الخفاجی در بغداد درباره خروج نیروها سخن گفت."),
    "ar-article": ("ar", "تصريح الخفاجي", "قال اللواء الخفاجي إن القوات ستنسحب."),
    "ar-rare": ("ar", "تحميها", "القوات التي تحميها الدولة تنتشر في المدينة."),
    "ar-common-1": ("ar", "تحميل", "تحميل التطبيق متاح، تحميل سريع."),
    "ar-common-2": ("ar", "برامج", "صفحة تحميل البرامج وتحميل الملفات."),
    "snn-42": ("ar", "عنوان", "نص قصير عن الطقس في جدة."),
}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory, arshif_engine: str) -> Path:
    folder = tmp_path_factory.mktemp("spellings")
    manifest = folder / "batch.jsonl"
    lines = [
        json.dumps({"text": t, "title": title, "lang": lang, "source_id": sid}, ensure_ascii=False)
        for sid, (lang, title, t) in RECORDS.items()
    ]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    root = folder / "root"
    assert cli(root, "init", "--engine", arshif_engine).exit_code == 0
    result = cli(root, "ingest", "--manifest", str(manifest))
    assert result.exit_code == 0, result.output
    return root


def found(root: Path, query: str, *args: str) -> set[str]:
    result = cli(root, "search", "--format", "ndjson", "--limit", "100", *args, "--", query)
    assert result.exit_code in (0, 1), result.output
    return {row["source_id"] for row in ndjson(result.stdout)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("مسؤول", {"ar-hamza", "fa-hamza"}),
        ("مسئول", {"ar-hamza", "fa-hamza"}),
        ("المسئول", {"ar-hamza", "fa-hamza"}),
        ("شؤون", {"ar-hamza", "fa-hamza"}),
        ("شئون", {"ar-hamza", "fa-hamza"}),
        ("إسرائيل", {"ar-hamza", "fa-hamza"}),
        ("اسراييل", {"ar-hamza", "fa-hamza"}),
        ("اسرائیل", {"ar-hamza", "fa-hamza"}),
    ],
)
def test_hamza_seats_meet_in_both_scripts(root: Path, query: str, expected: set[str]) -> None:
    assert found(root, query) == expected


def test_hamza_original_spelling_kept_in_records_snippets_and_highlights(root: Path) -> None:
    result = cli(root, "search", "مسئول", "--format", "ndjson")
    rows = {row["source_id"]: row for row in ndjson(result.stdout)}
    arabic, persian = rows["ar-hamza"]["snippet"], rows["fa-hamza"]["snippet"]
    assert "[المسؤول]" in arabic  # marked as the record writes it (ndjson shows [ ])
    assert "[مسئول]" in persian
    assert rows["ar-hamza"]["title"] == "تصريح المسؤول"
    shown = cli(root, "show", rows["ar-hamza"]["id"], "--format", "json")
    assert "المسؤول عن شؤون الخارجية إن إسرائيل" in "\n".join(json.loads(shown.stdout)["text"])


@pytest.mark.parametrize("query", ["سرنوشتساز", "سرنوشت ساز", "سرنوشت\u200cساز", "سرنوشت‌سازی"])
def test_persian_compound_joined_spaced_or_zwnj_find_each_other(root: Path, query: str) -> None:
    hits = found(root, query)
    if query.endswith("سازی"):  # the adjective: stemmed to the compound, every spelling
        assert {"fa-joined", "fa-zwnj"} <= hits
        return
    assert {"fa-joined", "fa-spaced", "fa-zwnj"} <= hits
    assert hits <= {"fa-joined", "fa-spaced", "fa-zwnj"}


def test_compound_alternatives_keep_operators(root: Path) -> None:
    # the joined form is only an alternative of the first word: what is required stays so
    assert found(root, "+مجلس سرنوشت ساز") == {"fa-zwnj"}
    assert found(root, "(سرنوشت ساز) AND مجلس") == {"fa-zwnj"}
    assert found(root, "سرنوشت ساز -اقتصاد") == {"fa-spaced", "fa-zwnj"}


@pytest.mark.parametrize("code", ["135145", "١٣٥١٤٥", "۱۳۵۱۴۵"])
def test_news_code_findable_in_any_digit_script(
    seeds_root: Path, ids: dict[str, str], code: str
) -> None:
    assert hit_ids(seeds_root, code) == {ids["004"]}
    assert hit_ids(seeds_root, f"المقاومة {code}") >= {ids["004"]}


@pytest.mark.parametrize("query", ["snn-42", "snn-٤٢", "snn-۴۲", "SNN-42", "source_id:snn-۴۲"])
def test_source_id_findable_in_any_digit_script(root: Path, query: str) -> None:
    assert found(root, query) == {"snn-42"}


@pytest.mark.parametrize("query", ["خفاجي", "خفاجی", "الخفاجي", "الخفاجی"])
def test_article_across_scripts(root: Path, query: str) -> None:
    assert found(root, query) == {"fa-article", "ar-article"}


def test_no_did_you_mean_for_a_word_the_index_holds(root: Path) -> None:
    result = cli(root, "search", "title:تحميها", "--format", "ndjson")
    assert result.exit_code == 0
    assert {row["source_id"] for row in ndjson(result.stdout)} == {"ar-rare"}
    assert "did you mean" not in result.stderr
    result = cli(root, "search", "title:تحميها", "--format", "json", "--facet", "lang")
    assert json.loads(result.stdout)["suggestion"] is None
    # a word the index does not hold still gets one, when the query finds little
    result = cli(root, "search", "تحميلل", "--format", "json", "--facet", "lang")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["suggestion"] == "تحميل"


def test_index_of_an_older_analysis_is_rebuilt_not_misread(
    tmp_path: Path, arshif_engine: str
) -> None:
    root = tmp_path / "root"
    manifest = tmp_path / "one.jsonl"
    manifest.write_text(
        json.dumps({"text": "مسئول امور خارجه", "lang": "fa", "source_id": "x"}) + "\n",
        encoding="utf-8",
    )
    assert cli(root, "init").exit_code == 0
    assert cli(root, "ingest", "--manifest", str(manifest)).exit_code == 0
    index = root / "indexes" / "search"
    generation = index / (index / "CURRENT").read_text(encoding="utf-8").strip()
    info = generation / "arshif-index.json"
    older = json.loads(info.read_text(encoding="utf-8"))  # each engine names the version
    key = "schema_version" if arshif_engine == "whoosh" else "analysis_version"
    info.write_text(json.dumps({**older, key: SCHEMA_VERSION - 1}), encoding="utf-8")
    assert SearchIndex.stored_version(index, arshif_engine) == SCHEMA_VERSION - 1
    result = cli(root, "search", "مسؤول", "--format", "ndjson")
    assert result.exit_code == 0, result.output
    assert [row["source_id"] for row in ndjson(result.stdout)] == ["x"]
    assert SearchIndex.stored_version(index, arshif_engine) == SCHEMA_VERSION

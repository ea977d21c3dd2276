"""Each seed's extracted metadata against what its text states (read by an archivist)."""

from __future__ import annotations

from pathlib import Path

import pytest

from arshif.captures import decode_capture
from arshif.extract import Extraction, extract
from arshif.model import FieldProvenance, Metadata
from tests.conftest import SEEDS


def run(stem: str, given: Metadata = Metadata()) -> Extraction:  # noqa: B008
    (path,) = SEEDS.glob(f"{stem}_*.txt")
    decoded = decode_capture(path.read_bytes(), path.name)
    return extract(decoded.text, given, decoded.paragraphs)


def evidence(result: Extraction, name: str) -> FieldProvenance:
    (found,) = [p for p in result.provenance if p.name == name]
    return found


def steps(result: Extraction) -> dict[str, tuple[str, ...]]:
    return {step.step: step.removed for step in result.cleaning}


def test_000_persian_attributed_to_irna() -> None:
    result = run("000")
    meta = result.metadata
    assert meta.lang == "fa"
    assert meta.title is None  # the first line is the lead sentence
    assert meta.outlet is None  # IRNA is quoted ("به گزارش ایرنا"), this copy is not theirs
    assert meta.attributed_source == "ایرنا"
    assert meta.published is None  # 31 December 2021 is the deadline the story is about
    assert evidence(result, "attributed_source").evidence == "به گزارش ایرنا،"
    assert evidence(result, "title") == FieldProvenance("title", "capture", None)
    assert set(result.unstated) == {"title", "outlet", "published", "news_code", "dateline"}
    assert result.paragraphs[0].startswith("به گزارش ایرنا")
    assert len(result.paragraphs) == 10
    assert result.cleaning == ()


def test_001_title_is_the_first_line() -> None:
    result = run("001")
    meta = result.metadata
    assert meta.lang == "ar"
    assert meta.title == (
        "العمليات العراقية المشتركة: موعد انسحاب القوات الأميركية ثابت في نهاية كانون الأول"
    )
    assert meta.published is None  # "كانون الأول" alone is the deadline's month
    assert meta.outlet is None  # السومرية نيوز "received a statement"; واع is quoted
    assert meta.attributed_source is None
    assert steps(result) == {"metadata-lines-removed": (meta.title,)}
    assert result.paragraphs[0].startswith("نفت قيادة العمليات")


def test_002_repeated_body_kept_once() -> None:
    result = run("002")
    meta = result.metadata
    assert meta.lang == "ar"
    assert meta.title is None  # a lead sentence ending with a period
    assert meta.published is None  # 31/12/2021 and 31 ديسمبر 2021 are the deadline
    assert meta.outlet is None
    removed = steps(result)["repeated-body-removed"]
    assert len(removed) == 9
    assert len(result.paragraphs) == 10
    assert len(set(result.paragraphs)) == len(result.paragraphs)
    assert removed == result.paragraphs[1:]


def test_003_dated_article_with_widgets() -> None:
    result = run("003")
    meta = result.metadata
    assert meta.lang == "ar"
    assert meta.title == "العراق ينفي تمديد موعد انسحاب القوات الأميركية"
    assert (meta.published, meta.published_text, meta.published_calendar) == (
        "2021-11-19",
        "19 نوفمبر 2021",
        "gregorian",
    )
    assert meta.outlet is None  # "(الأناضول)" is a photo credit
    assert steps(result) == {
        "boilerplate-removed": ("+ الخط -", "المساهمون"),
        "metadata-lines-removed": (meta.title, "19 نوفمبر 2021"),
    }
    assert result.paragraphs[0] == "جنود أميركيون في العراق (الأناضول)"
    assert result.paragraphs[-1].startswith("وكان المتحدث باسم قوة المهام المشتركة")
    assert evidence(result, "published").evidence == "19 نوفمبر 2021"


def test_004_masthead_news_code_kicker_dateline() -> None:
    result = run("004")
    meta = result.metadata
    assert meta.lang == "ar"
    assert meta.outlet == "kayhan.ir"
    assert meta.news_code == "135145"
    assert meta.published == "2021-07-31T19:51:00"  # local time as printed, no zone invented
    assert meta.published_text == "2021July31 - 19:51"
    assert meta.title == (
        "فصائل المقاومة العراقية : المواجهة قد تبدأ في أي لحظة لان واشنطن غير جادة بالانسحاب"
    )
    assert meta.dateline == "بغداد – وكالات"
    assert meta.attributed_source is None  # "لـRT" is a quote given to RT
    assert steps(result) == {
        "metadata-lines-removed": (
            "kayhan.ir",
            "رمز الخبر: 135145",
            "تأريخ النشر : 2021July31 - 19:51",
            meta.title,
        )
    }
    # the kicker stays in the body, above the dateline paragraph
    assert result.paragraphs[0] == "بسبب الالتفاف الاميركي على إرادة العراقيين.."
    assert result.paragraphs[1].startswith("بغداد – وكالات :")
    assert evidence(result, "outlet").evidence == "kayhan.ir"
    assert evidence(result, "published").evidence == "تأريخ النشر : 2021July31 - 19:51"


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_user_metadata_wins(stem: str) -> None:
    given = Metadata(title="عنوان من المستخدم", outlet="Kayhan", published="2021-08-01", lang="ar")
    result = run(stem, given)
    meta = result.metadata
    assert (meta.title, meta.outlet, meta.published, meta.lang) == (
        "عنوان من المستخدم",
        "Kayhan",
        "2021-08-01",
        "ar",
    )
    assert meta.published_text is None  # the printed form belongs to the extracted date
    origins = {p.name: p.origin for p in result.provenance}
    assert {origins[n] for n in ("title", "outlet", "published", "lang")} == {"user"}


def test_no_blank_or_whitespace_paragraphs(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        result = extract(path.read_text("utf-8"))
        assert all(p and p == p.strip() for p in result.paragraphs)

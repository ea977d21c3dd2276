"""Supplied titles of untitled records: the record's own first words, in brackets."""

from __future__ import annotations

from arshif.cite.supplied import supplied_title
from arshif.model import Metadata, Record
from tests.cite.records import seed_records


def _record(*paragraphs: str) -> Record:
    seed = seed_records()[0]
    return Record(seed.id, Metadata(lang="ar"), paragraphs, seed.capture)


def test_seed_000_as_the_issue_shows_it() -> None:
    assert supplied_title(seed_records()[0]) == (
        "[به گزارش ایرنا، ژنرال «تحسین الخفاجی» در گفت و گویی…]"
    )


def test_words_are_the_records_own_in_logical_order() -> None:
    for record in seed_records():
        title = supplied_title(record)
        assert title is not None
        words = title.strip("[]").rstrip("…").split()
        text = " ".join(" ".join(record.paragraphs).split())
        assert text.startswith(" ".join(words)), title  # a prefix of the text, nothing added


def test_a_short_text_has_no_ellipsis_and_no_hanging_comma() -> None:
    assert supplied_title(_record("قال الوزير، ")) == "[قال الوزير]"
    assert supplied_title(
        _record("واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة، عشرة أحد")
    ) == ("[واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة، عشرة…]")
    ten = " ".join(["كلمة"] * 10)
    assert supplied_title(_record(ten + "،", "تتمة")) == f"[{ten}…]"


def test_a_quotation_is_closed_or_left_out() -> None:
    closes = "قال المتحدث باسم الوزارة إن «القوات ستبقى في مواقعها حتى نهاية العام» ثم غادر"
    assert supplied_title(_record(closes)) == (
        "[قال المتحدث باسم الوزارة إن «القوات ستبقى في مواقعها حتى نهاية العام»…]"
    )
    long_quote = "قال المتحدث باسم الوزارة إن «" + " ".join(["كلمة"] * 20) + "»"
    assert supplied_title(_record(long_quote)) == "[قال المتحدث باسم الوزارة إن…]"


def test_no_text_no_title() -> None:
    assert supplied_title(_record()) is None
    assert supplied_title(_record("\u200f \u202b")) is None

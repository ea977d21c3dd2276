"""Near-duplicate detection on the seeds (001 and 003 share two quotes) and at scale."""

from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np
import pytest

from arshif.curation.duplicates import DuplicateFinder, DuplicateGroup

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
QUOTE_1 = "الحديث عن تمديد موعد انسحاب القوات الأميركية غير دقيق وغير صحيح"
QUOTE_2 = (
    "العلاقة بين الطرفين بعد خروج القوات القتالية ستكون علاقة استشارية في مجالات التدريب"
    " والتسليح والمعلومات الاستخبارية والأمنية ضد تنظيم داعش"
)


def seed_texts(dedupe_lines: bool = True) -> dict[str, str]:
    texts = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text("utf-8")
        if dedupe_lines:  # seed 002 carries its body twice
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            text = "\n".join(dict.fromkeys(lines))
        texts[path.name[:3]] = text
    return texts


@pytest.mark.parametrize("dedupe_lines", [True, False])
def test_seeds_001_and_003_share_two_quotes_and_nothing_else_is_reported(
    dedupe_lines: bool,
) -> None:
    texts = seed_texts(dedupe_lines)
    assert len(texts) == 5
    finder = DuplicateFinder()
    for key, text in texts.items():
        finder.add(key, text)
    groups = finder.find()
    assert [(g.ids, g.kind) for g in groups] == [(("001", "003"), "passage")]
    (group,) = groups
    assert len(group.shared) == 2
    assert QUOTE_1 in group.shared[0]
    assert QUOTE_2 in group.shared[1]
    assert all(passage in texts["001"] for passage in group.shared)  # original text, not folded
    assert 0.05 < group.similarity < 0.2
    assert group.as_dict()["ids"] == ["001", "003"]


def test_seed_003_at_ingest_is_reported_against_001_with_its_own_wording() -> None:
    texts = seed_texts()
    finder = DuplicateFinder()
    for key in ("000", "001", "002", "004"):
        finder.add(key, texts[key])
    (group,) = finder.find_for("003", texts["003"])
    assert group.ids == ("003", "001")
    assert group.kind == "passage"
    assert "الحديث عن تمديد موعد انسحاب القوات الأميركية غير دقيق وغير صحيح" in group.shared[0]
    assert "ضد تنظيم (داعش) الارهابي" in group.shared[1]  # quoted from 003, as 003 spells it
    assert len(finder) == 4  # find_for does not add


def test_seed_pairs_whole_text_similarity_is_low() -> None:
    texts = seed_texts()
    finder = DuplicateFinder(threshold=0.03)
    for key, text in texts.items():
        finder.add(key, text)
    near = {g.ids: g.similarity for g in finder.find() if g.kind == "near"}
    assert near == {("001", "003"): pytest.approx(0.044, abs=0.01)}


def test_exact_after_folding_and_spacing() -> None:
    finder = DuplicateFinder()
    finder.add("a", "قالت الحكومة العراقية إنّ الانسحاب سيتم في موعده")
    finder.add("b", "قالت   الحكومة العراقيّة،\nان الانسحاب سيتم في موعده.")
    finder.add("c", "نص آخر مختلف تماما")
    assert finder.find() == [DuplicateGroup(("a", "b"), "exact", 1.0)]
    assert finder.find_for("d", "قالت الحكومة العراقية ان الانسحاب سيتم في موعده") == [
        DuplicateGroup(("d", "a", "b"), "exact", 1.0)
    ]


def words(rng: random.Random, vocabulary: list[str], n: int) -> list[str]:
    return [rng.choice(vocabulary) for _ in range(n)]


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    return sorted({"".join(rng.choices(letters, k=rng.randint(3, 8))) for _ in range(size)})


def republish(rng: random.Random, text: list[str], vocabulary: list[str]) -> list[str]:
    """A copy with a few words changed, one dropped and a closing sentence added."""
    copy = list(text)
    for _ in range(4):
        copy[rng.randrange(len(copy))] = rng.choice(vocabulary)
    del copy[rng.randrange(len(copy))]
    return [*copy, *words(rng, vocabulary, 10)]


def test_republished_with_small_edits_is_found_by_minhash() -> None:
    rng = random.Random(7)
    vocabulary = make_vocabulary(rng, 2000)
    original = words(rng, vocabulary, 300)
    finder = DuplicateFinder()
    finder.add("original", " ".join(original))
    for i in range(50):
        finder.add(f"other{i:02}", " ".join(words(rng, vocabulary, 250)))
    copy = " ".join(republish(rng, original, vocabulary))
    (group,) = finder.find_for("copy", copy)
    assert (group.ids, group.kind) == (("copy", "original"), "near")
    assert group.similarity > 0.8
    assert group.shared
    assert max(len(p.split()) for p in group.shared) >= 50
    finder.add("copy", copy)
    assert [(g.ids, g.kind) for g in finder.find()] == [(("copy", "original"), "near")]


def test_scale_5000_records_planted_duplicates_found() -> None:
    rng = random.Random(1)
    vocabulary = make_vocabulary(rng, 5000)
    texts = {f"r{i:05}": words(rng, vocabulary, rng.randint(150, 300)) for i in range(5000)}
    quote = words(rng, vocabulary, 20)
    for key in ("r00100", "r02000", "r04500"):  # one wire quote in three different stories
        at = rng.randrange(len(texts[key]))
        texts[key][at:at] = quote
    for key in ("r00020", "r00030", "r00040"):
        texts[key + "-republished"] = republish(rng, texts[key], vocabulary)
    texts["r00010-copy"] = list(texts["r00010"])
    boilerplate = words(rng, vocabulary, 15)  # in more than max_df records: ignored
    for i in range(3000, 3060):
        texts[f"r{i:05}"] += boilerplate

    start = time.process_time()  # CPU time: other jobs on the machine do not count
    finder = DuplicateFinder()
    for key, text in texts.items():
        finder.add(key, " ".join(text))
    groups = finder.find()
    elapsed = time.process_time() - start

    found = [(g.ids, g.kind) for g in groups]
    assert found[0] == (("r00010", "r00010-copy"), "exact")
    assert {ids for ids, kind in found if kind == "passage"} == {
        ("r00100", "r02000"),
        ("r00100", "r04500"),
        ("r02000", "r04500"),
    }
    assert {ids for ids, kind in found if kind == "near"} == {
        (k, k + "-republished") for k in ("r00020", "r00030", "r00040")
    }
    assert len(found) == 7
    for group in groups:
        if group.kind == "passage":
            assert group.shared == (" ".join(quote),)
    start = time.process_time()
    ingest = finder.find_for("new", " ".join([*words(rng, vocabulary, 50), *quote]))
    assert [(g.ids, g.kind) for g in ingest] == [
        (("new", key), "passage") for key in ("r00100", "r02000", "r04500")
    ]
    assert ingest[0].shared == (" ".join(quote),)
    assert time.process_time() - start < 0.5
    print(f"5,000 records: add + find in {elapsed:.2f} s of CPU")
    assert elapsed < 5.0, f"5,000 records took {elapsed:.1f} s"


def test_boilerplate_ngrams_are_ignored_above_max_df() -> None:
    rng = random.Random(3)
    vocabulary = make_vocabulary(rng, 3000)
    footer = " ".join(words(rng, vocabulary, 20))
    texts = {f"r{i}": " ".join(words(rng, vocabulary, 100)) + " " + footer for i in range(6)}
    strict, lenient = DuplicateFinder(max_df=5), DuplicateFinder(common_df=10)
    for key, text in texts.items():
        strict.add(key, text)
        lenient.add(key, text)
    assert strict.find() == []
    assert strict.find_for("new", "مقدمة " + footer) == []
    assert len(lenient.find()) == 15  # 6 records, every pair shares the footer
    assert {g.kind for g in lenient.find()} == {"passage"}


def test_a_passage_in_many_different_stories_is_boilerplate() -> None:
    """A footer in 6 unrelated stories (more than `common_df`): no pair, at ingest neither;
    in 3 stories it is still a shared passage."""
    rng = random.Random(4)
    vocabulary = make_vocabulary(rng, 3000)
    footer = " ".join(words(rng, vocabulary, 20))
    finder, few = DuplicateFinder(), DuplicateFinder()
    for i in range(6):
        text = " ".join(words(rng, vocabulary, 120)) + " " + footer
        finder.add(f"r{i}", text)
        if i < 3:
            few.add(f"r{i}", text)
    assert finder.find() == []
    assert finder.find_for("new", " ".join(words(rng, vocabulary, 60)) + " " + footer) == []
    assert [g.kind for g in few.find()] == ["passage"] * 3


def test_a_story_copied_many_times_is_not_boilerplate() -> None:
    """Six outlets carrying one wire story (near-duplicates of each other) and six stories
    quoting one long statement (45 words) are reported, however many records share them."""
    rng = random.Random(5)
    vocabulary = make_vocabulary(rng, 3000)
    story = words(rng, vocabulary, 200)
    statement = " ".join(words(rng, vocabulary, 45))
    finder = DuplicateFinder()
    for i in range(6):
        finder.add(f"copy{i}", " ".join(republish(rng, story, vocabulary)))
        finder.add(f"quote{i}", " ".join(words(rng, vocabulary, 150)) + " " + statement)
    groups = finder.find()
    copies = {g.ids for g in groups if g.ids[0].startswith("copy")}
    quotes = [g for g in groups if g.ids[0].startswith("quote")]
    assert len(copies) == 15
    assert len(quotes) == 15
    assert {g.kind for g in quotes} == {"passage"}
    assert all(g.shared == (statement,) for g in quotes)
    ingest = finder.find_for("new", " ".join(words(rng, vocabulary, 40)) + " " + statement)
    assert len(ingest) == 6


def test_output_is_deterministic_whatever_the_order_of_adding() -> None:
    texts = seed_texts()
    results = []
    for order in (sorted(texts), sorted(texts, reverse=True)):
        finder = DuplicateFinder()
        for key in order:
            finder.add(key, texts[key])
        results.append(finder.find())
    assert results[0] == results[1]


def test_texts_can_be_fetched_on_demand_instead_of_kept() -> None:
    texts = seed_texts()
    fetched: list[str] = []

    def source(record_id: str) -> str:
        fetched.append(record_id)
        return texts[record_id]

    finder = DuplicateFinder(text_source=source)
    for key, text in texts.items():
        finder.add(key, text)
    (group,) = finder.find()
    assert QUOTE_1 in group.shared[0]
    assert set(fetched) <= {"001", "003"}


def test_adding_an_id_twice_is_an_error() -> None:
    finder = DuplicateFinder()
    finder.add("a", "نص")
    with pytest.raises(ValueError, match="already added"):
        finder.add("a", "نص")
    finder.add("empty", "  ...  ")
    assert finder.find() == []
    assert finder.find_for("x", "") == []


def test_the_profile_of_an_added_record_is_its_texts_profile() -> None:
    texts = {path.stem: path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt"))}
    texts["copy"] = texts[next(iter(texts))].replace(" ", "  ")  # the same words again
    texts["empty"] = "؟ ، ."
    finder = DuplicateFinder()
    for name, text in texts.items():
        finder.add(name, text)
    assert "copy" in finder
    assert "missing" not in finder
    for name, text in texts.items():
        got, expected = finder.profile_of(name), finder.profile(text)
        assert got.exact == expected.exact
        assert np.array_equal(got.fingerprints, expected.fingerprints)
        if name == "copy":  # not a representative: no signature of its own in the finder
            assert len(got.bands) == 0
        else:
            assert np.array_equal(got.bands, expected.bands)

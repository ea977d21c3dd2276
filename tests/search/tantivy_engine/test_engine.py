"""The tantivy engine on a real index on disk: every query-tree node, the mask, sorts, facets,
add/replace/delete, readers across commits, and the same index terms as the Whoosh engine."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from arshif.errors import IndexStale
from arshif.model import Record
from arshif.search import SCHEMA_VERSION, SearchIndex
from arshif.search import querytree as qt
from arshif.search.analysis import analyze, exact_analyzer
from arshif.search.tantivy import TantivyEngine, TantivyIndex, TantivyReader
from arshif.text.fold import fold
from arshif.text.normalize import normalize_storage

from ..helpers import ALL, ARABIC, PERSIAN, WITHDRAWN, make_record

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
WITHDRAWN_MASK = qt.Term("withdrawn", "true")


def seed_records() -> list[Record]:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5, "the five seeds are not in seeds/"
    return [
        make_record(
            f"seed{i}",
            normalize_storage(path.read_text(encoding="utf-8")),
            lang="fa" if i == 0 else "ar",
            outlet="همشهری" if i == 0 else f"outlet {i % 2}",
            published=f"2021-11-{10 + i:02d}" if i != 4 else None,
            tags=("seed",) if i % 2 else (),
        )
        for i, path in enumerate(paths)
    ]


RECORDS = [*ALL, *seed_records()]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TantivyIndex]:
    path = tmp_path_factory.mktemp("tantivy") / "index"
    halves = [functools.partial(iter, RECORDS[::2]), functools.partial(iter, RECORDS[1::2])]
    progress: list[int] = []
    built = TantivyEngine().build(path, halves, progress.append)
    assert sum(progress) == len(RECORDS)
    with built:
        yield built


@pytest.fixture
def reader(index: TantivyIndex) -> TantivyReader:
    return index.reader()


def ids(reader: TantivyReader, node: qt.Node, mask: qt.Node | None = None) -> set[str]:
    return {stored["id"] for stored, _ in reader.search(node, mask=mask, limit=None).hits}


def term(field: str, word: str) -> qt.Term:
    [text] = analyze(exact_analyzer(), word, mode="query")
    return qt.Term(field, text)


def test_the_index_holds_every_record_with_its_stored_fields(reader: TantivyReader) -> None:
    assert reader.doc_count() == len(RECORDS)
    assert reader.stored("fa0001") == {
        "id": "fa0001",
        "source_id": "HAM-1",
        "version": "v1",
        "title": PERSIAN.metadata.title,
        "outlet": "همشهری آنلاین",
        "author": "سمیه نصیری",
        "lang": "fa",
        "tag": "سیاست,حقوق بشر",
        "published": "2021-11-19",
        "withdrawn": False,
    }
    assert reader.stored("nope") is None
    assert sorted(s["id"] for s in reader.stored_documents()) == sorted(r.id for r in RECORDS)


def test_every_node_type(reader: TantivyReader) -> None:
    everyone = {r.id for r in RECORDS}
    assert ids(reader, qt.Every()) == everyone
    assert ids(reader, qt.Nothing()) == set()
    assert ids(reader, qt.Term("lang", "fa")) == {"fa0001", "seed0"}
    baghdad = {"ar0001", "wd0001", "seed2", "seed3", "seed4"}
    assert ids(reader, qt.Term("body_ar", "بغداد")) == baghdad
    exact = {*baghdad, "seed0"} - {"wd0001"}  # (seed0 is Persian: no body_ar)
    assert ids(reader, term("body_exact", "بغداد"), WITHDRAWN_MASK) == exact
    assert ids(reader, qt.Phrase("body_exact", (fold("مصادر"), fold("إن")))) == {"ar0001"}
    assert ids(reader, qt.Phrase("body_exact", (fold("قالت"), fold("إن")))) == set()
    assert ids(reader, qt.Phrase("body_exact", (fold("قالت"), fold("إن")), slop=2)) == {"ar0001"}
    assert ids(reader, qt.Prefix("id", "seed")) == {f"seed{i}" for i in range(5)}
    assert ids(reader, qt.Prefix("body_exact", fold("بغدا"))) == {*baghdad, "seed0"}
    published = qt.Range("published", "2021-11-11", "2021-11-12\uffff")
    assert ids(reader, published) == {"seed1", "seed2"}
    assert ids(reader, qt.Range("published", None, "2020\uffff")) == {"wd0001"}
    assert ids(reader, qt.Range("published", "2021-12", None)) == {"ar0001"}
    arabic = qt.Term("lang", "ar")
    tagged = qt.Term("tag", "seed")
    assert ids(reader, qt.And((arabic, tagged))) == {"seed1", "seed3"}
    assert ids(reader, qt.Or((qt.Term("lang", "fa"), tagged))) == {
        "fa0001",
        "seed0",
        "seed1",
        "seed3",
    }
    assert ids(reader, qt.AndNot(arabic, tagged)) == {"ar0001", "wd0001", "seed2", "seed4"}
    assert ids(reader, qt.And((arabic, qt.Not(tagged)))) == {"ar0001", "wd0001", "seed2", "seed4"}
    assert ids(reader, qt.And((qt.Not(arabic),))) == {"fa0001", "seed0"}
    assert ids(reader, qt.Not(arabic)) == {"fa0001", "seed0"}
    maybe = reader.search(qt.AndMaybe(arabic, tagged), limit=None)
    assert {s["id"] for s, _ in maybe.hits} == {r.id for r in RECORDS if r.metadata.lang == "ar"}
    assert {s["id"] for s, _ in maybe.hits[:2]} == {"seed1", "seed3"}  # the optional adds
    assert ids(reader, qt.Term("ident", fold("HAM-1"))) == {"fa0001"}
    assert ids(reader, qt.Term("withdrawn", "false")) == everyone - {"wd0001"}


def test_boosts_and_constant_scores(reader: TantivyReader) -> None:
    word = qt.Term("body_ar", "مصادر")
    [(_, plain)] = reader.search(word).hits
    [(_, doubled)] = reader.search(qt.Term("body_ar", "مصادر", boost=2.0)).hits
    assert doubled == pytest.approx(2 * plain)
    filtered = qt.And((word, qt.Range("published", "2021", None, boost=0.0)))
    [(_, score)] = reader.search(filtered).hits
    assert score == pytest.approx(plain)
    assert {score for _, score in reader.search(qt.Every(boost=0.5), limit=None).hits} == {0.5}
    scaled = qt.Or((word, qt.Term("lang", "ar")), scale=0.9)  # scale: not applied (README)
    assert reader.search(scaled).total == 6  # (every Arabic record)


def test_limit_offset_and_exact_totals(reader: TantivyReader) -> None:
    every = [s["id"] for s, _ in reader.search(qt.Every(), limit=None).hits]
    page = reader.search(qt.Every(), limit=3, offset=2)
    assert page.total == len(RECORDS)
    assert [s["id"] for s, _ in page.hits] == every[2:5]
    assert reader.search(qt.Every(), limit=0).hits == []
    assert reader.search(qt.Every(), limit=0).total == len(RECORDS)


def test_sorts(reader: TantivyReader) -> None:
    def order(sort: str) -> list[str]:
        return [s["id"] for s, _ in reader.search(qt.Every(), limit=None, sort=sort).hits]

    dated = ["wd0001", "seed0", "seed1", "seed2", "seed3", "fa0001", "ar0001"]
    assert order("published") == [*dated, "seed4"]  # no date: last
    assert order("-published") == [*reversed(dated), "seed4"]
    by_outlet = order("outlet")
    assert by_outlet[:4] == ["seed2", "seed4", "seed3", "seed1"]  # A→Z, then newest first
    assert by_outlet[-1] == "wd0001"  # no outlet: last
    assert [s["id"] for s, _ in reader.search(qt.Every(), sort="-published", limit=2).hits] == [
        "ar0001",
        "fa0001",
    ]
    with pytest.raises(ValueError, match="unknown sort"):
        reader.search(qt.Every(), sort="title")


def test_facets_count_every_match(reader: TantivyReader) -> None:
    found = reader.search(qt.Every(), limit=1, facets=["outlet", "lang", "year", "tag"])
    assert sorted(found.facets["lang"]) == [("ar", 6), ("fa", 2)]
    assert sorted(found.facets["year"]) == [("2020", 1), ("2021", 6)]
    assert ("seed", 2) in found.facets["tag"]
    assert ("حقوق بشر", 1) in found.facets["tag"]
    assert ("outlet 0", 2) in found.facets["outlet"]
    masked = reader.search(qt.Term("lang", "ar"), mask=WITHDRAWN_MASK, facets=["year"])
    assert masked.facets == {"year": [("2021", 4)]}
    assert reader.search(qt.Nothing(), facets=["tag"]).facets == {"tag": []}


def test_statistics_for_similar_and_suggest(reader: TantivyReader) -> None:
    assert reader.doc_frequency("body_ar", "بغداد") == 5
    assert reader.doc_frequency("body_ar", "no-such-term") == 0
    assert reader.doc_frequency("no_such_field", "x") == 0
    listed = dict(reader.terms("body_exact", fold("مصاد")))
    assert listed == {"مصادر": 1}
    assert list(reader.terms("lang")) == [("ar", 6), ("fa", 2)]


def test_the_same_index_terms_as_the_whoosh_engine(reader: TantivyReader, tmp_path: Path) -> None:
    whoosh = SearchIndex.build(tmp_path / "whoosh", RECORDS)  # the default engine
    try:
        fields = ["title_ar", "title_fa", "body_ar", "body_fa", "title_exact", "body_exact"]
        fields += ["outlet_text", "author", "ident", "source_id", "tag", "lang", "id", "outlet"]
        fields += ["published"]
        for field in fields:
            assert list(reader.terms(field)) == list(whoosh.reader().terms(field)), field
    finally:
        whoosh.close()


def test_a_persian_compound_is_found_joined_and_spaced(tmp_path: Path) -> None:
    spaced = make_record("sp", "دانش آموزان کتاب ها را می خوانند", lang="fa")
    zwnj = make_record("zw", "دانش‌آموزان کتاب‌ها را می‌خوانند", lang="fa")
    joined = make_record("jo", "دانشآموزان کتابها را میخوانند", lang="fa")
    with TantivyEngine().build(tmp_path / "ix", [lambda: [spaced, zwnj, joined]]) as index:
        reader = index.reader()
        for word in ("میخوانند", "کتابها"):
            assert ids(reader, qt.Term("body_exact", fold(word))) == {"sp", "zw", "jo"}, word
        # the parts of a compound and its neighbours keep their positions
        phrase = qt.Phrase("body_exact", (fold("کتابها"), fold("را"), fold("میخوانند")))
        assert ids(reader, phrase) == {"sp", "zw", "jo"}
        assert ids(reader, qt.Phrase("body_exact", (fold("ها"), fold("را")))) == {"sp", "zw"}
        assert ids(reader, qt.Term("body_fa", fold("کتاب"))) == {"sp", "zw", "jo"}


def test_add_replace_delete_then_search(tmp_path: Path) -> None:
    with TantivyEngine().build(tmp_path / "ix", [lambda: [ARABIC]]) as index:
        assert index.add([PERSIAN, WITHDRAWN]) == 2
        assert ids(index.reader(), qt.Every(), WITHDRAWN_MASK) == {"ar0001", "fa0001"}
        edited = make_record("ar0001", "نص جديد عن الرياض", lang="ar", outlet="عكاظ")
        assert index.replace([edited]) == 1
        reader = index.reader()
        assert reader.doc_count() == 3
        assert ids(reader, qt.Term("body_ar", "رياض")) == {"ar0001"}
        assert ids(reader, qt.Term("body_ar", "بغداد")) == {"wd0001"}
        assert reader.stored("ar0001")["outlet"] == "عكاظ"  # type: ignore[index]
        restored = make_record("wd0001", "خبر قديم عن انسحاب القوات من بغداد.", lang="ar")
        index.replace([restored])
        assert ids(index.reader(), qt.Term("body_ar", "بغداد"), WITHDRAWN_MASK) == {"wd0001"}
        assert index.delete(["fa0001", "nope", "fa0001"]) == 1
        assert ids(index.reader(), qt.Every()) == {"ar0001", "wd0001"}
        many = [make_record(f"m{i:04d}", f"خبر رقم {i} عن بغداد", lang="ar") for i in range(450)]
        assert index.add(many) == 450  # analysed by worker processes
        assert index.add_from([lambda: [make_record("late", "آخر خبر", lang="ar")]]) == 1
        reader = index.reader()
        assert reader.doc_count() == 453
        assert reader.search(qt.Term("body_ar", "بغداد")).total == 451
    reopened = TantivyIndex.open(tmp_path / "ix")
    with reopened:
        assert reopened.reader().doc_count() == 453


def test_a_reader_keeps_its_snapshot_across_commits(tmp_path: Path) -> None:
    with TantivyEngine().build(tmp_path / "ix", [lambda: [ARABIC, PERSIAN]]) as index:
        before = index.reader()
        other = TantivyIndex.open(tmp_path / "ix")  # another opener (as another process)
        other_before = other.reader()
        index.delete(["ar0001"])
        index.add([WITHDRAWN])
        for snapshot in (before, other_before):
            assert snapshot.doc_count() == 2
            assert ids(snapshot, qt.Every()) == {"ar0001", "fa0001"}
            assert snapshot.stored("ar0001") is not None
        assert ids(other.reader(), qt.Every()) == {"fa0001", "wd0001"}
        other.close()


def test_a_rebuild_swaps_generations_and_a_worker_error_is_raised(tmp_path: Path) -> None:
    path = tmp_path / "ix"
    first = TantivyEngine().build(path, [lambda: [ARABIC]])
    second = TantivyEngine().build(path, [lambda: [PERSIAN]])
    assert ids(first.reader(), qt.Every()) == {"ar0001"}  # its generation, still leased
    assert ids(second.reader(), qt.Every()) == {"fa0001"}
    assert not first.is_live()
    assert second.is_live()
    first.close()

    def broken() -> Iterator[Record]:
        yield PERSIAN
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        TantivyEngine().build(path, [broken])
    assert ids(TantivyIndex.open(path).reader(), qt.Every()) == {"fa0001"}
    assert not list(path.glob(".building-*"))
    second.close()


def test_an_index_of_another_engine_or_none_is_stale(tmp_path: Path) -> None:
    with pytest.raises(IndexStale, match="no search index"):
        TantivyIndex.open(tmp_path / "missing")
    SearchIndex.build(tmp_path / "whoosh", [ARABIC]).close()
    with pytest.raises(IndexStale, match="whoosh index"):
        TantivyIndex.open(tmp_path / "whoosh")
    TantivyEngine().build(tmp_path / "tantivy", [lambda: [ARABIC]]).close()
    # each engine sees the other's index as stale (switching engines is a rebuild)
    assert SearchIndex.stored_version(tmp_path / "whoosh", engine="tantivy") == -1
    assert SearchIndex.stored_version(tmp_path / "tantivy", engine="whoosh") == -1
    assert SearchIndex.stored_version(tmp_path / "tantivy", engine="tantivy") == SCHEMA_VERSION
    assert SearchIndex.stored_version(tmp_path / "missing", engine="tantivy") is None


def test_a_single_source_is_read_here_and_analysed_by_workers(tmp_path: Path) -> None:
    read: list[str] = []

    def source() -> Iterator[Record]:
        for i in range(450):
            read.append(f"r{i:03d}")  # (a progress report, say: it must happen here)
            yield make_record(f"r{i:03d}", f"خبر رقم {i} عن بغداد", lang="ar")

    progress: list[int] = []
    with TantivyEngine().build(tmp_path / "ix", [source], progress.append) as index:
        assert len(read) == 450
        assert sum(progress) == 450
        reader = index.reader()
        assert reader.search(qt.Term("body_ar", "بغداد")).total == 450
        assert reader.search(qt.Term("body_exact", "449")).total == 1
        assert index.replace(make_record(f"r{i:03d}", "نص جديد", lang="ar") for i in range(300))
        assert index.reader().search(qt.Term("body_ar", "بغداد")).total == 150

"""The query tree normalised by `arshif.search.querynorm` is the tree Whoosh's own normalisation
made (the parser normalised its query objects with Whoosh before, at a third of a parse's cost)."""

from __future__ import annotations

import pytest

from arshif.search import querytree as qt
from arshif.search.queryfields import Weights
from arshif.search.querynorm import covers, normalized
from arshif.search.queryparser import _tree, make_parser, parse_tree

QUERIES = [
    "الحكومة",
    "انسحاب القوات الأمريكية",
    "نیروهای آمریکایی تهران",
    "می‌خواهد کتابها",
    '"انسحاب القوات"',
    '"انسحاب القوات"~3 بغداد',
    '"کتاب"',
    "title:الحكومة body:بغداد",
    "title:(الحكومة بغداد) OR outlet:الحياة",
    "الحكومة AND بغداد",
    "الحكومة OR بغداد | تهران",
    "الحكومة NOT بغداد",
    "NOT بغداد",
    "-بغداد الحكومة",
    "+الحكومة بغداد -تهران",
    "+في بغداد",  # a required stop word: nothing left to require, so nothing (Whoosh's rule)
    "+في +من بغداد",
    "+في -بغداد",
    "(في من) -بغداد",
    "الحكومة -في",
    "(الحكومة بغداد) (الحكومة بغداد)",
    "الحكومة الحكومة",
    "((الحكومة))",
    "(الحكومة OR بغداد) AND (تهران OR کتاب)",
    "الحكو*",
    "id:abcd12",
    "id:abc*",
    "lang:fa تهران",
    "lang:ar OR lang:fa",
    "tag:war tag:peace",
    "outlet:الحياة",
    'author:"أحمد علي"',
    'source_id:"http://example.org/1"',
    "published:2021",
    "published:2021-11-01..2021-11-30 الحكومة",
    "published:2021.. OR الحكومة",
    "*",
    "title:*",
    "في من على",
    "في الحكومة",
    "الحكومة^2 بغداد",
    "(الحكومة بغداد)^3",
    "covid-19 2021-11",
    "١٢٣٤ news 4567",
    "THE Government",
    "+(الحكومة OR بغداد) تهران",
    "lang:fa -tag:war کتاب ها",
]


def whoosh_normalised(text: str, exact: bool, conjunction: str) -> qt.Node | None:
    q = make_parser(exact, Weights(0.3, 1.0, 0.25), conjunction).parse(text)  # Whoosh's normalise
    return None if q.__class__.__name__ == "_NullQuery" else _tree(q)


@pytest.mark.parametrize("conjunction", ["or", "and", "or0.9"])
@pytest.mark.parametrize("exact", [False, True])
def test_the_same_tree_as_whoosh_normalised(exact: bool, conjunction: str) -> None:
    covered = 0
    for text in QUERIES:
        tree = parse_tree(text, text, exact, Weights(0.3, 1.0, 0.25), conjunction)
        assert tree == whoosh_normalised(text, exact, conjunction), text
        raw = make_parser(exact, Weights(0.3, 1.0, 0.25), conjunction).parse(text, normalize=False)
        covered += covers(_tree(raw)) if raw.__class__.__name__ != "_NullQuery" else 0
    assert covered > len(QUERIES) // 2  # most queries take the tree's normalisation


def test_nested_boosts_and_duplicates() -> None:
    a, b = qt.Term("f", "a"), qt.Term("f", "b", 2.0)
    inner = qt.Or((a, b), boost=0.5)
    assert normalized(qt.Or((inner, a, qt.Nothing()), scale=0.9)) == qt.Or(
        (qt.Term("f", "a", 0.5), qt.Term("f", "b", 1.0), a), scale=0.9
    )
    assert normalized(qt.And((qt.Or((a,), boost=3.0),), boost=2.0)) == qt.Term("f", "a", 6.0)
    assert normalized(qt.And((a, a))) == a
    assert normalized(qt.AndNot(a, qt.Or(()))) == a
    assert normalized(qt.AndNot(qt.Or(()), a)) == qt.Nothing()
    assert normalized(qt.AndMaybe(qt.And(()), a)) == qt.Nothing()
    assert normalized(qt.Not(qt.And(()))) == qt.Nothing()
    assert not covers(qt.Or((a, qt.Range("published", "2021", None))))
    assert not covers(qt.Phrase("f", ("a",)))


def test_the_kept_parser_does_not_keep_the_vocabulary_of_the_last_query() -> None:
    """The parser is kept per thread; the reader whose vocabulary a query was parsed with (its
    index generation, its files) must not stay alive through it until the thread's next query."""
    import gc
    import weakref

    class Reader:
        def doc_frequency(self, field: str, term: str) -> int:
            return 1

    reader = Reader()
    gone = weakref.ref(reader)
    assert parse_tree("الحكومة", "الحكومة", vocabulary=reader.doc_frequency) is not None
    del reader
    gc.collect()
    assert gone() is None

"""Ablations of arshif's search: each row changes one design choice and re-measures.

Runs arshif through the library on Hamshahri (queries 1-30) and ARCD, like retrieval.py, with
one analysis or query setting changed per row (module attributes are swapped for the row and
restored). Rows that change only the analysis of one language run on that language's
collection. The table goes to stdout and, with --write-doc, into docs/search-quality.md.

    python benchmarks/ablations.py [--write-doc]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pyarabic import araby

import retrieval
from arshif.errors import QuerySyntaxError
from arshif.search import (
    SearchIndex,
    analysis,
    compounds,
    query,
    queryparser,
    search,
    stemming,
    textanalysis,
)
from arshif.search.queryfields import DEFAULT_WEIGHTS, Weights
from arshif.text import fold as fold_module
from arshif.text import stopwords as stopwords_module
from arshif.text.fold import fold


@contextmanager
def patched(changes: list[tuple[Any, str, Any]]) -> Iterator[None]:
    saved = [(obj, name, getattr(obj, name)) for obj, name, _ in changes]
    for obj, name, value in changes:
        setattr(obj, name, value)
    _clear_caches()
    try:
        yield
    finally:
        for obj, name, value in saved:
            setattr(obj, name, value)
        _clear_caches()


def _clear_caches() -> None:
    """Caches of folded, stop-listed and stemmed words, which a patched row would reuse."""
    analysis._AFFIXES.clear()
    textanalysis._WORDS.clear()
    for stems in textanalysis._STEMS.values():
        stems.clear()
    textanalysis._STOPS = None
    textanalysis._last = None
    stopwords_module.stopwords.cache_clear()


def _folded_with(pre: Callable[[str], str]) -> list[tuple[Any, str, Any]]:
    """Patches making every analysis fold `pre(text)` instead of `text` (stop lists too)."""

    def folded(text: str) -> str:
        return fold(pre(text))

    def stops(lang: str | None = None) -> frozenset[str]:
        names = [lang] if lang else list(stopwords_module.LANGUAGES)
        return frozenset(
            folded(w) for n in names for w in stopwords_module.read_list(f"stopwords-{n}.txt")
        )

    users = (analysis, textanalysis, queryparser, compounds)
    return [(m, "fold", folded) for m in users] + [(m, "stopwords", stops) for m in users]


def _snowball(lang: str) -> Callable[[str], str]:
    import Stemmer  # PyStemmer, an arshif dependency

    stemmer = Stemmer.Stemmer({"ar": "arabic", "fa": "persian"}[lang])
    to_persian = str.maketrans({"ي": "ی", "ك": "ک"}) if lang == "fa" else {}
    return lambda word: fold(stemmer.stemWord(word.translate(to_persian)))


def _stemmers(**change: Callable[[str], str]) -> list[tuple[Any, str, Any]]:
    return [(analysis, "STEMMERS", {**stemming.STEMMERS, **change})]


def _unpruned(corpora: Path) -> frozenset[str]:
    words = set()
    for name in ("ar_stopwords.txt", "fa_stopwords.txt"):
        text = (corpora / "testvectors" / "lucene" / name).read_text(encoding="utf-8")
        words |= {fold(w.strip()) for w in text.splitlines() if w.strip() and w[0] != "#"}
    return frozenset(words)


def _without_protection(stem: Callable[[str, frozenset[str]], str]) -> Callable[[str], str]:
    return lambda word: stem(word, frozenset())


def rows(corpora: Path) -> list[tuple[str, list[tuple[Any, str, Any]], dict[str, Any], str]]:
    """(label, module patches, search options, collections: "both", "fa" or "ar")."""
    never = re.compile(r"(?!x)(x)")
    unprotected = {k: _without_protection(f) for k, f in stemming.STEMMERS.items()}
    full = _unpruned(corpora)
    w = DEFAULT_WEIGHTS
    return [
        ("arshif as shipped", [], {}, "both"),
        ("AND of the words", [], {"conjunction": "and"}, "both"),
        ("OR scaled 0.9 (coordination)", [], {"conjunction": "or0.9"}, "both"),
        ("title weight 0 (body only)", [], {"weights": Weights(0.0, 1.0, w.exact)}, "both"),
        ("title weight 1 (equal)", [], {"weights": Weights(1.0, 1.0, w.exact)}, "both"),
        ("no exact-form bonus", [], {"weights": Weights(w.title, 1.0, 0.0)}, "both"),
        ("exact-form bonus 0.5", [], {"weights": Weights(w.title, 1.0, 0.5)}, "both"),
        (
            "one mixed stemmer (fa then ar) for both",
            _stemmers(ar=stemming.mixed_light_stem, fa=stemming.mixed_light_stem),
            {},
            "both",
        ),
        ("Arabic: no stemming", _stemmers(ar=str), {}, "ar"),
        ("Arabic: Snowball (PyStemmer)", _stemmers(ar=_snowball("ar")), {}, "ar"),
        ("Persian: no stemming", _stemmers(fa=str), {}, "fa"),
        ("Persian: Snowball (PyStemmer)", _stemmers(fa=_snowball("fa")), {}, "fa"),
        ("no protected words", [(analysis, "STEMMERS", unprotected)], {}, "both"),
        ("no tanwin rule", [(analysis, "_TANWIN_ENDINGS", ())], {}, "ar"),
        (
            "stop list not pruned (Lucene's)",
            [(analysis, "stopwords", lambda lang=None: full)],
            {},
            "both",
        ),
        ("no stop list", [(analysis, "stopwords", lambda lang=None: frozenset())], {}, "both"),
        ("no hamza-seat fold (ؤ ئ kept)", [(fold_module, "HAMZA_SEATS", False)], {}, "both"),
        ("no compound joins/splits in queries", [(compounds, "ENABLED", False)], {}, "both"),
        ("no article ال across scripts", [(compounds, "ARTICLE", None)], {}, "both"),
        ("pyarabic normalize_alef first (ى → ا)", _folded_with(araby.normalize_alef), {}, "both"),
        (
            "pyarabic normalize_hamza first (default: أ إ ؤ ئ → ء)",
            _folded_with(araby.normalize_hamza),
            {},
            "both",
        ),
        (
            "no ZWNJ/space joins",
            [
                (analysis, "MI_PREFIXES", frozenset()),
                (analysis, "JOINED_SUFFIXES", frozenset()),
                (query, "_MI_SPACE", never),
                (query, "_SUFFIX_SPACE", never),
            ],
            {},
            "fa",
        ),
    ]


def measure(
    collection: retrieval.Collection, options: dict[str, Any], work: Path
) -> dict[str, float]:
    manifest, _queries = retrieval.write_inputs(collection, work)
    index = SearchIndex.build(work / "index", retrieval.manifest_records(manifest))
    run: retrieval.Run = {}
    for qid, text in collection.queries.items():
        try:
            hits = search(index, text, limit=retrieval.DEPTH, **options).hits
        except QuerySyntaxError:
            continue
        run[qid] = [(hit.source_id or hit.id, hit.score) for hit in hits]
    index.close()
    return retrieval.evaluate(run, collection)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=retrieval.CORPORA)
    parser.add_argument("--write-doc", action="store_true")
    parser.add_argument(
        "--row", action="append", help="run only the rows whose label contains this (repeatable)"
    )
    args = parser.parse_args(argv)
    collections = {c.name: c for c in retrieval.load_collections(args.corpora)}
    ham, arcd = collections["hamshahri"], collections["arcd"]
    table = ["| change | Hamshahri MAP | P@10 | ARCD MRR@10 | Recall@10 |", "|---|---|---|---|---|"]
    for label, patches, options, which in rows(args.corpora):
        if args.row and not any(part in label for part in args.row):
            continue
        cells = []
        with patched(patches):
            for collection, lang, names in (
                (ham, "fa", ("MAP", "P@10")),
                (arcd, "ar", ("MRR@10", "Recall@10")),
            ):
                if which not in ("both", lang):
                    cells += ["–", "–"]
                    continue
                with tempfile.TemporaryDirectory(prefix="arshif-ablation-") as work:
                    scores = measure(collection, options, Path(work))
                cells += [f"{scores[name]:.4f}" for name in names]
        table.append(f"| {label} | " + " | ".join(cells) + " |")
        print(table[-1], file=sys.stderr, flush=True)
    print("\n".join(table))
    if args.write_doc and not args.row:
        text = retrieval.DOC.read_text(encoding="utf-8")
        start, end = "<!-- ablations:start -->", "<!-- ablations:end -->"
        head, _, rest = text.partition(start)
        _, _, tail = rest.partition(end)
        body = "Command: `python benchmarks/ablations.py --write-doc`.\n\n" + "\n".join(table)
        retrieval.DOC.write_text(f"{head}{start}\n{body}\n{end}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

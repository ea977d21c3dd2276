"""A ``published`` date range on the tantivy engine: the key range query against listing the
date terms (what the engine did before; `arshif.search.tantivy.queries`).

Builds a tantivy index of N short generated records, each dated to the second over three years
(N distinct date terms: the worst case for listing), then times ``Range("published", ...)``
searches (limit 0: the count only) both ways and checks they count the same records.

    python benchmarks/published_range.py --records 30000 [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from arshif.model import CaptureInfo, Change, Metadata, Record, User
from arshif.search import SearchIndex
from arshif.search import querytree as qt
from arshif.search.fields import published_bounds
from arshif.search.tantivy import queries

RANGES = ("2015-07-01..2015-08-31", "2015", "2014-03..2016-02", "2016-11-05")


def record(number: int, published: str) -> Record:
    text = f"خبر {number % 97} كلمة"
    capture = CaptureInfo("capture.txt", f"{number:064x}", len(text), "text/plain", "utf-8")
    change = Change("v1", "2024-01-01T00:00:00Z", User("bench"), "bench")
    return Record(
        f"r{number:07d}",
        Metadata(lang="ar", published=published),
        (text,),
        capture,
        changes=(change,),
    )


def dates(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [
        f"20{rng.randint(14, 16)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        for _ in range(count)
    ]


def timed(
    reader: Any, bounds: list[tuple[str | None, str | None]], repeat: int
) -> tuple[float, list[int]]:
    times, totals = [], []
    for _ in range(repeat):
        for start, end in bounds:
            began = time.perf_counter()
            found = reader.search(qt.Range("published", start, end), limit=0)
            times.append(time.perf_counter() - began)
            totals.append(found.total)
    return statistics.median(times) * 1000, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="arshif-published-") as folder:
        records = [record(n, d) for n, d in enumerate(dates(args.records))]
        began = time.perf_counter()
        index = SearchIndex.build(Path(folder) / "index", records, engine="tantivy")
        print(
            f"built {args.records} records in {time.perf_counter() - began:.1f} s", file=sys.stderr
        )
        reader = index.reader()
        bounds = [published_bounds(text) for text in RANGES]
        keyed, keyed_totals = timed(reader, bounds, args.repeat)
        keyed_range = queries.Translator._range
        queries.Translator._range = queries.Translator._listed_range  # type: ignore[method-assign]
        try:
            listed, listed_totals = timed(reader, bounds, args.repeat)
        finally:
            queries.Translator._range = keyed_range  # type: ignore[method-assign]
        assert keyed_totals == listed_totals, (keyed_totals, listed_totals)
        print(f"records {args.records}: ranges {', '.join(RANGES)}; matches {keyed_totals[:4]}")
        print(f"p50 ms: key range query {keyed:.1f}, listing the date terms {listed:.1f}")
        index.close()


if __name__ == "__main__":
    main()

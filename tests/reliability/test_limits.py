"""Limits: every command finishes or fails, in one line, within a bounded time on any input.

Each case runs the real CLI as a subprocess under a timeout (a hang is a failure, not a wait);
nothing asserts how fast it is. Pathological queries, huge arguments, and files that never end
(FIFOs, devices) given wherever a command reads a file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import SEEDS
from tests.reliability.helpers import assert_clean, init_root, run

#: Seconds any of these commands may take; far above what each needs, far below a hang.
BOUND = 30.0


@pytest.fixture(scope="module")
def root(fast_tmp: Callable[[str], Path], arshif_engine: str) -> Path:
    """The seeds, in an archive of each search engine: every test here runs on both."""
    root = fast_tmp(f"limits-{arshif_engine}") / "root"
    init_root(root, arshif_engine)
    assert_clean(run(root, "ingest", str(SEEDS)), 0)
    return root


PATHOLOGICAL_QUERIES = {
    "nested parentheses": "(" * 3000 + "الخفاجي" + ")" * 3000,
    "unbalanced parentheses": "(" * 5000,
    "3000 alternatives": " OR ".join(["الخفاجي", "انسحاب", "القوات"] * 1000),
    "a 2000-word phrase": '"' + " ".join(["القوات"] * 2000) + '"',
    "1001 quotes": '"' * 1001,
    "a 20,000-letter word": "ب" * 20_000,
    "wildcards": "* ? ا* *ا ?ا? title:* outlet:*",
    "fuzzy and boosts": "الخفاجي~9 انسحاب^1000000 القوات~",
    "open date ranges": "published:0000..9999 published:.. published:..2021",
    "only operators": "AND OR NOT - + && || ! ( ) [ ] { } : ^ ~ *",
    "bidi and zero-width": "\u202e\u2067\u200c\u200d\ufeff\u061c",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL_QUERIES))
def test_pathological_queries_finish(root: Path, name: str) -> None:
    result = run(root, "search", PATHOLOGICAL_QUERIES[name], "--format", "json", timeout=BOUND)
    assert_clean(result, 0, 1, 2)


def test_a_batch_of_huge_queries_finishes(root: Path, tmp_path: Path) -> None:
    queries = tmp_path / "topics.tsv"
    queries.write_text(
        "\n".join(f"q{n}\t{q}" for n, q in enumerate(PATHOLOGICAL_QUERIES.values()))
        + "\nhuge\t"
        + "الخفاجي " * 50_000
        + "\n",
        "utf-8",
    )
    result = run(root, "search", "--queries", str(queries), "--format", "trec", timeout=BOUND)
    assert_clean(result, 0, 1, 2)


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "json"],
        ["show", "529ae1d8c55a", "--format", "tei"],
        ["history", "529ae1d8c55a"],
        ["export", "--format", "ndjson"],
        ["verify"],
        ["duplicates", "--format", "ndjson"],
        ["show", "5" * 60_000],
        ["list", "--tag", "ت" * 60_000],
        ["edit", "529ae1d8c55a", "--set", "note=" + "ن" * 60_000, "--wait", "10"],
    ],
    ids=lambda args: " ".join(a[:20] for a in args),
)
def test_every_command_finishes_on_large_arguments(root: Path, args: list[str]) -> None:
    assert_clean(run(root, *args, timeout=BOUND), 0, 1, 2, 5)


@pytest.fixture
def endless(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A file that never ends or never starts: a FIFO without a writer, or a device."""
    if request.param == "fifo":
        path = tmp_path / "fifo"
        os.mkfifo(path)
        yield path
    else:
        yield Path(request.param)


#: A bound for commands that must not hang: far above what they need (about a second), far
#: below "forever". /dev/zero is included: a command that read it whole would never end.
HANG = 30.0


@pytest.mark.parametrize("endless", ["fifo", "/dev/zero"], indirect=True)
def test_search_queries_never_hangs_on_a_fifo_or_device(root: Path, endless: Path) -> None:
    result = run(root, "search", "--queries", str(endless), timeout=HANG)
    assert_clean(result, 6)
    assert "the queries file" in result.stderr
    assert "capture" not in result.stderr


@pytest.mark.parametrize("endless", ["fifo", "/dev/zero"], indirect=True)
def test_edit_from_csv_never_hangs_on_a_fifo_or_device(root: Path, endless: Path) -> None:
    result = run(root, "edit", "--from-csv", str(endless), "--dry-run", timeout=HANG)
    assert_clean(result, 2)


def test_a_very_long_query_finishes_or_is_refused(root: Path, tmp_path: Path) -> None:
    queries = tmp_path / "long.tsv"
    queries.write_text("q1\t" + "ب" * 300_000 + "\n", "utf-8")
    result = run(root, "search", "--queries", str(queries), "--format", "trec", timeout=HANG)
    assert_clean(result, 1, 2)
    assert "limit" in result.stderr

"""A process's first search ranks without numpy (its import is a third of a cold search);
later searches use it on the Whoosh engine (its fast path), with the same results."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FIRST_SEARCH = """
import sys
from arshif.config import Settings
from arshif.repository import Repository
repo = Repository(Settings(__import__("pathlib").Path(sys.argv[1])))
first = repo.search("انسحاب", snippets=False)
print("numpy" in sys.modules, first.total)
second = repo.search("انسحاب", snippets=False)
same = [(h.id, h.score) for h in first.hits] == [(h.id, h.score) for h in second.hits]
print("numpy" in sys.modules, second.total, same)
"""


def test_a_process_first_search_does_not_import_numpy(seeds_root: Path, arshif_engine: str) -> None:
    """A single search from the command line does not pay numpy's import; the next does (on
    the Whoosh engine: tantivy ranks without numpy)."""
    result = subprocess.run(
        [sys.executable, "-c", FIRST_SEARCH, str(seeds_root)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    first, second = result.stdout.splitlines()
    assert first.split() == ["False", first.split()[1]]
    assert int(first.split()[1]) > 0
    assert second.split()[1:] == [first.split()[1], "True"]
    assert second.split()[0] == str(arshif_engine == "whoosh")

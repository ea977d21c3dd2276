"""Old index generations (issue 16): after `arshif reindex` the previous generation stays on
disk exactly as long as a reader still holds it, and goes at the next open or build once none
does; readers opening the index while reindexes swap generations never fail.

The readers are real processes (`python -c`, the Python API) holding an open index while the
CLI reindexes in another process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.reliability.helpers import TIMEOUT, assert_clean, cli_env, run

#: Every test here runs on each search engine (`tests.conftest.engine_env`): both keep
#: generations and readers' leases (`arshif.search.leases`).
pytestmark = pytest.mark.usefixtures("engine_env")

READER = textwrap.dedent(
    """
    import sys
    from arshif.api import Archive
    archive = Archive.open(sys.argv[1])
    print(archive.search("القوات").total, flush=True)       # opens and holds the index
    sys.stdin.readline()                                      # … while the test reindexes
    print(archive.search("القوات").total, flush=True)       # the same generation still reads
    """
)


def generations(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "indexes" / "search").iterdir() if p.is_dir())


def seeded(root: Path) -> Path:
    from tests.cli.helpers import SEEDS

    assert_clean(run(root, "init"))
    assert_clean(run(root, "ingest", str(SEEDS)))
    assert_clean(run(root, "search", "القوات"))
    return root


def test_reindex_without_readers_keeps_one_generation(fast_dir: Path) -> None:
    root = seeded(fast_dir / "root")
    for _ in range(3):
        assert_clean(run(root, "reindex"))
        assert len(generations(root)) == 1


def test_the_old_generation_stays_while_a_reader_holds_it(fast_dir: Path) -> None:
    root = seeded(fast_dir / "root")
    [before] = generations(root)
    with subprocess.Popen(
        [sys.executable, "-c", READER, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=cli_env(),
    ) as reader:
        try:
            assert reader.stdout is not None
            assert reader.stdin is not None
            first = reader.stdout.readline().strip()
            assert int(first) > 0
            assert_clean(run(root, "reindex"))
            held = generations(root)
            assert len(held) == 2
            assert before in held  # the reader holds it
            assert_clean(run(root, "search", "القوات"))  # an open removes nothing held
            assert before in generations(root)
            reader.stdin.write("\n")
            reader.stdin.flush()
            assert reader.stdout.readline().strip() == first
            assert reader.wait(TIMEOUT) == 0
        finally:
            if reader.poll() is None:
                reader.kill()
    assert_clean(run(root, "search", "القوات"))  # the next open removes it
    assert before not in generations(root)
    assert len(generations(root)) == 1


def test_readers_never_fail_while_reindexes_swap_generations(fast_dir: Path) -> None:
    root = seeded(fast_dir / "root")
    loop = textwrap.dedent(
        """
        import sys
        from arshif.api import Archive
        for _ in range(40):
            assert Archive.open(sys.argv[1]).search("القوات").total > 0
        print("done")
        """
    )
    command = [sys.executable, "-c", loop, str(root)]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    with (
        subprocess.Popen(command, env=cli_env(), **pipes) as first,  # type: ignore[call-overload]
        subprocess.Popen(command, env=cli_env(), **pipes) as second,  # type: ignore[call-overload]
    ):
        try:
            for _ in range(4):
                assert_clean(run(root, "reindex"))
            for reader in (first, second):
                out, err = reader.communicate(timeout=TIMEOUT)
                assert reader.returncode == 0, err
                assert out.strip() == "done"
        finally:
            for reader in (first, second):
                if reader.poll() is None:
                    reader.kill()
    assert_clean(run(root, "search", "القوات"))
    assert len(generations(root)) == 1

"""Git changes the archive without arshif: the next search notices and catches the index up.

The store's change token (``.arshif/changes``, git-ignored) changes only when arshif writes;
a git checkout, stash or reset changes archive files without touching it. What tells a reader
that the index may lag is then the git stamp (the stat of the git index) in the marker of
``indexes/state.json``. These tests drive the real git command over a real archive and index.
"""

from __future__ import annotations

import json
from pathlib import Path

from arshif.config import Settings
from arshif.freshness import git_stamp
from arshif.repository import Repository
from tests.cli.helpers import seed_ids
from tests.freshness.conftest import USER, WORD_OF_001, Git, arshif, search_ids, seed


def change_token(root: Path) -> str:
    return (root / ".arshif" / "changes").read_text("ascii")


def test_a_checkout_of_an_older_commit_is_noticed_by_the_next_search(
    git_root: tuple[Path, Git],
) -> None:
    root, git = git_root
    ids = seed_ids()
    arshif(root, "ingest", str(seed("000")), "--user", USER)
    older = git.commit("one record")
    arshif(root, "ingest", str(seed("001")), "--user", USER)
    git.commit("two records")
    assert ids["001"] in search_ids(root, WORD_OF_001)
    token = change_token(root)

    git("checkout", "--quiet", older)  # seed 001's object leaves the archive; arshif is not told

    assert change_token(root) == token  # only the git stamp can tell
    assert search_ids(root, WORD_OF_001) == []
    assert Repository(Settings(root)).index_lag() == 0
    assert Repository(Settings(root)).index().doc_count() == 1

    git("checkout", "--quiet", "main")  # and back: the record is found again

    assert search_ids(root, WORD_OF_001) == [ids["001"]]
    assert Repository(Settings(root)).index_lag() == 0


def test_a_stash_and_its_pop_are_each_noticed_by_the_next_search(
    git_root: tuple[Path, Git],
) -> None:
    root, git = git_root
    ids = seed_ids()
    arshif(root, "ingest", str(seed("000")), str(seed("001")), "--user", USER)
    git.commit("two records")
    arshif(
        root, "edit", ids["000"], "--set", "title=زمردنگار", "-m", "a new title", "--user", USER
    )  # an edit not committed: version 2 of seed 000, on disk only
    assert search_ids(root, "title:زمردنگار") == [ids["000"]]
    token = change_token(root)

    git("stash", "push", "--quiet", "--include-untracked", "--", "archive")

    assert change_token(root) == token
    assert search_ids(root, "title:زمردنگار") == []  # the record is at version 1 again
    shown = json.loads(arshif(root, "show", ids["000"], "--format", "json"))
    assert shown["title"] != "زمردنگار"
    assert Repository(Settings(root)).index_lag() == 0

    git("stash", "pop", "--quiet")

    assert search_ids(root, "title:زمردنگار") == [ids["000"]]
    assert Repository(Settings(root)).index_lag() == 0


def test_a_hard_reset_that_drops_a_record_is_noticed(git_root: tuple[Path, Git]) -> None:
    root, git = git_root
    ids = seed_ids()
    arshif(root, "ingest", str(seed("000")), "--user", USER)
    first = git.commit("one record")
    arshif(root, "ingest", str(seed("001")), "--user", USER)
    git.commit("two records")
    assert search_ids(root, WORD_OF_001) == [ids["001"]]

    git("reset", "--quiet", "--hard", first)

    assert search_ids(root, WORD_OF_001) == []
    assert Repository(Settings(root)).index_lag() == 0


def test_the_stamp_changes_with_the_git_index_and_is_empty_outside_git(
    git_root: tuple[Path, Git], tmp_path: Path
) -> None:
    root, git = git_root
    archive = root / "archive"
    assert git_stamp(archive) == "git?"  # a git tree without an index yet
    git.commit("an empty archive")
    before = git_stamp(archive)
    assert before.startswith("git:")
    assert git_stamp(archive) == before  # nothing changed: the same stamp
    arshif(root, "ingest", str(seed("000")), "--user", USER)
    assert git_stamp(archive) == before  # arshif does not touch git
    git.commit("one record")
    assert git_stamp(archive) != before
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert git_stamp(outside) == ""


def test_a_linked_work_tree_is_stamped_through_its_git_file(
    git_root: tuple[Path, Git], tmp_path: Path
) -> None:
    """In a work tree made by `git worktree add`, ``.git`` is a file naming the git folder."""
    root, git = git_root
    arshif(root, "ingest", str(seed("000")), "--user", USER)
    git.commit("one record")
    linked = tmp_path / "linked"
    git("worktree", "add", "--quiet", str(linked))
    assert (linked / ".git").is_file()
    stamp = git_stamp(linked / "archive")
    assert stamp.startswith("git:")
    assert stamp != git_stamp(root / "archive")  # its own index, not the main tree's

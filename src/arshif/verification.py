"""``arshif verify``: is the archive whole, and is its index current?

The checks, in order: the OCFL storage root and every digest (`arshif.store.verify`), the
archive's settings (``archiveconfig.json``), every record's TEI against arshif's schema (objects
the store already found broken are not read again), and how far the index lags the archive
(`arshif.freshness.IndexKeeper.lag`). With `repair`, interrupted writes are recovered and the
index is rebuilt or caught up first, under the writer lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from arshif.archiveconfig import load_archive_config
from arshif.errors import IndexStale, InputError, ObjectNotFound
from arshif.freshness import IndexKeeper
from arshif.model import RECORD_PATH

#: TEI problems reported per record at the most.
TEI_PROBLEMS_SHOWN = 3


@dataclass(frozen=True)
class VerifyProblem:
    object_id: str | None
    code: str
    message: str


def verify(keeper: IndexKeeper, *, repair: bool = False) -> list[VerifyProblem]:
    """Check OCFL validity, every digest, every record's TEI and the index's currency."""
    from arshif.tei import validate_record

    store = keeper.store
    problems: list[VerifyProblem] = []
    try:
        load_archive_config(keeper.settings.archive_dir)
        config_problem = None
    except InputError as exc:
        config_problem = VerifyProblem(None, "CONFIG", str(exc))
    if repair:
        with keeper.writing():
            store.recover(full=True)
            if config_problem is None:  # the index's engine is unknown: it cannot be repaired
                keeper.repair()
    for issue in store.verify():
        problems.append(VerifyProblem(issue.object_id, issue.code, issue.message))
    if config_problem is not None:
        problems.append(config_problem)
    bad = {p.object_id for p in problems}
    for oid in store.object_ids():
        if oid in bad:
            continue
        try:
            errors = validate_record(store.read(oid, RECORD_PATH))
        except (OSError, ObjectNotFound) as exc:
            errors = [str(exc)]
        problems.extend(VerifyProblem(oid, "TEI", e) for e in errors[:TEI_PROBLEMS_SHOWN])
    if any(p.code == "CONFIG" for p in problems):
        return problems  # the archive's engine is unknown: its index cannot be checked
    try:
        lag = keeper.lag()
    except IndexStale as exc:
        problems.append(VerifyProblem(None, "INDEX", str(exc)))
        return problems
    if lag:
        problems.append(
            VerifyProblem(
                None,
                "INDEX",
                f"the index lags the archive by {lag} record(s); "
                "run `arshif verify --repair` or `arshif reindex`",
            )
        )
    return problems

"""What OAI-PMH needs of every record, kept in memory: id, datestamp, sets, deleted or not.

The catalogue is made from the search index's stored fields (language, outlet, tags, withdrawn,
the version indexed) and, per record version, the time of that version from the object's
inventory (the OAI datestamp, in UTC). It is rebuilt when the index changes (`SearchIndex.token`)
and an inventory is read again only for a record whose indexed version changed, so a harvest of
the whole archive reads each inventory once. Its size grows with the archive (some 200 bytes a
record), never with a harvest.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from arshif.model import object_id_for
from arshif.repository import Repository

#: Characters a setSpec may hold besides the ``:`` of its hierarchy (OAI-PMH 2.0 §4.6).
_SPEC_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!*'()")
#: The kinds of sets, each the parent of its values (``lang:ar``, ``outlet:...``, ``tag:...``).
SET_KINDS = {"lang": "Language", "outlet": "Outlet", "tag": "Tag"}


def set_spec(kind: str, value: str) -> str:
    """A valid, reversible setSpec: ASCII-safe characters kept, others as ``~XX`` UTF-8 bytes.

    >>> set_spec("outlet", "kayhan.ir"), set_spec("tag", "حقوق")
    ('outlet:kayhan.ir', 'tag:~D8~AD~D9~82~D9~88~D9~82')
    """
    encoded = "".join(
        c if c in _SPEC_SAFE else "".join(f"~{b:02X}" for b in c.encode("utf-8")) for c in value
    )
    return f"{kind}:{encoded}"


def utc_datestamp(moment: str) -> str:
    """An RFC 3339 time as an OAI datestamp, ``YYYY-MM-DDThh:mm:ssZ`` in UTC."""
    when = datetime.fromisoformat(moment)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Entry:
    id: str  #: the record's short id
    datestamp: str  #: its indexed (head) version's time, UTC
    sets: tuple[str, ...]  #: setSpecs of its language, outlet and tags
    deleted: bool  #: withdrawn


class Catalogue:
    """Every record's `Entry`, sorted by id, current with the index (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._token: str | None = None
        self._entries: list[Entry] = []
        self._ids: list[str] = []
        self._sets: dict[str, str] = {}
        self._stamps: dict[tuple[str, str], str] = {}

    def refresh(self, repo: Repository) -> None:
        index = repo.index()
        token = index.token()
        with self._lock:
            if token == self._token:
                return
            entries: list[Entry] = []
            sets: dict[str, str] = {}
            stamps: dict[tuple[str, str], str] = {}
            for doc in index.stored_documents():
                short, version = str(doc["id"]), str(doc.get("version") or "")
                stamp = self._stamps.get((short, version)) or _datestamp(repo, short, version)
                stamps[short, version] = stamp
                specs = []
                for kind, values in _values(doc):
                    for value in values:
                        spec = set_spec(kind, value)
                        sets.setdefault(spec, f"{SET_KINDS[kind]}: {value}")
                        specs.append(spec)
                entries.append(Entry(short, stamp, tuple(specs), bool(doc.get("withdrawn"))))
            entries.sort(key=lambda e: e.id)
            self._entries, self._ids = entries, [e.id for e in entries]
            self._sets, self._stamps, self._token = sets, stamps, token

    def get(self, short_id: str) -> Entry | None:
        at = bisect.bisect_left(self._ids, short_id)
        if at < len(self._ids) and self._ids[at] == short_id:
            return self._entries[at]
        return None

    def sets(self) -> dict[str, str]:
        """setSpec → setName of every set with a record, parents (``lang``...) included."""
        return {
            **{kind: name for kind, name in SET_KINDS.items()},
            **dict(sorted(self._sets.items())),
        }

    def sample_id(self) -> str:
        """An id of this archive, for Identify's sample identifier."""
        return self._ids[0] if self._ids else "0123456789ab"

    def earliest(self) -> str | None:
        return min((e.datestamp for e in self._entries), default=None)

    def select(
        self, spec: str | None, start: str | None, end: str | None, after: str = ""
    ) -> Iterator[Entry]:
        """Entries in `spec` (a set or its parent kind) with ``start <= datestamp <= end``,
        in id order, from the first id after `after`."""
        entries = self._entries
        for entry in entries[bisect.bisect_right(self._ids, after) if after else 0 :]:
            if start is not None and entry.datestamp < start:
                continue
            if end is not None and entry.datestamp > end:
                continue
            if spec is not None and not any(
                s == spec or s.startswith(spec + ":") for s in entry.sets
            ):
                continue
            yield entry


def _values(doc: dict[str, object]) -> Iterator[tuple[str, list[str]]]:
    lang, outlet, tags = doc.get("lang"), doc.get("outlet"), doc.get("tag")
    yield "lang", [str(lang)] if lang else []
    yield "outlet", [str(outlet)] if outlet else []
    yield "tag", [t.strip() for t in str(tags).split(",") if t.strip()] if tags else []


def _datestamp(repo: Repository, short: str, version: str) -> str:
    versions = repo.store.versions(object_id_for(short))
    chosen = next((v for v in versions if v.version == version), versions[-1])
    return utc_datestamp(chosen.created)

"""Which records a listing shows (`arshif list`, `arshif stats`): tag, outlet, language,
publication dates, withdrawn or not.

Values match as search matches them: tags and outlets after the search's letter folding
(``ایران`` = ``ايران``, case ignored), a language by its tag or primary subtag (``fa`` matches
``fa`` and ``fa-IR``), dates as ``--since``/``--until`` do in search (``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``, inclusive; ``--until 2021-11`` includes the whole of November). A record without
the value asked for (no outlet, no date) does not match.
"""

from __future__ import annotations

from dataclasses import dataclass

from arshif.model import Record
from arshif.text.fold import fold


@dataclass(frozen=True)
class RecordFilter:
    tag: str | None = None
    outlet: str | None = None
    lang: str | None = None
    since: str | None = None
    until: str | None = None
    include_withdrawn: bool = False

    def matches(self, record: Record) -> bool:
        meta = record.metadata
        if record.withdrawn is not None and not self.include_withdrawn:
            return False
        if self.tag is not None and fold(self.tag.strip()) not in {fold(t) for t in meta.tags}:
            return False
        if self.outlet is not None and fold(self.outlet.strip()) != fold(meta.outlet or ""):
            return False
        if self.lang is not None:
            want, have = self.lang.strip().lower(), (meta.lang or "").lower()
            if have != want and not have.startswith(want + "-"):
                return False
        return self._dated(meta.published)

    def _dated(self, published: str | None) -> bool:
        if self.since is None and self.until is None:
            return True
        if not published:
            return False
        since, until = self.since and self.since.strip(), self.until and self.until.strip()
        if since and published < since:
            return False
        return not (until and published[: len(until)] > until)

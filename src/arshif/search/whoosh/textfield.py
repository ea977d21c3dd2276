"""The title and body fields of the Whoosh index, indexed through the cached analysis.

Whoosh indexes a field by running its analyzer over the text, token by token. `AnalyzedText`
is a TEXT field whose `index` takes the road of `arshif.search.textanalysis` instead: one
tokenization for both fields of a text, each distinct word folded and stemmed once. The terms,
frequencies and positions are exactly those of the analyzers (tests/search compare them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import fields
from whoosh.system import pack_uint

from arshif.search.textanalysis import analysis_of


class AnalyzedText(fields.TEXT):  # type: ignore[misc]
    """A TEXT field indexed through `analyze_text` (see the module docstring).

    `role` is "exact" (positions, `exact_analyzer`) or a stemmer language, "ar" or "fa"
    (frequencies, `stemmed_analyzer(role)`); `analyzer` must be the matching analyzer, which
    the query side, highlighting and the fallback use.
    """

    def __init__(self, role: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.role = role

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        analysis = analysis_of(value) if isinstance(value, str) and not kwargs else None
        if analysis is None:
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        if self.role == "exact":
            encode = self.format.encode
            for term, positions in analysis.exact.items():
                freq = len(positions)
                yield term.encode("utf-8"), freq, freq * boost, encode(positions)
        else:
            for term, freq in analysis.stemmed(self.role).items():
                yield term.encode("utf-8"), freq, freq * boost, pack_uint(freq)

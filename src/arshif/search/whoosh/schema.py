"""The Whoosh schema of arshif's search index: the fields of `arshif.search.fields`.

The title and body fields are `AnalyzedText` (`arshif.search.whoosh.textfield`): the same terms
as their analyzers give, indexed in one pass with cached analysis. The schema is pickled into
the index: its classes live at stable import paths (moving one makes old indexes unreadable,
which `arshif.search.fields.SCHEMA_VERSION` then reports).
"""

from __future__ import annotations

from typing import Any

from whoosh import fields

from arshif.search.analysis import (
    exact_analyzer,
    ident_analyzer,
    lowercase_analyzer,
    stemmed_analyzer,
    tag_analyzer,
)
from arshif.search.fields import STEMMED_LANGS
from arshif.search.whoosh.textfield import AnalyzedText


def build_schema() -> fields.Schema:
    """A fresh schema object (each call builds its own analyzers and their caches)."""
    stemmed: dict[str, Any] = {}
    for lang in STEMMED_LANGS:
        for name in ("title", "body"):
            stemmed[f"{name}_{lang}"] = AnalyzedText(
                lang, analyzer=stemmed_analyzer(lang), phrase=False
            )
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        source_id=fields.ID(stored=True, analyzer=ident_analyzer()),
        ident=fields.KEYWORD(analyzer=ident_analyzer(), scorable=True),
        version=fields.STORED(),
        title=fields.STORED(),
        title_exact=AnalyzedText("exact", analyzer=exact_analyzer(), phrase=True),
        body_exact=AnalyzedText("exact", analyzer=exact_analyzer(), phrase=True),
        outlet=fields.ID(stored=True, sortable=True),
        outlet_text=fields.TEXT(analyzer=exact_analyzer(), phrase=True),
        author=fields.TEXT(analyzer=exact_analyzer(), phrase=True, stored=True),
        lang=fields.ID(stored=True, sortable=True, analyzer=lowercase_analyzer()),
        tag=fields.KEYWORD(stored=True, commas=True, scorable=True, analyzer=tag_analyzer()),
        published=fields.ID(stored=True, sortable=True),
        withdrawn=fields.BOOLEAN(stored=True),
        **stemmed,
    )

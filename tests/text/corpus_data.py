"""Loaders for the third-party corpora beside the repository (read there, never copied here)."""

from __future__ import annotations

import gzip
import json
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

Doc = dict[str, Any]


@cache
def saudinewsnet(corpora: Path) -> tuple[Doc, ...]:
    """All SaudiNewsNet articles (title, date_extracted, source, content...)."""
    docs: list[Doc] = []
    for archive in sorted((corpora / "saudinewsnet" / "zips").glob("*.zip")):
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                docs.extend(json.loads(zf.read(name).decode("utf-8")))
    return tuple(docs)


@cache
def farsnews(corpora: Path) -> tuple[Doc, ...]:
    """The Fars News sample (title, abstract, paragraphs...)."""
    docs: list[Doc] = []
    for path in sorted((corpora / "farsnews").glob("fars-news-*.json.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            docs.extend(json.load(handle))
    return tuple(docs)


@cache
def hamshahri(corpora: Path) -> tuple[Doc, ...]:
    """Hamshahri2 subset documents (id, date, date_jalali, title, text)."""
    path = corpora / "hamshahri-ir-subset" / "docs.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return tuple(json.loads(line) for line in handle)

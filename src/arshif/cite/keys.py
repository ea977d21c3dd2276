"""Citation keys: readable ASCII, stable for a record, unique within one export.

A key is a word and the publication year, as reference managers make them (``kayhan2021``):
the outlet's first word (a domain such as ``kayhan.ir`` gives ``kayhan``), or, for a record
without an outlet, the first significant word of its title (the romanized title when the record
has one, else the title, or the supplied title of an untitled record). Arabic and Persian words
are romanized with a simplified ALA-LC table (`arshif.cite.romanize`; العراق → ``raq``,
ایرنا → ``irna``); particles (في، من، به، از…) and the article are skipped. A record that yields
no word is keyed by its short id. Within one export a key met again gets ``a``, ``b``, ``c``…
appended (after a hyphen when the key ends in a letter), in export order, so the first record
keeps the plain key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import count

from arshif.cite.cleaning import clean
from arshif.cite.romanize import romanize_word
from arshif.cite.supplied import supplied_title
from arshif.model import Record

#: Words that do not make a key: Arabic and Persian particles, English and French articles.
_STOP = {
    "في", "من", "على", "إلى", "الى", "عن", "و", "ب", "ل", "ك", "ما", "لا", "قد", "ثم", "أو",
    "أن", "إن", "ان", "هذا", "هذه", "مع", "به", "از", "در", "با", "که", "را", "این", "آن",
    "برای", "تا", "یا", "هم", "بر",
    "the", "a", "an", "of", "in", "on", "and", "to", "for", "le", "la", "les", "de", "des",
    "du", "un", "une", "al", "el",
}  # fmt: skip
_MAX_WORD = 16
_SPLIT = re.compile(r"[\s\-–—/:;,.!?«»\"'“”()\[\]…،؛؟]+")


def _first_word(text: str | None, lang: str | None, *, skip_stop_words: bool) -> str | None:
    if not text:
        return None
    for raw in _SPLIT.split(text):
        if skip_stop_words and raw.lower() in _STOP:
            continue
        if skip_stop_words and re.fullmatch(r"(?i)(al|el|ad|an|ar|as|at|az|ash)-.+", raw):
            raw = raw.split("-", 1)[1]
        word = romanize_word(raw, lang)
        if not word or word.isdigit() or (skip_stop_words and len(word) < 2):
            continue
        return word[:_MAX_WORD]
    return None


def _outlet_word(outlet: str | None, lang: str | None) -> str | None:
    if not outlet:
        return None
    outlet = re.sub(r"^(?:https?://)?(?:www\.)?", "", outlet.strip(), flags=re.I)
    if re.fullmatch(r"[\w.-]+\.[a-z]{2,}", outlet, flags=re.I):  # a domain name
        outlet = outlet.split(".")[0]
    return _first_word(outlet, lang, skip_stop_words=False) if outlet else None


def base_key(record: Record) -> str:
    """The key of `record` before de-duplication: ``word`` + ``year``, or the short id.

    >>> from arshif.model import CaptureInfo, Metadata, Record
    >>> cap = CaptureInfo("capture.txt", "0" * 64, 1, "text/plain", "utf-8")
    >>> meta = Metadata(outlet="kayhan.ir", published="2021-07-31T19:51:00")
    >>> base_key(Record("fd2ff384f8cb858e", meta, (), cap))
    'kayhan2021'
    >>> meta = Metadata(title="في العراقية اليوم", lang="ar")
    >>> base_key(Record("7ad7e274a5b987ef", meta, (), cap))
    'raqiyah'
    """
    meta = record.metadata
    lang = meta.lang
    word = _outlet_word(clean(meta.outlet), lang)
    if word is None:
        word = _first_word(clean(meta.title_romanized), None, skip_stop_words=True)
    if word is None:
        title = clean(meta.title) or supplied_title(record)
        word = _first_word(title, lang, skip_stop_words=True)
    if not word:
        return romanize_word(record.id) or "record"
    year_match = re.match(r"\s*(\d{4})", meta.published or "")
    return word + (year_match.group(1) if year_match else "")


def unique_keys(records: Iterable[Record]) -> list[str]:
    """Keys for `records` in order, each unique: a repeated key gets ``a``, ``b``... appended."""
    used: set[str] = set()
    keys: list[str] = []
    for record in records:
        key = base = base_key(record)
        if key in used:
            stem = base if base[-1:].isdigit() else base + "-"
            for n in count():
                key = stem + _suffix(n)
                if key not in used:
                    break
        used.add(key)
        keys.append(key)
    return keys


def _suffix(n: int) -> str:
    """a, b, ..., z, aa, ab, ..."""
    letters = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters

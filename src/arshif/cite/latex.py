"""BibLaTeX (biber) and classic BibTeX entries, derived from the CSL item of each record.

BibLaTeX, checked with ``biber --tool --validate-datamodel --dieondatamodel`` (docs/citations.md):

- ``@article`` (``journaltitle`` = outlet, ``entrysubtype = {newspaper}``) only when author, outlet
  and an ISO date are all known, as biber's data model requires author, journaltitle and title;
  otherwise ``@misc`` with ``entrysubtype = {newspaper}`` and the outlet in ``howpublished``.
- ``date`` is the ISO date as stored, with its time (``2021-07-31T19:51:00``). An undated record
  has no ``date``: biblatex then labels it with its ``nodate`` string (``n.d.``). The only
  values biber's data model accepts for an unknown date (EDTF ``XXXX`` and kin) make biblatex's
  author-year styles print ``()``, so the entry is left without one, the one rule of biber's
  data model these entries break ("one of 'date, year' must be defined"), knowingly.
- The author is one literal name in braces (``{{...}}``), so biber does not split it.
- ``titleaddon`` carries translated titles in brackets, ``usera`` the romanized title (biblatex has
  no romanized-title field; ``usera`` is the data model's field for such style-specific data).
- Where it is held: ``eprinttype``/``eprint`` (the archive's name and ``urn:arshif:…``, printed
  by the standard styles as ``name: urn``) and ``library`` (the data model's field for a holding
  library and call number); ``url``, ``urldate``, ``langid`` (``arabic``, ``persian``).
- ``addendum``: the access (capture) date of a record without URL and the attributed source.
- An untitled record's title is the CSL item's supplied title (``[first words…]``).

BibTeX (classic ``.bst`` styles): ``@article`` (``journal``) when author, title, outlet and year are
known, else ``@misc`` (no mandatory fields, so nothing is supplied); ``year`` and ``month`` (a
month macro), the URL as ``howpublished = {\\url{...}}`` when there is no outlet, otherwise in
``note`` with the access date, the full date, the romanized and translated titles and the
archive link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from arshif.cite.csl import (
    ATTRIBUTED_NOTE,
    IsoDate,
    attributed_source,
    date_of,
    romanized_title,
    translated_titles,
)

#: babel/polyglossia language names for `langid`, by primary BCP 47 subtag.
LANGID = {
    "ar": "arabic",
    "fa": "persian",
    "en": "english",
    "fr": "french",
    "de": "german",
    "tr": "turkish",
    "ur": "urdu",
    "ku": "kurdish",
    "he": "hebrew",
    "ru": "russian",
    "es": "spanish",
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIALS))


def latex_escape(text: str) -> str:
    r"""`text` with LaTeX's special characters escaped (biber and bibtex read them back).

    >>> latex_escape("50% & {more}")
    '50\\% \\& \\{more\\}'
    """
    return _LATEX_RE.sub(lambda m: _LATEX_SPECIALS[m.group(0)], text)


def verbatim_url(url: str) -> str:
    """A URL safe in a verbatim ``url`` field: braces, backslashes and spaces percent-encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def url_command(url: str) -> str:
    r"""``\url{...}`` for a classic BibTeX field, with ``%`` and ``#`` escaped for the .bbl."""
    return r"\url{" + verbatim_url(url).replace("%", r"\%").replace("#", r"\#") + "}"


def biblatex_date(date: IsoDate) -> str:
    """The ISO form biber accepts: seconds always given, zone as ``Z`` or ``±HH:MM``."""
    text = "-".join([f"{date.year:04d}", *(f"{p:02d}" for p in date.parts[1:])])
    if date.time is None:
        return text
    time = date.time.split(".")[0]
    if time.count(":") == 1:
        time += ":00"  # biber requires seconds; "19:51" is 19:51:00
    zone = date.zone or ""
    if zone and zone != "Z" and ":" not in zone:
        zone = zone[:3] + ":" + zone[3:]
    return f"{text}T{time}{zone}"


def langid(language: str | None) -> str | None:
    """The babel name of a BCP 47 tag (``ar`` → ``arabic``), or None when unknown."""
    if not language:
        return None
    return LANGID.get(language.split("-")[0].lower())


def _field(name: str, value: str) -> str:
    return f"  {name} = {{{value}}},"


def _entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    lines = [f"@{kind}{{{key},"]
    for name, value in fields:
        # month macros (jan, feb...) are written bare, every other value in braces
        lines.append(f"  {name} = {value}," if name == "month" else _field(name, value))
    lines.append("}")
    return "\n".join(lines)


def biblatex_entry(item: dict[str, Any]) -> str:
    """One BibLaTeX entry for a CSL item."""
    title = item.get("title")
    outlet = item.get("container-title")
    author = item["author"][0]["literal"] if item.get("author") else None
    issued = date_of(item, "issued")
    accessed = date_of(item, "accessed")
    url = item.get("URL")
    is_article = bool(author and outlet and issued)
    fields: list[tuple[str, str]] = [("entrysubtype", "newspaper")]
    if author:
        fields.append(("author", "{" + latex_escape(author) + "}"))
    if title:
        fields.append(("title", latex_escape(title)))
    translated = translated_titles(item)
    if translated:
        fields.append(("titleaddon", latex_escape("[" + "; ".join(t for _, t in translated) + "]")))
    romanized = romanized_title(item)
    if romanized:
        fields.append(("usera", latex_escape(romanized)))
    if outlet:
        fields.append(("journaltitle" if is_article else "howpublished", latex_escape(outlet)))
    addenda: list[str] = []
    if issued:
        fields.append(("date", biblatex_date(issued)))
    elif "literal" in item.get("issued", {}):
        addenda.append(item["issued"]["literal"])
    if url:
        fields.append(("url", verbatim_url(url)))
    if accessed and url:
        fields.append(("urldate", biblatex_date(accessed)))
    elif accessed:
        addenda.append("Accessed " + accessed.text)
    elif "literal" in item.get("accessed", {}):
        addenda.append("Accessed " + item["accessed"]["literal"])
    lang = langid(item.get("language"))
    if lang:
        fields.append(("langid", lang))
    fields.append(("eprinttype", latex_escape(item["archive"])))
    fields.append(("eprint", latex_escape(item["archive_location"])))
    fields.append(("library", latex_escape(f"{item['archive']}, {item['archive_location']}")))
    attributed = attributed_source(item)
    if attributed:
        addenda.append(f"{ATTRIBUTED_NOTE} {attributed}")
    if addenda:
        fields.append(("addendum", latex_escape(". ".join(addenda))))
    return _entry("article" if is_article else "misc", item["id"], fields)


def bibtex_entry(item: dict[str, Any]) -> str:
    """One classic BibTeX entry for a CSL item."""
    title = item.get("title")
    outlet = item.get("container-title")
    author = item["author"][0]["literal"] if item.get("author") else None
    issued = date_of(item, "issued")
    accessed = date_of(item, "accessed")
    url = item.get("URL")
    is_article = bool(author and title and outlet and issued)
    fields: list[tuple[str, str]] = []
    if author:
        fields.append(("author", "{" + latex_escape(author) + "}"))
    if title:
        # extra braces: .bst styles change the case of titles
        fields.append(("title", "{" + latex_escape(title) + "}"))
    if outlet:
        fields.append(("journal" if is_article else "howpublished", latex_escape(outlet)))
    elif url:
        fields.append(("howpublished", url_command(url)))
    if issued:
        fields.append(("year", f"{issued.year:04d}"))
        if issued.month:
            fields.append(("month", MONTHS[issued.month - 1]))
    notes: list[str] = []
    if issued and (issued.day or issued.time):
        notes.append("Published " + latex_escape(issued.text))
    elif "literal" in item.get("issued", {}):
        notes.append("Published " + latex_escape(item["issued"]["literal"]))
    romanized = romanized_title(item)
    if romanized:
        notes.append("Romanized title: " + latex_escape(romanized))
    notes.extend(
        f"Translated title ({latex_escape(t)}): {latex_escape(s)}"
        for t, s in translated_titles(item)
    )
    if url and outlet:
        notes.append(url_command(url))
    if accessed:
        notes.append("Accessed " + latex_escape(accessed.text))
    elif "literal" in item.get("accessed", {}):
        notes.append("Accessed " + latex_escape(item["accessed"]["literal"]))
    attributed = attributed_source(item)
    if attributed:
        notes.append(f"{ATTRIBUTED_NOTE} {latex_escape(attributed)}")
    notes.append(f"{latex_escape(item['archive'])}: {latex_escape(item['archive_location'])}")
    fields.append(("note", ". ".join(notes)))
    if not author:
        # classic styles sort and label by `key` when there is no author
        sort_as = outlet or (title or "").lstrip("[").rstrip("]…") or item["id"]
        fields.append(("key", latex_escape(sort_as)))
    lang = langid(item.get("language"))
    if lang:
        fields.append(("language", lang))
    return _entry("article" if is_article else "misc", item["id"], fields)


def biblatex(items: Sequence[dict[str, Any]]) -> str:
    """A .bib file for biber: one entry per item, in the given order."""
    return "".join(biblatex_entry(i) + "\n\n" for i in items)


def bibtex(items: Sequence[dict[str, Any]]) -> str:
    """A .bib file for classic BibTeX: one entry per item, in the given order."""
    return "".join(bibtex_entry(i) + "\n\n" for i in items)

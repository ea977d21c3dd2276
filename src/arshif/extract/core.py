"""`extract`: metadata and clean paragraphs from a capture's text, with provenance for each.

Precedence: what the user gives (origin "user") wins over what the capture's markup states
(HTML meta, TEI header), which wins over what is read from the text (both origin "capture").

Provenance is honest about absence: for every field the extractor looks for in the text
(title, published, outlet, lang, attributed_source, news_code, dateline) the result holds one
`FieldProvenance`: with the evidence line when the field was found, and with ``evidence=None``
and origin "capture" when the capture does not state it (the value then stays None).
`Extraction.unstated` lists those fields. Fields the text is never searched for (author, url...)
get an entry only when given or stated by the markup.

Cleaning: lines are removed from the body only by these steps, each listing what it removed,
verbatim: "boilerplate-removed" (page widgets, "read also" links, contributors footers),
"metadata-lines-removed" (masthead, news code, date line, headline and copyright lines that
are in the header now, so the body does not repeat them), "repeated-body-removed" (a run of
paragraphs a scraper appended twice). Blank lines are not paragraphs and are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from arshif.extract.attribution import attributed_source, dateline, footer_outlet
from arshif.extract.clean import boilerplate_lines, repeated_lines
from arshif.extract.header import labelled_date, read_header
from arshif.extract.lines import Line, fold, lines_from_paragraphs, split_lines, word_count
from arshif.model import CleaningStep, FieldProvenance, Metadata
from arshif.text.language import detect_language
from arshif.text.normalize import normalize_storage

__all__ = ["SEARCHED_FIELDS", "Extraction", "extract"]

#: the fields the extractor looks for in the text (and says so when it finds nothing)
SEARCHED_FIELDS = (
    "title",
    "published",
    "outlet",
    "lang",
    "attributed_source",
    "news_code",
    "dateline",
)
#: fields set together: a user who gives `published` replaces the printed form and calendar too
_GROUPS = {"published": ("published", "published_text", "published_calendar")}
_GROUPED = {"published_text", "published_calendar"}


@dataclass(frozen=True)
class Extraction:
    metadata: Metadata
    paragraphs: tuple[str, ...]
    cleaning: tuple[CleaningStep, ...]
    provenance: tuple[FieldProvenance, ...]

    @property
    def unstated(self) -> tuple[str, ...]:
        """Fields searched for in the text and not found there (nor given)."""
        return tuple(
            p.name for p in self.provenance if p.origin == "capture" and p.evidence is None
        )


def _is_set(value: object) -> bool:
    return value is not None and value != ()


def _normalized(metadata: Metadata) -> Metadata:
    changes: dict[str, object] = {}
    for f in fields(metadata):
        value = getattr(metadata, f.name)
        if isinstance(value, str):
            changes[f.name] = normalize_storage(value).strip() or None
    return metadata.with_changes(**changes)


class _Found:
    """Values read from the text, with the line each came from."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.evidence: dict[str, str] = {}

    def put(self, name: str, value: object, evidence: str, **also: object) -> None:
        if isinstance(value, str):
            value = value.strip() or None
        if name not in self.values and _is_set(value):
            self.values[name] = value
            self.values.update(also)
            self.evidence[name] = evidence


def _read_text(
    lines: list[Line], lang: str | None, find_title: bool, repeats: bool = True
) -> tuple[_Found, list[Line], list[Line], list[Line]]:
    """(found values, boilerplate lines, metadata lines, repeated lines) of `lines`."""
    found = _Found()
    boilerplate = boilerplate_lines(lines)
    dropped = {line.index for line in boilerplate}
    kept = [line for line in lines if line.index not in dropped]

    header = read_header(kept, lang, find_title=find_title)
    metadata_lines = list(header.metadata_lines)
    if header.outlet:
        found.put("outlet", header.outlet.text, header.outlet.text)
    if header.news_code:
        found.put("news_code", header.news_code[1], header.news_code[0].text)
    if header.published:
        line, date = header.published
        found.put(
            "published", date.iso, line.text,
            published_text=date.printed, published_calendar=date.calendar,
        )  # fmt: skip
    if header.title:
        found.put("title", header.title.text, header.title.text)
    if header.dateline:
        found.put("dateline", header.dateline.text, header.dateline.text)

    # A labelled date line among the last lines ("Published: ...") is a date line too.
    if "published" not in found.values:
        for line in kept[-3:]:
            footer_date = labelled_date(line.text, lang)
            if footer_date and line not in metadata_lines:
                found.put(
                    "published", footer_date.iso, line.text,
                    published_text=footer_date.printed, published_calendar=footer_date.calendar,
                )  # fmt: skip
                metadata_lines.append(line)
                break
    footer = footer_outlet(kept)
    if footer and footer[0] not in metadata_lines:
        metadata_lines.append(footer[0])
        found.put("outlet", footer[1], footer[0].text)

    taken = {line.index for line in metadata_lines}
    body = [line for line in kept if line.index not in taken]
    repeated = repeated_lines(body) if repeats else []
    # The opening paragraph: skip a kicker and short lines (a photo caption) above the lead.
    openings = [line for line in body[:3] if line != header.kicker and word_count(line.text) >= 8]
    if openings:
        opening = openings[0].text
        place = dateline(opening)
        if place:
            found.put("dateline", place[0], place[1])
        source = attributed_source(opening)
        if source:
            found.put("attributed_source", source[0], source[1])
    return found, boilerplate, metadata_lines, repeated


def _step(name: str, description: str, lines: list[Line]) -> CleaningStep | None:
    if not lines:
        return None
    ordered = sorted(lines, key=lambda line: line.index)
    return CleaningStep(name, description, tuple(line.text for line in ordered))


def extract(
    text: str,
    given: Metadata = Metadata(),  # noqa: B008 - frozen dataclass, safe as a default
    html_paragraphs: tuple[str, ...] | None = None,
    *,
    captured: Metadata = Metadata(),  # noqa: B008
    captured_provenance: tuple[FieldProvenance, ...] = (),
    main_text: bool = False,
) -> Extraction:
    """Metadata, clean paragraphs, cleaning steps and provenance for one capture's text.

    `given` is what the user states (it wins); `html_paragraphs` are the paragraphs markup gave
    (then used instead of the lines of `text`); `captured` and `captured_provenance` are what
    the markup states about itself (`DecodedCapture.metadata` and `.provenance`).
    `main_text`: the paragraphs are a page's main content as an extractor chose it (no scraper
    appended them twice: repeated paragraphs are the page's own, and kept).
    """
    given = _normalized(given)
    captured = _normalized(captured)
    if html_paragraphs is not None:
        lines = lines_from_paragraphs(normalize_storage(p) for p in html_paragraphs)
    else:
        lines = split_lines(normalize_storage(text))
    hint = (
        given.lang or captured.lang or detect_language(" ".join(line.text for line in lines[:200]))
    )

    find_title = not (given.title or captured.title)
    found, boilerplate, metadata_lines, repeated = _read_text(
        lines, hint, find_title, not main_text
    )
    # The headline the markup or the user states is not repeated as the first paragraph.
    stated_title = given.title or captured.title
    if stated_title:
        for line in lines[:3]:
            if fold(line.text) == fold(stated_title) and line not in metadata_lines:
                metadata_lines.append(line)
                break

    removed = {line.index for line in (*boilerplate, *metadata_lines, *repeated)}
    paragraphs = tuple(line.text for line in lines if line.index not in removed)
    title = found.values.get("title")
    if not (_is_set(given.lang) or _is_set(captured.lang)):  # (else `_merge` keeps theirs)
        lang = detect_language(
            " ".join(paragraphs[:200]) or (title if isinstance(title, str) else "")
        )
        if lang:
            found.put("lang", lang, "detect_language")

    metadata, provenance = _merge(given, captured, captured_provenance, found)
    cleaning = tuple(
        step
        for step in (
            _step(
                "boilerplate-removed",
                "page furniture removed: font-size and share widgets, read-also links, "
                "contributors footers",
                boilerplate,
            ),
            _step(
                "metadata-lines-removed",
                "header lines now held as metadata (masthead, news code, date, headline, "
                "copyright) are not repeated in the body",
                metadata_lines,
            ),
            _step(
                "repeated-body-removed",
                "a run of paragraphs the capture repeats (a scraper appended the body twice) "
                "is kept once",
                repeated,
            ),
        )
        if step is not None
    )
    return Extraction(metadata, paragraphs, cleaning, provenance)


def _merge(
    given: Metadata,
    captured: Metadata,
    captured_provenance: tuple[FieldProvenance, ...],
    found: _Found,
) -> tuple[Metadata, tuple[FieldProvenance, ...]]:
    values: dict[str, object] = {}
    provenance: list[FieldProvenance] = []
    markup_evidence = {p.name: p.evidence for p in captured_provenance}
    for f in fields(Metadata):
        name = f.name
        if name in _GROUPED:
            continue
        group = _GROUPS.get(name, (name,))
        if _is_set(getattr(given, name)):
            values.update({n: getattr(given, n) for n in group})
            provenance.append(FieldProvenance(name, "user"))
        elif _is_set(getattr(captured, name)):
            values.update({n: getattr(captured, n) for n in group})
            provenance.append(
                FieldProvenance(name, "capture", markup_evidence.get(name) or "markup")
            )
        elif name in found.values:
            values.update({n: found.values[n] for n in group if n in found.values})
            provenance.append(FieldProvenance(name, "capture", found.evidence[name]))
        elif name in SEARCHED_FIELDS:
            provenance.append(FieldProvenance(name, "capture", None))
    return Metadata().with_changes(**values), tuple(provenance)

"""Validation of records: the shipped RELAX NG schema (tei/schema/arshif.rng) plus the rules a
grammar cannot say (pointers resolve, versions are numbered v1..vN, duplicated facts agree).

arshif.rng is written by hand as a strict subset of TEI P5 (tei_all 4.3.0): every record valid
under it is valid under tei_all too (tests/tei check this against the official schema).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import cache
from importlib.resources import files

from lxml import etree

from arshif.errors import ArshifError, InvalidRecord
from arshif.tei.safexml import TEI_NS, XML_ID, XML_LANG, parse_xml, tei, text_content

SCHEMA_RESOURCE = ("schema", "arshif.rng")


class RelaxNGValidator:
    """A compiled RELAX NG schema; `errors(data)` gives ``line N: message`` strings."""

    def __init__(self, schema: bytes, name: str) -> None:
        self.name = name
        tree = parse_xml(schema, what=f"schema {name}", error=InvalidRecord)
        self._schema = etree.RelaxNG(tree)
        self._lock = threading.Lock()  # the error log lives on the schema object

    def errors(self, data: bytes) -> list[str]:
        """Schema errors of `data` (empty when valid); malformed or hostile XML is one error."""
        try:
            root = parse_xml(data, what="record", error=InvalidRecord)
        except ArshifError as exc:
            return [_parse_error(exc)]
        return self.errors_of(root)

    def errors_of(self, root: etree._Element) -> list[str]:
        with self._lock:
            if self._schema.validate(root):
                return []
            entries = [(entry.line, entry.message) for entry in self._schema.error_log]
        # libxml2 adds summary lines at line 0 beside the precise ones; keep the precise ones
        placed = [(line, message) for line, message in entries if line > 0]
        return [f"line {line}: {message}" for line, message in placed or entries]


@cache
def arshif_schema() -> RelaxNGValidator:
    """The shipped schema, compiled once per process."""
    resource = files("arshif.tei").joinpath(*SCHEMA_RESOURCE)
    return RelaxNGValidator(resource.read_bytes(), "arshif.rng")


def validate_record(data: bytes) -> list[str]:
    """Every problem of a record, as ``line N: message`` strings; empty means valid.

    Checks the RELAX NG schema arshif.rng, then our own rules: every
    ``@who``/``@resp``/``@calendar`` pointer resolves; there is at least one ``change`` and they
    are numbered ``v1``..``vN`` in order; ``revisionDesc/@status="withdrawn"`` goes with a
    withdrawal note; facts written twice agree (title, language, id).
    """
    try:
        root = parse_xml(data, what="record", error=InvalidRecord)
    except ArshifError as exc:
        return [_parse_error(exc)]
    return arshif_schema().errors_of(root) + list(_rule_errors(root))


def _parse_error(exc: ArshifError) -> str:
    """A parse failure as one error line, at the line the parser stopped (else line 1)."""
    line = getattr(exc.__cause__, "lineno", None) or 1
    return f"line {line}: {exc}"


def _line(element: etree._Element) -> str:
    return f"line {element.sourceline or 0}"


def _rule_errors(root: etree._Element) -> Iterator[str]:
    # (a repeated xml:id never gets here: libxml2 refuses it while parsing)
    ids = {ident for element in root.iter(etree.Element) if (ident := element.get(XML_ID))}
    for element in root.iter(etree.Element):
        for name in ("who", "resp", "calendar"):
            for pointer in (element.get(name) or "").split():
                if not pointer.startswith("#") or pointer[1:] not in ids:
                    yield f"{_line(element)}: @{name} {pointer!r} points to no xml:id here"
    yield from _change_errors(root)
    yield from _agreement_errors(root)


def _change_errors(root: etree._Element) -> Iterator[str]:
    revisions = root.find(f"{tei('teiHeader')}/{tei('revisionDesc')}")
    changes = [] if revisions is None else revisions.findall(tei("change"))
    if not changes:
        yield "line 1: the record has no revisionDesc/change (every version needs one)"
    for number, change in enumerate(changes, start=1):
        if change.get("n") != f"v{number}":
            yield f"{_line(change)}: change n={change.get('n')!r}, expected 'v{number}' (in order)"
    withdrawn = revisions is not None and (revisions.get("status") or "").strip() == "withdrawn"
    notes = root.findall(f".//{tei('notesStmt')}/{tei('note')}")
    noted = any((note.get("type") or "").strip() == "withdrawal" for note in notes)
    if withdrawn != noted:
        yield (
            "line 1: revisionDesc/@status='withdrawn' and notesStmt/note type='withdrawal' "
            "must go together"
        )


def _agreement_errors(root: etree._Element) -> Iterator[str]:
    def texts(xpath: str) -> list[str]:
        found = root.xpath(xpath, namespaces={"t": TEI_NS})
        assert isinstance(found, list)
        return [text_content(e) for e in found if isinstance(e, etree._Element)]

    main = texts("t:teiHeader/t:fileDesc/t:titleStmt/t:title[@type='main']")
    article = texts("t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl/t:title[@level='a']")
    if main and (article or [""]) != [main[0]]:
        yield (
            "line 1: the title is written twice and the copies differ: titleStmt/title "
            f"type='main' is {main[0]!r}, sourceDesc/bibl/title level='a' is "
            f"{(article or [''])[0]!r}; make them the same (or change only one: the other follows)"
        )
    lang = root.get(XML_LANG)
    idents = root.xpath(
        "t:teiHeader/t:profileDesc/t:langUsage/t:language/@ident", namespaces={"t": TEI_NS}
    )
    if lang and idents != [lang]:
        yield f"line 1: langUsage does not state the text's language {lang!r}"
    urn = texts("t:teiHeader/t:fileDesc/t:publicationStmt/t:idno[@type='URN']")
    short = texts("t:teiHeader/t:fileDesc/t:publicationStmt/t:idno[@type='arshif']")
    if urn != [f"urn:arshif:{s}" for s in short]:
        yield "line 1: publicationStmt idno type='URN' is not urn:arshif: + idno type='arshif'"
    for relation in root.iter(tei("relation")):
        if urn and urn[0] not in (relation.get("active"), relation.get("passive")):
            yield f"{_line(relation)}: relation names neither @active nor @passive as this record"

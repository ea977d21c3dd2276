"""Hostile XML: entity bombs, external entities and DTDs are never expanded, read or fetched."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from arshif.errors import ArshifError, InputError, InvalidRecord
from arshif.tei import parse_tei_capture, record_from_tei, record_to_tei, validate_record
from tests.http_recorder import RecordingHandler, recording_server
from tests.tei import records

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "arshif" / "tei"
TEI_NS = "http://www.tei-c.org/ns/1.0"

LAUGHS = "\n".join(
    ['<!ENTITY lol "lol">']
    + [
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    ]
)
BILLION_LAUGHS = (
    f'<?xml version="1.0"?>\n<!DOCTYPE TEI [\n{LAUGHS}\n]>\n'
    f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>&lol9;</title></titleStmt>'
    "</fileDesc></teiHeader><text><body><p>&lol9;</p></body></text></TEI>"
)

READERS: dict[str, Callable[[bytes], object]] = {
    "record_from_tei": record_from_tei,
    "parse_tei_capture": parse_tei_capture,
}


def tei_document(doctype: str, title: str, paragraph: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n{doctype}\n<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt>'
        f"<title>{title}</title></titleStmt></fileDesc></teiHeader>"
        f"<text><body><p>{paragraph}</p></body></text></TEI>"
    ).encode()


def outcome(reader: Callable[[bytes], object], data: bytes) -> str:
    """What a reader returns or the error it raises, as text (to look for leaked content)."""
    try:
        return repr(reader(data))
    except ArshifError as exc:
        return f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
@pytest.mark.parametrize("reader", sorted(READERS))
def test_billion_laughs_is_refused_unexpanded(reader: str, encoding: str) -> None:
    data = BILLION_LAUGHS.replace('version="1.0"?>', f'version="1.0" encoding="{encoding}"?>', 1)
    expected = InputError if reader == "parse_tei_capture" else InvalidRecord
    with pytest.raises(expected, match="declares XML entities in a DOCTYPE; refused"):
        READERS[reader](data.encode(encoding))
    assert "declares XML entities" in validate_record(data.encode(encoding))[0]


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-7f3a", "utf-8")
    return path


@pytest.mark.parametrize("reader", sorted(READERS))
def test_external_entity_to_a_local_file_is_never_read(reader: str, secret: Path) -> None:
    doctype = f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    data = tei_document(doctype, "&xxe;", "before &xxe; after")
    result = outcome(READERS[reader], data)
    assert "declares XML entities" in result
    assert "TOP-SECRET" not in result
    assert all("TOP-SECRET" not in error for error in validate_record(data))


@pytest.mark.parametrize("reader", sorted(READERS))
def test_entities_from_an_external_dtd_are_never_loaded(
    reader: str, secret: Path, tmp_path: Path
) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY xxe SYSTEM "{secret.as_uri()}">', "utf-8")
    data = tei_document(f'<!DOCTYPE TEI SYSTEM "{dtd.as_uri()}">', "title", "text &xxe; text")
    result = outcome(READERS[reader], data)
    assert "TOP-SECRET" not in result
    assert "entity" in result.lower()  # refused: the reference cannot be resolved safely


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A local HTTP server that records every request (one per module)."""
    with recording_server() as url:
        yield url


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">',
        '<!DOCTYPE TEI [<!ENTITY % remote SYSTEM "{url}/p.dtd"> %remote;]>',
        '<!DOCTYPE TEI [<!ENTITY remote SYSTEM "{url}/e.xml">]>',
    ],
)
@pytest.mark.parametrize("reader", sorted(READERS))
def test_nothing_is_fetched_from_the_network(reader: str, doctype: str, server: str) -> None:
    RecordingHandler.requests = []
    data = tei_document(doctype.format(url=server), "title", "text")
    result = outcome(READERS[reader], data)
    validate_record(data)
    assert "FETCHED" not in result
    assert RecordingHandler.requests == []


def test_a_harmless_doctype_without_declarations_is_accepted() -> None:
    data = tei_document('<!DOCTYPE TEI SYSTEM "tei_all.dtd">', "عنوان", "نص")
    capture = parse_tei_capture(data)
    assert (capture.metadata.title, capture.paragraphs) == ("عنوان", ("نص",))


def test_entity_text_in_a_cdata_section_is_only_text() -> None:
    data = tei_document("", "t", '<![CDATA[<!DOCTYPE x [<!ENTITY lol "lol">]>]]>')
    assert parse_tei_capture(data).paragraphs == ('<!DOCTYPE x [<!ENTITY lol "lol">]>',)


def test_xinclude_is_not_processed(secret: Path) -> None:
    xinclude = 'xmlns:xi="http://www.w3.org/2001/XInclude"'
    include = f'<xi:include {xinclude} href="{secret.as_uri()}" parse="text"/>'
    capture = parse_tei_capture(tei_document("", "title", f"a {include} b"))
    assert "TOP-SECRET" not in repr(capture)


def test_deep_nesting_fails_with_a_clear_error() -> None:
    depth = 100_000
    data = tei_document("", "t", "<hi>" * depth + "x" + "</hi>" * depth)
    with pytest.raises(InputError, match="not well-formed"):
        parse_tei_capture(data)


def test_a_record_edited_to_hold_an_entity_is_refused() -> None:
    data = record_to_tei(records.seed_004())
    hostile = data.replace(b"<TEI ", b'<!DOCTYPE TEI [<!ENTITY e "x">]>\n<TEI ', 1)
    with pytest.raises(InvalidRecord, match="declares XML entities"):
        record_from_tei(hostile)


def test_one_parser_factory_parses_all_xml() -> None:
    """Only arshif.tei.safexml constructs a parser or parses bytes; everything else calls it."""
    parse_calls = re.compile(r"\b(XMLParser|fromstring|XML|parse|iterparse|HTMLParser)\(")
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text("utf-8")
        calls = {m.group(1) for m in parse_calls.finditer(source)}
        if path.name == "safexml.py":
            assert calls == {"XMLParser", "fromstring"}
        else:
            assert not calls, f"{path.name} parses XML itself: {calls}"
    safe = (PACKAGE / "safexml.py").read_text("utf-8")
    for option in (
        "resolve_entities=False",
        "no_network=True",
        "load_dtd=False",
        "dtd_validation=False",
        "huge_tree=False",
    ):
        assert option in safe


def test_a_malformed_capture_is_refused_in_one_line() -> None:
    """libxml2's message for a NUL byte ends in a newline: the refusal is still one line
    (found by tests/reliability/test_properties.py: `<TEI>` in UTF-16-LE)."""
    from arshif.captures import decode_capture

    with pytest.raises(InputError) as caught:
        decode_capture("<TEI>".encode("utf-16-le"), "a.xml")
    message = str(caught.value)
    assert "not well-formed XML" in message
    assert "\n" not in message
    assert "\r" not in message

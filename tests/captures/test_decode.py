"""decode_capture on the seeds and on hostile input: every refusal is one clear InputError."""

from __future__ import annotations

import codecs
import sys
import types
from pathlib import Path

import pytest

from arshif.captures import DecodedCapture, decode_capture
from arshif.errors import InputError
from arshif.model import Metadata

ARABIC = "العراق ينفي تمديد موعد انسحاب القوات الأميركية\nنفت السلطات العراقية الحديث عن التمديد"
PERSIAN = "بانک مرکزی گزارش داد که نرخ تورم به ۱۲ درصد رسیده است\nاین گزارش روز شنبه منتشر شد"
#: Persian as Windows-1256 writes it: no Persian yeh (ی) and no Persian digits in that code page
PERSIAN_1256 = "بانک مرکزي گزارش داد که نرخ تورم به 12 درصد رسيده است\nاين گزارش روز شنبه منتشر شد"


def test_seeds_are_utf8_text(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        data = path.read_bytes()
        decoded = decode_capture(data, path.name)
        assert decoded.media_type == "text/plain"
        assert decoded.encoding == "utf-8"
        assert decoded.paragraphs is None
        assert decoded.metadata == Metadata()
        assert decoded.text == data.decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t  \r\n",
        "\ufeff  \u200c\n".encode(),
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
    ],
)
def test_empty_and_whitespace_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="empty or holds only whitespace"):
        decode_capture(data)


def test_binary_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    with pytest.raises(InputError, match="binary"):
        decode_capture(png, "photo.txt")


def test_control_noise_refused_as_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_capture(bytes(range(1, 32)) * 50)


def test_invalid_utf8_names_the_offset_and_the_option() -> None:
    data = b"kayhan.ir\n" + b"abc \xff\xfe def"
    with pytest.raises(InputError) as caught:
        decode_capture(data)
    message = str(caught.value)
    assert "byte offset 14" in message
    assert "--encoding" in message
    assert "\n" not in message


def test_truncated_utf8_arabic_is_not_taken_for_cp1256() -> None:
    data = ARABIC.encode() + b"\xd8"
    with pytest.raises(InputError, match=f"byte offset {len(ARABIC.encode())}"):
        decode_capture(data)


@pytest.mark.parametrize("text", [ARABIC, PERSIAN_1256])
def test_windows_1256_detected(text: str) -> None:
    decoded = decode_capture(text.encode("cp1256"))
    assert (decoded.encoding, decoded.text) == ("cp1256", text)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [ARABIC, PERSIAN])
def test_utf16_without_bom_detected(codec: str, text: str) -> None:
    decoded = decode_capture(text.encode(codec))
    assert (decoded.encoding, decoded.text) == (codec, text)


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
    ],
)
@pytest.mark.parametrize("text", [ARABIC, PERSIAN])
def test_byte_order_marks(bom: bytes, codec: str, name: str, text: str) -> None:
    decoded = decode_capture(bom + text.encode(codec))
    assert (decoded.encoding, decoded.text) == (name, text)


def test_explicit_encoding_wins_and_is_strict() -> None:
    data = ARABIC.encode("cp1256")
    assert decode_capture(data, encoding="windows-1256").text == ARABIC
    with pytest.raises(InputError, match="byte offset 0"):
        decode_capture(data, encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        decode_capture(data, encoding="no-such-codec")


def test_nul_and_control_characters() -> None:
    # A NUL byte in text that is not UTF-16 means binary data.
    with pytest.raises(InputError, match="binary"):
        decode_capture(("x" * 50 + "\x00" + ARABIC).encode())
    # A few stray control characters are removed, the text kept.
    decoded = decode_capture(("\x01" + ARABIC + "\x1b\x7f").encode())
    assert decoded.text == ARABIC


@pytest.mark.parametrize(
    "mojibake",
    [
        ARABIC.encode("utf-8").decode("cp1252", errors="ignore"),  # Ø§Ù„Ø¹Ø±Ø§Ù‚
        ARABIC.encode("cp1256").decode("latin-1"),  # ÇáÚÑÇÞ
    ],
)
def test_mojibake_refused(mojibake: str) -> None:
    with pytest.raises(InputError, match="mojibake"):
        decode_capture(mojibake.encode("utf-8"))


def test_size_limit_says_how_to_raise_it() -> None:
    with pytest.raises(InputError) as caught:
        decode_capture(ARABIC.encode() * 10, limit=100)
    assert "over the limit of 100 bytes" in str(caught.value)
    assert "--max-size" in str(caught.value)


def test_huge_line_within_the_limit() -> None:
    line = ("كلمة " * 2_000_000).encode()  # 20 MB on one line
    decoded = decode_capture(line)
    assert len(decoded.text) == 10_000_000


def test_xml_that_is_not_tei_refused() -> None:
    with pytest.raises(InputError, match="must be a TEI document"):
        decode_capture(b"<?xml version='1.0'?><root>\xd9\x86\xd8\xb5</root>", "x.xml")


def test_tei_capture_goes_to_the_tei_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bytes] = []

    def fake_parse(data: bytes) -> types.SimpleNamespace:
        seen.append(data)
        return types.SimpleNamespace(
            metadata=Metadata(title="عنوان", lang="ar"),
            paragraphs=("فقرة أولى", " ", "فقرة\u0000 ثانية"),
        )

    module = types.ModuleType("arshif.tei")
    module.parse_tei_capture = fake_parse  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "arshif.tei", module)
    data = b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>'
    decoded = decode_capture(data, "record.xml")
    assert seen == [data]
    assert decoded == DecodedCapture(
        text="فقرة أولى\nفقرة ثانية",
        media_type="application/tei+xml",
        encoding="utf-8",
        metadata=Metadata(title="عنوان", lang="ar"),
        paragraphs=("فقرة أولى", "فقرة ثانية"),
        provenance=decoded.provenance,
    )
    assert {p.name for p in decoded.provenance} == {"title", "lang"}


def test_real_tei_reader_refuses_hostile_xml() -> None:
    pytest.importorskip("arshif.tei")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&b;</p></body></text></TEI>'
    )
    with pytest.raises(InputError):
        decode_capture(bomb, "bomb.xml")

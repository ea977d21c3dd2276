"""parse_tei_capture: metadata and paragraphs of TEI given to ingest; non-TEI refused clearly."""

from __future__ import annotations

import pytest

from arshif.errors import InputError
from arshif.model import Metadata
from arshif.tei import parse_tei_capture, record_to_tei
from tests.tei import records

TEI_NS = "http://www.tei-c.org/ns/1.0"

ARTICLE = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI_NS}">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>العراق ينفي تمديد
          موعد انسحاب القوات الأميركية</title>
        <title type="sub">تقرير</title>
        <title type="translated" xml:lang="en">Iraq denies extension</title>
        <title type="translated" xml:lang="not a code">ignored</title>
      </titleStmt>
      <publicationStmt><p>Captured for research.</p></publicationStmt>
      <sourceDesc>
        <bibl>
          <title level="a">العراق ينفي تمديد موعد انسحاب القوات الأميركية</title>
          <title level="j">العربي الجديد</title>
          <author>مراسل</author>
          <date when="2021-11-19">19 نوفمبر 2021</date>
          <ref target="https://www.alaraby.co.uk/x">الرابط</ref>
        </bibl>
      </sourceDesc>
    </fileDesc>
  </teiHeader>
  <text xml:lang="ar">
    <body>
      <div>
        <head>العراق ينفي</head>
        <p>نفت السلطات العراقية،
           مساء الجمعة، الحديث<note>footnote <p>inner</p></note>.</p>
        <p>   </p>
        <note><p>a note between paragraphs</p></note>
        <ab>ولفت إلى أن «العلاقة»\u200c ستكون استشارية</ab>
      </div>
    </body>
  </text>
</TEI>
""".encode()


def test_reads_a_reasonable_tei_article() -> None:
    capture = parse_tei_capture(ARTICLE)
    assert capture.metadata == Metadata(
        title="العراق ينفي تمديد موعد انسحاب القوات الأميركية",
        titles_translated=(("en", "Iraq denies extension"),),
        outlet="العربي الجديد",
        author="مراسل",
        published="2021-11-19",
        published_text="19 نوفمبر 2021",
        url="https://www.alaraby.co.uk/x",
        lang="ar",
    )
    assert capture.paragraphs == (
        "العراق ينفي",
        "نفت السلطات العراقية، مساء الجمعة، الحديث.",
        "ولفت إلى أن «العلاقة»\u200c ستكون استشارية",
    )


def test_reads_a_bibl_struct_and_states_nothing_more() -> None:
    data = f"""<TEI xmlns="{TEI_NS}" xml:lang="fa"><teiHeader><fileDesc>
      <titleStmt><title/></titleStmt><publicationStmt><p/></publicationStmt>
      <sourceDesc><biblStruct>
        <analytic><title>خروج نیروها</title></analytic>
        <monogr><title level="j">ایرنا</title>
          <imprint><date when="19 Nov">۲۸ آبان ۱۴۰۰</date></imprint></monogr>
      </biblStruct></sourceDesc></fileDesc></teiHeader>
      <text><body><p>متن</p></body></text></TEI>""".encode()
    capture = parse_tei_capture(data)
    assert capture.metadata == Metadata(
        title="خروج نیروها", outlet="ایرنا", published_text="۲۸ آبان ۱۴۰۰", lang="fa"
    )


def test_body_only_tei_states_no_metadata() -> None:
    data = f'<TEI xmlns="{TEI_NS}"><text><body><p>نص</p></body></text></TEI>'.encode()
    assert parse_tei_capture(data).metadata == Metadata()


def test_an_arshif_record_reads_back_as_the_article_it_describes() -> None:
    record = records.seed_004()
    capture = parse_tei_capture(record_to_tei(record))
    meta = record.metadata
    assert capture.metadata == Metadata(
        title=meta.title,
        outlet=meta.outlet,
        published=meta.published,
        published_text=meta.published_text,
        lang=meta.lang,
        news_code=meta.news_code,
        dateline=meta.dateline,
    )
    assert capture.paragraphs == record.paragraphs


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<TEI xmlns="http://www.example.org/tei"><text/></TEI>',
            "in namespace http://www.example.org/tei, not the TEI P5 namespace",
        ),
        (b"<TEI><text><body><p>x</p></body></text></TEI>", "in no namespace, not the TEI P5"),
        (b"<TEI.2><text><body><p>x</p></body></text></TEI.2>", "TEI P4"),
        (f'<teiCorpus xmlns="{TEI_NS}"/>'.encode(), "teiCorpus"),
        (b"<html><body><p>x</p></body></html>", "not a TEI document: the root element is <html>"),
        (b"\xef\xbb\xbfplain text, not XML", "not well-formed XML"),
        (b"", "not well-formed XML"),
        (f'<TEI xmlns="{TEI_NS}"><text><body><p> </p></body></text></TEI>'.encode(), "no text"),
    ],
)
def test_refuses_what_is_not_a_tei_article(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=r"TEI capture|not a TEI document") as caught:
        parse_tei_capture(data)
    assert message in str(caught.value)

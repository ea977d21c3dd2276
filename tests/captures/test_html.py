"""HTML captures: paragraphs in order, page furniture and scripts gone, stated metadata read."""

from __future__ import annotations

import pytest

from arshif.captures import decode_capture
from arshif.errors import InputError

PAGE = """<!DOCTYPE html>
<html lang="ar"><head>
<meta charset="utf-8">
<title>العراق ينفي تمديد موعد الانسحاب - موقع الأخبار</title>
<meta property="og:title" content="العراق ينفي تمديد موعد انسحاب القوات الأميركية">
<meta property="og:site_name" content="العربي الجديد">
<meta name="author" content="فريق التحرير">
<meta property="article:published_time" content="2021-11-19T19:51:00+03:00">
<link rel="canonical" href="https://example.org/news/1">
<style>p { color: red } .evil { content: "STYLE-TEXT" }</style>
<script>document.write("SCRIPT-TEXT")</script>
</head><body>
<nav><p>الرئيسية</p><p>سياسة</p></nav>
<!-- COMMENT-TEXT -->
<article>
<h1>العراق ينفي تمديد موعد انسحاب القوات الأميركية</h1>
<p>نفت السلطات العراقية، مساء الجمعة، الحديث عن <b>وجود نية</b> لتمديد موعد الانسحاب.</p>
<script>var x = "SCRIPT-IN-BODY";</script>
<p>وقال المتحدث<br>باسم قيادة العمليات المشتركة إن الموعد ثابت.</p>
<noscript><p>NOSCRIPT-TEXT</p></noscript>
<h2>موقف الفصائل</h2>
<p>وأكدت الفصائل جهوزيتها.</p>
</article>
<aside><p>ASIDE-TEXT</p></aside>
<footer><p>FOOTER-TEXT</p></footer>
</body></html>
"""


def test_html_paragraphs_and_metadata() -> None:
    decoded = decode_capture(PAGE.encode(), "page.html")
    assert decoded.media_type == "text/html"
    assert decoded.paragraphs == (
        "العراق ينفي تمديد موعد انسحاب القوات الأميركية",
        "نفت السلطات العراقية، مساء الجمعة، الحديث عن وجود نية لتمديد موعد الانسحاب.",
        "وقال المتحدث",
        "باسم قيادة العمليات المشتركة إن الموعد ثابت.",
        "موقف الفصائل",
        "وأكدت الفصائل جهوزيتها.",
    )
    assert decoded.text == "\n".join(decoded.paragraphs)
    meta = decoded.metadata
    assert meta.title == "العراق ينفي تمديد موعد انسحاب القوات الأميركية"
    assert meta.outlet == "العربي الجديد"
    assert meta.author == "فريق التحرير"
    assert meta.url == "https://example.org/news/1"
    assert meta.published == "2021-11-19T19:51:00+03:00"
    assert meta.published_text == "2021-11-19T19:51:00+03:00"
    evidence = {p.name: p.evidence for p in decoded.provenance}
    assert evidence["title"] == 'html meta property="og:title"'
    assert evidence["outlet"] == 'html meta property="og:site_name"'


def test_script_style_and_furniture_never_in_text() -> None:
    decoded = decode_capture(PAGE.encode(), "page.html")
    for marker in ("SCRIPT", "STYLE", "COMMENT", "NOSCRIPT", "ASIDE", "FOOTER", "الرئيسية"):
        assert marker not in decoded.text


def test_title_falls_back_to_h1_then_title() -> None:
    head = "<html><head><title>عنوان الصفحة</title></head>"
    page = head + "<body><h1>عنوان الخبر هنا</h1><p>نص الخبر.</p></body></html>"
    assert decode_capture(page.encode(), "a.html").metadata.title == "عنوان الخبر هنا"
    page = head + "<body><p>نص الخبر.</p></body></html>"
    assert decode_capture(page.encode(), "a.html").metadata.title == "عنوان الصفحة"


def test_time_element_of_the_article() -> None:
    page = (
        "<html><body><header><time datetime='2030-01-01'>اليوم</time></header>"
        "<article><time datetime='2021-11-19'>19 نوفمبر 2021</time><p>نص الخبر هنا.</p></article>"
        "</body></html>"
    )
    meta = decode_capture(page.encode(), "a.html").metadata
    assert (meta.published, meta.published_text) == ("2021-11-19", "2021-11-19")


def test_html_without_paragraph_elements_uses_lines() -> None:
    page = (
        "<html><body><div>السطر الأول من الخبر</div><div>السطر الثاني<br>والثالث</div>"
        "</body></html>"
    )
    decoded = decode_capture(page.encode())
    assert decoded.media_type == "text/html"
    assert decoded.paragraphs == ("السطر الأول من الخبر", "السطر الثاني", "والثالث")


def test_html_declared_charset_windows_1256() -> None:
    page = (
        '<html><head><meta charset="windows-1256"></head>'
        "<body><p>نفت السلطات العراقية ذلك</p></body></html>"
    )
    decoded = decode_capture(page.encode("cp1256"), "a.html")
    assert decoded.encoding == "cp1256"
    assert decoded.paragraphs == ("نفت السلطات العراقية ذلك",)


def test_wrong_declared_charset_does_not_garble_utf8() -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"></head>'
        "<body><p>نفت السلطات العراقية ذلك</p></body></html>"
    )
    decoded = decode_capture(page.encode("utf-8"), "a.html")
    assert decoded.paragraphs == ("نفت السلطات العراقية ذلك",)


@pytest.mark.parametrize("depth", [300, 100_000])
def test_deeply_nested_html_is_refused_not_crashed(depth: int) -> None:
    page = "<html><body>" + "<div>" * depth + "<p>نص عميق</p>" + "</div>" * depth + "</body></html>"
    with pytest.raises(InputError, match="nested deeper"):
        decode_capture(page.encode(), "deep.html")


def test_moderately_nested_html_is_read() -> None:
    page = "<html><body>" + "<div>" * 200 + "<p>نص عميق</p>" + "</div>" * 200 + "</body></html>"
    assert decode_capture(page.encode(), "deep.html").paragraphs == ("نص عميق",)


def test_broken_html_is_read() -> None:
    page = "<html><body><p>فقرة <b>غير مغلقة<p>فقرة ثانية</i></div></td>"
    decoded = decode_capture(page.encode(), "broken.html")
    assert decoded.paragraphs == ("فقرة غير مغلقة", "فقرة ثانية")


def test_html_without_text_refused() -> None:
    with pytest.raises(InputError, match="no readable text"):
        decode_capture(b"<html><body><script>x()</script></body></html>", "a.html")


def test_external_resources_never_fetched() -> None:
    page = (
        '<!DOCTYPE html SYSTEM "http://127.0.0.1:9/evil.dtd"><html><body>'
        '<img src="http://127.0.0.1:9/x.png"><p>نص الخبر &amp; تفاصيله</p></body></html>'
    )
    assert decode_capture(page.encode(), "a.html").paragraphs == ("نص الخبر & تفاصيله",)

"""The small readers every record is built with (`arshif.tei.read.child`/`children`,
`arshif.tei.safexml.text_content`): first matches, attribute tokens, mixed content."""

from __future__ import annotations

from lxml import etree

from arshif.tei.read import child, children
from arshif.tei.safexml import TEI_NS, text_content

XML = f"""<div xmlns="{TEI_NS}">
  <p n="1" type="lead">الأول</p>
  <p n="2" type=" lead  extra ">الثاني</p>
  <p n="3" type="lead">الثالث</p>
  <note>بداية <hi>وسط</hi> ذيل<!-- تعليق -->بعد التعليق<?pi تعليمات?>بعد التعليمات
<hi>آخر<hi>داخل</hi></hi> نهاية</note>
  <ab/>
  <ab><!-- فقط تعليق --></ab>
</div>"""


def root() -> etree._Element:
    return etree.fromstring(XML)


def test_child_is_the_first_match_of_children() -> None:
    div = root()
    for attrs in ({}, {"type": "lead"}, {"n": "2"}, {"n": "3", "type": "lead"}, {"n": "9"}):
        found = children(div, "p", **attrs)
        assert child(div, "p", **attrs) is (found[0] if found else None), attrs
    assert text_content(child(div, "p")) == "الأول"  # type: ignore[arg-type]
    assert text_content(child(div, "p", n="3")) == "الثالث"  # type: ignore[arg-type]
    assert child(div, "p", type="extra") is None  # (tokens of the whole value, not one of them)
    assert child(None, "p") is None
    assert child(div, "head") is None


def test_text_content_keeps_descendants_and_tails_and_leaves_comments_and_pis_out() -> None:
    div = root()
    note = child(div, "note")
    assert note is not None
    assert text_content(note) == ("بداية وسط ذيلبعد التعليقبعد التعليمات\nآخرداخل نهاية")
    empty, comment_only = children(div, "ab")
    assert text_content(empty) == ""
    assert text_content(comment_only) == ""
    assert text_content(child(div, "p", n="2")) == "الثاني"  # type: ignore[arg-type]

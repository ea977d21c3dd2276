"""The main text of HTML pages (trafilatura on arshif's parse): furniture out, text intact."""

from __future__ import annotations

from arshif.captures import decode_capture

ARTICLE = [
    "سخنگوی فرماندهی عملیات مشترک عراق گفت که موعد خروج نیروهای رزمی آمریکایی از عراق "
    "تغییرناپذیر است و تمدید نمی\u200cشود.",
    "او افزود که رابطه دو طرف پس از خروج نیروها رابطه\u200cای مستشاری در عرصه\u200cهای آموزش و "
    "تسلیح خواهد بود و هیچ نیروی رزمی در خاک عراق باقی نمی\u200cماند.",
    "مطابق مصوبه پارلمان عراق نیروهای آمریکایی باید تا پایان سال جاری میلادی خاک عراق را "
    "ترک کرده باشند هر چند مقام\u200cهای آمریکایی برای تمدید حضور نیروهای خود تلاش می\u200cکنند.",
]
FURNITURE = "<div class='related'><h3>اخبار مرتبط</h3><p><a href='/1'>{}</a></p></div>"


def page(body: str) -> bytes:
    links = "".join(f"<a href='/{i}'>بخش {i}</a> " for i in range(8))
    return (
        "<html lang='fa'><head><meta charset='utf-8'><title>خروج نیروها</title></head><body>"
        f"<div class='menu'><p>{links}</p></div><div class='story'>{body}</div>"
        + FURNITURE.format("رئیس جمهور با هیئت تجاری دیدار کرد و درباره همکاری گفت")
        + "<div class='copy'><p>کلیه حقوق این سایت محفوظ است</p></div></body></html>"
    ).encode()


def test_zero_width_non_joiner_survives_the_extractor() -> None:
    # the article in divs, not p elements: the extractor's own lines are the text
    decoded = decode_capture(page("".join(f"<div>{p}</div>" for p in ARTICLE)), "a.html")
    assert decoded.extractor is not None
    assert decoded.extractor.startswith("trafilatura ")
    for paragraph in ARTICLE:
        assert paragraph in decoded.paragraphs
    assert "نمی\u200cشود" in decoded.text


def test_menu_related_links_and_footer_left_out_and_listed() -> None:
    decoded = decode_capture(page("".join(f"<p>{p}</p>" for p in ARTICLE)), "a.html")
    assert decoded.paragraphs == tuple(ARTICLE)
    assert "کلیه حقوق این سایت محفوظ است" in decoded.left_out
    assert not any("بخش 3" in p for p in decoded.paragraphs)


def test_without_main_text_every_paragraph_is_kept() -> None:
    decoded = decode_capture(
        page("".join(f"<p>{p}</p>" for p in ARTICLE)), "a.html", main_text=False
    )
    assert decoded.extractor is None
    assert "کلیه حقوق این سایت محفوظ است" in decoded.paragraphs


def test_a_breadcrumb_that_is_a_word_of_the_article_stays_out() -> None:
    """A short page paragraph (a breadcrumb «عراق») is taken only when it is a line of the main
    text, not because the article happens to hold the word."""
    crumbs = "<p class='breadcrumb'><a href='/w'>عراق</a></p>"
    decoded = decode_capture(page(crumbs + "".join(f"<p>{p}</p>" for p in ARTICLE)), "a.html")
    assert decoded.paragraphs == tuple(ARTICLE)
    assert "عراق" in decoded.left_out

"""Main-text extraction from HTML: arshif before and after trafilatura, and trafilatura alone.

Collections:

* ``readability``: Mozilla Readability's 130 test pages (../shared/corpora/html-extraction):
  ``source.html`` against the text of ``expected.html`` (the main content).
* ``seeds``: the five seed articles rendered as news pages (`seed_page`: a menu, a breadcrumb,
  the headline and date, share buttons, a photo caption, the paragraphs, related links, a
  newsletter box and a footer) against the text of the seed's record in the bundled archive.

Metric: word-shingle precision, recall and F1 (shingles of 4 words, lower-cased, counted as a
multiset, per page; the table gives the mean over pages), as the article-extraction benchmarks
of Scrapinghub and trafilatura score them. An extractor that finds nothing scores 0 on a page.

Extractors: ``arshif-before`` (the page's p/h1-h6 text through arshif's cleaning, as before
trafilatura), ``arshif`` (the ingest pipeline as it is: `arshif.ingest.prepare.prepare_record`), and
``trafilatura`` (``trafilatura.extract`` with its defaults).

Usage::

    python benchmarks/extraction.py                # prints the table
    python benchmarks/extraction.py --write-doc    # and updates docs/ingest.md
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from htmlpages import paragraphs_html, write_block  # noqa: E402 (after the path is set)

CORPUS = REPO.parent / "shared" / "corpora" / "html-extraction" / "test-pages"
DOC = REPO / "docs" / "ingest.md"
SHINGLE = 4
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def score(found: str, expected: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of `found` against `expected`, over word shingles."""
    got, want = shingles(found), shingles(expected)
    common = sum((got & want).values())
    if not got or not want or not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def html_text(html: str) -> str:
    """The text of an HTML fragment, one line per block."""
    import lxml.html

    doc = lxml.html.document_fromstring(html)
    for element in doc.iter("script", "style"):
        element.drop_tree()
    for element in doc.iter():
        if isinstance(element.tag, str) and element.tag not in ("a", "b", "i", "em", "span"):
            element.tail = "\n" + (element.tail or "")
    return str(doc.text_content())


@dataclass(frozen=True)
class Page:
    name: str
    html: bytes
    expected: str


def readability_pages(corpus: Path = CORPUS) -> list[Page]:
    pages = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        source, expected = folder / "source.html", folder / "expected.html"
        if source.exists() and expected.exists():
            text = html_text(expected.read_text(encoding="utf-8"))
            pages.append(Page(folder.name, source.read_bytes(), text))
    return pages


def seed_page(title: str, published: str | None, paragraphs: Sequence[str], lang: str) -> str:
    """A seed article as a news site would serve it: the article amid the page's furniture."""
    menu = "".join(f"<li><a href='/{i}'>{w}</a></li>" for i, w in enumerate(_MENU[lang]))
    related = "".join(f"<li><a href='/r{i}'>{escape(t)}</a></li>" for i, t in enumerate(_RELATED))
    body = paragraphs_html(paragraphs)
    related_p = "".join(f"<h4><a href='/m{i}'>{escape(t)}</a></h4>" for i, t in enumerate(_MORE))
    date = f"<time datetime='{published}'>{published}</time>" if published else ""
    return f"""<!DOCTYPE html><html lang="{lang}" dir="rtl"><head><meta charset="utf-8">
<title>{escape(title)} | {_SITE[lang]}</title></head><body>
<header><div class="logo"><a href="/">{_SITE[lang]}</a></div><ul class="menu">{menu}</ul></header>
<div class="breadcrumb"><a href="/">{_MENU[lang][0]}</a> › <a href="/p">{_MENU[lang][1]}</a></div>
<div class="main"><div class="story"><h1>{escape(title)}</h1><div class="meta">{date}</div>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Telegram</a></div>
<div class="photo"><img src="/a.jpg"><p class="caption">{_CAPTION[lang]}</p></div>
<div class="text">{body}</div>
<div class="tags"><a href="/t1">{_MENU[lang][2]}</a> <a href="/t2">{_MENU[lang][3]}</a></div></div>
<div class="related"><h3>{_MENU[lang][4]}</h3><ul>{related}</ul>{related_p}</div>
<div class="newsletter"><p>{_NEWSLETTER[lang]}</p><input type="email"></div></div>
<div class="footer"><p>{_FOOTER[lang]}</p></div></body></html>"""


_SITE = {"ar": "الموقع الإخباري", "fa": "پایگاه خبری"}
_MENU = {
    "ar": ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "أخبار ذات صلة", "ثقافة"],
    "fa": ["صفحه اصلی", "سیاسی", "اقتصادی", "ورزشی", "اخبار مرتبط", "فرهنگی"],
}
_CAPTION = {"ar": "صورة أرشيفية من وكالة الأنباء", "fa": "عکس آرشیوی از خبرگزاری"}
_NEWSLETTER = {
    "ar": "اشترك في النشرة الإخبارية اليومية لتصلك آخر الأخبار",
    "fa": "برای دریافت آخرین اخبار در خبرنامه روزانه عضو شوید",
}
_FOOTER = {
    "ar": "جميع الحقوق محفوظة © 2021 الموقع الإخباري. يسمح بالاقتباس مع ذكر المصدر",
    "fa": "کلیه حقوق این سایت محفوظ است © ۱۴۰۰ استفاده از مطالب با ذکر منبع آزاد است",
}
_RELATED = [
    "رئيس الوزراء يستقبل وفدا من رجال الأعمال في العاصمة",
    "ارتفاع أسعار النفط في الأسواق العالمية للمرة الثالثة",
    "منتخب الشباب يفوز في مباراته الودية استعدادا للبطولة",
]


_MORE = [
    "وزير الخارجية يبحث مع نظيره التطورات الإقليمية في اتصال هاتفي",
    "افتتاح معرض الكتاب الدولي بمشاركة مئات دور النشر العربية",
]


def seed_pages() -> list[Page]:
    from arshif.config import Settings
    from arshif.repository import Repository

    repo = Repository(Settings(REPO))
    pages = []
    for record in repo.records():
        meta = record.metadata
        lang = meta.lang if meta.lang in ("ar", "fa") else "ar"
        html = seed_page(meta.title or "", meta.published, record.paragraphs, lang)
        pages.append(Page(f"seed-{record.id}", html.encode("utf-8"), record.text))
    return pages


def arshif_before(data: bytes) -> str:
    from arshif.captures import decode_capture
    from arshif.extract import extract

    decoded = decode_capture(data, "page.html", main_text=False)
    found = extract(decoded.text, html_paragraphs=decoded.paragraphs, captured=decoded.metadata)
    return "\n".join(found.paragraphs)


def arshif_now(data: bytes) -> str:
    from arshif.ingest.prepare import CaptureRequest, prepare_record
    from arshif.model import User

    prepared = prepare_record(
        CaptureRequest(data, "page.html"), User("bench"), "2026-01-01T00:00:00Z", 2**26
    )
    return prepared.record.text


def trafilatura_alone(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data.decode("utf-8", "replace")) or ""


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "arshif-before": arshif_before,
    "arshif": arshif_now,
    "trafilatura": trafilatura_alone,
}


def evaluate(
    pages: Sequence[Page], extractor: Callable[[bytes], str]
) -> Iterator[tuple[str, tuple[float, float, float]]]:
    for page in pages:
        try:
            found = extractor(page.html)
        except Exception as exc:  # a page refused scores 0, as one found empty
            print(f"  {page.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            found = ""
        yield page.name, score(found, page.expected)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def table(
    collections: dict[str, list[Page]], names: Sequence[str]
) -> tuple[str, dict[str, dict[str, float]]]:
    rows = [
        "| collection | pages | extractor | precision | recall | F1 | seconds |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    figures: dict[str, dict[str, float]] = {}
    for collection, pages in collections.items():
        for name in names:
            start = time.perf_counter()
            scores = [s for _, s in evaluate(pages, EXTRACTORS[name])]
            elapsed = time.perf_counter() - start
            p, r, f = (mean([s[i] for s in scores]) for i in range(3))
            figures[f"{collection}/{name}"] = {"p": p, "r": r, "f1": f}
            rows.append(
                f"| {collection} | {len(pages)} | {name} | {p:.3f} | {r:.3f} | {f:.3f} "
                f"| {elapsed:.1f} |"
            )
    return "\n".join(rows), figures


BEGIN, END = "<!-- extraction-benchmark:begin -->", "<!-- extraction-benchmark:end -->"


def write_doc(text: str, command: str) -> None:
    import platform
    from datetime import date

    block = (
        f"{BEGIN}\n{text}\n\nCommand: `{command}`; {date.today().isoformat()}, "
        f"{platform.machine()}, Python {platform.python_version()}, "
        f"{platform.system()} (2 cores shared with other work: seconds are indicative).\n{END}"
    )
    write_block(DOC, BEGIN, block, END)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write-doc", action="store_true", help="update docs/ingest.md")
    parser.add_argument("--only", choices=["readability", "seeds"], help="one collection")
    parser.add_argument("--extractors", default=",".join(EXTRACTORS), help="comma-separated")
    parser.add_argument("--pages", action="store_true", help="print each page's F1")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        sys.exit(f"the corpus is not at {CORPUS} (it lives beside the repository, in ../shared)")
    collections = {"readability": readability_pages(), "seeds": seed_pages()}
    if args.only:
        collections = {args.only: collections[args.only]}
    names = args.extractors.split(",")
    if args.pages:
        for collection, pages in collections.items():
            per = {n: dict(evaluate(pages, EXTRACTORS[n])) for n in names}
            for page in pages:
                cells = " ".join(f"{n}={per[n][page.name][2]:.3f}" for n in names)
                print(f"{collection}/{page.name}: {cells}")
    text, _ = table(collections, names)
    print(text)
    if args.write_doc:
        write_doc(text, "python benchmarks/extraction.py --write-doc")


if __name__ == "__main__":
    main()

"""Who the text says it comes from: dateline, opening attribution, copyright footer.

- *Dateline*: the opening of the first body paragraph when it is a place and an agency, as
  "بغداد – وكالات :", "القاهرة (رويترز) -", "تهران- ایرنا-"; kept as printed (without the
  final separator). One side must name an agency ("وكالات", "رويترز", "واس", "خبرگزاری ...",
  "خبرنگار ..."): a place alone ("بغداد:") cannot be told from a speaker, and "<reporter> -
  <outlet>" is a byline.
- *Attributed source*: an attribution that opens the article: «به گزارش ایرنا،» → "ایرنا",
  "نقلا عن وكالة ...،", "وفقا لـ...،", "ذكرت وكالة ... أن". It is the source the text credits,
  never the outlet. Quotes, photo credits "(الأناضول)", "لـRT", "تلقت ... نسخة منه" further in
  the text are not attributions of the article and are not read at all.
- *Outlet from a footer*: "© 2021 <outlet>", "جميع الحقوق محفوظة لـ<outlet>", "کلیه حقوق ...
  متعلق به <outlet> است" in the last lines: the copyright holder says this copy is theirs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from arshif.extract.lines import Line, fold, word_count, words

__all__ = ["attributed_source", "dateline", "footer_outlet"]

_NAME = r"[^\s:،,.؛;()\-–—\d][^:،,.؛;()\-–—\d]{0,40}?"
_DATELINE = re.compile(
    r"^(?P<dateline>"
    r"(?P<place>[^\s:،,.()\-–—\d]{2,20}(?:\s*/\s*|\s+)?(?:[^\s:،,.()\-–—\d]{2,20})?)"
    r"\s*(?:[-–—]\s*(?P<agency>" + _NAME + r")|\((?P<agency2>[^()]{2,30})\))"
    r")\s*(?:[:：]|[-–—](?=\s*\S))\s*(?P<rest>\S)",
)
#: news agencies and the words that name one; a dateline needs one on a side of its dash, so
#: that a byline ("<reporter> - <outlet>", "<desk> - <reporter>") is not taken for a dateline
_AGENCY_TEXT = """
    وكالات وكالة متابعات واس رويترز الأناضول الاناضول أ ف ب أ.ف.ب ا ف ب د ب أ د.ب.أ أ ب أ.ب
    يو بي آي شينخوا سبوتنيك سانا واع بترا قنا كونا وام بنا إرنا ارنا ايرنا إيرنا
    ایرنا ایسنا ايسنا ایلنا ايلنا فارس تسنیم تسنيم مهر خبرگزاری خبرگزاري خبرنگار
    reuters afp ap dpa xinhua anadolu agencies
"""
_AGENCY_WORDS = frozenset(fold(w) for w in _AGENCY_TEXT.split())
_PERSIAN_ATTRIBUTION = re.compile(
    r"^به\s+گزارش\s+(?P<source>[^،,:؛.()«»]{2,60}?)"
    r"(?=\s*[،,]|\s+به\s+نقل\s+از\s|\s+از\s|\s+و\s)"
)
_ARABIC_ATTRIBUTION = re.compile(
    r"^(?:(?:نقلا|نقلاً)\s+عن\s+|(?:وفقا|وفقاً|طبقا|طبقاً)\s+(?:لـ\s*|ل(?=[^\s]))|(?:بحسب|حسب)\s+"
    r"|(?:و?(?:ذكرت|أفادت|افادت|قالت|نقلت|أوردت|اوردت|أعلنت|اعلنت))\s+(?=(?:وكالة|صحيفة|قناة|شبكة|موقع)\s))"
    r"(?P<source>(?:وكالة|وکالة|صحيفة|قناة|شبكة|موقع|هيئة|إذاعة|اذاعة)\s+[^،,:؛.«»\"]{2,60}?)"
    r"(?=\s*[،,:]|\s+(?:أن|ان|أنّ|إن|عن|اليوم|امس|أمس|الرسمية\s+أن)\s)"
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b|جميع\s+الحقوق\s+محفوظة|حقوق\s+النشر\s+محفوظة|کلیه\s+حقوق|كليه\s+حقوق|"
    r"تمامی\s+حقوق|تمامي\s+حقوق)",
    re.IGNORECASE,
)
_COPYRIGHT_NOISE = re.compile(
    r"©|\(c\)|copyright|all\s+rights\s+reserved|جميع\s+الحقوق\s+محفوظة|حقوق\s+النشر\s+محفوظة|"
    r"(?:کلیه|كليه|تمامی|تمامي)\s+حقوق\s+(?:این\s+سایت\s+|اين\s+سايت\s+|مادی\s+و\s+معنوی\s+)?"
    r"(?:متعلق\s+به|محفوظ\s+و\s+متعلق\s+به|برای|براي)|\s(?:است|می\s*‌?باشد)\.?$|"
    r"[0-9۰-۹٠-٩]{4}(?:\s*[-–]\s*[0-9۰-۹٠-٩]{4})?|\bلـ\s*|[.،,|:]",
    re.IGNORECASE,
)


def _words_ok(name: str, most: int) -> bool:
    return 1 <= word_count(name) <= most


def _is_agency(name: str) -> bool:
    tokens = words(name)
    return bool(tokens) and (tokens[0] in _AGENCY_WORDS or all(t in _AGENCY_WORDS for t in tokens))


def dateline(first_body_line: str) -> tuple[str, str] | None:
    """(dateline as printed, evidence) when a place-and-agency dateline opens the body."""
    match = _DATELINE.match(first_body_line)
    if not match:
        return None
    agency = (match.group("agency") or match.group("agency2") or "").strip()
    place = match.group("place").strip()
    if not agency or not _words_ok(agency, 4) or not _words_ok(place, 3):
        return None
    if not (_is_agency(agency) or _is_agency(place)):
        return None
    return match.group("dateline").strip(), first_body_line[: match.start("rest")].strip()


def attributed_source(first_body_line: str) -> tuple[str, str] | None:
    """(agency, evidence) of an opening attribution ("به گزارش ایرنا،" → "ایرنا")."""
    for pattern, most in ((_PERSIAN_ATTRIBUTION, 6), (_ARABIC_ATTRIBUTION, 7)):
        match = pattern.match(first_body_line)
        if match and _words_ok(match.group("source").strip(), most):
            evidence = first_body_line[: match.end() + 1].strip()
            return match.group("source").strip(), evidence
    return None


def footer_outlet(lines: Sequence[Line]) -> tuple[Line, str] | None:
    """(line, outlet) from a copyright line among the last five lines."""
    for line in reversed(lines[-5:]):
        text = line.text
        if len(text) > 160 or not _COPYRIGHT.match(text):
            continue
        name = " ".join(_COPYRIGHT_NOISE.sub(" ", text).split())
        if name and _words_ok(name, 6):
            return line, name
    return None

"""The real material of benchmarks/corpusgen.py: paragraph pools and the outlets' URL patterns.

`load_pools` reads SaudiNewsNet (Arabic), Fars News and Hamshahri (Persian) from
../shared/corpora into groups (outlet, category or year) of ledes, body paragraphs, titles,
paragraph counts, bylines and tags. `outlet_url` makes a URL in an outlet's real pattern (as
the corpora's URLs show them; Fars News URLs carry the Jalali date, `jalali`).
"""

from __future__ import annotations

import base64
import glob
import gzip
import json
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from random import Random

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"

#: Characters kept out of one-line metadata: C0/C1 controls and bidi controls.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SLUG_DROP = re.compile(r"[^\w]+")
_SABQ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@dataclass
class Group:
    """Real material of one outlet, category or year: what an article of it is made from."""

    lang: str
    outlet: str
    ledes: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)  #: paragraph counts of its real articles
    authors: list[str] = field(default_factory=list)  #: bylines ("" for none), as often as real
    tags: list[str] = field(default_factory=list)
    label: str = ""


@dataclass
class Pools:
    """The groups of each language (Arabic, Persian), in a fixed order."""

    groups: dict[str, list[Group]]

    def articles_in(self, lang: str) -> int:
        return sum(len(g.counts) for g in self.groups.get(lang, []))


# -- the pools ------------------------------------------------------------------------------------


def one_line(value: str) -> str:
    return " ".join(_UNSAFE.sub(" ", value).split())


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n") if p.strip()]


def _group(groups: dict[str, Group], lang: str, outlet: str, label: str) -> Group:
    key = f"{outlet}/{label}"
    if key not in groups:
        groups[key] = Group(lang, outlet, label=label)
    return groups[key]


def _add(group: Group, title: str, paragraphs: list[str], author: str = "") -> None:
    if not paragraphs:
        return
    group.ledes.append(paragraphs[0])
    group.bodies.extend(paragraphs[1:] or paragraphs)
    group.counts.append(len(paragraphs))
    group.authors.append(one_line(author))
    if one_line(title):
        group.titles.append(one_line(title))


def load_pools(corpora: Path = CORPORA) -> Pools:
    """Read SaudiNewsNet, Fars News and Hamshahri into paragraph pools (raises if one is absent)."""
    arabic: dict[str, Group] = {}
    zips = sorted(glob.glob(str(corpora / "saudinewsnet" / "zips" / "*.zip")))
    if not zips:
        raise FileNotFoundError(f"no SaudiNewsNet zips under {corpora / 'saudinewsnet'}")
    for name in zips:
        with zipfile.ZipFile(name) as archive:
            for member in sorted(archive.namelist()):
                for item in json.loads(archive.read(member).decode("utf-8")):
                    group = _group(arabic, "ar", item["source"], "")
                    _add(group, item["title"], _paragraphs(item["content"]), item["author"])
    persian: dict[str, Group] = {}
    fars = sorted(glob.glob(str(corpora / "farsnews" / "fars-news-*.json.gz")))
    if not fars:
        raise FileNotFoundError(f"no Fars News files under {corpora / 'farsnews'}")
    items = []
    for name in fars:
        with gzip.open(name, "rt", encoding="utf-8") as handle:
            items.extend(json.load(handle))
    cats = Counter(item["cat"] or "news" for item in items)  # small categories go to "news"
    for item in items:
        cat = item["cat"] or "news"
        group = _group(persian, "fa", "farsnews", cat if cats[cat] >= 40 else "news")
        lede = [one_line(item["abstract"])] if item.get("abstract") else []
        _add(group, item["title"], lede + _paragraphs("\n".join(item["paragraphs"])))
        group.tags.extend(t.replace(" ", "_") for t in map(one_line, [cat, *item["tags"]]) if t)
    with gzip.open(corpora / "hamshahri-ir-subset" / "docs.jsonl.gz", "rt", encoding="utf-8") as h:
        for raw in h:
            item = json.loads(raw)
            group = _group(persian, "fa", "hamshahri", item["folder"])
            _add(group, item["title"], _unwrap(item["text"])[1:])
    for group in [*arabic.values(), *persian.values()]:
        group.tags = [t for t in group.tags if not re.search(r"[,;]|^[+-]", t)]
    keep = {"ar": [g for g in arabic.values() if g.titles], "fa": list(persian.values())}
    return Pools({lang: [g for g in gs if g.counts and g.titles] for lang, gs in keep.items()})


def _unwrap(text: str) -> list[str]:
    """Hamshahri's hard-wrapped lines joined into paragraphs (a paragraph ends a sentence)."""
    out: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.strip())
        if current and (not line.strip() or line.rstrip().endswith((".", "!", "?", "؟"))):
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


# -- URLs -----------------------------------------------------------------------------------------


def _slug(title: str, words: int = 10) -> str:
    return "-".join(_SLUG_DROP.sub(" ", title).split()[:words]) or "news"


def outlet_url(outlet: str, serial: int, title: str, when: datetime, rng: Random) -> str:
    """A URL in the outlet's real pattern (as SaudiNewsNet and Fars News have them)."""
    return _URLS.get(outlet, _other_url)(serial, title, when, rng)


def _sabq(serial: int, title: str, when: datetime, rng: Random) -> str:
    code, n = "", (serial * 2_654_435_761 + 12_345) % 62**6  # a bijection on 62**6 codes
    for _ in range(6):
        n, r = divmod(n, 62)
        code += _SABQ_ALPHABET[r]
    return f"http://sabq.org/{code}"


def _other_url(serial: int, title: str, when: datetime, rng: Random) -> str:
    return f"https://news.example/{serial}"


_URLS: dict[str, Callable[[int, str, datetime, Random], str]] = {
    "sabq": _sabq,
    "aawsat": lambda n, t, w, r: f"http://aawsat.com/home/article/{410_000 + n}/{_slug(t)}",
    "aleqtisadiya": lambda n, t, w, r: (
        f"http://www.aleqt.com/{w:%Y/%m/%d}/article_{970_000 + n}.html"
    ),
    "aljazirah": lambda n, t, w, r: (
        f"http://www.al-jazirah.com/{w:%Y/%Y%m%d}/{r.choice(('fe', 'ln', 'ec', 'sp', 'wo'))}{n}.htm"
    ),
    "almadina": lambda n, t, w, r: f"http://www.al-madina.com/node/{620_000 + n}/{_slug(t)}.html",
    "alriyadh": lambda n, t, w, r: f"http://www.alriyadh.com/{1_060_000 + n}",
    "alwatan": lambda n, t, w, r: (
        f"http://www.alwatan.com.sa/{r.choice(('Politics', 'Local', 'Economy'))}/"
        f"News_Detail.aspx?ArticleID={229_000 + n}&CategoryID={r.randint(1, 9)}"
    ),
    "alweeam": lambda n, t, w, r: f"http://www.alweeam.com.sa/{348_000 + n}/{_slug(t, 6)}/",
    "alyaum": lambda n, t, w, r: f"http://www.alyaum.com/article/{4_079_000 + n}",
    "arreyadi": lambda n, t, w, r: (
        "http://www.arreyadi.com.sa/Home/Details/"
        + base64.b64encode(str(2000 + n).encode()).decode()
    ),
    "okaz": lambda n, t, w, r: (
        f"http://www.okaz.com.sa/new/Issues/{w:%Y%m%d}/Con{w:%Y%m%d}{784_000 + n}.htm"
    ),
    "3alyoum": lambda n, t, w, r: (
        f"http://www.3alyoum.com/news/{r.choice(('local', 'pol', 'eco'))}/a/{_slug(t, 6)}-{n}/"
    ),
    "was": lambda n, t, w, r: f"http://www.spa.gov.sa/details.php?id={1_386_000 + n}",
    "arriyadiyah": lambda n, t, w, r: (
        f"http://www.arriyadiyah.com/node/{907_000 + n}/اخبار/{_slug(t, 7)}"
    ),
    "farsnews": lambda n, t, w, r: (
        "https://www.farsnews.ir/news/{:04d}{:02d}{:02d}".format(*jalali(w.date()))
        + f"{n:06d}/{_slug(t)}"
    ),
    "hamshahri": lambda n, t, w, r: f"http://www.hamshahrionline.ir/news-{20_000 + n}.aspx",
}


def jalali(day: date) -> tuple[int, int, int]:
    """The Jalali (Solar Hijri) date of a Gregorian one, as Fars News URLs carry it.

    The arithmetic algorithm of jalaali-js (33-year cycles), exact for 1800-2200.
    """
    gy, gm, gd = day.year, day.month, day.day
    before = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
    gy2 = gy + 1 if gm > 2 else gy
    days = 355666 + 365 * gy + (gy2 + 3) // 4 - (gy2 + 99) // 100 + (gy2 + 399) // 400
    days += gd + before[gm - 1]
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return jy, 1 + days // 31, 1 + days % 31
    return jy, 7 + (days - 186) // 30, 1 + (days - 186) % 30

"""Hypothesis strategies for random Records: Arabic and Persian text with bidi controls, ZWNJ,
line ends and any other character XML 1.0 can carry, and every optional field on or off."""

from __future__ import annotations

from hypothesis import strategies as st

from arshif.model import (
    CaptureInfo,
    Change,
    CleaningStep,
    FieldProvenance,
    Link,
    Metadata,
    Record,
    User,
    Withdrawal,
)

#: Characters that matter most here, drawn often: Arabic and Persian letters, Arabic-Indic and
#: Persian digits, ZWNJ/ZWJ, bidi controls (LRM, RLM, ALM, embeddings, isolates), tatweel,
#: harakat, spaces, line ends (CR survives as &#13;), and XML's own specials.
SPECIAL = (
    "ابتثجحخدذرسشصضطظعغفقكلمنهوية"
    "پچژگکی"
    "٠١٢٣٤٥٦٧٨٩"
    "۰۱۲۳۴۵۶۷۸۹"
    "\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u0640\u064b\u064e\u0650\u0651\ufeff\ufdfd\ufefb"
    " \t\n\r\xa0"
    "<>&\"']]>"
    "aZ09-_.:#"
)
XML_CHAR = st.one_of(
    st.sampled_from(SPECIAL),
    st.characters(min_codepoint=0x20, max_codepoint=0xD7FF),
    st.characters(min_codepoint=0xE000, max_codepoint=0xFFFD),
    st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF),
)
text = st.text(XML_CHAR, max_size=40)
nonempty = st.text(XML_CHAR, min_size=1, max_size=40)
optional = st.none() | nonempty
hex64 = st.text("0123456789abcdef", min_size=64, max_size=64)
short_id = st.from_regex(r"[0-9a-f]{12}", fullmatch=True)
language = st.sampled_from(["ar", "fa", "en", "ar-Latn", "fa-IR", "de", "und"]) | st.from_regex(
    r"[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}", fullmatch=True
)


@st.composite
def iso_date(draw: st.DrawFn) -> str:
    """A date or date-time as arshif stores them: W3C forms (go to @when) and other ISO 8601
    forms such as minutes without seconds (go to @when-iso)."""
    day = draw(st.dates())
    moment = draw(st.datetimes())
    zone = draw(st.sampled_from(["", "Z", "+03:30", "-05:00"]))
    return draw(
        st.sampled_from(
            [
                day.isoformat(),
                moment.replace(microsecond=0).isoformat() + zone,
                moment.isoformat(timespec="milliseconds") + zone,
                f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}",
                f"{day.year:04d}",
                f"{day.year:04d}-{day.month:02d}",
                f"{day.year:04d}{day.month:02d}{day.day:02d}",
            ]
        )
    )


users = st.builds(User, name=text, address=optional)
user_pool = st.lists(users, min_size=1, max_size=3, unique=True)

metadata = st.builds(
    Metadata,
    title=optional,
    title_romanized=optional,
    titles_translated=st.lists(st.tuples(language, text), max_size=3).map(tuple),
    outlet=optional,
    author=optional,
    published=st.none() | iso_date(),
    published_text=optional,
    published_calendar=st.none() | st.sampled_from(["gregorian", "jalali", "hijri"]),
    url=optional,
    lang=st.none() | language,
    source_id=optional,
    retrieved=st.none() | iso_date(),
    attributed_source=optional,
    news_code=optional,
    dateline=optional,
    tags=st.lists(text, max_size=4).map(tuple),
    note=optional,
)
capture = st.builds(
    CaptureInfo,
    path=text,
    sha256=hex64,
    size=st.integers(min_value=0, max_value=2**40),
    media_type=text,
    encoding=text,
    original_name=optional,
)
cleaning = st.builds(
    CleaningStep, step=text, description=text, removed=st.lists(text, max_size=3).map(tuple)
)
provenance = st.builds(
    FieldProvenance,
    name=text,
    origin=st.sampled_from(["capture", "user", "librarian"]),
    evidence=optional,
)
links = st.builds(Link, kind=st.sampled_from(["duplicate-of", "same-story"]), target=short_id)


@st.composite
def records(draw: st.DrawFn, *, valid: bool = False) -> Record:
    """A random Record. With `valid`, one that validate_record must accept: at least one change,
    numbered v1..vN; otherwise any number of changes with any version names."""
    pool = draw(user_pool)
    count = draw(st.integers(min_value=1 if valid else 0, max_value=4))
    versions = (
        [f"v{n}" for n in range(1, count + 1)]
        if valid
        else draw(st.lists(text, min_size=count, max_size=count))
    )
    changes = tuple(
        Change(version, draw(iso_date()), draw(st.sampled_from(pool)), draw(text))
        for version in versions
    )
    withdrawn = draw(
        st.none() | st.builds(Withdrawal, when=iso_date(), who=st.sampled_from(pool), reason=text)
    )
    return Record(
        id=draw(short_id),
        metadata=draw(metadata),
        paragraphs=tuple(draw(st.lists(text, max_size=5))),
        capture=draw(capture),
        cleaning=tuple(draw(st.lists(cleaning, max_size=3))),
        provenance=tuple(draw(st.lists(provenance, max_size=3))),
        changes=changes,
        tool=draw(st.sampled_from(["arshif", "arshif-import", "x_1.2"])),
        tool_version=draw(st.sampled_from(["0.1.0", "1.2.3a4", "", "0.2.0.dev1+g1a2b"]) | text),
        withdrawn=withdrawn,
        links=tuple(draw(st.lists(links, max_size=3))),
    )

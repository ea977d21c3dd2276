"""Properties (hypothesis): random bytes and random Unicode never break ingest or search.

- Ingest: any bytes, and any text in mixed scripts (Arabic, Persian, Latin, digits of three
  systems, bidi controls, ZWNJ/ZWJ, combining marks, controls), give either a record that
  validates and reads back (its capture byte-exact) or an `InputError`, never another exception.
  Most examples run `prepare` (all the work short of writing); fewer go through a real archive.
- Search: any query text, query syntax included, exits 0, 1 or 2 (never 70, never a traceback).

Examples are derandomized: every run tries the same inputs.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from arshif.config import Settings
from arshif.errors import InputError
from arshif.ingest.prepare import CaptureRequest, PreparedRecord, prepare_record
from arshif.model import User
from arshif.repository import Repository
from arshif.tei import record_from_tei, validate_record
from tests.cli.helpers import SEEDS
from tests.reliability.helpers import assert_clean, cli, init_root, run

USER = User(name="Property Test", address="mailto:property@example.org")
WHEN = "2021-11-26T00:00:00Z"
LIMIT = 50 * 2**20
NAMES = st.sampled_from([None, "a.txt", "a.html", "a.xml", "a.tei", "noext"])

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
PIECES = (
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءأإآؤئ")  # Arabic letters
    + list("پچژگکیۀ")  # Persian letters
    + list("abcXYZ019٠١٩۰۴۹")  # Latin, ASCII, Arabic-Indic and Persian digits
    + list("\u064b\u064e\u064f\u0650\u0651\u0652\u0670\u0301\u0640")  # marks, tatweel
    + list(BIDI + "\u200c\u200d\ufeff")  # bidi controls, ZWNJ, ZWJ, BOM
    + list(" \n\t\u00a0.,،؛؟!«»\"'()<>&;#[]{}*:-")  # spaces, punctuation, markup characters
    + ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ufffd", "\ufffe", "\uffff", "\U0001f600"]
    + ["<p>", "</p>", "<script>", "<html>", "<TEI>", "&amp;", "&#0;", "<!ENTITY", "<?xml "]
)
MIXED = st.lists(st.sampled_from(PIECES), max_size=300).map("".join)
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])


def check_prepare(data: bytes, name: str | None, encoding: str | None = None) -> None:
    """`prepare` gives a valid, readable record holding the capture as is, or InputError."""
    try:
        prepared = prepare_record(CaptureRequest(data, name, encoding=encoding), USER, WHEN, LIMIT)
    except InputError as exc:
        message = str(exc)
        event("refused")
    else:
        check_record(prepared, data)
        event("record")
        return
    assert message
    assert "\n" not in message


def check_record(prepared: PreparedRecord, data: bytes) -> None:
    record = prepared.record
    assert prepared.files[record.capture.path] == data
    assert record.capture.size == len(data)
    tei = prepared.files["record.xml"]
    assert validate_record(tei) == []
    assert record_from_tei(tei).paragraphs == record.paragraphs
    assert all(p.strip() for p in record.paragraphs)


@settings(
    max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.binary(max_size=3000), NAMES)
def test_random_bytes_make_a_valid_record_or_an_input_error(data: bytes, name: str | None) -> None:
    check_prepare(data, name)


@settings(
    max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.one_of(MIXED, ANY_TEXT), ENCODINGS, NAMES, st.booleans())
def test_random_unicode_makes_a_valid_record_or_an_input_error(
    text: str, codec: str, name: str | None, explicit: bool
) -> None:
    check_prepare(text.encode(codec), name, codec if explicit else None)


@pytest.fixture(scope="module")
def repo() -> Iterator[Repository]:
    """A real archive (on tmpfs when there is one) that the examples are ingested into."""
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    folder = Path(tempfile.mkdtemp(prefix="arshif-properties-", dir=base))
    try:
        root = folder / "root"
        init_root(root)
        yield Repository(Settings(root))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.one_of(MIXED, st.binary(max_size=1000)))
def test_ingest_into_an_archive_keeps_the_capture_byte_exact(
    repo: Repository, content: str | bytes
) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    # Hypothesis seeds the global `random` alike for every example, and Whoosh names its
    # segments with `random`: give them fresh names, as separate processes would.
    random.seed()
    try:
        summary = repo.ingest([CaptureRequest(data, "capture.txt")], USER, limit=LIMIT)
    except InputError:
        event("refused")
        return
    (outcome,) = summary.outcomes
    event(outcome.status)
    assert outcome.status in ("added", "duplicate")
    assert outcome.id
    assert repo.capture(outcome.id)[1] == data
    assert validate_record(repo.store.read(repo.record(outcome.id).object_id, "record.xml")) == []


@pytest.fixture(scope="module")
def seeded(arshif_engine: str) -> Iterator[Path]:
    """The seeds, in an archive of each search engine (the query property runs on both)."""
    folder = Path(tempfile.mkdtemp(prefix="arshif-properties-"))
    try:
        root = folder / "root"
        init_root(root, arshif_engine)
        assert_clean(run(root, "ingest", str(SEEDS)), 0)
        yield root
    finally:
        shutil.rmtree(folder, ignore_errors=True)


SYNTAX = st.sampled_from(
    [
        '"',
        "(",
        ")",
        "AND",
        "OR",
        "NOT",
        "-",
        "+",
        "*",
        "?",
        "~",
        "^2",
        ":",
        "title:",
        "outlet:",
        "published:",
        "lang:",
        "tag:",
        "2021..",
        "..2021-11",
        "[",
        "]",
        "{",
        "}",
        "TO",
        "\\",
        "/",
        "'",
        "!",
        "&&",
        "||",
        " ",
        "  ",
    ]
)
QUERIES = st.one_of(
    st.lists(
        st.one_of(
            SYNTAX,
            st.sampled_from(PIECES),
            st.sampled_from(
                ["الخفاجي", "انسحاب", "نیروهای", "القوات", "آمریکا", "۲۰۲۱", "ar", "fa"]
            ),
        ),
        min_size=1,
        max_size=25,
    ).map("".join),
    ANY_TEXT,
)


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(QUERIES, st.booleans())
def test_any_query_exits_0_1_or_2(seeded: Path, query: str, exact: bool) -> None:
    if "\x00" in query:  # a command line cannot carry NUL; the in-process runner could
        query = query.replace("\x00", "")
    result = cli(seeded, "search", query, "--format", "json", *(["--exact"] if exact else []))
    assert_clean(result, 0, 1, 2)
    event(f"exit {result.returncode}")

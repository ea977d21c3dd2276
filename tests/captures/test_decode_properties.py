"""Property: any bytes either decode to text or raise InputError, never anything else."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from arshif.captures import decode_capture
from arshif.errors import InputError

ARABIC_TEXT = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويةىءأإآپچژگکی\u200c ۰۱۲۳\n.،")),
    min_size=1,
    max_size=200,
)


def _check(data: bytes, name: str | None = None) -> None:
    try:
        decoded = decode_capture(data, name)
    except InputError as exc:
        message = str(exc)
    else:
        assert decoded.text.strip()
        assert "\x00" not in decoded.text
        return
    assert message
    assert "\n" not in message


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from([None, "a.txt", "a.html", "a.xml"]))
def test_random_bytes(data: bytes, name: str | None) -> None:
    _check(data, name)


@settings(max_examples=200)
@given(ARABIC_TEXT, st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-16", "cp1256"]))
def test_encoded_text_round_trips_or_is_refused(text: str, codec: str) -> None:
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return
    _check(data)


@settings(max_examples=200)
@given(st.text(max_size=300), st.sampled_from([None, "a.html"]))
@example("\ufffe", None)  # only a character no record can hold: refused as empty
@example("\uffff\n\ufffe ", None)
def test_random_unicode(text: str, name: str | None) -> None:
    _check(text.encode("utf-8", "surrogatepass"), name)

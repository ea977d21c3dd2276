"""Arabic vs Persian identification of Arabic-script text, with no model to load.

The decision is a vote of evidence that each language leaves and the other rarely does:

- Persian: the letters پ چ ژ گ (absent from Arabic), the Persian forms ک ی, ZWNJ, Persian digits
  (U+06F0–U+06F9), and Persian function words (است، را، از، این، که، می، های، برای...).
- Arabic: the article ال on many words, taa marbuta ة, alef maqsura ى, Arabic-Indic digits
  (U+0660–U+0669) and Arabic function words (في، على، إلى، التي، الذي، أن، هذا...).

Function words are looked up after folding ي→ی and ك→ک, so Persian typed with the Arabic letters
(legacy Fars News and Hamshahri text) still scores as Persian; letters count per occurrence and
words weigh more than letters, so an Arabic article quoting a Persian name stays Arabic. The text
itself is never rewritten here (see `arshif.text.normalize`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

from arshif.model import Lang

__all__ = ["detect_language", "language_scores"]

_ARABIC_SCRIPT_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]")
_WORD = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06ff]+")
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({"ي": "ی", "ك": "ک"})

#: letters Arabic does not use
_PERSIAN_ONLY = re.compile("[پچژگ]")
#: Persian forms of kaf and yeh (Arabic keyboards type ك ي)
_PERSIAN_FORMS = re.compile("[کیۀ]")
_PERSIAN_DIGITS = re.compile("[۰-۹]")
_ARABIC_DIGITS = re.compile("[٠-٩]")
_ZWNJ = "\u200c"

# Words written after folding ي→ی and ك→ک (ى is kept: Arabic على is not the Persian name علی).
# A word both languages use often (من، ما، او، یا، هم، بین، غیر، علیه، ضد، اما، ولی، حال...) is
# left out of both lists.
_PERSIAN_TEXT = """
    است را از این که می نمی های ها برای شد شده شود شوند کرده کند کنند کردن بود بودن باشد
    باید خواهد دارد دارند داشت آن آنها اینکه چون تا یک با در به بر خود نیز هیچ همه پس اگر هر
    چه چند وی ایشان شما درباره زیرا همین همان دیگر بسیار بیش کمی گفت گفته گوید روی امروز
    گزارش کشور دو سه چهار پنج شش هفت هشت هزار میلیون میلیارد تومان درصد افزایش کاهش یافت
    شدند هستند نیست ندارد ندارند نشد داد دادند گرفت آغاز زبان
"""
_ARABIC_TEXT = """
    فی على إلى الى حتى التی التى الذی الذین اللذین اللتین اللواتی عن أن إن أنه إنه أنها إنها
    لأن هذا هذه هؤلاء ذلک تلک کان کانت یکون تکون قد لم لن لا مع منذ إذا اذا إذ أو أی أیضا
    کما کذلک لکن بل ثم عند سوف هو هما نحن أنا لقد وقد وفی ومن وعلى وإلى وأن وقال
    قال قالت أما إلا علیها إلیه منه منها فیه فیها
"""
_PERSIAN_WORDS: Final = frozenset(_PERSIAN_TEXT.split())
_ARABIC_WORDS: Final = frozenset(_ARABIC_TEXT.split())
assert not _PERSIAN_WORDS & _ARABIC_WORDS

_WORD_WEIGHT = 3.0
_SAMPLE = 50_000
_LETTER_WEIGHT = 1.0


def language_scores(text: str) -> tuple[float, float, int]:
    """(Persian score, Arabic score, number of Arabic-script letters) of `text`.

    Only the first 50,000 characters are read: more adds no evidence, only time.
    """
    text = text[:_SAMPLE]
    letters = len(_ARABIC_SCRIPT_LETTER.findall(text))
    if not letters:
        return 0.0, 0.0, 0
    fa = _LETTER_WEIGHT * (
        len(_PERSIAN_ONLY.findall(text))
        + text.count(_ZWNJ)
        + 0.5 * len(_PERSIAN_FORMS.findall(text))
        + 0.5 * len(_PERSIAN_DIGITS.findall(text))
    )
    ar = _LETTER_WEIGHT * (
        text.count("ة") + 0.5 * text.count("ى") + 0.5 * len(_ARABIC_DIGITS.findall(text))
    )
    stripped = _DIACRITICS.sub("", text)
    # each distinct word once, weighted by its count (the weights are small multiples of
    # 0.5, so the sums are exactly those of adding them one occurrence at a time)
    for raw, count in Counter(_WORD.findall(stripped)).items():
        word = raw.translate(_FOLD)
        if word in _PERSIAN_WORDS:
            fa += _WORD_WEIGHT * count
        elif word in _ARABIC_WORDS:
            ar += _WORD_WEIGHT * count
        elif word == "و":
            # Persian writes "and" as a word; Arabic attaches it to the next one
            fa += _LETTER_WEIGHT * count
        elif len(word) > 4 and word.endswith(("ترین", "یی", "های")):
            fa += _LETTER_WEIGHT * count
        elif len(word) > 3 and (
            word.startswith("ال")
            or (word[0] in "وبفلک" and word[1:3] == "ال" and len(word) > 4)
            or word.startswith("لل")
        ):
            # the Arabic article; Persian keeps it only in loans (الله، الخفاجی...)
            ar += _LETTER_WEIGHT * count
    return fa, ar, letters


def detect_language(text: str) -> Lang | None:
    """ "fa" or "ar" for text in Arabic script, None when there is no Arabic-script letter.

    >>> detect_language("بانك مركزي منشاء واردات بي رويه است")
    'fa'
    >>> detect_language("نفت قيادة العمليات العراقية المشتركة تمديد موعد الانسحاب")
    'ar'
    >>> detect_language("Hello") is None
    True
    """
    fa, ar, letters = language_scores(text)
    if not letters:
        return None
    if fa > ar:
        return "fa"
    if ar > fa:
        return "ar"
    # No evidence either way (a name, a one-word line): Arabic writes a final ة where Persian
    # writes ه, and Persian text without any Persian letter is rare outside legacy encodings.
    return "ar"

"""Light stemmers for folded Arabic and Persian words, and the words they must not touch.

Pure functions on one word, module level so analyzers that use them pickle into the index by
reference. The rules are re-implemented from Lucene's ArabicStemmer (Larkey et al.'s "light10")
and PersianStemmer (LUCENE-10312), read from their source; see
../shared/reference/arabic-persian-analysis.md §2.2 and §2.4. Both keep Lucene's guard: an affix
comes off only if at least two letters remain. What arshif adds is measured in
docs/search-quality.md:

* `PROTECTED` words (names and common nouns that the rules would cut into other words,
  e.g. ایران → ایر, لبنان → لبن "milk", البحرين → بحر "sea") are returned as they are, also
  after an Arabic prefix has come off (والبحرين → بحرين).

Input is expected folded (`arshif.text.fold.fold`), but the Arabic rules also accept the
unfolded ة/ية endings, as Lucene's do, so Lucene's filter-only test vectors pass unchanged.
"""

from __future__ import annotations

from arshif.text.fold import fold

#: Lucene ArabicStemmer prefixes, in order; the first that matches is removed (one only).
ARABIC_PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
#: Lucene ArabicStemmer suffixes, in order; each that matches in one pass is removed.
ARABIC_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")
#: Lucene PersianStemmer suffixes (Arabic-letter form, ZWNJ last), one pass in order.
PERSIAN_SUFFIXES = ("ات", "ان", "ترين", "تر", "يي", "ي", "ها", "\u200c")

_PROTECTED_GROUPS = (
    # Persian words (and names) ending in ان/ی that are not plurals or adjectives
    "ایران تهران سازمان استان زمان جهان میدان پایان زبان جوان ایمان قرآن آبان",
    "اصفهان کرمان گیلان زنجان خراسان سمنان آذربایجان",
    # Persian words the Arabic rules would cut (mixed archives, unknown language)
    "خانه گروه ورزش تنها",
    # Arabic-script names the Arabic rules would cut into other words
    "لبنان یونان عمان سودان آلمان رمضان شعبان عثمان سلمان عدنان حسین یاسین فلسطین",
    "البحرین بحرین امین",
)
_PROTECTED_WORDS = [word for group in _PROTECTED_GROUPS for word in group.split()]

#: Words no stemmer changes (folded). Proper nouns and nouns the suffix rules would cut.
PROTECTED: frozenset[str] = frozenset(fold(word) for word in _PROTECTED_WORDS)


def _strip_suffixes(word: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if len(word) >= len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


def arabic_light_stem(word: str, protected: frozenset[str] = PROTECTED) -> str:
    """Lucene's ArabicStemmer: at most one prefix (ال وال بال كال فال لل و), then suffixes.

    >>> arabic_light_stem("والحسن"), arabic_light_stem("ساهدهات"), arabic_light_stem("لبنان")
    ('حسن', 'ساهد', 'لبنان')
    """
    if word in protected:
        return word
    for prefix in ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) >= max(len(prefix) + 2, 4):
            word = word[len(prefix) :]
            if word in protected:
                return word
            break
    return _strip_suffixes(word, ARABIC_SUFFIXES)


def persian_light_stem(word: str, protected: frozenset[str] = PROTECTED) -> str:
    """Lucene's PersianStemmer: suffixes ات ان ترين تر يي ي ها, one pass in that order.

    >>> persian_light_stem("دوستان"), persian_light_stem("كتابها"), persian_light_stem("ايران")
    ('دوست', 'كتاب', 'ايران')
    """
    if word in protected:
        return word
    return _strip_suffixes(word, PERSIAN_SUFFIXES)


def mixed_light_stem(word: str, protected: frozenset[str] = PROTECTED) -> str:
    """Persian suffixes, then Arabic prefix and suffixes: for text of unknown language."""
    return arabic_light_stem(persian_light_stem(word, protected), protected)


#: The stemmers by language code, as `arshif.search.analysis.stemmed_analyzer` chooses them.
STEMMERS = {"ar": arabic_light_stem, "fa": persian_light_stem, "mixed": mixed_light_stem}

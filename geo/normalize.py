"""Name keys for matching place names written in Latin, Arabic or Persian script.

Two keys, both idempotent and total (any Unicode string gives a string, never
an exception):

``normalize(text)``
    Case, diacritics and compatibility forms folded; Arabic and Persian letter
    variants unified (ي/ی/ى, ك/ک, ة/ۀ/ه, the hamza forms, harakat and tatweel
    removed); the Arabic article ("al-", "Al ", "an-", "ال") dropped; hyphens,
    spaces and punctuation removed. "Al-Basrah", "al basrah" and "ALBASRAH"
    do not all agree ("ALBASRAH" has no separate article), but "Al-Basrah"
    and "Basrah" do.

``variant_key(text)``
    ``normalize`` plus common transliteration variants: w/v, e/a, o/u, ou/oo/u,
    ee/i, y/i, gh/q, dh/z, a final vowel + h ("Basrah"/"Basra"), doubled letters,
    the Persian ezafe ("Qasr-e Shirin"/"Qasr Shirin"), and Persian letters
    written with their Arabic counterparts (چ/ج, پ/ب, ژ/ز, گ/ک).

``words(text)`` gives the normalized words before they are joined; the
gazetteer uses it to find the distinctive core of a name ("Mehran border
crossing" -> "mehran").
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters unified after decomposition (hamza and madda marks are combining marks
# that decomposition splits off, so أ إ آ ؤ ئ already lost them).
_LETTERS = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh -> Persian yeh
        "ى": "ی",  # alef maksura
        "ې": "ی",
        "ك": "ک",  # Arabic kaf -> Persian keheh
        "ة": "ه",  # teh marbuta
        "ە": "ه",  # ae (from heh with yeh above, ۀ)
        "ہ": "ه",
        "ۃ": "ه",
        "ٱ": "ا",  # alef wasla
        "ء": "",  # lone hamza
        "ـ": "",  # tatweel
        "\u200c": "",  # zero-width non-joiner (Persian half-space): same word
        "\u200d": "",
        "\u200b": "",
        "\ufeff": "",
        "ı": "i",  # dotless i
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        # apostrophes and ayn/hamza letters of transliterations vanish inside words
        "'": "",
        "’": "",
        "‘": "",
        "`": "",
        "´": "",
        "ʼ": "",
        "ʻ": "",
        "ʿ": "",
        "ʾ": "",
        "ʹ": "",
        "ˈ": "",
    }
)

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

#: Latin articles dropped when they stand before another word ("al-Kut", "el Paso").
_LATIN_ARTICLES = frozenset({"al", "el"})
_ARABIC_ARTICLE = "ال"
#: Ezafe particles of Persian names in Latin script ("Qasr-e Shirin", "Qasr-i Shirin").
_EZAFE = frozenset({"e", "i", "ye", "yi"})

_SEPARATORS = re.compile(r"[^\w]+|_+")

# Transliteration folds, applied in order to each word (Latin letters only).
_LATIN_FOLDS = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("w", "v"),
    ("gh", "q"),
    ("dh", "z"),
    ("ph", "f"),
    ("y", "i"),
    ("e", "a"),
    ("o", "u"),
)
_ARABIC_FOLDS = str.maketrans({"چ": "ج", "پ": "ب", "ژ": "ز", "گ": "ک"})
_DOUBLED = re.compile(r"(.)\1+")
_FINAL_VOWEL_H = re.compile(r"([aeiou])h$")

_MAX_PASSES = 8


_ASCII_DROP = str.maketrans({"'": "", "`": ""})


class _Folds(dict):
    """One ``str.translate`` table: combining marks dropped, letters and digits unified.

    Characters not in ``_LETTERS`` or ``_DIGITS`` are looked up once: a mark
    (Unicode category M*) maps to nothing, anything else to itself.
    """

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.category(chr(code)).startswith("M") else code
        self[code] = value
        return value


_FOLDS = _Folds({**_LETTERS, **_DIGITS})


def _fold_chars(text: str) -> str:
    if text.isascii():  # fast path, same result: NFKC/NFKD change no ASCII text
        return text.lower().translate(_ASCII_DROP)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKD", text).translate(_FOLDS)
    return unicodedata.normalize("NFKC", text).casefold()


def _strip_articles(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if following and _is_latin_article(token, following):
            continue
        while token.startswith(_ARABIC_ARTICLE) and len(token) - len(_ARABIC_ARTICLE) >= 3:
            token = token[len(_ARABIC_ARTICLE) :]
        out.append(token)
    return out


def _is_latin_article(token: str, following: str) -> bool:
    if token in _LATIN_ARTICLES:
        return True
    # sun-letter assimilation: "an-Najaf", "ash-Shib", "as-Sulaymaniyah"
    return (
        2 <= len(token) <= 3
        and token.startswith("a")
        and token[1:].isascii()
        and token[1:].isalpha()
        and following.startswith(token[1:])
        and len(following) > len(token)
    )


def _words_once(text: str) -> list[str]:
    tokens = [t for t in _SEPARATORS.split(_fold_chars(text)) if t]
    return _strip_articles(tokens)


def words(text: str) -> list[str]:
    """Return the normalized words of ``text`` (articles dropped), in order.

    Parameters
    ----------
    text : any string.

    Returns
    -------
    list of str
        Lower-case words without diacritics, punctuation or Arabic articles.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a string, got {type(text).__name__}")
    return _words_once(text)


def normalize(text: str) -> str:
    """Return the normalized key of a name: folded case, script variants, no separators.

    Parameters
    ----------
    text : any string.

    Returns
    -------
    str
        The key; ``normalize(normalize(x)) == normalize(x)`` for every string.

    Examples
    --------
    >>> normalize("Al-Basrah") == normalize("basrah")
    True
    >>> normalize("الأهواز") == normalize("اهواز")
    True
    """
    return _settled("".join(words(text)))


def _settled(key: str) -> str:
    """Fold a joined key again until it no longer changes (``normalize`` is idempotent)."""
    if key.isascii():  # letters and digits only: a second pass cannot change it
        return key
    for _ in range(_MAX_PASSES):
        again = "".join(_words_once(key))
        if again == key:
            break
        key = again
    return key


def _fold_word(word: str) -> str:
    if word.isascii():
        word = _FINAL_VOWEL_H.sub(r"\1", word)
        for old, new in _LATIN_FOLDS:
            word = word.replace(old, new)
    else:
        word = word.translate(_ARABIC_FOLDS)
    return _DOUBLED.sub(r"\1", word)


def _variant_once(tokens: list[str]) -> str:
    kept = [t for i, t in enumerate(tokens) if not (0 < i < len(tokens) - 1 and t in _EZAFE)]
    return "".join(_fold_word(t) for t in kept)


def variant_key(text: str) -> str:
    """Return the transliteration-folded key: ``normalize`` plus common spelling variants.

    Parameters
    ----------
    text : any string.

    Returns
    -------
    str
        The key; idempotent like ``normalize``.

    Examples
    --------
    >>> variant_key("Ahwaz") == variant_key("Ahvaz")
    True
    >>> variant_key("Shalamche") == variant_key("Shalamcheh")
    True
    """
    return _settled_variant(_variant_once(words(text)))


def _settled_variant(key: str) -> str:
    for _ in range(_MAX_PASSES):
        again = _fold_word(key) if key.isascii() else _variant_once([normalize(key)])
        if again == key:
            break
        key = again
    return key


def keys(text: str) -> tuple[str, str]:
    """Return ``(normalize(text), variant_key(text))``, splitting the words once.

    Examples
    --------
    >>> keys("Al-Basrah")
    ('basrah', 'basra')
    """
    found = words(text)
    return _settled("".join(found)), _settled_variant(_variant_once(found))


@functools.lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Fold text for matching in any script: its normalized words, space-separated.

    `words`: case, diacritics, Arabic and Persian letter variants
    and the Arabic article folded. Memoised: synthetic and relayed claims repeat
    their texts.

    Parameters
    ----------
    text : any string.

    Returns
    -------
    str
        The folded words joined by single spaces.
    """
    return " ".join(words(text))

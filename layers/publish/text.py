"""Text for print: cleaned of what could break or spoof a renderer, local names, wrapping.

Claim text comes from documents and is untrusted. ``clean`` keeps what a reader
needs and removes what a renderer should never see: control characters,
bidirectional embeddings, overrides and isolates (a U+202E in a quote would
reverse the rest of the line), byte-order marks and lone surrogates. The
zero-width non-joiner and joiner stay: Persian needs them (بین‌المللی).
Matplotlib's mathtext is never used (every Text is made with ``parse_math=False``),
so ``$`` signs stay as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from geo.models import Place

#: Bidirectional formatting characters (embeddings, overrides, isolates, marks).
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI_RE = re.compile(f"[{_BIDI_CONTROLS}\ufeff]")
_SPACES_RE = re.compile(r"[\s\u2028\u2029]+")

#: Letters found in Persian but not in Arabic (peh, tcheh, jeh, gaf, keheh, Farsi yeh).
_PERSIAN_ONLY = frozenset("پچژگکی")
#: Letters found in Arabic but not in Persian spelling (teh marbuta, Arabic kaf and yeh,
#: alef maksura).
_ARABIC_ONLY = frozenset("ةكيى")
#: Countries whose local names are written in Persian; the others in Arabic.
PERSIAN_COUNTRIES = frozenset({"IR", "AF"})

#: Zero-width (non-)joiners: Persian needs them, and they decide the font order.
JOINERS = frozenset("\u200c\u200d")


def clean(text: object) -> str:
    """Return ``text`` as one safe line: no controls, no bidi overrides, spaces folded."""
    value = "" if text is None else str(text)
    value = _BIDI_RE.sub("", value)
    kept = []
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs" or (category == "Cc" and char not in "\t\n\r"):
            continue
        kept.append(char)
    return _SPACES_RE.sub(" ", "".join(kept)).strip()


def is_arabic_script(text: str) -> bool:
    """Whether ``text`` holds any letter of the Arabic script."""
    return any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in text)


def _detected(text: str) -> str | None:
    """Return ``"fa"`` or ``"ar"`` when the letters tell, else None."""
    letters = set(text)
    persian, arabic = bool(letters & _PERSIAN_ONLY), bool(letters & _ARABIC_ONLY)
    if persian and not arabic:
        return "fa"
    if arabic and not persian:
        return "ar"
    if not persian and any(word.startswith("ال") for word in text.split()):
        return "ar"  # the Arabic article
    return None


def language_of(text: str, country: str | None = None) -> str | None:
    """Return ``"fa"``, ``"ar"`` or None (not Arabic script), for shaping the text right."""
    if not is_arabic_script(text):
        return None
    return _detected(text) or ("fa" if country in PERSIAN_COUNTRIES else "ar")


def local_name(place: Place) -> str | None:
    """Return the place's alias in its country's script and language, if it has one.

    Iranian places get a Persian alias, the others an Arabic one: of the
    gazetteer's aliases whose letters say that language or do not tell, the one
    with the fewest words (for a label), those whose letters say it first, then
    in the gazetteer's order. With none, the first Arabic-script alias.
    """
    wanted = "fa" if place.country in PERSIAN_COUNTRIES else "ar"
    scripts = [a for a in (clean(a) for a in place.aliases) if a and is_arabic_script(a)]
    ranked = [
        (len(alias.split()), _detected(alias) is None, index, alias)
        for index, alias in enumerate(scripts)
        if _detected(alias) in (wanted, None)
    ]
    if ranked:
        return min(ranked)[3]
    return scripts[0] if scripts else None


_SHORTER = (
    (re.compile(r"\s*\([^)]*\)\s*$"), ""),
    (re.compile(r" International Airport$"), " airport"),
    (re.compile(r" Airport$"), " airport"),
    (re.compile(r" border crossing$"), " crossing"),
    (re.compile(r" border post$"), " post"),
)


def short_name(place: Place) -> str:
    """Return the place's name shortened for a map label (``Najaf airport``)."""
    name = clean(place.name)
    for pattern, replacement in _SHORTER:
        name = pattern.sub(replacement, name)
    return name or clean(place.name)


def wrap(
    text: str, width: float, measure: Callable[[str], float], space: float | None = None
) -> list[str]:
    """Break ``text`` into lines no wider than ``width``, measuring words with ``measure``.

    Words wider than a line are cut. ``measure`` returns a width in the same
    unit as ``width`` (points, say); word widths are summed with the width of a
    space, which is close enough for greedy filling.
    """
    space = measure(" ") if space is None else space
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in _pieces(text.split(" "), width, measure):
        size = measure(word)
        extra = size if not current else used + space + size
        if current and extra > width:
            lines.append(" ".join(current))
            current, used = [word], size
        else:
            current.append(word)
            used = extra
    if current:
        lines.append(" ".join(current))
    return lines or [""]


def _pieces(words: Iterable[str], width: float, measure: Callable[[str], float]) -> list[str]:
    """Return the words, each word wider than ``width`` cut into pieces that fit."""
    pieces: list[str] = []
    for word in words:
        if not word:
            continue
        while measure(word) > width and len(word) > 1:
            cut = max(1, int(len(word) * width / measure(word)))
            while cut > 1 and measure(word[:cut]) > width:
                cut -= 1
            pieces.append(word[:cut])
            word = word[cut:]
        pieces.append(word)
    return pieces

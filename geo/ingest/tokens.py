"""Words of a text with their offsets, folded to the keys of ``geo.normalize``.

The extractors match names on *words*, never inside them: "Iran" is not found
in "Iranian", "Qom" not in "Qomi". A word is a run of letters and digits that
may carry combining marks (Arabic harakat, Latin accents), Persian zero-width
joiners and inner apostrophes ("Ma'arra"); a final "'s" is not part of it
("Iran's" is the word "Iran").

Each word gets the key ``geo.normalize.normalize`` gives it (case, diacritics,
letter variants folded; an Arabic article "ال" dropped), and the Arabic
proclitics و ب ف ك before the article ("والنجف", "بالبصرة") are dropped too.
Keys are joined with single spaces into one string, so that a multi-word name
is found with one Aho-Corasick scan (``Matcher``) and mapped back to the
original offsets.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from geo.normalize import normalize, variant_key

_MARKS = (
    "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
    "\u200c\u200d"
)
_W = rf"[^\W_]|[{_MARKS}]"
#: A word: letters, digits and marks, with inner apostrophes (not a final 's).
WORD = re.compile(rf"(?:{_W})+(?:['’ʼ`](?![sS](?!{_W}))(?:{_W})+)*")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_PROCLITIC = re.compile(r"^[وبفكک]ال")
#: Placeholder key for a word that folds to nothing (keeps positions aligned).
EMPTY = "\u2205"


class Word(NamedTuple):
    """One word: ``text[start:end]``, its normalized and variant keys."""

    start: int
    end: int
    key: str
    variant: str


_KEY_CACHE: dict[str, tuple[str, str]] = {}
_CACHE_LIMIT = 200_000


def word_keys(word: str) -> tuple[str, str]:
    """Return the (normalized, variant) keys of one word, cached."""
    keys = _KEY_CACHE.get(word)
    if keys is None:
        base = word
        if _ARABIC.search(word):
            folded = normalize(word) if len(word) > 3 else word
            if _PROCLITIC.match(word) or _PROCLITIC.match(folded):
                base = word[1:]
        key = normalize(base) or EMPTY
        keys = (key, variant_key(base) or EMPTY)
        if len(_KEY_CACHE) > _CACHE_LIMIT:
            _KEY_CACHE.clear()
        _KEY_CACHE[word] = keys
    return keys


def words(text: str) -> list[Word]:
    """Split ``text`` into words with their offsets and keys."""
    found = []
    cache = _KEY_CACHE
    for match in WORD.finditer(text):
        word = match.group()
        keys = cache.get(word) or word_keys(word)
        found.append(Word(match.start(), match.end(), keys[0], keys[1]))
    return found


def is_arabic_script(text: str) -> bool:
    """Whether ``text`` holds an Arabic-script letter (Arabic, Persian, Urdu...)."""
    return _ARABIC.search(text) is not None


class KeyText:
    """The words' keys joined by single spaces, with a map back to word indexes.

    Parameters
    ----------
    keys : one key per word.
    """

    def __init__(self, keys: Iterable[str]):
        parts = list(keys)
        starts = list(itertools.accumulate((len(k) + 1 for k in parts), initial=1))
        self._word_at = dict(zip(starts, range(len(parts)), strict=False))
        self._word_ending = {start - 1: index for index, start in enumerate(starts[1:])}
        self.text = " " + " ".join(parts) + " "

    def words_of(self, start: int, end: int) -> tuple[int, int] | None:
        """Word indexes (first, last) of the key span ``[start, end)``, if on word edges."""
        first = self._word_at.get(start)
        last = self._word_ending.get(end)
        if first is None or last is None:
            return None
        return first, last


class Matcher:
    """Aho-Corasick over word keys: finds every listed phrase as whole words.

    Parameters
    ----------
    phrases : (phrase as a sequence of word keys, value) pairs; several values
        may share a phrase.
    """

    def __init__(self, phrases: Iterable[tuple[tuple[str, ...], object]]):
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        values: dict[str, list[object]] = {}
        for keys, value in phrases:
            keys = tuple(k for k in keys if k)
            if not keys:
                continue
            pattern = " " + " ".join(keys) + " "
            bucket = values.setdefault(pattern, [])
            if value not in bucket:
                bucket.append(value)
        for pattern, bucket in values.items():
            self._automaton.add_word(pattern, (len(pattern), tuple(bucket)))
        self.size = len(values)
        if values:
            self._automaton.make_automaton()

    def find(self, keytext: KeyText) -> Iterator[tuple[int, int, tuple[object, ...]]]:
        """Yield (first word, last word, values) of every phrase found, overlaps included."""
        if not self.size:
            return
        for end, (length, bucket) in self._automaton.iter(keytext.text):
            span = keytext.words_of(end - length + 2, end)
            if span is not None:
                yield span[0], span[1], bucket


def longest_first(
    hits: Iterable[tuple[int, int, tuple[object, ...]]],
) -> list[tuple[int, int, tuple[object, ...]]]:
    """Keep non-overlapping hits, leftmost first and the longest at each start."""
    ordered = sorted(hits, key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, tuple[object, ...]]] = []
    last_end = -1
    for first, last, bucket in ordered:
        if first > last_end:
            kept.append((first, last, bucket))
            last_end = last
    return kept


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9\u0600-\u06ff])|\n\s*")
#: Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr gen col lt sgt st vs "
    "u.s u.k no approx e.g i.e etc".split()
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences: (start, end) offsets, blank ones left out.

    A sentence ends at ``. ! ? …`` before a capital letter or digit (not after
    an abbreviation such as "Jan." or a single initial such as "Ali D."), and
    at every line break.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if "\n" not in match.group():
            before = text[start : match.start()].rsplit(None, 1)
            last = before[-1].rstrip(".").lower() if before else ""
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
        _add_sentence(text, start, match.start(), spans)
        start = match.end()
    _add_sentence(text, start, len(text), spans)
    return spans


def _add_sentence(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))

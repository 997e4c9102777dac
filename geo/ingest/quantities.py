"""Reported figures with their qualifiers: "more than 60 buses", "around 800 to 850".

The qualifier grammar (before the number, any case):

===========  ==========================================================
qualifier    words
===========  ==========================================================
more_than    more than, over, upwards of, in excess of, above, exceeding,
             crossing, surpassing, topping
nearly       nearly, almost, close to, just under
about        about, around, roughly, approximately, some, an estimated,
             estimated, circa
at_least     at least, no fewer than, no less than, a minimum of
up_to        up to, as many as, as much as, at most, no more than
less_than    fewer than, less than, under, below
range        between X and Y, from X to Y, X to Y, X-Y, X or Y
exact        none of these
===========  ==========================================================

Numbers are digits with thousands separators ("10,600", "1.5 million") or
words ("seven", "twenty-one", "a dozen"; parsed by text2num). "$600 a month"
is money (unit "USD per month"), never a date. The unit is the noun that
follows, past adjectives and demonyms ("roughly 800 Iraqi fighters" ->
fighters), with "per day" / "a month" kept; "the number of fighters at 2,000"
takes its unit from "number of". Vague amounts ("thousands", "dozens") are not
figures; years, ordinals ("8th"), times and numbers inside words or links are
left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUALIFIERS = {
    "more_than": (
        "more than|over|upwards of|in excess of|above|exceeding|crossing|surpassing|topping"
    ),
    "nearly": "nearly|almost|close to|just under",
    "about": "about|around|roughly|approximately|approx\\.|some|an estimated|estimated|circa|~",
    "at_least": "at least|no fewer than|no less than|a minimum of|not less than",
    "up_to": "up to|as many as|as much as|at most|no more than|a maximum of",
    "less_than": "fewer than|less than|under|below",
}
_QUALIFIER_BEFORE = re.compile(
    r"(?<![\w])(?P<q>" + "|".join(f"(?P<{k}>{v})" for k, v in _QUALIFIERS.items()) + r")\s+$",
    re.I,
)
_UNITS = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand|million|billion"
)
_NUMWORD = rf"(?:{_UNITS})"
_WORDS = (
    rf"(?:a\s+dozen|a\s+(?:hundred|thousand|million)\b(?:[\s-]+{_NUMWORD})*"
    rf"|{_NUMWORD}(?:(?:[\s-]+|(?<=hundred)\s+and\s+){_NUMWORD})*)"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?P<scale{n}>million|billion|thousand|bn|m)\b)?"
_NUMBER = re.compile(
    rf"(?<![\w.,/:$])(?<![^\W\d]-)(?P<money>\$\s?|US\$\s?)?"
    rf"(?:(?P<digits>{_DIGITS}){_SCALE.format(n=1)}|(?P<words>(?i:{_WORDS}))\b)"
    rf"(?![\w/:]|\.\d|,\d)(?P<pct>\s?(?:%|percent\b|per\s+cent\b))?",
)
_RANGE_LINK = re.compile(r"\s*(?:-|–|—|to|and|or)\s*")
_SCALES = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
_PER = re.compile(
    r"\s+(?P<per>a|per|each|every)\s+(?P<what>day|week|month|year|bus|person|flight)\b"
    r"|\s+(?P<daily>daily|monthly|weekly|annually)\b",
    re.I,
)
_NUMBER_OF = re.compile(
    r"\bnumber\s+of\s+(?P<noun>[a-z][a-z-]+)\b[^.;]{0,40}?"
    r"\b(?:at|reached|of|to|was|stood at|hit)\s+$",
    re.I,
)
#: Words skipped between a number and its noun.
_ADJECTIVES = frozenset(
    """such more other additional foreign young armed new local several separate scheduled
    unscheduled domestic international military civilian senior individual total extra
    elderly unarmed alleged suspected so-called reported estimated further""".split()
)
#: Words that end the search for a noun: the number has no unit.
_NOT_NOUNS = frozenset(
    """of to in on at by for from with and or the a an were was is are be been have has had
    that which who than as per each every into across this these those it its their his her
    more less said says after before since during earlier later last ago today yesterday now
    so far""".split()
)
_WORD_AFTER = re.compile(r"\s+(?P<w>[A-Za-z][\w’'-]*)")
_COMPOUND = re.compile(r"\s+\d+-[a-z]+\b")
_MAX_ADJECTIVES = 3


@dataclass(frozen=True)
class QuantityMention:
    """A figure: ``text[start:end]`` with its qualifier, value or bounds, and unit."""

    start: int
    end: int
    text: str
    qualifier: str
    value: float | None
    min: float | None
    max: float | None
    unit: str | None

    def to_dict(self) -> dict[str, object]:
        """Return the JSON-ready item: ``value``, or ``min``/``max`` for a range."""
        item: dict[str, object] = {"start": self.start, "end": self.end, "text": self.text}
        item["qualifier"] = self.qualifier
        if self.qualifier == "range":
            item.update(min=_plain(self.min), max=_plain(self.max))
        else:
            item["value"] = _plain(self.value)
        item["unit"] = self.unit
        return item


def _plain(number: float | None) -> float | int | None:
    if number is None:
        return None
    return int(number) if float(number).is_integer() else number


def find_quantities(text: str, masked: list[tuple[int, int]] | tuple = ()) -> list[QuantityMention]:
    """Every figure in ``text`` outside the ``masked`` spans (dates), in text order."""
    numbers = [n for n in _numbers(text) if not _inside(n[0], n[1], masked)]
    found: list[QuantityMention] = []
    index = 0
    while index < len(numbers):
        start, end, value, money, pct = numbers[index]
        following = numbers[index + 1] if index + 1 < len(numbers) else None
        mention, used = _mention(text, (start, end, value, money, pct), following)
        if mention is not None:
            found.append(mention)
        index += used
    return found


def _numbers(text: str) -> list[tuple[int, int, float, bool, bool]]:
    """(start, end, value, is money, is percent) of every number."""
    found = []
    for match in _NUMBER.finditer(text):
        value = _value(match)
        if value is None:
            continue
        digits = match.group("digits")
        if digits and _is_year(digits, match) or _is_ordinal(text, match.end()):
            continue
        found.append(
            (
                match.start(),
                match.end(),
                value,
                bool(match.group("money")),
                bool(match.group("pct")),
            )
        )
    return found


def _value(match: re.Match) -> float | None:
    digits = match.group("digits")
    if digits:
        value = float(digits.replace(",", ""))
        scale = match.group("scale1")
        return value * _SCALES[scale.lower()] if scale else value
    words = " ".join(match.group("words").lower().replace("-", " ").split())
    if words == "a dozen":
        return 12.0
    if words.startswith("a "):
        words = "one " + words[2:]
    if words in ("hundred", "thousand", "million", "billion", "zero"):
        return None  # "hundreds of thousands" is not a figure
    from text_to_num import text2num

    try:
        return float(text2num(words, "en"))
    except ValueError:
        return None


def _is_year(digits: str, match: re.Match) -> bool:
    if "," in digits or "." in digits or len(digits) != 4 or match.group("money"):
        return False
    return 1900 <= int(digits) <= 2099


def _is_ordinal(text: str, end: int) -> bool:
    return bool(re.match(r"(?:st|nd|rd|th)\b", text[end : end + 3]))


def _inside(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


def _mention(text: str, number: tuple, following: tuple | None) -> tuple:
    """Build the figure that starts with ``number``; returns (mention or None, numbers used)."""
    start, end, value, money, pct = number
    if value == 1 and text[start:end].lower() in ("one", "a"):
        if _QUALIFIER_BEFORE.search(text, max(0, start - 25), start) is None:
            return None, 1  # "one source said": a pronoun, not a figure
    before = text[max(0, start - 25) : start]
    span_start = start
    qualifier, low, high, used = "exact", None, None, 1
    ranged = _range_with(text, number, following, before)
    if ranged is not None:
        qualifier, low, high = "range", value, ranged[2]
        end, used = ranged[1], 2
        intro = re.search(r"(?i)\b(between|from)\s+$", before)
        if intro:
            span_start = start - (len(before) - intro.start())
    qualifier_match = _QUALIFIER_BEFORE.search(text, max(0, span_start - 25), span_start)
    if qualifier_match is not None:
        if qualifier != "range":  # "around 800 to 850" stays a range, its words kept
            qualifier = next(k for k in _QUALIFIERS if qualifier_match.group(k))
        span_start = qualifier_match.start()
    unit, end = _unit(text, end, money, pct)
    if unit is None and not money and not pct and qualifier == "exact":
        number_of = _NUMBER_OF.search(text, max(0, start - 80), start)
        if number_of is None and text[start:end].isdigit() and len(text[start:end]) == 4:
            return None, used  # a bare four-digit number: likely a year or a code
        unit = number_of.group("noun").lower() if number_of else None
    mention = QuantityMention(
        span_start,
        end,
        text[span_start:end],
        qualifier,
        None if qualifier == "range" else value,
        low,
        high,
        unit,
    )
    return mention, used


def _range_with(text: str, number: tuple, following: tuple | None, before: str) -> tuple | None:
    """Return the second number of "X to Y", "between X and Y", "X-Y", "X or Y", if any."""
    if following is None:
        return None
    link = text[number[1] : following[0]]
    if not _RANGE_LINK.fullmatch(link):
        return None
    word = link.strip().lower()
    if word == "and" and not re.search(r"(?i)\bbetween\s+$", before):
        return None
    if following[2] < number[2]:
        return None
    return following


def _unit(text: str, end: int, money: bool, pct: bool) -> tuple[str | None, int]:
    """Return the unit after a number ending at ``end``, and where the figure's text ends."""
    if pct:
        return "percent", end
    if money:
        per = _PER.match(text, end)
        if per is not None:
            return f"USD per {_per_word(per)}", per.end()
        return "USD", end
    noun, noun_end = _noun_after(text, end)
    if noun is None:
        return None, end
    per = _PER.match(text, noun_end)
    if per is not None:
        return f"{noun} per {_per_word(per)}", per.end()
    return noun, noun_end


def _per_word(per: re.Match) -> str:
    if per.group("daily"):
        word = per.group("daily").lower()
        return {"daily": "day", "monthly": "month", "weekly": "week", "annually": "year"}[word]
    return per.group("what").lower()


def _noun_after(text: str, end: int) -> tuple[str | None, int]:
    """Return the noun after a number: skips adjectives and demonyms; a hyphen compound counts."""
    if text[end : end + 1] == "-":
        compound = re.match(r"-(?P<w>[a-z]+(?:-[a-z]+)*)", text[end:])
        if compound:
            return compound.group("w"), end + compound.end()
    position = end
    for _ in range(_MAX_ADJECTIVES + 1):
        word = _WORD_AFTER.match(text, position) or _COMPOUND.match(text, position)
        if word is None:
            return None, end
        compound = _COMPOUND.match(text, position)
        if compound is not None:  # "60 such 50-seater buses": the inner figure is skipped
            position = compound.end()
            continue
        token = word.group("w")
        lower = token.lower()
        if lower in _NOT_NOUNS:
            return None, end
        if lower in _ADJECTIVES or token[:1].isupper() or "-" in token:
            position = word.end()
            continue
        return lower, word.end()
    return None, end

"""Date phrases in running text, resolved to event ranges with their precision.

A small detector of its own, not a general date parser: general parsers
(dateparser, on whole articles) take "$600 a month" or the verb "may" for dates
and know nothing of ranges, open ends or the narrative. It finds:

- day dates, with or without weekday, time of day and year: "Jan. 7",
  "Monday, Jan. 5, 2026", "Sunday evening, Jan. 11", "6 January 2026";
- ranges: "January 7 and 8", "January 6-8, 2026", "between January 6 and 8",
  "from January 4 to January 8", "January 4 ... until January 8" (one sentence);
- open ends: "since January 6" (no end), "until January 8", "by Tuesday"
  (no start); "before"/"after" move the bound by a day;
- months and vague periods: "in January", "December 2025", "early January",
  "mid-December", "late 2025", "the last week of December", "earlier this
  week", "last week", "yesterday";
- durations up to publication: "for more than a week", "within two weeks",
  "over the past three days" (a day more for "more than");
- weekdays, resolved against the narrative and the publication date: "on
  Wednesday" after "Tuesday, Jan. 6" in the same paragraph is Jan. 7; without a
  date in the paragraph, "Monday" is the last Monday on or before publication;
  "last Monday" is the Monday before publication.

A year left out is taken from a dated phrase earlier in the same paragraph,
else from the publication date (the date nearest to it, at most two months
after it), else from today's date (the latest such date not after today).
``anchor`` says which.

Precision: ``day`` (one day), ``range`` (two ends, or one open end), ``week``,
``month`` (a calendar month or part of one named as such).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["Sept"] = 9
WEEKDAYS = {calendar.day_name[i]: i for i in range(7)}

_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_JOIN = r"\s*(?:-|–|—|to|and|&)\s*"

_ATOMS = re.compile(
    rf"""
    (?<![A-Za-z0-9])
    (?:(?P<daydate>(?:(?P<wd1>{_WD}){_PART},?\s+)?
        (?P<mon1>{_MON})\s+(?P<d1>{_DAY})(?:{_JOIN}(?P<d2>{_DAY}))?(?![\d])
        (?:,?\s+(?P<y1>{_YEAR})(?!\d))?)
    |(?P<dayfirst>(?:(?P<wd2>{_WD}),?\s+)?(?:the\s+)?
        (?P<d3>{_DAY})(?:{_JOIN}(?P<d4>{_DAY}))?\s+(?:of\s+)?(?P<mon2>{_MON})
        (?:,?\s+(?P<y2>{_YEAR})(?!\d))?)
    |(?P<period>(?P<part>(?i:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of
        |(?:the\s+)?(?P<nth>first|second|third|fourth|last)\s+week\s+of))[\s-]+
        (?:(?P<mon3>{_MON})(?:,?\s+(?P<y3>{_YEAR}))?|(?P<y4>{_YEAR})))
    |(?P<monthyear>(?P<mon4>{_MON})(?:,)?\s+(?P<y5>{_YEAR})(?!\d))
    |(?P<month>(?P<mon5>January|February|March|April|May|June|July|August|September|October|November|December)\b)
    |(?P<year>(?P<y6>{_YEAR})\b(?![,.]?\d))
    |(?P<duration>(?:(?i:within)\s+|(?i:for|over|in)\s+(?:the\s+(?i:past|last)\s+
        |(?=(?i:more\s+than|over|nearly|almost|about|around)\s)))
        (?P<dq>(?i:more\s+than|over|nearly|almost|about|around)\s+)?
        (?P<dn>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1, 2})\s+
        (?P<du>days?|weeks?|months?)\b)
    |(?P<relweek>(?P<rel>earlier|later)\s+(?:this|that|in\s+the)\s+week\b
        |(?P<which>last|this|next|the\s+past|the\s+previous)\s+(?P<unit>week|month)\b
        |(?P<day>yesterday|today|tonight)\b)
    |(?P<weekday>(?:(?P<mod>last|this|next|past)\s+)?(?P<wd3>{_WD}){_PART}(?!,?\s+{_MON})))
    """,
    re.X,
)
_MONTH_ALONE_AFTER = re.compile(
    r"\b(?:in|during|since|until|till|through|throughout|by|of|from|before|after)\s+$", re.I
)
_YEAR_ALONE_AFTER = re.compile(
    r"\b(?:in|since|after|before|until|till|during|throughout)\s+$", re.I
)
_CONNECTOR = re.compile(
    r"\b(?P<word>between|from|since|until|till|through|by|before|after|as\s+of|on|in|during)\s+$",
    re.I,
)
_LINK = re.compile(r"^\s*(?:and|to|until|till|through|-|–|—)\s*$")
_UNTIL_LATER = re.compile(r"\b(?:until|till|through|to)\s+$", re.I)
_MERGE_GAP = 120


@dataclass(frozen=True)
class DateMention:
    """A date phrase: ``text[start:end]`` resolved to an event range.

    ``event_start`` / ``event_end`` are ``None`` for an open end.
    """

    start: int
    end: int
    text: str
    event_start: dt.date | None
    event_end: dt.date | None
    precision: str
    anchor: str

    def to_dict(self) -> dict[str, object]:
        """Return the JSON-ready item (ISO dates)."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "event_start": self.event_start.isoformat() if self.event_start else None,
            "event_end": self.event_end.isoformat() if self.event_end else None,
            "precision": self.precision,
            "anchor": self.anchor,
        }


@dataclass
class _Context:
    """What earlier phrases tell later ones: the narrative day and the year reference."""

    published: dt.date | None
    today: dt.date
    narrative: dt.date | None = None
    narrative_paragraph: int = -1
    dated: dt.date | None = None
    dated_paragraph: int = -1

    def reference(self, paragraph: int) -> tuple[dt.date, str]:
        """Return the date a year-less phrase is placed near, and how it was chosen."""
        if self.dated is not None and self.dated_paragraph == paragraph:
            return self.dated, f"year from {self.dated.isoformat()} in the text"
        if self.published is not None:
            return self.published, f"published {self.published.isoformat()}"
        return self.today, f"today {self.today.isoformat()} (no publication date)"

    def publication(self) -> tuple[dt.date, str]:
        """Return the date relative phrases ("last Monday") are counted from."""
        if self.published is not None:
            return self.published, f"published {self.published.isoformat()}"
        if self.dated is not None:
            return self.dated, f"latest date in the text {self.dated.isoformat()}"
        return self.today, f"today {self.today.isoformat()} (no publication date)"


def find_dates(
    text: str, published: dt.date | None = None, today: dt.date | None = None
) -> list[DateMention]:
    """Every date phrase in ``text``, resolved, in text order.

    Parameters
    ----------
    text : the text.
    published : the document's publication date, if known.
    today : the fallback reference when no year and no publication date are known
        (default: the current date).
    """
    context = _Context(published, today or dt.date.today())
    paragraphs = _paragraph_starts(text)
    found: list[DateMention] = []
    for match in _ATOMS.finditer(text):
        paragraph = _paragraph_of(paragraphs, match.start())
        mention = _resolve(text, match, context, paragraph)
        if mention is not None:
            found.append(_connected(text, mention))
    return _merge_ranges(text, found)


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n", text)]


def _paragraph_of(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset) - 1


def _resolve(text: str, match: re.Match, context: _Context, paragraph: int) -> DateMention | None:
    kind = match.lastgroup
    handler = _HANDLERS[kind]
    try:
        resolved = handler(match, context, paragraph)
    except ValueError:  # "February 30": not a date
        return None
    if resolved is None:
        return None
    first, last, precision, anchor = resolved
    return DateMention(match.start(), match.end(), match.group(), first, last, precision, anchor)


def _year_near(month: int, day: int, reference: dt.date, ahead: int = 62) -> int:
    """Return the year putting month/day nearest ``reference``, at most ``ahead`` days after."""
    best = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidate = dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
        except ValueError:
            continue
        distance = (candidate - reference).days
        if distance > ahead:
            continue
        if best is None or abs(distance) < abs(best[0]):
            best = (distance, year)
    return best[1] if best else reference.year


def _day_date(match: re.Match, context: _Context, paragraph: int, names: tuple) -> tuple:
    mon, d1, d2, year = (match.group(n) for n in names)
    month = MONTHS[mon.rstrip(".")]
    first_day, last_day = int(d1.rstrip("stndrh")), int((d2 or d1).rstrip("stndrh"))
    if last_day < first_day:
        raise ValueError("range ends before it starts")
    if year:
        chosen, anchor = int(year), "stated"
    else:
        reference, anchor = context.reference(paragraph)
        chosen = _year_near(month, first_day, reference, _ahead(anchor))
    first, last = dt.date(chosen, month, first_day), dt.date(chosen, month, last_day)
    context.narrative, context.narrative_paragraph = last, paragraph
    if year:
        context.dated, context.dated_paragraph = last, paragraph
    return first, last, "day" if first == last else "range", anchor


def _daydate(match: re.Match, context: _Context, paragraph: int) -> tuple:
    return _day_date(match, context, paragraph, ("mon1", "d1", "d2", "y1"))


def _dayfirst(match: re.Match, context: _Context, paragraph: int) -> tuple:
    return _day_date(match, context, paragraph, ("mon2", "d3", "d4", "y2"))


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_year(month: int, year: str | None, context: _Context, paragraph: int) -> tuple:
    if year:
        return int(year), "stated"
    reference, anchor = context.reference(paragraph)
    return _year_near(month, 15, reference, _ahead(anchor)), anchor


def _ahead(anchor: str) -> int:
    """How far after its reference a year-less date may lie: none after today's date."""
    return 0 if anchor.startswith("today") else 62


def _period(match: re.Match, context: _Context, paragraph: int) -> tuple:
    part = " ".join(match.group("part").split())
    if match.group("y4"):
        year = int(match.group("y4"))
        quarters = {"early": (1, 3), "mid": (4, 9), "late": (10, 12)}
        first_month, last_month = quarters.get(part, (10, 12) if "end" in part else (1, 3))
        first, _ = _month_bounds(year, first_month)
        _, last = _month_bounds(year, last_month)
        return first, last, "range", "stated"
    month = MONTHS[match.group("mon3").rstrip(".")]
    year, anchor = _month_year(month, match.group("y3"), context, paragraph)
    first, last = _month_bounds(year, month)
    nth = match.group("nth")
    if nth:
        if nth == "last":
            return last - dt.timedelta(days=6), last, "week", anchor
        start = first + dt.timedelta(days=7 * ("first second third fourth".split().index(nth)))
        return start, start + dt.timedelta(days=6), "week", anchor
    if part == "early" or "beginning" in part or "start" in part:
        return first, first.replace(day=10), "range", anchor
    if part == "mid":
        return first.replace(day=11), first.replace(day=20), "range", anchor
    return first.replace(day=21), last, "range", anchor  # late, the end of


def _monthyear(match: re.Match, context: _Context, paragraph: int) -> tuple:
    month = MONTHS[match.group("mon4").rstrip(".")]
    first, last = _month_bounds(int(match.group("y5")), month)
    return first, last, "month", "stated"


def _month(match: re.Match, context: _Context, paragraph: int) -> tuple | None:
    if not _MONTH_ALONE_AFTER.search(match.string, max(0, match.start() - 12), match.start()):
        return None  # "May" alone is a verb; a month alone needs "in", "since"...
    month = MONTHS[match.group("mon5")]
    year, anchor = _month_year(month, None, context, paragraph)
    first, last = _month_bounds(year, month)
    return first, last, "month", anchor


def _year(match: re.Match, context: _Context, paragraph: int) -> tuple | None:
    if not _YEAR_ALONE_AFTER.search(match.string, max(0, match.start() - 12), match.start()):
        return None  # a number such as "2000 fighters", not a year
    year = int(match.group("y6"))
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "range", "stated"


def _relweek(match: re.Match, context: _Context, paragraph: int) -> tuple:
    base, anchor = context.publication()
    if match.group("day"):
        shift = -1 if match.group("day") == "yesterday" else 0
        day = base + dt.timedelta(days=shift)
        return day, day, "day", anchor
    monday = base - dt.timedelta(days=base.weekday())
    if match.group("rel") == "earlier":
        return monday, max(monday, base - dt.timedelta(days=1)), "week", anchor
    if match.group("rel") == "later":
        return base, monday + dt.timedelta(days=6), "week", anchor
    which = " ".join(match.group("which").split())
    if match.group("unit") == "month":
        year, month = base.year, base.month
        if which in ("last", "the past", "the previous"):
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        elif which == "next":
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        first, last = _month_bounds(year, month)
        return first, last, "month", anchor
    if which == "the past":
        return base - dt.timedelta(days=7), base, "week", anchor
    offset = {"last": -7, "the previous": -7, "this": 0, "next": 7}[which]
    start = monday + dt.timedelta(days=offset)
    return start, start + dt.timedelta(days=6), "week", anchor


_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNTS.update(seven=7, eight=8, nine=9, ten=10)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}


def _duration(match: re.Match, context: _Context, paragraph: int) -> tuple:
    """Resolve "for more than a week": that long up to publication (a day more for "more")."""
    base, anchor = context.publication()
    count = match.group("dn").lower()
    number = _COUNTS.get(count) or int(count)
    days = number * _UNIT_DAYS[match.group("du").lower().rstrip("s")]
    qualifier = " ".join((match.group("dq") or "").lower().split())
    if qualifier in ("more than", "over"):
        days += 1
    return base - dt.timedelta(days=days), base, "range", anchor


def _weekday(match: re.Match, context: _Context, paragraph: int) -> tuple | None:
    weekday = WEEKDAYS[match.group("wd3")]
    modifier = match.group("mod")
    if modifier in ("last", "next", "past"):
        base, anchor = context.publication()
        if modifier == "next":
            day = base + dt.timedelta(days=(weekday - base.weekday() - 1) % 7 + 1)
        else:
            day = base - dt.timedelta(days=(base.weekday() - weekday - 1) % 7 + 1)
    elif context.narrative is not None and context.narrative_paragraph == paragraph:
        base, anchor = context.narrative, f"narrative {context.narrative.isoformat()}"
        day = base + dt.timedelta(days=(weekday - base.weekday()) % 7)
    elif context.published is not None:
        base, anchor = context.published, f"published {context.published.isoformat()}"
        day = base - dt.timedelta(days=(base.weekday() - weekday) % 7)
    elif context.narrative is not None:
        base, anchor = context.narrative, f"narrative {context.narrative.isoformat()}"
        day = base + dt.timedelta(days=(weekday - base.weekday()) % 7)
    else:
        base, anchor = context.today, f"today {context.today.isoformat()} (no publication date)"
        day = base - dt.timedelta(days=(base.weekday() - weekday) % 7)
    context.narrative, context.narrative_paragraph = day, paragraph
    return day, day, "day", anchor


_HANDLERS = {
    "daydate": _daydate,
    "dayfirst": _dayfirst,
    "period": _period,
    "monthyear": _monthyear,
    "month": _month,
    "year": _year,
    "duration": _duration,
    "relweek": _relweek,
    "weekday": _weekday,
}


def _connected(text: str, mention: DateMention) -> DateMention:
    """Apply the connector before a phrase ("since", "until", "by", "before", "after")."""
    before = _CONNECTOR.search(text, max(0, mention.start - 12), mention.start)
    if before is None:
        return mention
    word = " ".join(before.group("word").lower().split())
    first, last = mention.event_start, mention.event_end
    if word == "since":
        last = None
    elif word in ("until", "till", "through", "by"):
        first = None
    elif word == "before":
        first, last = None, first - dt.timedelta(days=1) if first else None
    elif word == "after":
        first, last = (last + dt.timedelta(days=1) if last else None), None
    else:
        return replace(mention, start=before.start(), text=text[before.start() : mention.end])
    precision = mention.precision if first is not None and last is not None else "range"
    return DateMention(
        before.start(),
        mention.end,
        text[before.start() : mention.end],
        first,
        last,
        precision,
        mention.anchor,
    )


def _merge_ranges(text: str, found: list[DateMention]) -> list[DateMention]:
    """Join "between A and B", "from A to B", "A - B" and "A ... until B" into one range."""
    merged: list[DateMention] = []
    for mention in found:
        previous = merged[-1] if merged else None
        if previous is not None and _joins(text, previous, mention):
            first = previous.event_start or previous.event_end
            last = mention.event_end or mention.event_start
            if first is not None and last is not None and first <= last:
                anchor = previous.anchor if previous.anchor != "stated" else mention.anchor
                merged[-1] = DateMention(
                    previous.start,
                    mention.end,
                    text[previous.start : mention.end],
                    first,
                    last,
                    "range",
                    anchor,
                )
                continue
        merged.append(mention)
    return merged


def _joins(text: str, previous: DateMention, mention: DateMention) -> bool:
    gap = text[previous.end : mention.start]
    if previous.text.lower().startswith(("between", "from")) and _LINK.match(gap):
        return True
    if previous.event_start is None or previous.event_end is None:
        return False
    if previous.event_start != previous.event_end and previous.precision != "day":
        return False
    opened = mention.event_start is None and mention.event_end is not None
    if opened and mention.text.lower().startswith(("until", "till", "through")):
        return len(gap) <= _MERGE_GAP and not re.search(r"[.!?;\n]", gap)
    return bool(re.fullmatch(r"\s*(?:-|–|—|to)\s*", gap))

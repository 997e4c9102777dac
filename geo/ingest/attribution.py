"""Who says it, and through whom: claimants and relaying outlets from reporting patterns.

Patterns, within one sentence:

- "X told The Media Line", "X, speaking to The Media Line, said", "X confirmed
  to The Amargi", "X later recalled to ... The Media Line": claimant X, outlet;
- "according to Iran International", "a report by Fox News", "cited by
  Western media", "information obtained by The Media Line": the source named
  (an outlet when it is one of the outlets in ``data/actors.yaml``);
- "X said / added / stated / noted / claimed / confirmed / reported ...",
  with X a name ("Ali D.", "Abu Hussein al-Hamidawi"), a described source ("one
  source", "his mother", "Iraqi official Ali D") or a pronoun; "he said" takes
  the last named claimant before it (within a few sentences; a described
  one such as "his mother" only from just before), and says so.

Names of people found here are also returned as ``name_spans``, so that the
place finder does not read "Mehdi Reza" as a place called Reza.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.ingest.tokens import sentences

_VERBS = (
    r"told|tells|said|says|added|adds|stated|states|noted|claimed|claims|confirmed|confirms|"
    r"reported|reports|declared|continued|argued|warned|recalled|explained|stressed|insisted|"
    r"alleged|estimated|wrote|posted|indicated|suggested|believes|believed"
)
_NAME_WORD = r"(?:[A-Z][\w’'.-]*|(?:al|el)-[\w’'-]+|(?:bin|ibn|abu|de|van|von)\b)"
_NAME = rf"[A-Z][\w’'.-]*(?:\s+{_NAME_WORD}){{0,4}}"
_DESCRIBED = (
    r"\b(?:[Tt]he|[Aa]nother|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]everal|[Hh]is|[Hh]er|[Tt]heir|[Aa]n?)"
    r"\s+(?:[\w-]+\s+){0,3}?(?:sources?|officials?|reports?|observers|analysts|experts|"
    r"witness(?:es)?|eyewitness(?:es)?|employee|commander|figure|spokes(?:man|woman|person)|"
    r"mother|father|brother|sister|wife|activists?|residents?|journalist|researcher|"
    r"minister|ministry|army|police|statement|monitor|group)"
)
_SAYS = re.compile(
    rf"(?<![\w’'-])(?P<claimant>{_DESCRIBED}|{_NAME}|[Hh]e|[Ss]he|[Tt]hey)"
    rf"(?P<apposition>,\s[^,.;“”\"\n]{{3,160}},)?\s+(?:also\s+|later\s+|previously\s+)?"
    rf"(?P<verb>{_VERBS})\b"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_SOURCE_CUE = re.compile(
    r"(?P<cue>[Aa]ccording\s+to|[Aa]\s+report\s+by|[Rr]eported\s+by|[Cc]ited\s+by|"
    r"[Oo]btained\s+by|[Qq]uoted\s+by|[Ss]peaking\s+to|[Tt]old|[Cc]onfirmed\s+to|[Rr]ecalled\s+to|"
    r"[Ii]n\s+an\s+interview\s+with)\s+(?P<source>[^,.;:“”\"\n]{2,90})"
)
_PRONOUNS = frozenset({"he", "she", "they"})
#: Capitalised words that start a sentence without being a name.
_NOT_NAMES = frozenset(
    """The A An This That These Those It There However While But And Meanwhile Earlier Later
    Some Many Most Several Other Another One Two Three According In On At By For From With
    Despite Since After Before During Unlike Similarly Crucially Instead Even If As When No
    Not Whether Whoever What Who Why How Where Both Each Every All Such Neither Nor So Yet
    Data Reports Observers Analysts Experts Officials Sources""".split()
)
_PRONOUN_REACH = 600
#: How far back a described claimant ("his mother") is taken up by a pronoun.
_DESCRIBED_REACH = 250


@dataclass(frozen=True)
class Attribution:
    """A reporting pattern: ``text[start:end]``, who says it and through which outlet."""

    start: int
    end: int
    text: str
    claimant: str | None
    outlet: str | None
    cue: str
    resolved_from: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Return the JSON-ready item."""
        item = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "claimant": self.claimant,
            "outlet": self.outlet,
            "cue": self.cue,
        }
        if self.resolved_from:
            item["resolved_from"] = self.resolved_from
        return item


def find_attributions(
    text: str, outlets: list[tuple[int, int, str]] = ()
) -> tuple[list[Attribution], list[tuple[int, int]]]:
    """Every reporting pattern in ``text``, and the spans of people's names found.

    Parameters
    ----------
    text : the text.
    outlets : (start, end, outlet name) of the outlets found in it (``ActorFinder``).

    Returns
    -------
    (attributions in text order, name spans)
    """
    import bisect

    spans = sentences(text)
    starts = [start for start, _end in spans]

    def sentence_end(offset: int) -> int:
        index = bisect.bisect_right(starts, offset) - 1
        return spans[index][1] if index >= 0 else 0

    candidates = []
    for match in _SOURCE_CUE.finditer(text):
        if match.end() <= sentence_end(match.start()):
            candidates.append((match.start(), 0, match))
    for start, end in spans:
        if _VERB.search(text, start, end) is None:
            continue  # most sentences report no speech: skip the costly pattern
        for match in _SAYS.finditer(text, start, end):
            candidates.append((match.start(), 1, match))
    found: list[Attribution] = []
    names: list[tuple[int, int]] = []
    last_named: tuple[int, str] | None = None
    for _start, kind, match in sorted(candidates, key=lambda c: c[:2]):
        if kind == 0:
            result = _source(match, outlets)
        else:
            result = _says(match, outlets, last_named, sentence_end(match.start()))
        if result is None:
            continue
        item, name_span = result
        found.append(item)
        if name_span is not None:
            names.append(name_span)
            last_named = (item.start, item.claimant or "")
        elif kind == 1 and item.claimant and not item.resolved_from and not _pronoun(item):
            # a described claimant ("his mother") is taken up by a pronoun close after it only
            last_named = (item.start + _PRONOUN_REACH - _DESCRIBED_REACH, item.claimant)
    return found, names


_FEMALE = re.compile(r"\b(?:mother|sister|wife|daughter|woman|spokeswoman|she)\b", re.I)
_MALE = re.compile(r"\b(?:father|brother|husband|son|man|spokesman|he)\b", re.I)


def _may_refer(pronoun: str, claimant: str) -> bool:
    """Whether "he" or "she" may stand for the claimant ("he" is not "his mother")."""
    head = claimant.split(",")[0]
    if pronoun == "he":
        return _FEMALE.search(head) is None
    if pronoun == "she":
        return _MALE.search(head) is None
    return True


def _pronoun(item: Attribution) -> bool:
    return (item.claimant or "").split(",")[0].strip().lower() in _PRONOUNS


def _source(match: re.Match, outlets) -> tuple[Attribution, None] | None:
    """Return an "according to X" / "told X" pattern."""
    outlet = _outlet_in(outlets, match.start("source"), match.end("source"))
    source = _trim_source(match.group("source"))
    cue = " ".join(match.group("cue").lower().split())
    claimant = None if outlet and _same(outlet, source) else source
    if cue in ("told", "speaking to", "confirmed to", "recalled to", "in an interview with"):
        claimant = None  # the one told is the outlet; the claimant stands before the cue
    if outlet is None and claimant is None:
        return None
    return Attribution(match.start(), match.end(), match.group(), claimant, outlet, cue), None


def _says(match: re.Match, outlets, last_named, sentence_end: int):
    """Return an "X said" pattern; a pronoun takes the last named claimant before it."""
    claimant = match.group("claimant")
    first_word = claimant.split()[0]
    if first_word in _NOT_NAMES and not re.match(_DESCRIBED, claimant):
        return None
    verb = match.group("verb").lower()
    outlet = _outlet_in(outlets, match.end(), min(sentence_end, match.end() + 60))
    if _outlet_in(outlets, match.start("claimant"), match.end("claimant")):
        outlet, claimant = _outlet_in(outlets, match.start("claimant"), match.end("claimant")), None
    resolved_from = None
    name_span = None
    if claimant and claimant.lower() in _PRONOUNS:
        near = last_named is not None and match.start() - last_named[0] <= _PRONOUN_REACH
        if near and _may_refer(claimant.lower(), last_named[1]):
            resolved_from, claimant = claimant, last_named[1]
    elif claimant and not re.match(_DESCRIBED, claimant):
        name_span = (match.start("claimant"), match.end("claimant"))
    if claimant and match.group("apposition"):
        claimant = f"{claimant}{match.group('apposition').rstrip(',')}"
    item = Attribution(
        match.start(), match.end(), match.group(), claimant, outlet, verb, resolved_from
    )
    return item, name_span


def _outlet_in(outlets, start: int, end: int) -> str | None:
    for outlet_start, outlet_end, name in outlets:
        if start <= outlet_start and outlet_end <= end:
            return name
    return None


def _trim_source(source: str) -> str:
    source = " ".join(source.split())
    for stop in (" that ", " who ", " which ", " from "):
        if stop in source:
            source = source.split(stop, 1)[0]
    return source.strip()


def _same(outlet: str, source: str) -> bool:
    return outlet.lower().removeprefix("the ") in source.lower()

"""Provenance analysis: groups, independent origins, conflicts and grades.

- Records that report the same underlying claim share a curated ``group``.
- A record's *roots* are found by following its ``origin`` through the
  sources' ``cites`` to sources that cite nobody (the first reporters). An
  outlet that only repeats another's interview adds no root; a group's
  independent count is the number of distinct roots of its records.
- Within a group, a quantity (same ``what``) reported differently, or the event
  dated differently, is a conflict that lists every reported value.
- Grades (Admiralty style, e.g. ``"B3"``) come from groups.yaml; a group not
  graded there is ``"F6"``, "not assessed".

The analysis is computed once over all claims (``analyse``) and carried by the
Dataset; the dashboard and exports read it, never recompute it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from geo.dates import span_text
from geo.models import Claim, Group, Quantity, Source

#: Grade of a group that groups.yaml does not grade.
DEFAULT_GRADE = ("F6", "not assessed")


@dataclass(frozen=True)
class Entry:
    """One reported value in a conflict: what one record says, and who says it."""

    claim_id: str
    source_id: str
    outlet: str
    origin: str
    text: str


@dataclass(frozen=True)
class Conflict:
    """The same quantity or event reported differently within one group.

    ``kind`` is ``"quantity"`` or ``"date"``; ``what`` is the quantity key (or
    ``"event_date"``); ``overlap`` says whether every reported value or range
    shares at least one point; ``summary`` is one neutral line.
    """

    kind: str
    group: str
    what: str
    entries: tuple[Entry, ...]
    overlap: bool
    summary: str


@dataclass(frozen=True)
class GroupAnalysis:
    """One group: its records, their independent origins, conflicts and grade."""

    id: str
    title: str
    claim_ids: tuple[str, ...]
    origins: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    grade: str
    grading_note: str

    @property
    def independent_count(self) -> int:
        """How many independent first reporters carry the group."""
        return len(self.origins)


@dataclass(frozen=True)
class Analysis:
    """The provenance analysis of a whole data set, with lookups by claim id."""

    groups: Mapping[str, GroupAnalysis]
    claim_group: Mapping[str, str]
    claim_conflicts: Mapping[str, tuple[Conflict, ...]]

    def group(self, claim_id: str) -> GroupAnalysis:
        """Return the analysis of the group a claim belongs to."""
        return self.groups[self.claim_group[claim_id]]

    def independent_count(self, claim_id: str) -> int:
        """Return the independent-source count of the claim's group."""
        return self.group(claim_id).independent_count

    def conflicts_for(self, claim_id: str) -> tuple[Conflict, ...]:
        """Return the conflicts that list this claim among their entries."""
        self.group(claim_id)  # KeyError for an unknown claim
        return self.claim_conflicts.get(claim_id, ())

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        """Every conflict, group by group in file order."""
        return tuple(c for g in self.groups.values() for c in g.conflicts)


def _cited(source_id: str, sources: Mapping[str, Source]) -> set[str]:
    """Every known source reachable from ``source_id`` through ``cites`` (itself included)."""
    seen: set[str] = set()
    stack = [source_id]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        source = sources.get(current)
        if source is not None:
            stack.extend(c for c in source.cites if c in sources)
    return seen


def roots(source_id: str, sources: Mapping[str, Source]) -> frozenset[str]:
    """Find the first reporters behind ``source_id``: follow ``cites`` to sources citing nobody.

    Unknown ids (reported by geo.validate) end the walk where they are met. Sources
    that cite each other in a cycle with no way out (also reported by geo.validate)
    count as one first reporter, named by the cycle's smallest id, whichever of
    them the walk starts from.
    """
    reach = {node: _cited(node, sources) for node in _cited(source_id, sources)}
    # A root is a source whose every cited source cites it back (a cycle), or none.
    return frozenset(
        min(below) for node, below in reach.items() if all(node in reach[m] for m in below)
    )


#: Longest document title shown where an outlet is expected (when a document names none).
TITLE_WORDS = 5


def outlet_name(source: Source | None, fallback: str) -> str:
    """Return the outlet a source is published by.

    A document that names no outlet is shown as such, with the start of its title
    to tell it apart (``unnamed outlet ("Khamenei brings foreign militias as…")``);
    any other source without an outlet by its name.
    """
    if source is None:
        return fallback
    if source.outlet:
        return source.outlet
    if source.kind != "document":
        return source.name
    words = (source.title or source.name).split()
    short = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    return f'unnamed outlet ("{short}")'


def _entry(claim: Claim, sources: Mapping[str, Source], text: str) -> Entry:
    outlet = outlet_name(sources.get(claim.source_id), claim.source_id)
    return Entry(claim.id, claim.source_id, outlet, claim.origin, text)


def quantity_interval(q: Quantity) -> tuple[float, float, bool, bool]:
    """Return the values the words allow: (low, high, low_open, high_open).

    "more than 60" is (60, inf); "nearly 60" is (-inf, 60); "up to 60" is
    (-inf, 60]; "at least 60" is [60, inf); exact and "about" are the point.
    """
    if q.qualifier == "range":
        return (float(q.min), float(q.max), False, False)  # type: ignore[arg-type]
    v = float(q.value)  # type: ignore[arg-type]
    return {
        "more_than": (v, math.inf, True, True),
        "at_least": (v, math.inf, False, True),
        "nearly": (-math.inf, v, True, True),
        "up_to": (-math.inf, v, True, False),
    }.get(q.qualifier, (v, v, False, False))


def common_point(intervals: Iterable[tuple[float, float, bool, bool]]) -> bool:
    """Whether every interval shares at least one value."""
    low, high, low_open, high_open = -math.inf, math.inf, True, True
    for lo, hi, lo_open, hi_open in intervals:
        if lo > low or (lo == low and lo_open):
            low, low_open = lo, lo_open
        if hi < high or (hi == high and hi_open):
            high, high_open = hi, hi_open
    return low < high or (low == high and not low_open and not high_open)


def _attribution(entry: Entry, sources: Mapping[str, Source]) -> str:
    """Name who reports a value: ``Noon Post`` or ``Noon Post, citing Iran International``."""
    origin = outlet_name(sources.get(entry.origin), entry.origin)
    return entry.outlet if origin == entry.outlet else f"{entry.outlet}, citing {origin}"


def _summary(
    what: str, entries: list[Entry], overlap: bool, sources: Mapping[str, Source], noun: str
) -> str:
    """One neutral line: every distinct value with who reports it, and whether they overlap."""
    values = "; ".join(dict.fromkeys(f"{e.text} ({_attribution(e, sources)})" for e in entries))
    tail = "overlap" if overlap else "do not all overlap"
    return f"{what} reported differently: {values}; the reported {noun} {tail}"


def quantity_conflicts(
    group: str, claims: list[Claim], sources: Mapping[str, Source]
) -> list[Conflict]:
    """One conflict per ``what`` reported with more than one qualifier/value in the group."""
    by_what: dict[str, list[tuple[Claim, Quantity]]] = {}
    for claim in claims:
        for q in claim.quantities:
            by_what.setdefault(q.what, []).append((claim, q))
    conflicts = []
    for what, items in by_what.items():
        if len({(q.qualifier, q.value, q.min, q.max) for _, q in items}) < 2:
            continue
        entries = [_entry(c, sources, q.text) for c, q in items]
        overlap = common_point(quantity_interval(q) for _, q in items)
        summary = _summary(what, entries, overlap, sources, "values")
        conflicts.append(Conflict("quantity", group, what, tuple(entries), overlap, summary))
    return conflicts


def date_conflict(
    group: str, claims: list[Claim], sources: Mapping[str, Source]
) -> Conflict | None:
    """Return a conflict when the group's dated records give different event dates."""
    dated = [c for c in claims if c.event_start is not None and c.event_end is not None]
    if len({(c.event_start, c.event_end) for c in dated}) < 2:
        return None
    entries = [_entry(c, sources, span_text(c.event_start, c.event_end)) for c in dated]  # type: ignore[arg-type]
    overlap = max(c.event_start for c in dated) <= min(c.event_end for c in dated)  # type: ignore[type-var]
    summary = _summary("event date", entries, overlap, sources, "dates")
    return Conflict("date", group, "event_date", tuple(entries), overlap, summary)


def analyse(
    claims: Iterable[Claim], sources: Mapping[str, Source], groups: Mapping[str, Group]
) -> Analysis:
    """Group the claims, count independent roots, find conflicts and attach grades."""
    members: dict[str, list[Claim]] = {gid: [] for gid in groups}
    for claim in claims:
        members.setdefault(claim.group, []).append(claim)
    roots_of = {o: roots(o, sources) for o in {c.origin for g in members.values() for c in g}}
    result: dict[str, GroupAnalysis] = {}
    for gid, group_claims in members.items():
        origins = sorted(set().union(*(roots_of[c.origin] for c in group_claims)))
        conflicts = quantity_conflicts(gid, group_claims, sources)
        dated = date_conflict(gid, group_claims, sources)
        conflicts += [dated] if dated else []
        group = groups.get(gid)
        grade, note = (group.grade, group.grading_note) if group else DEFAULT_GRADE
        title = group.title if group else gid
        ids = tuple(c.id for c in group_claims)
        result[gid] = GroupAnalysis(gid, title, ids, tuple(origins), tuple(conflicts), grade, note)
    claim_group = {cid: gid for gid, g in result.items() for cid in g.claim_ids}
    claim_conflicts: dict[str, tuple[Conflict, ...]] = {}
    for group_analysis in result.values():
        for conflict in group_analysis.conflicts:
            for cid in dict.fromkeys(e.claim_id for e in conflict.entries):
                claim_conflicts[cid] = (*claim_conflicts.get(cid, ()), conflict)
    return Analysis(result, claim_group, claim_conflicts)

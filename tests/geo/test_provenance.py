"""Provenance analysis: roots through citations, independent counts, conflicts, grades.

Pinned first on the small fixture, then on the curated data/ files.
"""

from __future__ import annotations

import math

import pytest

from geo.dataset import Dataset, load_dataset
from geo.models import Claim, Group, Quantity, Source
from geo.provenance import (
    DEFAULT_GRADE,
    analyse,
    common_point,
    quantity_interval,
    roots,
)
from tests.geo.test_dataset import VALID


@pytest.fixture(scope="module")
def fixture() -> Dataset:
    return load_dataset(VALID)


@pytest.fixture(scope="module")
def real() -> Dataset:
    return load_dataset()


def source(id: str, *cites: str) -> Source:
    return Source(id=id, kind="outlet", name=id.upper(), cites=cites)


SOURCES = {
    s.id: s
    for s in (
        source("tml"),
        source("relay", "tml"),
        source("relay-of-relay", "relay"),
        source("mixed", "tml", "wire"),
        source("wire"),
        source("loop-a", "loop-b"),
        source("loop-b", "loop-a"),
        source("dangling", "nowhere"),
        source("into-loop", "loop-b"),
        source("loop-exit-a", "loop-exit-b"),
        source("loop-exit-b", "loop-exit-a", "wire"),
    )
}


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("tml", {"tml"}),
        ("relay", {"tml"}),
        ("relay-of-relay", {"tml"}),
        ("mixed", {"tml", "wire"}),
        ("dangling", {"dangling"}),
        ("unknown", {"unknown"}),
        ("loop-a", {"loop-a"}),
        ("loop-b", {"loop-a"}),
        ("into-loop", {"loop-a"}),
        ("loop-exit-a", {"wire"}),
    ],
)
def test_roots_follow_cites_to_first_reporters(start: str, expected: set[str]) -> None:
    assert roots(start, SOURCES) == expected


def claim(id: str, group: str, origin: str, **fields) -> Claim:
    base = dict(source_id="doc", claimant="c", type="crossing", statement="s", quote="q")
    return Claim(id=id, group=group, origin=origin, **{**base, **fields})


def qty(what: str, qualifier: str, value=None, lo=None, hi=None, text="t") -> Quantity:
    return Quantity(what=what, qualifier=qualifier, value=value, min=lo, max=hi, text=text)


def test_relays_add_no_independent_source() -> None:
    claims = [
        claim("a", "g", "tml"),
        claim("b", "g", "relay"),
        claim("c", "g", "relay-of-relay"),
        claim("d", "h", "tml"),
        claim("e", "h", "wire"),
    ]
    analysis = analyse(claims, SOURCES, {})
    assert analysis.independent_count("c") == 1
    assert analysis.group("a").origins == ("tml",)
    assert analysis.independent_count("e") == 2
    assert analysis.group("d").claim_ids == ("d", "e")


def test_a_citation_cycle_counts_as_one_origin() -> None:
    """Records whose origins cite each other in a loop are not independent of each other."""
    claims = [claim("a", "g", "loop-a"), claim("b", "g", "loop-b"), claim("c", "g", "into-loop")]
    analysis = analyse(claims, SOURCES, {})
    assert analysis.groups["g"].origins == ("loop-a",)
    assert analysis.independent_count("b") == 1


def test_default_grade_and_graded_group() -> None:
    groups = {"g": Group(id="g", title="G", reliability="B", credibility=2, grading_note="n")}
    analysis = analyse([claim("a", "g", "tml"), claim("b", "h", "tml")], SOURCES, groups)
    assert (analysis.group("a").grade, analysis.group("a").grading_note) == ("B2", "n")
    assert (analysis.group("b").grade, analysis.group("b").grading_note) == DEFAULT_GRADE
    assert DEFAULT_GRADE == ("F6", "not assessed")


def test_equal_values_are_no_conflict() -> None:
    claims = [
        claim("a", "g", "tml", quantities=[qty("buses", "more_than", 60, text="more than 60")]),
        claim("b", "g", "relay", quantities=[qty("buses", "more_than", 60, text="over 60")]),
    ]
    assert analyse(claims, SOURCES, {}).conflicts == ()


def test_quantity_conflict_lists_every_value() -> None:
    claims = [
        claim("a", "g", "tml", quantities=[qty("fighters", "about", 800, text="about 800")]),
        claim(
            "b", "g", "wire", quantities=[qty("fighters", "range", lo=800, hi=850, text="800-850")]
        ),
        claim("c", "g", "relay", quantities=[qty("fighters", "about", 800, text="roughly 800")]),
        claim("d", "g", "wire", quantities=[qty("buses", "exact", 3, text="3 buses")]),
    ]
    analysis = analyse(claims, SOURCES, {})
    (conflict,) = analysis.conflicts
    assert (conflict.kind, conflict.group, conflict.what, conflict.overlap) == (
        "quantity",
        "g",
        "fighters",
        True,
    )
    assert [(e.claim_id, e.text, e.origin) for e in conflict.entries] == [
        ("a", "about 800", "tml"),
        ("b", "800-850", "wire"),
        ("c", "roughly 800", "relay"),
    ]
    assert analysis.conflicts_for("c") == (conflict,)
    assert analysis.conflicts_for("d") == ()


def test_date_conflict_says_whether_ranges_overlap() -> None:
    day = dict(event_start="2026-01-07", event_end="2026-01-07")
    span = dict(event_start="2026-01-06", event_end="2026-01-08")
    later = dict(event_start="2026-01-10", event_end="2026-01-11")
    undated = claim("u", "g", "tml")
    overlapping = analyse(
        [claim("a", "g", "tml", **day), claim("b", "g", "wire", **span), undated], SOURCES, {}
    )
    (conflict,) = overlapping.conflicts
    assert (conflict.kind, conflict.what, conflict.overlap) == ("date", "event_date", True)
    assert [e.text for e in conflict.entries] == ["2026-01-07", "2026-01-06 to 2026-01-08"]
    assert conflict.summary.endswith("the reported dates overlap")
    apart = analyse([claim("a", "g", "tml", **day), claim("b", "g", "wire", **later)], SOURCES, {})
    assert apart.conflicts[0].overlap is False
    assert apart.conflicts[0].summary.endswith("the reported dates do not all overlap")


@pytest.mark.parametrize(
    ("quantity", "interval"),
    [
        (qty("x", "exact", 5), (5, 5, False, False)),
        (qty("x", "about", 5), (5, 5, False, False)),
        (qty("x", "more_than", 60), (60, math.inf, True, True)),
        (qty("x", "at_least", 15), (15, math.inf, False, True)),
        (qty("x", "nearly", 60), (-math.inf, 60, True, True)),
        (qty("x", "up_to", 12000), (-math.inf, 12000, True, False)),
        (qty("x", "range", lo=800, hi=850), (800, 850, False, False)),
    ],
)
def test_quantity_interval(quantity: Quantity, interval: tuple) -> None:
    assert quantity_interval(quantity) == interval


@pytest.mark.parametrize(
    ("qualities", "shared"),
    [
        ([("more_than", 60), ("nearly", 60)], False),
        ([("at_least", 60), ("up_to", 60)], True),
        ([("more_than", 60), ("up_to", 60)], False),
        ([("about", 850), ("range", None)], True),
        ([("about", 800), ("about", 850)], False),
        ([("exact", 2000), ("range", None)], False),
    ],
)
def test_common_point(qualities: list, shared: bool) -> None:
    items = [qty("x", q, lo=800, hi=850) if q == "range" else qty("x", q, v) for q, v in qualities]
    assert common_point(quantity_interval(q) for q in items) is shared


def test_fixture_analysis(fixture: Dataset) -> None:
    analysis = fixture.analysis
    assert {g: a.independent_count for g, a in analysis.groups.items()} == {
        "shalamcheh-buses": 1,
        "fighters-total": 2,
        "qaani-visit": 2,
    }
    assert [(c.kind, c.group, c.what) for c in analysis.conflicts] == [
        ("quantity", "shalamcheh-buses", "buses"),
        ("quantity", "fighters-total", "fighters"),
        ("date", "qaani-visit", "event_date"),
    ]
    buses = analysis.conflicts[0]
    assert buses.summary == (
        "buses reported differently: more than 60 buses (The Media Line); nearly 60 such "
        '50-seater buses (unnamed outlet ("Khamenei brings foreign militias as…")); the '
        "reported values do not all overlap"
    )
    assert analysis.conflicts[1].summary == (
        "fighters reported differently: roughly 800 Iraqi fighters (Noonpost, citing Iran "
        "International); 2,000 (The Amargi); the reported values do not all overlap"
    )
    assert analysis.group("tml-buses").grade == "C3"
    assert analysis.group("tml-qaani").grade == "F6"


# --- the curated data/ ---------------------------------------------------------------


def test_real_bus_count_has_one_independent_origin(real: Dataset) -> None:
    group = real.analysis.groups["shalamcheh-bus-count"]
    outlets = {real.outlet_of(real.claim(cid)) for cid in group.claim_ids}
    assert len(group.claim_ids) >= 3 and len(outlets) >= 3
    assert group.origins == ("ali-d",)
    assert group.independent_count == 1


def test_real_fighters_total_is_one_conflict_with_every_value(real: Dataset) -> None:
    group = real.analysis.groups["fighters-total"]
    conflicts = [c for c in group.conflicts if c.what == "fighters"]
    assert len(conflicts) == 1
    (conflict,) = conflicts
    reported = [
        (c.id, q.text)
        for c in real.claims
        if c.group == "fighters-total"
        for q in c.quantities
        if q.what == "fighters"
    ]
    assert [(e.claim_id, e.text) for e in conflict.entries] == reported
    values = {
        (q.qualifier, q.value, q.min, q.max)
        for c in real.claims
        if c.group == "fighters-total"
        for q in c.quantities
    }
    assert {("about", 800, None, None), ("about", 850, None, None)} <= values
    assert ("exact", 2000, None, None) in values and ("range", None, 800, 850) in values
    assert conflict.overlap is False
    for entry in conflict.entries:
        assert entry.source_id == real.claim(entry.claim_id).source_id
        assert entry.outlet == real.outlet_of(real.claim(entry.claim_id))
    assert group.independent_count >= 3


def test_real_qaani_visit_dates_conflict_and_overlap(real: Dataset) -> None:
    group = real.analysis.groups["qaani-iraq-visit"]
    (conflict,) = [c for c in group.conflicts if c.kind == "date"]
    texts = {e.text for e in conflict.entries}
    assert {"2026-01-07", "2026-01-06 to 2026-01-08"} <= texts
    assert conflict.overlap is True
    assert {e.outlet for e in conflict.entries} >= {"The Media Line"}
    assert group.independent_count == 2


def test_real_grades_come_from_groups_yaml(real: Dataset) -> None:
    for gid, group in real.groups.items():
        assert real.analysis.groups[gid].grade == group.grade
        assert real.analysis.groups[gid].grading_note == group.grading_note

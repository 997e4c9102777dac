"""Datasets built in code for layer and export tests.

`make_dataset` assembles a real `geo.dataset.Dataset` (``build_dataset``, with
the real provenance analysis) from models; `sample_dataset` is a small one exercising every layer
(crossing pairs, ground chains, flights, sites, areas, unmapped claims,
conflicts, relays); `synthetic_dataset(n)` makes ``n`` claims for benchmarks.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from types import MappingProxyType
from typing import Any

from geo.dataset import Dataset, build_dataset
from geo.models import Claim, Group, Place, Quantity, Source

D = dt.date


def place(id: str, name: str, kind: str, country: str, lat: float, lon: float, **kw: Any) -> Place:
    kw.setdefault("precision_m", {"province": 120_000, "country": 800_000}.get(kind, 5_000))
    kw.setdefault("coord_source", "test")
    return Place(id=id, name=name, kind=kind, country=country, lat=lat, lon=lon, **kw)


PLACES = [
    place(
        "shalamcheh-crossing",
        "Shalamcheh crossing",
        "border_crossing",
        "IR",
        30.49,
        48.02,
        admin1="IR-06",
        precision_m=4000,
        other_side="shalamcheh-post-iq",
    ),
    place(
        "shalamcheh-post-iq",
        "Shalamcheh post (Iraq)",
        "border_crossing",
        "IQ",
        30.49,
        48.0,
        admin1="IQ-BA",
        precision_m=4000,
        other_side="shalamcheh-crossing",
    ),
    place(
        "khosravi-crossing",
        "Khosravi crossing",
        "border_crossing",
        "IR",
        34.385,
        45.445,
        admin1="IR-05",
        precision_m=4000,
        other_side="mundhiriya-post",
    ),
    place(
        "mundhiriya-post",
        "Al-Mundhiriya post",
        "border_crossing",
        "IQ",
        34.37,
        45.43,
        admin1="IQ-DI",
        precision_m=4000,
        other_side="khosravi-crossing",
    ),
    place(
        "mehran-crossing",
        "Mehran crossing",
        "border_crossing",
        "IR",
        33.13,
        46.125,
        admin1="IR-16",
        precision_m=4000,
    ),
    place("basra", "Basra", "city", "IQ", 30.50852, 47.7804, admin1="IQ-BA", precision_m=10000),
    place("ahvaz", "Ahvaz", "city", "IR", 31.31901, 48.6842, admin1="IR-06", precision_m=10000),
    place("najaf", "Najaf", "city", "IQ", 32.02594, 44.34625, admin1="IQ-NA"),
    place("tehran", "Tehran", "city", "IR", 35.69439, 51.42151, admin1="IR-23", precision_m=20000),
    place("mashhad", "Mashhad", "city", "IR", 36.29807, 59.60567, admin1="IR-09"),
    place("kermanshah", "Kermanshah", "city", "IR", 34.31417, 47.065, admin1="IR-05"),
    place("ilam", "Ilam", "city", "IR", 33.6374, 46.4227, admin1="IR-16"),
    place("baghdad", "Baghdad", "city", "IQ", 33.34058, 44.40088, admin1="IQ-BG"),
    place(
        "najaf-airport",
        "Najaf International Airport",
        "airport",
        "IQ",
        31.98972,
        44.40417,
        admin1="IQ-NA",
        precision_m=1500,
        iata="NJF",
        serves="najaf",
    ),
    place(
        "tehran-ika-airport",
        "Imam Khomeini International Airport",
        "airport",
        "IR",
        35.4161,
        51.1522,
        admin1="IR-23",
        precision_m=1500,
        iata="IKA",
        serves="tehran",
    ),
    place(
        "mashhad-airport",
        "Mashhad International Airport",
        "airport",
        "IR",
        36.2352,
        59.641,
        admin1="IR-09",
        precision_m=1500,
        iata="MHD",
        serves="mashhad",
    ),
    place(
        "kermanshah-airport",
        "Kermanshah Airport",
        "airport",
        "IR",
        34.3459,
        47.1581,
        admin1="IR-05",
        precision_m=1500,
        iata="KSH",
        serves="kermanshah",
    ),
    place("diyala-province", "Diyala Province", "province", "IQ", 34.023, 45.105, admin1="IQ-DI"),
    place("maysan-province", "Maysan Province", "province", "IQ", 32.018, 47.07, admin1="IQ-MA"),
    place("ilam-province", "Ilam Province", "province", "IR", 33.155, 46.758, admin1="IR-16"),
    place("iran", "Iran", "country", "IR", 32.0, 53.0, precision_m=900_000),
    place(
        "ahvaz-assembly-base",
        "Military base in Ahvaz (exact spot unknown)",
        "site",
        "IR",
        31.31901,
        48.6842,
        admin1="IR-06",
        precision_m=15000,
    ),
]

SOURCES = [
    Source(
        id="tml-article",
        kind="document",
        name="TML article",
        outlet="The Media Line",
        url="https://themedialine.org/x",
        published=D(2026, 1, 12),
        published_end=D(2026, 2, 28),
    ),
    Source(
        id="amargi-article",
        kind="document",
        name="Amargi article",
        outlet="The Amargi",
        published=D(2026, 1, 13),
        published_end=D(2026, 2, 28),
    ),
    Source(
        id="noonpost-article",
        kind="document",
        name="Noonpost article",
        outlet="Noonpost",
        cites=("iran-international",),
        published=D(2026, 1, 8),
        published_end=D(2026, 2, 28),
    ),
    Source(id="khamenei-article", kind="document", name="Relay", cites=("tml-article",)),
    Source(id="iran-international", kind="outlet", name="Iran International"),
    Source(id="flightradar24", kind="dataset", name="Flightradar24"),
]

GROUPS = [
    Group(id="iyad", title="Mohammed Iyad's journey"),
    Group(id="shalamcheh-buses", title="Buses at Shalamcheh", reliability="C", credibility=3),
    Group(id="fighters-total", title="Number of fighters"),
    Group(id="najaf-flights", title="Najaf flights"),
    Group(id="assembly", title="Assembly at Ahvaz"),
]


def claim(id: str, **kw: Any) -> Claim:
    kw.setdefault("group", id)
    kw.setdefault("source_id", "tml-article")
    kw.setdefault("origin", kw["source_id"])
    kw.setdefault("claimant", "someone, as reported")
    kw.setdefault("type", "statement")
    kw.setdefault("statement", f"Statement of {id}.")
    kw.setdefault("quote", f"Quote of {id}.")
    if "dates" in kw:
        start, end = kw.pop("dates")
        kw["event_start"], kw["event_end"] = start, end
        kw.setdefault("date_precision", "day" if start == end else "range")
    return Claim(id=id, **kw)


def q(what: str, qualifier: str, value: float, text: str) -> Quantity:
    return Quantity(what=what, qualifier=qualifier, value=value, text=text)


CLAIMS = [
    claim(
        "iyad-route",
        group="iyad",
        type="transit",
        places=("basra", "shalamcheh-crossing"),
        mode="ground",
        dates=(D(2026, 1, 6), D(2026, 1, 6)),
    ),
    claim(
        "tml-buses",
        group="shalamcheh-buses",
        type="crossing",
        places=("shalamcheh-post-iq", "shalamcheh-crossing"),
        mode="ground",
        dates=(D(2026, 1, 4), D(2026, 1, 11)),
        quantities=(q("buses", "more_than", 60, "more than 60 buses"),),
        claimant="Ali D., an Iraqi Interior Ministry employee",
    ),
    claim(
        "khamenei-buses",
        group="shalamcheh-buses",
        type="crossing",
        source_id="khamenei-article",
        places=("shalamcheh-post-iq",),
        dates=(D(2026, 1, 4), D(2026, 1, 11)),
        quantities=(q("buses", "nearly", 60, "nearly 60 such 50-seater buses"),),
    ),
    claim(
        "chain-long",
        type="transit",
        places=("basra", "shalamcheh-post-iq", "ahvaz"),
        mode="ground",
        dates=(D(2026, 1, 5), D(2026, 1, 9)),
    ),
    claim(
        "khosravi-chain",
        group="fighters-total",
        type="crossing",
        source_id="amargi-article",
        places=("diyala-province", "khosravi-crossing", "kermanshah"),
        mode="ground",
        dates=(D(2026, 1, 4), D(2026, 1, 13)),
        quantities=(q("fighters", "exact", 2000, "2,000"),),
    ),
    claim(
        "mehran-ilam",
        type="transit",
        source_id="amargi-article",
        places=("mehran-crossing", "ilam"),
        mode="ground",
        dates=(D(2026, 1, 4), D(2026, 1, 13)),
    ),
    claim(
        "tml-najaf-flights",
        group="najaf-flights",
        type="flight_surge",
        places=("najaf-airport", "tehran-ika-airport"),
        mode="air",
        date_precision="day",
        event_start=D(2026, 1, 12),
        event_end=D(2026, 1, 12),
        quantities=(
            q("flights_najaf_tehran", "exact", 13, "13"),
            q("flights_najaf_tehran_baseline", "exact", 7, "only seven scheduled flights"),
        ),
    ),
    claim(
        "amargi-najaf-flights",
        group="najaf-flights",
        type="flight_surge",
        source_id="amargi-article",
        origin="flightradar24",
        places=("najaf", "tehran"),
        mode="air",
        dates=(D(2026, 1, 7), D(2026, 1, 8)),
        quantities=(q("flights_najaf_tehran", "at_least", 15, "at least 15 flights"),),
    ),
    claim(
        "najaf-mashhad",
        group="najaf-flights",
        type="flight_surge",
        source_id="amargi-article",
        origin="flightradar24",
        places=("najaf-airport", "mashhad-airport"),
        mode="air",
        dates=(D(2026, 1, 6), D(2026, 1, 8)),
    ),
    claim(
        "onward",
        type="onward_transfer",
        source_id="amargi-article",
        places=("kermanshah-airport", "tehran", "mashhad"),
        mode="air",
        dates=(D(2026, 1, 5), D(2026, 1, 6)),
    ),
    claim(
        "assembly",
        group="assembly",
        type="assembly",
        source_id="noonpost-article",
        origin="iran-international",
        places=("ahvaz-assembly-base",),
    ),
    claim(
        "eyewitness-ahvaz",
        type="eyewitness",
        places=("ahvaz",),
        dates=(D(2026, 1, 3), D(2026, 1, 12)),
        date_precision="week",
    ),
    claim(
        "qaani-baghdad",
        type="meeting",
        source_id="noonpost-article",
        places=("baghdad",),
        dates=(D(2026, 1, 6), D(2026, 1, 8)),
    ),
    claim(
        "three-provinces",
        group="fighters-total",
        type="crossing",
        source_id="noonpost-article",
        origin="iran-international",
        places=("diyala-province", "maysan-province", "iran"),
        quantities=(q("fighters", "about", 800, "roughly 800 Iraqi fighters"),),
    ),
    claim(
        "ilam-transit",
        type="transit",
        source_id="amargi-article",
        places=("ilam-province",),
        dates=(D(2026, 1, 4), D(2026, 1, 13)),
    ),
    claim(
        "various-parts",
        type="deployment",
        statement="Deployed in various parts of Iran.",
        dates=(D(2026, 1, 2), D(2026, 1, 12)),
    ),
    claim("undated-unmapped", type="statement", statement='=HYPERLINK("x") a statement'),
]


def make_dataset(
    places: Iterable[Place] = PLACES,
    sources: Iterable[Source] = SOURCES,
    claims: Iterable[Claim] = CLAIMS,
    groups: Iterable[Group] = GROUPS,
) -> Dataset:
    """A real Dataset (real analysis) from models, no files involved."""
    return build_dataset(MappingProxyType({p.id: p for p in places}), sources, claims, groups)


def sample_dataset() -> Dataset:
    return make_dataset()


def synthetic_dataset(n: int, seed: int = 1) -> Dataset:
    """``n`` claims over the sample places: a mix of routes, flights, points and unmapped."""
    rng = random.Random(seed)
    ground = [p.id for p in PLACES if p.kind in ("city", "border_crossing", "province")]
    air = [p.id for p in PLACES if p.kind in ("airport", "city")]
    points = [p.id for p in PLACES]
    sources = [s.id for s in SOURCES if s.kind == "document"]
    claims = []
    for i in range(n):
        roll = rng.random()
        kw: dict[str, Any] = {}
        if roll < 0.3:
            kw["places"] = tuple(rng.sample(ground, rng.randint(2, 4)))
            kw["mode"] = "ground"
        elif roll < 0.5:
            kw["places"] = tuple(rng.sample(air, 2))
            kw["mode"] = "air"
        elif roll < 0.95:
            kw["places"] = tuple(rng.sample(points, rng.randint(1, 3)))
        if rng.random() < 0.9:
            start = D(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 20))
            kw["dates"] = (start, start + dt.timedelta(days=rng.randint(0, 5)))
        if rng.random() < 0.3:
            kw["quantities"] = (q("fighters", "about", rng.randint(100, 3000), "about N"),)
        claims.append(
            claim(
                f"c{i}",
                group=f"g{i % 500}",
                source_id=rng.choice(sources),
                type=rng.choice(["crossing", "transit", "flight_surge", "meeting"]),
                **kw,
            )
        )
    groups = [Group(id=f"g{i}", title=f"Group {i}") for i in range(500)]
    return make_dataset(claims=claims, groups=groups)

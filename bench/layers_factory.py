"""Map layer collections built in code, following the feature schema exactly.

The schema (team brief, "Map layers"): every feature's ``properties`` hold
feature_id, layer, label, place_ids, place_names, precision_m, radius_m, mode,
event_start, event_end, claim_ids, types, primary_type, independent_sources,
conflict and claims (``geo.records.claim_properties`` dicts); crossings add
other_side, country, admin1, other_country, other_admin1.

``sample_collections()`` has one or two features per layer with dates chosen for
the filter's edge cases; ``synthetic_collections(n)`` makes ``n`` point features
(plus a few lines and areas) for the benchmarks (bench_export) and the browser tests.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from geo.models import CLAIM_TYPES
from layers.style import LAYER_ORDER

HOSTILE = {
    "statement": '<img src=x onerror="window.__pwned=1">',
    "quote": "</script><script>window.__pwned=1</script>",
    "claimant": '" onmouseover="window.__pwned=1',
    "outlet": '<b onclick="window.__pwned=1">Outlet</b> {{ 7*7 }} {% if 1 %}x{% endif %}',
    "url": "javascript:window.__pwned=1",
}


def claim(
    claim_id: str,
    type: str = "crossing",
    *,
    start: str | None = "2026-01-06",
    end: str | None = None,
    date_precision: str | None = None,
    statement: str | None = None,
    quote: str | None = None,
    claimant: str = "an Iraqi official, according to the article",
    outlet: str = "Test Outlet",
    url: str | None = "https://example.org/article",
    status: str = "unverified",
    place_ids: Sequence[str] = ("shalamcheh-crossing",),
    mode: str | None = None,
    quantities: Sequence[dict[str, Any]] = (),
    conflicts: Sequence[str] = (),
    independent_sources: int = 1,
    grade: str = "F6",
    published: str | None = "2026-01-12",
    published_end: str | None = "2026-01-18",
    date_inferred: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    """A claim's properties as ``geo.records.claim_properties`` returns them."""
    if end is None:
        end = start
    if date_precision is None:
        date_precision = "unknown" if start is None else ("day" if start == end else "range")
    props = {
        "claim_id": claim_id,
        "type": type,
        "statement": statement or f"Statement of {claim_id}.",
        "quote": quote or f"Quote of {claim_id}",
        "claimant": claimant,
        "source_id": f"doc-{claim_id}",
        "outlet": outlet,
        "event_start": start,
        "event_end": end,
        "date_precision": date_precision,
        "actors": ["Kataib Hezbollah"],
        "quantities": [dict(q) for q in quantities],
        "status": status,
        "place_ids": list(place_ids),
        "mode": mode,
        "group": f"group-{claim_id}",
        "group_title": f"Group of {claim_id}",
        "origin": f"doc-{claim_id}",
        "url": url,
        "date_note": None,
        "date_inferred": date_inferred,
        "published": published,
        "published_end": published_end,
        "independent_sources": independent_sources,
        "conflicts": list(conflicts),
        "grade": grade,
        "grading_note": "not assessed",
    }
    props.update(extra)
    return props


def quantity(what: str, value: float, text: str, qualifier: str = "about") -> dict[str, Any]:
    """A quantity dict as ``geo.records.quantity_properties`` returns it."""
    return {
        "what": what,
        "qualifier": qualifier,
        "value": value,
        "min": None,
        "max": None,
        "unit": None,
        "text": text,
    }


def feature(
    layer: str,
    feature_id: str,
    geometry: dict[str, Any],
    claims: Sequence[dict[str, Any]],
    *,
    label: str,
    place_ids: Sequence[str],
    place_names: Sequence[str],
    precision_m: float = 4000.0,
    radius_m: float | None = None,
    mode: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A map feature; the summary properties are derived from its claims."""
    starts = [c["event_start"] for c in claims if c["event_start"]]
    ends = [c["event_end"] for c in claims if c["event_end"]]
    counts = Counter(c["type"] for c in claims)
    kind = extra.pop("kind", None if mode else _KINDS.get(layer, "site"))
    places = extra.pop("places", None)
    if places is None:
        places = _places(geometry, place_ids, place_names, kind)
    props: dict[str, Any] = {
        "feature_id": feature_id,
        "layer": layer,
        "label": label,
        "place_ids": list(place_ids),
        "place_names": list(place_names),
        "precision_m": float(precision_m),
        "radius_m": float(precision_m if radius_m is None else radius_m),
        "mode": mode,
        "event_start": min(starts) if starts else None,
        "event_end": max(ends) if ends else None,
        "claim_ids": [c["claim_id"] for c in claims],
        "types": sorted(counts),
        "primary_type": max(sorted(counts), key=lambda t: counts[t]),
        "independent_sources": max((c["independent_sources"] for c in claims), default=0),
        "conflict": any(c["conflicts"] for c in claims),
        "kind": kind,
        "places": places,
        "claims": list(claims),
    }
    if layer == "crossings":
        props.update(
            other_side=None, country="IR", admin1=None, other_country=None, other_admin1=None
        )
    props.update(extra)
    return {"type": "Feature", "id": feature_id, "geometry": geometry, "properties": props}


#: The kind of place a point layer's features are drawn at, unless given.
_KINDS = {"crossings": "border_crossing", "sites": "city", "areas": "province"}


def _places(
    geometry: dict[str, Any], ids: Sequence[str], names: Sequence[str], kind: str | None
) -> list[dict[str, Any]]:
    """The ``places`` of a feature: its points' names at the geometry's ends or point."""
    coords = geometry["coordinates"]
    if geometry["type"] == "Point":
        where = [coords] * len(ids)
    elif geometry["type"] == "LineString":
        where = [coords[0], coords[-1]] if len(ids) == 2 else [coords[0]] * len(ids)
        if len(ids) == len(coords):
            where = list(coords)
    else:
        where = [coords[0][0]] * len(ids)
    return [
        {
            "id": pid,
            "name": name,
            "name_local": None,
            "lang": None,
            "kind": kind or "city",
            "country": "IR",
            "lon": at[0],
            "lat": at[1],
        }
        for pid, name, at in zip(ids, names, where, strict=False)
    ]


def point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def line(coords: Iterable[tuple[float, float]]) -> dict[str, Any]:
    return {"type": "LineString", "coordinates": [[round(x, 6), round(y, 6)] for x, y in coords]}


def arc(a: tuple[float, float], b: tuple[float, float], n: int = 32) -> dict[str, Any]:
    """A great-circle arc from ``a`` to ``b`` (lon, lat), densified to ``n`` points."""

    def vec(lon: float, lat: float) -> tuple[float, float, float]:
        lo, la = math.radians(lon), math.radians(lat)
        return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))

    p, q = vec(*a), vec(*b)
    omega = math.acos(max(-1.0, min(1.0, sum(x * y for x, y in zip(p, q, strict=True)))))
    out = []
    for i in range(n):
        t = i / (n - 1)
        if omega < 1e-12:
            v = p
        else:
            s1, s2 = math.sin((1 - t) * omega), math.sin(t * omega)
            v = tuple((s1 * x + s2 * y) / math.sin(omega) for x, y in zip(p, q, strict=True))
        out.append((math.degrees(math.atan2(v[1], v[0])), math.degrees(math.asin(v[2]))))
    return line(out)


def collections_of(features: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Features grouped into one FeatureCollection per layer (every layer present)."""
    out: dict[str, dict[str, Any]] = {
        name: {"type": "FeatureCollection", "features": []} for name in LAYER_ORDER
    }
    for f in features:
        out[f["properties"]["layer"]]["features"].append(f)
    return out


def sample_features(hostile: bool = True) -> list[dict[str, Any]]:
    """One or more features per layer; dates picked for the filter's edges.

    - crossings:shalamcheh: a claim spanning 2026-01-06..08 (visible on the 7th,
      hidden for a window ending on the 5th), conflicting figures;
    - crossings:khosravi: 2026-01-10; sites:ahvaz: 2026-01-03;
    - sites:mashhad: only an undated claim;
    - areas:diyala: 2026-01-01..15 (a province, drawn as an area);
    - routes:basra-ahvaz: ground, 2026-01-06..08; flights:najaf-tehran: 2026-01-09..11;
    - sites:hostile (when ``hostile``): markup in every text field, 2026-01-12.
    """
    feats = [
        feature(
            "crossings",
            "crossings:shalamcheh",
            point(48.02, 30.49),
            [
                claim(
                    "shal-buses",
                    "crossing",
                    start="2026-01-06",
                    end="2026-01-08",
                    statement="Buses carrying fighters reportedly crossed at Shalamcheh.",
                    quote="Dozens of buses crossed the Shalamcheh border crossing",
                    quantities=[quantity("fighters", 800, "about 800")],
                    conflicts=["fighters reported differently: about 800 (A); 2,000 (B)"],
                    independent_sources=2,
                ),
                claim(
                    "shal-transit",
                    "transit",
                    start="2026-01-07",
                    end="2026-01-07",
                    statement="Fighters reportedly moved on towards Ahvaz.",
                ),
            ],
            label="Shalamcheh crossing",
            place_ids=["shalamcheh-crossing"],
            place_names=["Shalamcheh crossing"],
            precision_m=4000,
            other_side="Shalamcheh post (Iraq)",
            country="IR",
            admin1="IR-06",
            other_country="IQ",
            other_admin1="IQ-BA",
        ),
        feature(
            "crossings",
            "crossings:khosravi",
            point(45.445, 34.385),
            [
                claim(
                    "khos-crossing",
                    "crossing",
                    start="2026-01-10",
                    statement="Fighters reportedly entered at Khosravi.",
                )
            ],
            label="Khosravi crossing",
            place_ids=["khosravi-crossing"],
            place_names=["Khosravi crossing"],
            precision_m=4000,
        ),
        feature(
            "sites",
            "sites:ahvaz",
            point(48.6842, 31.31901),
            [
                claim(
                    "ahvaz-assembly",
                    "assembly",
                    start="2026-01-03",
                    statement="Fighters reportedly assembled at a base in Ahvaz.",
                    place_ids=["ahvaz-assembly-base"],
                )
            ],
            label="Ahvaz",
            place_ids=["ahvaz-assembly-base"],
            place_names=["Ahvaz"],
            precision_m=15000,
        ),
        feature(
            "sites",
            "sites:mashhad",
            point(59.60567, 36.29807),
            [
                claim(
                    "mashhad-undated",
                    "deployment",
                    start=None,
                    statement="Fighters were reportedly deployed in Mashhad (no date given).",
                    place_ids=["mashhad"],
                )
            ],
            label="Mashhad",
            place_ids=["mashhad"],
            place_names=["Mashhad"],
            precision_m=12000,
        ),
        feature(
            "areas",
            "areas:diyala",
            point(45.0, 34.0),
            [
                claim(
                    "diyala-crossings",
                    "crossing",
                    start="2026-01-01",
                    end="2026-01-15",
                    date_precision="month",
                    statement="Fighters reportedly used the crossings of Diyala province.",
                    place_ids=["diyala-province"],
                )
            ],
            label="Diyala province",
            place_ids=["diyala-province"],
            place_names=["Diyala province"],
            precision_m=90000,
        ),
        feature(
            "routes",
            "routes:basra-ahvaz",
            line([(47.7804, 30.50852), (48.02, 30.49), (48.6842, 31.31901)]),
            [
                claim(
                    "route-basra-ahvaz",
                    "transit",
                    start="2026-01-06",
                    end="2026-01-08",
                    statement="Buses reportedly drove from Basra through Shalamcheh to Ahvaz.",
                    place_ids=["basra", "shalamcheh-crossing", "ahvaz"],
                    mode="ground",
                )
            ],
            label="Basra \u2192 Shalamcheh \u2192 Ahvaz",
            place_ids=["basra", "shalamcheh-crossing", "ahvaz"],
            place_names=["Basra", "Shalamcheh crossing", "Ahvaz"],
            precision_m=15000,
            mode="ground",
        ),
        feature(
            "flights",
            "flights:najaf-tehran",
            arc((44.40417, 31.98972), (51.1522, 35.4161)),
            [
                claim(
                    "flights-najaf",
                    "flight_surge",
                    start="2026-01-09",
                    end="2026-01-11",
                    statement="Flights from Najaf to Tehran reportedly surged.",
                    place_ids=["najaf-airport", "tehran-ika-airport"],
                    mode="air",
                    quantities=[quantity("flights_najaf_tehran", 12, "up to 12", "up_to")],
                )
            ],
            label="Najaf \u2192 Tehran",
            place_ids=["najaf-airport", "tehran-ika-airport"],
            place_names=["Najaf airport", "Tehran Imam Khomeini airport"],
            precision_m=2000,
            mode="air",
        ),
    ]
    if hostile:
        feats.append(
            feature(
                "sites",
                "sites:hostile",
                point(51.42151, 35.69439),
                [claim("hostile-claim", "statement", start="2026-01-12", **HOSTILE)],
                label='Tehran <img src=x onerror="window.__pwned=1">',
                place_ids=["tehran"],
                place_names=["Tehran </script><script>window.__pwned=1</script>"],
                precision_m=10000,
            )
        )
    return feats


def sample_collections(hostile: bool = True) -> dict[str, dict[str, Any]]:
    """The sample features as layer collections."""
    return collections_of(sample_features(hostile))


#: Region of the synthetic points (Iraq and western Iran): lon, lat bounds.
_BOX = (40.0, 29.0, 54.0, 38.0)


def synthetic_collections(n: int, seed: int = 0) -> dict[str, dict[str, Any]]:
    """``n`` point features (crossings and sites) plus ``n // 200`` routes, flights, areas.

    Each feature has one claim with text of realistic length and a date or a
    range in January 2026 (one in twenty undated).
    """
    rng = random.Random(seed)
    base = dt.date(2026, 1, 1)
    words = (
        "reportedly",
        "fighters",
        "buses",
        "crossed",
        "border",
        "according",
        "to",
        "sources",
        "militia",
        "convoy",
        "arrived",
        "province",
        "Iraqi",
        "officials",
    )

    def text(k: int) -> str:
        return " ".join(rng.choice(words) for _ in range(k)).capitalize() + "."

    def a_claim(i: int, layer: str, places: list[str], mode: str | None) -> dict[str, Any]:
        if rng.random() < 0.05:
            start = end = None
        else:
            d0 = base + dt.timedelta(days=rng.randrange(31))
            start = d0.isoformat()
            end = (d0 + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2, 6)))).isoformat()
        return claim(
            f"c{i}",
            rng.choice(CLAIM_TYPES),
            start=start,
            end=end,
            statement=text(16),
            quote=text(24),
            claimant="a source quoted by the outlet",
            outlet=f"Outlet {i % 37}",
            url=f"https://example.org/{i % 997}",
            place_ids=places,
            mode=mode,
            independent_sources=1 + i % 3,
        )

    def where() -> tuple[float, float]:
        return (rng.uniform(_BOX[0], _BOX[2]), rng.uniform(_BOX[1], _BOX[3]))

    feats = []
    for i in range(n):
        layer = "crossings" if i % 10 == 0 else "sites"
        lon, lat = where()
        pid = f"p{i}"
        feats.append(
            feature(
                layer,
                f"{layer}:{pid}",
                point(lon, lat),
                [a_claim(i, layer, [pid], None)],
                label=f"Place {i}",
                place_ids=[pid],
                place_names=[f"Place {i}"],
                precision_m=rng.choice((500, 4000, 15000)),
            )
        )
    extra = max(1, n // 200)
    for j in range(extra):
        i = n + j
        a, b = where(), where()
        feats.append(
            feature(
                "routes",
                f"routes:r{j}",
                line([a, b]),
                [a_claim(i, "routes", [f"a{j}", f"b{j}"], "ground")],
                label=f"Route {j}",
                place_ids=[f"a{j}", f"b{j}"],
                place_names=[f"A{j}", f"B{j}"],
                mode="ground",
            )
        )
        feats.append(
            feature(
                "flights",
                f"flights:f{j}",
                arc(a, b, 16),
                [a_claim(i + extra, "flights", [f"a{j}", f"b{j}"], "air")],
                label=f"Flight {j}",
                place_ids=[f"a{j}", f"b{j}"],
                place_names=[f"A{j}", f"B{j}"],
                mode="air",
            )
        )
        lon, lat = where()
        feats.append(
            feature(
                "areas",
                f"areas:a{j}",
                point(lon, lat),
                [a_claim(i + 2 * extra, "areas", [f"prov{j}"], None)],
                label=f"Province {j}",
                place_ids=[f"prov{j}"],
                place_names=[f"Province {j}"],
                precision_m=80000,
            )
        )
    return collections_of(feats)

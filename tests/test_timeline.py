"""geo.timeline: the dashboard's view data (table, timeline, disputes, sources, map clicks)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from geo import timeline as views
from geo.dataset import load_dataset
from geo.filters import Filters
from layers.features import layer_collections

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data")


def test_claims_table_one_row_per_claim(dataset):
    frame = views.claims_table(dataset)
    assert list(frame.columns) == list(views.TABLE_COLUMNS)
    assert frame["claim_id"].tolist() == [c.id for c in dataset.claims]
    assert (
        views.claims_table(dataset, limit=3)["claim_id"].tolist() == frame["claim_id"][:3].tolist()
    )
    urls = frame["url"].dropna()
    assert all(u.startswith(("http://", "https://")) for u in urls)
    quantified = next(c for c in dataset.claims if c.quantities)
    row = frame.set_index("claim_id").loc[quantified.id]
    assert quantified.quantities[0].text in row["figures"]


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        (" data:text/html,<b>", False),
        ("//evil.example", False),
        (None, False),
    ],
)
def test_safe_url_keeps_only_http(url, kept):
    assert (views.safe_url(url) is not None) is kept


def test_timeline_ranges_cover_each_dated_claim(dataset):
    mode, frame, undated = views.timeline_frame(dataset)
    assert mode == "ranges"
    dated = [c for c in dataset.claims if c.event_start]
    assert frame["claim_id"].tolist() == [c.id for c in dated]
    assert undated == len(dataset.claims) - len(dated)
    first = dated[0]
    row = frame.iloc[0]
    assert row["start"] == pd.Timestamp(first.event_start)
    assert row["end"] == pd.Timestamp(first.event_end + dt.timedelta(days=1))  # inclusive day


def test_timeline_daily_counts_match_the_ranges(dataset):
    mode, frame, undated = views.timeline_frame(dataset, max_ranges=0)
    assert mode == "daily"
    dated = [c for c in dataset.claims if c.event_start]
    for day in pd.to_datetime(frame["day"].unique())[:40]:
        d = day.date()
        for claim_type, group in frame[frame["day"] == day].groupby("type"):
            expected = sum(
                1 for c in dated if c.type == claim_type and c.event_start <= d <= c.event_end
            )
            assert int(group["claims"].iloc[0]) == expected
    assert (frame["claims"] > 0).all()


def test_disputes_list_every_reported_value(dataset):
    frame = views.disputes_frame(dataset)
    conflicts = dataset.analysis.conflicts
    assert set(frame["conflict"]) == {c.summary for c in conflicts}
    for conflict in conflicts:
        rows = frame[frame["conflict"] == conflict.summary]
        assert rows["claims"].sum() == len(conflict.entries)
        assert set(rows["as_reported"]) == {e.text for e in conflict.entries}
    numbers = frame[frame["kind"] == "quantity"]
    assert (numbers["low"] <= numbers["high"]).all()
    # "more than 60" is open upward; "nearly 60" downward
    more = numbers[numbers["as_reported"].str.contains("more than", case=False)]
    assert more.empty or more["open_high"].all()


def test_disputes_follow_the_view_but_keep_other_sides(dataset):
    conflict = next(c for c in dataset.analysis.conflicts if c.kind == "quantity")
    one = conflict.entries[0].claim_id
    view = dataset.select(c for c in dataset.claims if c.id == one)
    frame = views.disputes_frame(view, dataset)
    assert set(frame["conflict"]) == {
        c.summary for c in dataset.analysis.conflicts if any(e.claim_id == one for e in c.entries)
    }
    assert frame[frame["claim_id"] == one]["in_view"].all()
    assert not frame[frame["claim_id"] != one]["in_view"].any()
    assert frame["low"].notna().all() or conflict.kind != "quantity"


def test_citation_edges_follow_cites_and_origins(dataset):
    edges = views.citation_edges(dataset)
    for row in edges.itertuples():
        if row.how == "cites":
            assert row.relies_on_id in dataset.sources[row.source_id].cites
        else:
            assert any(
                c.source_id == row.source_id and c.origin == row.relies_on_id
                for c in dataset.claims
            )
    reporters = views.first_reporters(dataset)
    assert reporters["claims"].sum() == len(dataset.claims)


def test_citation_dot_quotes_hostile_labels():
    edges = pd.DataFrame(
        [
            {
                "source_id": 'a"] ; x [label="pwn',
                "source": 'Say "hi" \\ <b>bold</b>\n',
                "source_kind": "document",
                "relies_on_id": "b",
                "relies_on": "B",
                "relies_on_kind": "outlet",
                "how": "cites",
            }
        ]
    )
    dot = views.citation_dot(edges)
    assert '"a\\"] ; x [label=\\"pwn"' in dot
    assert 'label="Say \\"hi\\" \\\\ <b>bold</b>"' in dot  # quoted, not an HTML-like label
    assert "label=<" not in dot
    assert dot.count("->") == 1


# ----------------------------------------------------------------- map clicks


def _point(fid, layer, lon, lat, radius=0.0, label=""):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"feature_id": fid, "layer": layer, "radius_m": radius, "label": label},
    }


def _collections(*features):
    return {"all": {"type": "FeatureCollection", "features": list(features)}}


def test_pick_prefers_a_point_hit_over_the_area_around_it():
    crossing = _point("crossings:x", "crossings", 45.0, 34.0, 4000, "X crossing")
    province = _point("areas:p", "areas", 45.2, 34.1, 100_000, "P province")
    collections = _collections(province, crossing)
    assert views.pick_feature(collections, 34.0, 45.0) == "crossings:x"
    # well inside the province but far from the crossing: the province
    assert views.pick_feature(collections, 34.6, 45.3) == "areas:p"
    # nowhere near anything
    assert views.pick_feature(collections, 10.0, 10.0) is None


def test_pick_nested_areas_and_outlines():
    small = _point("areas:small", "areas", 45.0, 34.0, 50_000)
    square = {
        "type": "Feature",
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[40, 30], [50, 30], [50, 38], [40, 38], [40, 30]]],
        },
        "properties": {"feature_id": "areas:country", "layer": "areas", "radius_m": 600_000},
    }
    collections = _collections(square, small)
    assert views.pick_feature(collections, 34.1, 45.1) == "areas:small"
    assert views.pick_feature(collections, 31.0, 41.0) == "areas:country"
    assert views.pick_feature(collections, 25.0, 45.0) is None  # 500 km south of the outline


def test_pick_lines_and_tooltips():
    route = {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [[44.0, 32.0], [48.0, 32.0]]},
        "properties": {"feature_id": "routes:a>b", "layer": "routes", "label": "A → B"},
    }
    other = _point("sites:c", "sites", 46.0, 32.05, 0, "C")
    collections = _collections(route, other)
    assert views.pick_feature(collections, 32.01, 45.0) == "routes:a>b"
    # the tooltip names the route: it wins even though the site is nearer
    assert views.pick_feature(collections, 32.05, 46.0, "A → B\n3 claims") == "routes:a>b"


def test_pick_every_curated_feature_at_its_own_anchor(dataset):
    collections = layer_collections(dataset)
    for name in ("crossings", "sites"):
        for feature in collections[name]["features"]:
            lon, lat = feature["geometry"]["coordinates"]
            label = feature["properties"]["label"]
            picked = views.pick_feature(collections, lat, lon, label)
            assert picked == feature["properties"]["feature_id"]


def test_filtered_view_drops_claims_from_every_view(dataset):
    chosen = dataset.claims[0].type
    view = Filters(types=(chosen,)).apply(dataset)
    assert set(views.claims_table(view)["type"]) == {chosen}
    _, frame, _ = views.timeline_frame(view)
    assert set(frame["type"]) <= {chosen}

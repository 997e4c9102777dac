"""geo.timeline: the dashboard's view data (table, timeline, disputes, sources)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from claimmap.dashboard import views
from claimmap.dashboard.filters import Filters
from geo.dataset import load_dataset
from tests.paths import ROOT  # noqa: E402


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
        rows = frame[frame["conflict_id"] == views.conflict_key(conflict)]
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


def test_filtered_view_drops_claims_from_every_view(dataset):
    chosen = dataset.claims[0].type
    view = Filters(types=(chosen,)).apply(dataset)
    assert set(views.claims_table(view)["type"]) == {chosen}
    _, frame, _ = views.timeline_frame(view)
    assert set(frame["type"]) <= {chosen}


def test_timeline_rows_keep_groups_together_and_name_every_bar(dataset):
    _, frame, _ = views.timeline_frame(dataset)
    rows = views.timeline_rows(frame)
    assert sorted(rows["claim_id"]) == sorted(frame["claim_id"])
    assert rows["row"].is_unique  # one bar per record, even when an outlet repeats a claim
    # a group's records are contiguous, and groups come by their earliest start
    order = list(dict.fromkeys(rows["group_title"]))
    for title in order:
        positions = [i for i, t in enumerate(rows["group_title"]) if t == title]
        assert positions == list(range(positions[0], positions[-1] + 1))
    firsts = [rows[rows["group_title"] == t]["start"].min() for t in order]
    assert firsts == sorted(firsts)


def test_zoom_window_skips_a_few_early_outliers():
    day = pd.Timestamp("2026-01-01")
    starts = [day - pd.Timedelta(days=90)] + [day + pd.Timedelta(days=i % 10) for i in range(39)]
    frame = pd.DataFrame({"start": starts, "end": [s + pd.Timedelta(days=2) for s in starts]})
    window = views.zoom_window(frame)
    assert window is not None
    assert window[0] > starts[0] and window[1] == frame["end"].max()
    assert views.zoom_window(frame.iloc[1:]) is None  # nothing far out: show all
    assert views.zoom_window(frame.iloc[:0]) is None


def test_dispute_charts_one_per_conflict_with_drawable_rows(dataset):
    frame = views.disputes_frame(dataset)
    charts = views.dispute_charts(frame)
    assert len(charts) == frame["conflict_id"].nunique() == len(dataset.analysis.conflicts)
    for title, kind, rows in charts:
        assert rows["conflict_id"].nunique() == 1 and set(rows["kind"]) == {kind}
        assert title.startswith(rows["group_title"].iloc[0])
        assert set(rows["qualifier"]) <= set(views.QUALIFIERS)
        value = "low" if kind == "quantity" else "date_low"
        assert rows[value].notna().all()
        assert rows["who"].str.contains(r"\(", regex=True).all()
    more = [r for _, k, rows in charts if k == "quantity" for r in rows.itertuples()]
    for row in more:
        if "more than" in row.as_reported.lower():
            assert row.qualifier == "more than / at least"
    assert len(views.dispute_charts(frame, limit=2)) == 2


def test_disputes_in_view_counts_conflicts_touching_the_view(dataset):
    assert views.disputes_in_view(dataset) == len(dataset.analysis.conflicts)
    conflict = dataset.analysis.conflicts[0]
    one = conflict.entries[0].claim_id
    view = dataset.select(c for c in dataset.claims if c.id == one)
    touching = [c for c in dataset.analysis.conflicts if any(e.claim_id == one for e in c.entries)]
    assert views.disputes_in_view(view) == len(touching) >= 1
    assert views.disputes_in_view(dataset.select(())) == 0


def test_dispute_dates_are_the_reported_days_inclusive(dataset):
    frame = views.disputes_frame(dataset)
    dates = frame[frame["kind"] == "date"]
    assert not dates.empty
    for row in dates.itertuples():
        claim = dataset.claim(row.claim_id)
        assert row.date_low == pd.Timestamp(claim.event_start)
        assert row.date_high == pd.Timestamp(claim.event_end)  # a one-day claim: one tick

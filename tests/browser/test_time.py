"""Time on the map: the JS date-window rule against Python's, certain vs possible drawing."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from bench.layers_factory import claim, collections_of, feature, point
from geo.dates import window_match
from layers.html import export_html
from tests.browser.test_export_html import UNFOLDED
from tests.paths import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CASES = json.loads((FIXTURES / "window_cases.json").read_text(encoding="utf-8"))


def day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def edge_collections() -> dict:
    """Three sites: certain in Jan 6-8, possible at its edges, and undated (possible)."""

    def site(key: str, lon: float, claims: list) -> dict:
        return feature(
            "sites",
            f"sites:{key}",
            point(lon, 33.0),
            claims,
            label=key.title(),
            place_ids=[key],
            place_names=[key.title()],
            precision_m=1000,
        )

    return collections_of(
        [
            site("inside", 45.0, [claim("inside", "crossing", start="2026-01-07")]),
            site("edge", 47.0, [claim("edge", "transit", start="2026-01-05", end="2026-01-06")]),
            site(
                "undated",
                49.0,
                [
                    claim(
                        "undated",
                        "deployment",
                        start=None,
                        published="2026-01-08",
                        published_end="2026-01-10",
                    )
                ],
            ),
            site(
                "inferred",
                51.0,
                [claim("inferred", "assembly", start="2026-01-07", date_inferred=True)],
            ),
        ]
    )


@pytest.fixture(scope="module")
def edges_html(tmp_path_factory) -> Path:
    return export_html(
        edge_collections(), tmp_path_factory.mktemp("time") / "edges.html", **UNFOLDED
    )


def test_the_js_window_rule_gives_the_same_answers_as_python(page, edges_html) -> None:
    page.open_map(edges_html)
    for case in CASES["window_match"]:
        got = page.js(
            "([r, w]) => ClaimMap.dates.windowMatch(r, w[0], w[1])", [case["range"], case["window"]]
        )
        assert got == case["match"], case
    for case in CASES["possible_range"]:
        got = page.js(
            "([e, p]) => ClaimMap.dates.possibleRange(e[0], e[1], p[0], p[1])",
            [case["event"], case["published"]],
        )
        assert got == case["range"], case


def test_the_js_window_rule_agrees_with_python_on_random_cases(page, edges_html) -> None:
    rng = random.Random(12)
    base = dt.date(2026, 1, 1)

    def some_day() -> str | None:
        return None if rng.random() < 0.25 else (base + dt.timedelta(rng.randrange(20))).isoformat()

    cases = []
    for _ in range(400):
        low, high, start, end = (some_day() for _ in range(4))
        if low and high and high < low:
            low, high = high, low
        if start and end and end < start:
            start, end = end, start
        cases.append([[low, high], [start, end]])
    page.open_map(edges_html)
    got = page.js(
        "cases => cases.map(([r, w]) => ClaimMap.dates.windowMatch(r, w[0], w[1]))", cases
    )
    expected = [window_match((day(r[0]), day(r[1])), day(w[0]), day(w[1])) for r, w in cases]
    assert got == expected


def path_style(page, feature_id: str) -> dict:
    """The SVG attributes a feature's marker is drawn with."""
    return page.js(
        """(id) => {
      const ll = claimmap.featureLatLng(id);
      const p = claimmap.map.latLngToLayerPoint(ll);
      const paths = Array.from(
        document.querySelectorAll('.leaflet-cm-sites-pane path.leaflet-interactive'));
      // the marker's path is the one whose outline passes nearest its anchor
      const path = paths.filter((el) => el.getAttribute('d') !== 'M0 0').find((el) => {
        const b = el.getBBox();
        return Math.abs(b.x + b.width / 2 - p.x) < 2 && Math.abs(b.y + b.height / 2 - p.y) < 4;
      });
      return path ? { fill: +path.getAttribute('fill-opacity'),
                      stroke: +path.getAttribute('stroke-opacity'),
                      dash: path.getAttribute('stroke-dasharray') } : null;
    }""",
        feature_id,
    )


def test_certain_and_possible_draw_differently_at_the_window_edges(page, edges_html) -> None:
    page.open_map(edges_html)
    page.fill(".cm-start", "2026-01-06")
    page.fill(".cm-end", "2026-01-08")
    looks = {i: page.js(f"claimmap.lookOf('sites:{i}')") for i in ("inside", "edge", "undated")}
    # Jan 7 lies in the window; Jan 5-6 and "by Jan 10" only cross its edges.
    assert looks == {"inside": "certain", "edge": "possible", "undated": "possible"}
    certain, possible = path_style(page, "sites:inside"), path_style(page, "sites:edge")
    assert certain and possible
    assert possible["fill"] < certain["fill"] / 2 and possible["stroke"] < certain["stroke"]
    # The edge moves: the whole Jan 5-6 inside the window makes the claim certain.
    page.fill(".cm-start", "2026-01-05")
    assert page.js("claimmap.lookOf('sites:edge')") == "certain"
    assert path_style(page, "sites:edge")["fill"] == certain["fill"]
    # The toggle hides the possible claims; the status counts both kinds.
    page.fill(".cm-start", "2026-01-06")
    assert "2 certain, 2 possible" in page.locator(".cm-status").inner_text()
    page.uncheck(".cm-possible")
    assert sorted(page.js("claimmap.visibleFeatureIds()")) == ["sites:inferred", "sites:inside"]
    page.screenshot_to("time_certain_only")


def test_inferred_dates_are_drawn_dotted_and_named_in_the_popup(page, edges_html) -> None:
    page.open_map(edges_html)
    assert page.js("claimmap.lookOf('sites:inferred')") == "certain-inferred"
    assert path_style(page, "sites:inferred")["dash"] == "1 4"
    assert path_style(page, "sites:inside")["dash"] in (None, "none")
    page.js("claimmap.openPopup('sites:inferred')")
    text = page.locator('.cm-popup[data-feature-id="sites:inferred"][data-loaded="1"]').inner_text()
    assert "inferred by the analyst" in text
    page.js("claimmap.closePopup()")
    page.js("claimmap.openPopup('sites:undated')")
    text = page.locator('.cm-popup[data-feature-id="sites:undated"][data-loaded="1"]').inner_text()
    assert "no later than 2026-01-10 (the document\u2019s publication)" in text


def test_as_known_on_keeps_claims_published_by_then(page, edges_html) -> None:
    page.open_map(edges_html)
    page.fill(".cm-as-of", "2026-01-09")
    # The undated claim's document was published from Jan 8; the others from Jan 12.
    assert page.js("claimmap.visibleFeatureIds()") == ["sites:undated"]
    page.fill(".cm-as-of", "")
    assert len(page.js("claimmap.visibleFeatureIds()")) == 4


@pytest.fixture(scope="module")
def real_html(tmp_path_factory) -> Path:
    from geo.dataset import load_dataset
    from layers.features import layer_collections

    return export_html(
        layer_collections(load_dataset()), tmp_path_factory.mktemp("time") / "real.html", **UNFOLDED
    )


def test_the_slider_spans_the_dated_claims_with_outliers_folded(page, real_html) -> None:
    page.open_map(real_html)
    domain = page.js("claimmap.domain()")
    # "Since late 2025" (Oct 1 - Dec 31) is one claim far before the rest: folded.
    assert domain["first"] == "2025-10-01" and domain["before"] == 1
    assert domain["min"] == "2025-12-25" and domain["max"] == "2026-01-18"
    width = page.locator(".cm-slider").bounding_box()["width"]
    days = (day(domain["max"]) - day(domain["min"])).days
    assert width / days >= 7  # at least 7 px a day (was about 2)
    assert "1 claim starts earlier (from 1 Oct 2025)" in page.locator(".cm-span").inner_text()
    # The dashboard's slider folds with geo.dates.date_span: the same rule.
    from claimmap.dashboard.filters import ClaimIndex
    from geo.dataset import load_dataset

    span = ClaimIndex.build(load_dataset()).date_span()
    assert (span.low.isoformat(), span.high.isoformat()) == (domain["min"], domain["max"])
    assert (span.first.isoformat(), span.before, span.after) == (
        domain["first"],
        domain["before"],
        domain["after"],
    )
    assert span.folded_text() in page.locator(".cm-span").inner_text()


def test_presets_whole_period_and_last_week(page, real_html) -> None:
    page.open_map(real_html)
    page.click(".cm-preset-week")
    assert page.js("claimmap.getWindow()")["start"] == "2026-01-12"
    assert page.js("claimmap.getWindow()")["end"] == "2026-01-18"
    assert page.locator(".cm-start").input_value() == "2026-01-12"
    page.click(".cm-preset-all")
    assert page.js("claimmap.getWindow()")["start"] is None
    assert page.locator(".cm-start").input_value() == "2025-10-01"


def test_playback_starts_at_the_first_dated_claim_at_the_chosen_speed(page, real_html) -> None:
    page.open_map(real_html)
    page.select_option(".cm-speed", "4")
    # Press play and read the window in one script: no playback tick can come between.
    first = page.js(
        "() => { document.querySelector('.cm-play').click(); return claimmap.getWindow(); }"
    )
    assert first["start"] == "2025-12-25"  # not Oct 1
    page.wait_for_function("claimmap.getWindow().start >= '2025-12-28'", timeout=5_000)
    page.click(".cm-play")
    assert page.js("claimmap.isPlaying()") is False
    assert page.errors == []


def test_step_by_day_or_by_event(page, real_html) -> None:
    page.open_map(real_html)
    page.js("claimmap.setWindow('2026-01-01', '2026-01-01')")
    page.click(".cm-step-forward")
    assert page.js("claimmap.getWindow()")["start"] == "2026-01-02"
    page.select_option(".cm-step-mode", "event")
    page.click(".cm-step-forward")
    # the next day a mapped claim starts or ends after Jan 2 is Jan 4 ...
    assert page.js("claimmap.getWindow()")["start"] == "2026-01-04"
    page.click(".cm-step-back")
    # ... and the one before it Dec 31 ("the last week of December")
    assert page.js("claimmap.getWindow()")["start"] == "2025-12-31"


def test_playing_by_reporting_date_grows_the_story(page, real_html) -> None:
    page.open_map(real_html)
    page.select_option(".cm-play-mode", "reports")
    page.js("claimmap.setSpeed(4)")
    page.click(".cm-play")
    first = page.js("claimmap.getWindow()")["asOf"]
    assert first == "2026-01-08"  # the first document (Noon Post, from Jan 8)
    shown_first = len(page.js("claimmap.visibleFeatureIds()"))
    page.wait_for_function("!claimmap.isPlaying()", timeout=10_000)
    assert page.js("claimmap.getWindow()")["asOf"] > first
    assert len(page.js("claimmap.visibleFeatureIds()")) > shown_first

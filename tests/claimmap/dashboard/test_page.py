"""The dashboard through streamlit.testing.v1.AppTest: widgets, filters, downloads, URL state.

AppTest runs app.py for real (no browser): it cannot draw the map or click it,
which tests/browser/test_dashboard.py does.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from claimmap.dashboard import mapframe
from claimmap.dashboard.filters import ClaimIndex, Filters
from geo.dataset import load_dataset
from geo.vocab import TYPE_LABELS
from layers.features import claim_layers, layer_collections
from layers.payload import feature_rows
from tests.paths import ROOT  # noqa: E402

APP = str(ROOT / "app.py")
DATA = ROOT / "data"

HOSTILE_STATEMENT = (
    '<img src=x onerror="window.__pwned=1"> [click me](javascript:window.__pwned=1) '
    "**not bold** :red[not red] $x^2$ &amp;"
)
HOSTILE_QUOTE = "</script><script>window.__pwned=1</script>"


def hostile_data_dir(tmp: Path) -> Path:
    """A copy of the curated data with one more claim whose text is hostile."""
    target = tmp / "data"
    shutil.copytree(DATA, target)
    dataset = load_dataset(DATA)
    donor = next(c for c in dataset.claims if "shalamcheh-crossing" in c.places)
    record = f"""
- id: hostile-claim
  group: {donor.group}
  source_id: {donor.source_id}
  origin: {donor.origin}
  claimant: {json.dumps('Mallory <b onmouseover="window.__pwned=1">x</b>')}
  type: crossing
  statement: {json.dumps(HOSTILE_STATEMENT)}
  quote: {json.dumps(HOSTILE_QUOTE)}
  places: [shalamcheh-crossing]
  event_start: 2026-01-05
  event_end: 2026-01-05
  date_precision: day
  status: reported
"""
    with (target / "claims.yaml").open("a", encoding="utf-8") as handle:
        handle.write(record)
    return target


@pytest.fixture(scope="module")
def curated():
    dataset = load_dataset(DATA)
    index = ClaimIndex.build(dataset, claim_layers(layer_collections(dataset)))
    return dataset, index


def run(monkeypatch, data_dir: Path | None = None, params: dict | None = None) -> AppTest:
    if data_dir is None:
        monkeypatch.delenv("CLAIMMAP_DATA", raising=False)
    else:
        monkeypatch.setenv("CLAIMMAP_DATA", str(data_dir))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_ids(at: AppTest) -> list[str]:
    tables = [d.value for d in at.dataframe if "statement" in d.value.columns]
    assert len(tables) == 1
    return tables[0]["claim_id"].tolist()


def html_claim_ids(page: str) -> set[str]:
    """The claim ids drawn by a standalone HTML map (read from its JSON data block)."""
    block = re.search(
        r'<script type="application/json" id="claimmap-data-[0-9a-f]+">(.*?)</script>',
        page,
        flags=re.DOTALL,
    )
    assert block, "the page carries its data block"
    payload = json.loads(block.group(1))
    return set(payload["claims"]["id"])  # every claim drawn, once (layers.payload)


def plain(markdown: str) -> str:
    """Markdown source with its backslash escapes removed (what the reader sees)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def qp(at: AppTest) -> dict[str, list[str]]:
    """The page's query parameters, every value as a list."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


# ----------------------------------------------------------------- page and filters


def test_default_page_shows_every_claim(monkeypatch, curated):
    dataset, _ = curated
    at = run(monkeypatch)
    assert table_ids(at) == [c.id for c in dataset.claims]
    assert metric(at, "Claims in view") == f"{len(dataset.claims):,}"
    assert qp(at) == {}  # nothing filtered: a clean URL
    labels = {w.label for w in at.sidebar.multiselect}
    assert {"Claim types", "Actors and armed groups named", "Outlets"} <= labels
    assert at.text_input(key="f_search").label == "Search"


def map_feature_ids(at: AppTest) -> list[str]:
    """Feature ids in the map handed to streamlit-folium (its data block)."""
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    block = re.search(
        r'<script type="application/json" id="claimmap-data-[0-9a-f]+">(.*?)</script>',
        args["html"],
        flags=re.DOTALL,
    )
    assert block, "the map's data block is in the component's html"
    assert "/app/static/vendor/leaflet/" in " ".join(args["js_links"])  # served locally
    assert all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])
    payload = json.loads(block.group(1))
    return sorted(row["id"] for name in payload["layers"] for row in feature_rows(payload, name))


def test_map_holds_the_filtered_features(monkeypatch, curated):
    dataset, index = curated
    at = run(monkeypatch)
    everything = layer_collections(dataset)
    assert map_feature_ids(at) == sorted(
        f["properties"]["feature_id"] for c in everything.values() for f in c["features"]
    )
    chosen = sorted({c.type for c in dataset.claims if c.mode == "air"})
    at.multiselect(key="f_types").set_value(chosen).run()
    view = layer_collections(Filters(types=tuple(chosen)).apply(dataset, index))
    expected = sorted(f["properties"]["feature_id"] for c in view.values() for f in c["features"])
    assert map_feature_ids(at) == expected
    assert len(expected) < sum(len(c["features"]) for c in everything.values())


def map_args(at: AppTest) -> dict:
    """The arguments the page handed to streamlit-folium's frame."""
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


MAP_ELEMENT = ("script", "header", "html", "id", "key", "js_links", "css_links")


def test_a_selection_leaves_the_map_as_it_is(monkeypatch, curated):
    dataset, _ = curated
    at = run(monkeypatch)
    before = map_args(at)
    feature = layer_collections(dataset)["crossings"]["features"][0]["properties"]
    at.selectbox(key="sel").set_value(feature["feature_id"]).run()
    assert qp(at)["sel"] == [feature["feature_id"]]
    # the same arguments: the browser keeps the drawn frame (streamlit-folium keys it on
    # the script's hash) and nothing is sent to redraw it
    assert map_args(at) == before


def test_time_filters_are_set_in_the_same_map(monkeypatch, curated):
    dataset, index = curated
    at = run(monkeypatch)
    before = map_args(at)
    assert "map.setWindow(null, null)" in before["feature_group"]
    lo, _ = index.date_bounds()
    window = (lo + dt.timedelta(days=1), lo + dt.timedelta(days=3))
    at.slider(key="f_dates").set_value(window).run()
    at.toggle(key="f_possible").set_value(False).run()
    at.date_input(key="f_as_of").set_value(dt.date(2026, 1, 10)).run()
    after = map_args(at)
    # the same map element: the browser keeps the frame; only the script run in it changed
    assert {k: after[k] for k in MAP_ELEMENT} == {k: before[k] for k in MAP_ELEMENT}
    script = after["feature_group"]
    assert f'map.setWindow("{window[0]}", "{window[1]}")' in script
    assert "map.setShowPossible(false)" in script and 'map.setAsOf("2026-01-10")' in script
    f = Filters(start=window[0], end=window[1], possible=False, as_of=dt.date(2026, 1, 10))
    assert table_ids(at) == f.claim_ids(index)


def test_picked_claims_are_outlined_over_the_same_map(monkeypatch, curated):
    dataset, _ = curated
    at = run(monkeypatch)
    before = map_args(at)
    assert "cm-highlight" not in before["feature_group"]
    crossing = next(c for c in dataset.claims if c.type == "crossing" and c.places)
    at.session_state["hl"] = [crossing.id]  # as picking its row in the table does
    at.run()
    after = map_args(at)
    assert {k: after[k] for k in MAP_ELEMENT} == {k: before[k] for k in MAP_ELEMENT}
    assert "cm-highlight" in after["feature_group"]
    assert after["feature_group"].endswith(mapframe.window_script(Filters()))  # the window too


def test_other_filters_make_a_new_map(monkeypatch, curated):
    dataset, _ = curated
    at = run(monkeypatch)
    before = map_args(at)
    at.multiselect(key="f_types").set_value(sorted({c.type for c in dataset.claims})[:1]).run()
    after = map_args(at)
    assert after["key"] != before["key"] and after["html"] != before["html"]
    at.multiselect(key="f_types").set_value([]).run()
    assert map_args(at) == before, "the first map again, from the cache"


def test_the_frame_arguments_are_what_st_folium_makes(monkeypatch, curated):
    import streamlit_folium

    from claimmap.dashboard import cache, page
    from layers.basemap import border_features
    from layers.render import build_map

    dataset, _ = curated
    collections = layer_collections(dataset)
    borders = border_features(collections)

    def fresh_map():
        return build_map(collections, asset_mode="static", borders=borders, title="")

    captured = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: captured.update(kw))
    streamlit_folium.st_folium(
        fresh_map(),
        key=cache.MAP_KEY,
        height=page.MAP_HEIGHT,
        use_container_width=True,
        returned_objects=list(page.MAP_RETURNS),
    )
    ours = cache.folium_args(fresh_map())
    assert set(ours) == set(MAP_ELEMENT)
    assert ours == {k: captured[k] for k in MAP_ELEMENT}
    assert captured["default"] == dict.fromkeys(page.MAP_RETURNS)


def test_claim_type_filter_narrows_table_and_metrics(monkeypatch, curated):
    dataset, index = curated
    at = run(monkeypatch)
    chosen = sorted({c.type for c in dataset.claims})[:2]
    at.multiselect(key="f_types").set_value(chosen).run()
    expected = Filters(types=tuple(chosen)).claim_ids(index)
    assert table_ids(at) == expected
    assert 0 < len(expected) < len(dataset.claims)
    assert metric(at, "Claims in view") == f"{len(expected):,}"
    assert qp(at)["type"] == chosen


def test_date_window_changes_claims(monkeypatch, curated):
    dataset, index = curated
    at = run(monkeypatch)
    lo, hi = index.date_bounds()
    window = (lo + dt.timedelta(days=1), lo + dt.timedelta(days=3))
    at.slider(key="f_dates").set_value(window).run()
    expected = Filters(start=window[0], end=window[1]).claim_ids(index)
    assert table_ids(at) == expected
    assert len(expected) < len(dataset.claims)
    assert qp(at)["start"] == [window[0].isoformat()]
    # the whole-period preset brings every claim back, undated ones included
    at.button(key="b_whole").click().run()
    assert table_ids(at) == [c.id for c in dataset.claims]
    assert "start" not in qp(at)
    # the last week of the data, as the map's preset has it
    at.button(key="b_week").click().run()
    assert at.slider(key="f_dates").value == (hi - dt.timedelta(days=6), hi)
    assert qp(at)["start"] == [(hi - dt.timedelta(days=6)).isoformat()]


def test_search_in_persian_and_min_sources(monkeypatch, curated):
    _, index = curated
    at = run(monkeypatch)
    at.text_input(key="f_search").input("شلمچه").run()
    expected = Filters(search="شلمچه").claim_ids(index)
    assert expected and table_ids(at) == expected
    at.text_input(key="f_search").input("").run()
    at.number_input(key="f_min_sources").set_value(2).run()
    expected = Filters(min_sources=2).claim_ids(index)
    assert table_ids(at) == expected


def test_layer_and_precision_pills(monkeypatch, curated):
    dataset, index = curated
    at = run(monkeypatch)
    at.pills(key="f_layers").set_value(["flights"]).run()
    expected = Filters(layers=("flights",)).claim_ids(index)
    assert table_ids(at) == expected
    at.pills(key="f_layers").set_value(["areas", "routes", "flights", "crossings", "sites"])
    at.pills(key="f_precisions").set_value(["unmapped"]).run()
    assert table_ids(at) == [c.id for c in dataset.claims if not c.places]
    assert qp(at)["precision"] == ["unmapped"]
    at.button(key="b_reset").click().run()
    assert table_ids(at) == [c.id for c in dataset.claims]


# ----------------------------------------------------------------- downloads


def test_downloads_hold_exactly_the_filtered_claims(monkeypatch, curated):
    dataset, index = curated
    at = run(monkeypatch)
    chosen = sorted({c.type for c in dataset.claims})[:1]
    at.multiselect(key="f_types").set_value(chosen).run()
    shown = table_ids(at)
    assert shown == Filters(types=tuple(chosen)).claim_ids(index)
    hidden = [c.id for c in dataset.claims if c.id not in shown]
    mapped = [cid for cid in shown if dataset.claim(cid).places]
    labels = [b.label for b in at.get("download_button")]
    assert sorted(labels) == [
        "CSV",
        "GeoJSON",
        "GeoPackage",
        "HTML map",
        "KML",
        "KMZ",
        "PDF brief",
        "PNG map",
        "SVG map",
    ]
    builders = at.session_state["_downloads"]

    geo = json.loads(builders["geojson"]())
    assert geo["type"] == "FeatureCollection"
    assert sorted({f["properties"]["claim_id"] for f in geo["features"]}) == sorted(mapped)

    rows = list(csv.DictReader(io.StringIO(builders["csv"]().decode("utf-8"))))
    assert [r["claim_id"] for r in rows] == shown  # every claim, mapped or not

    kml = builders["kml"]().decode("utf-8")
    assert {cid for cid in shown if re.search(rf"\b{re.escape(cid)}\b", kml)} == set(mapped)
    assert not [cid for cid in hidden if re.search(rf">{re.escape(cid)}<", kml)]

    page = builders["html"]().decode("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert sorted(html_claim_ids(page)) == sorted(mapped)
    # a second call is served from the cache: same bytes
    assert builders["html"]() == page.encode("utf-8")

    svg = builders["svg"]().decode("utf-8")  # the printed map states the same view
    assert f"{len(shown)} of {len(dataset.claims)} claims in view" in svg
    assert f"Filters: types: {TYPE_LABELS[chosen[0]]}" in svg


# ----------------------------------------------------------------- URL state


def test_url_state_round_trips(monkeypatch, curated):
    dataset, index = curated
    at = run(monkeypatch)
    lo, _ = index.date_bounds()
    actor = index.values("actors")[0]
    at.slider(key="f_dates").set_value((lo, lo + dt.timedelta(days=6)))
    at.multiselect(key="f_actors").set_value([actor])
    at.text_input(key="f_search").input("border").run()
    shown = table_ids(at)
    params = qp(at)
    assert params["actor"] == [actor] and params["q"] == ["border"]

    # open the same URL in a new session: the widgets and the claims come back
    again = run(monkeypatch, params=params)
    assert table_ids(again) == shown
    assert again.multiselect(key="f_actors").value == [actor]
    assert again.text_input(key="f_search").value == "border"
    assert tuple(again.slider(key="f_dates").value) == (lo, lo + dt.timedelta(days=6))
    assert qp(again) == params


def test_bad_url_values_are_flagged_not_fatal(monkeypatch, curated):
    dataset, _ = curated
    params = {"start": "not-a-date", "type": ["crossing", "<b>nope</b>"], "min_sources": "lots"}
    at = run(monkeypatch, params=params)
    warnings = plain(" ".join(w.value for w in at.warning))
    assert "not-a-date" in warnings and "nope" in warnings and "lots" in warnings
    assert table_ids(at) == [c.id for c in dataset.claims if c.type == "crossing"]


# ----------------------------------------------------------------- selection and escaping


def test_selection_panel_shows_the_features_claims(monkeypatch, curated):
    dataset, _ = curated
    collections = layer_collections(dataset)
    feature = collections["crossings"]["features"][0]["properties"]
    at = run(monkeypatch)
    at.selectbox(key="sel").set_value(feature["feature_id"]).run()
    text = " ".join(m.value for m in at.main.markdown)
    first = dataset.claim(feature["claim_ids"][0])
    assert plain(first.claimant) in plain(text)
    assert qp(at)["sel"] == [feature["feature_id"]]
    again = run(monkeypatch, params={"sel": feature["feature_id"]})
    assert again.selectbox(key="sel").value == feature["feature_id"]


def test_hostile_text_is_escaped(monkeypatch, tmp_path):
    data = hostile_data_dir(tmp_path)
    at = run(monkeypatch, data_dir=data)
    assert "hostile-claim" in table_ids(at)
    at.selectbox(key="sel").set_value("crossings:shalamcheh-crossing").run()
    markdown = [m.value for m in at.main.markdown]
    statement = next(m for m in markdown if "onerror" in m)
    # every markup character is backslash-escaped: Markdown shows the text as written
    assert unescaped_markup(statement) == []
    assert plain(statement) == HOSTILE_STATEMENT
    quote = next(m for m in markdown if "__pwned=1</script" in plain(m))
    assert unescaped_markup(quote.removeprefix("> ")) == []
    claimant = next(m for m in markdown if "onmouseover" in m)
    assert "Mallory" in plain(claimant)
    assert "According to Mallory <b onmouseover=" in plain(claimant)
    assert not any(getattr(m.proto, "allow_html", False) for m in at.main.markdown)


def unescaped_markup(markdown: str) -> list[str]:
    """Markup characters in Markdown source that are not backslash-escaped."""
    found, i = [], 0
    while i < len(markdown):
        if markdown[i] == "\\":
            i += 2
            continue
        if markdown[i] in "<>[]()*_`$:&!#|~":
            found.append(markdown[i])
        i += 1
    return found


def test_broken_data_file_names_file_and_line(monkeypatch, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    claims = target / "claims.yaml"
    lines = claims.read_text(encoding="utf-8").splitlines()
    at_line = next(i for i, line in enumerate(lines) if line.startswith("  event_start:"))
    lines[at_line] = "  event_start: 2026-02-31"
    claims.write_text("\n".join(lines) + "\n", encoding="utf-8")
    at = run(monkeypatch, data_dir=target)
    assert at.error, "the page shows an error"
    shown = "\n".join(c.value for c in at.code)
    assert f"claims.yaml:{at_line + 1}" in shown
    assert "2026-02-31" in shown
    assert not at.exception  # a message, not a traceback
    assert not at.sidebar.multiselect  # nothing else is drawn


def test_each_view_of_the_claims_draws(monkeypatch, curated):
    dataset, _ = curated
    at = run(monkeypatch)
    at.session_state["tab"] = "Timeline"
    at.run()
    assert not at.exception
    assert at.get("vega_lite_chart"), "the timeline chart is drawn"
    assert not [d for d in at.dataframe if "statement" in d.value.columns], "only the open tab runs"

    at.session_state["tab"] = "Figures in dispute"
    at.run()
    disputes = next(d.value for d in at.dataframe if "as_reported" in d.value.columns)
    assert set(disputes["claim_id"]) <= {c.id for c in dataset.claims}
    assert len(disputes) >= 2 and disputes["outlet"].nunique() >= 2

    at.session_state["tab"] = "Sources"
    at.run()
    assert at.get("graphviz_chart"), "the citation graph is drawn"
    reporters = next(d.value for d in at.dataframe if "first_reported_by" in d.value.columns)
    assert reporters["claims"].sum() == len(dataset.claims)

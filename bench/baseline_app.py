"""The fair baseline of bench_app: what a competent Streamlit + streamlit-folium user writes.

The same data files read once per data directory with ``st.cache_data`` (through
``geo.dataset.load_dataset``, the dashboard's own loader, and one GeoJSON Feature per
claim geometry from ``geo.exports.geojson``); a date slider; one ``folium.GeoJson``
layer on a canvas map (``prefer_canvas``, circle markers, a tooltip); ``st_folium``
with ``returned_objects`` (panning does not rerun); a table of the claims in the window.
Leaflet is linked from Streamlit's static serving, the same local files the dashboard
loads (``layers.assets``), so the map renders offline. Run it from a folder whose
``static`` is ``layers/static`` (``bench_app`` makes one).
"""

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import paths
from geo.dataset import load_dataset
from geo.exports.geojson import claim_features
from layers import assets

COLUMNS = ["claim_id", "type", "statement", "claimant", "outlet", "event_start", "event_end"]


@st.cache_data(show_spinner="Loading the data…")
def load(root: str) -> tuple[pd.DataFrame, list[dict]]:
    features = [
        {**f, "properties": {c: f["properties"][c] for c in COLUMNS}}
        for f in claim_features(load_dataset(root))
    ]
    frame = pd.DataFrame([f["properties"] for f in features])
    for column in ("event_start", "event_end"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame, features


st.set_page_config(page_title="claims (baseline)", layout="wide")
frame, features = load(str(paths.data_dir()))
lo, hi = frame["event_start"].dropna().min(), frame["event_end"].dropna().max()
start, end = st.slider("Event dates", lo, hi, (lo, hi), key="dates", format="D MMM YYYY")
kept = frame[(frame["event_end"] >= start) & (frame["event_start"] <= end)]
fmap = folium.Map(location=[32.5, 48.0], zoom_start=5, tiles=None, prefer_canvas=True)
fmap.default_js = assets.js_links((assets.LEAFLET,))  # local files, not folium's CDN links
fmap.default_css = assets.css_links((assets.LEAFLET,))
folium.GeoJson(
    {"type": "FeatureCollection", "features": [features[i] for i in kept.index]},
    marker=folium.CircleMarker(radius=5, fill=True),
    tooltip=folium.GeoJsonTooltip(["statement", "outlet"]),
).add_to(fmap)
out = st_folium(
    fmap, key="map", height=600, use_container_width=True,
    returned_objects=["last_object_clicked_tooltip"],
)  # fmt: skip
st.caption((out or {}).get("last_object_clicked_tooltip") or "Click a claim on the map")
st.dataframe(kept.drop_duplicates("claim_id"), hide_index=True)

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path

import pyogrio
import pytest

from geo.dataset import load_dataset
from geo.exports.geojson import feature_collection
from geo.exports.kml import (
    KIND_ICONS,
    KML_NS,
    kml_color,
    placemark_name,
    to_kml,
    write_kml,
    write_kmz,
)
from geo.models import Quantity
from tests.dataset_factory import claim, make_dataset, sample_dataset

NS = {"k": KML_NS}


@pytest.fixture(scope="module")
def root() -> ET.Element:
    return ET.fromstring(to_kml(sample_dataset()))


def placemarks(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//k:Placemark", NS)


def data(placemark: ET.Element) -> dict[str, str]:
    return {
        d.get("name"): d.findtext("k:value", default="", namespaces=NS)
        for d in placemark.findall("k:ExtendedData/k:Data", NS)
    }


def test_is_kml_22_with_an_xml_declaration() -> None:
    raw = to_kml(sample_dataset())
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<kml')
    root = ET.fromstring(raw)
    assert root.tag == f"{{{KML_NS}}}kml"
    assert root.find("k:Document/k:name", NS) is not None


def test_a_placemark_per_claim_geometry(root: ET.Element) -> None:
    expected = feature_collection(sample_dataset())["features"]
    marks = placemarks(root)
    assert len(marks) == len(expected)
    assert sorted(data(m)["claim_id"] for m in marks) == sorted(
        f["properties"]["claim_id"] for f in expected
    )
    for mark in marks:
        assert mark.findtext("k:name", namespaces=NS)
        assert mark.findtext("k:description", namespaces=NS)


def test_routes_are_linestrings_and_places_points(root: ET.Element) -> None:
    by_claim = {data(m)["claim_id"]: m for m in placemarks(root)}
    route = by_claim["chain-long"]
    line = route.find("k:LineString", NS)
    assert line is not None and line.findtext("k:tessellate", namespaces=NS) == "1"
    coords = line.findtext("k:coordinates", namespaces=NS).split()
    assert coords[0] == "47.7804,30.50852"  # lon,lat
    assert len(coords) == 3
    point = by_claim["qaani-baghdad"].find("k:Point/k:coordinates", NS)
    assert point.text == "44.40088,33.34058"


def test_styles_per_kind_and_type_and_folders_per_type(root: ET.Element) -> None:
    document = root.find("k:Document", NS)
    styles = {s.get("id") for s in document.findall("k:Style", NS)}
    folders = [f.findtext("k:name", namespaces=NS) for f in document.findall("k:Folder", NS)]
    features = feature_collection(sample_dataset())["features"]
    types = {f["properties"]["type"] for f in features}
    assert set(folders) == types and len(folders) == len(types)
    places = sample_dataset().places
    expected = set()
    for mark in placemarks(root):
        url = mark.findtext("k:styleUrl", namespaces=NS).removeprefix("#")
        claim_type, place = data(mark)["type"], data(mark).get("place_id")
        if mark.find("k:Point", NS) is None:
            assert url == f"type-{claim_type}"
        else:  # a point's icon is its kind of place: the same under every filter
            icon = KIND_ICONS[places[place].kind]
            assert url == f"place-{icon}-{claim_type}"
        expected.add(url)
    assert styles == expected
    assert kml_color("#d62728") == "ff2827d6"


def test_a_type_has_the_same_colour_in_google_earth_as_on_the_map(root: ET.Element) -> None:
    from layers.style import TYPE_STYLES

    document = root.find("k:Document", NS)
    for style in document.findall("k:Style", NS):
        claim_type = (
            style.get("id").split("-")[-1]
            if style.get("id").startswith("place-")
            else (style.get("id").removeprefix("type-"))
        )
        colour = style.findtext("k:LineStyle/k:color", namespaces=NS)
        assert colour == kml_color(TYPE_STYLES[claim_type].color), claim_type
        icon_colour = style.findtext("k:IconStyle/k:color", namespaces=NS)
        assert icon_colour in (None, colour)


def test_names_are_shown_and_icons_never_fetched(root: ET.Element) -> None:
    raw = to_kml(sample_dataset()).decode("utf-8")
    assert "maps.google" not in raw and "mapfiles" not in raw
    document = root.find("k:Document", NS)
    for style in document.findall("k:Style", NS):
        assert float(style.findtext("k:LabelStyle/k:scale", namespaces=NS)) > 0
        href = style.findtext("k:IconStyle/k:Icon/k:href", namespaces=NS)
        assert href is None or href.startswith("data:image/png;base64,")
    by_claim = {data(m)["claim_id"]: m for m in placemarks(root)}
    baghdad = by_claim["qaani-baghdad"]
    assert baghdad.findtext("k:name", namespaces=NS) == "Baghdad"  # the place, on the map
    assert baghdad.findtext("k:Snippet", namespaces=NS) == data(baghdad)["statement"]


def test_kmz_carries_its_icons(tmp_path: Path) -> None:
    import zipfile

    path = write_kmz(sample_dataset(), tmp_path / "claims.kmz")
    with zipfile.ZipFile(path) as kmz:
        names = kmz.namelist()
        assert names[0] == "doc.kml"
        doc = ET.fromstring(kmz.read("doc.kml"))
        hrefs = {e.text for e in doc.iter(f"{{{KML_NS}}}href")}
        assert hrefs and all(h.startswith("files/") and h in names for h in hrefs)
        assert kmz.read("files/airport.png").startswith(b"\x89PNG")


def test_the_document_names_its_filter_and_time() -> None:
    import datetime as dt

    from geo.exports import ExportFilter

    at = dt.datetime(2026, 1, 20, 9, 30, tzinfo=dt.UTC)
    window = ExportFilter(start=dt.date(2026, 1, 6), as_of=dt.date(2026, 1, 18), exported_at=at)
    root = ET.fromstring(to_kml(window.select(sample_dataset()), window))
    text = root.findtext("k:Document/k:description", namespaces=NS)
    assert "events from 2026-01-06 · as known on 2026-01-18 · exported 2026-01-20 09:30 UTC" in text


def test_dated_claims_have_a_timespan(root: ET.Element) -> None:
    by_claim = {data(m)["claim_id"]: m for m in placemarks(root)}
    span = by_claim["qaani-baghdad"].find("k:TimeSpan", NS)
    assert span.findtext("k:begin", namespaces=NS) == "2026-01-06"
    assert span.findtext("k:end", namespaces=NS) == "2026-01-08"
    assert by_claim["assembly"].find("k:TimeSpan", NS) is None


def test_text_is_escaped_and_survives(tmp_path: Path) -> None:
    evil = 'Ali & <script>alert("x")</script> شلمچه \x00\x07 end'
    dataset = make_dataset(
        claims=[claim("evil", places=("basra",), statement=evil, quote=evil, claimant=evil)]
    )
    raw = to_kml(dataset)
    assert b"<script>" not in raw
    root = ET.fromstring(raw)  # well-formed despite control characters
    (mark,) = placemarks(root)
    clean = evil.replace("\x00", "").replace("\x07", "")
    assert data(mark)["statement"] == clean
    assert mark.findtext("k:Snippet", namespaces=NS) == clean
    # The description is HTML for Google Earth: the claim's words are escaped inside it.
    description = mark.findtext("k:description", namespaces=NS)
    assert "<script>" not in description
    assert html.escape(clean) in description


def test_only_web_urls_become_links() -> None:
    dataset = make_dataset(claims=[claim("c", places=("basra",))])
    root = ET.fromstring(to_kml(dataset))
    description = placemarks(root)[0].findtext("k:description", namespaces=NS)
    assert '<a href="https://themedialine.org/x">' in description


def test_long_statements_are_cut_in_the_name() -> None:
    name = placemark_name({"statement": "word " * 60})
    assert len(name) <= 90 and name.endswith("…")


def test_reads_back_through_gdal(tmp_path: Path) -> None:
    dataset = sample_dataset()
    path = write_kml(dataset, tmp_path / "claims.kml")
    layers = pyogrio.list_layers(path)
    expected = feature_collection(dataset)["features"]
    types = {f["properties"]["type"] for f in expected}
    assert set(layers[:, 0]) == types
    claim_ids: list[str] = []
    names: list[str] = []
    for layer in layers[:, 0]:
        frame = pyogrio.read_dataframe(path, layer=layer)
        assert frame.crs.to_epsg() == 4326
        claim_ids += frame["claim_id"].tolist()
        names += frame["Name"].tolist()
        assert set(frame["type"]) == {layer}
    assert sorted(claim_ids) == sorted(f["properties"]["claim_id"] for f in expected)
    assert sorted(names) == sorted(f["properties"]["place_name"] for f in expected)


def test_a_failure_midway_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    # NaN no longer passes the model: built unchecked, to make the writer fail midway
    bad = Quantity.model_construct(what="fighters", qualifier="exact", value=float("nan"), text="?")
    claims = [claim("ok", places=("basra",)), claim("bad", places=("basra",), quantities=(bad,))]
    target = tmp_path / "claims.kml"
    target.write_bytes(b"<old/>")
    with pytest.raises(ValueError):
        write_kml(make_dataset(claims=claims), target)
    assert target.read_bytes() == b"<old/>"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.kml"]


def test_real_data_reads_back(tmp_path: Path) -> None:
    dataset = load_dataset()
    path = write_kml(dataset, tmp_path / "real.kml")
    total = sum(
        len(pyogrio.read_dataframe(path, layer=name)) for name in pyogrio.list_layers(path)[:, 0]
    )
    assert total == len(feature_collection(dataset)["features"])


def test_google_earth_entities_in_claim_text_stay_text() -> None:
    # Google Earth substitutes $[name], $[geDirections] or a Data field into a balloon.
    hostile = "see $[geDirections] and $[url] <b>$[name]</b>"
    dataset = make_dataset(
        claims=[claim("ent", places=("basra",), statement=hostile, quote=hostile, claimant=hostile)]
    )
    (mark,) = placemarks(ET.fromstring(to_kml(dataset)))
    description = mark.findtext("k:description", namespaces=NS)
    assert "$[" not in description
    assert "see &#36;[geDirections] and &#36;[url] &lt;b&gt;&#36;[name]&lt;/b&gt;" in description
    assert html.unescape(description).count(hostile) == 3

"""KML 2.2 export for Google Earth: a Placemark per claim geometry, named by its place.

One Folder per claim type (GDAL reads each Folder as a layer), Points for
places and LineStrings for routes (tessellated, so they follow the ground), a
TimeSpan for dated claims (Google Earth's time slider), a readable HTML
description and every claim property as ExtendedData (lists JSON-encoded).
Claims with no place are left out.

A Placemark's name is its place ("Shalamcheh border crossing", a route "Basra
→ Ahvaz"), shown on the map; its Snippet, shown in the Places panel, is the
claim's statement. A point's icon is the map's symbol for its kind of place
(crossing, city, airport, site; a ring for a province or country), tinted with
the claim type's colour (``place-KIND-TYPE`` styles); lines take the type's
colour (``type-TYPE`` styles). Icons are never fetched: a ``.kml`` carries them
as ``data:`` URIs, a ``.kmz`` (:func:`write_kmz`) in its ``files/`` folder.
The Document's description names the filter and the export time.

Built with xml.etree: text and attributes are XML-escaped by the serializer;
the description's HTML is built from escaped values first, so a claim's words
never become markup. Characters XML 1.0 cannot carry are dropped.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

from geo.atomic import atomic_write
from geo.dates import dates_text
from geo.exports.geojson import claim_features
from geo.exports.selection import ExportFilter
from geo.geometry import format_number
from geo.models import CLAIM_TYPES
from geo.palette import TYPE_COLORS, UNKNOWN_COLOR

KML_NS = "http://www.opengis.net/kml/2.2"

#: The icons drawn by scripts/make_kml_icons.py, one per kind of place (white, tinted per type).
ICONS_DIR = Path(__file__).resolve().parent / "icons"
#: The icon of each kind of place.
KIND_ICONS = {
    "border_crossing": "border_crossing",
    "city": "city",
    "airport": "airport",
    "site": "site",
    "province": "area",
    "country": "area",
}

#: Longest Placemark name; longer statements are cut with an ellipsis.
NAME_LENGTH = 90

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> str:
    """Return ``value`` as text XML 1.0 can carry (control characters dropped)."""
    return _XML_INVALID.sub("", str(value))


def kml_color(rgb: str, alpha: int = 255) -> str:
    """Convert ``#rrggbb`` to KML's ``aabbggrr``."""
    r, g, b = rgb[1:3], rgb[3:5], rgb[5:7]
    return f"{alpha:02x}{b}{g}{r}".lower()


def _sub(parent: ET.Element, tag: str, text: Any = None, **attrib: str) -> ET.Element:
    # Plain tag names under a root declaring the KML namespace as the default one:
    # the same document, and serialised without ElementTree's slow namespace pass.
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = xml_text(text)
    return element


def placemark_name(props: dict[str, Any]) -> str:
    """Return a short name: the neutral statement, cut to :data:`NAME_LENGTH` characters."""
    text = " ".join(str(props["statement"]).split())
    return text if len(text) <= NAME_LENGTH else text[: NAME_LENGTH - 1].rstrip() + "…"


def _escape(text: str, quote: bool = True) -> str:
    """HTML-escape ``text``, and its ``$`` too: Google Earth expands ``$[name]`` entities.

    A balloon substitutes ``$[geDirections]``, ``$[name]`` or any ExtendedData
    field into the description's HTML; written as ``&#36;`` a claim's ``$[...]``
    stays the words as reported.
    """
    return html.escape(text, quote=quote).replace("$", "&#36;")


def description(props: dict[str, Any]) -> str:
    """Return the Placemark's HTML description; every value is HTML-escaped.

    The claim's words can neither become markup nor a Google Earth entity
    (``$[...]``).
    """
    e = _escape
    rows = [
        ("Claimant", props.get("claimant")),
        ("Source", props.get("outlet")),
        (
            "Event date",
            dates_text(props.get("event_start"), props.get("event_end"), props["date_precision"]),
        ),
        ("Place", props.get("place_name")),
        (
            "Precision",
            f"within about {props['precision_m'] / 1000:g} km"
            if props.get("precision_m")
            else None,
        ),
        ("Type", props.get("type")),
        ("Status (as reported)", props.get("status")),
        ("Figures", "; ".join(q.get("text", "") for q in props.get("quantities") or [])),
        ("Actors", ", ".join(props.get("actors") or [])),
        ("Independent sources", props.get("independent_sources")),
        ("Grade", props.get("grade")),
        ("Reported differently", " | ".join(props.get("conflicts") or [])),
        ("Claim id", props.get("claim_id")),
    ]
    parts = [f"<p>{e(str(props['statement']))}</p>"]
    parts.append(f"<blockquote>“{e(str(props['quote']))}”</blockquote>")
    parts.append("<table>")
    parts += [
        f"<tr><th align='left'>{e(label)}</th><td>{e(str(value))}</td></tr>"
        for label, value in rows
        if value not in (None, "")
    ]
    parts.append("</table>")
    url = props.get("url")
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        parts.append(f'<p><a href="{e(url, quote=True)}">{e(url)}</a></p>')
    return "".join(parts)


def _data_value(value: Any) -> str:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"not a finite number: {value!r}")
        return format_number(value)
    return str(value)


def _coordinates(positions: list[list[float]]) -> str:
    return " ".join(f"{format_number(lon)},{format_number(lat)}" for lon, lat in positions)


def icon_href(icon: str, packed: bool) -> str:
    """Return where a Placemark finds an icon: in the KMZ's ``files/``, or a ``data:`` URI."""
    if packed:
        return f"files/{icon}.png"
    data = base64.b64encode((ICONS_DIR / f"{icon}.png").read_bytes()).decode("ascii")
    return f"data:image/png;base64,{data}"


def _style(
    document: ET.Element, style_id: str, claim_type: str, icon: str | None, packed: bool
) -> None:
    """Add a Style: the type's colour on the line and on the kind's icon, names shown."""
    style = _sub(document, "Style", id=style_id)
    color = kml_color(TYPE_COLORS.get(claim_type, UNKNOWN_COLOR))
    if icon is not None:
        icon_style = _sub(style, "IconStyle")
        _sub(icon_style, "color", color)
        _sub(icon_style, "scale", "0.9")
        _sub(_sub(icon_style, "Icon"), "href", icon_href(icon, packed))
    label_style = _sub(style, "LabelStyle")
    _sub(label_style, "scale", "0.8")
    line_style = _sub(style, "LineStyle")
    _sub(line_style, "color", color)
    _sub(line_style, "width", "3")


def place_icon(dataset: Any, feature: dict[str, Any]) -> str | None:
    """Return the icon of a Point Placemark's place (None for a line)."""
    place_id = feature["properties"].get("place_id")
    if feature["geometry"]["type"] != "Point" or place_id not in dataset.places:
        return None
    return KIND_ICONS.get(dataset.places[place_id].kind, "city")


def style_id(feature: dict[str, Any], icon: str | None) -> str:
    """Return the id of a Placemark's style: by kind and type for a point, by type for a line."""
    claim_type = feature["properties"]["type"]
    return f"type-{claim_type}" if icon is None else f"place-{icon}-{claim_type}"


def _placemark(folder: ET.Element, feature: dict[str, Any], style: str) -> None:
    props = feature["properties"]
    placemark = _sub(folder, "Placemark", id=f"claim.{feature['id'].replace('@', '.')}")
    _sub(placemark, "name", props.get("place_name") or placemark_name(props))
    _sub(placemark, "Snippet", placemark_name(props), maxLines="2")
    _sub(placemark, "description", description(props))
    if props.get("event_start"):
        span = _sub(placemark, "TimeSpan")
        _sub(span, "begin", props["event_start"])
        _sub(span, "end", props["event_end"])
    _sub(placemark, "styleUrl", f"#{style}")
    extended = _sub(placemark, "ExtendedData")
    for key, value in props.items():
        if value is None:
            continue  # absent, read back as null
        data = _sub(extended, "Data", name=key)
        _sub(data, "value", _data_value(value))
    geometry = feature["geometry"]
    if geometry["type"] == "Point":
        point = _sub(placemark, "Point")
        _sub(point, "coordinates", _coordinates([geometry["coordinates"]]))
    else:
        line = _sub(placemark, "LineString")
        _sub(line, "tessellate", "1")
        _sub(line, "coordinates", _coordinates(geometry["coordinates"]))


def kml_tree(
    dataset: Any,
    title: str = "claimmap: reported claims",
    export_filter: ExportFilter | None = None,
    packed: bool = False,
) -> ET.ElementTree:
    """Return the KML document as an ElementTree.

    Parameters
    ----------
    dataset : the claims to export (``geo.dataset.Dataset``).
    title : the Document's name.
    export_filter : what selected the claims and when: in the Document's
        description, and each claim's ``window_match`` (default: no filter, now).
    packed : icons as ``files/`` of a KMZ (True) or ``data:`` URIs (False).
    """
    window = export_filter or ExportFilter()
    root = ET.Element("kml", xmlns=KML_NS)
    document = _sub(root, "Document")
    _sub(document, "name", title)
    _sub(
        document,
        "description",
        "Reported claims, each with its source and quote, as reported; not verified facts. "
        f"Filter: {window.summary()}.",
    )
    features = list(claim_features(dataset, window))
    types = [t for t in CLAIM_TYPES if any(f["properties"]["type"] == t for f in features)]
    types += sorted({f["properties"]["type"] for f in features} - set(types))
    styles: dict[str, tuple[str, str | None]] = {}
    for feature in features:
        icon = place_icon(dataset, feature)
        styles.setdefault(style_id(feature, icon), (feature["properties"]["type"], icon))
    for sid in sorted(styles):
        _style(document, sid, styles[sid][0], styles[sid][1], packed)
    for claim_type in types:
        folder = _sub(document, "Folder")
        _sub(folder, "name", claim_type)
        for feature in features:
            if feature["properties"]["type"] == claim_type:
                _placemark(folder, feature, style_id(feature, place_icon(dataset, feature)))
    ET.indent(root, space=" ")
    return ET.ElementTree(root)


#: The XML declaration written before the document.
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def kml_text(dataset: Any, export_filter: ExportFilter | None = None, packed: bool = False) -> str:
    """Return the export as KML text, XML declaration included.

    Serialised to one string (ElementTree writing to an encoded stream is
    several times slower: it resets the encoder on every small write).
    """
    tree = kml_tree(dataset, export_filter=export_filter, packed=packed)
    return XML_DECLARATION + ET.tostring(tree.getroot(), encoding="unicode") + "\n"


def to_kml(dataset: Any, export_filter: ExportFilter | None = None) -> bytes:
    """Return the export as KML bytes (UTF-8)."""
    return kml_text(dataset, export_filter).encode("utf-8")


def write_kml(
    dataset: Any, path: str | os.PathLike[str], export_filter: ExportFilter | None = None
) -> Path:
    """Write the export to ``path`` atomically (an existing file is never half-written)."""
    return atomic_write(path, lambda handle: handle.write(kml_text(dataset, export_filter)))


def to_kmz(dataset: Any, export_filter: ExportFilter | None = None) -> bytes:
    """Return the export as a KMZ: ``doc.kml`` and the icons in ``files/`` (a zip)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as kmz:
        # doc.kml first: Google Earth opens the first .kml entry of the archive.
        kmz.writestr("doc.kml", kml_text(dataset, export_filter, packed=True))
        for icon in sorted(set(KIND_ICONS.values())):
            kmz.write(ICONS_DIR / f"{icon}.png", f"files/{icon}.png")
    return buffer.getvalue()


def write_kmz(
    dataset: Any, path: str | os.PathLike[str], export_filter: ExportFilter | None = None
) -> Path:
    """Write the KMZ to ``path`` atomically (an existing file is never half-written)."""
    return atomic_write(path, to_kmz(dataset, export_filter))

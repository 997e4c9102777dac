"""How claims look on the map: a symbol per kind of place, a colour per claim type.

A place's symbol (its shape) depends only on its kind (crossing, city,
airport, site; provinces and countries are areas), so it stays the same under
every filter; the claim type shows as the symbol's colour. Colours and names
come from ``geo.palette`` (Paul Tol's colour-blind-safe schemes, shared with
the KML export). Each type also keeps a shape and a text glyph of its own for
places that show types without a map symbol (the dashboard's charts and
tables). Shapes are drawn by claimmap's JS (canvas or SVG).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from geo.palette import TYPE_COLORS, TYPE_LABELS, UNKNOWN_COLOR
from geo.vocab import LAYER_LABELS, LAYERS

#: Marker shapes claimmap's JS knows how to draw.
SHAPES = (
    "circle",
    "square",
    "diamond",
    "triangle",
    "triangle-down",
    "pentagon",
    "hexagon",
    "star",
    "plus",
    "cross",
    "plane",
)

#: Layer names in drawing order (bottom first), as ``layers.features`` builds them.
LAYER_ORDER = LAYERS


@dataclass(frozen=True)
class TypeStyle:
    """The look of one claim type."""

    type: str
    label: str
    color: str
    shape: str
    glyph: str


@dataclass(frozen=True)
class LayerStyle:
    """The look of one map layer, and its name in the layer control."""

    name: str
    label: str
    description: str
    dash: str | None
    weight: float
    fill_opacity: float


#: Shape and text glyph per claim type (colour and name come from ``geo.palette``).
_SHAPES: dict[str, tuple[str, str]] = {
    "recruitment": ("plus", "+"),
    "crossing": ("diamond", "\u21c4"),
    "transit": ("triangle", "\u2192"),
    "assembly": ("square", "\u25a0"),
    "flight_surge": ("star", "\u2708"),
    "onward_transfer": ("triangle-down", "\u21a0"),
    "deployment": ("hexagon", "\u2691"),
    "meeting": ("pentagon", "\u25cf"),
    "eyewitness": ("circle", "\u25c9"),
    "statement": ("square", "\u275d"),
    "denial": ("cross", "\u2715"),
    "casualties": ("star", "\u271a"),
    "arrests": ("hexagon", "\u25a3"),
    "refusal": ("cross", "\u2298"),
    "rally": ("triangle", "\u2691"),
}

TYPE_STYLES: dict[str, TypeStyle] = {
    t: TypeStyle(t, TYPE_LABELS[t], TYPE_COLORS[t], *_SHAPES[t]) for t in TYPE_COLORS
}

#: The look of a type that is not in the vocabulary (should not happen; drawn neutral).
UNKNOWN_STYLE = TypeStyle("unknown", "other", UNKNOWN_COLOR, "circle", "?")

LAYER_STYLES: dict[str, LayerStyle] = {
    s.name: s
    for s in (
        LayerStyle(
            "areas",
            LAYER_LABELS["areas"],
            "dashed translucent area: the claim names a whole province or region",
            "6 6",
            1.5,
            0.12,
        ),
        LayerStyle(
            "routes", LAYER_LABELS["routes"], "solid line: movement by road", None, 3.0, 0.0
        ),
        LayerStyle(
            "flights", LAYER_LABELS["flights"], "dashed arc: movement by air", "8 6", 2.5, 0.0
        ),
        LayerStyle(
            "crossings",
            LAYER_LABELS["crossings"],
            "marker at a named crossing; faint circle: how precisely it is known",
            "2 4",
            1.0,
            0.06,
        ),
        LayerStyle(
            "sites",
            LAYER_LABELS["sites"],
            "marker at a named place; faint circle: how precisely it is known",
            "2 4",
            1.0,
            0.06,
        ),
    )
}


@dataclass(frozen=True)
class KindStyle:
    """The symbol of one kind of place on the map, and its name in the legend."""

    kind: str
    label: str
    shape: str
    radius: float


#: The symbol of each kind of place (areas are drawn as areas; their shape is for legends).
KIND_STYLES: dict[str, KindStyle] = {
    s.kind: s
    for s in (
        KindStyle("border_crossing", "border crossing", "diamond", 7.5),
        KindStyle("city", "city", "circle", 6.5),
        KindStyle("airport", "airport", "plane", 8.5),
        KindStyle("site", "site (base, building)", "square", 6.5),
        KindStyle("province", "province (area)", "circle", 6.0),
        KindStyle("country", "country (area)", "circle", 6.0),
    )
}


def style_for(claim_type: str | None) -> TypeStyle:
    """Return the style of a claim type (a neutral grey circle for an unknown one)."""
    return TYPE_STYLES.get(claim_type or "", UNKNOWN_STYLE)


def style_table() -> dict[str, dict]:
    """Return everything claimmap's JS needs to draw and explain the map, JSON-ready."""
    return {
        "types": {t: asdict(s) for t, s in TYPE_STYLES.items()},
        "kinds": {k: asdict(s) for k, s in KIND_STYLES.items()},
        "unknown": asdict(UNKNOWN_STYLE),
        "layers": {name: asdict(LAYER_STYLES[name]) for name in LAYER_ORDER},
        "order": list(LAYER_ORDER),
    }

"""How claims look on the map: a colour and a shape (and a text glyph) per claim type.

Colours come from Paul Tol's colour-blind-safe "muted" and "vibrant" schemes,
and every type also has its own (colour, shape) pair, so that no two types
depend on colour alone. Shapes are drawn by ``claimmap.js`` (canvas or SVG);
glyphs are single characters for text-only places (tooltips, tables).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

#: Marker shapes ``claimmap.js`` knows how to draw.
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
)

#: Layer names in drawing order (bottom first), as ``layers.features`` builds them.
LAYER_ORDER = ("areas", "routes", "flights", "crossings", "sites")


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


TYPE_STYLES: dict[str, TypeStyle] = {
    s.type: s
    for s in (
        TypeStyle("recruitment", "recruitment", "#AA4499", "plus", "+"),
        TypeStyle("crossing", "border crossing", "#332288", "diamond", "\u21c4"),
        TypeStyle("transit", "transit", "#0077BB", "triangle", "\u2192"),
        TypeStyle("assembly", "assembly", "#117733", "square", "\u25a0"),
        TypeStyle("flight_surge", "flight surge", "#33BBEE", "star", "\u2708"),
        TypeStyle("onward_transfer", "onward transfer", "#44AA99", "triangle-down", "\u21a0"),
        TypeStyle("deployment", "deployment", "#882255", "hexagon", "\u2691"),
        TypeStyle("meeting", "meeting", "#999933", "pentagon", "\u25cf"),
        TypeStyle("eyewitness", "eyewitness account", "#DDCC77", "circle", "\u25c9"),
        TypeStyle("statement", "statement", "#555555", "square", "\u275d"),
        TypeStyle("denial", "denial", "#CC6677", "cross", "\u2715"),
        TypeStyle("casualties", "casualties", "#CC3311", "star", "\u271a"),
        TypeStyle("arrests", "arrests", "#EE7733", "hexagon", "\u25a3"),
        TypeStyle("refusal", "refusal", "#BBBBBB", "cross", "\u2298"),
        TypeStyle("rally", "rally", "#EE3377", "triangle", "\u2691"),
    )
}

#: The look of a type that is not in the vocabulary (should not happen; drawn neutral).
UNKNOWN_STYLE = TypeStyle("unknown", "other", "#888888", "circle", "?")

LAYER_STYLES: dict[str, LayerStyle] = {
    s.name: s
    for s in (
        LayerStyle(
            "areas",
            "Areas (province- or country-level claims)",
            "dashed translucent area: the claim names a whole province or region",
            "6 6",
            1.5,
            0.12,
        ),
        LayerStyle("routes", "Ground routes", "solid line: movement by road", None, 3.0, 0.0),
        LayerStyle("flights", "Flights", "dashed arc: movement by air", "8 6", 2.5, 0.0),
        LayerStyle(
            "crossings",
            "Border crossings",
            "marker at a named crossing; faint circle: how precisely it is known",
            "2 4",
            1.0,
            0.06,
        ),
        LayerStyle(
            "sites",
            "Cities, airports and sites",
            "marker at a named place; faint circle: how precisely it is known",
            "2 4",
            1.0,
            0.06,
        ),
    )
}


def style_for(claim_type: str | None) -> TypeStyle:
    """Return the style of a claim type (a neutral grey circle for an unknown one)."""
    return TYPE_STYLES.get(claim_type or "", UNKNOWN_STYLE)


def style_table() -> dict[str, dict]:
    """Return everything ``claimmap.js`` needs to draw and explain the map, JSON-ready."""
    return {
        "types": {t: asdict(s) for t, s in TYPE_STYLES.items()},
        "unknown": asdict(UNKNOWN_STYLE),
        "layers": {name: asdict(LAYER_STYLES[name]) for name in LAYER_ORDER},
        "order": list(LAYER_ORDER),
    }


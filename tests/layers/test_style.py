from __future__ import annotations

import itertools
import json
import re

import pytest

from geo.models import CLAIM_TYPES
from layers import assets
from layers.features import LAYERS
from layers.style import (
    LAYER_ORDER,
    LAYER_STYLES,
    SHAPES,
    TYPE_STYLES,
    UNKNOWN_STYLE,
    style_for,
    style_table,
)

# Colour-vision-deficiency simulation (Machado, Oliveira & Fernandes 2009, severity 1),
# applied to linear RGB.
CVD = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def to_linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def lab_as_seen(hex_color: str, matrix) -> tuple[float, float, float]:
    rgb = [to_linear(int(hex_color[i : i + 2], 16)) for i in (1, 3, 5)]
    r, g, b = (
        max(0.0, min(1.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix
    )
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def delta_e(a: str, b: str, matrix) -> float:
    pairs = zip(lab_as_seen(a, matrix), lab_as_seen(b, matrix), strict=True)
    return sum((p - q) ** 2 for p, q in pairs) ** 0.5


def test_every_claim_type_has_a_style_and_no_more() -> None:
    assert set(TYPE_STYLES) == set(CLAIM_TYPES)
    for claim_type, style in TYPE_STYLES.items():
        assert style.type == claim_type
        assert re.fullmatch(r"#[0-9A-F]{6}", style.color)
        assert style.shape in SHAPES
        assert len(style.glyph) == 1 and style.label


def test_no_two_types_look_alike() -> None:
    pairs = [(s.color, s.shape) for s in TYPE_STYLES.values()]
    assert len(set(pairs)) == len(pairs)
    assert len({s.label for s in TYPE_STYLES.values()}) == len(TYPE_STYLES)


def test_colours_are_distinct_in_normal_vision() -> None:
    worst = min(
        (delta_e(a.color, b.color, CVD["normal"]), a.type, b.type)
        for a, b in itertools.combinations(TYPE_STYLES.values(), 2)
    )
    assert worst[0] >= 15, worst


@pytest.mark.parametrize("vision", sorted(CVD))
def test_types_sharing_a_shape_differ_in_colour_for_colour_blind_readers(vision: str) -> None:
    # Two types may share a shape only when their colours stay far apart under
    # every common colour-vision deficiency.
    same_shape = [
        (a, b) for a, b in itertools.combinations(TYPE_STYLES.values(), 2) if a.shape == b.shape
    ]
    assert same_shape, "the check would be empty"
    worst = min((delta_e(a.color, b.color, CVD[vision]), a.type, b.type) for a, b in same_shape)
    assert worst[0] >= 20, worst


def test_unknown_type_falls_back_to_a_neutral_style() -> None:
    assert style_for("no-such-type") is UNKNOWN_STYLE
    assert style_for(None) is UNKNOWN_STYLE
    assert style_for("crossing").shape == "diamond"


def test_layers_match_the_feature_builder() -> None:
    assert LAYER_ORDER == LAYERS
    assert set(LAYER_STYLES) == set(LAYERS)
    assert LAYER_STYLES["routes"].dash is None  # ground routes solid
    assert LAYER_STYLES["flights"].dash  # air arcs dashed
    assert LAYER_STYLES["areas"].dash and 0 < LAYER_STYLES["areas"].fill_opacity < 0.3


def test_style_table_is_json_and_complete() -> None:
    table = json.loads(json.dumps(style_table()))
    assert set(table["types"]) == set(CLAIM_TYPES)
    assert table["order"] == list(LAYER_ORDER)
    assert table["types"]["flight_surge"]["shape"] == "star"


def test_claimmap_js_draws_every_shape() -> None:
    js = assets.claimmap_js()
    body = js[js.index("var SHAPES = {") :]
    body = body[: body.index("};")]
    drawn = set(re.findall(r"^\s*'?([a-z-]+)'?\s*:", body, flags=re.MULTILINE)) | {"circle"}
    assert set(SHAPES) == drawn

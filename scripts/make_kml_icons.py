"""Draw the KML export's place icons (geo/exports/icons/*.png) with Pillow.

One white symbol with a dark outline per kind of place, the same shapes as the
map's (layers/style.py KIND_STYLES): Google Earth tints the white with each
claim type's colour (IconStyle color). Run once when a shape changes; the
PNGs are committed, so neither the export nor its tests need Pillow.

Usage: ``python scripts/make_kml_icons.py``.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "geo" / "exports" / "icons"
SIZE = 64
SUPER = 4  # drawn 4x larger, then scaled down: smooth edges
OUTLINE = (40, 40, 40, 255)
FILL = (255, 255, 255, 255)

PLANE = [(0, -1.35), (0.17, -0.55), (1.3, 0.1), (1.3, 0.38), (0.17, 0.08), (0.13, 0.78),
         (0.5, 1.05), (0.5, 1.28), (0, 1.12), (-0.5, 1.28), (-0.5, 1.05), (-0.13, 0.78),
         (-0.17, 0.08), (-1.3, 0.38), (-1.3, 0.1), (-0.17, -0.55)]  # fmt: skip
SHAPES = {
    "border_crossing": [(0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)],
    "site": [(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
    "airport": PLANE,
}


def polygon(unit: list[tuple[float, float]], radius: float, centre: float) -> list[tuple]:
    return [(centre + x * radius, centre + y * radius) for x, y in unit]


def draw(kind: str) -> Image.Image:
    size = SIZE * SUPER
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    c, r, w = size / 2, size * 0.36, 3 * SUPER
    if kind in SHAPES:
        pen.polygon(polygon(SHAPES[kind], r, c), fill=FILL, outline=OUTLINE, width=w)
    elif kind == "city":
        pen.ellipse((c - r, c - r, c + r, c + r), fill=FILL, outline=OUTLINE, width=w)
    else:  # an area (province, country): a ring of dashes, as on the map
        for i in range(16):
            a0, a1 = 2 * math.pi * i / 16, 2 * math.pi * (i + 0.6) / 16
            pen.arc(
                (c - r, c - r, c + r, c + r),
                math.degrees(a0),
                math.degrees(a1),
                fill=FILL,
                width=4 * SUPER,
            )
        pen.ellipse(
            (c - r * 0.3, c - r * 0.3, c + r * 0.3, c + r * 0.3),
            fill=FILL,
            outline=OUTLINE,
            width=2 * SUPER,
        )
    return image.resize((SIZE, SIZE), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for kind in ("border_crossing", "city", "airport", "site", "area"):
        draw(kind).save(OUT / f"{kind}.png", optimize=True)
        print(f"wrote {OUT / (kind + '.png')}")


if __name__ == "__main__":
    main()

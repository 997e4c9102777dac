"""Sizes, colours and text settings shared by every part of a printed map.

Sizes are given in points for a map 12 inches wide and scaled with the
figure (``Ink.scale``), so a small PNG looks like a reduced copy of a large
one. Claim colours and shapes come from ``layers.style`` (the web map's
colour-blind-safe palette, ``geo.palette``); the base map is drawn in greys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from layers.publish.text import JOINERS, clean, is_arabic_script, language_of

#: Figure width (inches) the point sizes below are designed for.
DESIGN_WIDTH_IN = 12.0

SEA = "#E4ECF1"
LAND = "#F6F4F0"
BORDER = "#A59F96"
COUNTRY_TEXT = "#8E887F"
INK = "#1F1F1F"
MUTED = "#5C5C5C"
HALO = "#FFFFFF"
STOP = "#3A3A3A"
CONFLICT_EDGE = "#000000"

#: style.SHAPES -> matplotlib marker codes.
MARKERS = {
    "circle": "o",
    "square": "s",
    "diamond": "D",
    "triangle": "^",
    "triangle-down": "v",
    "pentagon": "p",
    "hexagon": "h",
    "star": "*",
    "plus": "P",
    "cross": "X",
}
#: Markers that look small at the same size, drawn a little larger.
MARKER_BOOST = {"*": 1.35, "P": 1.1, "X": 1.1, "D": 0.9}


@dataclass(frozen=True)
class Ink:
    """The scale of a figure and the font families its text is drawn with.

    Parameters
    ----------
    scale : multiplier of every point size (figure width / 12 in, clamped).
    families : font families in fallback order (``layers.publish.fonts``).
    """

    scale: float
    families: tuple[str, ...]

    @classmethod
    def for_width(cls, width_in: float, families: tuple[str, ...]) -> Ink:
        """Return the ink of a figure ``width_in`` inches wide."""
        return cls(min(max(width_in / DESIGN_WIDTH_IN, 0.45), 3.0), families)

    def pt(self, size: float) -> float:
        """Return a design size in points at this figure's scale."""
        return size * self.scale

    def families_for(self, sample: str) -> list[str]:
        """Return the family list for ``sample``: the Arabic face first when it has joiners.

        A zero-width non-joiner (Persian) taken from the Latin face makes matplotlib's
        PDF output misplace the letters after it; the Arabic face's one does not.
        """
        families = list(self.families)
        if len(families) > 1 and JOINERS & set(sample) and is_arabic_script(sample):
            families[0], families[1] = families[1], families[0]
        return families

    def text(
        self,
        size: float,
        *,
        weight: str = "normal",
        style: str = "normal",
        color: str = INK,
        halo: float = 0.0,
        sample: str = "",
    ) -> dict[str, Any]:
        """Return keyword arguments for a matplotlib Text (no mathtext, shaped right).

        ``sample`` is the text to be drawn: Arabic-script text gets its
        language (``ar`` or ``fa``) so that libraqm shapes it as such.
        ``halo`` draws the letters as a white outline of that many points (a halo to
        put beneath the same text drawn plainly; see ``layers.publish.labels``).
        """
        kw: dict[str, Any] = {
            "fontfamily": self.families_for(sample),
            "fontsize": self.pt(size),
            "fontweight": weight,
            "fontstyle": style,
            "color": color,
            "parse_math": False,
        }
        language = language_of(sample) if sample else None
        if language:
            kw["language"] = language
        if halo:
            from matplotlib import patheffects

            kw["path_effects"] = [patheffects.Stroke(linewidth=self.pt(halo), foreground=HALO)]
        return kw


def safe(text: object) -> str:
    """Return document text ready for a Text artist (see ``layers.publish.text.clean``)."""
    return clean(text)


def measurer(renderer: Any, look: dict[str, Any]) -> Any:
    """Return a function giving the width in points of a text drawn with ``look``.

    Widths are cached per string (word-by-word wrapping asks for the same words often).
    """
    import functools

    from matplotlib.font_manager import FontProperties

    prop = FontProperties(
        family=look["fontfamily"],
        size=look["fontsize"],
        weight=look.get("fontweight", "normal"),
        style=look.get("fontstyle", "normal"),
    )
    to_points = 72.0 / renderer.dpi

    @functools.lru_cache(maxsize=20_000)
    def width(text: str) -> float:
        if not text:
            return 0.0
        return renderer.get_text_width_height_descent(text, prop, ismath=False)[0] * to_points

    return width

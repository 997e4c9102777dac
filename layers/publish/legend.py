"""The printed map's key: the claim types in view, how claims are drawn, and the scale.

The legend is drawn in its own axes (0..1 in both directions, top down) beside
the map; the scale bar sits in the map's lower left corner, its length
measured on the ground (``MapFrame.metres_east``: geodesic, true at the bar).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from layers.publish import ink as colours
from layers.publish.frame import MapFrame, nice_distance
from layers.style import TYPE_STYLES, style_for

#: Design sizes (points) of the legend's text.
HEADING, ROW, NOTE = 9.5, 8.2, 7.2


def types_in_view(collections: Mapping[str, Mapping[str, Any]]) -> Counter[str]:
    """Return claim type -> number of claims drawn on the map, in the vocabulary's order."""
    seen: dict[str, str] = {}
    for collection in collections.values():
        for feature in collection.get("features", ()):
            for claim in feature["properties"].get("claims") or ():
                seen[claim["claim_id"]] = claim["type"]
    counts = Counter(seen.values())
    order = list(TYPE_STYLES)
    return Counter(
        dict(sorted(counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99))
    )


class _Rows:
    """A top-down writer of legend rows in an axes' 0..1 coordinates."""

    def __init__(self, ax: Any, ink: colours.Ink, height_in: float):
        self.ax, self.ink, self.y = ax, ink, 1.0
        self.unit = 1.0 / (height_in * 72.0)  # one point, in axes units

    def step(self, points: float) -> float:
        """Move down ``points`` (design size); return the new baseline."""
        self.y -= self.ink.pt(points) * self.unit
        return self.y

    def heading(self, text: str) -> None:
        """Write a section heading."""
        y = self.step(HEADING + 5)
        look = self.ink.text(HEADING, weight="bold")
        self.ax.text(0.0, y, text, va="baseline", transform=self.ax.transAxes, **look)
        self.step(3)

    def row(self, draw: Any, text: str, size: float = ROW) -> None:
        """Draw a symbol with ``draw(x0, x1, y)`` and write ``text`` beside it."""
        y = self.step(size + 5.5)
        draw(0.02, 0.16, y + self.ink.pt(size * 0.32) * self.unit)
        look = self.ink.text(size, sample=text)
        self.ax.text(0.21, y, text, va="baseline", transform=self.ax.transAxes, **look)

    def note(self, text: str, wrap_at: int = 44) -> None:
        """Write a short note in small grey type, wrapped by words."""
        import textwrap

        for line in textwrap.wrap(text, wrap_at):
            y = self.step(NOTE + 3)
            look = self.ink.text(NOTE, color=colours.MUTED, sample=line)
            self.ax.text(0.0, y, line, va="baseline", transform=self.ax.transAxes, **look)


def draw_legend(
    ax: Any, collections: Mapping[str, Mapping[str, Any]], ink: colours.Ink, height_in: float
) -> None:
    """Draw the key in ``ax`` (an empty axes beside the map)."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    rows = _Rows(ax, ink, height_in)
    types = types_in_view(collections)
    rows.heading("Claim types (claims on the map)")
    if not types:
        rows.note("No claim in view has a place.")
    for claim_type, count in types.items():
        look = style_for(claim_type)
        rows.row(
            _marker(ax, ink, look.color, colours.MARKERS.get(look.shape, "o")),
            f"{look.label} ({count})",
        )
    rows.heading("How claims are drawn")
    rows.row(_line(ax, ink, "solid", 2.4), "Ground route (movement by road)")
    rows.row(_line(ax, ink, (0, (4, 2.2)), 1.8), "Flight (dashed arc; not the track)")
    rows.row(_area(ax, ink), "Area of uncertainty: only a")
    rows.step(-2)
    rows.row(lambda *a: None, "province or country is named")
    rows.row(_marker(ax, ink, "#BBBBBB", "o", conflict=True), "Sources conflict (figures, dates)")
    rows.row(_marker(ax, ink, colours.STOP, "o", size=4.5), "Place a route or flight joins")
    rows.row(_sizes(ax, ink), "Marker size: number of claims")
    rows.step(4)
    rows.note(
        "Every item is a claim as reported by its source, not a verified fact. "
        "Border crossings are placed to about 4 km; provinces are drawn as circles of "
        "their extent."
    )


def _marker(
    ax: Any, ink: colours.Ink, color: str, marker: str, conflict: bool = False, size: float = 9.0
) -> Any:
    def draw(x0: float, x1: float, y: float) -> None:
        ax.plot(
            [(x0 + x1) / 2],
            [y],
            marker=marker,
            linestyle="none",
            markersize=ink.pt(size) * colours.MARKER_BOOST.get(marker, 1.0),
            markerfacecolor=color,
            markeredgecolor=colours.CONFLICT_EDGE if conflict else colours.HALO,
            markeredgewidth=ink.pt(1.8 if conflict else 0.9),
            transform=ax.transAxes,
            clip_on=False,
        )

    return draw


def _line(ax: Any, ink: colours.Ink, style: Any, width: float) -> Any:
    def draw(x0: float, x1: float, y: float) -> None:
        ax.plot(
            [x0, x1],
            [y, y],
            color=colours.MUTED,
            linewidth=ink.pt(width),
            linestyle=style,
            transform=ax.transAxes,
            clip_on=False,
        )

    return draw


def _area(ax: Any, ink: colours.Ink) -> Any:
    from matplotlib.patches import Rectangle

    def draw(x0: float, x1: float, y: float) -> None:
        height = ink.pt(9) / (ax.get_window_extent().height / ax.figure.dpi * 72)
        ax.add_patch(
            Rectangle(
                (x0, y - height / 2),
                x1 - x0,
                height,
                transform=ax.transAxes,
                facecolor=(0.36, 0.36, 0.36, 0.10),
                edgecolor=colours.MUTED,
                linestyle=(0, (5, 3)),
                linewidth=ink.pt(1.0),
                clip_on=False,
            )
        )

    return draw


def _sizes(ax: Any, ink: colours.Ink) -> Any:
    from layers.publish.symbols import marker_size

    def draw(x0: float, x1: float, y: float) -> None:
        for share, claims in ((0.2, 1), (0.55, 10)):
            ax.plot(
                [x0 + (x1 - x0) * share],
                [y],
                marker="o",
                linestyle="none",
                markersize=marker_size(ink, claims),
                markerfacecolor="none",
                markeredgecolor=colours.MUTED,
                markeredgewidth=ink.pt(0.8),
                transform=ax.transAxes,
                clip_on=False,
            )

    return draw


def draw_scale_bar(ax: Any, frame: MapFrame, ink: colours.Ink) -> Any:
    """Draw a scale bar in the map's lower left corner; return its box (display pixels)."""
    from matplotlib.patches import Rectangle

    xmin, ymin, xmax, ymax = frame.bounds
    x0, y0 = xmin + (xmax - xmin) * 0.035, ymin + (ymax - ymin) * 0.06
    per_metre = frame.metres_east(x0, y0, 100_000.0) / 100_000.0
    length = nice_distance((xmax - xmin) * 0.22 / per_metre)
    width = length * per_metre
    height = (ymax - ymin) * 0.008
    pad = (xmax - xmin) * 0.012
    backing = ax.add_patch(
        Rectangle(
            (x0 - pad, y0 - height * 5.2),
            width + 2.6 * pad,
            height * 10.5,
            facecolor=(1, 1, 1, 0.8),
            edgecolor="none",
            zorder=8,
        )
    )
    for i in range(2):
        ax.add_patch(
            Rectangle(
                (x0 + width / 2 * i, y0),
                width / 2,
                height,
                zorder=9,
                facecolor=colours.INK if i == 0 else colours.HALO,
                edgecolor=colours.INK,
                linewidth=ink.pt(0.6),
            )
        )
    look = ink.text(7.5)
    unit, scale = ("km", 1000.0) if length >= 1000 else ("m", 1.0)
    for value, x in ((0, x0), (length / 2, x0 + width / 2), (length, x0 + width)):
        text = f"{value / scale:g}" + (f" {unit}" if value == length else "")
        ax.text(x, y0 + height * 1.8, text, ha="center", va="bottom", zorder=9, **look)
    note = ink.text(6.5, color=colours.MUTED)
    ax.text(
        x0,
        y0 - height * 1.2,
        "distance true at this latitude",
        ha="left",
        va="top",
        zorder=9,
        **note,
    )
    return backing.get_window_extent(ax.figure.canvas.get_renderer())

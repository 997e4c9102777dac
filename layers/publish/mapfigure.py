"""One printed map as a matplotlib Figure: header, map, key and footer.

``map_figure`` lays the figure out either as an image of a given width (PNG,
SVG: the height follows the map's shape) or as a fixed page (the PDF brief's
A4 landscape first page), draws every part, and returns the figure and what
it drew (labels placed and left out), for the writers in ``layers.publish``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from layers.publish import captions
from layers.publish import ink as colours
from layers.publish.frame import MapFrame, claims_bbox

#: The PDF brief's page sizes (inches).
A4_LANDSCAPE = (11.69, 8.27)
A4_PORTRAIT = (8.27, 11.69)


@dataclass(frozen=True)
class PrintOptions:
    """What a printed map shows and how large it is.

    Parameters
    ----------
    width_px, dpi : the PNG's width in pixels and its resolution; the SVG has
        the same size in inches (``width_px / dpi``).
    start, end : the window the claims were selected with (for the title).
    total : how many claims the whole data set holds (for "54 of 116").
    title : a title to use instead of the one made from the window.
    note : more words for the filter line (e.g. a story step).
    today : the date written in the footer.
    stories : stories the PDF brief walks through after its documents (``geo.stories``).
    """

    width_px: int = 2400
    dpi: int = 200
    start: dt.date | None = None
    end: dt.date | None = None
    total: int | None = None
    title: str | None = None
    note: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    stories: tuple[Any, ...] = ()


@dataclass
class Drawn:
    """What ``map_figure`` drew: the figure, and the labels placed and left out."""

    figure: Any
    placed: list[str]
    dropped: list[str]


def _wrapped(fig: Any, text: str, look: dict[str, Any], width_in: float) -> list[str]:
    from layers.publish.text import wrap

    measure = colours.measurer(fig.canvas.get_renderer(), look)
    return wrap(text, width_in * 72.0, measure)


def _line_in(ink: colours.Ink, size: float, leading: float = 1.32) -> float:
    return ink.pt(size) * leading / 72.0


#: The design sizes (points) and leading of the header and footer lines.
TITLE, FILTER, FOOT = (17.0, 1.2), (8.8, 1.32), (7.2, 1.32)


@dataclass
class _Words:
    """The header and footer lines, wrapped to the figure's width, with their looks."""

    title: list[str]
    filter: list[str]
    foot: list[str]
    looks: dict[str, dict[str, Any]]

    def height(self, ink: colours.Ink, part: str) -> float:
        """Return the height in inches of the header (``head``) or the footer (``foot``)."""
        if part == "head":
            return (
                len(self.title) * _line_in(ink, *TITLE)
                + len(self.filter) * _line_in(ink, *FILTER)
                + ink.pt(8) / 72
            )
        return len(self.foot) * _line_in(ink, *FOOT) + ink.pt(6) / 72


def _words(fig: Any, dataset: Any, options: PrintOptions, ink: colours.Ink, width: float) -> _Words:
    """Return the title, filter and footer lines (sources, then credits) wrapped to ``width``."""
    looks = {
        "title": ink.text(TITLE[0], weight="bold"),
        "filter": ink.text(FILTER[0], color=colours.MUTED),
        "foot": ink.text(FOOT[0], color=colours.MUTED),
    }
    title = captions.title(options.start, options.end, options.title)
    filter_text = captions.filter_line(
        dataset, options.total, options.start, options.end, options.note
    )
    sources = captions.sources_line(captions.documents_in_view(dataset))
    credits = f"{captions.CREDITS}, {options.today.isoformat()}."
    foot = _wrapped(fig, sources, looks["foot"], width)[:4]
    foot += _wrapped(fig, credits, looks["foot"], width)
    return _Words(
        _wrapped(fig, title, looks["title"], width),
        _wrapped(fig, filter_text, looks["filter"], width),
        foot,
        looks,
    )


def _write_words(fig: Any, words: _Words, ink: colours.Ink, margin: float, bottom: float) -> None:
    """Write the header from the top margin down and the footer below the map."""
    width, height = fig.get_size_inches()
    y = height - margin
    for lines, look, size in (
        (words.title, words.looks["title"], TITLE),
        (words.filter, words.looks["filter"], FILTER),
    ):
        for line in lines:
            y -= _line_in(ink, *size)
            fig.text(margin / width, y / height, line, va="baseline", **look)
    y = bottom - ink.pt(4) / 72
    for line in words.foot:
        y -= _line_in(ink, *FOOT)
        fig.text(margin / width, y / height, line, va="baseline", **words.looks["foot"])


def map_figure(
    dataset: Any,
    options: PrintOptions,
    page: tuple[float, float] | None = None,
    generic_font: bool = False,
) -> Drawn:
    """Draw the claims of ``dataset`` on a map; ``page`` fixes the size (inches).

    Without ``page`` the figure is ``options.width_px / options.dpi`` inches wide
    and as high as the map's shape asks. ``generic_font`` ends every font list
    with ``sans-serif`` (for SVG viewers).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from layers.features import layer_collections
    from layers.publish.fonts import GENERIC, find_fonts
    from layers.publish.legend import draw_legend

    families = find_fonts().families + ((GENERIC,) if generic_font else ())
    collections = layer_collections(dataset)
    frame = MapFrame.around(claims_bbox(collections))
    width_in = page[0] if page else options.width_px / options.dpi
    ink = colours.Ink.for_width(width_in, families)
    fig = Figure(figsize=(width_in, page[1] if page else 6.0), dpi=options.dpi)
    FigureCanvasAgg(fig)
    margin, legend_w, gap = ink.pt(22) / 72, ink.pt(190) / 72, ink.pt(16) / 72
    words = _words(fig, dataset, options, ink, width_in - 2 * margin)
    head_h, foot_h = words.height(ink, "head"), words.height(ink, "foot")
    map_w = width_in - 2 * margin - legend_w - gap
    if page:
        height_in = page[1]
        map_h = height_in - 2 * margin - head_h - foot_h
    else:
        legend_need = ink.pt(150 + 13.7 * (len(_types(collections)) + 9)) / 72
        map_h = max(map_w / min(max(frame.aspect, 1.0), 1.9), legend_need)
        height_in = 2 * margin + head_h + map_h + foot_h
        fig.set_size_inches(width_in, height_in)
    bottom = margin + foot_h
    rect = (margin / width_in, bottom / height_in, map_w / width_in, map_h / height_in)
    placed, dropped = _draw_map(fig, rect, frame.fitted(map_w / map_h), dataset, collections, ink)
    legend_x = (margin + map_w + gap) / width_in
    legend_ax = fig.add_axes((legend_x, rect[1], legend_w / width_in, rect[3]))
    draw_legend(legend_ax, collections, ink, map_h)
    _write_words(fig, words, ink, margin, bottom)
    return Drawn(fig, placed, dropped)


def _types(collections: Any) -> Any:
    from layers.publish.legend import types_in_view

    return types_in_view(collections)


def _draw_map(
    fig: Any, rect: tuple[float, ...], frame: MapFrame, dataset: Any, collections: Any, ink: Any
) -> tuple[list[str], list[str]]:
    """Draw the base map, the claims, the names and the scale bar in a new axes."""
    from layers.publish import symbols
    from layers.publish.basemap import draw_basemap
    from layers.publish.labels import label_specs, place_labels
    from layers.publish.legend import draw_scale_bar

    ax = fig.add_axes(rect)
    xmin, ymin, xmax, ymax = frame.bounds
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(colours.BORDER)
        spine.set_linewidth(ink.pt(0.8))
    countries = draw_basemap(ax, frame, ink, dataset.places)
    features = {name: collections[name]["features"] for name in collections}
    symbols.draw_areas(ax, frame, features["areas"], ink)
    symbols.draw_lines(ax, frame, features["routes"], ink, flights=False)
    symbols.draw_lines(ax, frame, features["flights"], ink, flights=True)
    marks = symbols.draw_points(
        ax, frame, {"crossings": features["crossings"], "sites": features["sites"]}, ink
    )
    drawn = {m.place_id for m in marks}
    for feature in features["crossings"]:
        drawn.update(feature["properties"]["place_ids"])
    marks += symbols.draw_stops(ax, frame, features["routes"] + features["flights"], drawn, ink)
    scale_bar = draw_scale_bar(ax, frame, ink)
    specs = label_specs(marks, features["areas"], countries, dataset.places, frame)
    return place_labels(ax, specs, marks, ink, keep_clear=[scale_bar])

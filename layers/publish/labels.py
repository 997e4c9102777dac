"""Names on the printed map, placed most important first, never on top of each other.

Each place drawn gets a label: its short English name and, below it, its name
in the local script (Persian in Iran, Arabic elsewhere; both sides for a border
crossing). Labels are placed greedily in order of importance (claims at the
place, then crossings, other places, route stops, provinces, countries): each
tries eight positions around its marker and takes the first that overlaps no
label already placed, no marker and stays inside the map; a label with no room
is left out (and counted). Greedy candidate placement is the standard
cartographic approach (Imhof; Christensen et al.); adjustText, the common
matplotlib helper, pushes labels apart without priorities and may leave
overlaps, which a printed map cannot have.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from geo.models import Place
from layers.publish import ink as colours
from layers.publish.basemap import CountryLabel
from layers.publish.symbols import Mark
from layers.publish.text import local_name, short_name

#: Order of label kinds when claims are equal (lower first).
KIND_RANK = {"crossings": 0, "sites": 1, "stops": 2, "areas": 3, "countries": 4}

#: Candidate positions around a point: (direction x, direction y, box alignment).
POINT_POSITIONS = (
    (1, 0, (0.0, 0.5)),
    (-1, 0, (1.0, 0.5)),
    (0, 1, (0.5, 0.0)),
    (0, -1, (0.5, 1.0)),
    (0.75, 0.75, (0.0, 0.0)),
    (0.75, -0.75, (0.0, 1.0)),
    (-0.75, 0.75, (1.0, 0.0)),
    (-0.75, -0.75, (1.0, 1.0)),
    (2.2, 0, (0.0, 0.5)),
    (-2.2, 0, (1.0, 0.5)),
    (0, 2.2, (0.5, 0.0)),
    (0, -2.2, (0.5, 1.0)),
    # Farther out, joined to the marker by a thin leader line.
    (3.5, 2.5, (0.0, 0.0)),
    (3.5, -2.5, (0.0, 1.0)),
    (-3.5, 2.5, (1.0, 0.0)),
    (-3.5, -2.5, (1.0, 1.0)),
    (5.0, 0, (0.0, 0.5)),
    (-5.0, 0, (1.0, 0.5)),
    (0, 4.5, (0.5, 0.0)),
    (0, -4.5, (0.5, 1.0)),
)
#: Points kept clear around other places' markers.
CLEARANCE = 5.0
#: Positions this far out (in gaps) get a leader line.
LEADER_FROM = 2.0
#: Candidate positions for an area's name: centred, then a little above or below.
AREA_POSITIONS = ((0, 0, (0.5, 0.5)), (0, 1.6, (0.5, 0.5)), (0, -1.6, (0.5, 0.5)))


@dataclass(frozen=True)
class LabelSpec:
    """A label to place: its words, its anchor (projected metres) and its rank."""

    key: str
    name: str
    local: str | None
    anchors: tuple[tuple[float, float], ...]
    gap: float  # points between the anchor and the label (0: centred on it)
    kind: str
    claims: int


def _local(place: Place, places: Mapping[str, Place]) -> str | None:
    """Return the local name, with the other side's for a border crossing."""
    names = [local_name(place)]
    other = places.get(place.other_side) if place.other_side else None
    if other is not None:
        names.append(local_name(other))
    kept = [n for n in dict.fromkeys(names) if n]
    # The Arabic comma: one script, one run, laid out right to left as a whole.
    return "، ".join(kept) if kept else None


def label_specs(
    marks: Iterable[Mark],
    areas: Iterable[Mapping[str, Any]],
    countries: Iterable[CountryLabel],
    places: Mapping[str, Place],
    frame: Any,
) -> list[LabelSpec]:
    """Return every label to try, most important first."""
    specs = []
    for mark in marks:
        place = places[mark.place_id]
        specs.append(
            LabelSpec(
                mark.place_id,
                short_name(place),
                _local(place, places),
                ((mark.x, mark.y),),
                mark.size / 2 + 2,
                mark.layer,
                mark.claims,
            )
        )
    for feature in areas:
        props, geometry = feature["properties"], feature["geometry"]
        place = places.get(props["place_ids"][0])
        if place is None or geometry["type"] != "Point" or place.kind == "country":
            continue
        x, y = frame.project(*geometry["coordinates"][:2])
        count = int(props.get("claim_count") or len(props.get("claim_ids") or ()))
        # Anywhere well inside the circle names it: the centre, then halfway out.
        half = 0.5 * float(props.get("radius_m") or 0.0)
        anchors = ((x, y), (x, y + half), (x, y - half), (x + half, y), (x - half, y))
        anchors += tuple((x + dx * half, y + dy * half) for dx in (-0.8, 0.8) for dy in (-0.8, 0.8))
        specs.append(
            LabelSpec(
                place.id, short_name(place), _local(place, places), anchors, 0, "areas", count
            )
        )
    for country in countries:
        local = country.local or None
        specs.append(
            LabelSpec(
                f"country:{country.name}",
                country.name.upper(),
                local,
                country.anchors,
                0,
                "countries",
                0,
            )
        )
    return sorted(specs, key=_importance)


def _importance(spec: LabelSpec) -> tuple[Any, ...]:
    """Return a sort key: marked places first, by claims; then route stops, areas, countries."""
    group = 0 if spec.kind in ("crossings", "sites") else KIND_RANK[spec.kind]
    return (group, -spec.claims, KIND_RANK[spec.kind], spec.name)


def _box(spec: LabelSpec, ink: colours.Ink, align: str, halo: bool = False) -> Any:
    """Return the label's two lines as one offset box; ``halo``: their white outline only.

    The outline is a separate box drawn beneath the text (path effects would turn
    the text itself into outlines, and an SVG would lose its searchable names).
    """
    from matplotlib.offsetbox import TextArea, VPacker

    country = spec.kind == "countries"
    area = spec.kind == "areas"
    name_color = colours.COUNTRY_TEXT if country else colours.MUTED if area else colours.INK
    local_color = colours.COUNTRY_TEXT if country else colours.MUTED
    outline = 2.4 if halo else 0.0
    main_look = ink.text(
        10.5 if country else 8.6 if area else 9.2,
        weight="bold" if spec.kind in ("crossings", "sites") else "normal",
        style="italic" if area else "normal",
        color=colours.HALO if halo else name_color,
        halo=outline,
        sample=spec.name,
    )
    lines = [TextArea(spec.name, textprops=main_look)]
    if spec.local:
        color = colours.HALO if halo else local_color
        local_look = ink.text(8.4 if country else 8.0, color=color, halo=outline, sample=spec.local)
        lines.append(TextArea(spec.local, textprops=local_look))
    return VPacker(children=lines, align=align, pad=0, sep=ink.pt(0.5))


def _overlaps(box: Any, boxes: Iterable[Any]) -> bool:
    return any(box.overlaps(other) for other in boxes)


def _candidates(spec: LabelSpec, ink: colours.Ink) -> Iterable[tuple[Any, ...]]:
    """Yield (anchor, offset in points, box alignment, text alignment) to try, best first."""
    positions = POINT_POSITIONS if spec.gap else AREA_POSITIONS
    for anchor in spec.anchors:
        for dx, dy, alignment in positions:
            offset = (dx * spec.gap, dy * (spec.gap or ink.pt(9)))
            yield anchor, offset, alignment, {0.0: "left", 1.0: "right"}.get(alignment[0], "center")


def _add_halo(ax: Any, spec: LabelSpec, ink: colours.Ink, *where: Any) -> None:
    """Draw the white outline of a placed label beneath it."""
    from matplotlib.offsetbox import AnnotationBbox

    anchor, offset, alignment, align = where
    ax.add_artist(
        AnnotationBbox(
            _box(spec, ink, align, halo=True),
            anchor,
            xybox=offset,
            xycoords="data",
            boxcoords="offset points",
            box_alignment=alignment,
            frameon=False,
            pad=0,
            annotation_clip=False,
            zorder=6.9 if spec.gap else 5.9,
        )
    )


def _leader(spec: LabelSpec, offset: tuple[float, float], ink: colours.Ink) -> Any:
    """Return the arrow properties of a leader line for a far label, else None."""
    if not spec.gap or max(abs(offset[0]), abs(offset[1])) <= LEADER_FROM * spec.gap:
        return None
    return {
        "arrowstyle": "-",
        "color": colours.MUTED,
        "linewidth": ink.pt(0.6),
        "shrinkA": 0,
        "shrinkB": max(spec.gap - 2, 0),
    }


def _mark_boxes(ax: Any, marks: Iterable[Mark]) -> dict[str, Any]:
    """Return place id -> the marker's box in display pixels."""
    from matplotlib.transforms import Bbox

    to_px = ax.figure.dpi / 72.0
    boxes = {}
    for mark in marks:
        px, py = ax.transData.transform((mark.x, mark.y))
        # Padded: a name too close to another place's marker could be read as its name.
        r = (mark.size / 2 + CLEARANCE) * to_px
        boxes[mark.place_id] = Bbox([[px - r, py - r], [px + r, py + r]])
    return boxes


def place_labels(
    ax: Any,
    specs: Iterable[LabelSpec],
    marks: Iterable[Mark],
    ink: colours.Ink,
    keep_clear: Iterable[Any] = (),
) -> tuple[list[str], list[str]]:
    """Place each label in the first free position; return the keys placed and left out.

    ``keep_clear`` holds boxes (display pixels) no label may cover (the scale bar).
    """
    from matplotlib.offsetbox import AnnotationBbox

    renderer = ax.figure.canvas.get_renderer()
    to_px = ax.figure.dpi / 72.0
    inside = ax.get_window_extent(renderer).padded(-2 * to_px)
    taken: list[Any] = list(keep_clear)
    mark_boxes = _mark_boxes(ax, marks)
    placed, dropped = [], []
    for spec in specs:
        if spec.key in placed:  # a province that is also a route's stop: named once
            continue
        obstacles = [b for key, b in mark_boxes.items() if key != spec.key]
        for anchor, offset, alignment, align in _candidates(spec, ink):
            artist = AnnotationBbox(
                _box(spec, ink, align),
                anchor,
                xybox=offset,
                xycoords="data",
                boxcoords="offset points",
                box_alignment=alignment,
                frameon=False,
                pad=0,
                annotation_clip=False,
                zorder=7 if spec.gap else 6,
                arrowprops=_leader(spec, offset, ink),
            )
            ax.add_artist(artist)
            artist.update_positions(renderer)
            box = artist.offsetbox.get_window_extent(renderer)
            fits = inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1)
            if fits and not _overlaps(box, taken) and not _overlaps(box, obstacles):
                taken.append(box.padded(1.5 * to_px))
                placed.append(spec.key)
                _add_halo(ax, spec, ink, anchor, offset, alignment, align)
                break
            artist.remove()
        else:
            dropped.append(spec.key)
    return placed, dropped

"""The dashboard's state, without Streamlit: widget values <-> `Filters` <-> URL.

The sidebar's widgets hold a filter state under the keys of `WIDGETS`; these
functions convert between those values, a `geo.filters.Filters` and the page's
query parameters, and name the cache keys and download files of a state.
``app.py`` only moves the results in and out of ``st.session_state`` and
``st.query_params``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from claimmap.dashboard.filters import LAYERS, PRECISIONS, SORTS, ClaimIndex, Filters
from geo import paths
from geo.vocab import (
    LAYER_LABELS,
    PRECISION_LABELS,
    REVIEW_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
)

#: Session-state keys of the filter widgets, one per `Filters` field.
WIDGETS = (
    "f_dates",
    "f_layers",
    "f_types",
    "f_actors",
    "f_groups",
    "f_outlets",
    "f_statuses",
    "f_review",
    "f_reliability",
    "f_credibility",
    "f_min_sources",
    "f_precisions",
    "f_search",
    "f_possible",
    "f_as_of",
)

Bounds = tuple[dt.date, dt.date] | None

#: Readable names of filter values, for the page and the printed maps' subtitle.
FILTER_LABELS = {
    "types": TYPE_LABELS,
    "layers": LAYER_LABELS,
    "statuses": STATUS_LABELS,
    "review_statuses": REVIEW_LABELS,
    "precisions": PRECISION_LABELS,
}


def data_stamp(root: Path) -> tuple:
    """Return names, sizes and modification times of the data files (a cache key).

    A missing file is stamped ``(name, None, None)``, so that its return is a change too.
    """
    out = []
    names = (paths.GAZETTEER_FILE, paths.SOURCES_FILE, paths.CLAIMS_FILE, paths.GROUPS_FILE)
    for name in (*names, paths.STORIES_FILE):
        try:
            stat = (root / name).stat()
            out.append((name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            out.append((name, None, None))
    return tuple(out)


def view_key(root: str, stamp: tuple, f: Filters) -> tuple:
    """Return a hashable key for a filter state over one data version (the caches' key)."""
    return (root, stamp, repr(sorted(f.to_query_params().items())))


def export_note(f: Filters, labels: Mapping[str, Mapping[str, str]] | None = None) -> str | None:
    """Return the printed map's words on the filter beyond its date window (``Request.note``).

    The printed subtitle states the window itself; this adds "as known on" and every
    other restriction (`Filters.describe`), or None when there is none.
    """
    lines = [line for line in f.describe(labels) if not line.startswith("events between")]
    return "Filters: " + "; ".join(lines) if lines else None


def download_name(f: Filters, fmt: str) -> str:
    """File name of a download: ``claimmap-all.<fmt>``, or ``claimmap-filtered-<hash>.<fmt>``.

    The hash is of the filter state, so the same view always gets the same name.
    """
    if f.is_default:
        return f"claimmap-all.{fmt}"
    state = repr(sorted(f.to_query_params().items()))
    return f"claimmap-filtered-{hashlib.sha1(state.encode()).hexdigest()[:8]}.{fmt}"


# --------------------------------------------------------------------------- widgets


def _clamp(day: dt.date | None, bounds: Bounds, default: int) -> dt.date | None:
    if not bounds:
        return None
    lo, hi = bounds
    return min(max(day or bounds[default], lo), hi)


def widget_values(f: Filters, bounds: Bounds, max_independent: int) -> dict[str, Any]:
    """Return the widget values that show filter state ``f`` (keys `WIDGETS`).

    Parameters
    ----------
    f : the filter state.
    bounds : the earliest and latest reported event dates (None: nothing is dated).
    max_independent : the largest independent-source count in the data.

    Returns
    -------
    dict
        Dates clamped into ``bounds`` (None without them); "no restriction" on
        layers and precisions shown as every choice selected.
    """
    return {
        "f_dates": (_clamp(f.start, bounds, 0), _clamp(f.end, bounds, 1)) if bounds else None,
        "f_layers": list(f.layers) if f.layers is not None else list(LAYERS),
        "f_types": list(f.types or ()),
        "f_actors": list(f.actors or ()),
        "f_groups": list(f.groups or ()),
        "f_outlets": list(f.outlets or ()),
        "f_statuses": list(f.statuses or ()),
        "f_review": list(f.review_statuses or ()),
        "f_reliability": list(f.reliabilities or ()),
        "f_credibility": list(f.credibilities or ()),
        "f_min_sources": min(f.min_sources, max(max_independent, 1)),
        "f_precisions": list(f.precisions) if f.precisions is not None else list(PRECISIONS),
        "f_search": f.search,
        "f_possible": f.possible,
        "f_as_of": f.as_of,
    }


def _chosen(values: Iterable[str] | None) -> tuple[str, ...] | None:
    """Read a multiselect: nothing chosen means "no restriction" (None)."""
    return tuple(values or ()) or None


def _all_or(values: Iterable[str] | None, everything: tuple[str, ...]) -> tuple[str, ...] | None:
    """Read pills: every choice selected means "no restriction" (None); none, nothing.

    A page without these pills (``values`` None: the large-store page) restricts nothing.
    """
    if values is None:
        return None
    chosen = tuple(values)
    return None if set(chosen) == set(everything) else chosen


def filters_from_widgets(state: Mapping[str, Any], bounds: Bounds) -> Filters:
    """Read widget values (keys `WIDGETS`, e.g. ``st.session_state``) back as a filter state.

    A date window equal to ``bounds`` is the whole period: no date restriction,
    so undated claims stay in view.
    """
    start = end = None
    dates = state.get("f_dates")
    if bounds and dates and tuple(dates) != tuple(bounds):
        start, end = dates
    return Filters(
        start=start,
        end=end,
        layers=_all_or(state.get("f_layers"), LAYERS),
        types=_chosen(state.get("f_types")),
        actors=_chosen(state.get("f_actors")),
        groups=_chosen(state.get("f_groups")),
        outlets=_chosen(state.get("f_outlets")),
        statuses=_chosen(state.get("f_statuses")),
        review_statuses=_chosen(state.get("f_review")),
        reliabilities=_chosen(state.get("f_reliability")),
        credibilities=_chosen(state.get("f_credibility")),
        min_sources=int(state.get("f_min_sources") or 0),
        precisions=_all_or(state.get("f_precisions"), PRECISIONS),
        search=str(state.get("f_search") or "").strip(),
        possible=bool(state.get("f_possible", True)),
        as_of=state.get("f_as_of") or None,
    )


# --------------------------------------------------------------------------- URL


def window_notes(f: Filters, bounds: Bounds) -> list[str]:
    """Describe a URL's dates that lie outside the reported event dates (they are clamped)."""
    notes = []
    for name, day in (("start", f.start), ("end", f.end)):
        if bounds and day and not bounds[0] <= day <= bounds[1]:
            notes.append(f"{name} {day} is outside the reported event dates; moved to the edge")
    return notes


def session_from_url(
    params: Mapping[str, list[str]], index: ClaimIndex, bounds: Bounds, max_independent: int
) -> dict[str, Any]:
    """Return the session state a link opens: widget values, selection, tiles, notes.

    Parameters
    ----------
    params : query parameters, every value a list (``st.query_params.get_all``).
    index : the data's `ClaimIndex` (unknown actors, groups, outlets are dropped).
    bounds, max_independent : as for `widget_values`.

    Returns
    -------
    dict
        The `WIDGETS` values, ``sel`` (a feature id or None), ``tiles`` (bool) and
        ``_url_notes`` (what was not understood or was moved, one line each).
    """
    f = Filters.from_query_params(params, index=index)
    sort, sort_notes = sort_from_url(params)
    return {
        **widget_values(f, bounds, max_independent),
        "sel": (params.get("sel") or [None])[-1],
        "tiles": (params.get("tiles") or ["0"])[-1] == "1",
        "sort": sort,
        "_url_notes": [*f.notes, *window_notes(f, bounds), *sort_notes],
    }


def sort_from_url(params: Mapping[str, list[str]]) -> tuple[str, list[str]]:
    """Return the claims table's order a link names (`filters.SORTS`) and a note if unknown."""
    sort = (params.get("sort") or [""])[-1].strip()
    if sort in SORTS:
        return sort, []
    return "", [f"ignored sort={sort[:40]!r}: not one of {', '.join(s for s in SORTS if s)}"]


def url_params(
    f: Filters, sel: str | None = None, tiles: bool = False, sort: str = ""
) -> dict[str, list[str]]:
    """Return the query parameters of a filter state, a selected feature, the tiles, the order.

    Every value is a list, as `session_from_url` reads them; defaults are left out.
    """
    params: dict[str, str | list[str]] = dict(f.to_query_params())
    if sel:
        params["sel"] = sel
    if tiles:
        params["tiles"] = "1"
    if sort:
        params["sort"] = sort
    return {k: v if isinstance(v, list) else [v] for k, v in params.items()}

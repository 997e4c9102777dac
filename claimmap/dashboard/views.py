"""Data shaping for the dashboard's views: plain pandas frames, no Streamlit.

- `claims_table`: one row per claim, from ``geo.records.claim_properties``.
- `timeline_frame`: claims as date ranges, or active claims per day and type
  when there are too many ranges to draw one by one; `timeline_rows` orders the
  ranges into chart rows and `zoom_window` finds where most of them lie.
- `disputes_frame`: the figures and dates that sources report differently;
  `dispute_charts` cuts it into one chart's rows per conflict, `disputes_in_view`
  counts them.
- `citation_edges` / `citation_dot`: who relies on whom (``Source.cites``, ``origin``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo.dates import date_inferred
from geo.provenance import quantity_interval, roots
from geo.records import claim_properties

if TYPE_CHECKING:
    from geo.dataset import Dataset
    from geo.models import Claim, Source
    from geo.provenance import Conflict


#: Columns of `claims_table`, in display order.
TABLE_COLUMNS = (
    "claim_id",
    "event_start",
    "event_end",
    "type",
    "statement",
    "quote",
    "claimant",
    "outlet",
    "url",
    "status",
    "independent_sources",
    "grade",
    "review_status",
    "places",
    "actors",
    "figures",
    "conflicts",
    "group_title",
)


def safe_url(url: Any) -> str | None:
    """Return ``url`` when it is an http(s) address, else None (no javascript: links)."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    return text if text.lower().startswith(("https://", "http://")) else None


def place_name(dataset: Dataset, place_id: str) -> str:
    """Return the gazetteer name of a place (its id when unknown)."""
    place = dataset.places.get(place_id)
    if place is None:
        return place_id
    if isinstance(place, Mapping):
        return str(place.get("name") or place_id)
    return str(getattr(place, "name", place_id))


def figures_text(quantities: Iterable[Mapping[str, Any]]) -> str:
    """Join the reported figures in their own words ("more than 60 buses; ...")."""
    return "; ".join(str(q.get("text", "")) for q in quantities if q.get("text"))


def claim_row(dataset: Dataset, claim: Claim) -> dict[str, Any]:
    """Return one claim's row of `claims_table` (the same for every view of the data set)."""
    props = claim_properties(dataset, claim)
    return {
        "claim_id": props["claim_id"],
        "event_start": claim.event_start,
        "event_end": claim.event_end,
        "type": props["type"],
        "statement": props["statement"],
        "quote": props["quote"],
        "claimant": props["claimant"],
        "outlet": props["outlet"],
        "url": safe_url(props.get("url")),
        "status": props["status"],
        "independent_sources": int(props.get("independent_sources") or 0),
        "grade": props.get("grade"),
        "review_status": props.get("review_status"),
        "places": "; ".join(place_name(dataset, pid) for pid in props["place_ids"]),
        "actors": "; ".join(props["actors"]),
        "figures": figures_text(props["quantities"]),
        "conflicts": len(props.get("conflicts") or ()),
        "group_title": props.get("group_title"),
    }


def claims_table(dataset: Dataset, limit: int | None = None) -> pd.DataFrame:
    """One row per claim in view (the first ``limit`` when given), JSON-ready values.

    Parameters
    ----------
    dataset : a `geo.dataset.Dataset` (already filtered).
    limit : the most rows to build (a very large view is cut, in dataset order).

    Returns
    -------
    pandas.DataFrame
        Columns `TABLE_COLUMNS`; dates as ``datetime.date``; lists joined with "; ";
        ``url`` only when it is http(s); ``conflicts`` is the number of conflicts.
    """
    claims = dataset.claims if limit is None else dataset.claims[:limit]
    rows = [claim_row(dataset, claim) for claim in claims]
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


# --------------------------------------------------------------------------- timeline


def selected_first(frame: pd.DataFrame, claim_ids: Iterable[str]) -> pd.DataFrame:
    """Return the claims table with the given claims first, marked "●" in ``on_map``.

    The other rows keep their order; the row index is renumbered.
    """
    chosen = frozenset(claim_ids)
    on_map = frame["claim_id"].isin(chosen)
    ordered = pd.concat([frame[on_map], frame[~on_map]], ignore_index=True)
    return ordered.assign(on_map=ordered["claim_id"].isin(chosen).map({True: "●", False: ""}))


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def timeline_frame(dataset: Dataset, max_ranges: int = 300) -> tuple[str, pd.DataFrame, int]:
    """Shape the dated claims for a timeline chart.

    Parameters
    ----------
    dataset : a `geo.dataset.Dataset` (already filtered).
    max_ranges : above this many dated claims, count per day instead of one bar each.

    Returns
    -------
    tuple[str, pandas.DataFrame, int]
        ``("ranges", frame, undated)`` with one row per dated claim: claim_id, label,
        type, outlet, group_title, start, end (the day after the last day, so a
        one-day claim has width), dates (as reported), inferred (the analyst's
        dates); or ``("daily", frame, undated)`` with day, type, claims (how many
        claims' ranges include that day).
        ``undated`` is the number of claims left out for having no dates.
    """
    dated = [c for c in dataset.claims if c.event_start is not None and c.event_end is not None]
    undated = len(dataset.claims) - len(dated)
    if len(dated) <= max_ranges:
        rows = []
        for claim in dated:
            group = dataset.analysis.group(claim.id)
            start, end = claim.event_start, claim.event_end
            rows.append(
                {
                    "claim_id": claim.id,
                    "label": _short(group.title if group else claim.statement),
                    "statement": _short(claim.statement, 140),
                    "type": claim.type,
                    "outlet": dataset.outlet_of(claim),
                    "group_title": group.title if group else claim.group,
                    "start": pd.Timestamp(start),
                    "end": pd.Timestamp(end + dt.timedelta(days=1)),
                    "dates": start.isoformat()
                    if start == end
                    else f"{start.isoformat()} to {end.isoformat()}",
                    "date_precision": claim.date_precision,
                    "inferred": date_inferred(claim),
                }
            )
        columns = [
            "claim_id", "label", "statement", "type", "outlet", "group_title",
            "start", "end", "dates", "date_precision", "inferred",
        ]  # fmt: skip
        return "ranges", pd.DataFrame(rows, columns=columns), undated
    return "daily", _daily_counts(dated), undated


def timeline_rows(frame: pd.DataFrame, outlet_width: int = 32) -> pd.DataFrame:
    """Order `timeline_frame`'s ranges into chart rows, one per claim record.

    Records of the same underlying claim sit together, groups by their earliest
    start, then by start and outlet. Column ``row`` names each bar ("label ·
    outlet"), numbered "(2)", "(3)" where the same outlet repeats a claim.
    """
    first = frame.groupby("group_title")["start"].transform("min")
    frame = (
        frame.assign(first=first)
        .sort_values(["first", "group_title", "start", "outlet"])
        .drop(columns="first")
    )
    row = frame["label"] + " · " + frame["outlet"].str.slice(0, outlet_width)
    repeat = row.groupby(row).cumcount()
    return frame.assign(row=row.where(repeat == 0, row + " (" + (repeat + 1).astype(str) + ")"))


def zoom_window(
    frame: pd.DataFrame, quantile: float = 0.05, ratio: float = 3.0, min_days: int = 3
) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Find where most ranges lie, when a few early outliers would squash the rest.

    Parameters
    ----------
    frame : `timeline_frame` ranges (``start``, ``end`` timestamps).
    quantile : the share of earliest starts treated as outliers.
    ratio : zoom only when the whole span is more than this many times the zoomed one.
    min_days : and the zoomed span is at least this many days.

    Returns
    -------
    (start, end) or None
        The window (a day before the quantile start to the last end), or None to show all.
    """
    if frame.empty:
        return None
    lo, hi, earliest = frame["start"].quantile(quantile), frame["end"].max(), frame["start"].min()
    if (hi - earliest) > ratio * (hi - lo) and (hi - lo) >= pd.Timedelta(days=min_days):
        return lo - pd.Timedelta(days=1), hi
    return None


def _daily_counts(claims: list[Any]) -> pd.DataFrame:
    """Claims active per day and type, by a difference array (fast at 100k claims)."""
    frame = pd.DataFrame(
        {
            "type": [c.type for c in claims],
            "start": pd.to_datetime([c.event_start for c in claims]),
            "stop": pd.to_datetime([c.event_end for c in claims]) + pd.Timedelta(days=1),
        }
    )
    plus = frame.groupby(["type", "start"]).size().rename("delta")
    minus = -frame.groupby(["type", "stop"]).size().rename("delta")
    minus.index = minus.index.set_names(["type", "start"])
    deltas = pd.concat([plus, minus]).groupby(level=[0, 1]).sum()
    days = pd.date_range(frame["start"].min(), frame["stop"].max() - pd.Timedelta(days=1))
    out = []
    for claim_type, series in deltas.groupby(level=0):
        daily = series.droplevel(0).reindex(days.append(days[-1:] + pd.Timedelta(days=1)))
        counts = daily.fillna(0).cumsum().iloc[:-1].astype(int)
        out.append(pd.DataFrame({"day": days, "type": claim_type, "claims": counts.to_numpy()}))
    result = pd.concat(out, ignore_index=True) if out else pd.DataFrame()
    return result[result["claims"] > 0].reset_index(drop=True) if len(result) else result


# --------------------------------------------------------------------------- disputes


def _finite_bounds(low: float, high: float) -> tuple[float, float]:
    if math.isinf(low) and math.isinf(high):
        return (0.0, 0.0)
    if math.isinf(low):
        return (high, high)
    if math.isinf(high):
        return (low, low)
    return (low, high)


def conflict_key(conflict: Conflict) -> str:
    """Identify a conflict: "kind:group:what" (summaries of two groups can read the same)."""
    return f"{conflict.kind}:{conflict.group}:{conflict.what}"


def _reported_bounds(conflict: Conflict, claim: Claim | None) -> dict[str, Any]:
    """Return the bounds one record's words allow, for the disputes chart.

    Figures: the finite low and high, and whether the words reach further ("nearly" and
    "up to" open downward, "more than" and "at least" upward). Dates: the first and
    last day reported, both inclusive (a one-day claim sits on that day's tick).
    """
    bounds: dict[str, Any] = {
        "low": None, "high": None, "open_low": False, "open_high": False,
        "date_low": None, "date_high": None,
    }  # fmt: skip
    if claim is None:
        return bounds
    if conflict.kind == "quantity":
        quantity = next((q for q in claim.quantities if q.what == conflict.what), None)
        if quantity is not None:
            lo, hi, _, _ = quantity_interval(quantity)
            bounds["open_low"], bounds["open_high"] = math.isinf(lo), math.isinf(hi)
            bounds["low"], bounds["high"] = _finite_bounds(lo, hi)
    elif claim.event_start is not None:
        bounds["date_low"] = pd.Timestamp(claim.event_start)
        bounds["date_high"] = pd.Timestamp(claim.event_end)
    return bounds


def disputes_frame(dataset: Dataset, everything: Dataset | None = None) -> pd.DataFrame:
    """List the conflicts touching the claims in view, one row per reported value.

    Parameters
    ----------
    dataset : a `geo.dataset.Dataset` (already filtered; the analysis covers all claims).
    everything : the unfiltered dataset, to read the figures of claims out of view.

    Returns
    -------
    pandas.DataFrame
        Columns: conflict_id (`conflict_key`), conflict (its neutral summary),
        kind ("quantity" or "date"), what, group_title, outlet, as_reported (the
        source's words), claim_id (the first record saying it), claims (how many
        records say the same), in_view, low, high (the finite bounds the words
        allow; dates as timestamps in date_low/date_high, first and last day
        reported, both inclusive), open_low, open_high
        (open-ended: "nearly"/"up to" reach down, "more than"/"at least" up).
    """
    in_view = {claim.id for claim in dataset.claims}
    by_id = {c.id: c for c in (everything or dataset).claims}
    rows = []
    for conflict in dataset.analysis.conflicts:
        if not any(entry.claim_id in in_view for entry in conflict.entries):
            continue
        group = dataset.analysis.groups.get(conflict.group)
        for entry in conflict.entries:
            rows.append(
                {
                    "conflict_id": conflict_key(conflict),
                    "conflict": conflict.summary,
                    "kind": conflict.kind,
                    "what": conflict.what,
                    "group_title": group.title if group else conflict.group,
                    "outlet": entry.outlet,
                    "as_reported": entry.text,
                    "claim_id": entry.claim_id,
                    "in_view": entry.claim_id in in_view,
                    **_reported_bounds(conflict, by_id.get(entry.claim_id)),
                }
            )
    keys = [
        "conflict_id", "conflict", "kind", "what", "group_title", "outlet", "as_reported",
        "in_view", "low", "high", "open_low", "open_high", "date_low", "date_high",
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=[*keys, "claim_id"])
    # records that report the same words from the same outlet are one row, counted
    grouped = frame.groupby(keys, dropna=False, sort=False)
    out = grouped.agg(claim_id=("claim_id", "first"), claims=("claim_id", "size")).reset_index()
    return out[[*keys[:7], "claim_id", "claims", *keys[7:]]]


def disputes_in_view(dataset: Dataset) -> int:
    """Count the conflicts that touch at least one claim of ``dataset`` (filtered)."""
    in_view = {claim.id for claim in dataset.claims}
    return sum(
        1
        for conflict in dataset.analysis.conflicts
        if any(entry.claim_id in in_view for entry in conflict.entries)
    )


#: The marks of a dispute chart's reported values, by `dispute_charts`' ``qualifier``.
QUALIFIERS = ("value", "range", "more than / at least", "up to / nearly")


def _qualifier(open_low: bool, open_high: bool, low: float, high: float) -> str:
    if open_high and not open_low:
        return "more than / at least"
    if open_low and not open_high:
        return "up to / nearly"
    return "range" if low != high else "value"


def dispute_charts(frame: pd.DataFrame, limit: int = 12) -> list[tuple[str, str, pd.DataFrame]]:
    """Cut `disputes_frame` into the rows of one chart per conflict (the first ``limit``).

    Returns
    -------
    list of (title, kind, rows)
        ``title`` names the underlying claim and the figure; ``rows`` keep the
        values that can be drawn (quantities: ``low``/``high``; dates:
        ``date_low``/``date_high``) and add ``who`` (outlet and first claim id),
        ``label`` (the words as reported, cut to 60 characters) and ``qualifier``
        (one of `QUALIFIERS`).
    """
    charts: list[tuple[str, str, pd.DataFrame]] = []
    for (_conflict, kind), rows in frame.groupby(["conflict_id", "kind"], sort=False):
        if len(charts) >= limit:
            break
        if kind == "quantity":
            rows = rows[rows["low"].notna()].drop(columns=["date_low", "date_high"])
            qualifiers: list[str] | str = [
                _qualifier(*values)
                for values in zip(
                    rows["open_low"], rows["open_high"], rows["low"], rows["high"], strict=True
                )
            ]
        else:
            rows = rows[rows["date_low"].notna()].drop(columns=["low", "high"])
            qualifiers = "range"
        if rows.empty:
            continue
        what = str(rows["what"].iloc[0]).replace("_", " ")
        rows = rows.assign(
            who=rows["outlet"].str.slice(0, 40) + " (" + rows["claim_id"] + ")",
            label=" " + rows["as_reported"].str.slice(0, 60),
            qualifier=qualifiers,
        )
        title = f"{rows['group_title'].iloc[0]} — {what}"
        charts.append((title, kind, rows))
    return charts


# --------------------------------------------------------------------------- sources


def citation_edges(dataset: Dataset) -> pd.DataFrame:
    """Who relies on whom, for the documents carrying the claims in view.

    Returns
    -------
    pandas.DataFrame
        One row per (source, relies_on) edge with both ids, names and kinds, and
        ``how`` ("cites" from ``Source.cites``, "origin" when a claim names a first
        reporter its document does not cite). Sources reached through ``cites``
        from the documents in view are included.
    """
    sources = dataset.sources
    edges: dict[tuple[str, str], str] = {}
    todo = list(dict.fromkeys(c.source_id for c in dataset.claims))
    for claim in dataset.claims:
        if claim.origin != claim.source_id:
            edges.setdefault((claim.source_id, claim.origin), "origin")
            todo.append(claim.origin)
    seen: set[str] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        source = sources.get(current)
        for cited in source.cites if source else ():
            edges[(current, cited)] = "cites"
            todo.append(cited)
    rows = []
    for (src, dst), how in edges.items():
        rows.append(
            {
                "source_id": src,
                "source": _source_label(sources.get(src), src),
                "source_kind": getattr(sources.get(src), "kind", "unknown"),
                "relies_on_id": dst,
                "relies_on": _source_label(sources.get(dst), dst),
                "relies_on_kind": getattr(sources.get(dst), "kind", "unknown"),
                "how": how,
            }
        )
    columns = [
        "source_id", "source", "source_kind", "relies_on_id", "relies_on", "relies_on_kind", "how",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _source_label(source: Source | None, fallback: str) -> str:
    if source is None:
        return fallback
    if source.kind == "document" and source.outlet:
        return f"{source.outlet}: {_short(source.name, 50)}"
    return source.name


def first_reporters(dataset: Dataset) -> pd.DataFrame:
    """For each document in view: its outlet, how many claims, and the first reporters behind it."""
    sources = dataset.sources
    rows = []
    counts: dict[str, int] = {}
    origins: dict[str, set[str]] = {}
    for claim in dataset.claims:
        counts[claim.source_id] = counts.get(claim.source_id, 0) + 1
        origins.setdefault(claim.source_id, set()).update(roots(claim.origin, sources))
    for source_id, count in counts.items():
        names = sorted(_source_label(sources.get(r), r) for r in origins[source_id])
        rows.append(
            {
                "document": _source_label(sources.get(source_id), source_id),
                "claims": count,
                "first_reported_by": "; ".join(names),
            }
        )
    return pd.DataFrame(rows, columns=["document", "claims", "first_reported_by"])


def dot_quote(text: str) -> str:
    """Quote a string for a Graphviz DOT id or label (no HTML-like labels)."""
    cleaned = "".join(ch if ch.isprintable() else " " for ch in text)
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"') + '"'


def citation_dot(edges: pd.DataFrame) -> str:
    """Write `citation_edges` as a Graphviz DOT digraph (arrows point to who is relied on)."""
    lines = [
        "digraph sources {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fillcolor="#f5f5f5", fontsize=10];',
    ]
    nodes: dict[str, tuple[str, str]] = {}
    for row in edges.itertuples(index=False):
        nodes.setdefault(row.source_id, (row.source, row.source_kind))
        nodes.setdefault(row.relies_on_id, (row.relies_on, row.relies_on_kind))
    for node_id, (label, kind) in nodes.items():
        fill = "#dbe9f6" if kind == "document" else "#fde9c9"
        lines.append(
            f'  {dot_quote(node_id)} [label={dot_quote(_short(label, 60))}, fillcolor="{fill}"];'
        )
    for row in edges.itertuples(index=False):
        style = "solid" if row.how == "cites" else "dashed"
        lines.append(
            f"  {dot_quote(row.source_id)} -> {dot_quote(row.relies_on_id)} [style={style}];"
        )
    lines.append("}")
    return "\n".join(lines)

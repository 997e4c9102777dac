"""The dashboard's charts as Altair specifications (no Streamlit): timeline and disputes.

Colours follow the map (a claim type has one colour everywhere); every string from
the data is chart data, which Vega renders as text.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from claimmap.dashboard import linking, views
from geo.vocab import type_label
from layers.style import TYPE_STYLES


def type_scale(types: list[str]) -> alt.Scale:
    """Colour claim types (by their readable names) as the map does."""
    domain = sorted(set(types), key=type_label)  # the legend in reading order
    colours = [TYPE_STYLES[t].color if t in TYPE_STYLES else "#888888" for t in domain]
    return alt.Scale(domain=[type_label(t) for t in domain], range=colours)


def brush() -> alt.Parameter:
    """Dragging along the dates brushes a window: the dashboard narrows the map to it."""
    return alt.selection_interval(name=linking.BRUSH, encodings=["x"])


def wheel_zoom() -> alt.Parameter:
    """Zoom the dates with the wheel (dragging is the brush)."""
    return alt.selection_interval(
        name="zoom", bind="scales", encodings=["x"], translate=False, zoom="wheel!"
    )


def daily_chart(frame: pd.DataFrame, color: alt.Color) -> alt.Chart:
    """Claims active per day, stacked by type; drag to brush a window."""
    return (
        alt.Chart(frame)
        .mark_area()
        .encode(
            x=alt.X("day:T", title="Event dates as reported"),
            y=alt.Y("claims:Q", stack=True, title="Claims whose range includes the day"),
            color=color,
            tooltip=["day:T", "type:N", "claims:Q"],
        )
        .add_params(brush())
        .properties(height=320)
    )


def ranges_chart(frame: pd.DataFrame, color: alt.Color, window: tuple | None) -> alt.Chart:
    """One bar per claim record over its reported dates; zoomable along the dates.

    Dates the analyst inferred are drawn with a dashed outline and lighter. Dragging
    brushes a window of dates (`linking.BRUSH`); clicking a bar picks its claim
    (`linking.PICK`): the dashboard narrows or highlights the map with them.
    """
    domain = [window[0].isoformat(), window[1].isoformat()] if window else None
    pick = alt.selection_point(name=linking.PICK, fields=["claim_id"], on="click")
    return (
        alt.Chart(frame)
        .mark_bar(cornerRadius=2, clip=True, stroke="#222")
        .encode(
            x=alt.X(
                "start:T",
                title="Event dates as reported",
                scale=alt.Scale(domain=domain) if domain else alt.Undefined,
                axis=alt.Axis(format="%d %b %Y"),
            ),
            x2="end:T",
            y=alt.Y(
                "row:N",
                title=None,
                sort=frame["row"].tolist(),
                axis=alt.Axis(labelLimit=340, labelOverlap=False),
            ),
            color=color,
            tooltip=[
                alt.Tooltip("statement:N", title="Statement"),
                alt.Tooltip("outlet:N", title="Outlet"),
                alt.Tooltip("dates:N", title="Dates"),
                alt.Tooltip("date_precision:N", title="Known to"),
                alt.Tooltip("inferred:N", title="Dates inferred by the analyst"),
                alt.Tooltip("claim_id:N", title="Claim"),
            ],
            opacity=alt.condition("datum.inferred", alt.value(0.55), alt.value(1.0)),
            strokeDash=alt.condition("datum.inferred", alt.value([3, 2]), alt.value([1, 0])),
            strokeWidth=alt.condition("datum.inferred", alt.value(1.2), alt.value(0)),
        )
        .add_params(brush(), pick, wheel_zoom())
        .properties(height=alt.Step(22))
    )


def dispute_chart(title: str, kind: str, rows: pd.DataFrame) -> alt.LayerChart:
    """One conflict: who reports which value or dates, in their words."""
    if kind == "quantity":
        x = alt.X(
            "low:Q",
            title="Reported value",
            scale=alt.Scale(zero=False, padding=20),
            axis=alt.Axis(format=",~f"),
        )
        end = "high:Q"
    else:
        x = alt.X(
            "date_low:T",
            title="Reported dates",
            scale=alt.Scale(padding=20),
            axis=alt.Axis(format="%d %b %Y", tickCount="day"),
        )
        end = "date_high:T"
    base = alt.Chart(rows).encode(
        y=alt.Y("who:N", title=None, axis=alt.Axis(labelLimit=260)),
        tooltip=[
            alt.Tooltip("as_reported:N", title="As reported"),
            alt.Tooltip("outlet:N", title="Outlet"),
            alt.Tooltip("claims:Q", title="Records"),
            alt.Tooltip("claim_id:N", title="Claim (first record)"),
        ],
    )
    rule = base.mark_rule(strokeWidth=3, color="#332288").encode(x=x, x2=end)
    point = base.mark_point(filled=True, size=100, color="#332288").encode(
        x=end,
        shape=alt.Shape(
            "qualifier:N",
            legend=None,  # explained above the charts
            scale=alt.Scale(
                domain=list(views.QUALIFIERS),
                range=["circle", "square", "triangle-right", "triangle-left"],
            ),
        ),
        opacity=alt.condition("datum.in_view", alt.value(1.0), alt.value(0.35)),
    )
    words = base.mark_text(align="left", dx=10, fontSize=11, color="#333").encode(
        x=end, text="label:N"
    )
    return alt.layer(rule, point, words).properties(
        title=alt.TitleParams(title, anchor="start", fontSize=13),
        height=alt.Step(28),
        padding={"left": 5, "top": 5, "bottom": 5, "right": 180},  # room for the words
    )


def timeline_chart(mode: str, frame: pd.DataFrame) -> tuple[dict, bool]:
    """Return the timeline's Vega-Lite spec and whether its dates start zoomed in.

    ``mode`` and ``frame`` come from `views.timeline_frame`: "daily" counts per day,
    "ranges" one bar per claim.
    """
    scale = type_scale(frame["type"].tolist())
    frame = frame.assign(type=frame["type"].map(type_label))
    color = alt.Color("type:N", scale=scale, title="Type")
    if mode == "daily":
        return daily_chart(frame, color).to_dict(), False
    frame = views.timeline_rows(frame)
    window = views.zoom_window(frame)
    return ranges_chart(frame, color, window).to_dict(), window is not None

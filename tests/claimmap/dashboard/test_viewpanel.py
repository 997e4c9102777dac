"""The large-store map component: a click on a claim is reported once."""

from __future__ import annotations

from claimmap.dashboard.viewpanel import FILES, new_click


def test_each_click_is_reported_once() -> None:
    state: dict = {}
    assert new_click(None, state) is None  # nothing clicked yet
    click = {"claim": "c1", "click": "1-1"}
    assert new_click(click, state) == "c1"
    assert new_click(click, state) is None  # the component's value on the next rerun
    assert new_click({"claim": "c1", "click": "2-2"}, state) == "c1"  # the same claim again


def test_malformed_values_pick_nothing() -> None:
    for value in ("c1", {"claim": 3, "click": "1"}, {"claim": "", "click": "1"}, {"click": "1"}):
        assert new_click(value, {}) is None


def test_the_component_page_is_shipped() -> None:
    page = (FILES / "index.html").read_text(encoding="utf-8")
    assert "streamlit:componentReady" in page and "cmPick" in page

"""The large-store map as a Streamlit component: the view drawn, a claim clicked on it picked.

``st.iframe`` draws a page but hears nothing back. This component (``viewpanel_files/
index.html``, Streamlit's component protocol, no build step) draws the same page
(``layers.viewmap.view_map_html``) in a frame and returns the id of a claim clicked
on it; the claim the page has picked is ringed on the map. The component keeps its
last value across reruns, so each click carries a token, and `view_frame` reports a
click once.
"""

from __future__ import annotations

import functools
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

FILES = Path(__file__).with_name("viewpanel_files")
#: Where the token of the last click handled is kept, in the session state.
HANDLED_KEY = "_view_click_handled"


@functools.cache
def _component() -> Any:
    from streamlit.components.v1 import declare_component

    return declare_component("claimmap_view", path=str(FILES))


def new_click(value: Any, state: MutableMapping[str, Any]) -> str | None:
    """Return the claim id of a click not handled yet (and mark it handled), else None."""
    if not isinstance(value, dict):
        return None
    claim, token = value.get("claim"), value.get("click")
    if not isinstance(claim, str) or not claim or state.get(HANDLED_KEY) == token:
        return None
    state[HANDLED_KEY] = token
    return claim


def view_frame(
    page: str, height_px: int, state: MutableMapping[str, Any], selected: str | None = None
) -> str | None:
    """Draw ``page`` (the view's map), ring ``selected``; return a new click's claim id, if any."""
    value = _component()(
        page=page, height=height_px, selected=selected, key="large_map", default=None
    )
    return new_click(value, state)

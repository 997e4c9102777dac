"""Story mode in the dashboard's session, without Streamlit: entering, walking and leaving.

The page (`claimmap.dashboard.storypanel`) keeps story mode in ``st.session_state``
under the keys below; these functions return the updates to make, so that they can
be tested on plain dicts:

- `step_updates`: show step ``n`` of a story: its date window and "as known on" set
  in the time widgets, its claims picked (outlined on the map). Entering story mode
  first keeps the widget values it replaces (`SAVED`);
- `leave_updates`: leave story mode: the kept values back, as before the story;
- `current_step`: the story and step shown, if any;
- `url_with_story`: the page's address in story mode: ``story=ID&step=N`` instead
  of the time filters (the step sets them), so that a link opens the step;
- `fit_script`: the script that fits the drawn map to a step's extent, once per step
  shown (panning afterwards is the reader's);
- `save_target` and `view_selection`: where "save this view as a step" writes, and
  what of the view it saves.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from claimmap.dashboard import viewstate
from claimmap.dashboard.filters import PARAMS, Filters
from geo.stories import Story

#: The sidebar's story choice (a story id, None outside story mode).
STORY = "story_pick"
#: The step shown (from 1; 0 outside story mode).
STEP = "story_step"
#: The widget values story mode replaced (None outside story mode).
SAVED = "_story_saved"
#: How many times story mode was entered (a new entry fits the map again).
ENTRY = "_story_entry"
#: What a step sets (the time widgets and the picked claims) and leaving restores.
REPLACED = ("f_dates", "f_as_of", "hl")
#: The time filters' query parameters: in story mode the step gives them.
TIME_PARAMS = (PARAMS["start"], PARAMS["end"], PARAMS["as_of"])


def find(stories: Iterable[Story], story_id: Any) -> Story | None:
    """Return the story called ``story_id`` among ``stories``, or None."""
    return next((s for s in stories if s.id == story_id), None)


def current_step(state: Mapping[str, Any], stories: Iterable[Story]) -> tuple[Story | None, int]:
    """Return the story and step (from 1) shown, or ``(None, 0)`` outside story mode."""
    story = find(stories, state.get(STORY))
    n = int(state.get(STEP) or 0)
    if story is None or not 1 <= n <= len(story.steps):
        return None, 0
    return story, n


def step_updates(
    state: Mapping[str, Any],
    story: Story,
    n: int,
    bounds: viewstate.Bounds,
    max_independent: int,
) -> dict[str, Any]:
    """Return the session updates that show step ``n`` (from 1) of ``story``.

    Parameters
    ----------
    state : the session state now (read only).
    story, n : the story and the step to show (``n`` clamped into its steps).
    bounds, max_independent : the data's date bounds and largest source count
        (``viewstate.widget_values``: the step's dates are clamped into the bounds).
    """
    n = max(1, min(int(n), len(story.steps)))
    step = story.steps[n - 1]
    updates: dict[str, Any] = {}
    if state.get(SAVED) is None:  # entering story mode: keep what the steps replace
        updates[SAVED] = {key: state.get(key) for key in REPLACED}
        updates[ENTRY] = int(state.get(ENTRY) or 0) + 1
    window = Filters(start=step.start, end=step.end, as_of=step.as_of)
    values = viewstate.widget_values(window, bounds, max_independent)
    updates.update(f_dates=values["f_dates"], f_as_of=values["f_as_of"], hl=list(step.claims))
    updates.update({STORY: story.id, STEP: n})
    return updates


def leave_updates(state: Mapping[str, Any]) -> dict[str, Any]:
    """Return the session updates that leave story mode: the replaced values back."""
    saved = state.get(SAVED) or {}
    restored = {key: saved.get(key) for key in REPLACED if key in saved}
    return {**restored, STORY: None, STEP: 0, SAVED: None}


def url_with_story(
    params: Mapping[str, list[str]], story_id: str | None, n: int
) -> dict[str, list[str]]:
    """Return the page's query parameters with ``story=ID&step=N`` in story mode.

    The time filters are left out in story mode (the step sets them); outside it
    the parameters are returned as they are.
    """
    if not story_id or n < 1:
        return dict(params)
    kept = {k: v for k, v in params.items() if k not in TIME_PARAMS}
    return {**kept, "story": [story_id], "step": [str(n)]}


def fit_script(entry: int, story_id: str, n: int, bbox: Sequence[float] | None) -> str:
    """Return the script that fits the drawn map to a step's extent ``(west, south, east, north)``.

    It runs in the map's frame (streamlit-folium's ``feature_group``) and fits once per
    step shown: the frame remembers the last step it fitted (``window.__cmStoryFit``),
    so other changes (a pick, a window) leave the reader's panning alone. Only numbers
    and a hash reach the script. Empty without an extent.
    """
    if bbox is None:
        return ""
    west, south, east, north = (float(v) for v in bbox)
    shown = hashlib.sha1(f"{entry}\0{story_id}\0{n}".encode()).hexdigest()[:16]
    bounds = json.dumps([[south, west], [north, east]])
    return (
        "(function () {\n"
        "  var api = window.claimmap;\n"
        "  if (!api) { return; }\n"
        "  api.whenReady(function (map) {\n"
        f'    if (window.__cmStoryFit === "{shown}") {{ return; }}\n'
        f'    window.__cmStoryFit = "{shown}";\n'
        f"    map.map.fitBounds({bounds}, {{ padding: [24, 24], maxZoom: 8, animate: false }});\n"
        "  });\n"
        "})();\n"
    )


# --------------------------------------------------------------------------- saving


def save_target(session: Any, root: str | os.PathLike[str] | None, bundled: Path) -> Any:
    """Return where "save this view as a step" writes, or None (read only).

    Parameters
    ----------
    session : the browser session's ``geo.store.session.StoreSession`` (or None):
        its engine when it is open and may edit.
    root : the data directory the page reads (None when it reads a store).
    bundled : the bundled data directory, never written.

    Returns
    -------
    Engine, Path or None
        The session's engine; else a data directory given by the user that can be
        written; else None.
    """
    if session is not None:
        is_open = getattr(session, "is_open", session.engine is not None)
        return session.engine if is_open and session.can_edit else None
    if root is None:
        return None
    path = Path(root)
    if path.resolve() == bundled.resolve() or not path.is_dir():
        return None
    stories = path / "stories.yaml"
    writable = os.access(stories if stories.exists() else path, os.W_OK)
    return path if writable else None


def view_selection(
    picked: Iterable[str],
    feature: Mapping[str, Any] | None,
    in_view: Mapping[str, Sequence[str]],
) -> dict[str, Any]:
    """Return what of the view a saved step cites (``storymode.step_from_view``'s selection).

    Parameters
    ----------
    picked : the claims picked (outlined on the map); those in view are cited.
    feature : the place or route selected on the map (its places give the extent, and
        its claims are cited when none is picked), or None.
    in_view : the claims in view, id -> place ids (with no pick and no selection,
        all their places give the extent).

    Returns
    -------
    dict
        ``claims`` and, when the claims' own places are not the extent, ``places``.
    """
    claims = [c for c in dict.fromkeys(picked) if c in in_view]
    props = (feature or {}).get("properties") or {}
    if not claims:
        claims = [c for c in props.get("claim_ids") or () if c in in_view]
    selection: dict[str, Any] = {"claims": claims}
    if props.get("place_ids"):
        selection["places"] = list(props["place_ids"])
    elif not claims:
        selection["places"] = list(dict.fromkeys(p for ps in in_view.values() for p in ps))
    return selection


def new_story_id(title: str, taken: Iterable[str]) -> str:
    """Return a story id (a slug) made from ``title``, unused among ``taken``."""
    import re
    import unicodedata

    letters = "".join(
        c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c)
    )
    slug = re.sub(r"[^a-z0-9]+", "-", letters.lower()).strip("-")[:48].strip("-") or "story"
    taken = set(taken)
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate

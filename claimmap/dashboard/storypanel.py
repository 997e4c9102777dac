"""The dashboard's story mode: every ``st.*`` call of it (``page.py`` calls in).

- `boot`: a link ``?story=ID&step=N`` opens the step (once per session and data);
- `picker`: the sidebar's "Story" choice; none leaves story mode;
- `step_card`: step N of M, its title and text (escaped Markdown), the claims it cites
  that the view lacks, Previous/Next (also the ← and → keys) and "Leave the story";
- `map_script`: the script that fits the drawn map to the step's extent;
- `save_panel`: "save this view as a step", when the session may write stories.

A step sets the time widgets (date window, "as known on") and picks its claims (the
page outlines picked claims); the rest of the filters stay as the reader set them.
Leaving restores what the story replaced. The session keys and their updates are
`claimmap.dashboard.storystate`'s.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import streamlit as st

from claimmap.dashboard import access, storymode, storystate, viewstate
from claimmap.dashboard.markdown import escape_markdown as md
from claimmap.dashboard.storystate import STEP, STORY
from geo import paths
from geo.dates import span_text
from geo.problems import DataError
from geo.storywrite import StoryError

if TYPE_CHECKING:
    from claimmap.dashboard.cache import Base, View
    from geo.dataset import Dataset

#: The save form's choice of a new story.
NEW_STORY = ""
#: The last save's outcome, shown once: ("ok" | "error", one line).
SAVE_MESSAGE = "_story_message"
#: Set by a callback in the page's fragment that changed what lies outside it.
FULL_RUN = "_story_full_run"


def go_to(base: Base, story_id: str, n: int) -> None:
    """Show step ``n`` of story ``story_id``, entering story mode if needed (a callback)."""
    story = storystate.find(base.dataset.stories, story_id)
    if story is not None:
        updates = storystate.step_updates(
            st.session_state, story, n, base.bounds, base.max_independent
        )
        st.session_state.update(updates)


def leave() -> None:
    """Leave story mode: the filters as they were before it (a callback)."""
    st.session_state.update(storystate.leave_updates(st.session_state))
    st.session_state[FULL_RUN] = True  # the sidebar's story choice is outside the fragment


def chosen(base: Base) -> None:
    """Show the chosen story's first step, or leave story mode (the sidebar's callback)."""
    story_id = st.session_state.get(STORY)
    if story_id is None:
        leave()
    else:
        go_to(base, story_id, 1)


def boot(base: Base, params: dict[str, list[str]]) -> None:
    """On a session's first run (per data directory), open the step the link names."""
    if st.session_state.get("_story_booted") == base.root:
        return
    st.session_state["_story_booted"] = base.root
    story, n, notice = storymode.read_story_params(params, base.dataset.stories)
    if notice:
        st.session_state["_url_notes"] = [*(st.session_state.get("_url_notes") or ()), notice]
    if story is not None and n:
        go_to(base, story.id, n)


def picker(base: Base) -> None:
    """Draw the sidebar's story choice (nothing when the data holds no story)."""
    stories = base.dataset.stories
    if not stories:
        return
    titles = {story.id: story.title for story in stories}
    if st.session_state.get(STORY) is not None and st.session_state[STORY] not in titles:
        st.session_state.update(storystate.leave_updates(st.session_state))
    st.sidebar.selectbox(
        "Story",
        list(titles),
        index=None,
        key=STORY,
        format_func=lambda story_id: titles[story_id],
        placeholder="Walk through a story, step by step",
        on_change=chosen,
        args=(base,),
        help="A story shows its steps one by one: each sets the dates, outlines the "
        "claims it cites and shows their place. ← and → walk through it.",
    )


def step_shown(dataset: Dataset) -> storymode.StepView | None:
    """Return the step shown over ``dataset`` (the claims in view), or None."""
    story, n = storystate.current_step(st.session_state, dataset.stories)
    return storymode.step_view(story, n, dataset) if story is not None else None


def map_script(dataset: Dataset) -> str:
    """Return the script that fits the drawn map to the step shown (empty outside a story)."""
    shown = step_shown(dataset)
    if shown is None:
        return ""
    entry = int(st.session_state.get(storystate.ENTRY) or 0)
    return storystate.fit_script(entry, shown.story_id, shown.number, shown.bbox)


def step_card(base: Base, view: View) -> None:
    """Show the step: its place in the story, words, missing claims and the way on.

    Drawn in the page's fragment: after a callback that changed what lies outside it
    (the sidebar's story choice, the data), the whole page runs again.
    """
    if st.session_state.pop(FULL_RUN, False):
        st.rerun(scope="app")
    shown = step_shown(view.dataset)
    if shown is None:
        return
    story = storystate.find(base.dataset.stories, shown.story_id)
    n, total = shown.number, shown.total
    with st.container(border=True, key="story_card"):
        st.caption(f"Story · step {n} of {total} · " + md(story.title if story else ""))
        st.markdown("#### " + md(shown.title))
        st.markdown(md(shown.text))
        window = span_text(shown.filters.start, shown.filters.end)
        as_of = f" · as known on {shown.filters.as_of}" if shown.filters.as_of else ""
        st.caption(f"Dates: {window}{as_of} · claims cited: {len(shown.claims)} outlined")
        if shown.missing:
            st.caption(
                "Not in this view (the filters leave them out): " + md(", ".join(shown.missing))
            )
        walk_buttons(base, shown.story_id, n, total)


def walk_buttons(base: Base, story_id: str, n: int, total: int) -> None:
    """Previous and Next (the ← and → keys too) and "Leave the story"."""
    back, ahead, out = st.columns(3)
    back.button(
        "Previous",
        key="story_prev",
        on_click=go_to,
        args=(base, story_id, n - 1),
        disabled=n <= 1,
        shortcut="ArrowLeft",
        icon=":material/arrow_back:",
        help="The previous step (←)",
        width="stretch",
    )
    ahead.button(
        "Next",
        key="story_next",
        on_click=go_to,
        args=(base, story_id, n + 1),
        disabled=n >= total,
        shortcut="ArrowRight",
        type="primary",
        icon=":material/arrow_forward:",
        help="The next step (→)",
        width="stretch",
    )
    out.button(
        "Leave the story",
        key="story_leave",
        on_click=leave,
        icon=":material/close:",
        width="stretch",
    )


def url_params(params: dict[str, list[str]]) -> dict[str, list[str]]:
    """Return the page's query parameters with the step shown (``story=ID&step=N``)."""
    story_id = st.session_state.get(STORY)
    return storystate.url_with_story(params, story_id, int(st.session_state.get(STEP) or 0))


# --------------------------------------------------------------------------- saving


def save_target() -> Any:
    """Return where a step is saved (the session store's engine or a data directory), or None."""
    location = access.dashboard_location()
    root = location.where if location.kind == "data" else None
    session = access.session_of(st.session_state)
    return storystate.save_target(session, root, paths.PACKAGE_DATA_DIR)


def save_panel(base: Base, view: View) -> None:
    """Offer "save this view as a step" (only when the session may write stories)."""
    target = save_target()
    if target is None:
        return
    stories = {story.id: story.title for story in base.dataset.stories}
    with st.expander("Save this view as a step", icon=":material/bookmark_add:"):
        st.caption(
            "The step keeps this view's dates and “as known on”, the claims picked (or "
            "those of the selected place) and their places. Use neutral words: "
            "“reported”, “according to”."
        )
        with st.form("story_save", border=False):
            st.text_input("Step title", key="ss_title", max_chars=200)
            st.text_area("Text", key="ss_text", max_chars=2000, height=100)
            st.selectbox("Add to", [NEW_STORY, *stories], key="ss_story",
                         format_func=lambda s: stories.get(s, "A new story"))  # fmt: skip
            st.text_input("New story's title", key="ss_new_title", max_chars=200,
                          help="Only for a new story.")  # fmt: skip
            st.form_submit_button("Save the step", on_click=save_step, args=(base, view, target))
        outcome = st.session_state.pop(SAVE_MESSAGE, None)
        if outcome:
            kind, line = outcome
            (st.success if kind == "ok" else st.error)(md(line))


def save_step(base: Base, view: View, target: Any) -> None:
    """Form callback: build the step from the view and add it to the chosen story."""
    from geo.store.errors import StoreError

    state = st.session_state
    try:
        step = view_step(base, view, state.get("ss_title") or "", state.get("ss_text") or "")
        story_id, title = chosen_story(base, state.get("ss_story"), state.get("ss_new_title"))
        who = getattr(access.session_of(state), "user", None)
        story = storymode.append_step(target, story_id, step, title=title, who=who)
    except (StoryError, DataError, StoreError, OSError) as exc:  # one line; nothing written
        state[SAVE_MESSAGE] = ("error", "Not saved: " + error_line(exc))
        return
    # the data's version moved (the store's audit, the file's stamp): the page reloads it
    for key in ("ss_title", "ss_text", "ss_new_title"):
        state[key] = ""
    state[SAVE_MESSAGE] = ("ok", f"Saved as step {len(story.steps)} of “{story.title}”.")


def view_step(base: Base, view: View, title: str, text: str) -> dict[str, Any]:
    """Return the view as a step: the widgets' filters, the picked or selected claims."""
    state = st.session_state
    f = viewstate.filters_from_widgets(state, base.bounds)
    feature = view.features.get(state.get("sel") or "")
    in_view = {claim.id: claim.places for claim in view.dataset.claims}
    selection = storystate.view_selection(state.get("hl") or (), feature, in_view)
    if f.start is None and not selection["claims"] and base.bounds:
        f = dataclasses.replace(f, start=base.bounds[0], end=base.bounds[1])
    return storymode.step_from_view(f, selection, title, text, dataset=base.dataset)


def chosen_story(base: Base, story_id: str | None, new_title: str | None) -> tuple[str, Any]:
    """Return the story to add to and, for a new one, its title (StoryError without one)."""
    if story_id:
        return story_id, None
    title = " ".join((new_title or "").split())
    if not title:
        raise StoryError("a new story needs a title")
    return storystate.new_story_id(title, (s.id for s in base.dataset.stories)), title


def error_line(exc: BaseException) -> str:
    """Return one line for a failed save (the store's wording for a store error)."""
    from geo.store.errors import StoreError
    from geo.store.session import describe

    if isinstance(exc, StoreError):
        return describe(exc)
    if isinstance(exc, DataError):
        return exc.summary()
    return " ".join(str(exc).split()) or type(exc).__name__

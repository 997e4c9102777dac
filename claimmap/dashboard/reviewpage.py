"""The "Review drafts" page: every ``st.*`` call of reviewing ingested articles' drafts.

The logic is in `claimmap.dashboard.reviewing` (no Streamlit) and ``geo.ingest.review``.
The page reads the browser session's store (``st.session_state[access.SESSION_KEY]``,
opened by `claimmap.dashboard.storepanel`); a data directory has no drafts.

- the sidebar: the queue of ingested documents, and whether decided claims show too;
- an upload form (a file, or pasted text, with what the analyst states about it);
- the article, its spans highlighted by kind (`reviewing.article_html`: every
  character escaped, rendered by ``st.html``: no script runs), the draft in view
  outlined; beside it the draft: its fields, a small map of its place candidates
  (`layers.candidates`), and Accept (A), Edit (E), Reject (X), Previous (P), Next (N).

Actions run in button callbacks (before the page is drawn again), so the page
shows their result and the next draft at once; each one's line is kept in
``st.session_state["rv_message"]``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from claimmap.dashboard import access, reviewing, storepanel
from claimmap.dashboard.markdown import escape_markdown as md
from geo.problems import DataError
from geo.store.errors import StoreError
from geo.store.session import describe
from geo.vocab import CLAIM_TYPES, DATE_PRECISIONS, QUALIFIERS, STATUS_LABELS, STATUSES, type_label

MAP_HEIGHT = 260
SHORTCUTS = {"accept": "A", "edit": "E", "reject": "X", "previous": "P", "next": "N"}


def main() -> None:
    """Draw the review page (a page of ``st.navigation``; see the module doc)."""
    st.set_page_config(page_title="claimmap · review drafts", layout="wide")
    st.title("Review drafts")
    st.caption(
        "Draft claims that `claimmap ingest` or an upload proposed from an article. Each "
        "is a reading of what the article reports, for you to accept, correct or reject."
    )
    session = review_session()
    if session is None:
        return
    try:
        queue = reviewing.queue_order(review_queue(session.engine))
    except StoreError as exc:
        st.error("The store could not be read: " + md(describe(exc)))
        return
    upload_form(session, opened=not queue)
    if not queue:
        st.info("No ingested articles yet: upload one above, or run `claimmap ingest PATH`.")
        return
    source_id = choose_document(queue)
    show_message()
    try:
        document_review(session, source_id)
    except StoreError as exc:
        st.error("The document could not be read: " + md(describe(exc)))


def review_session() -> Any:
    """Return the browser session's StoreSession, or None after saying why there is none."""
    try:
        source = storepanel.open_source()
    except DataError as error:
        st.error(f"The store could not be filled from the data files ({len(error.problems)} "
                 "problem(s)); the map page lists them.")  # fmt: skip
        return None
    if source is None:
        return None  # the login form or the store's error is shown
    session = access.session_of(st.session_state)
    if not source.is_store or session is None:
        st.info(
            "Drafts need a store: this dashboard reads a directory of data files "
            "($CLAIMMAP_DATA), which holds no drafts. Run it on the default store or "
            "set $CLAIMMAP_DB, then ingest articles with `claimmap ingest PATH` or here.",
            icon=":material/database:",
        )
        return None
    if reviewing.review_role(session) is None:
        st.caption(f"Read only: {md(session.user)} may not change claims.")
    return session


def review_queue(engine: Any) -> list[dict[str, Any]]:
    """Return the store's ingested documents (``geo.ingest.review.review_queue``)."""
    from geo.ingest.review import review_queue as queue

    return queue(engine)


# --------------------------------------------------------------------------- sidebar


def choose_document(queue: list[dict[str, Any]]) -> str:
    """Draw the queue in the sidebar; return the chosen document's source id.

    The choice lives in ``rv_doc``, not in a widget key: the labels change with every
    decision (the counts), and a keyed widget whose options change is reset by the
    browser to its first option. Drawn with the current choice, it stays.
    """
    sb = st.sidebar
    sb.header("Documents")
    ids = [doc["source_id"] for doc in queue]
    labels = {doc["source_id"]: reviewing.queue_label(doc) for doc in queue}
    current = st.session_state.get("rv_doc")
    index = ids.index(current) if current in ids else 0
    chosen = sb.radio("Ingested articles", ids, index=index, format_func=labels.__getitem__,
                      label_visibility="collapsed")  # fmt: skip
    if chosen != current and current is not None:
        st.session_state["rv_message"] = None
    if chosen != current:
        st.session_state["rv_doc"] = chosen
        st.session_state["rv_focus"] = None
    sb.toggle("Show accepted and rejected claims too", key="rv_all")
    return chosen


def show_message() -> None:
    """Show the line the last action left (kept until the next action or another draft)."""
    message = st.session_state.get("rv_message")
    if message:
        ok, text = message
        (st.success if ok else st.error)(md(text), icon=":material/check:" if ok else None)


# --------------------------------------------------------------------------- the document


def document_review(session: Any, source_id: str) -> None:
    """Show a document's article and the draft in view beside it."""
    from geo.ingest.review import OPEN_STATUSES, document_drafts

    review = document_drafts(session.engine, source_id, None)  # every span highlighted
    document_header(review)
    if reviewing.review_role(session) is not None:
        document_form(session, review)
    everything = st.session_state.get("rv_all")
    drafts = [d for d in review.drafts if everything or d.review_status in OPEN_STATUSES]
    view = focused(drafts)
    left, right = st.columns(2, gap="medium")
    with left:
        st.subheader("Article")
        st.html(reviewing.legend_html())
        if review.text is None:
            st.warning("The article's text is not archived.")
        else:
            focus = (view.quote_start, view.quote_end) if view else None
            st.html(reviewing.article_html(review.text, review.spans(), focus))
    with right:
        if view is None:
            st.info("No drafts left to review in this article.", icon=":material/done_all:")
            return
        draft_panel(session, drafts, view)


def document_header(review: Any) -> None:
    """Name the document: title or file name, outlet, date, hash and the page's suggestions."""
    source = review.source
    st.subheader(md(source.get("title") or source.get("name") or source["id"]))
    facts = [f"source {source['id']}"]
    if source.get("outlet"):
        facts.append(f"outlet {source['outlet']}")
    facts.append(f"published {source.get('published') or 'unknown'}")
    if review.sha256:
        facts.append(f"SHA-256 {review.sha256[:12]}…")
    st.caption(md(" · ".join(facts)))
    offered = {k: v for k, v in (review.suggestions or {}).items() if v}
    if offered:
        said = "; ".join(f"{k}: {v}" for k, v in offered.items())
        st.caption("The page suggests (not confirmed): " + md(said))


def document_form(session: Any, review: Any) -> None:
    """Draw a form stating the document's title, outlet, address and date (suggestions in it)."""
    source = review.source
    values = reviewing.document_values(source, review.suggestions or {})
    with st.expander("Confirm the document's details", icon=":material/fact_check:"):
        st.caption("Prefilled from what the page suggests where the record is empty: "
                   "nothing is stored as fact until you confirm it.")  # fmt: skip
        with st.form(f"rv_doc_form_{source['id']}", border=False):
            left, right = st.columns(2)
            fields = {
                "title": (left, "Title as confirmed"),
                "outlet": (right, "Outlet as confirmed"),
                "url": (left, "Address as confirmed (URL)"),
                "published": (right, "Published as confirmed (YYYY-MM-DD)"),
            }
            entered = {
                name: column.text_input(label, values[name], key=f"rv_doc_{name}_{source['id']}")
                for name, (column, label) in fields.items()
            }
            go = st.form_submit_button("Confirm", icon=":material/fact_check:")
    if go:
        changes, problems = reviewing.document_changes(source, entered)
        outcome = (
            reviewing.Outcome(False, "; ".join(problems))
            if problems
            else reviewing.confirm(session, source["id"], changes)
        )
        st.session_state["rv_message"] = (outcome.ok, outcome.message)
        st.rerun()


def focused(drafts: list[Any]) -> Any:
    """Draw the list of drafts; return the one in view (``rv_focus``; else the first).

    Not a keyed widget, for the reason `choose_document` gives (the labels change).
    """
    ids = [d.id for d in drafts]
    if not ids:
        return None
    current = st.session_state.get("rv_focus")
    index = ids.index(current) if current in ids else 0
    labels = {d.id: reviewing.draft_label(i, d) for i, d in enumerate(drafts)}
    chosen = st.selectbox("Draft in view", ids, index=index, format_func=labels.__getitem__)
    st.session_state["rv_focus"] = chosen
    return drafts[ids.index(chosen)]


# --------------------------------------------------------------------------- the draft


def shown(text: Any) -> str:
    """Escape a draft's text for Markdown with its control characters named, not applied."""
    return md(reviewing.marked_controls(text))


def draft_panel(session: Any, drafts: list[Any], view: Any) -> None:
    """Show the draft in view: its fields, its map, and its actions."""
    ids = [d.id for d in drafts]
    st.subheader(f"Draft {ids.index(view.id) + 1} of {len(ids)}")
    if st.session_state.get("rv_editing") == view.id:
        edit_form(session, ids, view)
    else:
        draft_card(view)
        actions(session, ids, view)
    candidates_map(view)


def draft_card(view: Any) -> None:
    """Show the draft's fields as proposed or edited, how sure ingest was, and its notes."""
    claim = view.claim
    with st.container(border=True, key="rv_card"):
        st.markdown(shown(claim.get("statement", "")))
        st.markdown("> " + shown(claim.get("quote", "")))
        st.markdown("According to " + shown(claim.get("claimant", "")))
        for label, text in reviewing.draft_facts(view).items():
            st.caption(f"**{shown(label)}:** {shown(text)}")
        st.caption(f"Review status: {shown(view.review_status.replace('_', ' '))} · "
                   f"version {view.version}")  # fmt: skip
        if view.confidence:
            st.caption("Confidence: " + shown(reviewing.confidence_text(view.confidence)))
        for note in view.notes:
            st.caption(":material/info: " + shown(note))
        if view.last_note:
            st.caption("Last review note: " + shown(view.last_note))


def actions(session: Any, ids: list[str], view: Any) -> None:
    """Accept, Edit, Reject (one click or key each), the note, and the way through the drafts."""
    read_only = reviewing.review_role(session) is None
    st.text_input(
        "Note for the audit trail",
        key=f"rv_note_{view.id}",
        placeholder="optional: why accepted or rejected",
        disabled=read_only,
    )
    decide = st.columns(3)
    act = [
        ("accept", "Accept", ":material/check:", "primary", accept_clicked),
        ("edit", "Edit", ":material/edit:", "secondary", edit_clicked),
        ("reject", "Reject", ":material/close:", "secondary", reject_clicked),
    ]
    for column, (name, label, icon, kind, callback) in zip(decide, act, strict=True):
        column.button(label, key=f"rv_{name}", icon=icon, type=kind, disabled=read_only,
                      on_click=callback, args=(session, ids, view),
                      shortcut=SHORTCUTS[name], width="stretch")  # fmt: skip
    index = ids.index(view.id)
    walk = st.columns(2)
    walk[0].button("Previous draft", key="rv_previous", icon=":material/arrow_upward:",
                   disabled=index == 0, on_click=move, args=(ids, index - 1),
                   shortcut=SHORTCUTS["previous"], width="stretch")  # fmt: skip
    walk[1].button("Next draft", key="rv_next", icon=":material/arrow_downward:",
                   disabled=index == len(ids) - 1, on_click=move, args=(ids, index + 1),
                   shortcut=SHORTCUTS["next"], width="stretch")  # fmt: skip
    if session.can_edit and not session.can_review:
        st.caption("As an analyst, your accept or reject is proposed to a reviewer.")


def move(ids: list[str], index: int) -> None:
    """Button callback: show another draft."""
    if 0 <= index < len(ids):
        st.session_state["rv_focus"] = ids[index]
        st.session_state["rv_message"] = None


def decided(ids: list[str], view: Any, outcome: reviewing.Outcome) -> None:
    """Keep an action's line; after a decision, show the next draft."""
    st.session_state["rv_message"] = (outcome.ok, outcome.message)
    if outcome.ok:
        st.session_state["rv_focus"] = reviewing.next_focus(ids, view.id)
        st.session_state["rv_editing"] = None


def accept_clicked(session: Any, ids: list[str], view: Any) -> None:
    """Button callback: accept the draft in view."""
    note = st.session_state.get(f"rv_note_{view.id}") or ""
    decided(ids, view, reviewing.accept(session, view, note))


def reject_clicked(session: Any, ids: list[str], view: Any) -> None:
    """Button callback: reject the draft in view."""
    note = st.session_state.get(f"rv_note_{view.id}") or ""
    decided(ids, view, reviewing.reject(session, view, note))


def edit_clicked(session: Any, ids: list[str], view: Any) -> None:
    """Button callback: open the edit form of the draft in view."""
    st.session_state["rv_editing"] = view.id


# --------------------------------------------------------------------------- editing


def edit_form(session: Any, ids: list[str], view: Any) -> None:
    """Show the draft's fields in a form; saved only when ``check_changes`` passes them."""
    values = reviewing.form_values(view.claim)
    with st.form(f"rv_form_{view.id}_{view.version}", border=True):
        entered = form_fields(session, view, values)
        note = st.text_input("Note for the audit trail", placeholder="optional")
        cols = st.columns(3)
        # the first submit button: Enter in a field (Ctrl+Enter in a text box) presses it
        save = cols[0].form_submit_button("Save edits", type="primary", icon=":material/save:")
        save_accept = cols[1].form_submit_button("Save and accept", icon=":material/check:")
        cancel = cols[2].form_submit_button("Cancel", shortcut="Esc")
    if cancel:
        st.session_state["rv_editing"] = None
        st.rerun()
    if save or save_accept:
        submitted(session, view, entered, note, ids if save_accept else None)


def form_fields(session: Any, view: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Draw the edit form's fields; return what they hold."""
    entered: dict[str, Any] = {}
    entered["statement"] = st.text_area("Statement (ours, neutral)", values["statement"])
    entered["quote"] = st.text_area("Quote (verbatim from the article)", values["quote"])
    entered["claimant"] = st.text_input("According to", values["claimant"])
    left, right = st.columns(2)
    entered["type"] = left.selectbox("Type", CLAIM_TYPES, CLAIM_TYPES.index(values["type"]),
                                     format_func=type_label)  # fmt: skip
    entered["status"] = right.selectbox("Status as reported", STATUSES,
                                        STATUSES.index(values["status"]),
                                        format_func=STATUS_LABELS.__getitem__)  # fmt: skip
    start, end, precision = st.columns(3)
    entered["event_start"] = start.text_input("From (YYYY-MM-DD)", values["event_start"])
    entered["event_end"] = end.text_input("To (YYYY-MM-DD)", values["event_end"])
    entered["date_precision"] = precision.selectbox(
        "Date precision", DATE_PRECISIONS, DATE_PRECISIONS.index(values["date_precision"])
    )
    entered["date_note"] = st.text_input("Date note", values["date_note"])
    places = place_choices(session, view)
    entered["places"] = st.multiselect("Places (in route order)", list(places), values["places"],
                                       format_func=lambda p: places.get(p, p))  # fmt: skip
    actor_names = sorted({*values["actors"], *actor_spans(view)})
    entered["actors"] = st.multiselect("Actors named", actor_names, values["actors"],
                                       accept_new_options=True)  # fmt: skip
    entered["quantities"] = figures_editor(values["quantities"], view.id)
    return entered


def place_choices(session: Any, view: Any) -> dict[str, str]:
    """Return the places a draft may name: the store's gazetteer and the draft's own."""
    choices = dict(gazetteer(access.location_key(access.dashboard_location()), session.engine))
    for place in view.places:
        choices.setdefault(place["id"], place.get("name") or place["id"])
    return choices


@st.cache_resource(max_entries=4, show_spinner=False, ttl=60)
def gazetteer(key: str, _engine: Any) -> dict[str, str]:
    """Return the store's places for the form (cached a minute per store)."""
    return reviewing.gazetteer_choices(_engine)


def actor_spans(view: Any) -> list[str]:
    """Return the actors' names found in the draft's sentence."""
    return [str(s["name"]) for s in view.spans if s.get("name") and "id" in s]


def figures_editor(rows: list[dict[str, Any]], claim_id: str) -> list[dict[str, Any]]:
    """Show the figures as an editable table (one row each); return its rows."""
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(reviewing.QUANTITY_KEYS))
    config = {
        "qualifier": st.column_config.SelectboxColumn("qualifier", options=list(QUALIFIERS)),
        "value": st.column_config.NumberColumn("value"),
        "min": st.column_config.NumberColumn("min"),
        "max": st.column_config.NumberColumn("max"),
        "text": st.column_config.TextColumn("as reported", width="medium"),
    }
    edited = st.data_editor(frame, num_rows="dynamic", hide_index=True, column_config=config,
                            key=f"rv_figures_{claim_id}", width="stretch")  # fmt: skip
    return edited.to_dict("records")


def submitted(
    session: Any, view: Any, entered: dict[str, Any], note: str, accept_ids: list[str] | None
) -> None:
    """Check and write the form's edits (and accept, given the drafts' ids); show any refusal."""
    changes, problems = reviewing.form_changes(view.claim, entered)
    if problems:
        st.error(md("; ".join(problems)))
        return
    if accept_ids is not None:
        outcome = reviewing.accept(session, view, note, changes)
    else:
        outcome = reviewing.save_edits(session, view, changes, note)
    if not outcome.ok:
        st.error(md(outcome.message))
        return
    st.session_state["rv_message"] = (True, outcome.message)
    st.session_state["rv_editing"] = None
    if accept_ids is not None:
        st.session_state["rv_focus"] = reviewing.next_focus(accept_ids, view.id)
    st.rerun()


# --------------------------------------------------------------------------- the map


def candidates_map(view: Any) -> None:
    """Draw the small map of the draft's places and place candidates."""
    points = reviewing.map_points(view)
    if not points:
        st.caption("No place found in this sentence.")
        return
    from streamlit_folium import st_folium

    from layers.candidates import candidates_map as build

    key = tuple(sorted((round(p["lat"], 1), round(p["lon"], 1)) for p in points))
    fmap = build(points, borders=outlines(key, points))
    st.caption("Dark: the claim's places (dashed: inferred); light: other candidates.")
    st_folium(fmap, key=f"rv_map_{view.id}", height=MAP_HEIGHT, returned_objects=[],
              use_container_width=True)  # fmt: skip


@st.cache_resource(max_entries=32, show_spinner=False)
def outlines(key: tuple, _points: list[dict[str, Any]]) -> dict[str, Any]:
    """Country outlines around the points (cached per set of points)."""
    from layers.candidates import outline_collection

    return outline_collection(_points)


# --------------------------------------------------------------------------- upload


def upload_form(session: Any, opened: bool) -> None:
    """Draw a form to ingest an article: a file or pasted text, and what the analyst states."""
    if reviewing.review_role(session) is None:
        return
    with st.expander("Upload an article", expanded=opened, icon=":material/upload_file:"):
        with st.form("rv_upload", clear_on_submit=False, border=False):
            upload = st.file_uploader("Article (plain text or a saved web page)",
                                      type=["txt", "html", "htm"])  # fmt: skip
            pasted = st.text_area("…or paste its text", height=120)
            left, right = st.columns(2)
            values = {
                "title": left.text_input("Title"),
                "outlet": right.text_input("Outlet"),
                "url": left.text_input("Address (URL)"),
                "published": right.text_input("Published (YYYY-MM-DD)"),
            }
            go = st.form_submit_button("Ingest", icon=":material/upload:", type="primary")
    if go:
        ingest_upload(session, upload, pasted, values)


def ingest_upload(session: Any, upload: Any, pasted: str, values: dict[str, Any]) -> None:
    """Ingest what the form gave; show the new document's drafts."""
    if upload is not None:
        data, name = upload.getvalue(), upload.name
    else:
        data, name = pasted.encode("utf-8"), reviewing.pasted_name(values.get("title") or "")
    ingester = ingester_of(session)
    with st.spinner("Reading the article…"):
        outcome, source_id = reviewing.upload(session, data, name, values, ingester)
    st.session_state["rv_message"] = (outcome.ok, outcome.message)
    if source_id:
        st.session_state["rv_doc"] = source_id
        st.session_state["rv_focus"] = None
    st.rerun()


def ingester_of(session: Any) -> Any:
    """Return an Ingester for this session's user, with the store's extractor loaded once."""
    from geo.ingest.ingest import Ingester

    places = place_choices_key(session)
    return Ingester(session.engine, who=session.user, extractor=extractor(places, session.engine))


def place_choices_key(session: Any) -> tuple[str, int]:
    """Name the store and its gazetteer's size (the extractor's cache key)."""
    key = access.location_key(access.dashboard_location())
    return key, len(gazetteer(key, session.engine))


@st.cache_resource(max_entries=2, show_spinner="Loading the extractor…")
def extractor(key: tuple[str, int], _engine: Any) -> Any:
    """Return the extractor over the store's gazetteer (once per store and gazetteer size)."""
    from geo.ingest.ingest import Ingester

    return Ingester(_engine, who="").extractor

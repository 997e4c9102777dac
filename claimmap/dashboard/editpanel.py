"""The claim card's store faces: review status, document hash, and the edit and history panel.

Every ``st.*`` call of editing a claim in the dashboard (the logic is in
`claimmap.dashboard.editing`). The panel opens beside a claim of the selection
when the browser session has a store (``st.session_state[access.SESSION_KEY]``):
review and grade for a reviewer, field edits for an analyst or reviewer, the
history for everyone with a store. A data directory has none of it.

Each form's widgets are keyed by the version of the record they show, and each
save passes that version to the store (``expect_version``). A new version (an
edit here or anywhere) gives new widgets with its values; a save refused as
stale keeps what the user typed (copied into the new version's widgets) and
shows the store's line. Every string from the data or the user reaches the
page as escaped Markdown (`md`), a widget value or a dataframe cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from claimmap.dashboard import access, editing
from claimmap.dashboard.markdown import escape_markdown as md
from geo.store.errors import StoreError
from geo.store.session import describe

#: Session-state keys: the last outcome per claim, and typed values kept after a refusal.
FLASH_KEY = "_edit_flash"
KEPT_KEY = "_edit_kept"


def claim_extras(dataset: Any, c: dict[str, Any]) -> None:
    """Caption the claim's review status and version, and its document's hash and archive date."""
    status = editing.review_label(str(c.get("review_status") or "draft"))
    st.caption(f"review status: {md(status)} · version {int(c.get('version') or 1)}")
    line = editing.document_line(dataset.documents.get(c.get("source_id") or ""))
    if line:
        st.caption(md(line))


def edit_panel(c: dict[str, Any]) -> None:
    """Beside a claim: a switch that opens its review, grading, edit forms and history."""
    session = access.session_of(st.session_state)
    if session is None:
        return
    claim_id = str(c["claim_id"])
    label = "Review, grade and edit" if session.can_edit else "History"
    if not st.toggle(label, key=f"ed_open_{claim_id}"):
        return
    try:
        record = editing.read_record(session.engine, claim_id)
    except StoreError as exc:
        st.error(md(describe(exc)))
        return
    show_flash(claim_id)
    if session.can_edit:
        review_form(session, record)
    if session.can_review:
        grade_form(session, record)
    if session.can_edit:
        claim_form(session, record)
    history_table(session, record)


def show_flash(claim_id: str) -> None:
    """Show (once) what the last save of this claim gave."""
    outcome = st.session_state.get(FLASH_KEY, {}).pop(claim_id, None)
    if outcome is None:
        return
    if outcome.ok:
        st.success(md(outcome.message), icon=":material/check:")
    elif outcome.stale:
        st.error(
            md(outcome.message) + "  \nYour values are kept in the form below; the claim "
            "above now shows the store's version. Save again to apply them over it.",
            icon=":material/sync_problem:",
        )
    else:
        st.error(md(outcome.message), icon=":material/error:")


# --------------------------------------------------------------------------- widgets


def _key(form: str, record: editing.Record, name: str) -> str:
    version = record.group_version if form == "grade" else record.version
    return f"ed_{form}_{record.claim.id}_{version}_{name}"


def _default(form: str, record: editing.Record, name: str, value: Any) -> Any:
    """Return what a new widget starts with: the value typed before a refusal, else ``value``."""
    kept = st.session_state.get(KEPT_KEY, {}).get((form, record.claim.id), {})
    return kept.get(name, value)


def _typed(form: str, record: editing.Record, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: st.session_state.get(_key(form, record, name)) for name in names}


def _saved(form: str, record: editing.Record, names: tuple[str, ...], save: Callable) -> None:
    """Submit callback: run ``save`` on the typed values; keep them when it is refused."""
    typed = _typed(form, record, names)
    outcome = save(typed)
    st.session_state.setdefault(FLASH_KEY, {})[record.claim.id] = outcome
    kept = st.session_state.setdefault(KEPT_KEY, {})
    if outcome.ok:
        kept.pop((form, record.claim.id), None)
    else:
        kept[(form, record.claim.id)] = typed


def _forget_kept(form: str, record: editing.Record) -> None:
    """Drop kept values once the new widgets hold them."""
    st.session_state.get(KEPT_KEY, {}).pop((form, record.claim.id), None)


# --------------------------------------------------------------------------- forms

REVIEW_FIELDS = ("status", "note")
GRADE_FIELDS = ("reliability", "credibility", "note")
CLAIM_FIELDS = (*editing.EDITABLE_FIELDS, "note")


def review_form(session: Any, record: editing.Record) -> None:
    """Move the claim's review status (a note to accept, reject or reopen)."""
    choices = editing.review_choices(record.review_status, session.can_review)
    with st.form(f"ed_review_{record.claim.id}_{record.version}", border=True):
        status = editing.review_label(record.review_status)
        st.markdown(f"**Review** · now {md(status)} · version {record.version}")
        wanted = _default("review", record, "status", None)
        st.selectbox("Move to", choices, index=choices.index(wanted) if wanted in choices else None,
                     format_func=editing.review_label, key=_key("review", record, "status"),
                     placeholder="Choose the new review status")  # fmt: skip
        st.text_input("Review note (required to accept, reject or reopen)",
                      value=_default("review", record, "note", ""),
                      key=_key("review", record, "note"), max_chars=2000)  # fmt: skip
        _forget_kept("review", record)

        def save(typed: dict[str, Any]) -> editing.Outcome:
            return editing.save_review(session, record, typed["status"], typed["note"] or "")

        st.form_submit_button("Set review status", on_click=_saved,
                              args=("review", record, REVIEW_FIELDS, save))  # fmt: skip


def grade_form(session: Any, record: editing.Record) -> None:
    """Grade the claim's group: reliability A-F, credibility 1-6 and the note it rests on."""
    with st.form(f"ed_grade_{record.claim.id}_{record.group_version}", border=True):
        st.markdown(f"**Grade** the underlying claim “{md(record.group_title)}” · now "
                    f"{md(record.grade)} · version {record.group_version}")  # fmt: skip
        reliability = _default("grade", record, "reliability", record.reliability)
        credibility = _default("grade", record, "credibility", record.credibility)
        left, right = st.columns(2)
        left.selectbox("Source reliability", list(editing.RELIABILITY_LABELS),
                       index=list(editing.RELIABILITY_LABELS).index(reliability),
                       format_func=editing.RELIABILITY_LABELS.get,
                       key=_key("grade", record, "reliability"))  # fmt: skip
        right.selectbox("Information credibility", list(editing.CREDIBILITY_LABELS),
                        index=list(editing.CREDIBILITY_LABELS).index(int(credibility)),
                        format_func=editing.CREDIBILITY_LABELS.get,
                        key=_key("grade", record, "credibility"))  # fmt: skip
        st.text_area("Grading note (required: what the grade rests on)",
                     value=_default("grade", record, "note", record.grading_note_shown),
                     key=_key("grade", record, "note"), max_chars=4000, height=80)  # fmt: skip
        _forget_kept("grade", record)

        def save(typed: dict[str, Any]) -> editing.Outcome:
            return editing.save_grade(session, record, typed["reliability"],
                                      typed["credibility"], typed["note"] or "")  # fmt: skip

        st.form_submit_button("Grade the group", on_click=_saved,
                              args=("grade", record, GRADE_FIELDS, save))  # fmt: skip


def claim_form(session: Any, record: editing.Record) -> None:
    """Edit a few fields of the claim (validated by the store as a data file's record)."""
    with st.form(f"ed_claim_{record.claim.id}_{record.version}", border=True):
        st.markdown(f"**Edit the claim** · version {record.version}")
        for name, label in editing.EDITABLE_FIELDS.items():
            key = _key("claim", record, name)
            value = _default("claim", record, name, record.field_value(name))
            if name in editing.CHOICE_FIELDS:
                options = list(editing.CHOICE_FIELDS[name])
                st.selectbox(label, options, key=key, format_func=editing.status_label,
                             index=options.index(value) if value in options else 0)  # fmt: skip
            elif name in ("statement", "quote"):
                st.text_area(label, value=value, key=key, max_chars=4000, height=80)
            else:
                st.text_input(label, value=value, key=key, max_chars=2000)
        st.text_input("Why (a note for the audit trail)", key=_key("claim", record, "note"),
                      value=_default("claim", record, "note", ""), max_chars=2000)  # fmt: skip
        _forget_kept("claim", record)

        def save(typed: dict[str, Any]) -> editing.Outcome:
            return editing.save_claim(session, record, typed, typed.get("note") or "")

        st.form_submit_button("Save the claim", on_click=_saved,
                              args=("claim", record, CLAIM_FIELDS, save))  # fmt: skip


def history_table(session: Any, record: editing.Record) -> None:
    """Show the audit trail of the claim and its group, newest first."""
    try:
        rows = editing.history_rows(session, record)
    except StoreError as exc:
        st.error(md(describe(exc)))
        return
    st.markdown("**History** of the claim and its group (newest first)")
    if not rows:
        st.caption("No changes recorded.")
        return
    st.dataframe(rows, hide_index=True, width="stretch", key=f"ed_history_{record.claim.id}",
                 column_order=editing.HISTORY_COLUMNS)  # fmt: skip

"""A claim's card: every ``st.*`` call of showing one claim as reported, on either page.

The map page shows the claims of a picked place or row, the large-store page the
claim picked in its list; both draw this card from the claim's properties
(``geo.records.claim_properties``) and a Dataset that holds its sources (the whole
data set, or the claim's group read alone: ``geo.store.read.load_group_dataset``).
Every string reaches the page as escaped Markdown (`md`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote as url_quote

import streamlit as st

from claimmap.dashboard import editpanel, views
from claimmap.dashboard.markdown import escape_markdown as md
from geo.dates import dates_text
from geo.vocab import STATUS_LABELS, type_label


def outlet_line(dataset: Any, c: dict[str, Any]) -> str:
    """Name the outlet (a link to the document) and the first reporter, as escaped Markdown."""
    outlet = md(c.get("outlet") or c.get("source_id"))
    url = views.safe_url(c.get("url"))
    if url:
        outlet = f"[{outlet}]({url_quote(url, safe=':/?#&=%+@,;~')})"
    line = f"Reported in {outlet}"
    origin = dataset.sources.get(c.get("origin") or "")
    if origin is not None and c.get("origin") != c.get("source_id"):
        line += f" · first reported by {md(origin.name)}"
    return line


def claim_card(dataset: Any, c: dict[str, Any]) -> None:
    """One claim as reported: statement, quote, claimant, outlet, dates, sources, grading."""
    with st.container(border=True):
        dates = dates_text(c.get("event_start"), c.get("event_end"), c.get("date_precision"))
        status = STATUS_LABELS.get(c.get("status"), c.get("status"))
        st.markdown(f"**{md(type_label(c['type']))}** · {md(dates)} · {md(status)}")
        st.markdown(md(c["statement"]))
        st.markdown("> " + md(c["quote"]))
        st.markdown(f"According to {md(c['claimant'])}")
        st.caption(outlet_line(dataset, c))
        facts = [
            f"independent sources: {int(c.get('independent_sources') or 0)}",
            f"grade {md(c.get('grade') or 'F6')} ({md(c.get('grading_note') or 'not assessed')})",
        ]
        figures = views.figures_text(c.get("quantities") or ())
        if figures:
            facts.append(f"figures as reported: {md(figures)}")
        st.caption(" · ".join(facts))
        if c.get("date_note"):
            st.caption("Dates: " + md(c["date_note"]))
        for summary in c.get("conflicts") or ():
            st.caption(":material/compare_arrows: " + md(summary))
        editpanel.claim_extras(dataset, c)  # review status, document hash and archive
        editpanel.edit_panel(c)  # review, grade, edit and history, with a store session

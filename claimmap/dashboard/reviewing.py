"""The review page's logic, with no Streamlit: highlighted article, draft summaries, actions.

The page (`claimmap.dashboard.reviewpage`) shows what these functions return and
calls them on a click; the store work is ``geo.ingest.review``'s.

Article text is hostile input. `highlight_html` builds the highlighted article
from ``html.escape`` of every piece of the text and only this module's own tags
(``<mark class="k-...">`` with classes from a fixed list, and a visible marker in
place of each control character: an explicit bidirectional control would
otherwise reorder what follows it).

Actions (`accept`, `reject`, `save_edits`, `upload`) return an `Outcome`: whether
it was done and the one line to show (``geo.store.session.describe`` for a store
error). Edits are first checked with ``check_changes`` (the checks of ``check``),
so nothing is written when any is refused.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from geo.dates import dates_text
from geo.vocab import REVIEW_LABELS, STATUS_LABELS, type_label

#: Highlight classes, in legend order: (class, label, background colour).
#: Paul Tol's "light" scheme (colour-blind safe); attribution is underlined instead.
KINDS: tuple[tuple[str, str, str], ...] = (
    ("place", "places", "#99DDFF"),
    ("date", "dates", "#EEDD88"),
    ("quantity", "figures", "#FFAABB"),
    ("actor", "actors and bodies", "#BBCC33"),
    ("attribution", "attribution (who says it)", "transparent"),
)
_CLASSES = {name for name, _, _ in KINDS}
#: Span kinds that name an actor (ingest gives actors their own kind).
ACTOR_KINDS = frozenset(
    {"actor", "armed_group", "security_force", "state_body", "airline", "outlet", "organisation"}
)
#: Characters shown as a visible marker: C0/C1 controls but tab and newline, and the
#: explicit bidirectional controls (embeddings, overrides, isolates and their ends).
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

CSS = (
    """
.cm-article { white-space: pre-wrap; line-height: 1.65; font-size: 0.95rem;
  max-height: 70vh; overflow-y: auto; padding: 0.5rem 0.75rem;
  border: 1px solid #d0d7de; border-radius: 0.5rem; unicode-bidi: isolate; }
.cm-article mark, .cm-legend mark { background: transparent; color: inherit;
  padding: 0 1px; border-radius: 2px; }
.cm-focus { outline: 2px solid #332288; outline-offset: 1px; border-radius: 2px; }
.cm-article .ctl, .cm-legend .ctl { font-family: monospace; font-size: 0.75em;
  color: #a50026; border: 1px solid #a50026; border-radius: 2px; padding: 0 2px; }
.cm-legend { font-size: 0.85rem; line-height: 2; }
.cm-legend mark, .cm-legend .cm-focus { margin-right: 0.6rem; }
"""
    + "".join(
        f"mark.k-{name} {{ background: {colour}; }}\n"
        for name, _, colour in KINDS
        if name != "attribution"
    )
    + "mark.k-attribution { text-decoration: underline dotted 2px #444; }\n"
)


def span_class(kind: Any) -> str | None:
    """Return the highlight class of a span kind (actor kinds: ``actor``), None if unknown."""
    kind = str(kind)
    if kind in ACTOR_KINDS:
        return "actor"
    return kind if kind in _CLASSES else None


def shown_text(text: str) -> str:
    """Escape text for HTML; show each control character as a visible marker."""
    out = []
    last = 0
    for found in _HIDDEN.finditer(text):
        out.append(html.escape(text[last : found.start()], quote=True))
        code = f"U+{ord(found.group()):04X}"
        out.append(f'<span class="ctl" title="control character {code}">{code}</span>')
        last = found.end()
    out.append(html.escape(text[last:], quote=True))
    return "".join(out)


def marked_controls(text: Any) -> str:
    """Return text with each control character as a visible ``[U+XXXX]`` (for plain text).

    The review shows what the article holds: an override in a quote is named, not applied.
    """
    return _HIDDEN.sub(lambda found: f"[U+{ord(found.group()):04X}]", str(text))


def _bounded(spans: Iterable[Mapping[str, Any]], size: int) -> list[tuple[int, int, str]]:
    """Return (start, end, class) of each span inside the text, with a known kind."""
    kept = []
    for span in spans:
        kind = span_class(span.get("kind"))
        start, end = span.get("start"), span.get("end")
        if kind is None or not isinstance(start, int) or not isinstance(end, int):
            continue
        start, end = max(0, start), min(size, end)
        if start < end:
            kept.append((start, end, kind))
    return kept


def highlight_html(
    text: str, spans: Iterable[Mapping[str, Any]], focus: tuple[int, int] | None = None
) -> str:
    """Return the article as HTML: every piece escaped, spans in ``<mark class="k-KIND">``.

    Overlapping spans split the text at every boundary; each piece is marked with
    the classes of all spans over it. The draft in view (``focus``) is wrapped in
    one ``<span class="cm-focus" id="cm-focus">``.

    Parameters
    ----------
    text : the archived text (hostile input).
    spans : items with ``kind``, ``start``, ``end`` (Python string offsets).
    focus : the offsets of the draft in view (its quote), or None.
    """
    kept = _bounded(spans, len(text))
    lo, hi = _focus(focus, len(text))
    cuts = sorted({0, len(text), lo, hi, *(s for s, _, _ in kept), *(e for _, e, _ in kept)})
    parts = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start == lo and lo < hi:
            parts.append('<span class="cm-focus" id="cm-focus">')
        over = {kind for s, e, kind in kept if s <= start and end <= e}
        piece = shown_text(text[start:end])
        if over:
            classes = " ".join(f"k-{name}" for name, _, _ in KINDS if name in over)
            piece = f'<mark class="{classes}">{piece}</mark>'
        parts.append(piece)
        if end == hi and lo < hi:
            parts.append("</span>")
    return "".join(parts)


def _focus(focus: Any, size: int) -> tuple[int, int]:
    """Return the focus offsets inside the text ((0, 0): none)."""
    if not focus or not all(isinstance(v, int) for v in focus):
        return 0, 0
    lo, hi = max(0, focus[0]), min(size, focus[1])
    return (lo, hi) if lo < hi else (0, 0)


def article_html(text: str, spans: Iterable[Mapping[str, Any]], focus=None) -> str:
    """Return the article block for ``st.html``: its style and the highlighted text."""
    body = highlight_html(text, spans, focus)
    return f'<style>{CSS}</style><div class="cm-article" dir="auto">{body}</div>'


def legend_html() -> str:
    """Return the legend of highlight kinds (only this module's own strings)."""
    marks = "".join(f'<mark class="k-{name}">{label}</mark>' for name, label, _ in KINDS)
    box = '<span class="cm-focus">the draft in view</span>'
    return f'<style>{CSS}</style><div class="cm-legend">{marks}{box}</div>'


# --------------------------------------------------------------------------- the queue


def queue_label(doc: Mapping[str, Any]) -> str:
    """One line naming a document of the queue and how many claims await a decision."""
    counts = doc.get("claims") or {}
    waiting = int(counts.get("draft", 0)) + int(counts.get("needs_review", 0))
    name = doc.get("title") or doc.get("name") or doc.get("source_id")
    outlet = f" ({doc['outlet']})" if doc.get("outlet") else ""
    return f"{_one_line(name, 70)}{outlet}: {waiting} to review"


def queue_order(queue: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Documents with claims to review first (newest first), then the others."""

    def waiting(doc: Mapping[str, Any]) -> bool:
        counts = doc.get("claims") or {}
        return bool(counts.get("draft") or counts.get("needs_review"))

    return [d for d in queue if waiting(d)] + [d for d in queue if not waiting(d)]


def _one_line(value: Any, limit: int = 80) -> str:
    text = " ".join(str(value).split())
    text = _HIDDEN.sub("\ufffd", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- a draft


def draft_label(index: int, view: Any) -> str:
    """One line naming a draft in the list: its number, status and statement."""
    status = REVIEW_LABELS.get(view.review_status, view.review_status)
    return f"{index + 1}. [{status}] {_one_line(view.claim.get('statement', ''), 90)}"


def draft_facts(view: Any) -> dict[str, str]:
    """Return the draft's fields as readable text (the page escapes them): label -> text."""
    claim = view.claim
    places = [place_text(p) for p in view.places]
    figures = "; ".join(str(q.get("text") or "") for q in claim.get("quantities") or ())
    facts = {
        "Type": type_label(claim.get("type", "")),
        "Dates": dates_text(
            claim.get("event_start"), claim.get("event_end"), claim.get("date_precision")
        ),  # fmt: skip
        "Date note": claim.get("date_note") or "",
        "Figures as reported": figures,
        "Places": "; ".join(places) or "none on the map",
        "Actors": "; ".join(claim.get("actors") or ()),
        "Status as reported": STATUS_LABELS.get(claim.get("status"), claim.get("status") or ""),
    }
    return {label: text for label, text in facts.items() if text}


def place_text(place: Mapping[str, Any]) -> str:
    """Name a claim's place: its name and kind, and why it was inferred if it was."""
    name = place.get("name") or place.get("id", "")
    kind = str(place.get("kind") or "not in the gazetteer").replace("_", " ")
    inferred = (
        f", inferred: {place.get('why') or 'not named in the text'}"
        if place.get("inferred")
        else ""
    )
    return f"{name} ({kind}{inferred})"


def confidence_text(confidence: Mapping[str, float], low: float = 0.5) -> str:
    """Say how sure ingest was of each field, the doubtful ones first ("claimant 0.1 (low)")."""
    items = sorted(confidence.items(), key=lambda kv: (kv[1], kv[0]))
    return " · ".join(f"{k} {v:.1f}" + (" (low)" if v < low else "") for k, v in items)


def map_points(view: Any) -> list[dict[str, Any]]:
    """Return the points of a draft's small map: its places, then every other candidate.

    Each has ``lat``, ``lon``, ``name``, ``kind``, ``role`` (``chosen``, ``inferred`` or
    ``candidate``), ``mention`` (the words it was found for, or None) and ``score``.
    """
    points: dict[str, dict[str, Any]] = {}
    for place in view.places:
        if _located(place):
            role = "inferred" if place.get("inferred") else "chosen"
            points[place["id"]] = _point(place, role, None, None)
    for mention in view.candidates:
        for candidate in mention.get("candidates") or ():
            if _located(candidate) and candidate.get("id") not in points:
                points[candidate["id"]] = _point(
                    candidate, "candidate", mention.get("text"), candidate.get("score")
                )
    return list(points.values())


def _located(place: Mapping[str, Any]) -> bool:
    lat, lon = place.get("lat"), place.get("lon")
    return (
        isinstance(lat, int | float)
        and isinstance(lon, int | float)
        and math.isfinite(lat)
        and math.isfinite(lon)
    )


def _point(place: Mapping[str, Any], role: str, mention: Any, score: Any) -> dict[str, Any]:
    return {
        "id": str(place.get("id", "")),
        "lat": float(place["lat"]),
        "lon": float(place["lon"]),
        "name": str(place.get("name") or place.get("id") or ""),
        "kind": str(place.get("kind") or ""),
        "role": role,
        "mention": None if mention is None else str(mention),
        "score": float(score) if isinstance(score, int | float) else None,
    }


# --------------------------------------------------------------------------- editing


#: The fields of the edit form, in order.
EDIT_FIELDS = (
    "statement", "quote", "claimant", "type", "status", "event_start", "event_end",
    "date_precision", "date_note", "places", "actors", "quantities",
)  # fmt: skip
QUANTITY_KEYS = ("what", "qualifier", "value", "min", "max", "unit", "text")


def form_values(claim: Mapping[str, Any]) -> dict[str, Any]:
    """Return a claim's fields as the edit form shows them (dates as text, lists as lists)."""
    values = {name: claim.get(name) for name in EDIT_FIELDS}
    for name in ("event_start", "event_end", "date_note"):
        values[name] = "" if values[name] is None else str(values[name])
    values["places"] = list(claim.get("places") or ())
    values["actors"] = list(claim.get("actors") or ())
    values["quantities"] = [_quantity(q) for q in claim.get("quantities") or ()]
    return values


def _quantity(row: Mapping[str, Any]) -> dict[str, Any]:
    """Return a figure as a plain dict: blanks (None, NaN, "") left out."""
    kept = {}
    for key in QUANTITY_KEYS:
        value = row.get(key)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
        kept[key] = value
    return kept


def _date(name: str, text: str, problems: list[str]) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        problems.append(f"{name.replace('_', ' ')} {text[:40]!r} is not a date (YYYY-MM-DD)")
        return None


def form_changes(
    claim: Mapping[str, Any], values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Return the fields the form changed and what cannot be read (one line each).

    Text is stripped; empty dates and date notes become null; figure rows with
    every cell blank are dropped.
    """
    before, problems = form_values(claim), []
    after: dict[str, Any] = {}
    for name in ("statement", "quote", "claimant", "type", "status", "date_precision"):
        value = values.get(name, before[name])
        after[name] = value.strip() if isinstance(value, str) else value
    for name in ("event_start", "event_end"):
        after[name] = _date(name, str(values.get(name) or ""), problems)
    note = str(values.get("date_note") or "").strip()
    after["date_note"] = note or None
    after["places"] = [str(p) for p in values.get("places") or ()]
    after["actors"] = [a.strip() for a in values.get("actors") or () if str(a).strip()]
    rows = [_quantity(q) for q in values.get("quantities") or ()]
    after["quantities"] = [q for q in rows if q]
    before = {**before, "date_note": before["date_note"] or None}
    before["event_start"] = before["event_start"] or None
    before["event_end"] = before["event_end"] or None
    changes = {k: v for k, v in after.items() if v != before.get(k)}
    return changes, problems


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class Outcome:
    """What an action did: ``ok`` and the one line to show."""

    ok: bool
    message: str


def review_role(session: Any) -> str | None:
    """Return the library's role for a session: ``reviewer``, ``analyst``, or None (read only)."""
    if session is None or not getattr(session, "can_edit", False):
        return None
    return "reviewer" if session.can_review else "analyst"


def _failed(exc: BaseException) -> Outcome:
    from geo.store.session import describe

    return Outcome(False, describe(exc))


def _done(claim_id: str, state: Any, verb: str) -> Outcome:
    status = REVIEW_LABELS.get(state.review_status, state.review_status)
    return Outcome(True, f"{claim_id} {verb}: now {status} (version {state.version})")


def accept(session: Any, view: Any, note: str = "", changes: Mapping | None = None) -> Outcome:
    """Accept a draft (with edits, checked first): a reviewer's is final, an analyst's proposed."""
    from geo.ingest.review import accept_draft, check_changes
    from geo.store.errors import StoreError

    try:
        if changes:
            problems = check_changes(session.engine, view.id, changes)
            if problems:
                return Outcome(False, "; ".join(problems))
        state = accept_draft(
            session.engine, view.id, who=session.user, role=review_role(session) or "analyst",
            changes=changes, note=note or None, expect_version=view.version,
        )  # fmt: skip
    except StoreError as exc:
        return _failed(exc)
    return _done(view.id, state, "accepted" if state.review_status == "accepted" else "sent on")


def reject(session: Any, view: Any, note: str = "") -> Outcome:
    """Reject a draft: a reviewer's rejection is final; an analyst's is proposed."""
    from geo.ingest.review import reject_draft
    from geo.store.errors import StoreError

    try:
        state = reject_draft(
            session.engine, view.id, who=session.user, role=review_role(session) or "analyst",
            note=note or None, expect_version=view.version,
        )  # fmt: skip
    except StoreError as exc:
        return _failed(exc)
    return _done(view.id, state, "rejected" if state.review_status == "rejected" else "sent on")


def save_edits(session: Any, view: Any, changes: Mapping[str, Any], note: str = "") -> Outcome:
    """Write a draft's edits after ``check_changes`` passes them (nothing written otherwise)."""
    from geo.ingest.review import check_changes, edit_draft
    from geo.store.errors import StoreError

    if not changes:
        return Outcome(False, "nothing changed")
    try:
        problems = check_changes(session.engine, view.id, changes)
        if problems:
            return Outcome(False, "; ".join(problems))
        state = edit_draft(
            session.engine, view.id, changes, who=session.user, note=note or None,
            expect_version=view.version,
        )  # fmt: skip
    except StoreError as exc:
        return _failed(exc)
    return Outcome(
        True, f"{view.id} edited ({', '.join(sorted(changes))}), version {state.version}"
    )


def upload(
    session: Any,
    data: bytes | None,
    file_name: str,
    values: Mapping[str, Any],
    ingester: Any = None,
) -> tuple[Outcome, str | None]:
    """Ingest an uploaded or pasted article; return the outcome and its source id.

    ``values`` holds what the analyst states (``published``, ``outlet``, ``url``,
    ``title``); blanks are left out.
    """
    from geo.ingest.review import confirmed_from, upload_article
    from geo.store.errors import StoreError

    if not data or not data.strip():
        return Outcome(False, "choose a file or paste the article's text"), None
    try:
        confirmed = confirmed_from(values)
        done = upload_article(
            session.engine, data, file_name, who=session.user, confirmed=confirmed,
            ingester=ingester,
        )  # fmt: skip
    except StoreError as exc:
        return _failed(exc), None
    return Outcome(True, done.summary()), done.source_id


#: The document fields the analyst confirms, and the page's suggestion for each.
DOCUMENT_FIELDS = {"title": "title", "outlet": "site", "url": "url", "published": "date"}


def document_values(source: Mapping[str, Any], suggestions: Mapping[str, Any]) -> dict[str, str]:
    """Return the document form's values: the record's, else what the page suggests."""
    values = {}
    for name, suggested in DOCUMENT_FIELDS.items():
        value = source.get(name) or suggestions.get(suggested) or ""
        values[name] = str(value)[:10] if name == "published" else str(value)
    return values


def document_changes(
    source: Mapping[str, Any], values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Return the document fields the form states anew, and what cannot be read."""
    changes: dict[str, Any] = {}
    problems: list[str] = []
    for name in DOCUMENT_FIELDS:
        value = str(values.get(name) or "").strip() or None
        if name == "published" and value is not None:
            value = _date(name, value, problems)
        if value != (source.get(name) or None):
            changes[name] = value
    return changes, problems


def confirm(session: Any, source_id: str, changes: Mapping[str, Any], note: str = "") -> Outcome:
    """State a document's title, outlet, address or date (``confirm_document``)."""
    from geo.ingest.review import confirm_document
    from geo.store.errors import StoreError

    if not changes:
        return Outcome(False, "nothing changed")
    try:
        changed = confirm_document(
            session.engine, source_id, changes, who=session.user, note=note or None
        )
    except StoreError as exc:
        return _failed(exc)
    return Outcome(True, f"{source_id}: {', '.join(changed) or 'nothing'} confirmed")


def pasted_name(title: str) -> str:
    """Return a file name for pasted text (``pasted.txt``, or from the title given)."""
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40]
    return f"{stem or 'pasted'}.txt"


def gazetteer_choices(engine: Any) -> dict[str, str]:
    """Return the store's places for the edit form: id -> "name (kind, country)"."""
    import sqlalchemy as sa

    from geo.store import schema as t
    from geo.store.engine import reading

    p = t.places.c
    with reading(engine) as conn:
        rows = conn.execute(sa.select(p.id, p.name, p.kind, p.country).order_by(p.name)).all()
    return {r.id: f"{r.name} ({str(r.kind).replace('_', ' ')}, {r.country})" for r in rows}


def next_focus(ids: Sequence[str], current: str | None) -> str | None:
    """Return the draft to show after ``current`` is decided: the next one, else the one before."""
    if current not in ids:
        return ids[0] if ids else None
    index = list(ids).index(current)
    rest = list(ids[index + 1 :]) + list(reversed(ids[:index]))
    return rest[0] if rest else None

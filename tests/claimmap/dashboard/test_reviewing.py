"""The review page's logic: highlighted article, summaries, map points, form edits, actions.

Real SQLite stores (`reviewstore`) with written articles ingested; plain pytest, no Streamlit.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimmap.dashboard import reviewing
from geo.ingest.review import document_drafts, review_queue
from geo.store.edits import history
from geo.store.session import StoreSession
from tests.claimmap.dashboard.reviewstore import (
    ARTICLE,
    HOSTILE_ARTICLE,
    HOSTILE_BITS,
    review_store,
)


class Tags(HTMLParser):
    """Collect every tag and attribute of an HTML fragment, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(fragment: str) -> Tags:
    parser = Tags()
    parser.feed(fragment)
    parser.close()
    return parser


def visible(fragment: str) -> str:
    """The text a reader sees: markers of control characters stand for them."""
    return "".join(parsed(fragment).text)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("review")
    return review_store(folder, {"buses.txt": ARTICLE, "hostile.txt": HOSTILE_ARTICLE})


@pytest.fixture
def session(tmp_path: Path):
    """A session on a fresh store (for tests that write)."""
    url = review_store(tmp_path)
    with StoreSession.open(url, who="analyst-a") as opened:
        yield opened


def drafts_of(engine, name: str):
    doc = next(d for d in review_queue(engine) if d["file_name"] == name)
    return document_drafts(engine, doc["source_id"])


# ----------------------------------------------------------------- the highlighted article


def test_spans_are_marked_by_kind_and_the_text_kept():
    text = "More than 60 buses crossed at Shalamcheh, an official told the paper."
    spans = [
        {"kind": "quantity", "start": 0, "end": 18},
        {"kind": "place", "start": 30, "end": 40},
        {"kind": "armed_group", "start": 5, "end": 9},  # an actor kind: marked "actor"
        {"kind": "attribution", "start": 42, "end": 69},
        {"kind": "no-such-kind", "start": 0, "end": 4},  # unknown: not marked
    ]
    out = reviewing.highlight_html(text, spans, focus=(0, len(text)))
    assert visible(out) == text
    classes = [attrs.get("class") for tag, attrs in parsed(out).tags if tag == "mark"]
    assert "k-quantity k-actor" in classes  # overlapping spans: both classes on the piece
    assert "k-place" in classes and "k-attribution" in classes
    assert all(re.fullmatch(r"(k-(place|date|quantity|actor|attribution) ?)+", c) for c in classes)
    assert out.count('id="cm-focus"') == 1 and out.startswith('<span class="cm-focus"')


def test_every_hostile_character_of_the_article_is_escaped():
    spans = [{"kind": "place", "start": 3, "end": 40}]
    out = reviewing.highlight_html(HOSTILE_ARTICLE, spans, focus=(10, 90))
    tags = {tag for tag, _ in parsed(out).tags}
    assert tags <= {"mark", "span"}, tags  # only our own elements
    shown = visible(out)
    for bit in HOSTILE_BITS:
        assert bit in shown  # as text, character for character
    plain = reviewing.highlight_html(HOSTILE_ARTICLE, [])
    assert all(html.escape(bit, quote=True) in plain for bit in HOSTILE_BITS)
    assert (
        "<script" not in out
        and "<img" not in out
        and "onerror=" not in out.replace("onerror=&quot;", "")
    )
    # the explicit bidirectional controls are shown, never applied
    assert "\u202e" not in out and "\u202c" not in out
    assert "U+202E" in visible(out) and "U+202C" in visible(out)


@given(st.text(), st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60)), max_size=6))
def test_any_text_and_offsets_give_escaped_html_with_only_our_tags(text, bounds):
    spans = [{"kind": "date", "start": a, "end": b} for a, b in bounds]
    out = reviewing.highlight_html(text, spans, focus=bounds[0] if bounds else None)
    assert {tag for tag, _ in parsed(out).tags} <= {"mark", "span"}
    plain = re.sub(r'<span class="ctl" title="[^"]*">(U\+[0-9A-F]{4})</span>', "", out)
    assert "<" not in re.sub(r"</?(mark|span)[^>]*>", "", plain)


def test_the_legend_names_every_kind():
    legend = visible(reviewing.legend_html())
    for _, label, _ in reviewing.KINDS:
        assert label in legend
    assert "the draft in view" in legend


def test_article_html_carries_its_style_and_the_draft_in_view(store):
    from geo.store.engine import connect

    engine = connect(store)
    review = drafts_of(engine, "buses.txt")
    draft = review.drafts[0]
    out = reviewing.article_html(review.text, review.spans(), (draft.quote_start, draft.quote_end))
    assert out.startswith("<style>") and 'class="cm-article"' in out
    focus = re.search(r'<span class="cm-focus" id="cm-focus">(.*?)</span>(?!</mark>)', out, re.S)
    assert focus and draft.claim["quote"].startswith(visible(focus.group(1))[:40])
    engine.dispose()


# ----------------------------------------------------------------- queue and draft summaries


def test_queue_lists_documents_to_review_first_with_counts():
    queue = [
        {"source_id": "a", "name": "a.txt", "claims": {"accepted": 2}},
        {"source_id": "b", "title": "B\u202e <b>x</b>", "outlet": "O", "claims": {"draft": 3}},
    ]
    ordered = reviewing.queue_order(queue)
    assert [d["source_id"] for d in ordered] == ["b", "a"]
    label = reviewing.queue_label(ordered[0])
    assert label.endswith("(O): 3 to review") and "\u202e" not in label
    assert reviewing.queue_label(ordered[1]) == "a.txt: 0 to review"


def test_draft_facts_and_map_points(store):
    from geo.store.engine import connect

    engine = connect(store)
    draft = next(
        d
        for d in drafts_of(engine, "buses.txt").drafts
        if "shalamcheh-crossing" in d.claim["places"]
    )
    facts = reviewing.draft_facts(draft)
    assert "Shalamcheh border crossing (border crossing" in facts["Places"]
    assert facts["Figures as reported"].startswith("More than 60")
    assert facts["Dates"].startswith("2026-01-06")
    points = reviewing.map_points(draft)
    roles = {p["id"]: p["role"] for p in points}
    assert roles["shalamcheh-crossing"] == "chosen"
    assert roles.get("shalamcheh-post-iq") == "inferred"  # the other side of the crossing
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in points)
    assert "(low)" in reviewing.confidence_text({"claimant": 0.1, "quote": 1.0})
    assert reviewing.draft_label(0, draft).startswith("1. [draft] ")
    engine.dispose()


# ----------------------------------------------------------------- the edit form


CLAIM = {
    "statement": "S",
    "quote": "Q",
    "claimant": "C",
    "type": "crossing",
    "status": "reported",
    "event_start": "2026-01-06",
    "event_end": "2026-01-08",
    "date_precision": "range",
    "date_note": None,
    "places": ["a", "b"],
    "actors": [],
    "quantities": [{"what": "buses", "qualifier": "more_than", "value": 60.0, "text": "60"}],
}


def test_an_untouched_form_changes_nothing():
    values = reviewing.form_values(CLAIM)
    assert values["date_note"] == "" and values["event_start"] == "2026-01-06"
    assert reviewing.form_changes(CLAIM, values) == ({}, [])


def test_the_form_gives_only_what_changed():
    values = reviewing.form_values(CLAIM)
    values.update(statement="  New words ", event_end="", date_note=" since Tuesday ")
    values["quantities"] = [
        {**values["quantities"][0], "value": 61.0, "min": float("nan")},
        {"what": None, "text": "  "},  # a blank row from the table: dropped
    ]
    changes, problems = reviewing.form_changes(CLAIM, values)
    assert problems == []
    assert changes == {
        "statement": "New words",
        "event_end": None,
        "date_note": "since Tuesday",
        "quantities": [{"what": "buses", "qualifier": "more_than", "value": 61.0, "text": "60"}],
    }


def test_an_unreadable_date_is_one_line():
    values = {**reviewing.form_values(CLAIM), "event_start": "6 Jan"}
    changes, problems = reviewing.form_changes(CLAIM, values)
    assert problems == ["event start '6 Jan' is not a date (YYYY-MM-DD)"]


def test_next_focus_moves_on_then_back():
    assert reviewing.next_focus(["a", "b", "c"], "b") == "c"
    assert reviewing.next_focus(["a", "b", "c"], "c") == "b"
    assert reviewing.next_focus(["a"], "a") is None
    assert reviewing.next_focus(["a", "b"], "gone") == "a"


# ----------------------------------------------------------------- actions on a real store


def test_accept_and_reject_with_audit_entries(session):
    review = drafts_of(session.engine, "buses.txt")
    first, second = review.drafts[:2]
    done = reviewing.accept(session, first, note="checked against the article")
    assert done.ok and "now accepted" in done.message
    entries = history(session.engine, "claim", first.id)
    assert [e.after for e in entries[:2]] == ["accepted", "needs_review"]
    assert entries[0].who == "analyst-a" and entries[0].note == "checked against the article"
    gone = reviewing.reject(session, second)
    assert gone.ok and "now rejected" in gone.message
    assert [d.id for d in drafts_of(session.engine, "buses.txt").drafts] == []
    again = reviewing.accept(session, first)  # a decision made already: one line, no change
    assert not again.ok and "\n" not in again.message


def test_an_analyst_proposes(session):
    session.role = "analyst"
    draft = drafts_of(session.engine, "buses.txt").drafts[0]
    done = reviewing.reject(session, draft, note="not a claim")
    assert done.ok and "needs review" in done.message
    assert history(session.engine, "claim", draft.id)[0].note == "rejection proposed: not a claim"
    session.role = "reader"
    assert reviewing.review_role(session) is None


def test_edits_are_checked_first_and_refusals_change_nothing(session):
    draft = drafts_of(session.engine, "buses.txt").drafts[0]
    bad = {"quote": "words the article never said", "places": ["nowhere-at-all", "baghdad"]}
    refused = reviewing.save_edits(session, draft, bad)
    assert not refused.ok and "quote not found verbatim" in refused.message
    assert "nowhere-at-all" in refused.message and "\n" not in refused.message
    assert drafts_of(session.engine, "buses.txt").drafts[0].version == draft.version
    assert not reviewing.save_edits(session, draft, {}).ok
    done = reviewing.save_edits(session, draft, {"statement": "An official reportedly said so."})
    assert done.ok and "statement" in done.message
    stale = reviewing.save_edits(session, draft, {"statement": "Again."})  # the old version
    assert not stale.ok and "version" in stale.message


def test_accept_with_edits_in_one_step(session):
    draft = drafts_of(session.engine, "buses.txt").drafts[0]
    refused = reviewing.accept(session, draft, changes={"event_start": "2026-01-09"})
    assert not refused.ok  # a start with no end: refused, nothing written
    changes = {"statement": "Buses reportedly crossed.", "claimant": "an Iraqi border official"}
    done = reviewing.accept(session, draft, changes=changes)
    assert done.ok
    record = drafts_of_all(session.engine, draft.id)
    assert record.claim["claimant"] == "an Iraqi border official"
    assert record.review_status == "accepted"


def drafts_of_all(engine, claim_id: str):
    source = claim_id.rsplit("-draft-", 1)[0]
    return next(d for d in document_drafts(engine, source, None).drafts if d.id == claim_id)


def test_upload_ingests_text_and_says_what_is_wrong(session):
    text = "Flights from Baghdad to Tehran doubled on January 7, 2026, an airport worker said."
    values = {"outlet": "The Example Post", "published": "2026-01-08", "title": "", "url": ""}
    done, source_id = reviewing.upload(session, text.encode(), "flights.txt", values)
    assert done.ok and source_id and "draft claim" in done.message
    again, same = reviewing.upload(session, text.encode(), "flights.txt", values)
    assert again.ok and same == source_id and "nothing added" in again.message
    for bad, words in [
        ({**values, "published": "8 Jan"}, "is not a date"),
        ({**values, "url": "javascript:alert(1)"}, "is not an http(s) address"),
    ]:
        outcome, none = reviewing.upload(session, b"Other text on January 7.", "x.txt", bad)
        assert not outcome.ok and words in outcome.message and none is None
    empty, _ = reviewing.upload(session, b"  \n", "x.txt", values)
    assert not empty.ok and "paste" in empty.message
    assert reviewing.pasted_name("A <b> Title!") == "a-b-title.txt"
    assert reviewing.pasted_name("") == "pasted.txt"


def test_gazetteer_choices_name_the_stores_places(store):
    from geo.store.engine import connect

    engine = connect(store)
    choices = reviewing.gazetteer_choices(engine)
    assert choices["baghdad"] == "Baghdad (city, IQ)"
    engine.dispose()


def test_control_characters_are_named_in_plain_text():
    assert reviewing.marked_controls("a\u202eb\u202cc\x07") == "a[U+202E]b[U+202C]c[U+0007]"
    assert reviewing.marked_controls("line\nnext\ttab") == "line\nnext\ttab"

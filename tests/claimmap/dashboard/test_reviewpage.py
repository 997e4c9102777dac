"""The review page through AppTest: queue, article, accept / edit / reject, upload, hostile text.

Real SQLite stores with written articles ingested (`reviewstore`); the page runs as
``st.navigation`` runs it (``reviewpage.main``). tests/browser/test_review.py drives it
in chromium, keys and mouse.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from streamlit.testing.v1 import AppTest

from claimmap.dashboard import access
from geo.ingest.review import document_drafts, review_queue
from geo.store.edits import history
from geo.store.engine import connect
from tests.claimmap.dashboard.reviewstore import HOSTILE_ARTICLE, HOSTILE_BITS, review_store
from tests.paths import ROOT

SCRIPT = "from claimmap.dashboard.reviewpage import main\nmain()\n"


@pytest.fixture
def store(tmp_path, monkeypatch) -> str:
    url = review_store(tmp_path)
    monkeypatch.setenv("CLAIMMAP_DB", url)
    monkeypatch.delenv("CLAIMMAP_DATA", raising=False)
    return url


def run(at: AppTest | None = None) -> AppTest:
    if at is None:
        at = AppTest.from_string(SCRIPT, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def htmls(at: AppTest) -> list[str]:
    return [e.proto.body for e in at.get("html")]


def plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(plain(p.replace("**", "")) for p in parts)  # our bold labels


def message(at: AppTest) -> str:
    return plain(" ".join(e.value for e in [*at.success, *at.error]))


def open_drafts(url: str) -> list:
    engine = connect(url)
    try:
        doc = next(d for d in review_queue(engine) if d["file_name"] == "buses.txt")
        return document_drafts(engine, doc["source_id"]).drafts
    finally:
        engine.dispose()


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def tags_of(fragment: str) -> set[str]:
    parser = Tags()
    parser.feed(fragment)
    return parser.tags


# ----------------------------------------------------------------- what the page shows


def test_a_data_directory_has_no_drafts(monkeypatch):
    monkeypatch.delenv("CLAIMMAP_DB", raising=False)
    monkeypatch.setenv("CLAIMMAP_DATA", str(ROOT / "tests" / "fixtures" / "data"))
    at = run()
    assert any("Drafts need a store" in plain(i.value) for i in at.info)
    assert not at.button


def test_the_queue_the_article_and_the_draft_in_view(store):
    at = run()
    ingested = [o for o in at.sidebar.radio[0].options if "buses" in o or "Iran International" in o]
    assert ingested and ingested[0].endswith(": 2 to review")
    article = next(h for h in htmls(at) if 'class="cm-article"' in h)
    assert 'class="k-place"' in article and 'class="k-quantity"' in article
    assert 'id="cm-focus"' in article
    first = open_drafts(store)[0]
    assert at.session_state["rv_focus"] == first.id
    shown = texts(at)
    assert first.claim["statement"] in shown and first.claim["quote"] in shown
    assert "Figures as reported: More than 60 buses" in shown
    keys = {b.key: b.proto.shortcut.upper() for b in at.button if b.key and b.key.startswith("rv_")}
    assert keys == {"rv_accept": "A", "rv_edit": "E", "rv_reject": "X",
                    "rv_previous": "P", "rv_next": "N"}  # fmt: skip


def test_accept_then_reject_with_a_note_move_through_the_drafts(store):
    first, second = open_drafts(store)
    at = run()
    at.button(key="rv_accept").click()
    run(at)
    assert f"{first.id} accepted: now accepted" in message(at)
    assert at.session_state["rv_focus"] == second.id
    at.text_input(key=f"rv_note_{second.id}").input("the figure is the outlet's own")
    at.button(key="rv_reject").click()
    run(at)
    assert "now rejected" in message(at)
    assert any("No drafts left" in plain(i.value) for i in at.info)
    engine = connect(store)
    assert history(engine, "claim", second.id)[0].note == "the figure is the outlet's own"
    assert history(engine, "claim", first.id)[0].after == "accepted"
    engine.dispose()
    at.sidebar.toggle[0].set_value(True)  # decided claims too
    run(at)
    assert at.session_state["rv_focus"] == first.id


def test_next_and_previous_walk_the_drafts(store):
    first, second = open_drafts(store)
    at = run()
    at.button(key="rv_next").click()
    run(at)
    assert at.session_state["rv_focus"] == second.id
    assert at.button(key="rv_next").disabled
    at.button(key="rv_previous").click()
    run(at)
    assert at.session_state["rv_focus"] == first.id


def edit(at: AppTest) -> AppTest:
    at.button(key="rv_edit").click()
    return run(at)


def submit(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return run(at)


def test_an_edit_is_checked_before_it_is_written(store):
    first = open_drafts(store)[0]
    at = edit(run())
    quote = next(t for t in at.text_area if t.label.startswith("Quote"))
    quote.input("Words the article never said.")
    at = submit(at, "Save edits")
    assert "quote not found verbatim" in message(at)
    assert len(at.error) == 1 and "\n" not in at.error[0].value
    assert open_drafts(store)[0].version == first.version  # nothing written
    quote = next(t for t in at.text_area if t.label.startswith("Quote"))
    quote.input(first.claim["quote"])
    start = next(t for t in at.text_input if t.label.startswith("From"))
    start.input("6 January")
    at = submit(at, "Save edits")
    assert "event start '6 January' is not a date (YYYY-MM-DD)" in message(at)
    start = next(t for t in at.text_input if t.label.startswith("From"))
    start.input(first.claim["event_start"])
    statement = next(t for t in at.text_area if t.label.startswith("Statement"))
    statement.input("An Iraqi border official reportedly said more than 60 buses crossed.")
    at = submit(at, "Save edits")
    assert f"{first.id} edited (statement)" in message(at)
    assert open_drafts(store)[0].claim["statement"].startswith("An Iraqi border official")
    assert at.button(key="rv_accept")  # back to the card


def test_save_and_accept_and_cancel(store):
    first, second = open_drafts(store)
    at = edit(run())
    claimant = next(t for t in at.text_input if t.label == "According to")
    claimant.input("an Iraqi border official")
    at = submit(at, "Save and accept")
    assert "now accepted" in message(at)
    assert at.session_state["rv_focus"] == second.id
    at = edit(at)
    at = submit(at, "Cancel")
    assert at.button(key="rv_accept") and not at.session_state["rv_editing"]


def test_upload_pasted_text_and_refuse_a_bad_date(store):
    at = run()
    pasted = next(t for t in at.text_area if t.label.startswith("…or paste"))
    pasted.input("Flights from Baghdad doubled on January 7, 2026, an airport worker said.")
    published = next(t for t in at.text_input if t.label.startswith("Published"))
    published.input("7 Jan")
    at = submit(at, "Ingest")
    assert "published '7 Jan' is not a date (YYYY-MM-DD)" in message(at)
    published = next(t for t in at.text_input if t.label.startswith("Published"))
    published.input("2026-01-08")
    next(t for t in at.text_input if t.label == "Title").input("Flights doubled")
    at = submit(at, "Ingest")
    assert "flights-doubled.txt" in message(at) and "draft claim" in message(at)
    engine = connect(store)
    new = next(d for d in review_queue(engine) if d["file_name"] == "flights-doubled.txt")
    engine.dispose()
    assert at.session_state["rv_doc"] == new["source_id"]


def test_an_empty_store_offers_the_upload(tmp_path, monkeypatch):
    from tests.store_factory import new_store

    monkeypatch.setenv("CLAIMMAP_DB", new_store(tmp_path / "empty.sqlite"))
    at = run()
    assert any("No ingested articles yet" in plain(i.value) for i in at.info)
    assert any(b.label == "Ingest" for b in at.button)


def test_a_reader_sees_the_drafts_without_controls(store):
    at = AppTest.from_string(SCRIPT, default_timeout=60)
    from geo.store.session import StoreSession

    session = StoreSession.open(store, who="reader")
    session.role = "reader"
    at.session_state[access.SESSION_KEY] = session
    run(at)
    assert at.button(key="rv_accept").disabled and at.button(key="rv_reject").disabled
    assert not any(b.label == "Ingest" for b in at.button)
    assert "Read only" in texts(at)
    session.close()


def test_hostile_article_shows_as_text(tmp_path, monkeypatch):
    url = review_store(tmp_path, {"hostile.txt": HOSTILE_ARTICLE})
    monkeypatch.setenv("CLAIMMAP_DB", url)
    at = run()
    article = next(h for h in htmls(at) if 'class="cm-article"' in h)
    assert tags_of(article) <= {"style", "div", "mark", "span"}
    assert "\u202e" not in article and "U+202E" in article
    shown = texts(at)
    first = HOSTILE_BITS[1]  # the quote of the first draft carries the image tag
    assert first in shown
    at.button(key="rv_next").click()
    run(at)
    assert "About 50 men [U+202E]waited[U+202C] in Baghdad" in texts(at)  # named, not applied
    for markdown in [m.value for m in at.markdown]:  # every punctuation mark escaped
        assert not re.search(r"(?<!\\)[<\[\]*`$]", markdown), markdown


def test_the_app_has_the_map_and_the_review_pages(monkeypatch):
    monkeypatch.setenv("CLAIMMAP_DATA", str(ROOT / "tests" / "fixtures" / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    run(at)
    assert any(m.label == "Claims in view" for m in at.metric)  # the map page comes first


def test_the_documents_details_are_confirmed_in_a_form(store):
    at = run()
    title = next(t for t in at.text_input if t.label == "Title as confirmed")
    assert title.value == ""  # a plain text file suggests nothing
    title.input("Buses at the Shalamcheh crossing")
    at = submit(at, "Confirm")
    assert "title confirmed" in message(at)
    published = next(t for t in at.text_input if t.label.startswith("Published as confirmed"))
    assert published.value == "2026-01-09"  # stated at ingest
    published.input("9 Jan")
    at = submit(at, "Confirm")
    assert "published '9 Jan' is not a date (YYYY-MM-DD)" in message(at)
    assert any("Buses at the Shalamcheh crossing" in plain(s.value) for s in at.subheader)


def test_a_decided_article_keeps_its_highlights(store):
    at = run()
    for _ in open_drafts(store):
        at.button(key="rv_reject").click()
        run(at)
    assert any("No drafts left" in plain(i.value) for i in at.info)
    article = next(h for h in htmls(at) if 'class="cm-article"' in h)
    assert 'class="k-place"' in article and 'id="cm-focus"' not in article

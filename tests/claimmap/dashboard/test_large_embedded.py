"""A large embedded store (SQLite): the page asks the store for each view (AppTest).

``$CLAIMMAP_LARGE_STORE`` is lowered so that the bundled claims count as a large
store; nothing then reads the whole store into memory, and a claim picked in the
list can be reviewed, graded and edited with its history, as on the full page.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from claimmap.dashboard import access, bigview
from geo.store.query import ViewQuery, run_view
from geo.store.session import StoreSession
from tests.claimmap.dashboard.test_storepage import APP, press, store_url, widget  # noqa: F401


def texts(at: AppTest) -> str:
    """The page's Markdown and captions, their escapes removed."""
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(shown).replace("\\", "")


@pytest.fixture
def large(monkeypatch, store_url):  # noqa: F811
    monkeypatch.setenv("CLAIMMAP_LARGE_STORE", "50")
    monkeypatch.setenv("CLAIMMAP_DB", store_url)
    monkeypatch.delenv("CLAIMMAP_DATA", raising=False)
    import geo.store.read as read

    def refuse(*_args, **_kwargs):
        raise AssertionError("the whole store was read")

    monkeypatch.setattr(read, "load_store_dataset", refuse)  # the large page never does
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, store_url


def count(url: str, query: ViewQuery) -> int:
    from geo.store.engine import connect

    engine = connect(url)
    try:
        return run_view(engine, query).total
    finally:
        engine.dispose()


def test_the_embedded_store_is_large_above_the_threshold(monkeypatch, store_url) -> None:  # noqa: F811
    with StoreSession.open(store_url, who="t") as session:
        assert not bigview.is_large(session.engine)
        monkeypatch.setenv("CLAIMMAP_LARGE_STORE", "50")
        assert bigview.is_large(session.engine)


def test_the_page_draws_the_stores_view_and_lists_its_claims(large) -> None:
    at, url = large
    total = count(url, ViewQuery())
    assert f"{total:,} claims match (" in texts(at)
    assert not at.tabs, [t.label for t in at.tabs]
    labels = [m.label for m in at.sidebar.multiselect]
    assert labels[:2] == ["Claim types", "Outlets"] and "Review status" in labels
    assert len(at.dataframe(key="large_list").value) == total
    at.sidebar.multiselect(key="f_types").select("crossing").run()
    crossings = count(url, ViewQuery(types=("crossing",)))
    assert crossings < total and f"{crossings} claims match (" in texts(at)
    assert set(at.dataframe(key="large_list").value["type"]) == {"border crossing"}


@pytest.mark.parametrize(
    ("key", "value", "query"),
    [("f_search", "Shalamcheh", ViewQuery(search="Shalamcheh")),
     ("f_review", ["draft"], ViewQuery(review_statuses=("draft",))),
     ("f_reliability", ["C"], ViewQuery(grades=tuple(f"C{c}" for c in range(1, 7)))),
     ("f_outlets", ["The Media Line"], ViewQuery(outlets=("The Media Line",)))],
)  # fmt: skip
def test_each_filter_is_the_stores(large, key, value, query) -> None:
    at, url = large
    widgets = {"f_search": at.sidebar.text_input}.get(key, at.sidebar.multiselect)
    widgets(key=key).set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]
    expected = count(url, query)
    assert 0 < expected <= count(url, ViewQuery())
    assert f"{expected:,} claims match (" in texts(at)
    assert len(at.dataframe(key="large_list").value) == expected


def test_a_date_window_narrows_the_view(large) -> None:
    at, url = large
    first, _ = at.sidebar.date_input(key="f_dates").value
    at.sidebar.date_input(key="f_dates").set_value((first, first)).run()
    assert f"{count(url, ViewQuery(start=first, end=first)):,} claims match (" in texts(at)


def test_a_picked_claim_is_reviewed_graded_and_its_history_shown(large) -> None:
    at, url = large
    claim_id = at.dataframe(key="large_list").value["claim"].iloc[0]
    at.selectbox(key="large_pick").set_value(claim_id).run()
    assert "According to" in texts(at)
    at.toggle(key=f"ed_open_{claim_id}").set_value(True).run()
    widget(at, "selectbox", f"ed_review_{claim_id}_1_status").set_value("needs_review")
    press(at, "Set review status")
    assert any("now needs review" in s.value for s in at.success)
    listed = at.dataframe(key="large_list").value.set_index("claim")
    assert listed.loc[claim_id, "review status"] == "needs review"
    assert listed.loc[claim_id, "version"] == 2
    grade = f"ed_grade_{claim_id}_1_"
    widget(at, "selectbox", grade + "reliability").set_value("B")
    widget(at, "text_area", grade + "note").set_value("Reporter on the ground, corroborated.")
    press(at, "Grade the group")
    assert any("graded B" in s.value for s in at.success)
    history = next(d.value for d in at.dataframe if "action" in d.value.columns)
    assert {"grade", "review"} <= set(history["action"])
    with StoreSession.open(url, who="t") as session:
        assert session.history("claim", claim_id)[0].action == "review"
    assert at.session_state[access.SESSION_KEY].can_review


def test_hostile_text_in_the_list_and_card_is_text(large) -> None:
    at, url = large
    claim_id = at.dataframe(key="large_list").value["claim"].iloc[0]
    hostile = "<img src=x onerror=alert(1)> **bold** [x](javascript:alert(1))"
    with StoreSession.open(url, who="t") as session:
        session.edit_claim(claim_id, {"statement": hostile}, expect_version=1)
    at.run()
    listed = at.dataframe(key="large_list").value.set_index("claim")
    assert listed.loc[claim_id, "statement"] == hostile  # a cell: shown as text
    at.selectbox(key="large_pick").set_value(claim_id).run()
    shown = [m.value for m in at.markdown]
    assert "<img" not in "".join(shown).replace("\\<img", "")
    assert any("\\<img src\\=x onerror\\=alert\\(1\\)\\>" in s for s in shown)


def test_a_link_opens_its_filters_and_claim_and_the_page_writes_its_state(
    monkeypatch,
    store_url,  # noqa: F811
) -> None:
    monkeypatch.setenv("CLAIMMAP_LARGE_STORE", "50")
    monkeypatch.setenv("CLAIMMAP_DB", store_url)
    monkeypatch.delenv("CLAIMMAP_DATA", raising=False)
    engine_url = store_url
    first = view_claims_of(engine_url, ViewQuery(types=("flight_surge",)))[-1]
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(
        {"type": ["crossing"], "claim": [first], "outlet": ["No Such Outlet"],
         "layer": ["routes"], "sort": ["review"]}
    )  # fmt: skip
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    crossings = count(engine_url, ViewQuery(types=("crossing",)))
    assert f"{crossings} claims match (" in texts(at)
    assert at.sidebar.multiselect(key="f_types").value == ["crossing"]
    notes = " ".join(i.value for i in at.info)
    assert "No Such Outlet" in notes and "does not filter by layers" in notes
    assert at.selectbox(key="large_pick").value == first  # a flight, kept though not listed
    assert "According to" in texts(at)
    written = {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}
    assert written["claim"] == [first] and written["type"] == ["crossing"]
    assert written["sort"] == ["review"]
    at.sidebar.multiselect(key="f_types").set_value([]).run()
    assert "type" not in at.query_params


def view_claims_of(url: str, query: ViewQuery) -> list[str]:
    from geo.store.engine import connect
    from geo.store.viewlist import view_claims

    engine = connect(url)
    try:
        return [c.id for c in view_claims(engine, query, limit=1000)]
    finally:
        engine.dispose()


def test_a_hostile_claim_id_in_a_link_is_text(monkeypatch, store_url) -> None:  # noqa: F811
    monkeypatch.setenv("CLAIMMAP_LARGE_STORE", "50")
    monkeypatch.setenv("CLAIMMAP_DB", store_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["claim"] = ["<img src=x onerror=alert(1)>"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(i.value for i in at.info)
    assert "is no longer in the store" in shown and "<img" not in shown.replace("\\<img", "")


def test_a_download_holds_exactly_the_claims_of_the_view(store_url) -> None:  # noqa: F811
    import json

    from claimmap.dashboard.filters import Filters
    from geo.store.engine import connect

    f = Filters(types=("crossing",), review_statuses=("draft",))
    engine = connect(store_url)
    try:
        data = json.loads(bigview.view_export(engine, f, "geojson", 116))
        csv_text = bigview.view_export(engine, f, "csv", 116).decode("utf-8")
    finally:
        engine.dispose()
    expected = set(view_claims_of(store_url, ViewQuery(types=("crossing",))))
    found = {feat["properties"]["claim_id"] for feat in data["features"]}
    assert found <= expected and len(expected) > 0
    assert len(csv_text.strip().splitlines()) - 1 == len(expected)  # unmapped ones too
    assert "crossing" in json.dumps(data["claimmap"])  # the filter is recorded


def test_the_page_offers_every_format_or_says_to_narrow(monkeypatch, large) -> None:
    at, _url = large
    labels = [b.label for b in at.get("download_button")]
    from claimmap import exports

    assert sorted(labels) == sorted(e.label for e in exports.FORMATS.values())
    monkeypatch.setattr(bigview, "DOWNLOAD_LIMIT", 10)
    at.run()
    assert not at.get("download_button")
    assert "Narrow the filters to download it" in texts(at)

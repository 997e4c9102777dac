"""The dashboard on a store (AppTest): where it reads, its cache key, and edits that show."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from claimmap.cli import main as cli
from claimmap.dashboard import access
from geo import paths
from geo.store.session import StoreSession
from tests.paths import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """A store filled from the bundled data (a file of this test)."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    assert cli(["--db", url, "db", "init"]) == 0
    assert cli(["--db", url, "db", "import", str(paths.PACKAGE_DATA_DIR)]) == 0
    return url


def run_app(monkeypatch: pytest.MonkeyPatch, store: str | None = None) -> AppTest:
    monkeypatch.delenv("CLAIMMAP_DATA", raising=False)
    if store is None:
        monkeypatch.delenv("CLAIMMAP_DB", raising=False)
    else:
        monkeypatch.setenv("CLAIMMAP_DB", store)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_statements(at: AppTest) -> list[str]:
    frame = at.dataframe(key="claims_table").value
    return list(frame["statement"])


def test_default_is_the_embedded_store(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch)
    session = at.session_state[access.SESSION_KEY]
    assert session.is_open and session.can_review
    assert "sqlite" in session.where
    claims = session.dataset().claims
    assert at.metric[0].value == f"{len(claims):,}"


def test_an_edit_in_the_store_shows_on_the_next_run(monkeypatch, store_url) -> None:
    at = run_app(monkeypatch, store_url)
    first = at.session_state[access.SESSION_KEY].dataset().claims[0]
    assert first.statement in table_statements(at)
    with StoreSession.open(store_url, who="someone-else") as other:
        other.edit_claim(
            first.id, {"statement": "Changed elsewhere, as reported."}, expect_version=1
        )
    at.run()
    assert not at.exception
    statements = table_statements(at)
    assert "Changed elsewhere, as reported." in statements
    assert first.statement not in statements


def test_data_directory_has_no_session(monkeypatch) -> None:
    monkeypatch.setenv("CLAIMMAP_DATA", str(paths.PACKAGE_DATA_DIR))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert access.SESSION_KEY not in at.session_state
    assert at.dataframe(key="claims_table").value.shape[0] > 0


def test_a_server_without_login_form_says_so(monkeypatch) -> None:
    at = run_app(monkeypatch, "postgresql+psycopg://127.0.0.1:1/claims")
    texts = " ".join(e.value for e in at.error)
    if texts:  # no login form installed: one clear line, nothing else drawn
        assert "login" in texts
    assert not at.dataframe


# ----------------------------------------------------------------- the edit panel


def a_feature(store: str) -> tuple[str, str]:
    """A crossing's feature id and its first claim's id, in the store's data."""
    from layers.features import layer_collections

    with StoreSession.open(store) as session:
        collections = layer_collections(session.dataset())
    props = collections["crossings"]["features"][0]["properties"]
    return props["feature_id"], props["claims"][0]["claim_id"]


def open_panel(monkeypatch, store: str, feature: str, claim_id: str) -> AppTest:
    monkeypatch.setenv("CLAIMMAP_DB", store)
    monkeypatch.delenv("CLAIMMAP_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["sel"] = feature
    at.run()
    at.toggle(key=f"ed_open_{claim_id}").set_value(True)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def widget(at: AppTest, kind: str, prefix: str):
    found = [w for w in getattr(at, kind) if w.key and w.key.startswith(prefix)]
    assert len(found) == 1, [w.key for w in getattr(at, kind)]
    return found[0]


def press(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_review_grade_and_history_through_the_panel(monkeypatch, store_url) -> None:
    feature, claim_id = a_feature(store_url)
    at = open_panel(monkeypatch, store_url, feature, claim_id)
    widget(at, "selectbox", f"ed_review_{claim_id}_1_status").set_value("needs_review")
    press(at, "Set review status")
    assert any("now needs review" in s.value for s in at.success)
    widget(at, "selectbox", f"ed_review_{claim_id}_2_status").set_value("accepted")
    press(at, "Set review status")  # no note: refused, with the store's reason
    assert any("note is required" in e.value for e in at.error)
    assert widget(at, "selectbox", f"ed_review_{claim_id}_2_status").value == "accepted"
    widget(at, "text_input", f"ed_review_{claim_id}_2_note").set_value("seen in two outlets")
    press(at, "Set review status")
    assert any("now accepted" in s.value for s in at.success)
    grade = f"ed_grade_{claim_id}_1_"
    widget(at, "selectbox", grade + "reliability").set_value("B")
    widget(at, "text_area", grade + "note").set_value("Reporter on the ground, corroborated.")
    press(at, "Grade the group")
    assert any("graded B" in s.value for s in at.success)
    history = next(d.value for d in at.dataframe if "action" in d.value.columns)
    assert history["action"].iloc[0] == "grade"
    assert {"grade", "review"} <= set(history["action"])
    table = at.dataframe(key="claims_table").value
    assert table.set_index("claim_id").loc[claim_id, "grade"].startswith("B")


def test_two_sessions_the_second_gets_the_conflict(monkeypatch, store_url) -> None:
    feature, claim_id = a_feature(store_url)
    first = open_panel(monkeypatch, store_url, feature, claim_id)
    second = open_panel(monkeypatch, store_url, feature, claim_id)
    statement = f"ed_claim_{claim_id}_1_statement"
    widget(first, "text_area", statement).set_value("First tab's statement, as reported.")
    press(first, "Save the claim")
    assert any("saved statement" in s.value for s in first.success)
    widget(second, "text_area", statement).set_value("Second tab's statement.")
    press(second, "Save the claim")
    assert any("changed since you read it" in e.value for e in second.error)
    kept = widget(second, "text_area", f"ed_claim_{claim_id}_2_statement")
    assert kept.value == "Second tab's statement."  # the typed value is kept
    with StoreSession.open(store_url) as session:
        assert session.dataset().claim(claim_id).statement == "First tab's statement, as reported."


def test_hostile_text_typed_in_shows_escaped(monkeypatch, store_url) -> None:
    feature, claim_id = a_feature(store_url)
    at = open_panel(monkeypatch, store_url, feature, claim_id)
    hostile = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold** :red[x]"
    widget(at, "text_area", f"ed_claim_{claim_id}_1_statement").set_value(hostile)
    widget(at, "text_input", f"ed_claim_{claim_id}_1_claimant").set_value(hostile)
    press(at, "Save the claim")
    shown = [m.value for m in at.markdown]
    assert hostile not in shown
    assert any("\\<img src\\=x onerror\\=alert\\(1\\)\\>" in m for m in shown)
    assert not any("[click](javascript" in m for m in shown)


def test_a_data_directory_has_no_edit_panel(monkeypatch) -> None:
    monkeypatch.setenv("CLAIMMAP_DATA", str(paths.PACKAGE_DATA_DIR))
    monkeypatch.delenv("CLAIMMAP_DB", raising=False)
    from geo.dataset import load_dataset
    from layers.features import layer_collections

    props = layer_collections(load_dataset(paths.PACKAGE_DATA_DIR))["crossings"]["features"][0]
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["sel"] = props["properties"]["feature_id"]
    at.run()
    assert not at.exception
    assert not [t for t in at.toggle if (t.key or "").startswith("ed_open_")]
    assert any("SHA" in c.value for c in at.caption)  # seed files hashed on load


def test_review_and_grade_filters_and_sort_from_the_link(monkeypatch, store_url) -> None:
    with StoreSession.open(store_url, who="tester") as session:
        claims = session.dataset().claims
        session.review(claims[3].id, "needs_review")
        session.grade(claims[3].group, "A", 1, note="confirmed by two own reporters")
    monkeypatch.setenv("CLAIMMAP_DB", store_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["review"] = "needs_review"
    at.run()
    assert not at.exception
    table = at.dataframe(key="claims_table").value
    assert list(table["claim_id"]) == [claims[3].id]
    assert list(table["review_status"]) == ["needs_review"]
    assert at.multiselect(key="f_review").value == ["needs_review"]
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["sort"] = "grade"
    at.run()
    table = at.dataframe(key="claims_table").value
    assert table["grade"].iloc[0] == "A1"
    assert list(table["grade"]) == sorted(table["grade"])
    at.multiselect(key="f_reliability").set_value(["A"]).run()
    assert set(at.dataframe(key="claims_table").value["grade"].str[0]) == {"A"}
    assert at.query_params["reliability"] == ["A"] or at.query_params["reliability"] == "A"


def test_a_claim_picked_in_the_table_can_be_edited_even_without_a_place(
    monkeypatch, store_url
) -> None:
    with StoreSession.open(store_url) as session:
        unmapped = next(c for c in session.dataset().claims if not c.places)
    monkeypatch.setenv("CLAIMMAP_DB", store_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["hl"] = [unmapped.id, "no-such-claim"]  # as picking table rows sets it
    at.run()
    assert not at.exception
    assert any("Picked in the table" in m.value for m in at.markdown)
    at.toggle(key=f"ed_open_{unmapped.id}").set_value(True).run()
    assert not at.exception
    widget(at, "selectbox", f"ed_review_{unmapped.id}_1_status").set_value("needs_review")
    press(at, "Set review status")
    assert any("now needs review" in s.value for s in at.success)


def test_a_server_hands_over_to_the_login_gate(monkeypatch, store_url) -> None:
    """The hook: for a postgresql URL the page calls login.gate() and uses the session it gives.

    A stand-in ``login`` module (the login helper writes the real form) returns a session
    on an SQLite store, or None (the form is drawn: nothing else is).
    """
    import importlib.machinery
    import sys
    import types

    calls: list[object] = []
    given: dict[str, object] = {"session": None}
    login = types.ModuleType("claimmap.dashboard.login")
    login.__spec__ = importlib.machinery.ModuleSpec("claimmap.dashboard.login", None)

    def gate(location=None):
        calls.append(location)
        return given["session"]

    login.gate = gate
    monkeypatch.setitem(sys.modules, "claimmap.dashboard.login", login)
    at = run_app(monkeypatch, "postgresql+psycopg://db.example:5432/claims")
    assert calls and calls[0].where.startswith("postgresql")
    assert not at.dataframe  # no session yet: only the form
    given["session"] = StoreSession.open(store_url, who="server-user")
    at.run()
    assert not at.exception
    assert at.session_state[access.SESSION_KEY] is given["session"]
    assert at.dataframe(key="claims_table").value.shape[0] > 0
    given["session"].close()


@pytest.mark.parametrize("role", ["reader", "analyst"])
def test_what_each_role_is_offered(monkeypatch, store_url, role) -> None:
    """A reader sees the history only; an analyst edits and moves drafts, but grades nothing."""
    from geo.store.engine import connect

    feature, claim_id = a_feature(store_url)
    monkeypatch.setenv("CLAIMMAP_DB", store_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state[access.SESSION_KEY] = StoreSession(connect(store_url), "ana", role, "test")
    at.query_params["sel"] = feature
    at.run()
    toggle = at.toggle(key=f"ed_open_{claim_id}")
    assert toggle.label == ("History" if role == "reader" else "Review, grade and edit")
    toggle.set_value(True).run()
    assert not at.exception
    labels = {b.label for b in at.button}
    assert "Grade the group" not in labels
    if role == "reader":
        assert not {"Set review status", "Save the claim"} & labels
        assert any("History" in m.value for m in at.markdown)
    else:
        moves = widget(at, "selectbox", f"ed_review_{claim_id}_1_status").options
        assert moves == ["needs review"]
        assert "Save the claim" in labels

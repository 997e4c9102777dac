"""Filters and sorting by review status and grade, consistent with `claimmap claims`."""

from __future__ import annotations

import json
import subprocess

import pytest

from claimmap.cli import main as cli
from claimmap.dashboard import viewstate
from claimmap.dashboard.filters import SORTS, ClaimIndex, Filters, sort_ids
from geo import paths
from geo.store.session import StoreSession
from tests.paths import cli_command


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory):
    """A store whose claims are in every review status and some groups graded."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reviewed') / 'store.sqlite'}"
    assert cli(["--db", url, "db", "init"]) == 0
    assert cli(["--db", url, "db", "import", str(paths.PACKAGE_DATA_DIR)]) == 0
    with StoreSession.open(url, who="tester") as session:
        claims = session.dataset().claims
        for claim in claims[:12]:
            session.review(claim.id, "needs_review")
        for claim in claims[:4]:
            session.review(claim.id, "accepted", note="corroborated")
        for claim in claims[4:6]:
            session.review(claim.id, "rejected", note="contradicted")
        session.grade(claims[0].group, "B", 2, note="own reporter")
        session.grade(claims[20].group, "A", 1, note="confirmed")
        dataset = session.dataset()
    return url, dataset, ClaimIndex.build(dataset)


def cli_ids(url: str, *args: str) -> list[str]:
    out = subprocess.run(
        [*cli_command(), "--db", url, "claims", "--json", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return [row["claim_id"] for row in json.loads(out.stdout)]


@pytest.mark.parametrize(
    "statuses", [("draft",), ("needs_review",), ("accepted", "rejected"), ("rejected",)]
)
def test_review_filter_keeps_what_the_cli_keeps(reviewed, statuses) -> None:
    url, _, index = reviewed
    ids = Filters(review_statuses=statuses).claim_ids(index)
    assert ids
    assert ids == cli_ids(url, "--review-status", ",".join(statuses))


def test_grade_filters(reviewed) -> None:
    _, dataset, index = reviewed
    graded = Filters(reliabilities=("A", "B")).claim_ids(index)
    groups = {dataset.claim(i).group for i in graded}
    expected = {g.id for g in dataset.groups.values() if g.reliability in ("A", "B")}
    assert groups == expected & {c.group for c in dataset.claims}
    assert {dataset.claims[0].group, dataset.claims[20].group} <= groups
    assert Filters(credibilities=(1,)).claim_ids(index) == Filters(credibilities=("1",)).claim_ids(
        index
    )
    only_a1 = Filters(reliabilities=("A",), credibilities=("1",)).claim_ids(index)
    assert all(dataset.groups[dataset.claim(i).group].grade == "A1" for i in only_a1)
    assert dataset.claims[20].id in only_a1
    every = Filters(reliabilities=tuple("ABCDEF")).claim_ids(index)
    assert every == [c.id for c in dataset.claims]


def test_url_round_trip_and_unknown_values(reviewed) -> None:
    _, _, index = reviewed
    f = Filters(review_statuses=("accepted",), reliabilities=("B",), credibilities=("2",))
    params = {k: v if isinstance(v, list) else [v] for k, v in f.to_query_params().items()}
    assert params == {"review": ["accepted"], "reliability": ["B"], "credibility": ["2"]}
    assert Filters.from_query_params(params, index=index) == f
    bad = Filters.from_query_params({"review": ["approved"], "credibility": ["9"]}, index=index)
    assert bad.review_statuses is None and bad.credibilities is None
    assert len(bad.notes) == 2 and "approved" in bad.notes[0]


def test_widgets_round_trip(reviewed) -> None:
    _, _, index = reviewed
    f = Filters(review_statuses=("draft", "needs_review"), reliabilities=("A",))
    values = viewstate.widget_values(f, index.date_bounds(), 3)
    assert values["f_review"] == ["draft", "needs_review"] and values["f_reliability"] == ["A"]
    assert viewstate.filters_from_widgets(values, index.date_bounds()) == f


def test_sort_orders_and_url(reviewed) -> None:
    _, dataset, index = reviewed
    ids = [c.id for c in dataset.claims]
    best = sort_ids(index, ids, "grade")
    grades = [index.frame.loc[i, "grade"] for i in best]
    assert grades == sorted(grades) and grades[0] == "A1"
    worst = sort_ids(index, ids, "grade_worst")
    assert index.frame.loc[worst[0], "grade"] == "F6"
    by_review = sort_ids(index, ids, "review")
    statuses = [index.frame.loc[i, "review_status"] for i in by_review]
    assert statuses[0] == "needs_review" and statuses[-1] == "rejected"
    ties = [i for i in by_review if index.frame.loc[i, "review_status"] == "draft"]
    assert ties == [i for i in ids if index.frame.loc[i, "review_status"] == "draft"]
    assert sort_ids(index, ids, "nonsense") == ids
    assert viewstate.url_params(Filters(), sort="grade") == {"sort": ["grade"]}
    assert viewstate.sort_from_url({"sort": ["grade"]}) == ("grade", [])
    sort, notes = viewstate.sort_from_url({"sort": ["<script>"]})
    assert sort == "" and notes and set(SORTS) >= {"", "grade", "review"}

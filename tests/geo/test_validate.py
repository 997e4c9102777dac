from __future__ import annotations

from pathlib import Path

import pytest

from geo.loading import load_claims, load_groups, load_sources
from geo.models import Claim, Source
from geo.validate import (
    check_claims,
    check_dates,
    check_groups,
    check_quotes,
    check_sources,
    cross_check,
    find_cycles,
    normalise_text,
    quote_in_text,
)
from tests.paths import FIXTURES as FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT / "data"


def load(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    loader = {"sources.yaml": load_sources, "claims.yaml": load_claims, "groups.yaml": load_groups}
    return loader[name](path, name)


def fixture(name: str):
    loader = {"sources.yaml": load_sources, "claims.yaml": load_claims, "groups.yaml": load_groups}
    return loader[name](FIXTURES / name, name)


def test_the_fixture_cross_checks_clean() -> None:
    places = {"shalamcheh-crossing", "shalamcheh-post-iq", "khosravi-crossing", "baghdad"}
    places |= {"iraq", "iran"}
    sources, claims, groups = (fixture(n) for n in ("sources.yaml", "claims.yaml", "groups.yaml"))
    assert cross_check(sources, claims, groups, places) == []
    problems = cross_check(sources, claims, groups, places - {"iran"})
    assert [str(p) for p in problems] == [
        "claims.yaml:55: claim noonpost-fighters: unknown place 'iran'"
    ]


def test_places_are_not_checked_without_a_gazetteer() -> None:
    sources, claims, groups = (fixture(n) for n in ("sources.yaml", "claims.yaml", "groups.yaml"))
    assert check_claims(claims, sources, groups, None) == []


@pytest.mark.parametrize(
    ("graph", "cycles"),
    [
        ({"a": ["b"], "b": ["c"]}, []),
        ({"a": ["b"], "b": ["a"]}, [["a", "b"]]),
        ({"c": ["a"], "a": ["b"], "b": ["c"], "d": ["d"]}, [["a", "b", "c"], ["d"]]),
        ({"a": ["b", "c"], "b": ["a"], "c": ["a"]}, [["a", "b"], ["a", "c"]]),
    ],
)
def test_find_cycles(graph: dict[str, list[str]], cycles: list[list[str]]) -> None:
    assert find_cycles(graph) == cycles


def test_source_cites_itself_and_unknown(tmp_path: Path) -> None:
    sources = load(
        tmp_path,
        "sources.yaml",
        "- id: a\n  kind: outlet\n  name: A\n  cites: [a, tml]\n"
        "- id: tml-x\n  kind: outlet\n  name: T\n",
    )
    assert [str(p) for p in check_sources(sources)] == [
        "sources.yaml:4: source a: cites itself",
        "sources.yaml:4: source a: cites unknown source 'tml'",
    ]


def test_refs_of_an_invalid_record_are_still_checked(tmp_path: Path) -> None:
    sources = fixture("sources.yaml")
    groups = fixture("groups.yaml")
    claims = load(
        tmp_path,
        "claims.yaml",
        "- id: x\n  group: nope\n  source_id: tml-article\n  origin: nobody\n  type: bad\n",
    )
    assert claims.models == ()
    assert sorted(str(p) for p in check_claims(claims, sources, groups, set())) == [
        "claims.yaml:2: claim x: unknown group 'nope'",
        "claims.yaml:4: claim x: unknown origin 'nobody'",
    ]


def test_unreadable_files_silence_dependent_checks(tmp_path: Path) -> None:
    claims = load(tmp_path, "claims.yaml", "- id: x\n  group: [\n")
    groups = fixture("groups.yaml")
    assert not claims.readable
    assert check_groups(groups, claims) == []
    broken_groups = load(tmp_path, "groups.yaml", "g: 1\n")
    assert check_claims(fixture("claims.yaml"), fixture("sources.yaml"), broken_groups, None) == []


def test_published_date_outside_the_window(tmp_path: Path) -> None:
    sources = load(
        tmp_path, "sources.yaml", "- id: a\n  kind: document\n  name: A\n  published: 1999-12-31\n"
    )
    assert [str(p) for p in check_dates(fixture("claims.yaml"), sources)] == [
        "sources.yaml:4: source a: published 1999-12-31 is outside 2000-01-01 to 2035-12-31"
    ]


def test_normalise_text() -> None:
    assert normalise_text("a\n\n  “b’s”\u00a0c ") == 'a "b\'s" c'


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("more than 60 buses", True),
        ("more  than\n60 buses", True),
        ('the "pilgrims."', True),
        ("more than 60 ... capacity of 50", True),
        ("more than 60 … capacity of 50", True),
        ("capacity of 50 ... more than 60", False),
        ("more than 70 buses", False),
        ("More than 60 buses", False),
    ],
)
def test_quote_in_text(quote: str, found: bool) -> None:
    text = "Ali said more than 60 buses,\neach with a capacity of 50, carried the “pilgrims.”"
    assert quote_in_text(quote, text) is found


def test_check_quotes(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("He said: more than 60 buses crossed.", encoding="utf-8")
    doc = Source(id="doc", kind="document", name="Doc", seed_file="doc.txt", line=1)
    lost = Source(id="lost", kind="document", name="Lost", seed_file="gone.txt", line=5)
    plain = Source(id="plain", kind="outlet", name="Plain", line=9)
    base = dict(group="g", origin="doc", claimant="c", type="crossing", statement="s")
    claims = [
        Claim(id="good", source_id="doc", quote="more than 60 buses", line=1, **base),
        Claim(id="bad", source_id="doc", quote="more than 80 buses", line=12, **base),
        Claim(id="other", source_id="lost", quote="anything", line=20, **base),
        Claim(id="free", source_id="plain", quote="anything", line=30, **base),
    ]
    sources = {s.id: s for s in (doc, lost, plain)}
    problems, found = check_quotes(sources, claims, tmp_path)
    assert found == 1
    assert [str(p) for p in problems] == [
        f"sources.yaml:5: source lost: seed_file 'gone.txt' not found in {tmp_path}",
        "claims.yaml:12: claim bad: quote not found verbatim in doc.txt",
    ]


def test_ids_of_the_wrong_type_are_problems_not_crashes(tmp_path: Path) -> None:
    sources = load(
        tmp_path,
        "sources.yaml",
        "- id: [1]\n  kind: outlet\n  name: A\n- id: {a: b}\n  kind: outlet\n  name: B\n"
        "- id: c\n  kind: document\n  name: C\n  cites: c-relay\n",
    )
    claims = load(
        tmp_path,
        "claims.yaml",
        "- id: x\n  group: [g]\n  source_id: c\n  origin: [c]\n  places: somewhere\n",
    )
    groups = load(tmp_path, "groups.yaml", "- id: g\n  title: G\n")
    problems = [str(p) for p in cross_check(sources, claims, groups, {"here"})]
    # the wrong shapes are the models' to report (once), not cross-references
    assert problems == ["groups.yaml:1: group g: no claim uses this group"]
    assert any("cites should be a list" in str(p) for p in sources.problems)
    assert any("places should be a list" in str(p) for p in claims.problems)


def test_check_quotes_reports_a_seed_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_bytes(b"caf\xe9 more than 60 buses")
    doc = Source(id="doc", kind="document", name="Doc", seed_file="doc.txt", line=3)
    base = dict(group="g", origin="doc", claimant="c", type="crossing", statement="s")
    claims = [Claim(id="a", source_id="doc", quote="more than 60 buses", line=1, **base)]
    problems, found = check_quotes({"doc": doc}, claims, tmp_path)
    assert found == 0
    assert [str(p) for p in problems] == [
        "sources.yaml:3: source doc: seed_file 'doc.txt' is not UTF-8 text "
        "(invalid continuation byte at byte 3)"
    ]

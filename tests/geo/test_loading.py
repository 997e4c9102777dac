from __future__ import annotations

from pathlib import Path

import pytest

from geo.loading import label, load_claims, load_groups, load_sources
from tests.paths import FIXTURES as FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT / "data"

CLAIM = """\
- id: c-1
  group: g
  source_id: doc
  origin: doc
  claimant: someone
  type: crossing
  statement: Something was reported.
  quote: Something happened.
"""


def claims_from(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(p) for p in load_claims(path, "claims.yaml").problems]


def test_fixture_files_load_whole() -> None:
    sources = load_sources(FIXTURES / "sources.yaml")
    claims = load_claims(FIXTURES / "claims.yaml")
    groups = load_groups(FIXTURES / "groups.yaml")
    assert (len(sources.models), len(claims.models), len(groups.models)) == (5, 6, 3)
    assert sources.problems == claims.problems == groups.problems == ()
    assert [c.line for c in claims.models] == [2, 28, 47, 63, 82, 96]
    assert claims.models[0].quantities[0].what == "buses"
    assert str(claims.models[4].event_start) == "2026-01-07"


def test_a_valid_record_has_no_problem(tmp_path: Path) -> None:
    assert claims_from(tmp_path, CLAIM) == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "  event_start: 2026-01-05\n  event_end: 2026-01-03\n",
            "claims.yaml:1: claim c-1: event_end 2026-01-03 is before event_start 2026-01-05",
        ),
        (
            "  event_start: 2026-13-01\n  event_end: 2026-01-03\n",
            "claims.yaml:9: claim c-1: event_start '2026-13-01' is not a valid date (YYYY-MM-DD): "
            "month value is outside expected range of 1-12",
        ),
        (
            "  souce_id: x\n",
            "claims.yaml:9: claim c-1: unknown field 'souce_id' (did you mean 'source_id'?)",
        ),
        ("  colour: red\n", "claims.yaml:9: claim c-1: unknown field 'colour'"),
        ("  places: najaf\n", "claims.yaml:9: claim c-1: places should be a list, found 'najaf'"),
        (
            "  places: [najaf, 3]\n",
            "claims.yaml:9: claim c-1: place #2 should be a valid string, found 3",
        ),
        (
            "  status: true\n",
            "claims.yaml:9: claim c-1: status True is not one of 'reported', 'unverified', "
            "'not_independently_verified', 'unconfirmed', 'confirmed_by_claimant', 'denied' "
            "or 'official_statement'",
        ),
        (
            "  mode: air\n  places: [najaf]\n",
            "claims.yaml:1: claim c-1: mode 'air' needs at least two places, found 1",
        ),
        (
            "  quantities:\n    - what: fighters\n      qualifier: range\n      min: 900\n"
            "      max: 800\n      text: x\n",
            "claims.yaml:10: claim c-1: quantity 'fighters': range max 800 is below min 900",
        ),
        (
            "  quantities:\n    - what: Fighters\n      qualifier: exact\n      value: 9\n"
            "      text: x\n",
            "claims.yaml:10: claim c-1: quantity 'Fighters' what 'Fighters' should be snake_case",
        ),
        (
            "  quantities:\n    - qualifier: exact\n      value: 9\n      text: x\n",
            "claims.yaml:10: claim c-1: quantity #1: missing field 'what'",
        ),
        (
            "  quantities:\n    - what: x\n      qualifier: exact\n      value: 9\n"
            "      text: x\n      qualifer: up_to\n",
            "claims.yaml:14: claim c-1: quantity 'x': unknown field 'qualifer' "
            "(did you mean 'qualifier'?)",
        ),
        ("  line: 4\n", "claims.yaml:1: claim c-1: unknown field 'line'"),
    ],
)
def test_model_errors_become_one_readable_line(tmp_path: Path, extra: str, expected: str) -> None:
    assert claims_from(tmp_path, CLAIM + extra) == [expected]


def test_every_error_of_a_record_is_reported(tmp_path: Path) -> None:
    text = CLAIM.replace("type: crossing", "type: crosing").replace(
        "statement: Something", "statement: ''  #"
    )
    assert claims_from(tmp_path, text) == [
        "claims.yaml:6: claim c-1: type 'crosing' is not one of 'recruitment', 'crossing', "
        "'transit', 'assembly', 'flight_surge', 'onward_transfer', 'deployment', 'meeting', "
        "'eyewitness', 'statement', 'denial', 'casualties', 'arrests', 'refusal' or 'rally'",
        "claims.yaml:7: claim c-1: statement is empty",
    ]


def test_record_without_id_is_named_by_position(tmp_path: Path) -> None:
    text = CLAIM + CLAIM.replace("- id: c-1\n  group", "- group")
    problems = claims_from(tmp_path, text)
    assert problems == ["claims.yaml:9: claim #2 (no id): missing field 'id'"]


def test_invalid_records_stay_in_raw_but_not_in_models(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(CLAIM + CLAIM.replace("c-1", "c-2").replace("crossing", "x"), encoding="utf-8")
    loaded = load_claims(path)
    assert [r.data["id"] for r in loaded.raw] == ["c-1", "c-2"]
    assert [m.id for m in loaded.models] == ["c-1"]
    assert loaded.readable


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "groups.yaml"
    path.write_text("- id: [unclosed\n", encoding="utf-8")
    loaded = load_groups(path)
    assert not loaded.readable and loaded.raw == ()


def test_group_grading_problems(tmp_path: Path) -> None:
    path = tmp_path / "groups.yaml"
    path.write_text("- id: g\n  title: T\n  reliability: G\n  credibility: 7\n", encoding="utf-8")
    assert [str(p) for p in load_groups(path, "groups.yaml").problems] == [
        "groups.yaml:3: group g: reliability 'G' is not one of 'A', 'B', 'C', 'D', 'E' or 'F'",
        "groups.yaml:4: group g: credibility 7 is not one of 1, 2, 3, 4, 5 or 6",
    ]


def test_label() -> None:
    assert label("claim", {"id": " a "}, 0) == "claim a"
    assert label("source", {"id": 3}, 4) == "source #5 (no id)"


def test_dates_must_be_written_in_full(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    text = "".join(
        f"- id: s{i}\n  kind: document\n  name: S\n  published: {value}\n"
        for i, value in enumerate(
            ["2026", "20260105", "2026-01-05 10:00", "2026-1-5", "2026-04-31"]
        )
    )
    path.write_text(text, encoding="utf-8")
    assert [str(p) for p in load_sources(path, "sources.yaml").problems] == [
        "sources.yaml:4: source s0: published 2026 is not a valid date (YYYY-MM-DD)",
        "sources.yaml:8: source s1: published 20260105 is not a valid date (YYYY-MM-DD)",
        "sources.yaml:12: source s2: published '2026-01-05 10:00' is not a valid date (YYYY-MM-DD)",
        "sources.yaml:16: source s3: published '2026-1-5' is not a valid date (YYYY-MM-DD)",
        "sources.yaml:20: source s4: published '2026-04-31' is not a valid date (YYYY-MM-DD): "
        "day value is outside expected range",
    ]


# ----------------------------------------------------------------- refused values (issue 14)


@pytest.mark.parametrize(
    ("figure", "shown"),
    [("value: .nan", "value nan"), ("value: .inf", "value inf"), ("value: -.Inf", "value -inf")],
)
def test_nan_and_infinite_figures_are_refused(tmp_path: Path, figure: str, shown: str) -> None:
    text = CLAIM + f"  quantities:\n    - what: fighters\n      qualifier: about\n      {figure}\n"
    text += "      text: about x fighters\n"
    assert claims_from(tmp_path, text) == [
        f"claims.yaml:12: claim c-1: quantity 'fighters' {shown} is not a finite number "
        "(NaN and infinity are not figures)"
    ]


def test_a_range_with_an_infinite_end_is_refused(tmp_path: Path) -> None:
    text = CLAIM + "  quantities:\n    - {what: buses, qualifier: range, min: 1, max: .inf"
    text += ", text: 1 to many}\n"
    (problem,) = claims_from(tmp_path, text)
    assert problem.startswith("claims.yaml:10: claim c-1: quantity 'buses' max inf is not a finite")


def test_a_route_from_a_place_to_itself_is_refused(tmp_path: Path) -> None:
    text = CLAIM + "  places: [basra, basra, najaf]\n  mode: ground\n"
    assert claims_from(tmp_path, text) == [
        "claims.yaml:9: claim c-1: the route goes from 'basra' to itself"
    ]
    # a return journey passes through a place twice, but never stays put
    assert claims_from(tmp_path, CLAIM + "  places: [basra, najaf, basra]\n  mode: ground\n") == []


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>x</script>",
     "file:///etc/passwd", "https://", "//example.org/a", "https://exa mple.org"],
)  # fmt: skip
def test_only_http_urls_load(tmp_path: Path, url: str) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(f"- id: doc\n  kind: document\n  name: A\n  url: '{url}'\n", encoding="utf-8")
    (problem,) = load_sources(path, "sources.yaml").problems
    assert str(problem) == (
        f"sources.yaml:4: source doc: url: {url!r} is not an http(s) address with a host"
    )

"""load_dataset and Dataset; the broken-data fixtures with their exact problems.

Each directory under tests/fixtures/broken/ holds the file(s) that replace
their namesake in a copy of tests/fixtures/data/ (one fault per case);
EXPECTED is shared with tests/test_cli_check.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from geo.dataset import Dataset, build_dataset, load_dataset
from geo.problems import DataError
from tests.paths import FIXTURES as FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT
VALID = FIXTURES / "data"
BROKEN = FIXTURES / "broken"

QUALIFIERS = "'exact', 'about', 'more_than', 'at_least', 'nearly', 'up_to' or 'range'"

#: case -> the problems as ``file:line: message`` (file names relative to the data dir).
EXPECTED: dict[str, list[str]] = {
    "yaml-syntax": ["claims.yaml:53: YAML syntax error: mapping values are not allowed here"],
    "not-a-list": ["groups.yaml:1: expected a list of records ('- id: ...'), found a mapping"],
    "impossible-date": [
        "claims.yaml:91: claim tml-qaani: event_start '2026-02-30' is not a valid date "
        "(YYYY-MM-DD): day value is outside expected range"
    ],
    "end-before-start": [
        "claims.yaml:96: claim noonpost-qaani: event_end 2026-01-06 is before event_start "
        "2026-01-08"
    ],
    "implausible-date": [
        "claims.yaml:105: claim noonpost-qaani: event_start 2062-01-06 is outside 2000-01-01 to "
        "2035-12-31",
        "claims.yaml:106: claim noonpost-qaani: event_end 2062-01-08 is outside 2000-01-01 to "
        "2035-12-31",
    ],
    "after-publication": [
        "claims.yaml:91: claim tml-qaani: event_start 2026-01-17 is after its document "
        "tml-article was published (2026-01-14)"
    ],
    "unknown-place": [
        "claims.yaml:71: claim amargi-fighters: unknown place 'khosravi-crosing' "
        "(did you mean 'khosravi-crossing'?)"
    ],
    "unknown-source": [
        "claims.yaml:65: claim amargi-fighters: unknown source_id 'amargi-articel' "
        "(did you mean 'amargi-article'?)"
    ],
    "not-a-document": [
        "claims.yaml:49: claim noonpost-fighters: source_id 'iran-international' is an outlet, "
        "not a document"
    ],
    "unknown-cited-source": [
        "sources.yaml:35: source khamenei-article: cites unknown source 'the-media-line'"
    ],
    "cites-cycle": [
        "sources.yaml:29: source khamenei-article: cites cycle khamenei-article -> tml-article "
        "-> khamenei-article"
    ],
    "unknown-group": [
        "claims.yaml:64: claim amargi-fighters: unknown group 'fighter-total' "
        "(did you mean 'fighters-total'?)"
    ],
    "unused-group": ["groups.yaml:11: group flights-najaf: no claim uses this group"],
    "duplicate-id": ["claims.yaml:96: claim tml-qaani: duplicate id (first defined at line 82)"],
    "repeated-key": [
        "claims.yaml:88: claim tml-qaani: field 'type' given twice (first at line 87)"
    ],
    "bad-qualifier": [
        "claims.yaml:59: claim noonpost-fighters: quantity 'fighters' qualifier 'approximately' "
        f"is not one of {QUALIFIERS}"
    ],
    "range-without-max": [
        "claims.yaml:58: claim noonpost-fighters: quantity 'fighters': a range quantity needs "
        "min and max and no value"
    ],
    "wrong-type": [
        "claims.yaml:79: claim amargi-fighters: quantity 'fighters' value should be a valid "
        "number, found 'two thousand'"
    ],
    "empty-statement": ["claims.yaml:88: claim tml-qaani: statement is empty"],
    "missing-field": ["claims.yaml:63: claim amargi-fighters: missing field 'quote'"],
    "unknown-field": [
        "claims.yaml:15: claim tml-buses: unknown field 'date_notes' (did you mean 'date_note'?)"
    ],
    "route-one-place": [
        "claims.yaml:28: claim khamenei-buses: mode 'ground' needs at least two places, found 1"
    ],
}


def make_data_dir(target: Path, *cases: str) -> Path:
    """Copy the valid fixture data to ``target`` and overlay the broken files of ``cases``."""
    shutil.copytree(VALID, target, dirs_exist_ok=True)
    for case in cases:
        shutil.copytree(BROKEN / case, target, dirs_exist_ok=True)
    return target


def shown(problems) -> list[str]:
    return [f"{Path(p.file).name}:{p.line}: {p.message}" for p in problems]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(VALID)


def test_every_broken_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 12


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_fixture_gives_its_exact_problems(tmp_path: Path, case: str) -> None:
    with pytest.raises(DataError) as info:
        load_dataset(make_data_dir(tmp_path, case))
    assert shown(info.value.problems) == EXPECTED[case]


def test_problems_of_every_file_come_together(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path, "cites-cycle", "unused-group", "bad-qualifier")
    gazetteer = data / "gazetteer.csv"
    lines = gazetteer.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace("33.34058", "333.4")  # baghdad's latitude
    gazetteer.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data)
    problems = shown(info.value.problems)
    expected = EXPECTED["cites-cycle"] + EXPECTED["unused-group"] + EXPECTED["bad-qualifier"]
    assert set(expected) < set(problems)
    # The gazetteer's own problem (worded by geo.gazetteer) is located on its row.
    assert any(p.startswith("gazetteer.csv:5: ") for p in problems)
    # A place the broken row no longer provides is not reported on top of that.
    assert not any("unknown place" in p for p in problems)


def test_missing_data_dir(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        load_dataset(tmp_path / "nowhere")
    assert info.value.problems[0].message == "data directory not found"


def test_missing_files_are_each_reported(tmp_path: Path) -> None:
    make_data_dir(tmp_path)
    (tmp_path / "claims.yaml").unlink()
    (tmp_path / "groups.yaml").unlink()
    with pytest.raises(DataError) as info:
        load_dataset(tmp_path)
    assert shown(info.value.problems) == [
        "claims.yaml:None: file not found",
        "groups.yaml:None: file not found",
    ]


def test_dataset_contents(dataset: Dataset) -> None:
    assert [c.id for c in dataset.claims][:2] == ["tml-buses", "khamenei-buses"]
    assert len(dataset.places) == 6 and "shalamcheh-crossing" in dataset.places
    assert set(dataset.groups) == {"shalamcheh-buses", "fighters-total", "qaani-visit"}
    claim = dataset.claim("khamenei-buses")
    assert dataset.source_of(claim).seed_file == "004_f92ab63a2fe7b7a3.txt"
    assert dataset.origin_of(claim).id == "khamenei-article"
    assert dataset.outlet_of(dataset.claim("tml-buses")) == "The Media Line"
    # A document without an outlet says so, with the start of its title.
    assert dataset.outlet_of(claim) == 'unnamed outlet ("Khamenei brings foreign militias as…")'


def test_dataset_is_frozen(dataset: Dataset) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        dataset.claims = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        dataset.sources["x"] = dataset.sources["tml-article"]  # type: ignore[index]


def test_select_keeps_the_analysis(dataset: Dataset) -> None:
    small = dataset.select(c for c in dataset.claims if c.source_id == "tml-article")
    assert [c.id for c in small.claims] == ["tml-buses", "tml-qaani"]
    assert small.analysis is dataset.analysis
    assert small.analysis.independent_count("tml-qaani") == 2
    with pytest.raises(KeyError):
        small.claim("noonpost-qaani")


@pytest.mark.parametrize(
    ("kwargs", "ids"),
    [
        (
            {},
            [
                "tml-buses",
                "khamenei-buses",
                "noonpost-fighters",
                "amargi-fighters",
                "tml-qaani",
                "noonpost-qaani",
            ],
        ),
        (
            {"start": dt.date(2026, 1, 8)},
            # noonpost-fighters: undated, in a document with no date: possibly any day
            [
                "tml-buses",
                "khamenei-buses",
                "noonpost-fighters",
                "amargi-fighters",
                "noonpost-qaani",
            ],
        ),
        (
            {"end": dt.date(2026, 1, 6)},
            [
                "tml-buses",
                "khamenei-buses",
                "noonpost-fighters",
                "amargi-fighters",
                "noonpost-qaani",
            ],
        ),
        (
            {"start": dt.date(2026, 1, 7), "end": dt.date(2026, 1, 7)},
            [
                "tml-buses",
                "khamenei-buses",
                "noonpost-fighters",
                "amargi-fighters",
                "tml-qaani",
                "noonpost-qaani",
            ],
        ),
        ({"start": dt.date(2026, 1, 12)}, ["noonpost-fighters", "amargi-fighters"]),
        # as known on Jan 12: only tml-article was published by then
        ({"as_of": dt.date(2026, 1, 12)}, ["tml-buses", "tml-qaani"]),
        ({"as_of": dt.date(2026, 1, 11)}, []),
        ({"types": {"meeting"}}, ["tml-qaani", "noonpost-qaani"]),
        ({"actor": "KATAIB HEZBOLLAH"}, ["noonpost-fighters", "amargi-fighters"]),
        ({"actor": "Kata'ib Hizbollah"}, []),  # another spelling, not only case: no alias yet
        ({"actor": "Kataib"}, []),  # a part of a name is not the name
        ({"actor": "quds force", "start": dt.date(2026, 1, 8)}, ["noonpost-qaani"]),
    ],
)
def test_filter(dataset: Dataset, kwargs: dict, ids: list[str]) -> None:
    assert [c.id for c in dataset.filter(**kwargs).claims] == ids


def test_build_dataset_from_models(dataset: Dataset) -> None:
    rebuilt = build_dataset(
        dataset.places, dataset.sources.values(), dataset.claims, dataset.groups.values()
    )
    assert rebuilt.claims == dataset.claims
    assert rebuilt.analysis == dataset.analysis
    assert rebuilt.analysis is not dataset.analysis

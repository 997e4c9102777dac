"""geo.gazetteer: the curated data/gazetteer.csv and its checks."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from geo import boundaries
from geo.gazetteer import COLUMNS, Gazetteer, check_gazetteer, load_gazetteer
from geo.models import Place
from geo.paths import PACKAGE_DATA_DIR
from geo.problems import DataError
from tests.paths import FIXTURES as FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT / "gazetteer"
REFERENCE = PACKAGE_DATA_DIR.parent.parent / "shared" / "reference" / "coordinates.md"

CROSSINGS = {
    "shalamcheh-crossing": ("shalamcheh-post-iq", "IR-06", "IQ-BA"),
    "khosravi-crossing": ("mundhiriya-post", "IR-05", "IQ-DI"),
    "mehran-crossing": ("zurbatiyah-post", "IR-16", "IQ-WA"),
    "chazabeh-crossing": ("sheeb-post", "IR-06", "IQ-MA"),
}
CITIES = [
    "ahvaz", "najaf", "mashhad", "tehran", "qom", "kermanshah", "ilam", "basra", "baghdad",
    "qasr-e-shirin", "khanaqin", "khorramshahr", "mehran", "bostan",
]  # fmt: skip
AIRPORTS = {
    "najaf-airport": ("NJF", "ORNI", "najaf"),
    "tehran-ika-airport": ("IKA", "OIIE", "tehran"),
    "tehran-mehrabad-airport": ("THR", "OIII", "tehran"),
    "mashhad-airport": ("MHD", "OIMM", "mashhad"),
    "kermanshah-airport": ("KSH", "OICC", "kermanshah"),
    "ilam-airport": ("IIL", "OICI", "ilam"),
    "ahvaz-airport": ("AWZ", "OIAW", "ahvaz"),
    "basra-airport": ("BSR", "ORMM", "basra"),
    "baghdad-airport": ("BGW", "ORBI", "baghdad"),
}
PROVINCES = {
    "diyala-province": "IQ-DI",
    "maysan-province": "IQ-MA",
    "basra-province": "IQ-BA",
    "wasit-province": "IQ-WA",
    "najaf-province": "IQ-NA",
    "khuzestan-province": "IR-06",
    "ilam-province": "IR-16",
    "kermanshah-province": "IR-05",
    "razavi-khorasan-province": "IR-09",
    "tehran-province": "IR-23",
    "qom-province": "IR-25",
}
COUNTRIES = {"iran": "IR", "iraq": "IQ", "lebanon": "LB"}

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


# --- the curated file -------------------------------------------------------------------


def test_bundled_gazetteer_has_no_problems() -> None:
    assert check_gazetteer() == []


def test_every_required_place_is_present(gazetteer: Gazetteer) -> None:
    required = [
        *CROSSINGS,
        *(other for other, _, _ in CROSSINGS.values()),
        *CITIES,
        *AIRPORTS,
        *PROVINCES,
        *COUNTRIES,
        "ahvaz-assembly-base",
    ]
    assert [place_id for place_id in required if place_id not in gazetteer] == []


def test_crossings_link_both_ways_with_provinces_on_both_sides(gazetteer: Gazetteer) -> None:
    for crossing_id, (post_id, iran_admin1, iraq_admin1) in CROSSINGS.items():
        crossing, post = gazetteer[crossing_id], gazetteer[post_id]
        assert (crossing.kind, post.kind) == ("border_crossing", "border_crossing")
        assert (crossing.country, post.country) == ("IR", "IQ")
        assert (crossing.admin1, post.admin1) == (iran_admin1, iraq_admin1)
        assert (crossing.other_side, post.other_side) == (post_id, crossing_id)


def test_mehran_town_and_crossing_are_two_places(gazetteer: Gazetteer) -> None:
    town, crossing = gazetteer["mehran"], gazetteer["mehran-crossing"]
    assert (town.kind, crossing.kind) == ("city", "border_crossing")
    apart = distance_m(town.lat, town.lon, crossing.lat, crossing.lon)
    assert 3000 < apart < 5000


def test_airports_carry_codes_and_the_city_they_serve(gazetteer: Gazetteer) -> None:
    for airport_id, (iata, icao, city) in AIRPORTS.items():
        airport = gazetteer[airport_id]
        assert (airport.kind, airport.iata, airport.icao, airport.serves) == (
            "airport",
            iata,
            icao,
            city,
        )
        assert gazetteer[city].country == airport.country


def test_provinces_and_countries(gazetteer: Gazetteer) -> None:
    for province_id, admin1 in PROVINCES.items():
        assert (gazetteer[province_id].kind, gazetteer[province_id].admin1) == ("province", admin1)
        assert gazetteer[province_id].precision_m >= 50_000
    for country_id, code in COUNTRIES.items():
        assert (gazetteer[country_id].kind, gazetteer[country_id].country) == ("country", code)


def test_assembly_base_is_ahvaz_with_city_sized_precision(gazetteer: Gazetteer) -> None:
    base, city = gazetteer["ahvaz-assembly-base"], gazetteer["ahvaz"]
    assert base.kind == "site"
    assert (base.lat, base.lon) == (city.lat, city.lon)
    assert base.precision_m >= city.precision_m


def test_precision_is_honest_for_each_kind(gazetteer: Gazetteer) -> None:
    ranges = {
        "border_crossing": (3000, 5000),
        "city": (5000, 15000),
        "airport": (1000, 3000),
        "province": (50_000, 300_000),
        "site": (1000, 20_000),
        "country": (100_000, 2_000_000),
    }
    wrong = {
        place.id: place.precision_m
        for place in gazetteer.values()
        if not ranges[place.kind][0] <= place.precision_m <= ranges[place.kind][1]
    }
    assert wrong == {}


def test_every_place_has_latin_and_arabic_script_aliases(gazetteer: Gazetteer) -> None:
    for place in gazetteer.values():
        assert any(ARABIC_SCRIPT.search(a) for a in place.aliases), place.id
        assert any(a.isascii() for a in (place.name, *place.aliases)), place.id
        assert place.coord_source


# --- against the reference table and the boundaries ------------------------------------


#: Section of coordinates.md -> (column of the name or code, column of lat; lon follows).
REFERENCE_COLUMNS = {"border": (0, 1), "cities": (0, 2), "airports": (0, 2), "provinces": (1, 2)}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def reference_rows() -> dict[str, tuple[float, float]]:
    """(lat, lon) per place id, parsed from the shared reference table."""
    ids = {
        "border": {
            "Shalamcheh": "shalamcheh-crossing",
            "Khosravi": "khosravi-crossing",
            "Mehran": "mehran-crossing",
            "Chazabeh": "chazabeh-crossing",
        },
        "cities": {"Qasr-e Shirin": "qasr-e-shirin"},
        "airports": {iata: airport_id for airport_id, (iata, _, _) in AIRPORTS.items()},
        "provinces": {admin1: province_id for province_id, admin1 in PROVINCES.items()},
    }
    table: dict[str, tuple[float, float]] = {}
    section = ""
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].split()[0].lower()
        if not line.startswith("|") or section not in REFERENCE_COLUMNS:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        key_col, lat_col = REFERENCE_COLUMNS[section]
        if not (NUMBER.fullmatch(cells[lat_col]) and NUMBER.fullmatch(cells[lat_col + 1])):
            continue  # header or separator row
        key = cells[key_col]
        place_id = ids[section].get(key, key.lower())
        table[place_id] = (float(cells[lat_col]), float(cells[lat_col + 1]))
    return table


def test_reference_table_is_parsed_completely() -> None:
    table = reference_rows()
    assert len(table) == 4 + 12 + 9 + 11


def test_coordinates_agree_with_the_reference_table(gazetteer: Gazetteer) -> None:
    off = {}
    for place_id, (lat, lon) in reference_rows().items():
        place = gazetteer[place_id]
        apart = distance_m(place.lat, place.lon, lat, lon)
        if apart > place.precision_m:
            off[place_id] = round(apart)
    assert off == {}


def test_every_place_lies_in_its_country(gazetteer: Gazetteer) -> None:
    wrong = {}
    for place in gazetteer.values():
        found = boundaries.country_at(place.lon, place.lat)
        if place.kind == "border_crossing":
            # within its precision of the border, on one side of it or the other
            border = boundaries.distance_to_border_m(place.lon, place.lat, place.country)
            sides = {place.country, gazetteer[str(place.other_side)].country}
            if border > place.precision_m or found not in sides:
                wrong[place.id] = (found, round(border))
        elif found != place.country:
            wrong[place.id] = (found, place.country)
    assert wrong == {}


def test_iraqi_posts_are_on_the_iraqi_side(gazetteer: Gazetteer) -> None:
    for post_id, *_ in CROSSINGS.values():
        post = gazetteer[post_id]
        assert boundaries.country_at(post.lon, post.lat) == "IQ", post_id


# --- the loader's API -------------------------------------------------------------------


def test_gazetteer_is_a_read_only_mapping_in_file_order(gazetteer: Gazetteer) -> None:
    ids = list(gazetteer)
    assert ids[0] == "shalamcheh-crossing"
    assert len(gazetteer) == len(ids) == len(set(ids))
    assert "najaf" in gazetteer and "atlantis" not in gazetteer
    assert gazetteer.get("atlantis") is None
    assert isinstance(gazetteer["najaf"], Place)
    assert gazetteer["najaf"].line == ids.index("najaf") + 2
    with pytest.raises(TypeError):
        gazetteer["najaf"] = gazetteer["basra"]  # type: ignore[index]
    assert [p.id for p in gazetteer.of_kind("country")] == ["iran", "iraq", "lebanon"]


def test_load_accepts_a_directory_or_a_file() -> None:
    assert list(load_gazetteer(PACKAGE_DATA_DIR)) == list(load_gazetteer())
    fixture = load_gazetteer(FIXTURES / "valid.csv")
    assert list(fixture) == [
        "mehran-crossing",
        "zurbatiyah-post",
        "mehran",
        "najaf",
        "najaf-airport",
    ]
    assert fixture["mehran"].note == "The town, not the crossing"
    assert fixture["najaf"].aliases == ("An Najaf", "النجف")
    assert fixture["najaf"].geonames_id == 98860
    assert fixture["najaf"].wikidata_id is None


def test_columns_match_the_model() -> None:
    assert set(COLUMNS) == set(Place.model_fields) - {"line"}


# --- broken files: one precise message each, with file and line --------------------------

BROKEN = {
    "bad-coordinate": [(4, "place 'mehran': lat 133.1222 is not between -90 and 90")],
    "negative-precision": [(4, "place 'mehran': precision_m -5 is not above 0")],
    "duplicate-id": [(7, "duplicate id 'najaf' (first on line 5)")],
    "unknown-country": [(5, "place 'najaf': unknown country code 'XZ' (ISO 3166-1 alpha-2)")],
    "empty-alias": [(5, "place 'najaf': alias 2 of 3 is empty")],
    "bad-kind": [
        (
            4,
            "place 'mehran': kind 'town' is not one of "
            "border_crossing, city, airport, province, site, country",
        )
    ],
    "unknown-other-side": [
        (2, "place 'mehran-crossing': other_side 'zurbatiya-post' is not a place id"),
        (
            3,
            "place 'zurbatiyah-post': other_side 'mehran-crossing' does not point back "
            "(its other_side is zurbatiya-post)",
        ),
    ],
    "one-way-other-side": [
        (
            2,
            "place 'mehran-crossing': other_side 'zurbatiyah-post' does not point back "
            "(its other_side is empty)",
        )
    ],
    "unparsable-number": [(5, "place 'najaf': lat is not a number: '32.x02594'")],
    "missing-column": [(1, "missing column(s): coord_source")],
    "unknown-serves": [(6, "place 'najaf-airport': serves 'najaf-city' is not a place id")],
    "shared-alias": [
        (
            5,
            "place 'najaf': alias 'Mehran' also names 'mehran' (line 4); "
            "aliases must tell places apart",
        )
    ],
    "admin1-outside-country": [(5, "place 'najaf': admin1 'IR-16' is not a subdivision of IQ")],
    "airport-without-iata": [(6, "place 'najaf-airport': an airport needs its iata code")],
    "empty-required": [(4, "place 'mehran': coord_source is empty")],
    "wrong-field-count": [(5, "place 'najaf': row has 18 fields, header has 17")],
    "bad-id": [
        (
            5,
            "place 'Najaf City': id is not a slug "
            "(lower-case letters and digits joined by single hyphens)",
        ),
        (6, "place 'najaf-airport': serves 'najaf' is not a place id"),
    ],
}


def test_every_broken_fixture_is_covered() -> None:
    files = {p.stem for p in FIXTURES.glob("*.csv")} - {"valid"}
    assert files == set(BROKEN)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_fixture_gives_its_precise_problems(case: str) -> None:
    path = FIXTURES / f"{case}.csv"
    problems = check_gazetteer(path)
    assert [(p.line, p.message) for p in problems] == BROKEN[case]
    assert all(p.file.endswith(f"{case}.csv") for p in problems)
    with pytest.raises(DataError) as raised:
        load_gazetteer(path)
    line, message = BROKEN[case][0]
    assert str(raised.value).startswith(f"{problems[0].file}:{line}: {message}")


def test_valid_fixture_has_no_problems() -> None:
    assert check_gazetteer(FIXTURES / "valid.csv") == []


def test_line_numbers_count_multi_line_fields(tmp_path: Path) -> None:
    text = (FIXTURES / "valid.csv").read_text(encoding="utf-8")
    text = text.replace('"The town, not the crossing"', '"The town,\nnot the crossing"')
    text = text.replace("najaf,Najaf,city,IQ", "najaf,Najaf,town,IQ")
    path = tmp_path / "gazetteer.csv"
    path.write_text(text, encoding="utf-8")
    problems = check_gazetteer(tmp_path)
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(6, "place 'najaf'")]
    with pytest.raises(DataError):
        load_gazetteer(tmp_path)


HEADER = ",".join(COLUMNS).encode()


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (None, "file not found", None),
        (b"", "empty file: no header row", 1),
        (b"id,name\n\xff\xfe,broken\n", "not UTF-8 text (invalid start byte at byte 8)", 2),
        (HEADER + b'\nc,"d"x\n', "CSV syntax error: ',' expected after '\"'", 2),
        (HEADER + b'\n\na,"open\nb,c\n', "CSV syntax error: unexpected end of data", 3),  # opened
    ],
)
def test_unreadable_files_give_one_problem_located_where_possible(
    tmp_path: Path, content: bytes | None, message: str, line: int | None
) -> None:
    path = tmp_path / "gazetteer.csv"
    if content is not None:
        path.write_bytes(content)
    problems = check_gazetteer(path)
    assert len(problems) == 1
    assert problems[0].line == line
    assert problems[0].message.startswith(message)
    assert problems[0].file.endswith("gazetteer.csv")


# --- hostile rows (issue 14) -------------------------------------------------------------


def valid_with(tmp_path: Path, old: str, new: str) -> list[str]:
    text = (FIXTURES / "valid.csv").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "gazetteer.csv"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return [f"{p.line}: {p.message}" for p in check_gazetteer(path)]


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x85"])
def test_a_control_character_in_a_name_is_refused(tmp_path: Path, char: str) -> None:
    assert valid_with(tmp_path, "najaf,Najaf,city", f"najaf,Na{char}jaf,city") == [
        f"5: place 'najaf': name holds the control character U+{ord(char):04X}"
    ]


def test_a_nul_in_an_alias_is_refused(tmp_path: Path) -> None:
    assert valid_with(tmp_path, "An Najaf|", "An Na\x00jaf|") == [
        "5: place 'najaf': aliases holds the control character U+0000"
    ]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (",IQ-NA,32.02594", ",IQ-,32.02594", "admin1 'IQ-' is not an ISO 3166-2 code like IQ-BA"),
        (",NJF,ORNI,", ",NJ1,ORNI,", "iata 'NJ1' is not three capital letters"),
        (",NJF,ORNI,", ",NJF,ornI,", "icao 'ornI' is not four capital letters"),
    ],
)
def test_codes_are_checked_with_a_readable_message(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    (found,) = valid_with(tmp_path, old, new)
    assert found.endswith(problem)


def test_light_rows_carry_the_same_places() -> None:
    from geo.gazetteer import load_place_rows

    rows, places = load_place_rows(), load_gazetteer()
    assert list(rows) == list(places)
    for place_id, place in places.items():
        assert Place(**rows[place_id]._asdict()) == place
        assert rows[place_id].line == place.line


def test_geocoding_reads_the_gazetteer_without_pydantic() -> None:
    from tests.test_imports import loaded_after

    code = "import geo.geocode; geo.geocode.geocode('Najaf'); assert 'pydantic' not in sys.modules"
    assert loaded_after(code) == []


def test_an_unclosed_override_in_a_name_is_refused(tmp_path: Path) -> None:
    assert valid_with(tmp_path, "najaf,Najaf,city", "najaf,Na\u202ejaf,city") == [
        "5: place 'najaf': name holds an unclosed right-to-left override (U+202E); "
        "close it or remove it"
    ]

"""geo.geocode and geo.fallback: names -> ranked candidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import fallback
from geo.gazetteer import load_gazetteer
from geo.geocode import SCORES, Candidate, Geocoder, geocode, get_geocoder
from geo.normalize import normalize, variant_key
from geo.problems import DataError
from tests.paths import FIXTURES as FIXTURES_ROOT

FIXTURES = FIXTURES_ROOT / "gazetteer"


@pytest.fixture(scope="module")
def coder() -> Geocoder:
    return get_geocoder()


@pytest.fixture(scope="module")
def curated_only() -> Geocoder:
    return Geocoder(load_gazetteer(), fallback=False)


def ids(candidates: list[Candidate]) -> list[str]:
    return [c.id for c in candidates]


# --- stages -----------------------------------------------------------------------------


def test_exact_name_alias_id_and_codes(coder: Geocoder) -> None:
    assert coder.geocode("Najaf")[0].stage == "exact"
    assert coder.geocode("najaf-airport")[0].id == "najaf-airport"
    for code in ("NJF", "ORNI", "njf", "orni"):
        best = coder.geocode(code)[0]
        assert (best.id, best.stage, best.score) == ("najaf-airport", "exact", 1.0)


def test_normalized_stage_folds_case_diacritics_script_and_article(coder: Geocoder) -> None:
    for name, expected in [
        ("KHANAQĪN", "khanaqin"),
        ("al  najaf", "najaf"),
        ("ٱلنَّجَف", "najaf"),
        ("ايلام", "ilam"),
        ("كرمانشاه", "kermanshah"),
        ("Qasr e Shirin", "qasr-e-shirin"),
    ]:
        best = coder.geocode(name)[0]
        assert (best.id, best.stage, best.score) == (expected, "normalized", SCORES["normalized"])


def test_variant_stage_folds_transliterations(coder: Geocoder) -> None:
    for name, expected in [
        ("Bassorah", "basra"),
        ("Khusrawi", "khosravi-crossing"),
        ("Chazzabe", "chazabeh-crossing"),
        ("Khorramshehr", "khorramshahr"),
    ]:
        best = coder.geocode(name)[0]
        assert (best.id, best.stage) == (expected, "variant"), name


def test_fuzzy_stage_takes_small_misspellings_only(coder: Geocoder) -> None:
    best = coder.geocode("Kermanshaj")[0]
    assert (best.id, best.stage) == ("kermanshah", "fuzzy")
    assert best.score < SCORES["serves"]
    assert coder.geocode("Najf")[0].id == "najaf"
    assert coder.geocode("Khoramshar")[0].id == "khorramshahr"
    # two edits in a six-letter name is a different name, not a typo
    assert "maysan-province" not in ids(coder.geocode("Mehran", country="IQ"))


def test_no_fuzzy_match_on_airport_codes(coder: Geocoder) -> None:
    """One letter off a code is another code or a short word, not a typo of that airport."""
    assert "tehran-ika-airport" not in ids(coder.geocode("Aya"))
    assert coder.geocode("NJG", kind="airport", country="IQ") == []


@pytest.mark.parametrize(
    "name", ["Xqzvbnm", "Atlantis Prime", "", "   ", "--", "Qz", "ال", "aaaa", "Ouo", "a" * 500]
)
def test_nonsense_gets_nothing(coder: Geocoder, name: str) -> None:
    assert coder.geocode(name) == []


# --- ambiguity and hints ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mehran", ["mehran", "mehran-crossing"]),
        ("مهران", ["mehran", "mehran-crossing"]),
        ("Basra", ["basra", "basra-airport", "basra-province"]),
        ("Najaf", ["najaf", "najaf-airport", "najaf-province"]),
        ("Tehran", ["tehran", "tehran-province", "tehran-ika-airport", "tehran-mehrabad-airport"]),
        ("Shalamcheh", ["shalamcheh-crossing", "shalamcheh-post-iq"]),
        ("الشلامجة", ["shalamcheh-crossing", "shalamcheh-post-iq"]),
        ("Ahvaz", ["ahvaz", "ahvaz-airport", "ahvaz-assembly-base"]),
    ],
)
def test_ambiguous_names_return_every_candidate_ranked(
    coder: Geocoder, name: str, expected: list[str]
) -> None:
    found = coder.geocode(name)
    assert ids(found) == expected
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[1]  # the place named exactly comes first


def test_kind_and_country_hints_narrow(coder: Geocoder) -> None:
    assert ids(coder.geocode("Mehran", kind="border_crossing")) == ["mehran-crossing"]
    assert ids(coder.geocode("Najaf", kind="airport")) == ["najaf-airport"]
    assert ids(coder.geocode("Basra", kind="province", country="iq")) == ["basra-province"]
    assert ids(coder.geocode("Tehran", kind="airport")) == [
        "tehran-ika-airport",
        "tehran-mehrabad-airport",
    ]
    # no curated Najaf in Iran: only GeoNames' village of that name
    assert [(c.curated, c.country) for c in coder.geocode("Najaf", country="IR")] == [(False, "IR")]
    assert coder.geocode("Najaf", country="LB") == []


def test_bad_hints_are_errors(coder: Geocoder) -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        coder.geocode("Najaf", kind="town")
    with pytest.raises(ValueError, match="alpha-2"):
        coder.geocode("Najaf", country="Iraq")


# --- fallback ---------------------------------------------------------------------------


def test_geonames_fallback_resolves_places_outside_the_gazetteer(coder: Geocoder) -> None:
    kut = coder.geocode("Kut")
    assert kut[0].id == "geonames:99131"
    assert (kut[0].name, kut[0].country, kut[0].stage, kut[0].curated) == (
        "Al-Kut",
        "IQ",
        "fallback",
        False,
    )
    assert coder.geocode("الكوت")[0].id == "geonames:99131"
    assert coder.geocode("Karbala", country="IQ")[0].name == "Karbala"
    assert coder.geocode("Kut", country="GE")[0].name == "Kutaisi"


def test_curated_place_reached_through_a_geonames_name(coder: Geocoder) -> None:
    for name, expected in [("Багдад", "baghdad"), ("Bandar-e Naser", "ahvaz")]:
        best = coder.geocode(name)[0]  # GeoNames alternate names, not curated aliases
        assert (best.id, best.stage, best.curated) == (expected, "geonames", True)
        assert best.score == SCORES["geonames_alternate"]


@pytest.mark.parametrize(
    ("name", "country"), [("Abadan", "IR"), ("Tyre", "LB"), ("Erbil", "IQ"), ("Damascus", "SY")]
)
def test_geonames_main_names_rank_above_alternate_names(
    coder: Geocoder, name: str, country: str
) -> None:
    # Ibadan (NG) lists "Abadan" among its alternate names; one of Tehran's reads like "Tyre"
    best = coder.geocode(name)[0]
    assert (best.name, best.country) == (name, country)


def test_curated_places_rank_above_the_fallback(coder: Geocoder) -> None:
    found = coder.geocode("Qam")  # a typo of Qom, and a GeoNames town of its own
    curated = [c.curated for c in found]
    assert curated[0] and curated == sorted(curated, reverse=True)
    assert found[0].id == "qom"
    assert any(not c.curated for c in found)


def test_airport_codes_beyond_the_gazetteer(coder: Geocoder) -> None:
    best = coder.geocode("OIKB")[0]
    assert (best.id, best.kind, best.iata, best.stage, best.curated) == (
        "airport:OIKB",
        "airport",
        "BND",
        "code",
        False,
    )
    assert coder.geocode("THR")[0].id == "tehran-mehrabad-airport"  # curated first
    assert "airport:UGKO" not in ids(coder.geocode("Kut"))  # a code only in capitals


def test_fallback_can_be_switched_off(curated_only: Geocoder) -> None:
    assert curated_only.geocode("Kut") == []
    assert curated_only.geocode("OIKB") == []
    assert curated_only.geocode("Najaf")[0].id == "najaf"


CITIES = {
    "99131": {
        "geonameid": 99131, "name": "Al-Kut", "latitude": 32.5128, "longitude": 45.81817,
        "countrycode": "IQ", "population": 315162,
        "alternatenames": ["Kut", "الكوت", "Kut al Imara"],
    },
    "2339354": {
        "geonameid": 2339354, "name": "Ibadan", "latitude": 7.37756, "longitude": 3.90591,
        "countrycode": "NG", "population": 3565108, "alternatenames": ["Abadan"],
    },
    "145459": {
        "geonameid": 145459, "name": "Abadan", "latitude": 30.3392, "longitude": 48.3043,
        "countrycode": "IR", "population": 370180, "alternatenames": ["آبادان"],
    },
}  # fmt: skip


def test_city_index_is_built_cached_and_rebuilt_when_stale(tmp_path: Path) -> None:
    cities = tmp_path / "cities.json"
    cities.write_text(json.dumps(CITIES), encoding="utf-8")
    cache = tmp_path / "cache" / "cities.sqlite"
    index = fallback.open_city_index(cities, cache)
    assert len(index) == 3
    assert cache.is_file()  # beside it only its lock, no temporary file left
    assert sorted(p.name for p in cache.parent.iterdir()) == ["cities.sqlite", "cities.sqlite.lock"]
    assert [(c.name, how) for c, how in index.lookup("kut", "kut")] == [("Al-Kut", "name")]
    assert [(c.name, how) for c, how in index.lookup(normalize("الكوت"), "")] == [
        ("Al-Kut", "alternate")
    ]
    # main name first, although Ibadan is bigger
    assert [(c.country, how) for c, how in index.lookup("abadan", "")] == [
        ("IR", "name"),
        ("NG", "alternate"),
    ]
    assert [c.name for c, _ in index.lookup("", variant_key("Kut al-Imarah"))] == ["Al-Kut"]
    assert index.city(99131).population == 315162
    assert index.city(1) is None

    built = cache.stat().st_mtime_ns
    assert len(fallback.open_city_index(cities, cache)) == 3
    assert cache.stat().st_mtime_ns == built  # read back, not rebuilt

    fewer = {k: v for k, v in CITIES.items() if k != "2339354"}  # the data changed: rebuilt
    cities.write_text(json.dumps(fewer), encoding="utf-8")
    assert len(fallback.open_city_index(cities, cache)) == 2


def test_city_index_without_a_writable_cache(tmp_path: Path) -> None:
    cities = tmp_path / "cities.json"
    cities.write_text(json.dumps(CITIES), encoding="utf-8")
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    with pytest.warns(fallback.CacheWarning, match="built in memory"):
        index = fallback.open_city_index(cities, blocker / "cache.sqlite")
    assert [c.name for c, _ in index.lookup("kut", "")] == ["Al-Kut"]


def test_shipped_city_index() -> None:
    index = fallback.city_index()
    assert len(index) > 30_000
    assert index.city(99131).name == "Al-Kut"
    assert fallback.city_index() is index


def test_airport_by_code() -> None:
    assert fallback.airport_by_code("njf")["icao"] == "ORNI"
    assert fallback.airport_by_code("ORNI")["iata"] == "NJF"
    assert fallback.airport_by_code("NJ") is None
    assert fallback.airport_by_code("N-J") is None


# --- the curated file as a whole --------------------------------------------------------


def test_every_alias_resolves_to_its_own_place_first(curated_only: Geocoder) -> None:
    wrong = {}
    for place in curated_only.gazetteer.values():
        for name in (place.id, place.name, *place.aliases, place.iata, place.icao):
            if not name:
                continue
            found = curated_only.geocode(name)
            if not found or found[0].id != place.id or found[0].score < SCORES["normalized"]:
                wrong[name] = ids(found)[:3]
    assert wrong == {}


def test_candidates_carry_what_the_cli_prints(coder: Geocoder) -> None:
    record = coder.geocode("Najaf")[0].to_dict()
    assert {"id", "name", "kind", "lat", "lon", "score", "matched", "stage", "curated"} <= set(
        record
    )
    assert {"country", "precision_m"} <= set(record)


def test_module_function_uses_the_cached_geocoder(coder: Geocoder) -> None:
    assert get_geocoder() is coder
    assert geocode("Najaf") == coder.geocode("Najaf")
    assert geocode("Najaf", path=FIXTURES / "valid.csv")[0].matched == "Najaf"
    assert ids(geocode("Basra", path=FIXTURES / "valid.csv", fallback=False)) == []


def test_geocoder_follows_changes_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.csv"
    text = (FIXTURES / "valid.csv").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert geocode("Nadschaf", path=path, fallback=False) == []
    path.write_text(text.replace("An Najaf|النجف", "An Najaf|Nadschaf|النجف"), encoding="utf-8")
    assert ids(geocode("Nadschaf", path=path, fallback=False)) == ["najaf", "najaf-airport"]


def test_broken_gazetteer_raises_data_error() -> None:
    with pytest.raises(DataError, match="duplicate id 'najaf'"):
        geocode("Najaf", path=FIXTURES / "duplicate-id.csv")


# --- never raises -----------------------------------------------------------------------


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_geocode_never_raises_on_any_string(text: str) -> None:
    found = get_geocoder().geocode(text)
    assert all(0 < c.score <= 1 for c in found)
    assert len({c.id for c in found}) == len(found)


@given(st.sampled_from(["Najaf", "Basra", "Mehran", "Ahvaz", "Kut"]), st.text(max_size=3))
@settings(max_examples=100, deadline=None)
def test_geocode_never_raises_on_names_with_noise(name: str, noise: str) -> None:
    for text in (name + noise, noise + name, name.upper() + noise):
        get_geocoder().geocode(text)


# --- answers that were wrong without warning (issue 14) ---------------------------------


def test_a_geonames_town_outranks_a_misspelt_curated_name(coder: Geocoder) -> None:
    found = coder.geocode("Badrah")  # the town by the Zurbatiyah crossing, 250 km from Basra
    best = found[0]
    assert (best.id, best.name, best.country, best.stage) == (
        "geonames:98198",
        "Badrah",
        "IQ",
        "fallback",
    )
    assert best.score == SCORES["fallback_name"] > max(c.score for c in found if c.stage == "fuzzy")
    assert "basra" in ids(found)  # the guess is still offered, below
    # at equal score the region of the curated gazetteer first: Badrah (IQ) before Badrah (MN)
    assert [c.country for c in found if c.name == "Badrah"][:2] == ["IQ", "MN"]


def test_noisy_alternate_names_stay_below_the_guesses(coder: Geocoder) -> None:
    found = coder.geocode("Qam")  # an alternate name of Amiens; a typo of Qom
    assert found[0].id == "qom"
    assert SCORES["fallback_alternate"] < found[0].score


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Shalamcheh, Iran", ["shalamcheh-crossing"]),
        ("Shalamcheh , IR", ["shalamcheh-crossing"]),
        ("Shalamcheh, Islamic Republic of Iran", ["shalamcheh-crossing"]),
        ("Shalamcheh, ایران", ["shalamcheh-crossing"]),
        ("Shalamcheh, Iraq", ["shalamcheh-post-iq"]),
        ("الشلامجة, العراق", ["shalamcheh-post-iq"]),
        ("Mehran, IRN", ["mehran", "mehran-crossing"]),
        ("Shalamcheh, Lebanon", []),
    ],
)
def test_name_comma_country_narrows_by_country(
    coder: Geocoder, query: str, expected: list[str]
) -> None:
    assert ids(coder.geocode(query))[: len(expected) or None] == expected
    assert all(c.country == coder.geocode(query)[0].country for c in coder.geocode(query))


def test_a_comma_country_that_contradicts_the_hint_finds_nothing(coder: Geocoder) -> None:
    assert coder.geocode("Shalamcheh, Iran", country="IQ") == []
    assert ids(coder.geocode("Shalamcheh, Iran", country="IR")) == ["shalamcheh-crossing"]


def test_a_comma_that_names_no_country_is_part_of_the_name(coder: Geocoder) -> None:
    assert ids(coder.geocode("Basra, ")) == ids(coder.geocode("Basra"))
    assert coder.geocode(", Iran") == coder.geocode(", Iran")  # no name before it: no crash


# --- the GeoNames cache, damaged or in the way (issue 14) --------------------------------


def small_cities(tmp_path: Path) -> Path:
    cities = tmp_path / "cities.json"
    cities.write_text(json.dumps(CITIES), encoding="utf-8")
    return cities


def test_a_cache_missing_its_table_is_rebuilt(tmp_path: Path) -> None:
    import sqlite3

    cities, cache = small_cities(tmp_path), tmp_path / "cities.sqlite"
    broken = sqlite3.connect(cache)
    broken.execute("CREATE TABLE meta (fingerprint TEXT NOT NULL)")
    broken.execute("INSERT INTO meta VALUES (?)", (fallback._fingerprint(cities),))
    broken.commit()
    broken.close()
    index = fallback.open_city_index(cities, cache)
    assert [c.name for c, _ in index.lookup("kut", "")] == ["Al-Kut"]
    assert len(fallback.open_city_index(cities, cache)) == 3  # the rebuilt file is read back


@pytest.mark.parametrize(
    "content", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 200]
)
def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, content: bytes) -> None:
    cities, cache = small_cities(tmp_path), tmp_path / "cities.sqlite"
    cache.write_bytes(content)
    assert len(fallback.open_city_index(cities, cache)) == 3


def test_a_cache_path_that_is_a_directory_builds_in_memory_with_a_warning(tmp_path: Path) -> None:
    cities, cache = small_cities(tmp_path), tmp_path / "cities.sqlite"
    cache.mkdir()
    with pytest.warns(fallback.CacheWarning, match="cities.sqlite: Is a directory"):
        index = fallback.open_city_index(cities, cache)
    assert [c.name for c, _ in index.lookup("kut", "")] == ["Al-Kut"]
    assert cache.is_dir() and list(cache.iterdir()) == []


def test_the_cache_folder_follows_platformdirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CLAIMMAP_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert fallback.cache_dir() == tmp_path / "claimmap"
    monkeypatch.setenv("CLAIMMAP_CACHE", str(tmp_path / "mine"))
    assert fallback.cache_dir() == tmp_path / "mine"


def test_index_files_of_other_fingerprints_are_tidied_after_two_days(tmp_path: Path) -> None:
    import os
    import time

    keep, old, recent = (tmp_path / f"geonames-x-{n}.sqlite" for n in ("keep", "old", "recent"))
    for path in (keep, old, recent):
        path.write_text("x")
    week_ago = time.time() - 3 * 24 * 3600
    os.utime(old, (week_ago, week_ago))
    os.utime(keep, (week_ago, week_ago))
    fallback._tidy(tmp_path, "geonames-", keep=keep)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "geonames-x-keep.sqlite",
        "geonames-x-recent.sqlite",
    ]

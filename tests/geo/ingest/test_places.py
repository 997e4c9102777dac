from __future__ import annotations

import pytest

from geo.ingest.tokens import words

from .conftest import seed_text


def places(extractor, text: str) -> list[tuple[str, str]]:
    found = extractor.places.find(text, words(text))
    return [(p.text, p.best["id"]) for p in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Buses crossed at Shalamche on Monday.", [("Shalamche", "shalamcheh-crossing")]),
        ("Fighters assembled in Ahwaz.", [("Ahwaz", "ahvaz")]),
        ("Flights from Al-Najaf to Meshed.", [("Al-Najaf", "najaf"), ("Meshed", "mashhad")]),
        ("In Teheran and Qum.", [("Teheran", "tehran"), ("Qum", "qom")]),
        (
            "via Khosrawi, then Kirmanshah.",
            [("Khosrawi", "khosravi-crossing"), ("Kirmanshah", "kermanshah")],
        ),
        (
            "عبروا منفذ الشلامجة إلى الأهواز",
            [("منفذ الشلامجة", "shalamcheh-post-iq"), ("الأهواز", "ahvaz")],
        ),
        ("از مرز مهران به ایلام", [("مرز مهران", "mehran-crossing"), ("ایلام", "ilam")]),
        (
            "the Mehran border in Ilam province",
            [("Mehran border", "mehran-crossing"), ("Ilam province", "ilam-province")],
        ),
    ],
)
def test_gazetteer_names_in_every_script(extractor, text, expected) -> None:
    assert places(extractor, text) == expected


def test_ambiguity_kept_as_ranked_candidates(extractor) -> None:
    (mention,) = extractor.places.find("They went to Mehran.", words("They went to Mehran."))
    assert [c["id"] for c in mention.candidates][:2] == ["mehran", "mehran-crossing"]
    assert set(mention.candidates[0]) >= {
        "id",
        "name",
        "kind",
        "country",
        "lat",
        "lon",
        "score",
        "stage",
    }


def test_demonyms_are_not_places(extractor) -> None:
    assert places(extractor, "Iranian and Iraqi officials; an Iran-backed group.") == [
        ("Iran", "iran")
    ]


def test_geonames_cities_and_countries(extractor) -> None:
    found = dict(places(extractor, "Fighters travelled from Karbala to Syria and Kirkuk."))
    assert found["Syria"].startswith("geonames:")
    assert found["Karbala"].startswith("geonames:")
    assert "Kirkuk" in found


def test_countries_in_text_rank_cities(extractor) -> None:
    text = "In Iraq, fighters gathered in Hillah."
    mention = extractor.places.find(text, words(text))[-1]
    assert mention.best["country"] == "IQ"


def test_actor_names_and_people_are_masked(extractor) -> None:
    result = extractor.extract(
        "Badr fighters flew Mahan Air. Iran International reported. Mehdi Reza said so."
    )
    assert [p["text"] for p in result["places"]] == []


def test_common_words_and_name_parts_are_not_places(extractor) -> None:
    text = "Police said the Los Angeles Times and Mobile phones were seized. Reading is fun."
    assert places(extractor, text) == []


def test_every_place_the_seed_texts_name(extractor, seeds) -> None:
    expected = {
        0: {"iran", "iraq", "shalamcheh-crossing", "tehran"},
        1: {"iran", "iraq", "basra", "shalamcheh-crossing", "ahvaz", "najaf-airport", "najaf",
            "tehran", "mashhad", "najaf-province", "baghdad-airport", "lebanon"},
        2: {"iran", "tehran", "diyala-province", "maysan-province", "basra", "mashhad",
            "ahvaz-assembly-base",
            "baghdad", "lebanon", "najaf", "iraq"},
        3: {"iran", "iraq", "khosravi-crossing", "mehran-crossing", "ilam-province", "ilam",
            "kermanshah", "tehran", "mashhad", "qom", "najaf"},
        4: {"iran", "iraq"},
    }  # fmt: skip
    for number, ids in expected.items():
        result = extractor.extract(seed_text(seeds, number))
        found = {c["id"] for p in result["places"] for c in p["candidates"]}
        assert ids <= found, (number, ids - found)


def test_acronyms_are_not_towns_but_short_country_forms_are_countries(extractor) -> None:
    found = places(extractor, "FAO and DOH officials said a US soldier died in London.")
    assert [text for text, _id in found] == ["US", "London"]


def kinds(extractor, text: str) -> list[tuple[str, str, str]]:
    found = extractor.places.find(text, words(text))
    return [(p.text, p.best["kind"], p.best["country"]) for p in found]


def test_first_level_divisions_by_their_names(extractor) -> None:
    text = "Cases in Texas, New South Wales, Hubei and KwaZulu-Natal; Anhui Sheng too."
    assert kinds(extractor, text) == [
        ("Texas", "region", "US"), ("New South Wales", "region", "AU"), ("Hubei", "region", "CN"),
        ("KwaZulu-Natal", "region", "ZA"), ("Anhui Sheng", "region", "CN"),
    ]  # fmt: skip
    best = extractor.places.find("in Texas", words("in Texas"))[0].best
    assert best["id"] == "admin1:US:Texas" and abs(best["lat"] - 31.0) < 1.0
    assert best["precision_m"] > 100_000  # a state, not a point


def test_a_big_city_ranks_before_its_division_and_a_small_one_after(extractor) -> None:
    assert kinds(extractor, "in Isfahan") == [("Isfahan", "city", "IR")]
    assert kinds(extractor, "in Anbar") == [("Anbar", "region", "IQ")]
    assert kinds(extractor, "in Ontario") == [("Ontario", "region", "CA")]  # not the US city
    candidates = extractor.places.find("in Isfahan", words("in Isfahan"))[0].candidates
    assert {"city", "region"} <= {c["kind"] for c in candidates}


def test_a_country_or_a_division_by_the_text_around(extractor) -> None:
    assert kinds(extractor, "Georgia and Armenia") == [
        ("Georgia", "country", "GE"), ("Armenia", "country", "AM"),
    ]  # fmt: skip
    assert kinds(extractor, "In Atlanta, Georgia, U.S. officials") == [
        ("Atlanta", "city", "US"), ("Georgia", "region", "US"), ("U.S.", "country", "US"),
    ]  # fmt: skip


def test_dotted_abbreviations_name_countries_with_their_dot(extractor) -> None:
    text = "He flew to the U.S. and then the U.K."
    assert [(t, text[s:e]) for t, s, e in _spans(extractor, text)] == [
        ("U.S.", "U.S."), ("U.K.", "U.K."),
    ]  # fmt: skip
    assert kinds(extractor, "the U.S.")[0][1:] == ("country", "US")


def test_dotted_abbreviations_of_states_and_provinces_but_not_of_eras(extractor) -> None:
    assert kinds(extractor, "Police in Vancouver, B.C., said")[1] == ("B.C.", "region", "CA")
    assert kinds(extractor, "Trenton, N.J. officials")[1] == ("N.J.", "region", "US")
    assert "B.C." not in [t for t, _s, _e in _spans(extractor, "a wall built in 500 B.C. here")]


def _spans(extractor, text: str) -> list[tuple[str, int, int]]:
    return [(p.text, p.start, p.end) for p in extractor.places.find(text, words(text))]


def test_continents_and_world_regions_are_not_places(extractor) -> None:
    text = "Aid reached Africa, Asia, Europe, Latin America and the Middle East."
    assert places(extractor, text) == []


def test_a_division_said_something_but_a_person_is_no_city(extractor) -> None:
    result = extractor.extract("Officials in New Jersey said. Mehdi Reza said so.")
    assert [p["text"] for p in result["places"]] == ["New Jersey"]


def test_the_divisions_file_is_whole_and_sound() -> None:
    from geo.ingest.worldnames import (
        ADMIN1_POINTS_FILE,
        COUNTRY_POINTS_FILE,
        read_country_points,
        read_region_points,
    )
    from geo.normalize import normalize
    from geo.paths import PACKAGE_DATA_DIR

    regions = read_region_points(PACKAGE_DATA_DIR / ADMIN1_POINTS_FILE)
    countries = {p.iso2 for p in read_country_points(PACKAGE_DATA_DIR / COUNTRY_POINTS_FILE)}
    every = {r for found in regions.values() for r in found}
    assert len(every) > 3000
    assert all(-90 <= r.lat <= 90 and -180 <= r.lon <= 180 for r in every)
    assert sum(r.iso2 in countries for r in every) / len(every) > 0.99
    assert regions[normalize("Anhui")] == regions[normalize("Anhui Sheng")]
    assert regions[normalize("Basra")][0].name == "Basra Governorate"

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

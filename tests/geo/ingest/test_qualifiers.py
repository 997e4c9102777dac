"""A place named with its division or country after it ("Paris, Texas", "Glasgow, Ky.")."""

from __future__ import annotations

from geo.ingest.qualifiers import _km
from geo.ingest.tokens import words
from geo.ingest.worldnames import DIVISION_ABBREVIATIONS


def best(extractor, text: str) -> list[tuple[str, str, str, str]]:
    """(mention, kind, country, name) of each place found, best candidate."""
    found = extractor.places.find(text, words(text))
    return [(p.text, p.best["kind"], p.best["country"], p.best["name"]) for p in found]


def test_a_division_after_a_town_decides_it_and_its_later_mentions(extractor) -> None:
    text = "The town of London, Arkansas, has a post office. In London, people were calm."
    found = extractor.places.find(text, words(text))
    assert [(p.text, p.best["country"]) for p in found] == [
        ("London", "US"), ("Arkansas", "US"), ("London", "US"),
    ]  # fmt: skip
    assert found[0].best["id"] == found[2].best["id"]
    assert _km(found[0].best, found[1].best) * 1000 <= found[1].best["precision_m"]
    assert best(extractor, "In London, people were calm.")[0][2] == "GB"  # no qualifier


def test_state_and_province_abbreviations_only_after_a_town(extractor) -> None:
    text = "Police in Glasgow, Ky. said the road was closed."
    found = extractor.places.find(text, words(text))
    assert [(p.text, p.best["kind"], p.best["country"]) for p in found] == [
        ("Glasgow", "city", "US"), ("Ky.", "region", "US"),
    ]  # fmt: skip
    assert text[found[1].start : found[1].end] == "Ky."
    assert best(extractor, "Miss. Jones and Mo. were here.") == []  # not after "Town, "
    assert all(name.endswith(".") for name in DIVISION_ABBREVIATIONS)


def test_a_small_town_no_other_stage_knows(extractor) -> None:
    # Surrey is a dictionary word (a carriage): a place only before its province
    assert best(extractor, "He lives in Surrey, B.C., near Vancouver.")[0][:3] == (
        "Surrey", "city", "CA",
    )  # fmt: skip


def test_a_country_after_a_town(extractor) -> None:
    assert best(extractor, "Shelling hit Mosul, Iraq, on Monday.")[0][:3] == ("Mosul", "city", "IQ")


def test_lists_and_sentence_words_are_left_alone(extractor) -> None:
    assert [k for _t, k, _c, _n in best(extractor, "Alberta, Saskatchewan and Manitoba")] == [
        "region", "region", "region",
    ]  # fmt: skip
    assert [t for t, *_ in best(extractor, "Also, Missouri voted. Meanwhile, Canada said no.")] == [
        "Missouri", "Canada",
    ]  # fmt: skip


def test_a_town_in_a_division_the_text_names(extractor) -> None:
    text = "Police in Queensland said the car was found in Kingston on Sunday."
    assert best(extractor, text)[1][:3] == ("Kingston", "city", "AU")  # not Jamaica's capital
    # a city of a million, or one in a country the text names, stays what it was
    assert best(extractor, "Oil rose in Texas; in Paris the talks went on.")[1][2] == "FR"
    text = "U.S. officials in Kentucky and in Washington disagreed."
    assert [c for t, _k, c, n in best(extractor, text) if t == "Washington"] == ["US"]
    assert best(extractor, text)[-1][3] == "Washington"

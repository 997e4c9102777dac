"""geo.normalize: the name keys the geocoder matches on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.normalize import normalize, variant_key, words

# Text drawn from everything, with extra weight on the scripts and marks that matter here.
NAMEISH = st.text(
    alphabet=st.sampled_from(
        list("alAL- 'eouwvhyq") + list("الأإآةهيیكکىءؤئـًٌٍَُِّْ\u200cچپژگۀە") + ["ß", "İ", "Ǆ", "ﻻ", "ﷺ"]
    ),
    max_size=30,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Al-Basrah", "basrah"),
        ("al basrah", "BASRAH"),
        ("An-Najaf", "Najaf"),
        ("Ash-Shib", "Shib"),
        ("Ahvāz", "ahvaz"),
        ("Qaşr-e Shīrīn", "Qasr e Shirin"),
        ("Qasr-e-Shirin", "qasreshirin"),
        ("Ta'if", "Taif"),
        ("ʿAmārah", "Amarah"),
        ("الأهواز", "اهواز"),  # article + hamza on alef
        ("إيلام", "ایلام"),  # Arabic yeh and hamza below vs Persian yeh
        ("كرمانشاه", "کرمانشاه"),  # Arabic kaf vs keheh
        ("البصرة", "بصره"),  # article + teh marbuta
        ("النَّجَف", "نجف"),  # harakat
        ("بـغـداد", "بغداد"),  # tatweel
        ("بین\u200cالمللی", "بینالمللی"),  # zero-width non-joiner
        ("ديالى", "دیالی"),  # alef maksura
        ("١٢٣", "123"),
    ],
)
def test_normalize_folds_variants_together(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Najaf", "Basra"),
        ("Mehran", "Meysan"),
        ("Qom", "Kom"),
        ("تهران", "طهران"),  # different letters, not variants of one letter
        ("Albania", "bania"),  # "al" inside a word is not an article
    ],
)
def test_normalize_keeps_different_names_apart(a: str, b: str) -> None:
    assert normalize(a) != normalize(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ahwaz", "Ahvaz"),
        ("Shalamche", "Shalamcheh"),
        ("Khosrawi", "Khosravi"),
        ("Mashad", "Mashhad"),
        ("Basrah", "Basra"),
        ("Khoramshahr", "Khorramshahr"),
        ("Qum", "Qom"),
        ("Zurbatiya", "Zurbatiyah"),
        ("Qasr Shirin", "Qasr-e Shirin"),
        ("Bustan", "Bostan"),
        ("Khaneqin", "Khanaqin"),
        ("Baghdad", "Baqdad"),
        ("چذابه", "جذابه"),
    ],
)
def test_variant_key_folds_transliterations(a: str, b: str) -> None:
    assert normalize(a) != normalize(b)
    assert variant_key(a) == variant_key(b)


def test_variant_key_does_not_merge_distinct_places() -> None:
    names = ["Najaf", "Basra", "Ilam", "Iran", "Iraq", "Qom", "Mehran", "Maysan", "Tehran"]
    assert len({variant_key(n) for n in names}) == len(names)


def test_words_drop_articles_and_separators() -> None:
    assert words("Al-Mundhiriya border post") == ["mundhiriya", "border", "post"]
    assert words("منفذ الشلامجة الحدودي") == ["منفذ", "شلامجه", "حدودی"]
    assert words("") == []


def test_lone_article_is_kept() -> None:
    assert normalize("Al") == "al"
    assert normalize("El") == "el"


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        normalize(None)  # type: ignore[arg-type]


@given(st.text())
@settings(max_examples=400)
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    key = normalize(text)
    assert isinstance(key, str)
    assert normalize(key) == key


@given(NAMEISH)
@settings(max_examples=400)
def test_normalize_is_idempotent_on_arabic_and_latin_names(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


@given(st.one_of(st.text(), NAMEISH))
@settings(max_examples=400)
def test_variant_key_never_raises_and_is_idempotent(text: str) -> None:
    key = variant_key(text)
    assert variant_key(key) == key


@given(st.one_of(st.text(), NAMEISH))
def test_keys_have_no_separators_or_upper_case(text: str) -> None:
    key = normalize(text)
    assert not any(ch.isspace() or ch in "-_'" for ch in key)
    assert not any("A" <= ch <= "Z" for ch in key)


@given(st.one_of(st.text(), NAMEISH))
@settings(max_examples=300)
def test_keys_gives_both_keys_at_once(text: str) -> None:
    from geo.normalize import keys

    assert keys(text) == (normalize(text), variant_key(text))

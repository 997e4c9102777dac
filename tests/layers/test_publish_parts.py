"""The parts of the printed outputs that need no drawing: text, names, captions, frame, entries."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.dataset import load_dataset
from layers.publish import captions
from layers.publish.entries import (
    NOT_ARCHIVED,
    claim_entry,
    custody_text,
    document_hash,
    entry_order,
)
from layers.publish.fonts import ARABIC_PROBE, FontsMissing, find_fonts
from layers.publish.frame import MapFrame, claims_bbox, nice_distance
from layers.publish.text import clean, language_of, local_name, short_name, wrap
from tests.paths import ROOT

D = dt.date


@pytest.fixture(scope="module")
def data():
    return load_dataset(ROOT / "data")


# --- text ----------------------------------------------------------------------------------


def test_clean_drops_controls_and_bidi_overrides_but_keeps_persian_joiners() -> None:
    hostile = "a\u202eevil\u202c b\x00c\x1b[31m d\u2066x\u2069\ufeff\ud800 e\n\nf"
    assert clean(hostile) == "aevil bc[31m dx e f"
    assert clean("بین\u200cالمللی") == "بین\u200cالمللی"
    assert clean(None) == ""


def test_local_names_follow_the_country_language(data) -> None:
    places = data.places
    assert local_name(places["tehran"]) == "تهران"  # Persian in Iran
    assert local_name(places["najaf"]) == "النجف"  # Arabic in Iraq
    assert local_name(places["khosravi-crossing"]) == "خسروی"
    assert local_name(places["mundhiriya-post"]) == "المنذرية"
    assert local_name(places["tehran-ika-airport"]) == "فرودگاه امام خمینی"  # fewest words
    assert language_of("شلمچه") == "fa" and language_of("الشلامجة") == "ar"
    assert language_of("Basra") is None


def test_short_names_for_labels(data) -> None:
    assert short_name(data.places["najaf-airport"]) == "Najaf airport"
    assert short_name(data.places["shalamcheh-crossing"]) == "Shalamcheh crossing"
    assert short_name(data.places["ahvaz-assembly-base"]) == "Military base in Ahvaz"


def test_wrap_fills_lines_and_cuts_words_longer_than_a_line() -> None:
    lines = wrap("aa bb cc " + "x" * 25, 10, len)
    assert lines == ["aa bb cc", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"]
    assert all(len(line) <= 10 for line in lines)
    assert wrap("", 10, len) == [""]


def test_fonts_cover_arabic_and_persian() -> None:
    from matplotlib import ft2font

    fonts = find_fonts()
    charmap = ft2font.FT2Font(fonts.arabic_file).get_charmap()
    assert all(ord(letter) in charmap for letter in ARABIC_PROBE)
    assert "sans-serif" not in fonts.families  # added for SVG only (slows every look-up)


def test_missing_arabic_font_is_one_clear_error(monkeypatch) -> None:
    import layers.publish.fonts as fonts

    monkeypatch.setattr(fonts, "CANDIDATES", (("No Such Sans", "No Such Arabic"),))
    fonts.find_fonts.cache_clear()
    try:
        with pytest.raises(FontsMissing, match="install Debian's fonts-noto-core"):
            fonts.find_fonts()
    finally:
        fonts.find_fonts.cache_clear()


# --- captions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (D(2026, 1, 4), D(2026, 1, 14), "4–14 January 2026"),
        (D(2026, 1, 6), D(2026, 1, 6), "6 January 2026"),
        (D(2025, 12, 28), D(2026, 1, 3), "28 December 2025 – 3 January 2026"),
        (D(2026, 1, 30), D(2026, 2, 2), "30 January – 2 February 2026"),
        (D(2026, 1, 4), None, "from 4 January 2026"),
        (None, D(2026, 1, 4), "up to 4 January 2026"),
        (None, None, "all dates"),
    ],
)
def test_date_range_in_words(start, end, text) -> None:
    assert captions.date_range(start, end) == text


def test_title_and_filter_line_state_the_window(data) -> None:
    view = data.filter(D(2026, 1, 6), D(2026, 1, 7))
    assert captions.title(D(2026, 1, 6), D(2026, 1, 7)) == "Reported claims, 6–7 January 2026"
    line = captions.filter_line(view, len(data.claims), D(2026, 1, 6), D(2026, 1, 7))
    assert line.startswith("Event dates overlapping 2026-01-06 to 2026-01-07")
    assert f"{len(view.claims)} of {len(data.claims)} claims in view" in line
    assert captions.title(None, None, "  A <b>custom</b>\u202e title ") == "A <b>custom</b> title"


def test_sources_line_names_each_document_in_view(data) -> None:
    line = captions.sources_line(captions.documents_in_view(data))
    for outlet in ("The Media Line", "Noon Post", "The Amargi"):
        assert outlet in line
    assert captions.sources_line([]) == "Sources: none (no claim in view)."


# --- frame ---------------------------------------------------------------------------------


def test_nice_distances() -> None:
    assert [nice_distance(v) for v in (431_000, 99_000, 260, 1)] == [250_000, 50_000, 250, 1]


def test_frame_measures_ground_distances_geodesically(data) -> None:
    from pyproj import Geod

    from layers.features import layer_collections

    frame = MapFrame.around(claims_bbox(layer_collections(data)))
    x, y = frame.project(47.0, 33.0)
    dx = frame.metres_east(float(x), float(y), 200_000.0)
    lon2, lat2 = frame.unproject(float(x) + dx, float(y))
    ground = Geod(ellps="WGS84").inv(47.0, 33.0, float(lon2), float(lat2))[2]
    assert ground == pytest.approx(200_000.0, rel=0.003)
    wide = frame.fitted(3.0)
    assert wide.aspect == pytest.approx(3.0)
    assert claims_bbox({"sites": {"features": []}}) is None


# --- entries -------------------------------------------------------------------------------


def test_entry_holds_every_field_a_reader_needs(data) -> None:
    claim = data.claim("tml-ali-d-bus-count")
    entry = claim_entry(data, claim, 7)
    fields = {label: value for label, value, _ in entry.fields}
    assert entry.heading == "7. Border crossing · tml-ali-d-bus-count"
    assert fields["Quote"].startswith("“He told The Media Line")
    assert "more than 60 buses" in fields["Figures"]
    assert "(precision: range)" in fields["Event dates"]
    assert "The Media Line" in fields["Source"]
    assert "شلمچه" in fields["Places"] and "±4 km" in fields["Places"]
    assert "nearly 60" in fields["Conflicts"]
    assert fields["Grade"].startswith("F6: reliability cannot be judged")
    assert set(fields) >= {"Statement", "Claimant", "Status as reported", "Independent sources"}


def test_document_hash_is_the_archived_sha256_or_not_archived(data) -> None:
    import dataclasses

    from geo.archive import ArchiveInfo

    source = "doc-001-the-media-line"
    known = dataclasses.replace(data, documents={source: ArchiveInfo("ab" * 32, 10)})
    assert document_hash(known, source) == "ab" * 32
    assert custody_text(known, source).startswith("hashed from the seed file on load")
    none = dataclasses.replace(data, documents={})
    assert document_hash(none, source) == NOT_ARCHIVED
    assert document_hash(data, "no-such-source") == NOT_ARCHIVED
    archived = ArchiveInfo("cd" * 32, 5, dt.datetime(2026, 2, 1, 9, 30, tzinfo=dt.UTC), "ana")
    text = custody_text(dataclasses.replace(data, documents={source: archived}), source)
    assert text == "archived 2026-02-01 09:30 UTC by ana (5 bytes)"


def test_entries_come_by_event_date_undated_last(data) -> None:
    ordered = entry_order(data.claims)
    dated = [c.event_start for c in ordered if c.event_start]
    assert dated == sorted(dated)
    assert ordered[-1].event_start is None

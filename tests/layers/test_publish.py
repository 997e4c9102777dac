"""Printed outputs drawn for real: PNG size and content, SVG and PDF text, hostile text, atomicity.

Each format is drawn once per module over the bundled data, 6–7 January 2026
(about 30 claims: crossings, routes, flights, provinces, countries).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from geo.dataset import build_dataset, load_dataset
from layers.publish import PrintOptions, write_static
from tests.paths import ROOT

START, END = dt.date(2026, 1, 6), dt.date(2026, 1, 7)
PLACE_NAMES = ("Shalamcheh crossing", "Khosravi crossing", "Baghdad", "Tehran", "Najaf airport")
LOCAL_NAMES = ("شلمچه", "بغداد", "تهران", "النجف")
OUTLETS = ("The Media Line", "Noon Post", "The Amargi")


@pytest.fixture(scope="module")
def data():
    return load_dataset(ROOT / "data")


@pytest.fixture(scope="module")
def view(data):
    return data.filter(START, END)


def options(data, **kw) -> PrintOptions:
    return PrintOptions(start=START, end=END, total=len(data.claims), **kw)


@pytest.fixture(scope="module")
def png(tmp_path_factory, data, view) -> Path:
    path = tmp_path_factory.mktemp("png") / "map.png"
    write_static(view, "png", path, options(data, width_px=1500, dpi=150))
    return path


@pytest.fixture(scope="module")
def svg(tmp_path_factory, data, view) -> str:
    path = tmp_path_factory.mktemp("svg") / "map.svg"
    write_static(view, "svg", path, options(data))
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, data, view) -> tuple[int, list[str]]:
    from pypdf import PdfReader

    path = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    written = write_static(view, "pdf", path, options(data, stories=data.stories))
    reader = PdfReader(path)
    assert written.pages == len(reader.pages)
    return len(reader.pages), [page.extract_text() for page in reader.pages]


# --- PNG -----------------------------------------------------------------------------------


def test_png_has_the_width_asked_for_and_is_not_blank(png) -> None:
    import numpy as np
    from PIL import Image

    image = Image.open(png)
    assert image.format == "PNG"
    assert image.width == 1500
    assert 700 < image.height < 1500
    pixels = np.asarray(image.convert("RGB"), dtype=float)
    assert pixels.std() > 20, "an almost uniform image"
    colours = {tuple(p) for p in pixels[::7, ::7].reshape(-1, 3).astype(int)}
    assert len(colours) > 200


def test_png_draws_the_palette_colours(png) -> None:
    import numpy as np
    from PIL import Image

    from layers.style import style_for

    pixels = np.asarray(Image.open(png).convert("RGB")).reshape(-1, 3).astype(int)
    for claim_type in ("crossing", "flight_surge"):
        rgb = np.array([int(style_for(claim_type).color[i : i + 2], 16) for i in (1, 3, 5)])
        near = np.abs(pixels - rgb).sum(axis=1) < 12
        assert near.sum() > 30, claim_type


# --- SVG -----------------------------------------------------------------------------------


def svg_texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


def test_svg_text_holds_place_names_claims_and_sources(svg, view, data) -> None:
    texts = "\n".join(svg_texts(svg))
    for name in PLACE_NAMES:
        assert name in texts, name
    assert "Reported claims, 6–7 January 2026" in texts
    assert f"{len(view.claims)} of {len(data.claims)} claims in view" in texts
    assert "border crossing (" in texts and "flight surge (" in texts
    for outlet in OUTLETS:
        assert outlet in texts, outlet
    assert "Natural Earth" in texts and "km" in texts


def test_svg_carries_local_names_as_text(svg) -> None:
    texts = svg_texts(svg)
    for name in LOCAL_NAMES:
        assert any(name in t for t in texts), name
    assert "sans-serif" in svg  # a generic family for viewers without Noto


# --- PDF -----------------------------------------------------------------------------------


def test_pdf_is_a_map_page_then_the_claims(pdf, view) -> None:
    pages, texts = pdf
    assert pages >= 3
    for name in PLACE_NAMES:
        assert name in texts[0], name
    body = "\n".join(texts[1:])
    for claim in view.claims:
        assert claim.id in body, claim.id
    assert "Reported claims, 6–7 January 2026" in texts[0]


def test_pdf_entries_hold_sources_quotes_figures_and_hashes(pdf, view, data) -> None:
    body = re.sub(r"\s+", " ", "\n".join(pdf[1][1:]))
    for outlet in OUTLETS:
        assert outlet in body
    assert "more than 60 buses" in body
    assert "He left on Tuesday, Jan. 6" in body
    assert "(precision: range)" in body and "Independent sources" in body
    assert "F6: reliability cannot be judged" in body
    assert re.search(r"\b[0-9a-f]{64}\b", body) or "not archived" in body
    assert "Story: Reported transfers of Iraqi militia fighters into Iran" in body


def test_pdf_holds_local_names(pdf) -> None:
    text = "\n".join(pdf[1])
    for name in LOCAL_NAMES:
        assert name in text, name


# --- hostile text --------------------------------------------------------------------------

HOSTILE = (
    '<script>alert("x")</script> &amp; $\\frac{1}{0}$ \x00\x07 \u202egnp.exe '
    "\u2066isolate \ud800 " + "W" * 300 + " \U0001f600 end"
)


@pytest.fixture(scope="module")
def hostile(data):
    claims = list(data.filter(START, END).claims)
    claims[0] = claims[0].model_copy(
        update={"statement": HOSTILE, "quote": HOSTILE, "claimant": HOSTILE}
    )
    sources = [
        s.model_copy(update={"outlet": "<b>Outlet</b> \u202e$x$"})
        if s.id == claims[0].source_id
        else s
        for s in data.sources.values()
    ]
    return build_dataset(data.places, sources, claims, data.groups.values())


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_hostile_text_does_not_break_the_renderers(tmp_path, data, hostile, fmt) -> None:
    from geo.stories import Story

    text = HOSTILE.replace("\ud800", "")  # pydantic refuses lone surrogates (claims are copied)
    story = Story.model_validate(
        {
            "id": "hostile",
            "title": text,
            "steps": [
                {"title": text, "text": text, "start": "2026-01-06", "end": "2026-01-07",
                 "places": ["baghdad"], "claims": [hostile.claims[0].id, "not-in-view"]}
            ],
        }
    )  # fmt: skip
    path = tmp_path / f"out.{fmt}"
    write_static(hostile, fmt, path, options(data, stories=(story,)))
    data_bytes = path.read_bytes()
    assert len(data_bytes) > 1000
    if fmt == "svg":
        text = data_bytes.decode("utf-8")
        ET.fromstring(text)  # well-formed: the markup stayed text
        assert "<b>" not in text and "<script>" not in text
        assert "&lt;b&gt;Outlet&lt;/b&gt; $x$" in text
        assert "\u202e" not in text and "\x00" not in text
    if fmt == "pdf":
        from pypdf import PdfReader

        body = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data_bytes)).pages[1:])
        assert '<script>alert("x")</script>' in body
        assert "$\\frac{1}{0}$" in body  # no mathtext
        assert "\u202e" not in body
        assert "Story: <script>" in body and "not-in-view (not in this view)" in body
        assert f"{hostile.claims[0].id} (entry " in body


# --- files ---------------------------------------------------------------------------------


def test_a_failed_write_leaves_the_old_file(tmp_path, view, monkeypatch) -> None:
    import layers.publish.mapfigure as mapfigure

    path = tmp_path / "map.png"
    path.write_bytes(b"old")

    def broken(*args, **kwargs):
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(mapfigure, "map_figure", broken)
    with pytest.raises(RuntimeError):
        write_static(view, "png", path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_unknown_format_is_refused(tmp_path, view) -> None:
    with pytest.raises(ValueError, match="unknown format 'gif'"):
        write_static(view, "gif", tmp_path / "x.gif")


def test_labels_never_overlap_and_the_busiest_place_is_named(data, view) -> None:
    from matplotlib.offsetbox import AnnotationBbox

    from layers.publish.mapfigure import map_figure

    drawn = map_figure(view, options(data))
    assert drawn.placed[0] == "shalamcheh-crossing"
    renderer = drawn.figure.canvas.get_renderer()
    boxes = [
        a.offsetbox.get_window_extent(renderer)
        for ax in drawn.figure.axes
        for a in ax.artists
        if isinstance(a, AnnotationBbox) and a.zorder not in (6.9, 5.9)  # not the halos
    ]
    assert len(boxes) == len(drawn.placed)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


def test_an_empty_view_still_draws_a_map(tmp_path, data) -> None:
    path = tmp_path / "empty.svg"
    write_static(data.select([]), "svg", path, options(data))
    texts = "\n".join(svg_texts(path.read_text(encoding="utf-8")))
    assert "0 of 116 claims in view" in texts
    assert "Sources: none" in texts

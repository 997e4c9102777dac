"""An unclosed right-to-left override in document text reorders nothing after it (issue 14).

The readers refuse such text in data files; data from elsewhere (the store,
ingest, code) may still carry it, so the map isolates every piece of document
text (``unicode-bidi: isolate`` in layers/static/claimmap.css, as ``<bdi>``).
"""

from __future__ import annotations

import pytest

from bench.layers_factory import claim, collections_of, feature, point
from layers.html import export_html

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

RLO = "\u202e"

# Where each character of an element's text is drawn, left to right on the page.
CHAR_LEFT = """([selector, chars]) => {
  const el = document.querySelector(selector);
  const text = el.firstChild, range = document.createRange();
  return chars.map((ch) => {
    const i = text.textContent.indexOf(ch);
    range.setStart(text, i); range.setEnd(text, i + 1);
    return range.getBoundingClientRect().left;
  });
}"""


def rtl_html(tmp_path):
    hostile = claim(
        "rtl-claim",
        "statement",
        outlet=f"Evil{RLO} Outlet",
        url="ftp://example.org/report",  # not http(s): shown as text after the outlet
        claimant=f"Mallory{RLO} the claimant",
        statement=f"A statement with an override{RLO} left open.",
    )
    site = feature(
        "sites", "sites:rtl", point(51.42151, 35.69439), [hostile],
        label="Tehran", place_ids=["tehran"], place_names=["Tehran"], precision_m=10000,
    )  # fmt: skip
    return export_html(collections_of([site]), tmp_path / "rtl.html", title="RTL")


def test_an_unclosed_override_does_not_reverse_the_text_after_it(page, tmp_path) -> None:
    page.open_map(rtl_html(tmp_path))
    page.js("claimmap.openPopup('sites:rtl')")
    page.locator('.cm-popup[data-feature-id="sites:rtl"][data-loaded="1"]').wait_for(timeout=5000)
    for selector in (".cm-source-name", ".cm-url-text", ".cm-claimant", ".cm-statement"):
        style = page.js(f"getComputedStyle(document.querySelector('{selector}')).unicodeBidi")
        assert style == "isolate", selector
    # " (ftp://example.org/report)" follows the outlet's unclosed override: still left to right
    opening, closing = page.js(CHAR_LEFT, [".cm-url-text", ["(", ")"]])
    assert opening < closing
    page.wait_for_timeout(400)  # the popup fades in
    page.screenshot_to("export_rtl_override_isolated")
    # The test sees the fault: without the isolation the same text is reversed.
    page.add_style_tag(content=".cm-popup * { unicode-bidi: normal !important; }")
    opening, closing = page.js(CHAR_LEFT, [".cm-url-text", ["(", ")"]])
    assert opening > closing
    assert page.errors == [] and page.aborted == []

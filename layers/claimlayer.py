"""The map element that draws the claim layers: data in as escaped JSON, drawing in JS.

``ClaimLayer`` is a small folium element in the style of folium's plugins: a
class-level Jinja ``_template`` with ``header`` (styles), ``html`` (the data) and
``script`` macros, and per-instance ``default_js`` / ``default_css`` lists. The
data sits in a ``<script type="application/json">`` block (the browser reads
150 MB of it in 2 s, against 8 s as a JavaScript literal: measured). The script
embeds claimmap's scripts (``layers/static/claimmap/*.js``, in the order of
``layers.assets.CLAIMMAP_JS``) and calls ``ClaimMap.init(map, data)``, so it
also runs inside streamlit-folium's frame, which inserts the element's html
before it runs the element's script.

Every value reaches the page through :func:`json_for_html`: JSON with ``<``,
``>``, ``&``, ``'`` and U+2028/U+2029 escaped, and ``{{``, ``{%``, ``{#``
broken up, so no claim text can close the ``<script>`` element or be read as
Jinja by a template pass. The element also adds its macros to the page without
folium's second pass (``MacroElement.render`` re-parses each macro's output as a
template).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any, Literal

from branca.element import CssLink, Element, Figure, JavascriptLink
from folium.elements import JSCSSMixin
from folium.template import Template

from layers import assets
from layers.payload import map_payload

AssetMode = Literal["inline", "static"]

#: Characters escaped inside JSON strings (chained ``str.replace``: ~15x faster than
#: ``str.translate``). None of them can occur in JSON outside a string.
_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("'", "\\u0027"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
    # Jinja's openers; JSON never has them outside strings ('{' is followed by '"' or '}').
    ("{{", "{\\u007b"),
    ("{%", "{\\u0025"),
    ("{#", "{\\u0023"),
)


def json_for_html(obj: Any) -> str:
    """Return ``obj`` as JSON that is safe inside a ``<script>`` element and a template.

    The text is valid JSON (``JSON.parse`` and ``json.loads`` give ``obj`` back)
    and a valid JavaScript expression.

    Raises
    ------
    ValueError
        For NaN or infinite numbers, which JSON cannot carry.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in _ESCAPES:
        if char in text:  # a scan is far cheaper than a copy
            text = text.replace(char, escape)
    return text


class RawHTML(Element):
    """A piece of finished HTML added to a figure as is (no template pass)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawHTML"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """Return the HTML unchanged."""
        return self.text


class ClaimLayer(JSCSSMixin):
    """Draws claim layers (GeoJSON FeatureCollections by layer name) on its parent map.

    Parameters
    ----------
    collections : layer name -> GeoJSON FeatureCollection dict (the feature schema
        of ``layers.features``); sent to the page as ``layers.payload.map_payload``.
    borders : a FeatureCollection of country outlines for the offline base map.
    styles : ``layers.style.style_table()``.
    options : JSON-ready options for ``ClaimMap.init`` (window, tiles, title,
        clustering, ...).
    asset_mode : ``"inline"`` puts Leaflet (and Leaflet.markercluster) into the page;
        ``"static"`` links them under ``static_url`` (Streamlit's static serving).
    cluster : unused (kept for callers): claimmap's JS counts many points per cell itself.
    static_url : base URL of the vendor files in ``"static"`` mode.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style data-asset="claimmap.css">{{ this.css }}</style>
        {% endmacro %}

        {% macro html(this, kwargs) %}
            <script type="application/json" id="{{ this.data_id }}">{{ this.data_text }}</script>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            {{ this.js }}
            ClaimMap.init({{ this._parent.get_name() }}, ClaimMap.readData("{{ this.data_id }}"));
        {% endmacro %}
        """
    )

    def __init__(
        self,
        collections: dict[str, dict],
        *,
        borders: dict | None = None,
        styles: dict | None = None,
        options: dict | None = None,
        asset_mode: AssetMode = "inline",
        cluster: bool = False,
        static_url: str = assets.STATIC_URL,
    ) -> None:
        super().__init__()
        self._name = "ClaimLayer"
        if asset_mode not in ("inline", "static"):
            raise ValueError(f"asset_mode must be 'inline' or 'static', not {asset_mode!r}")
        self.asset_mode = asset_mode
        self.collections = collections
        self.borders = borders or {"type": "FeatureCollection", "features": []}
        self.styles = styles or {}
        self.options = options or {}
        names = (assets.LEAFLET,)
        # Fresh lists per instance: folium's add_js_link would mutate class-level ones.
        self.default_js: list[tuple[str, str]] = []
        self.default_css: list[tuple[str, str]] = []
        self.inline_js: list[tuple[str, str]] = []
        self.inline_css: list[tuple[str, str]] = []
        if asset_mode == "static":
            self.default_js = assets.js_links(names, static_url)
            self.default_css = assets.css_links(names, static_url)
        else:
            self.inline_js = assets.inline_js(names)
            self.inline_css = assets.inline_css(names)
        self.js = assets.claimmap_js()
        self.css = assets.claimmap_css()
        #: Claim details in an element of their own, placed by the export after the map's
        #: script (see :meth:`details_html`); otherwise they travel with the data.
        self.detach_details = False
        self._serialized: tuple[str, str] | None = None
        self._details: list[str] = []

    def _data(self) -> tuple[str, str]:
        """Serialize the data once: the JSON text and its element id (from its hash)."""
        if self._serialized is None:
            payload = map_payload(self.collections)
            if self.detach_details:
                self._details = payload["claims"].pop("details")
            text = json_for_html(
                {
                    **payload,
                    "borders": self.borders,
                    "styles": self.styles,
                    "options": self.options,
                }
            )
            digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
            # The id depends on the data only: streamlit-folium keys its frame on the
            # script, so the same data must give the same script on every rerun.
            self._serialized = (text, f"claimmap-data-{digest}")
        return self._serialized

    def render_split(self) -> tuple[str, str, str]:
        """Render the whole page around the data: ``(before, data text, after)``.

        For large maps: the page is assembled without copying the data text into
        it, and only the parts around it need checking or can be written as they are.
        """
        text, data_id = self._data()
        marker = f"\x00claimmap-data-{uuid.uuid4().hex}\x00"
        self._serialized = (marker, data_id)
        try:
            page = self.get_root().render()
        finally:
            self._serialized = (text, data_id)
        before, found, after = page.partition(marker)
        if not found or marker in after:
            raise RuntimeError("the map's data block was not rendered exactly once")
        return before, text, after

    def details_html(self) -> str:
        """Return the element that carries the claim details when they are detached.

        ``ClaimMap.readData`` finds it by the data element's id plus ``-details``. The
        export puts it after the map's script, so the map is drawn before the browser
        has even read the claims' words. Empty unless :attr:`detach_details`.
        """
        if not self.detach_details:
            return ""
        _, data_id = self._data()
        return (
            f'<script type="application/json" id="{data_id}-details">'
            f"{json_for_html(self._details)}</script>\n"
        )

    @property
    def data_text(self) -> str:
        """Return the data handed to ``ClaimMap.init``, as :func:`json_for_html` text."""
        return self._data()[0]

    @property
    def data_id(self) -> str:
        """Return the id of the page element that carries the data."""
        return self._data()[1]

    def render(self, **kwargs: Any) -> None:
        """Add links, styles and the script to the figure, each rendered once."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError("a ClaimLayer can only be rendered inside a folium Map")
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        # Inlined vendor files keep their names, so two elements share one copy.
        for name, css in self.inline_css:
            figure.header.add_child(RawHTML(f"<style>{css}</style>"), name=name)
        for name, js in self.inline_js:
            figure.header.add_child(RawHTML(f"<script>{js}</script>"), name=name)
        macros = self._template.module
        figure.header.add_child(RawHTML(macros.header(self, kwargs)), name=self.get_name())
        figure.html.add_child(RawHTML(macros.html(self, kwargs)), name=self.get_name())
        figure.script.add_child(RawHTML(macros.script(self, kwargs)), name=self.get_name())

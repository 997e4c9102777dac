"""The map element that draws the claim layers: data in as escaped JSON, drawing in JS.

``ClaimLayer`` is a small folium element in the style of folium's plugins: a
class-level Jinja ``_template`` with ``header`` (styles) and ``script`` macros,
and per-instance ``default_js`` / ``default_css`` lists. Its script embeds
``layers/static/claimmap.js`` and calls ``ClaimMap.init(map, data)``, so it also
runs inside streamlit-folium's frame, which only executes element scripts.

Every value reaches the page through :func:`js_string`, a JSON string literal
with ``<``, ``>``, ``&``, ``'``, ``{``, ``}`` and U+2028/U+2029 escaped: no claim
text can close the ``<script>`` element or be read as Jinja by a second template
pass. The element adds its macros to the page without that second pass (folium's
``MacroElement.render`` re-parses each macro's output as a template).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from branca.element import CssLink, Element, Figure, JavascriptLink
from folium.elements import JSCSSMixin
from folium.template import Template

from layers import assets

AssetMode = Literal["inline", "static"]

_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "{": "\\u007b",
    "}": "\\u007d",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_TABLE = str.maketrans(_ESCAPES)


def js_string(obj: Any) -> str:
    """Return ``obj`` as JSON text inside a JavaScript string literal, safe in a ``<script>``.

    ``JSON.parse(<this>)`` gives ``obj`` back. The literal is also valid JSON
    (a JSON string), which tests use to decode it.

    Raises
    ------
    ValueError
        For NaN or infinite numbers, which JSON cannot carry.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return json.dumps(text, ensure_ascii=False).translate(_TABLE)


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
        of ``layers.features``).
    borders : a FeatureCollection of country outlines for the offline base map.
    styles : ``layers.style.style_table()``.
    options : JSON-ready options for ``ClaimMap.init`` (window, tiles, title,
        clustering, ...).
    asset_mode : ``"inline"`` puts Leaflet (and Leaflet.markercluster) into the page;
        ``"static"`` links them under ``static_url`` (Streamlit's static serving).
    cluster : whether Leaflet.markercluster is needed (loaded only then).
    static_url : base URL of the vendor files in ``"static"`` mode.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style data-asset="claimmap.css">{{ this.css }}</style>
        {% endmacro %}

        {% macro script(this, kwargs) %}
            {{ this.js }}
            ClaimMap.init({{ this._parent.get_name() }}, JSON.parse({{ this.payload }}));
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
        names = (assets.LEAFLET, assets.MARKERCLUSTER) if cluster else (assets.LEAFLET,)
        self.packages = names
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

    @property
    def payload(self) -> str:
        """Return the data handed to ``ClaimMap.init``, as an escaped JS string literal."""
        return js_string(
            {
                "layers": self.collections,
                "borders": self.borders,
                "styles": self.styles,
                "options": self.options,
            }
        )

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
        figure.script.add_child(RawHTML(macros.script(self, kwargs)), name=self.get_name())

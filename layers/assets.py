"""Front-end assets: which vendor files a map loads, as links or inlined.

The packages and their files are pinned in ``layers/assets.json`` and fetched by
``scripts/fetch_assets.py`` (``make setup``) into ``layers/static/vendor/<package>/``.
Streamlit serves ``layers/static`` at ``/app/static/...`` (static serving on; the
app's ``static`` folder is a link to it),
so the dashboard links the files; the standalone export inlines them, with the
images and fonts that stylesheets use turned into ``data:`` URIs.

claimmap's own scripts (``layers/static/claimmap/*.js``) and stylesheet
are always inlined into the map element, so they also run inside
streamlit-folium's frame.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path

_HERE = Path(__file__).resolve().parent
MANIFEST = _HERE / "assets.json"
STATIC = _HERE / "static"
#: URL under which Streamlit serves ``static/vendor`` (``server.enableStaticServing``).
STATIC_URL = "/app/static/vendor"

#: The package every claim map needs, and the benchmark's baseline's clustering
#: (leaflet.markercluster: not used by claimmap's maps, which count points per cell).
LEAFLET = "leaflet"
MARKERCLUSTER = "leaflet.markercluster"

_CSS_URL = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>[^'")]+)(?P=q)\s*\)""")
_SOURCE_MAP = re.compile(r"^\s*/[/*][#@] sourceMappingURL=.*$", re.MULTILINE)


class AssetsMissingError(FileNotFoundError):
    """A vendor file is not in ``static/vendor``: ``make setup`` has not fetched it."""


@dataclass(frozen=True)
class Package:
    """One pinned npm package and the files a map loads from it."""

    name: str
    version: str
    integrity: str
    files: tuple[str, ...]
    js: tuple[str, ...]
    css: tuple[str, ...]


def vendor_dir() -> Path:
    """Return where the fetched packages are (``$CLAIMMAP_VENDOR_DIR`` or layers/static/vendor).

    They ship in the wheel as package data; ``make setup`` fetches them in a checkout.
    """
    env = os.environ.get("CLAIMMAP_VENDOR_DIR")
    return Path(env) if env else STATIC / "vendor"


@functools.cache
def packages() -> dict[str, Package]:
    """Return the pinned packages by name, in manifest order (read once)."""
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return {
        p["name"]: Package(
            name=p["name"],
            version=p["version"],
            integrity=p["integrity"],
            files=tuple(p["files"]),
            js=tuple(p.get("js", ())),
            css=tuple(p.get("css", ())),
        )
        for p in data["packages"]
    }


def vendor_file(package: str, name: str) -> Path:
    """Return the path of one fetched file.

    Raises
    ------
    AssetsMissingError
        When the file has not been fetched (the message says how to fetch it).
    """
    path = vendor_dir() / package / name
    if not path.is_file():
        raise AssetsMissingError(
            f"{path} is missing: run `make setup` (or `python scripts/fetch_assets.py`) "
            "to fetch the pinned front-end packages"
        )
    return path


def js_links(names: tuple[str, ...], base_url: str = STATIC_URL) -> list[tuple[str, str]]:
    """Return ``(name, url)`` pairs for the packages' scripts (``default_js``)."""
    return [(f"{n}:{f}", f"{base_url}/{n}/{f}") for n in names for f in packages()[n].js]


def css_links(names: tuple[str, ...], base_url: str = STATIC_URL) -> list[tuple[str, str]]:
    """Return ``(name, url)`` pairs for the packages' stylesheets (``default_css``)."""
    return [(f"{n}:{f}", f"{base_url}/{n}/{f}") for n in names for f in packages()[n].css]


def script_text(source: str) -> str:
    """Return JavaScript made safe to sit inside a ``<script>`` element (no ``</script``)."""
    source = _SOURCE_MAP.sub("", source)
    return re.sub(r"</(script)", r"<\\/\1", source, flags=re.IGNORECASE)


def style_text(source: str) -> str:
    """Return CSS made safe to sit inside a ``<style>`` element (no ``</style``)."""
    source = _SOURCE_MAP.sub("", source)
    return re.sub(r"</(style)", r"<\\/\1", source, flags=re.IGNORECASE)


def inline_js(names: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return ``(name, script text)`` for the packages' scripts, ready to inline."""
    return [
        (f"{n}:{f}", script_text(vendor_file(n, f).read_text(encoding="utf-8")))
        for n in names
        for f in packages()[n].js
    ]


def inline_css(names: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return ``(name, CSS text)`` for the packages' stylesheets, their url()s as data: URIs."""
    out = []
    for n in names:
        for f in packages()[n].css:
            path = vendor_file(n, f)
            out.append((f"{n}:{f}", style_text(css_with_data_uris(path.read_text("utf-8"), path))))
    return out


def data_uri(path: Path) -> str:
    """Return a file as a base64 ``data:`` URI with its media type."""
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".woff2":
        mime = "font/woff2"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def css_with_data_uris(css: str, path: Path) -> str:
    """Replace every relative ``url(...)`` in a stylesheet by the file as a data: URI.

    Fragment references (``url(#default#VML)``) and existing ``data:`` URIs are
    kept; anything that would go to the network raises ``ValueError``, so that
    an inlined page never makes a request.
    """

    def replace(match: re.Match[str]) -> str:
        url = match.group("url").strip()
        if url.startswith(("#", "data:")):
            return match.group(0)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, flags=re.IGNORECASE):
            raise ValueError(f"{path}: stylesheet refers to an outside resource: {url}")
        target = (path.parent / url.split("?")[0].split("#")[0]).resolve()
        if not target.is_file():
            raise AssetsMissingError(f"{path}: url({url}) points to a missing file {target}")
        return f'url("{data_uri(target)}")'

    return _CSS_URL.sub(replace, css)


#: claimmap's own scripts (``layers/static/claimmap/``), in the order they run: each
#: adds to the ``ClaimMap`` namespace that ``core.js`` creates.
CLAIMMAP_JS = (
    "core.js",
    "shapes.js",
    "leaflet-patches.js",
    "dates.js",
    "playback.js",
    "model.js",
    "draw.js",
    "aggregate.js",
    "labels.js",
    "popups.js",
    "controls.js",
    "datepanel.js",
    "highlight.js",
    "story.js",
    "main.js",
)


@functools.cache
def claimmap_js() -> str:
    """Return claimmap's own map code (:data:`CLAIMMAP_JS` in order), safe to inline.

    The files run once per page: a second map element on the page (or a second
    render into the same frame) finds ``ClaimMap`` with the same build and skips them.
    """
    sources = [
        (name, (STATIC / "claimmap" / name).read_text(encoding="utf-8")) for name in CLAIMMAP_JS
    ]
    build = hashlib.blake2b(
        "".join(text for _, text in sources).encode("utf-8"), digest_size=6
    ).hexdigest()
    body = "\n".join(f"/* ---- claimmap/{name} ---- */\n{text}" for name, text in sources)
    return script_text(
        f"if (!(window.ClaimMap && window.ClaimMap.build === '{build}')) {{\n{body}\n"
        f"window.ClaimMap.build = '{build}';\n}}\n"
    )


@functools.cache
def claimmap_css() -> str:
    """Return claimmap's own styles (``layers/static/claimmap.css``), safe to inline."""
    return style_text((STATIC / "claimmap.css").read_text(encoding="utf-8"))

"""claimmap's own JavaScript: split by concern, loaded in order, Leaflet patched in one place."""

from __future__ import annotations

import re
from pathlib import Path

from layers import assets

JS_DIR = assets.STATIC / "claimmap"
PATCHES = "leaflet-patches.js"
#: What any file may call without defining it.
BUILTINS = set(
    "if for while function return switch catch typeof new String Number Math Date Object "
    "Array isNaN isFinite parseInt parseFloat JSON URL Error CustomEvent Boolean RegExp Promise "
    "setTimeout clearTimeout requestAnimationFrame Float64Array Int32Array Uint8Array "
    "Float32Array Uint32Array Int8Array Uint16Array Int16Array Set Map TextDecoder "
    "DecompressionStream Response Blob atob encodeURIComponent URLSearchParams".split()
)


def code_of(path: Path) -> str:
    """The file's code with comments and string contents removed."""
    text = re.sub(r"//[^\n]*|/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"'(?:\\.|[^'\\\n])*'", "''", text)


def test_every_file_is_loaded_once_in_a_fixed_order() -> None:
    assert sorted(assets.CLAIMMAP_JS) == sorted(p.name for p in JS_DIR.glob("*.js"))
    assert assets.CLAIMMAP_JS[0] == "core.js" and assets.CLAIMMAP_JS[-1] == "main.js"
    js = assets.claimmap_js()
    positions = [js.index(f"/* ---- claimmap/{name} ---- */") for name in assets.CLAIMMAP_JS]
    assert positions == sorted(positions)


def test_each_file_calls_only_what_it_defines_or_imports() -> None:
    # A name moved to another file must be taken from ClaimMap._ (`var x = _.x;`).
    for path in JS_DIR.glob("*.js"):
        code = code_of(path)
        defined = set(re.findall(r"(?:function|var|get)\s+(\w+)", code))
        for params in re.findall(r"function\s*\w*\s*\(([^)]*)\)", code):
            defined |= {p.strip() for p in params.split(",") if p.strip()}
        called = set(re.findall(r"(?<![.\w])([A-Za-z_]\w*)\s*\(", code))
        assert called - defined - BUILTINS == set(), path.name


def test_leaflet_internals_are_patched_in_one_file() -> None:
    own: set[str] = set()
    for path in JS_DIR.glob("*.js"):
        code = code_of(path)
        own |= set(re.findall(r"ClaimMapView\.prototype\.(_\w+)\s*=", code))
        own |= set(re.findall(r"\b(?:this|self)\.(_\w+)\s*=", code))
    own |= {"_internal"}
    for path in JS_DIR.glob("*.js"):
        code = code_of(path)
        if path.name == PATCHES:
            assert re.search(r"L\.\w+\.extend\(", code)
            continue
        private = {
            name
            for name in re.findall(r"\.(_[A-Za-z]\w*)", code)
            if name not in own and not name.startswith("_cm")
        }
        assert private == set(), f"{path.name} touches Leaflet internals: {sorted(private)}"
        assert not re.search(r"L\.\w+\.(?:extend|include|addInitHook)\(", code), path.name

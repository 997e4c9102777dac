"""The download buttons of a view: one per format of the export table (every ``st.*`` call).

Both pages use them: the map page builds from the claims in memory
(``cache.build_export``), the large-store page from the store
(``bigview.view_export``). Streamlit calls a download's ``data`` outside the script
run (no session state, no ``st.*`` calls), so each builder holds what it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from claimmap import exports
from claimmap.dashboard.viewstate import download_name


def export_buttons(
    build_of: Callable[[str], Callable[[], bytes]], f: Any, claims: int, key_prefix: str
) -> dict[str, Callable[[], bytes]]:
    """Draw one button per format in two columns, each built on click; return the builders.

    ``build_of(fmt)`` gives the builder of a format; ``f`` is the view's filter state
    (the file name); ``claims`` how many claims the view holds (each button's help).
    """
    builders: dict[str, Callable[[], bytes]] = {}
    columns = st.columns(2)
    for i, (fmt, export) in enumerate(exports.FORMATS.items()):
        builders[fmt] = build_of(fmt)
        columns[i % 2].download_button(
            export.label,
            data=builders[fmt],
            file_name=download_name(f, fmt),
            mime=export.mime,
            help=f"{claims:,} claims, {export.purpose}",
            key=f"{key_prefix}{fmt}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
    return builders

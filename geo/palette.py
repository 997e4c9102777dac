"""One colour per claim type, shared by every output.

Colours are Paul Tol's colour-blind-safe "muted" and "vibrant" schemes. The map
(``layers/style.py``, which adds a shape per type so that no two types depend on
colour alone) and the KML export both read them here, so a type looks the same
in the browser and in Google Earth. Readable names are the vocabulary's
(``geo.vocab.TYPE_LABELS``).
"""

from __future__ import annotations

from geo.vocab import TYPE_LABELS

__all__ = ["TYPE_COLORS", "TYPE_LABELS", "UNKNOWN_COLOR"]

#: Claim type -> colour (#RRGGBB), in the vocabulary's order.
TYPE_COLORS: dict[str, str] = {
    "recruitment": "#AA4499",
    "crossing": "#332288",
    "transit": "#0077BB",
    "assembly": "#117733",
    "flight_surge": "#33BBEE",
    "onward_transfer": "#44AA99",
    "deployment": "#882255",
    "meeting": "#999933",
    "eyewitness": "#DDCC77",
    "statement": "#555555",
    "denial": "#CC6677",
    "casualties": "#CC3311",
    "arrests": "#EE7733",
    "refusal": "#BBBBBB",
    "rally": "#EE3377",
}

#: Colour of a type outside the vocabulary (should not happen).
UNKNOWN_COLOR = "#888888"

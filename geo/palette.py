"""One colour and one readable name per claim type, shared by every output.

Colours are Paul Tol's colour-blind-safe "muted" and "vibrant" schemes. The map
(``layers/style.py``, which adds a shape per type so that no two types depend on
colour alone) and the KML export both read them here, so a type looks the same
in the browser and in Google Earth.
"""

from __future__ import annotations

#: Claim type -> (readable name, colour as #RRGGBB), in the vocabulary's order.
TYPE_LOOKS: dict[str, tuple[str, str]] = {
    "recruitment": ("recruitment", "#AA4499"),
    "crossing": ("border crossing", "#332288"),
    "transit": ("transit", "#0077BB"),
    "assembly": ("assembly", "#117733"),
    "flight_surge": ("flight surge", "#33BBEE"),
    "onward_transfer": ("onward transfer", "#44AA99"),
    "deployment": ("deployment", "#882255"),
    "meeting": ("meeting", "#999933"),
    "eyewitness": ("eyewitness account", "#DDCC77"),
    "statement": ("statement", "#555555"),
    "denial": ("denial", "#CC6677"),
    "casualties": ("casualties", "#CC3311"),
    "arrests": ("arrests", "#EE7733"),
    "refusal": ("refusal", "#BBBBBB"),
    "rally": ("rally", "#EE3377"),
}

#: Claim type -> colour (#RRGGBB).
TYPE_COLORS: dict[str, str] = {t: color for t, (_, color) in TYPE_LOOKS.items()}

#: Claim type -> readable name.
TYPE_LABELS: dict[str, str] = {t: label for t, (label, _) in TYPE_LOOKS.items()}

#: Colour of a type outside the vocabulary (should not happen).
UNKNOWN_COLOR = "#888888"

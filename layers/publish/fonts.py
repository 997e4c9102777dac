"""The fonts of the printed outputs: a Latin face plus one that covers Arabic script.

Matplotlib (3.11+) shapes text with libraqm (HarfBuzz and FriBiDi), so Arabic and
Persian letters join and run right to left, provided a font has their glyphs.
Matplotlib falls back glyph by glyph along a family list; this module builds
that list from what is installed and checks that it really covers the letters
the gazetteer uses (Arabic and the Persian پ چ ژ گ ک ی).

Preferred: Noto Sans with Noto Sans Arabic (Debian ``fonts-noto-core``);
otherwise DejaVu Sans, which carries Arabic glyphs (``fonts-dejavu-core``, and
the copy bundled with matplotlib).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

#: Letters a usable Arabic-script face must have: Arabic sheen, alef, lam, teh marbuta,
#: and the Persian peh, tcheh, jeh, gaf, keheh, Farsi yeh.
ARABIC_PROBE = "شالة" + "پچژگکی"
#: Letters a usable Latin face must have.
LATIN_PROBE = "AZaz09–’“"

#: Added to the families of an SVG: a generic family for viewers without the fonts above
#: (not for PNG and PDF, where it only makes every font look-up slower).
GENERIC = "sans-serif"

#: Candidate families, best first: (Latin family, Arabic-script family).
CANDIDATES = (
    ("Noto Sans", "Noto Sans Arabic"),
    ("DejaVu Sans", "DejaVu Sans"),
)


class FontsMissing(RuntimeError):
    """No installed font covers Arabic script (or no Latin font was found)."""


@dataclass(frozen=True)
class FontSet:
    """The families to draw with, in fallback order, and the files they come from.

    Parameters
    ----------
    families : family names for matplotlib's ``family=`` (Latin first, then Arabic).
    latin_file, arabic_file : the font files found for each.
    """

    families: tuple[str, ...]
    latin_file: str
    arabic_file: str


def _file_for(family: str) -> str | None:
    """Return the regular font file of ``family``, or None when not installed."""
    from matplotlib import font_manager

    try:
        found = font_manager.findfont(
            font_manager.FontProperties(family=family), fallback_to_default=False
        )
    except ValueError:
        return None
    return str(found)


def _covers(path: str, letters: str) -> bool:
    """Whether the font file at ``path`` has a glyph for every one of ``letters``."""
    from matplotlib import ft2font

    charmap = ft2font.FT2Font(path).get_charmap()
    return all(ord(letter) in charmap for letter in letters)


@functools.cache
def find_fonts() -> FontSet:
    """Return the first candidate pair that is installed and covers both scripts.

    Raises
    ------
    FontsMissing
        With one line saying what to install.
    """
    for latin, arabic in CANDIDATES:
        latin_file, arabic_file = _file_for(latin), _file_for(arabic)
        if not latin_file or not arabic_file:
            continue
        if _covers(latin_file, LATIN_PROBE) and _covers(arabic_file, ARABIC_PROBE):
            # DejaVu Sans for what the first two lack (arrows).
            families = (latin, arabic) if latin != arabic else (latin,)
            families += tuple(f for f in ("DejaVu Sans",) if f not in families)
            return FontSet(families, latin_file, arabic_file)
    raise FontsMissing(
        "no installed font covers Arabic script (tried "
        + ", ".join(f"{a!r}" for _, a in CANDIDATES)
        + "): install Debian's fonts-noto-core or fonts-dejavu-core"
    )

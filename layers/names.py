"""Place names for the map: the English name and the local-script one (Persian or Arabic).

The local-script name comes from the gazetteer's aliases: the first alias in
Arabic script written in the place's own language, told apart by the letters
only that language uses (Persian پ چ ژ گ ک ی for Iran; Arabic ة ك ي ى أ إ ؤ
for Iraq, Lebanon and other Arabic-speaking countries). A place with no such
alias has none.
"""

from __future__ import annotations

import re
from typing import Any

#: Arabic-script letters (the Arabic block, its supplement and presentation forms).
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
#: Letters Persian uses and Arabic does not, and the other way round.
_PERSIAN_ONLY = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc]")  # پ چ ژ گ ک ی
_ARABIC_ONLY = re.compile("[\u0629\u0643\u064a\u0649\u0623\u0625\u0624]")  # ة ك ي ى أ إ ؤ

#: The language of a country's place names, where it is written in Arabic script.
COUNTRY_LANGUAGE = {
    "IR": "fa",
    "AF": "fa",
    "IQ": "ar",
    "LB": "ar",
    "SY": "ar",
    "JO": "ar",
    "KW": "ar",
    "SA": "ar",
    "BH": "ar",
    "QA": "ar",
    "AE": "ar",
    "OM": "ar",
    "YE": "ar",
}


def local_name(place: Any) -> str | None:
    """Return the place's name in its own Arabic-script language, or None.

    Parameters
    ----------
    place : a ``geo.models.Place`` (its ``country`` and ``aliases``).
    """
    language = COUNTRY_LANGUAGE.get(place.country)
    if language is None:
        return None
    unwanted = _ARABIC_ONLY if language == "fa" else _PERSIAN_ONLY
    for alias in place.aliases:
        if _ARABIC_SCRIPT.search(alias) and not unwanted.search(alias):
            return alias
    return None


def local_language(place: Any) -> str | None:
    """Return the BCP 47 code of :func:`local_name`'s language (``fa``, ``ar``), or None."""
    return COUNTRY_LANGUAGE.get(place.country) if local_name(place) else None

"""Draft claims from an extraction: one per reporting sentence with a place, date or figure.

``propose_drafts`` is a pure function (no store, no I/O beyond the cached
gazetteer): the ``claimmap ingest`` command and the review page call it and
let the analyst accept, edit or reject each draft. Everything in a draft is a
guess, and says how sure it is (``confidence``, 0-1 per field):

- ``quote``: the sentence, verbatim, trimmed to about 40 words around what it
  carries (``quote_start``/``quote_end`` locate it in the text, and
  ``sentence_start``/``sentence_end`` the whole sentence);
- ``spans``: every place (with its candidates), date, figure, actor and
  attribution found in the sentence, each with its ``kind`` and offsets;
- ``statement``: neutral, in our words: "Ali D. reportedly said that ..." or
  "The document reports that ...";
- ``type``: guessed from the sentence's words (flights -> flight_surge, crossed
  -> crossing, recruited -> recruitment...), ``statement`` when nothing fits;
- ``places``: ordered place ids; places the text implies but does not name are
  added and marked in ``place_notes`` as inferred: the other side of a named
  border crossing, the one airport serving a city that flights leave from;
- ``event_start``/``event_end``/``date_precision``/``date_note`` from the
  sentence's date phrases (``None`` for an open end: the analyst decides);
- ``quantities`` shaped like ``geo.models.Quantity`` (``less_than``, which the
  claim model has no word for, becomes ``up_to`` and is noted);
- ``actors`` (names as data/claims.yaml writes them), ``claimant`` and ``outlet``
  from the attribution patterns of the sentence or the two before it.
"""

from __future__ import annotations

import re
from typing import Any

from geo.ingest.tokens import sentences

QUOTE_WORDS = 40
_MIN_WORDS = 6
_CONTEXT_SENTENCES = 2

#: (claim type, pattern, confidence), first match wins.
_TYPES = (
    ("denial", r"\b(?:den(?:y|ied|ies|ial)|refuted?|rejects?)\b", 0.6),
    ("flight_surge", r"\b(?:flights?|airports?|airlines?|planes?|air traffic)\b", 0.7),
    ("crossing", r"\b(?:crossed|crossing|border|entered|entering|via)\b", 0.6),
    ("recruitment", r"\b(?:recruit\w*|enlist\w*|offered)\b", 0.6),
    ("assembly", r"\b(?:assembled|gathered|assembly|mustered)\b", 0.6),
    ("onward_transfer", r"\b(?:transported|transferred|moved on|onward)\b", 0.5),
    ("transit", r"\b(?:transit\w*|passed through)\b", 0.5),
    ("meeting", r"\b(?:meetings?|met with|visit\w*)\b", 0.5),
    ("casualties", r"\b(?:killed|dead|deaths?|death toll|fatalities|casualties)\b", 0.6),
    ("arrests", r"\b(?:arrested|detained|arrests?|detentions?)\b", 0.6),
    ("refusal", r"\b(?:refus\w*|disobey\w*)\b", 0.5),
    ("deployment", r"\b(?:deploy\w*|sent|dispatched|fighters|militias?)\b", 0.5),
    ("rally", r"\b(?:protests?|demonstrations?|rall(?:y|ies)|gatherings?)\b", 0.4),
    ("eyewitness", r"\b(?:saw|witnessed|eyewitness\w*)\b", 0.4),
)
_FLIGHT = re.compile(r"\b(?:flights?|flew|airlines?|planes?|air traffic)\b", re.I)
_UNVERIFIED = re.compile(
    r"\b(?:unverified|not (?:been )?(?:independently )?verified|unconfirmed|allegedly|"
    r"could not (?:be )?confirm\w*|not possible to confirm)\b",
    re.I,
)
_DENIED = re.compile(r"\b(?:denied|denies|denial)\b", re.I)
_LEADING_SOURCE = re.compile(r"^(?:According to|As reported by)[^,]{1,120},\s*", re.I)
_TRAILING_SAYS = re.compile(
    r",?[”\"’']?,?\s+(?:he|she|they|it)\s+(?:said|added|noted|continued)\.?$"
)
_FUNCTION_WORDS = frozenset(
    """the a an some several more many most his her their its this these those one two he she
    they it we for on in at after before during since when while unlike whether both all each
    such there however but and also meanwhile earlier later""".split()
)
_SAY_VERBS = r"(?:said|says|told|added|noted|stated|claimed|confirmed|explained|recalled|warned)"


def propose_drafts(
    text: str, extraction: dict[str, Any], source_id: str, gazetteer: Any = None
) -> list[dict[str, Any]]:
    """Propose draft claims from a text and its extraction.

    Parameters
    ----------
    text : the text the extraction was made from (offsets refer to it).
    extraction : the result of ``Extractor.extract(text)``.
    source_id : the document's source id (drafts are numbered under it).
    gazetteer : the places (id -> Place) for inferred places; default: the
        data directory's gazetteer.

    Returns
    -------
    list of dict
        One draft per sentence that carries a place, a date or a figure, in text order.
    """
    if gazetteer is None:
        from geo.geocode import get_geocoder

        gazetteer = get_geocoder().gazetteer
    spans = sentences(text)
    drafts = []
    for index, (start, end) in enumerate(spans):
        inside = {key: _within(extraction.get(key, ()), start, end) for key in _KINDS}
        if not (inside["places"] or inside["dates"] or inside["quantities"]):
            continue
        if len(text[start:end].split()) < _MIN_WORDS:
            continue
        earlier = spans[max(0, index - _CONTEXT_SENTENCES) : index]
        context = [a for s, e in earlier for a in _within(extraction.get("attribution", ()), s, e)]
        draft = _draft(text, (start, end), inside, context, gazetteer)
        draft["id"] = f"{source_id}-draft-{len(drafts) + 1:03d}"
        draft["source_id"] = source_id
        drafts.append(draft)
    return drafts


_KINDS = ("places", "dates", "quantities", "actors", "attribution")


def _within(items, start: int, end: int) -> list[dict[str, Any]]:
    return [item for item in items if start <= item["start"] and item["end"] <= end]


def _draft(text, span, inside, context, gazetteer) -> dict[str, Any]:
    start, end = span
    sentence = text[start:end]
    quote_start, quote_end = _quote_span(text, span, inside)
    claim_type, type_confidence = _guess_type(sentence)
    claimant, outlet, claimant_confidence = _claimant(inside["attribution"], context)
    places, notes, mode = _places(sentence, inside["places"], claim_type, gazetteer)
    dates = _dates(inside["dates"])
    quantities = [_quantity(q) for q in inside["quantities"]]
    actors = list(dict.fromkeys(a["name"] for a in inside["actors"]))
    return {
        "review_status": "draft",
        "type": claim_type,
        "statement": _statement(sentence, claimant),
        "quote": text[quote_start:quote_end],
        "quote_start": quote_start,
        "quote_end": quote_end,
        "sentence_start": start,
        "sentence_end": end,
        "spans": _spans(inside),
        "claimant": claimant,
        "outlet": outlet,
        "places": places,
        "place_notes": notes,
        "mode": mode,
        **dates,
        "quantities": quantities,
        "actors": actors,
        "status": _status(sentence),
        "confidence": {
            "quote": 1.0,
            "statement": 0.4,
            "type": type_confidence,
            "claimant": claimant_confidence,
            "places": _place_confidence(inside["places"], notes),
            "dates": 0.8 if dates["event_start"] and dates["event_end"] else 0.4,
            "quantities": 0.8 if quantities else 1.0,
            "actors": 0.9 if actors else 0.7,
        },
    }


#: Extraction key -> the kind of span it gives.
_SPAN_KINDS = {
    "places": "place",
    "dates": "date",
    "quantities": "quantity",
    "actors": "actor",
    "attribution": "attribution",
}


def _spans(inside: dict[str, list]) -> list[dict[str, Any]]:
    """Every item found in the sentence, with its kind, in text order (for highlighting)."""
    spans = [{"kind": _SPAN_KINDS[key], **item} for key in _KINDS for item in inside[key]]
    return sorted(spans, key=lambda s: (s["start"], s["end"]))


def _quote_span(text: str, span: tuple[int, int], inside) -> tuple[int, int]:
    """Return the sentence, or the ``QUOTE_WORDS`` words of it around the first item it carries."""
    start, end = span
    words = [m.span() for m in re.finditer(r"\S+", text[start:end])]
    if len(words) <= QUOTE_WORDS:
        return start, end
    items = [i for key in ("places", "dates", "quantities") for i in inside[key]]
    first = min(item["start"] for item in items) - start
    index = next((i for i, (s, e) in enumerate(words) if e > first), 0)
    begin = max(0, min(index - QUOTE_WORDS // 4, len(words) - QUOTE_WORDS))
    chosen = words[begin : begin + QUOTE_WORDS]
    return start + chosen[0][0], start + chosen[-1][1]


def _guess_type(sentence: str) -> tuple[str, float]:
    for claim_type, pattern, confidence in _TYPES:
        if re.search(pattern, sentence, re.I):
            return claim_type, confidence
    return "statement", 0.3


def _claimant(here: list, context: list) -> tuple[str | None, str | None, float]:
    """Who says it (and through which outlet): this sentence's attribution, else a recent one."""
    for items, confidence in ((here, 0.7), (list(reversed(context)), 0.4)):
        claimant = next((a["claimant"] for a in items if a.get("claimant")), None)
        outlet = next((a["outlet"] for a in items if a.get("outlet")), None)
        if claimant or outlet:
            return claimant, outlet, confidence if claimant else confidence / 2
    return None, None, 0.0


def _statement(sentence: str, claimant: str | None) -> str:
    clause = _TRAILING_SAYS.sub("", _LEADING_SOURCE.sub("", sentence.strip()))
    if claimant:
        clause = _without_claimant(clause, claimant)
    clause = clause.strip(" “”\"'")
    clause = clause.rstrip(".") + "."
    first_word = clause.split(None, 1)[0] if clause.split() else ""
    if first_word.lower() in _FUNCTION_WORDS:
        clause = clause[:1].lower() + clause[1:]
    if claimant:
        who = claimant.split(",")[0].strip()
        return f"{who[:1].upper()}{who[1:]} reportedly said that {clause}"
    return f"The document reports that {clause}"


#: "X said that ...", "X, a driver, told The Media Line that ..." at the start of a clause.
_LEADS_WITH_SAYS = re.compile(
    rf"^(?P<who>[^,]{{1,80}}?)(?:,[^,]{{1,160}},)?\s+(?:also\s+|later\s+)?{_SAY_VERBS}"
    r"(?:\s+(?:[A-Z][\w’'.-]*\s*){1,5})?(?:\s+that\s+|,\s+|:\s+)"
)
#: ", X told The Media Line." at the end of a clause.
_ENDS_WITH_SAYS = re.compile(
    rf",?\s+(?P<who>[^,;]{{1,80}}?)\s+(?:also\s+)?{_SAY_VERBS}\b[^,;]{{0,60}}[.!]?$"
)
_SPEAKERS = frozenset({"he", "she", "they"})


def _without_claimant(clause: str, claimant: str) -> str:
    """Leave out "X said that" before, and ", X told Y" after, what X says."""
    speakers = _SPEAKERS | {claimant.split(",")[0].strip().lower()}
    shorter = clause
    lead = _LEADS_WITH_SAYS.match(shorter)
    if lead and lead.group("who").strip().lower() in speakers:
        shorter = shorter[lead.end() :]
    tail = _ENDS_WITH_SAYS.search(shorter)
    if tail and tail.group("who").strip().lower() in speakers:
        shorter = shorter[: tail.start()]
    return shorter if len(shorter.split()) >= 3 else clause


def _status(sentence: str) -> str:
    if _DENIED.search(sentence):
        return "denied"
    if _UNVERIFIED.search(sentence):
        return "unverified"
    return "reported"


def _places(sentence: str, mentions: list, claim_type: str, gazetteer) -> tuple:
    """Ordered place ids, notes (named or inferred, why), and a guessed route mode."""
    named = [m for m in mentions if m["candidates"]]
    precise = [m for m in named if m["candidates"][0]["kind"] != "country"]
    ids: list[str] = []
    notes: list[dict[str, Any]] = []
    flights = bool(_FLIGHT.search(sentence))
    for mention in precise or named:
        best = mention["candidates"][0]
        if best["id"] in ids:
            continue
        airport = _serving_airport(best["id"], gazetteer) if flights else None
        if airport is not None and airport not in ids:
            ids.append(airport)
            why = f"the one airport serving {best['name']} (flights named)"
            notes.append(_note(airport, mention, True, why, 0.6))
            continue
        other = _other_side(best["id"], gazetteer)
        if other is not None and other not in ids:
            first = _entering(sentence, gazetteer[best["id"]].country)
            pair = [other, best["id"]] if first else [best["id"], other]
            ids.extend(pair)
            why = f"the other side of {best['name']}"
            notes.append(_note(best["id"], mention, False, "named", best["score"]))
            notes.append(_note(other, mention, True, why, 0.6))
            continue
        ids.append(best["id"])
        notes.append(_note(best["id"], mention, False, "named", best["score"]))
    mode = None
    if len(ids) >= 2:
        mode = "air" if flights else "ground" if claim_type in ("crossing", "transit") else None
    return ids, notes, mode


def _note(place_id: str, mention: dict, inferred: bool, why: str, confidence: float) -> dict:
    return {
        "id": place_id,
        "text": mention["text"],
        "start": mention["start"],
        "end": mention["end"],
        "inferred": inferred,
        "why": why,
        "confidence": round(float(confidence), 2),
        "alternatives": [c["id"] for c in mention["candidates"][1:4]],
    }


def _serving_airport(place_id: str, gazetteer) -> str | None:
    if place_id not in gazetteer or gazetteer[place_id].kind != "city":
        return None
    airports = [p.id for p in gazetteer.values() if p.serves == place_id]
    return airports[0] if len(airports) == 1 else None


def _other_side(place_id: str, gazetteer) -> str | None:
    place = gazetteer.get(place_id) if place_id in gazetteer else None
    if place is None or place.kind != "border_crossing":
        return None
    return place.other_side


def _entering(sentence: str, country: str) -> bool:
    """Whether the sentence moves into ``country`` (then the other side is the start)."""
    names = {"IR": "Iran(?:ian)?", "IQ": "Iraq(?:i)?"}.get(country)
    if names is None:
        return True
    return (
        re.search(rf"\b(?:into|to|entered|entering|inside|the)\s+{names}\b", sentence) is not None
    )


def _place_confidence(mentions: list, notes: list) -> float:
    if not notes:
        return 0.5 if not mentions else 0.3
    return round(min(n["confidence"] for n in notes), 2)


def _dates(mentions: list) -> dict[str, Any]:
    if not mentions:
        return {
            "event_start": None,
            "event_end": None,
            "date_precision": "unknown",
            "date_note": None,
        }
    if len(mentions) == 1:
        only = mentions[0]
        note = f'"{only["text"]}" ({only["anchor"]})'
        return {
            "event_start": only["event_start"],
            "event_end": only["event_end"],
            "date_precision": only["precision"],
            "date_note": note,
        }
    starts = [m["event_start"] for m in mentions if m["event_start"]]
    ends = [m["event_end"] for m in mentions if m["event_end"]]
    phrases = "; ".join(f'"{m["text"]}" ({m["anchor"]})' for m in mentions)
    return {
        "event_start": min(starts) if starts else None,
        "event_end": max(ends) if ends else None,
        "date_precision": "range",
        "date_note": f"spans the sentence's dates: {phrases}",
    }


def _quantity(mention: dict) -> dict[str, Any]:
    qualifier = mention["qualifier"]
    quantity: dict[str, Any] = {
        "what": _snake(mention.get("unit") or "figure"),
        "qualifier": "up_to" if qualifier == "less_than" else qualifier,
        "unit": mention.get("unit"),
        "text": mention["text"],
    }
    if qualifier == "range":
        quantity.update(min=mention["min"], max=mention["max"])
    else:
        quantity["value"] = mention["value"]
    if qualifier == "less_than":
        quantity["note"] = "'less than' kept as up_to (the claim model has no less_than)"
    return quantity


def _snake(words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_") or "figure"

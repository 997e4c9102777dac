"""Quality measures of ``bench_ingest``: seed articles, gazetteer aliases, a toponym corpus."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from geo.geometry import distance_m
from geo.normalize import normalize

#: The variable naming the toponym corpora (``bench_ingest``).
CORPUS_ENV = "CLAIMMAP_TOPONYM_CORPUS"
_QUOTED = re.compile(r"\"([^\"]{3,80})\"")
#: Words of a date_note that say the coded range is the analyst's, not the phrase's own.
_INFERRED = re.compile(
    r"widened|analyst|not dated separately|same window|similar pattern|both are kept|"
    r"not defined|is not given|taken as|during this period|same sentence as",
    re.I,
)
_DATE_WORD = re.compile(
    r"\d|January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month",
)


def _named_in(text: str, place) -> bool:
    """Whether the text contains one of the place's names or aliases as whole words."""
    for alias in (place.name, *place.aliases):
        if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text, re.I):
            return True
    return False


def seeds_report(extractor, dictionary, dataset, documents) -> None:
    """Places, dates and figures of the seed articles against data/claims.yaml."""
    from bench.ingest_baselines import geotext_find

    rows = {"ours (candidates)": [0, 0], "ours (best)": [0, 0], "geotext": [0, 0],
            "dictionary": [0, 0]}  # fmt: skip
    missed: list[str] = []
    for source_id, (text, published) in documents.items():
        coded = {p for c in dataset.claims if c.source_id == source_id for p in c.places}
        named = [dataset.places[p] for p in sorted(coded) if _named_in(text, dataset.places[p])]
        result = extractor.extract(text, published)
        candidates = {c["id"] for m in result["places"] for c in m["candidates"]}
        best = {m["candidates"][0]["id"] for m in result["places"]}
        names = {
            "geotext": {normalize(f.text) for f in geotext_find(text)},
            "dictionary": {normalize(f.text) for f in dictionary.find(text)},
        }
        for place in named:
            keys = {normalize(a) for a in (place.name, *place.aliases)}
            hits = {
                "ours (candidates)": place.id in candidates,
                "ours (best)": place.id in best,
                "geotext": bool(keys & names["geotext"]),
                "dictionary": bool(keys & names["dictionary"]),
            }
            for label, hit in hits.items():
                rows[label][0] += hit
                rows[label][1] += 1
            if not hits["ours (candidates)"]:
                missed.append(f"{source_id}: {place.id}")
    print("seed places: coded places the text names, found")
    for label, (hit, total) in rows.items():
        print(f"  {label:<18} {hit}/{total} = {hit / max(total, 1):.0%}")
    if missed:
        print(f"  ours missed: {', '.join(missed)}")
    _dates_report(extractor, dataset, documents)
    _figures_report(extractor, dataset, documents)


def _dated_claims(dataset, documents):
    """Yield (claim, text, published, phrases, coded range, tally label) of the claims counted."""
    for claim in dataset.claims:
        if claim.event_start is None or claim.source_id not in documents:
            continue
        text, published = documents[claim.source_id]
        phrases = [p for p in _QUOTED.findall(claim.date_note or "") if p in text]
        phrases = [p for p in phrases if _DATE_WORD.search(p)]
        wanted = (claim.event_start.isoformat(), claim.event_end.isoformat())
        label = "analyst's inference" if _INFERRED.search(claim.date_note) else "stated"
        yield claim, text, published, phrases, wanted, label


def _occurrences(text: str, phrases: list[str]) -> list[tuple[int, int]]:
    return [m.span() for p in phrases for m in re.finditer(re.escape(p), text)]


def _dates_report(extractor, dataset, documents) -> None:
    tallies = {"stated": [0, 0, []], "analyst's inference": [0, 0, []]}
    unquoted = 0
    results: dict[str, dict] = {}
    for claim, text, published, phrases, wanted, label in _dated_claims(dataset, documents):
        if not phrases:
            unquoted += 1  # the range quotes no date phrase of the text
            continue
        if claim.source_id not in results:
            results[claim.source_id] = extractor.extract(text, published)
        got = [
            (d["event_start"], d["event_end"])
            for start, end in _occurrences(text, phrases)
            for d in results[claim.source_id]["dates"]
            if d["start"] < end and start < d["end"]
        ]
        _tally(tallies[label], claim.id, phrases, wanted, got)
    print("seed dates: coded date phrases resolved to exactly the coded range")
    print(
        f"  (a date_note saying {_INFERRED.pattern!r} marks the range as the analyst's; "
        f"{unquoted} dated claims quote no date phrase of the text and are not counted)"
    )
    _print_tallies(tallies)
    _draft_dates_report(extractor, dataset, documents)


def _tally(tally: list, claim_id: str, phrases: list[str], wanted, got) -> None:
    tally[1] += 1
    if wanted in got:
        tally[0] += 1
    else:
        shown = sorted(set(got), key=str)
        tally[2].append(f"{claim_id} {phrases[0]!r}: coded {wanted}, got {shown}")


def _print_tallies(tallies: dict, show: bool = True) -> None:
    for label, (passed, total, failures) in tallies.items():
        print(f"  {label:<20} {passed}/{total} = {passed / max(total, 1):.0%}")
        for failure in failures if show else ():
            print(f"    differs: {failure}")
    passed = sum(t[0] for t in tallies.values())
    total = sum(t[1] for t in tallies.values())
    print(f"  {'all':<20} {passed}/{total} = {passed / max(total, 1):.0%}")


def _draft_dates(extractor, text: str, published) -> list[tuple[int, int, tuple]]:
    """(sentence start, end, (event_start, event_end)) of each draft ``claimmap ingest`` stores."""
    from geo.ingest.claimdrafts import DocumentContext, DraftLeftOut, claim_draft
    from geo.ingest.drafts import propose_drafts

    result = extractor.extract(text, published)
    context = DocumentContext(
        source_id="bench",
        origin="bench",
        text=text,
        place_ids=set(extractor.gazetteer),
        anchor=published,
        anchor_label="the publication date given",
    )
    found = []
    for draft in propose_drafts(text, result, "bench", extractor.gazetteer):
        try:
            claim = claim_draft(draft, context).claim
        except DraftLeftOut:
            continue
        dates = tuple(d.isoformat() if d else None for d in (claim.event_start, claim.event_end))
        found.append((draft["sentence_start"], draft["sentence_end"], dates))
    return found


def _draft_dates_report(extractor, dataset, documents) -> None:
    """The same phrases, as the draft claims of ``claimmap ingest`` carry them.

    A draft spans its sentence's dates and closes an open end ("since January 6")
    with the publication date (here the source's earliest).
    """
    tallies = {"stated": [0, 0, []], "analyst's inference": [0, 0, []]}
    drafts: dict[str, list] = {}
    for claim, text, published, phrases, wanted, label in _dated_claims(dataset, documents):
        if not phrases:
            continue
        if claim.source_id not in drafts:
            drafts[claim.source_id] = _draft_dates(extractor, text, published)
        got = [
            dates
            for start, end in _occurrences(text, phrases)
            for s_start, s_end, dates in drafts[claim.source_id]
            if s_start < end and start < s_end
        ]
        _tally(tallies[label], claim.id, phrases, wanted, got)
    print("  as draft claims (a sentence's dates spanned, an open end closed by publication):")
    _print_tallies(tallies, show=False)


def _figures_report(extractor, dataset, documents) -> None:
    passed, total, failures = 0, 0, []
    for claim in dataset.claims:
        if claim.source_id not in documents:
            continue
        text, published = documents[claim.source_id]
        result = None
        for quantity in claim.quantities:
            where = text.find(quantity.text)
            if where < 0:
                continue
            result = result or extractor.extract(text, published)
            total += 1
            span = (where, where + len(quantity.text))
            if any(_same_figure(q, quantity, span) for q in result["quantities"]):
                passed += 1
            else:
                failures.append(f"{claim.id}: {quantity.text!r} ({quantity.qualifier})")
    print(
        f"seed figures: coded figures found with qualifier and value: {passed}/{total} = "
        f"{passed / max(total, 1):.0%}"
    )
    for failure in failures:
        print(f"  missed: {failure}")


def _same_figure(found: dict, coded, span: tuple[int, int]) -> bool:
    if not (found["start"] < span[1] and span[0] < found["end"]):
        return False
    if found["qualifier"] != coded.qualifier:
        return False
    if coded.qualifier == "range":
        return (found.get("min"), found.get("max")) == (coded.min, coded.max)
    return found.get("value") == coded.value


def aliases_report(extractor, dictionary, gazetteer) -> None:
    """Every alias (and every name) of every place, in running text, found as that place.

    Aliases and display names are counted apart: a display name may describe the
    place ("Military base in Ahvaz (reported assembly point)"), which no text writes.
    """
    from bench.ingest_baselines import geotext_find

    for label, names_of in (
        ("aliases", lambda place: place.aliases),
        ("display names", lambda place: (place.name,)),
    ):
        counts = {"ours": 0, "geotext": 0, "dictionary": 0}
        total, missed = 0, []
        for place in gazetteer.values():
            for alias in dict.fromkeys(names_of(place)):
                sentence = f"Reports said that fighters were seen in {alias} on Monday."
                span = (40, 40 + len(alias))
                result = extractor.extract(sentence)
                ours = any(
                    (m["start"], m["end"]) == span
                    and place.id in {c["id"] for c in m["candidates"]}
                    for m in result["places"]
                )
                counts["ours"] += ours
                counts["geotext"] += any((f.start, f.end) == span for f in geotext_find(sentence))
                counts["dictionary"] += any(
                    (f.start, f.end) == span for f in dictionary.find(sentence)
                )
                total += 1
                if not ours:
                    missed.append(f"{place.id}: {alias}")
        shares = ", ".join(f"{k} {v}/{total} = {v / total:.0%}" for k, v in counts.items())
        print(f"gazetteer {label} found in running text (span and place): {shares}")
        if missed:
            print(f"  ours missed: {'; '.join(missed)}")


def corpus_report(extractor, dictionary, paths: str | None) -> None:
    """Strict span F1 and accuracy within 161 km on each toponym corpus named.

    ``paths``: files separated by ``os.pathsep``, each GeoVirus or TR-News XML.
    """
    named = [Path(p) for p in (paths or "").split(os.pathsep) if p.strip()]
    if not named:
        print(f"toponym corpus: not available (set ${CORPUS_ENV} to GeoVirus or TR-News XML)")
        return
    for path in named:
        if path.is_file():
            _corpus_report(extractor, dictionary, path)
        else:
            print(f"toponym corpus: {path} not available")


def _corpus_report(extractor, dictionary, path: Path) -> None:
    from bench.ingest_baselines import geotext_find

    articles = read_corpus(path)
    gold_count = sum(len(g) for _t, g in articles)
    print(f"toponym corpus: {path.name}, {len(articles)} articles, {gold_count} toponyms")
    systems = {
        "ours": lambda t: _ours_spans(extractor, t),
        "geotext": geotext_find,
        "dictionary": dictionary.find,
    }
    for label, find in systems.items():
        scores = _score(articles, find)
        print(
            f"  {label:<10} P {scores[0]:.2f} R {scores[1]:.2f} F1 {scores[2]:.2f}  "
            f"within 161 km {scores[3]}"
        )


def _ours_spans(extractor, text: str) -> list:
    from bench.ingest_baselines import Found

    found = []
    for mention in extractor.extract(text)["places"]:
        best = mention["candidates"][0]
        found.append(
            Found(
                mention["start"],
                mention["end"],
                mention["text"],
                best["lat"],
                best["lon"],
                best["kind"],
                best["name"],
            )  # fmt: skip
        )
    return found


def _score(articles, find) -> tuple[float, float, float, str]:
    true_positive = predicted = gold_total = 0
    close = located = 0
    far: dict[str, int] = {}  # by the gold's kind of place, when the corpus gives it
    same = 0  # of those, the gold's own country or division at another reference point
    typed = False  # whether the system says what kind of place it found
    for text, gold in articles:
        spans = {(g[0], g[1]): g for g in gold}
        found = find(text)
        predicted += len(found)
        gold_total += len(gold)
        typed = typed or any(item.kind for item in found)
        for item in found:
            match = spans.get((item.start, item.end))
            if match is None:
                continue
            true_positive += 1
            if item.lat is not None and match[2] is not None:
                located += 1
                near = _km(item.lat, item.lon, match[2], match[3]) <= 161
                close += near
                if not near and len(match) > 4:
                    far[match[4]] = far.get(match[4], 0) + 1
                    same += _same_area(item, match)
    precision = true_positive / max(predicted, 1)
    recall = true_positive / max(gold_total, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    within = f"{close}/{located} = {close / located:.0%}" if located else "n/a (no coordinates)"
    if far:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(far.items()))
        own = f"; {same} of the countries and divisions are the gold's own" if typed else ""
        within += f" (farther: {kinds}{own})"
    return precision, recall, f1, within


#: The kind a system gives a place, by the gold's kind of place.
_AREA_KINDS = {"countries": "country", "first-level divisions": "region"}


def _same_area(item, gold: tuple) -> bool:
    """Whether a place is the gold's country or division by kind and name (another point)."""
    wanted = _AREA_KINDS.get(gold[4])
    if wanted is None or item.kind != wanted or not item.name:
        return False
    return normalize(item.name) == normalize(gold[5]) or normalize(gold[5]).startswith(
        normalize(item.name)
    )


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return distance_m(lat1, lon1, lat2, lon2) / 1000


def read_corpus(path: Path) -> list[tuple[str, list[tuple]]]:
    """Read a GeoVirus or a TR-News file (TR-News marks toponyms ``<toponym>``)."""
    with path.open(encoding="utf-8") as stream:
        head = stream.read(200_000)
    return read_trnews(path) if "<toponym>" in head else read_geovirus(path)


def read_trnews(path: Path) -> list[tuple[str, list[tuple]]]:
    """(text, [(start, end, lat, lon, kind, name)]) per TR-News article (Kamalloo, Rafiei 2018).

    Offsets count from 0, end excluded; a few articles' are off by some characters,
    so each phrase is looked for at its offset, then nearby (`_near`). A toponym
    without coordinates counts for the span scores only (lat, lon None).
    """
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        gold = []
        for toponym in article.iter("toponym"):
            phrase = toponym.findtext("phrase") or ""
            start = _near(text, phrase, int(toponym.findtext("start") or 0))
            if not phrase or start is None:
                continue
            end = start + len(phrase)
            lat, lon = (toponym.findtext(f"gaztag/{k}") or "" for k in ("lat", "lon"))
            where = (float(lat), float(lon)) if lat.strip() and lon.strip() else (None, None)
            kind = _kind(toponym.findtext("gaztag/fcode") or "")
            gold.append((start, end, *where, kind, toponym.findtext("gaztag/name") or ""))
        articles.append((text, gold))
    return articles


def _kind(fcode: str) -> str:
    """A GeoNames feature code as a kind of place: country, first-level division, other."""
    if fcode.startswith("PCL"):
        return "countries"
    return "first-level divisions" if fcode == "ADM1" else "other places"


def read_geovirus(path: Path) -> list[tuple[str, list[tuple[int, int, float, float]]]]:
    """(text, [(start, end, lat, lon)]) per article; offsets checked against the names.

    GeoVirus counts offsets from 1 (some from 0, a few are off): each name is looked
    for where it should be, then nearby (`_near`). Empty placeholders (no text, or a
    location without name or coordinates) are left out.
    """
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        text = article.findtext("text") or ""
        if not text.strip():
            continue
        gold = []
        for location in article.iter("location"):
            name = (location.findtext("name") or "").strip()
            lat, lon = (location.findtext(k) or "" for k in ("lat", "lon"))
            if not name or not lat.strip() or not lon.strip():
                continue
            start = _near(text, name, int(location.findtext("start") or 0) - 1)
            if start is not None:
                gold.append((start, start + len(name), float(lat), float(lon)))
        articles.append((text, gold))
    return articles


def _near(text: str, phrase: str, start: int, reach: int = 12) -> int | None:
    """Return where ``phrase`` is in ``text`` nearest to ``start`` (within ``reach``)."""
    found = [
        at for at in range(max(0, start - reach), start + reach + 1) if text.startswith(phrase, at)
    ]
    return min(found, key=lambda at: abs(at - start)) if found else None

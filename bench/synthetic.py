"""Synthetic data for the benchmarks: the curated claims copied with shifted dates and places.

``synthetic_data(n, dir)`` writes a valid data directory of ``n`` claims (the bundled
gazetteer, sources and groups; claims copied from the curated ones with other places
and dates moved up to ten days earlier, never after publication);
``synthetic_dataset(n)`` loads one.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import tempfile
from pathlib import Path

from geo.paths import PACKAGE_DATA_DIR as DATA


def _scalar(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def synthetic_data(n: int, target: Path, seed: int = 7) -> Path:
    """Write a data dir with ``n`` claims copied from the curated ones (valid YAML)."""
    from geo.dataset import load_dataset

    rng = random.Random(seed)
    dataset = load_dataset(DATA)
    target.mkdir(parents=True, exist_ok=True)
    for name in ("gazetteer.csv", "sources.yaml", "groups.yaml"):
        (target / name).write_bytes((DATA / name).read_bytes())
    places = list(dataset.places)
    by_kind: dict[str, list[str]] = {}
    for pid in places:
        by_kind.setdefault(dataset.places[pid].kind, []).append(pid)
    airports = by_kind.get("airport", places)
    claims = dataset.claims
    out: list[str] = []
    for i in range(n):
        c = claims[i % len(claims)]
        if c.mode == "air":
            new_places = rng.sample(airports, 2)
        elif c.places:
            new_places = [rng.choice(places) for _ in c.places]
            if c.mode:  # a route never goes from a place to itself
                new_places = rng.sample(places, len(c.places))
        else:
            new_places = []
        lines = [
            f"- id: syn-{i:06d}",
            f"  group: {c.group}",
            f"  source_id: {c.source_id}",
            f"  origin: {c.origin}",
            f"  claimant: {_scalar(c.claimant)}",
            f"  type: {c.type}",
            f"  statement: {_scalar(c.statement)}",
            f"  quote: {_scalar(c.quote)}",
            f"  places: [{', '.join(new_places)}]",
            f"  status: {c.status}",
            f"  date_precision: {c.date_precision}",
        ]
        if c.mode:
            lines.append(f"  mode: {c.mode}")
        if c.event_start is not None:
            shift = dt.timedelta(days=-rng.randint(0, 10))  # never after publication
            lines.append(f"  event_start: {(c.event_start + shift).isoformat()}")
            lines.append(f"  event_end: {(c.event_end + shift).isoformat()}")
        if c.actors:
            lines.append(f"  actors: [{', '.join(_scalar(a) for a in c.actors)}]")
        if c.quantities:
            lines.append("  quantities:")
            for q in c.quantities:
                fields = q.model_dump(mode="json", exclude_none=True)
                lines.append("    - " + _scalar(fields))
        out.append("\n".join(lines))
    (target / "claims.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return target


def synthetic_dataset(n: int, seed: int = 7):
    """Return a loaded Dataset of ``n`` synthetic claims (see `synthetic_data`)."""
    from geo.dataset import load_dataset

    with tempfile.TemporaryDirectory() as tmp:
        return load_dataset(synthetic_data(n, Path(tmp), seed))

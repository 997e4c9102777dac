"""Run every benchmark module (``bench/bench_*.py``) in turn, or the ones named.

Usage: ``python -m bench [NAME ...]`` where NAME is e.g. ``geocode`` for
``bench/bench_geocode.py``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    wanted = set(sys.argv[1:] if argv is None else argv)
    names = sorted(p.stem for p in Path(__file__).resolve().parent.glob("bench_*.py"))
    if wanted:
        names = [n for n in names if n in wanted or n.removeprefix("bench_") in wanted]
        unknown = wanted - {n for n in names} - {n.removeprefix("bench_") for n in names}
        if unknown:
            sys.stderr.write(f"bench: no benchmark named {', '.join(sorted(unknown))}\n")
            return 2
    for name in names:
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").main([])
        print(flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

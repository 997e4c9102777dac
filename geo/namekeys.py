"""The keys each curated name is found by, computed once per normalizer and kept on disk.

A name is indexed under its ``geo.normalize`` keys and those of its core (the
name without the words that say what a place is: "Mehran" of "Mehran border
crossing"). Normalizing every name and alias of the gazetteer in Arabic and
Persian script takes longer than the rest of a ``claimmap geocode`` process, so
the keys are kept in a small JSON file in the cache folder
(``geo.fallback.cache_dir``) whose name carries a fingerprint of the normalizer
and of the generic words: a change to either computes them again. Without a
writable cache folder they are simply computed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from geo.normalize import keys, normalize, words

#: Words that say what a place is rather than which one it is.
GENERIC_WORDS = (
    "airport international intl domestic crossing border borders post port terminal point "
    "gate province governorate governate ostan muhafazat city town county district military "
    "base of in the e i ye "
    # Persian
    "مرز مرزی گذرگاه پایانه فرودگاه بین‌المللی بین المللی استان شهر شهرستان پادگان "
    # Arabic
    "منفذ معبر الحدودي مطار الدولي محافظة مدينة قاعدة عسكرية في"
).split()

#: Bump when the table's layout changes.
_FORMAT = 1


def name_keys(name: str, generic: set[str]) -> dict[str, str]:
    """Return the keys a name is found by: ``normalized`` and ``variant``.

    And ``core`` and ``core_variant`` for the name without its generic words,
    when that core differs from the whole name.
    """
    normalized, variant = keys(name)
    found = {"normalized": normalized, "variant": variant}
    core_words = [w for w in words(name) if normalize(w) not in generic]
    if core_words:
        core_normalized, core_variant = keys(" ".join(core_words))
        if core_normalized != normalized:
            found.update(core=core_normalized, core_variant=core_variant)
    return found


def key_table(names: Iterable[str]) -> dict[str, dict[str, str]]:
    """Return ``name -> name_keys(name)`` for every name, from the cache file where it can.

    Names missing from the file are computed and the file rewritten with exactly
    these names (so it never grows beyond one gazetteer).
    """
    wanted = list(dict.fromkeys(names))
    path = _table_path()
    table = _read(path) if path is not None else {}
    missing = [name for name in wanted if name not in table]
    if not missing:
        return {name: table[name] for name in wanted}
    generic = {normalize(w) for w in GENERIC_WORDS}
    table.update((name, name_keys(name, generic)) for name in missing)
    table = {name: table[name] for name in wanted}
    if path is not None:
        _write(path, table)
    return table


def _table_path() -> Path | None:
    from geo.fallback import cache_dir

    digest = hashlib.sha256(f"{_FORMAT}\n{' '.join(GENERIC_WORDS)}\n".encode())
    try:
        digest.update(Path(__file__).with_name("normalize.py").read_bytes())
        return cache_dir() / f"name-keys-{digest.hexdigest()[:16]}.json"
    except OSError:
        return None


def _read(path: Path) -> dict[str, dict[str, str]]:
    try:
        with open(path, encoding="utf-8") as handle:
            table = json.load(handle)
    except (OSError, ValueError):
        return {}
    valid = isinstance(table, dict) and all(
        isinstance(k, dict) and all(isinstance(v, str) for v in k.values()) for k in table.values()
    )
    return table if valid else {}


def _write(path: Path, table: dict[str, dict[str, str]]) -> None:
    from geo.atomic import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(table, ensure_ascii=False))
    except OSError:
        pass  # a cache: without it the keys are computed each time

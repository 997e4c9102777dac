"""Cross-reference checks between sources, claims, groups and the gazetteer.

Reference checks read the raw records, so a record that failed model
validation (say, for a bad date) still has its ids checked and every problem
is reported in one pass. Date checks read the validated models.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from geo.loading import Loaded, label
from geo.models import Claim, Group, Source
from geo.problems import Problem
from geo.yamlio import RawRecord

#: Dates outside this window are taken for typos (e.g. 2062 for 2026).
PLAUSIBLE_DATES = (dt.date(2000, 1, 1), dt.date(2035, 12, 31))


def _has_id(record: RawRecord) -> bool:
    """Whether the record has a string id (a list or mapping there is a model error)."""
    return isinstance(record.data.get("id"), str)


def _ids(raw: Iterable[RawRecord]) -> set[str]:
    return {r.data["id"] for r in raw if _has_id(r)}


def _hint(value: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.8)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _a(noun: object) -> str:
    text = str(noun)
    return f"an {text}" if text[:1] in "aeiou" else f"a {text}"


def _refs(record: RawRecord, key: str, many: bool = False) -> list[tuple[str, int]]:
    """Return the string ids under ``key``, each with its line.

    ``many`` says the field holds a list of ids; a value of the wrong shape (a
    list for a single id, a string for a list) yields nothing, since the
    model's own check already reports it.
    """
    value = record.data.get(key)
    if not many and isinstance(value, str):
        return [(value, record.line_of(key))]
    if many and isinstance(value, list):
        return [(v, record.line_of(key, i)) for i, v in enumerate(value) if isinstance(v, str)]
    return []


def duplicate_ids(loaded: Loaded[Any], noun: str) -> list[Problem]:
    """Report records whose id was already used earlier in the same file."""
    first: dict[str, int] = {}
    problems = []
    for record in loaded.raw:
        rid = record.data.get("id")
        if not isinstance(rid, str):
            continue
        if rid in first:
            message = f"{noun} {rid}: duplicate id (first defined at line {first[rid]})"
            problems.append(Problem(loaded.file, record.line_of("id"), message))
        else:
            first[rid] = record.line_of("id")
    return problems


def check_sources(sources: Loaded[Source]) -> list[Problem]:
    """Unknown or self-citing ``cites`` entries and citation cycles."""
    known, problems = _ids(sources.raw), duplicate_ids(sources, "source")
    graph: dict[str, list[str]] = {}
    for index, record in enumerate(sources.raw):
        name = label("source", record.data, index)
        for ref, line in _refs(record, "cites", many=True):
            if ref == record.data.get("id"):
                problems.append(Problem(sources.file, line, f"{name}: cites itself"))
            elif ref not in known:
                hint = _hint(ref, known)
                problems.append(
                    Problem(sources.file, line, f"{name}: cites unknown source '{ref}'{hint}")
                )
            elif isinstance(record.data.get("id"), str):
                graph.setdefault(record.data["id"], []).append(ref)
    lines = {r.data["id"]: r.line for r in sources.raw if _has_id(r)}
    for cycle in find_cycles(graph):
        chain = " -> ".join([*cycle, cycle[0]])
        problems.append(
            Problem(sources.file, lines[cycle[0]], f"source {cycle[0]}: cites cycle {chain}")
        )
    return problems


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each simple cycle of ``graph`` found by depth-first search, once, from its smallest id."""
    cycles: set[tuple[str, ...]] = set()

    def visit(node: str, path: list[str]) -> None:
        for nxt in graph.get(node, ()):
            if nxt in path:
                cycle = path[path.index(nxt) :]
                start = cycle.index(min(cycle))
                cycles.add(tuple(cycle[start:] + cycle[:start]))
            elif nxt > path[0]:
                visit(nxt, [*path, nxt])

    for node in sorted(graph):
        visit(node, [node])
    return [list(c) for c in sorted(cycles)]


def check_claims(
    claims: Loaded[Claim],
    sources: Loaded[Source],
    groups: Loaded[Group],
    place_ids: Collection[str] | None,
) -> list[Problem]:
    """Every id a claim refers to exists, and ``source_id`` names a document.

    ``place_ids`` is ``None`` when the gazetteer could not be read; places are then
    not checked (the gazetteer's own problems say why).
    """
    problems = duplicate_ids(claims, "claim")
    source_ids, group_ids = _ids(sources.raw), _ids(groups.raw)
    kinds = {r.data["id"]: r.data.get("kind") for r in sources.raw if _has_id(r)}
    for index, record in enumerate(claims.raw):
        name = label("claim", record.data, index)

        def add(line: int, message: str, name: str = name) -> None:
            problems.append(Problem(claims.file, line, f"{name}: {message}"))

        for ref, line in _refs(record, "source_id") if sources.readable else ():
            if ref not in source_ids:
                add(line, f"unknown source_id '{ref}'{_hint(ref, source_ids)}")
            elif kinds.get(ref) != "document":
                add(line, f"source_id '{ref}' is {_a(kinds.get(ref))}, not a document")
        for ref, line in _refs(record, "origin") if sources.readable else ():
            if ref not in source_ids:
                add(line, f"unknown origin '{ref}'{_hint(ref, source_ids)}")
        for ref, line in _refs(record, "group") if groups.readable else ():
            if ref not in group_ids:
                add(line, f"unknown group '{ref}'{_hint(ref, group_ids)}")
        if place_ids is not None:
            for ref, line in _refs(record, "places", many=True):
                if ref not in place_ids:
                    add(line, f"unknown place '{ref}'{_hint(ref, place_ids)}")
    return problems


def check_groups(groups: Loaded[Group], claims: Loaded[Claim]) -> list[Problem]:
    """Duplicate group ids and groups that no claim uses."""
    problems = duplicate_ids(groups, "group")
    if not claims.readable:
        return problems
    used = {r.data["group"] for r in claims.raw if isinstance(r.data.get("group"), str)}
    for record in groups.raw:
        rid = record.data.get("id")
        if isinstance(rid, str) and rid not in used:
            problems.append(
                Problem(groups.file, record.line, f"group {rid}: no claim uses this group")
            )
    return problems


def _outside_window(
    loaded: Loaded[Any], noun: str, fields: tuple[str, ...], window: tuple[dt.date, dt.date]
) -> list[Problem]:
    """Dates of ``fields`` outside ``window``, located on their own line."""
    low, high = window
    raw = {r.line: r for r in loaded.raw}
    problems = []
    for record in loaded.models:
        for field in fields:
            value = getattr(record, field)
            if value is not None and not low <= value <= high:
                line = raw[record.line].line_of(field)
                message = f"{noun} {record.id}: {field} {value} is outside {low} to {high}"
                problems.append(Problem(loaded.file, line, message))
    return problems


def check_dates(
    claims: Loaded[Claim],
    sources: Loaded[Source],
    window: tuple[dt.date, dt.date] = PLAUSIBLE_DATES,
) -> list[Problem]:
    """Dates outside the plausible window, and events that begin after their document."""
    problems = _outside_window(sources, "source", ("published", "published_end"), window)
    problems += _outside_window(claims, "claim", ("event_start", "event_end"), window)
    published = {s.id: s.published_end or s.published for s in sources.models}
    raw = {r.line: r for r in claims.raw}
    for claim in claims.models:
        date = published.get(claim.source_id)
        if date is not None and claim.event_start is not None and claim.event_start > date:
            message = (
                f"claim {claim.id}: event_start {claim.event_start} is after its document "
                f"{claim.source_id} was published ({date})"
            )
            problems.append(Problem(claims.file, raw[claim.line].line_of("event_start"), message))
    return problems


def cross_check(
    sources: Loaded[Source],
    claims: Loaded[Claim],
    groups: Loaded[Group],
    place_ids: Collection[str] | None,
) -> list[Problem]:
    """Every cross-file problem: references, duplicates, cycles, unused groups, dates."""
    return [
        *check_sources(sources),
        *check_claims(claims, sources, groups, place_ids),
        *check_groups(groups, claims),
        *check_dates(claims, sources),
    ]


_TYPOGRAPHIC = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")


def normalise_text(text: str) -> str:
    """Fold typographic quotes to plain ones and runs of whitespace to one space."""
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def quote_in_text(quote: str, text: str) -> bool:
    """Whether ``quote`` occurs verbatim in ``text``.

    Whitespace and typographic quote marks are not significant; an ellipsis
    (``...`` or ``…``) in the quote marks an omission, so its parts must occur
    in order.
    """
    return quote_in_normalised(quote, normalise_text(text))


def quote_in_normalised(quote: str, haystack: str) -> bool:
    """Whether ``quote`` occurs in ``haystack``, a text already passed through ``normalise_text``.

    For checking many quotes against one document: its text is normalised once.
    """
    position = 0
    for part in _ELLIPSIS.split(normalise_text(quote)):
        if not part:
            continue
        found = haystack.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def _read_seed(seeds: Path, name: str) -> tuple[str | None, str]:
    """Return the text of seed file ``name``, or None and why it cannot be read."""
    path = seeds / name
    if not path.is_file():
        return None, f"not found in {seeds}"
    try:
        return path.read_text(encoding="utf-8"), ""
    except UnicodeDecodeError as exc:
        return None, f"is not UTF-8 text ({exc.reason} at byte {exc.start})"
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"


def check_quotes(
    sources: Mapping[str, Source],
    claims: Iterable[Claim],
    seeds: Path,
    files: tuple[str, str] = ("sources.yaml", "claims.yaml"),
) -> tuple[list[Problem], int]:
    """Check each quote against its document's seed file in ``seeds``.

    Returns the problems (a missing seed file, a quote not found verbatim) and
    how many quotes were found. Documents without ``seed_file`` are skipped.
    """
    sources_file, claims_file = files
    texts: dict[str, str | None] = {}
    problems, found = [], 0
    for source in sources.values():
        if source.seed_file is None:
            continue
        text, trouble = _read_seed(seeds, source.seed_file)
        texts[source.id] = None if text is None else normalise_text(text)  # once per document
        if trouble:
            message = f"source {source.id}: seed_file '{source.seed_file}' {trouble}"
            problems.append(Problem(sources_file, source.line, message))
    for claim in claims:
        text = texts.get(claim.source_id)
        if text is None:
            continue
        if quote_in_normalised(claim.quote, text):
            found += 1
        else:
            seed = sources[claim.source_id].seed_file
            message = f"claim {claim.id}: quote not found verbatim in {seed}"
            problems.append(Problem(claims_file, claim.line, message))
    return problems, found


def check_references(
    dataset: Any, root: Path, seeds: Path | None
) -> tuple[list[Problem], int | None]:
    """Check the data against what lies outside it: countries and the seed articles.

    Every place must lie in its country (Natural Earth outlines, within the
    place's precision); every quote must be found verbatim in its document's
    seed article when ``seeds`` is given.

    Parameters
    ----------
    dataset : a loaded ``geo.dataset.Dataset``.
    root : its data directory (to name the files in problems).
    seeds : the seed articles' directory, or None.

    Returns
    -------
    (problems, quotes found)
        Problems sorted by file and line; quotes found is None without ``seeds``.
    """
    from geo import paths
    from geo.boundaries import place_country_problems
    from geo.problems import display_path

    problems = place_country_problems(
        dataset.places.values(), display_path(root / paths.GAZETTEER_FILE)
    )
    found = None
    if seeds is not None:
        files = (display_path(root / paths.SOURCES_FILE), display_path(root / paths.CLAIMS_FILE))
        quote_problems, found = check_quotes(dataset.sources, dataset.claims, seeds, files)
        problems += quote_problems
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.message)), found

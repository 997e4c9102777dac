"""The curated gazetteer: ``data/gazetteer.csv`` read, checked and served as places.

``load_gazetteer`` returns a read-only mapping ``id -> Place`` in file order, or
raises ``DataError`` listing every problem found, each with file and line.
``check_gazetteer`` returns the problems instead of raising.

The CSV has one place per row; ``aliases`` are separated by ``|``. Empty cells
mean "unknown". Checked beyond the model's own rules: the column set, numbers,
ISO 3166-1 country codes, ISO 3166-2 codes inside their country, unique ids,
IATA/ICAO codes and aliases (no two places may share a normalized alias),
``other_side`` links between border crossings (both ways), ``serves`` links.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from geo.bidi import unbalanced
from geo.normalize import normalize
from geo.paths import GAZETTEER_FILE, data_dir
from geo.problems import DataError, Problem, display_path
from geo.vocab import PLACE_KINDS

if TYPE_CHECKING:
    from geo.models import Place

#: The columns of data/gazetteer.csv, in order.
COLUMNS = (
    "id",
    "name",
    "kind",
    "country",
    "admin1",
    "lat",
    "lon",
    "precision_m",
    "aliases",
    "geonames_id",
    "wikidata_id",
    "iata",
    "icao",
    "other_side",
    "serves",
    "coord_source",
    "note",
)
#: Columns that must hold a value on every row.
REQUIRED = ("id", "name", "kind", "country", "lat", "lon", "precision_m", "coord_source")
ALIAS_SEPARATOR = "|"

_FLOATS = ("lat", "lon", "precision_m")
_RANGES = {"lat": (-90.0, 90.0), "lon": (-180.0, 180.0), "precision_m": (0.0, math.inf)}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_INTS = ("geonames_id",)
#: Codes and their shapes (the model's patterns, checked here with a readable message).
_CODES = {
    "admin1": (re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}"), "an ISO 3166-2 code like IQ-BA"),
    "wikidata_id": (re.compile(r"Q[0-9]+"), "a Wikidata id like Q1234"),
    "iata": (re.compile(r"[A-Z]{3}"), "three capital letters"),
    "icao": (re.compile(r"[A-Z]{4}"), "four capital letters"),
}
#: Characters no cell may hold: C0 controls but tab/newline/return, DEL, C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: ISO 3166-1 alpha-2 codes (officially assigned, plus XK for Kosovo).
ISO_COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW XK
    """.split()
)


class PlaceRow(NamedTuple):
    """A checked gazetteer row as plain values: what the geocoder needs, without pydantic.

    The fields are those of ``geo.models.Place``; every row that passes the
    gazetteer's checks also makes a valid Place (a test holds them to it).
    """

    id: str
    name: str
    kind: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    precision_m: float
    aliases: tuple[str, ...]
    geonames_id: int | None
    wikidata_id: str | None
    iata: str | None
    icao: str | None
    other_side: str | None
    serves: str | None
    coord_source: str
    note: str | None
    line: int | None = None


class Gazetteer(Mapping[str, "Place"]):
    """A read-only mapping ``id -> Place`` in file order.

    Parameters
    ----------
    places : the places, ids unique (``Place`` models, or ``PlaceRow`` tuples
        from :func:`load_place_rows`).
    path : the file they were read from, if any.
    """

    def __init__(self, places: Iterable[Any], path: Path | None = None):
        self._places: dict[str, Any] = {}
        for place in places:
            if place.id in self._places:
                raise ValueError(f"duplicate place id {place.id!r}")
            self._places[place.id] = place
        self.path = path

    def __getitem__(self, place_id: str) -> Place:
        return self._places[place_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._places

    def __repr__(self) -> str:
        return f"Gazetteer({len(self)} places from {self.path})"

    def places(self) -> tuple[Place, ...]:
        """Every place, in file order."""
        return tuple(self._places.values())

    def of_kind(self, kind: str) -> tuple[Place, ...]:
        """Return the places of one kind (e.g. ``"airport"``), in file order."""
        return tuple(p for p in self._places.values() if p.kind == kind)


def gazetteer_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the gazetteer file: ``path`` (a file, or a directory holding gazetteer.csv).

    Without ``path``, the data directory's gazetteer.csv (see ``geo.paths.data_dir``).
    """
    if path is None:
        return data_dir() / GAZETTEER_FILE
    path = Path(path)
    try:
        return path / GAZETTEER_FILE if path.is_dir() else path
    except OSError:  # a path the system refuses to look at: reading it will say why
        return path


def load_gazetteer(path: str | os.PathLike[str] | None = None) -> Gazetteer:
    """Read and check the gazetteer.

    Parameters
    ----------
    path : the CSV file, or a data directory; default: the data directory's file.

    Returns
    -------
    Gazetteer

    Raises
    ------
    DataError
        Listing every problem found (file, line, message).
    """
    file = gazetteer_path(path)
    places, problems = read_gazetteer(file)
    if problems:
        raise DataError(problems)
    return Gazetteer(places, path=file)


def load_place_rows(path: str | os.PathLike[str] | None = None) -> Gazetteer:
    """Read and check the gazetteer as :class:`PlaceRow` tuples (no pydantic: fast to start).

    The same checks and problems as :func:`load_gazetteer`.

    Raises
    ------
    DataError
        Listing every problem found (file, line, message).
    """
    file = gazetteer_path(path)
    rows, problems = read_place_rows(file)
    if problems:
        raise DataError(problems)
    return Gazetteer(rows, path=file)


def check_gazetteer(path: str | os.PathLike[str] | None = None) -> list[Problem]:
    """Every problem in the gazetteer file (empty when it is valid)."""
    _places, problems = read_gazetteer(gazetteer_path(path))
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


def read_gazetteer(path: Path) -> tuple[list[Place], list[Problem]]:
    """Parse the gazetteer file into places, collecting problems instead of raising.

    Parameters
    ----------
    path : the CSV file.

    Returns
    -------
    (places, problems)
        The places that passed their own row checks, and every problem found.
    """
    from geo.models import Place

    rows, problems = read_place_rows(path)
    return [Place(**row._asdict()) for row in rows], problems


def read_place_rows(path: Path) -> tuple[list[PlaceRow], list[Problem]]:
    """Parse the gazetteer file into checked rows (see :func:`read_gazetteer`)."""
    shown = display_path(path)
    text, trouble = _read_text(path, shown)
    if trouble is not None:
        return [], [trouble]
    records, problems = _records(text, shown)
    if not records:
        return [], problems or [Problem(shown, 1, "empty file: no header row")]
    (_, header), *body = records
    header_problems = _check_header(shown, header)
    if header_problems:
        return [], header_problems
    rows, first_line = [], {}
    id_column = header.index("id")
    for line, values in body:
        row_id = values[id_column].strip() if len(values) > id_column else ""
        if row_id in first_line:
            message = f"duplicate id '{row_id}' (first on line {first_line[row_id]})"
            problems.append(Problem(shown, line, message))
            continue
        if row_id:
            first_line[row_id] = line
        if len(values) != len(header):
            label = f"place '{row_id}': " if row_id else ""
            count = f"row has {len(values)} fields, header has {len(header)}"
            problems.append(Problem(shown, line, label + count))
            continue
        row, row_problems = _parse_row(dict(zip(header, values, strict=True)), line)
        problems.extend(Problem(shown, line, message) for message in row_problems)
        if row is not None:
            rows.append(row)
    problems.extend(_check_links(shown, rows, set(first_line)))
    return rows, problems


def _read_text(path: Path, shown: str) -> tuple[str, Problem | None]:
    """Return the file's text, or a problem saying why it cannot be read (with its line)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return "", Problem(shown, None, "file not found")
    except OSError as exc:
        return "", Problem(shown, None, f"cannot read: {exc.strerror or exc}")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return "", Problem(shown, line, f"not UTF-8 text ({exc.reason} at byte {exc.start})")


def _records(text: str, shown: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """Return (first line, fields) of each non-blank CSV record, up to a syntax error."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    end = 0
    try:
        for fields in reader:
            start, end = end + 1, reader.line_num
            if fields and any(f.strip() for f in fields):
                records.append((start, fields))
    except csv.Error as exc:
        return records, [Problem(shown, end + 1, f"CSV syntax error: {exc}")]
    return records, []


def _check_header(shown: str, header: list[str]) -> list[Problem]:
    names = [h.strip() for h in header]
    problems = []
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        problems.append(Problem(shown, 1, f"missing column(s): {', '.join(missing)}"))
    unknown = [c for c in names if c not in COLUMNS]
    if unknown:
        problems.append(Problem(shown, 1, f"unknown column(s): {', '.join(unknown)}"))
    repeated = sorted({c for c in names if names.count(c) > 1})
    if repeated:
        problems.append(Problem(shown, 1, f"repeated column(s): {', '.join(repeated)}"))
    header[:] = names
    return problems


def _parse_row(record: dict[str, str], line: int) -> tuple[PlaceRow | None, list[str]]:
    """Turn one CSV record into a checked row, or say precisely why it cannot be one."""
    values: dict[str, Any] = {
        key: value.strip() for key, value in record.items() if value.strip() != ""
    }
    label = f"place '{values['id']}'" if "id" in values else "place without id"
    problems = [f"{label}: {col} is empty" for col in REQUIRED if col not in values]
    for col in COLUMNS:
        found = _CONTROL.search(values.get(col, ""))
        if found:
            problems.append(f"{label}: {col} holds the control character {_codepoint(found)}")
        why = unbalanced(values.get(col, ""))
        if why is not None:
            problems.append(f"{label}: {col} holds {why}; close it or remove it")
    if "id" in values and not _SLUG.fullmatch(values["id"]):
        problems.append(
            f"{label}: id is not a slug (lower-case letters and digits joined by single hyphens)"
        )
    problems += _parse_numbers(values, record, label)
    problems += _check_kind_and_codes(values, label)
    if "aliases" in values:
        aliases = values["aliases"].split(ALIAS_SEPARATOR)
        for position, alias in enumerate(aliases, start=1):
            if not alias.strip():
                problems.append(f"{label}: alias {position} of {len(aliases)} is empty")
        values["aliases"] = tuple(a.strip() for a in aliases if a.strip())
    if problems:
        return None, problems
    fields = {col: values.get(col) for col in COLUMNS}
    fields["aliases"] = values.get("aliases", ())
    return PlaceRow(**fields, line=line), []


def _codepoint(found: re.Match[str]) -> str:
    return f"U+{ord(found.group()):04X}"


def _parse_numbers(values: dict[str, Any], record: dict[str, str], label: str) -> list[str]:
    """Turn the number columns of ``values`` into numbers in place; the problems found."""
    problems = []
    for col in _FLOATS:
        if col in values:
            number = _number(values[col], float)
            if number is None:
                problems.append(f"{label}: {col} is not a number: {values[col]!r}")
                continue
            values[col] = number
            low, high = _RANGES[col]
            if not low <= number <= high or (col == "precision_m" and number == 0):
                bounds = "above 0" if col == "precision_m" else f"between {low:g} and {high:g}"
                problems.append(f"{label}: {col} {record[col].strip()} is not {bounds}")
    for col in _INTS:
        if col in values:
            number = _number(values[col], int)
            if number is None:
                problems.append(f"{label}: {col} is not a whole number: {values[col]!r}")
            else:
                values[col] = number
    return problems


def _check_kind_and_codes(values: dict[str, Any], label: str) -> list[str]:
    """Check the kind, the country, the codes, and which kinds may carry which columns."""
    problems = []
    kind, country, admin1 = values.get("kind"), values.get("country"), values.get("admin1")
    if kind is not None and kind not in PLACE_KINDS:
        problems.append(f"{label}: kind {kind!r} is not one of {', '.join(PLACE_KINDS)}")
    if country is not None and country not in ISO_COUNTRIES:
        problems.append(f"{label}: unknown country code {country!r} (ISO 3166-1 alpha-2)")
    if admin1 is not None and country is not None and not admin1.startswith(f"{country}-"):
        problems.append(f"{label}: admin1 {admin1!r} is not a subdivision of {country}")
    for col, (pattern, shape) in _CODES.items():
        if col in values and not pattern.fullmatch(values[col]):
            problems.append(f"{label}: {col} {values[col]!r} is not {shape}")
    if kind == "airport" and "iata" not in values:
        problems.append(f"{label}: an airport needs its iata code")
    if kind is not None and kind != "airport":
        for col in ("iata", "icao"):
            if col in values:
                problems.append(f"{label}: {col} is only for airports (kind is {kind})")
    if "other_side" in values and kind is not None and kind != "border_crossing":
        problems.append(f"{label}: other_side is only for border crossings (kind is {kind})")
    return problems


def _number(text: str, kind: type) -> float | int | None:
    try:
        value = kind(text)
    except ValueError:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _check_links(shown: str, places: list[PlaceRow], all_ids: set[str]) -> list[Problem]:
    """Check across rows: codes and aliases unique, other_side and serves links.

    Links to rows that exist but failed their own checks are not reported again.
    """
    problems: list[Problem] = []
    by_id = {p.id: p for p in places}

    def report(place: PlaceRow, message: str) -> None:
        problems.append(Problem(shown, place.line, f"place '{place.id}': {message}"))

    codes: dict[tuple[str, str], PlaceRow] = {}
    names: dict[str, PlaceRow] = {}
    for place in places:
        for col in ("iata", "icao"):
            code = getattr(place, col)
            if code is None:
                continue
            if (col, code) in codes:
                other = codes[(col, code)]
                report(place, f"{col} {code!r} is also used by '{other.id}' (line {other.line})")
            else:
                codes[(col, code)] = place
        for alias in (place.name, *place.aliases):
            key = normalize(alias)
            if not key:
                report(place, f"alias {alias!r} has no letters or digits to match on")
                continue
            owner = names.setdefault(key, place)
            if owner.id != place.id:
                report(
                    place,
                    f"alias {alias!r} also names '{owner.id}' (line {owner.line}); "
                    "aliases must tell places apart",
                )
        if place.other_side is not None:
            other = by_id.get(place.other_side)
            if other is None:
                if place.other_side not in all_ids:
                    report(place, f"other_side {place.other_side!r} is not a place id")
            elif other.id == place.id:
                report(place, "other_side points to the place itself")
            elif other.other_side != place.id:
                back = other.other_side or "empty"
                report(
                    place, f"other_side '{other.id}' does not point back (its other_side is {back})"
                )
            elif other.country == place.country:
                report(place, f"other_side '{other.id}' is in the same country ({place.country})")
        if place.serves is not None and place.serves not in all_ids:
            report(place, f"serves {place.serves!r} is not a place id")
    return problems

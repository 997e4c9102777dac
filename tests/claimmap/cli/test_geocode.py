"""``claimmap geocode``: every required place by name, variant, script and typo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimmap import cli
from claimmap.cli.geocode import KINDS
from geo.models import PLACE_KINDS
from tests.paths import ROOT  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "gazetteer"


def claimmap_command() -> list[str]:
    """The installed console script, else cli.py run by this interpreter."""
    script = Path(sys.executable).with_name("claimmap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "claimmap"]


def run_claimmap(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CLAIMMAP_DATA"}
    return subprocess.run(
        [*claimmap_command(), *args], capture_output=True, text=True, env=env, cwd=ROOT
    )


def geocode_ids(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    """Run ``claimmap geocode ARGS --json`` in this process; (status, ids, stderr)."""
    status = cli.main(["geocode", *args, "--json"])
    out, err = capsys.readouterr()
    return status, [c["id"] for c in json.loads(out)] if out else [], err


# Every required place: English name, usual transliteration variants, Arabic and
# Persian script, and a one-letter typo.
REQUIRED = {
    "ahvaz": ["Ahvaz", "Ahwaz", "Al-Ahwaz", "الأهواز", "اهواز", "Ahvax"],
    "najaf": ["Najaf", "An-Najaf", "Al Najaf", "النجف", "نجف", "Nahaf"],
    "mashhad": ["Mashhad", "Mashad", "Meshed", "مشهد", "Masshad", "Mashhaf"],
    "tehran": ["Tehran", "Teheran", "تهران", "طهران", "Tehrna"],
    "qom": ["Qom", "Qum", "Ghom", "قم", "Qon"],
    "kermanshah": ["Kermanshah", "Kermashan", "Kirmanshah", "کرمانشاه", "كرمانشاه", "Kermanshsh"],
    "ilam": ["Ilam", "Īlām", "ایلام", "إيلام", "Ilsm"],
    "basra": ["Basra", "Basrah", "Bassora", "Al-Basrah", "البصرة", "بصره", "Basrw"],
    "baghdad": ["Baghdad", "Bagdad", "بغداد", "Baghdsd"],
    "qasr-e-shirin": [
        "Qasr-e Shirin", "Qasr-i Shirin", "Qasre Shirin", "قصر شیرین", "Qasr-e Shirim",
    ],
    "khanaqin": ["Khanaqin", "Khaneqin", "خانقين", "Khanaqim"],
    "khorramshahr": ["Khorramshahr", "Khoramshahr", "خرمشهر", "المحمرة", "Khorramshahe"],
    "mehran": ["Mehran", "Mehrān", "Mihran", "مهران", "Mehrab"],
    "bostan": ["Bostan", "Bustan", "بستان", "Bistan"],
    "shalamcheh-crossing": [
        "Shalamcheh", "Shalamche", "Shalamja", "شلمچه", "الشلامجة", "Shalamcheg",
    ],
    "khosravi-crossing": ["Khosravi", "Khosrawi", "Khusravi", "خسروی", "منفذ خسروي", "Khosravu"],
    "mehran-crossing": ["Mehran crossing", "Mehran border crossing", "مرز مهران", "Mehran crosing"],
    "chazabeh-crossing": ["Chazabeh", "Chazzabeh", "چذابه", "Chazabrh"],
    "shalamcheh-post-iq": ["Shalamcheh post", "منفذ الشلامجة", "Shalamcheh poat"],
    "mundhiriya-post": ["Mundhiriya", "Al-Mundhiriyah", "المنذرية", "Mundhiriua"],
    "zurbatiyah-post": ["Zurbatiyah", "Zurbatiya", "زرباطية", "Zurbatoyah"],
    "sheeb-post": ["Sheeb", "Al-Shib", "الشيب", "منفذ الشيب", "Sheeb poat"],
    "najaf-airport": ["NJF", "ORNI", "Najaf International Airport", "مطار النجف الدولي"],
    "tehran-ika-airport": ["IKA", "OIIE", "Imam Khomeini Airport", "فرودگاه امام خمینی"],
    "tehran-mehrabad-airport": ["THR", "OIII", "Mehrabad Airport", "فرودگاه مهرآباد"],
    "mashhad-airport": ["MHD", "OIMM", "Mashhad Airport", "فرودگاه مشهد"],
    "kermanshah-airport": ["KSH", "OICC", "Kermanshah Airport", "فرودگاه کرمانشاه"],
    "ilam-airport": ["IIL", "OICI", "Ilam Airport", "فرودگاه ایلام"],
    "ahvaz-airport": ["AWZ", "OIAW", "Ahwaz Airport", "فرودگاه اهواز", "مطار الأهواز"],
    "basra-airport": ["BSR", "ORMM", "Basrah International Airport", "مطار البصرة الدولي"],
    "baghdad-airport": ["BGW", "ORBI", "Baghdad International Airport", "مطار بغداد الدولي"],
    "diyala-province": ["Diyala", "Diyala Governorate", "ديالى", "محافظة ديالى", "Diyals"],
    "maysan-province": ["Maysan", "Misan", "ميسان", "Maysam"],
    "basra-province": ["Basra Governorate", "Basrah Province", "محافظة البصرة"],
    "wasit-province": ["Wasit", "Wassit", "واسط", "Wasot"],
    "najaf-province": ["Najaf Governorate", "Najaf Province", "محافظة النجف"],
    "khuzestan-province": ["Khuzestan", "Khuzistan", "خوزستان", "Khuzestam"],
    "ilam-province": ["Ilam Province", "استان ایلام"],
    "kermanshah-province": ["Kermanshah Province", "استان کرمانشاه"],
    "razavi-khorasan-province": [
        "Razavi Khorasan", "Khorasan-e Razavi", "خراسان رضوی", "Razavi Khorasam",
    ],
    "tehran-province": ["Tehran Province", "Ostan-e Tehran", "استان تهران"],
    "qom-province": ["Qom Province", "استان قم"],
    "iran": ["Iran", "Persia", "ایران", "إيران", "Irab"],
    "iraq": ["Iraq", "Irak", "العراق", "Iraqq"],
    "lebanon": ["Lebanon", "Lubnan", "لبنان", "Lebamon"],
}  # fmt: skip

CASES = [(place_id, name) for place_id, names in REQUIRED.items() for name in names]


def test_kinds_match_the_model() -> None:
    assert KINDS == PLACE_KINDS


@pytest.mark.parametrize(("place_id", "name"), CASES)
def test_required_place_resolves_first(
    capsys: pytest.CaptureFixture[str], place_id: str, name: str
) -> None:
    status, ids, err = geocode_ids(capsys, name)
    assert (status, err) == (0, "")
    assert ids[0] == place_id


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["Mehran"], ["mehran", "mehran-crossing"]),
        (["Mehran", "--kind", "border_crossing"], ["mehran-crossing"]),
        (["Basra", "--country", "IQ", "--kind", "province"], ["basra-province"]),
        (["Najaf", "--kind", "airport"], ["najaf-airport"]),
    ],
)
def test_hints_and_ambiguity(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: list[str]
) -> None:
    assert geocode_ids(capsys, *args)[:2] == (0, expected)


def test_text_output_lists_candidates_best_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["geocode", "Basra"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert err == ""
    assert [line.split()[1] for line in lines] == ["basra", "basra-airport", "basra-province"]
    assert lines[0].startswith("1.00  basra  city  Basra  IQ  30.50852,47.78040  ±10 km")


def test_json_output_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["geocode", "Kut", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert isinstance(records, list) and records
    needed = {"id", "name", "kind", "lat", "lon", "score", "matched", "stage", "curated"}
    assert all(needed | {"country", "precision_m"} <= set(r) for r in records)
    assert (records[0]["name"], records[0]["curated"], records[0]["stage"]) == (
        "Al-Kut",
        False,
        "fallback",
    )


@pytest.mark.parametrize("name", ["Xqzvbnm", "Atlantis Prime"])
def test_no_match_subprocess(name: str) -> None:
    for extra in ([], ["--json"]):
        result = run_claimmap("geocode", name, *extra)
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr == f"claimmap geocode: no place matches {name!r}\n"


def test_match_subprocess_json() -> None:
    result = run_claimmap("geocode", "الشلامجة", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    records = json.loads(result.stdout)
    assert [r["id"] for r in records] == ["shalamcheh-crossing", "shalamcheh-post-iq"]
    assert records[0]["matched"] == "الشلامجة"


def test_no_match_with_hints_names_them(capsys: pytest.CaptureFixture[str]) -> None:
    # GeoNames knows a village called Najaf in Iran, but no airport of that name
    assert cli.main(["geocode", "Najaf", "--country", "ir", "--kind", "airport"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "claimmap geocode: no place matches 'Najaf' with kind airport with country IR\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["geocode", "Najaf", "--kind", "town"], "argument --kind: invalid choice: 'town'"),
        (["geocode", "Najaf", "--country", "Iraq"], "not an ISO 3166-1 alpha-2 country code"),
        (["geocode", "Najaf", "--country", "XX"], "not an ISO 3166-1 alpha-2 country code: 'XX'"),
        (["geocode"], "the following arguments are required: NAME"),
    ],
)
def test_bad_arguments_exit_2(args: list[str], message: str) -> None:
    result = run_claimmap(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_bad_gazetteer_exit_2_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "gazetteer.csv").write_bytes((FIXTURES / "duplicate-id.csv").read_bytes())
    result = run_claimmap("--data", str(tmp_path), "geocode", "Najaf")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("claimmap geocode: ")
    assert "gazetteer.csv:7: duplicate id 'najaf' (first on line 5)" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_explains_matching() -> None:
    result = run_claimmap("geocode", "--help")
    assert result.returncode == 0
    for words in ("--kind", "--country", "--json", "transliteration", "examples:"):
        assert words in result.stdout


def test_data_option_names_a_directory_not_a_gazetteer_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--data FILE`` is a bad directory: the file is not read as a gazetteer."""
    wrong = tmp_path / "gazetteer.csv"
    wrong.write_bytes((ROOT / "data" / "gazetteer.csv").read_bytes())
    assert cli.main(["--data", str(wrong), "geocode", "Najaf"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("claimmap geocode: ") and len(err.splitlines()) == 1

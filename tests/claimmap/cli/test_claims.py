"""``claimmap claims`` and ``claimmap conflicts``: output, filters, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimmap.cli import main
from tests.geo.test_dataset import EXPECTED, VALID, make_data_dir

DATA = ["--data", str(VALID)]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main([*DATA, *args])
    except SystemExit as exc:  # argparse errors
        status = int(exc.code)
    out, err = capsys.readouterr()
    return status, out, err


def test_claims_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "claims")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [
        "id",
        "dates",
        "type",
        "outlet",
        "group",
        "indep",
        "conflicts",
        "grade",
    ]
    assert lines[1].split() == [
        "tml-buses", "2026-01-04", "to", "2026-01-11", "(range)", "crossing",
        "The", "Media", "Line", "shalamcheh-buses", "1", "yes", "C3",
    ]  # fmt: skip
    assert lines[3].split()[:5] == ["noonpost-fighters", "no", "event", "date", "reported"]
    assert lines[-1] == "6 of 6 claims"


def test_claims_json_is_claim_properties(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "claims", "--json")
    rows = json.loads(out)
    assert status == 0 and len(rows) == 6
    assert rows[4]["claim_id"] == "tml-qaani" and rows[4]["independent_sources"] == 2
    assert {"claim_id", "place_ids", "grade", "conflicts", "quantities"} <= set(rows[0])
    assert {"published", "published_end", "window_match"} <= set(rows[0])
    assert {r["window_match"] for r in rows} == {"certain"}  # no window: everything in it


def test_claims_json_says_how_the_window_holds_each_claim(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "claims", "--json", "--start", "2026-01-07", "--end", "2026-01-07")
    matches = {r["claim_id"]: r["window_match"] for r in json.loads(out)}
    assert status == 0
    assert matches["tml-qaani"] == "certain"  # dated Jan 7
    assert matches["noonpost-qaani"] == "possible"  # Jan 6-8: maybe on the 7th
    assert matches["noonpost-fighters"] == "possible"  # undated, document undated


def test_as_of_must_be_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "claims", "--as-of", "yesterday")
    assert status == 2 and "not a valid date" in err


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        # noonpost-fighters is undated in an undated document: it may lie in any window
        (["--start", "2026-01-12"], ["noonpost-fighters", "amargi-fighters"]),
        (["--as-of", "2026-01-12"], ["tml-buses", "tml-qaani"]),
        (["--end", "2026-01-06", "--type", "meeting"], ["noonpost-qaani"]),
        (
            ["--type", "meeting", "--type", "deployment"],
            ["noonpost-fighters", "tml-qaani", "noonpost-qaani"],
        ),
        (["--actor", "asaib ahl al-haq"], ["amargi-fighters"]),
        (["--actor", "Asa'ib Ahl al Haq"], ["amargi-fighters"]),
        (["--actor", "asaib"], []),  # a part of a name is not the name
        (["--start", "2027-01-01", "--type", "crossing"], []),
    ],
)
def test_claims_filters(
    capsys: pytest.CaptureFixture[str], args: list[str], ids: list[str]
) -> None:
    status, out, _ = run(capsys, "claims", "--json", *args)
    assert status == 0
    assert [r["claim_id"] for r in json.loads(out)] == ids


def test_claims_with_no_match(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "claims", "--actor", "nobody") == (
        0,
        "0 of 6 claims match\n",
        "claimmap claims: no actor is named 'nobody'\n",
    )


def test_a_part_of_an_actor_name_gets_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "claims", "--actor", "kataib")
    assert (status, out) == (0, "0 of 6 claims match\n")
    assert err == "claimmap claims: no actor is named 'kataib'; did you mean 'Kataib Hezbollah'?\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--start", "2026-02-30"],
            "argument --start: not a valid date (YYYY-MM-DD): '2026-02-30'",
        ),
        (["--end", "Jan 7"], "argument --end: not a valid date (YYYY-MM-DD): 'Jan 7'"),
        (
            ["--start", "2026-01-09", "--end", "2026-01-08"],
            "--end 2026-01-08 is before --start 2026-01-09",
        ),
        (["--type", "convoy"], "unknown type 'convoy' (choose from recruitment, crossing,"),
    ],
)
def test_claims_bad_arguments(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, out, err = run(capsys, "claims", *args)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and message in err


def test_conflicts_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "conflicts")
    assert (status, err) == (0, "")
    blocks = out.strip().split("\n\n")
    assert len(blocks) == 3
    assert blocks[1].splitlines() == [
        "Number of Iraqi fighters sent to Iran [fighters-total]: figure 'fighters' "
        "(do not all overlap)",
        "  roughly 800 Iraqi fighters  Noonpost (origin: Iran International; "
        "claim noonpost-fighters)",
        "  2,000                       The Amargi (origin: The Amargi; claim amargi-fighters)",
    ]
    assert "relaying The Media Line; claim khamenei-buses" in blocks[0]
    assert blocks[2].startswith(
        "Quds Force commander's visit to Iraq [qaani-visit]: event date (overlap)"
    )


def test_conflicts_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "conflicts", "--json")
    rows = json.loads(out)
    assert status == 0
    assert [(r["kind"], r["what"], len(r["entries"])) for r in rows] == [
        ("quantity", "buses", 2),
        ("quantity", "fighters", 2),
        ("date", "event_date", 2),
    ]


def test_no_conflicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = make_data_dir(tmp_path)
    claims = (data / "claims.yaml").read_text(encoding="utf-8")
    claims = (
        claims.replace("qualifier: nearly", "qualifier: more_than")
        .replace("value: 2000", "value: 800")
        .replace("qualifier: exact\n      value: 800", "qualifier: about\n      value: 800")
    )
    claims = claims.replace("event_start: 2026-01-06\n  event_end: 2026-01-08",
                            "event_start: 2026-01-07\n  event_end: 2026-01-07")  # fmt: skip
    (data / "claims.yaml").write_text(claims, encoding="utf-8")
    assert main(["--data", str(data), "conflicts"]) == 0
    assert capsys.readouterr().out == "No conflicting figures or dates.\n"


@pytest.mark.parametrize("command", ["claims", "conflicts"])
def test_data_errors_are_one_line_each_without_traceback(tmp_path: Path, command: str) -> None:
    make_data_dir(tmp_path, "cites-cycle", "bad-qualifier")
    result = subprocess.run(
        [sys.executable, "-m", "claimmap", "--data", ".", command],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == EXPECTED["bad-qualifier"] + EXPECTED["cites-cycle"]


def test_claims_and_export_parse_dates_alike(capsys: pytest.CaptureFixture[str]) -> None:
    """One shared date option: spaces around a date are ignored by every command."""
    assert run(capsys, "claims", "--start", " 2026-01-12 ", "--json")[0] == 0

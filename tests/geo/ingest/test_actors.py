from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from geo.ingest.actors import ActorFinder, load_actors, read_actors
from geo.ingest.tokens import KeyText, words
from geo.paths import PACKAGE_DATA_DIR
from geo.problems import DataError


def find(text: str) -> list[tuple[str, str]]:
    finder = ActorFinder(load_actors())
    found = words(text)
    return [(m.text, m.actor.id) for m in finder.find(text, found, KeyText(w.key for w in found))]


def test_bundled_actors_load() -> None:
    actors = load_actors()
    assert len({a.id for a in actors}) == len(actors) > 20


def test_every_actor_name_in_claims_is_an_actor_name() -> None:
    claims = yaml.safe_load((PACKAGE_DATA_DIR / "claims.yaml").read_text(encoding="utf-8"))
    used = {name for claim in claims for name in claim.get("actors") or ()}
    assert used <= {a.name for a in load_actors()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "recruited by the Iraqi Hezbollah group for $600",
            ("Iraqi Hezbollah group", "kataib-hezbollah"),
        ),
        ("مقاتلون من كتائب حزب الله في البصرة", ("كتائب حزب الله", "kataib-hezbollah")),
        ("members of Kataib Hezbollah in Iraq", ("Kataib Hezbollah", "kataib-hezbollah")),
        (
            "Harakat Hezbollah al-Nujaba fighters",
            ("Harakat Hezbollah al-Nujaba", "harakat-al-nujaba"),
        ),
        ("Liwa Sayyid al-Shuhada and Badr", ("Liwa Sayyid al-Shuhada", "kataib-sayyid-al-shuhada")),
        ("the Iranian Revolutionary Guard Corps", ("Iranian Revolutionary Guard Corps", "irgc")),
        ("نیروهای سپاه پاسداران و بسیج", ("سپاه پاسداران", "irgc")),
        ("flown by Mahan Air to Tehran", ("Mahan Air", "mahan-air")),
        (
            "known as Hashd al-Shaabi, have entered",
            ("Hashd al-Shaabi", "popular-mobilization-forces"),
        ),
    ],
)
def test_aliases_in_every_script(text: str, expected: tuple[str, str]) -> None:
    assert find(text)[0] == expected


def test_acronyms_need_capitals_and_names_need_a_capital() -> None:
    assert find("the pmf and the PMF") == [("PMF", "popular-mobilization-forces")]
    assert find("a badr of light") == []


def test_bad_file_reports_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "actors.yaml"
    bad.write_text(
        "- id: one\n  name: One\n  kind: armed_group\n  aliases: [Same]\n"
        "- id: two\n  name: Two\n  kind: militia\n"
        "- id: three\n  name: Three\n  kind: outlet\n  aliases: [same]\n",
        encoding="utf-8",
    )
    _actors, problems = read_actors(bad)
    messages = sorted(str(p).split("actors.yaml")[1] for p in problems)
    assert messages[0].startswith(":7: actor two: kind 'militia' is not one of")
    assert messages[1] == (
        ":8: actor three: alias 'same' also names 'one' (line 1); aliases must tell actors apart"
    )
    with pytest.raises(DataError):
        load_actors(bad)


def test_check_reports_a_bad_actors_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimmap import cli

    for name in ("gazetteer.csv", "sources.yaml", "claims.yaml", "groups.yaml"):
        (tmp_path / name).write_bytes((PACKAGE_DATA_DIR / name).read_bytes())
    (tmp_path / "actors.yaml").write_text("- id: x\n  name: X\n  kind: outlet\n  oops: 1\n")
    assert cli.main(["--data", str(tmp_path), "check"]) == 2
    err = capsys.readouterr().err
    assert "actors.yaml:4: actor x: unknown field 'oops'" in err

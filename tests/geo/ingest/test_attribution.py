from __future__ import annotations

from geo.ingest.attribution import find_attributions


def attributions(text: str, outlets=()) -> list[tuple]:
    found, _names = find_attributions(text, list(outlets))
    return [(a.claimant, a.outlet, a.cue) for a in found]


def test_told_an_outlet() -> None:
    text = (
        "Mehdi Reza, an Iranian opposition figure, told The Media Line that militias are involved."
    )
    outlets = [(text.index("The Media Line"), text.index("The Media Line") + 14, "The Media Line")]
    found = attributions(text, outlets)
    assert ("Mehdi Reza, an Iranian opposition figure", "The Media Line", "told") in found


def test_according_to_and_report_by() -> None:
    text = (
        "According to a report by Iran International, fighters entered. "
        "A report by Fox News confirmed it."
    )
    outlets = [
        (
            text.index("Iran International"),
            text.index("Iran International") + 18,
            "Iran International",
        ),
        (text.index("Fox News"), text.index("Fox News") + 8, "Fox News"),
    ]
    found = attributions(text, outlets)
    assert (None, "Iran International", "according to") in found
    assert (None, "Fox News", "a report by") in found


def test_pronoun_takes_the_last_named_claimant() -> None:
    text = "Ali D. said he saw the buses. “I was on duty,” he added."
    found, names = find_attributions(text, [])
    assert found[-1].claimant == "Ali D." and found[-1].resolved_from == "he"
    assert (0, 6) in names


def test_described_sources() -> None:
    assert ("One source", None, "said") in attributions("One source said the number was 2,000.")
    assert ("airport data", None, "according to") in attributions(
        "According to airport data, flights reached 13."
    )

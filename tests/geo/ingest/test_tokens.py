from __future__ import annotations

from geo.ingest.tokens import KeyText, Matcher, sentences, words


def test_words_keep_offsets_and_fold_scripts() -> None:
    text = "Iran's Al-Basrah, النَّجَف and والنجف; Ma'arra"
    found = words(text)
    assert [text[w.start : w.end] for w in found] == [
        "Iran", "s", "Al", "Basrah", "النَّجَف", "and", "والنجف", "Ma'arra",
    ]  # fmt: skip
    assert found[4].key == found[6].key  # harakat dropped, proclitic wa- + article dropped
    assert found[7].key == "maarra"


def test_matcher_finds_whole_words_only() -> None:
    text = "Iranian officials in Iran and Tehran-based"
    found = words(text)
    matcher = Matcher([(("iran",), "iran"), (("tehran",), "tehran")])
    hits = [
        (found[a].start, found[b].end, v) for a, b, v in matcher.find(KeyText(w.key for w in found))
    ]
    assert [(text[s:e], v) for s, e, v in hits] == [("Iran", ("iran",)), ("Tehran", ("tehran",))]


def test_sentences_skip_abbreviations_and_initials() -> None:
    text = "He left on Tuesday, Jan. 6, and went. Ali D. said so.\nNext line"
    assert [text[s:e] for s, e in sentences(text)] == [
        "He left on Tuesday, Jan. 6, and went.",
        "Ali D. said so.",
        "Next line",
    ]

"""geo.markdown: data text shown as written in Streamlit's Markdown."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimmap.dashboard.markdown import escape_markdown

MARKUP = "\\`*_{}[]()<>#+-.!|~:$&\"'=^%@/,;?"


def unescaped(markdown: str) -> list[str]:
    """Punctuation in Markdown source that no backslash escapes."""
    found, i = [], 0
    while i < len(markdown):
        if markdown[i] == "\\":
            i += 2
            continue
        if markdown[i] in MARKUP:
            found.append(markdown[i])
        i += 1
    return found


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "**bold** _it_ `code` ~~gone~~",
        ":red[red] :material/home: $x^2$ :smile:",
        "# heading\n1. list\n> quote",
        "a\\*b",
    ],
)
def test_markup_is_escaped(text):
    out = escape_markdown(text)
    assert unescaped(out) == []
    assert re.sub(r"\\(.)", r"\1", out) == " ".join(text.split())


@given(st.text())
def test_any_text_reads_back_as_written(text):
    from geo.bidi import isolate

    out = escape_markdown(text)
    assert unescaped(out) == []
    # as written; text holding bidirectional controls inside an isolate (issue 14)
    assert re.sub(r"\\(.)", r"\1", out) == isolate(" ".join(text.split()))


def test_an_unclosed_override_is_isolated():
    out = escape_markdown("Evil \u202eoutlet")
    assert out == "\u2068Evil \u202eoutlet\u202c\u2069"
    assert escape_markdown("Najaf") == "Najaf"


def test_non_strings_and_other_scripts():
    assert escape_markdown(12.5) == "12\\.5"
    assert escape_markdown("شلمچه  مرز") == "شلمچه مرز"

"""geo.bidi: explicit bidirectional controls found, and isolated (issue 14)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.bidi import has_controls, isolate, unbalanced

RLO, PDF, RLI, PDI, FSI = "\u202e", "\u202c", "\u2067", "\u2069", "\u2068"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Basra", None),
        (f"a{RLO}b{PDF}c", None),
        (f"{RLI}منفذ{PDI}", None),
        (f"{RLI}a{RLO}b{PDI}", None),  # a PDI closes the embeddings opened inside its isolate
        (f"a{RLO}b", "an unclosed right-to-left override (U+202E)"),
        (f"{FSI}a", "an unclosed first-strong isolate (U+2068)"),
        (f"a{PDF}b", "a pop directional formatting (U+202C) with nothing to close"),
        (f"{RLO}a{PDI}", "an unclosed right-to-left override (U+202E)"),  # PDI cannot close it
    ],
)
def test_unbalanced(text: str, why: str | None) -> None:
    assert unbalanced(text) == why


BIDI_TEXT = st.text(
    alphabet=st.sampled_from(list("ab \u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
)


@given(BIDI_TEXT)
def test_an_isolate_keeps_the_text_and_leaves_nothing_open(text: str) -> None:
    from geo.bidi import _open_after

    out = isolate(text)
    assert text in out
    assert out == text if not has_controls(text) else out.startswith(FSI) and out.endswith(PDI)
    stack, strays = _open_after(out)
    assert stack == [] and PDI not in strays  # nothing open, and the isolate closes last

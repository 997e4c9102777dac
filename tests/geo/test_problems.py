from __future__ import annotations

import pytest

from geo.problems import Problem


@pytest.mark.parametrize(
    "char", ["\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
)
def test_a_problem_is_one_line_whatever_it_quotes(char: str) -> None:
    text = str(Problem("gazetteer.csv", 1, f"unknown column(s): a{char}b"))
    assert text.splitlines() == [text]
    assert text.startswith("gazetteer.csv:1: unknown column(s): a\\") and text.endswith("b")

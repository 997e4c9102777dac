from __future__ import annotations

from pathlib import Path

import pytest

from geo.yamlio import read_records, repeated_keys

TEXT = """\
# a comment
- id: first
  when: 2026-02-30
  quantities:
    - what: buses
      value: 60

- id: second
  places: [a, b]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "records.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_records_keep_their_lines_and_dates_stay_strings(tmp_path: Path) -> None:
    records, problems = read_records(write(tmp_path, TEXT), "records.yaml")
    assert problems == []
    assert [r.line for r in records] == [2, 8]
    assert records[0].data["when"] == "2026-02-30"
    assert records[0].data["quantities"] == [{"what": "buses", "value": 60}]


def test_line_of_nested_keys_and_items(tmp_path: Path) -> None:
    first, second = read_records(write(tmp_path, TEXT))[0]
    assert first.line_of("when") == 3
    assert first.line_of("quantities", 0) == 5
    assert first.line_of("quantities", 0, "value") == 6
    assert second.line_of("places", 1) == 9
    # An unknown key or index falls back to the closest parent.
    assert first.line_of("missing") == 2
    assert first.line_of("quantities", 7, "value") == 4


def test_syntax_error_is_a_problem_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "- id: a\n  title: one\n- id: b\n  title: two: three\n")
    records, problems = read_records(path, "f.yaml")
    assert records == []
    assert [str(p) for p in problems] == [
        "f.yaml:4: YAML syntax error: mapping values are not allowed here"
    ]


def test_unclosed_quote(tmp_path: Path) -> None:
    _, problems = read_records(write(tmp_path, '- id: a\n  title: "open\n- id: b\n'), "f.yaml")
    assert len(problems) == 1
    assert problems[0].message.startswith("YAML syntax error: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: a\n", "f.yaml:1: expected a list of records ('- id: ...'), found a mapping"),
        (
            "just words\n",
            "f.yaml:1: expected a list of records ('- id: ...'), found a single value",
        ),
        ("- id: a\n- plain\n", "f.yaml:2: list item is not a mapping of fields"),
    ],
)
def test_wrong_shapes(tmp_path: Path, text: str, expected: str) -> None:
    _, problems = read_records(write(tmp_path, text), "f.yaml")
    assert [str(p) for p in problems] == [expected]


def test_empty_file_holds_no_records(tmp_path: Path) -> None:
    assert read_records(write(tmp_path, "# nothing yet\n")) == ([], [])


def test_missing_file(tmp_path: Path) -> None:
    records, problems = read_records(tmp_path / "absent.yaml", "absent.yaml")
    assert records == [] and [str(p) for p in problems] == ["absent.yaml: file not found"]


def test_repeated_keys_at_any_depth(tmp_path: Path) -> None:
    text = "- id: a\n  type: x\n  q:\n    - v: 1\n      v: 2\n  type: y\n"
    (record,), problems = read_records(write(tmp_path, text))
    assert problems == []
    assert sorted(repeated_keys(record.node)) == [("type", 6, 2), ("v", 5, 4)]
    assert record.data["type"] == "y"


PLAIN_AND_UNUSUAL = """\
- id: a
  n: 12
  f: 1.5
  big: 0x1F
  ok: true
  none: ~
  empty:
  quoted: "12"
  date: 2026-01-05
  list: [1, two, {three: 3}]
  1: int key
- &base {x: 1, y: [a, b]}
- {<<: *base, z: 2}
- id: tagged
  raw: !!str 12
  when: !!timestamp 2026-01-05
- shared: *base
"""


def test_fast_construction_gives_what_pyyaml_gives(tmp_path: Path) -> None:
    """Plain data, anchors, merge keys and explicit tags as PyYAML reads them."""
    import yaml

    from geo.yamlio import _PyLoader

    path = write(tmp_path, PLAIN_AND_UNUSUAL)
    records, problems = read_records(path)
    assert problems == []
    expected = yaml.load(PLAIN_AND_UNUSUAL, Loader=_PyLoader)  # noqa: S506 (a safe loader)
    got = [r.data for r in records]
    assert got == expected
    assert got[0]["date"] == "2026-01-05" and got[0]["big"] == 31 and got[0][1] == "int key"
    assert got[2] == {"x": 1, "y": ["a", "b"], "z": 2}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- {[a, b]: 1, id: x}\n", "found unhashable key"),
        ("- id: x\n- &loop {self: *loop}\n", "found unconstructable recursive node"),
    ],
)
def test_unconstructable_data_is_a_problem(tmp_path: Path, text: str, message: str) -> None:
    records, problems = read_records(write(tmp_path, text), "records.yaml")
    assert records == []
    assert [p.message for p in problems] == [f"YAML syntax error: {message}"]


def test_reading_restores_the_garbage_collector(tmp_path: Path) -> None:
    import gc

    path = write(tmp_path, PLAIN_AND_UNUSUAL)
    assert gc.isenabled()
    read_records(path)
    assert gc.isenabled()
    gc.disable()
    try:
        read_records(path)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_text_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "records.yaml"
    path.write_bytes(b"- id: a\n- id: caf\xe9\n")
    records, problems = read_records(path, "records.yaml")
    assert records == []
    assert [str(p) for p in problems] == [
        "records.yaml:2: not UTF-8 text (invalid continuation byte at byte 17)"
    ]


def test_a_directory_is_not_readable(tmp_path: Path) -> None:
    (tmp_path / "records.yaml").mkdir()
    _records, problems = read_records(tmp_path / "records.yaml", "records.yaml")
    assert [str(p) for p in problems] == ["records.yaml: cannot read file: Is a directory"]


# ----------------------------------------------------------------- hostile files (issue 14)


def billion_laughs(levels: int = 9) -> str:
    """About 1 KB of nested anchors: nine of each level, ten levels (10^9 values)."""
    lines = ["- id: bomb", "  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"  l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once_with_its_line(tmp_path: Path) -> None:
    import time

    text = billion_laughs()
    assert len(text) < 1200
    start = time.perf_counter()
    records, problems = read_records(write(tmp_path, TEXT + text), "f.yaml")
    assert time.perf_counter() - start < 1.0
    assert records == []
    (problem,) = problems
    assert problem.line == 16  # the first level whose expansion passes the budget
    assert "aliases expand to more than" in problem.message and "alias bomb" in problem.message


def test_a_merge_key_bomb_is_refused_too(tmp_path: Path) -> None:
    lines = ["- &m0 {a: 1, b: 2}"]
    lines += [f"- &m{i} {{<<: [{', '.join([f'*m{i - 1}'] * 8)}], k{i}: 1}}" for i in range(1, 12)]
    _records, problems = read_records(write(tmp_path, "\n".join(lines) + "\n"), "f.yaml")
    assert len(problems) == 1 and "aliases expand" in problems[0].message


def test_ordinary_aliases_still_read(tmp_path: Path) -> None:
    text = "- &q {what: buses, n: 60}\n" + "".join(f"- {{id: r{i}, q: *q}}\n" for i in range(500))
    records, problems = read_records(write(tmp_path, text), "f.yaml")
    assert problems == [] and len(records) == 501


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- " + "[" * 50_000 + "]" * 50_000 + "\n", 1),  # libyaml's own limit
        ("- id: a\n  x: " + "[" * 200 + "]" * 200 + "\n", 2),  # under libyaml's, over ours
        ("- id: a\n  x: " + "{a: " * 40 + "1" + "}" * 40 + "\n", 2),
        ("- " + "".join("  " * i + f"k{i}:\n" for i in range(3000)) + "  " * 3000 + "x\n", 1000),
        ("- {<<: {a: 1}, x: " + "[" * 100 + "]" * 100 + "}\n", 1),  # PyYAML's constructor
    ],
)
def test_deep_nesting_is_one_problem_not_a_recursion_error(
    tmp_path: Path, text: str, line: int
) -> None:
    records, problems = read_records(write(tmp_path, text), "f.yaml")
    assert records == []
    assert [str(p) for p in problems] == [
        f"f.yaml:{line}: data nested more than 32 levels deep; refusing to read it"
    ]


def test_a_record_at_the_depth_limit_reads(tmp_path: Path) -> None:
    from geo.yamlio import MAX_DEPTH

    deep = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    records, problems = read_records(write(tmp_path, f"- id: a\n  x: {deep}\n"), "f.yaml")
    assert problems == [] and len(records) == 1


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_a_raw_control_character_is_located(tmp_path: Path, char: str) -> None:
    path = write(tmp_path, f"- id: a\n- id: b\n  name: x{char}y\n")
    _records, problems = read_records(path, "f.yaml")
    assert [str(p) for p in problems] == [
        f"f.yaml:3: character U+{ord(char):04X} is not allowed in YAML"
    ]


def test_an_escaped_nul_in_text_is_reported_on_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, '- id: a\n  name: "Bas\\0ra"\n  note: "tab\\tis fine"\n')
    records, problems = read_records(path, "f.yaml")
    assert len(records) == 1  # kept, so that its id still counts in cross-references
    assert [str(p) for p in problems] == [
        "f.yaml:2: text holds the control character U+0000 (written as an escape); "
        "remove it: 'Bas\\x00ra'"
    ]


@pytest.mark.parametrize(
    "value", ['"Bas\\u202era"', "Bas\u202era", '"\\U0000202Eevil"', '"\\u2067left open"']
)
def test_an_unclosed_bidi_control_in_text_is_reported(tmp_path: Path, value: str) -> None:
    records, problems = read_records(write(tmp_path, f"- id: a\n  name: {value}\n"), "f.yaml")
    assert len(records) == 1 and len(problems) == 1
    assert str(problems[0]).startswith("f.yaml:2: text holds an unclosed ")
    assert "which would reorder whatever is shown after it" in problems[0].message


def test_closed_bidi_controls_are_fine(tmp_path: Path) -> None:
    text = '- id: a\n  name: "\\u202bمنفذ الشلامجة\\u202c"\n  other: "\\u2067x\\u2069"\n'
    assert read_records(write(tmp_path, text), "f.yaml")[1] == []

"""Fuzzing the data-file readers and ``claimmap check`` (issue 14, A10).

Whatever a data file holds (random text, YAML fragments, anchors and aliases,
deep brackets, control characters, broken CSV quoting, bytes that are not
UTF-8), reading it never raises anything but ``DataError``, and every problem
reported names its file and its line. ``claimmap check`` on the same files
exits 0 or 2 with one ``file:line: message`` line per problem.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimmap.cli import main
from geo.dataset import load_dataset
from geo.gazetteer import COLUMNS, _parse_row
from geo.models import Place
from geo.problems import DataError
from tests.paths import FIXTURES

VALID = FIXTURES / "data"
FILES = ("claims.yaml", "sources.yaml", "groups.yaml", "gazetteer.csv")

#: Pieces of YAML and CSV that readers trip on, joined at random with random text.
FRAGMENTS = [
    "- id: x\n", "- ", "  ", "\n", ": ", "id: ", "places: [", "]", "{", "}", "[", "&a ", "*a",
    "<<: *a\n", "!!str ", "!!python/object ", "---\n", "...\n", "? ", "|\n", ">\n", "'", '"',
    "\\u202e", "\u202e", "\x00", "\t", "#", ",", '","', "value: .nan\n", "1e999", "2026-02-30",
    "event_start: 2026-01-05\n", "mode: ground\n", "quantities:\n  - {what: x, qualifier: about, "
    "value: 1, text: x}\n", "url: javascript:x\n", "\ufeff", "\r\n", "ش", "\ud7ff",
]  # fmt: skip

TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map(
    "".join
)

LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): \S")


def data_dir_with(name: str, content: str | bytes, keep_valid: bool) -> Path:
    """A copy of the valid fixture with one file replaced (or, with keep_valid, appended to)."""
    root = Path(tempfile.mkdtemp(prefix="claimmap-fuzz-"))
    shutil.copytree(VALID, root, dirs_exist_ok=True)
    path = root / name
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    path.write_bytes(path.read_bytes() + data if keep_valid else data)
    return root


def located_problems(root: Path) -> list[str]:
    """Load the directory: the problems as text, each checked to name a file and a line."""
    try:
        load_dataset(root)
    except DataError as exc:
        for problem in exc.problems:
            assert problem.line is not None, str(problem)
            assert problem.line >= 1 and problem.file.endswith(FILES), str(problem)
        return [str(p) for p in exc.problems]
    return []


FUZZ = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(name=st.sampled_from(FILES), content=TEXT, keep_valid=st.booleans())
def test_any_text_in_a_data_file_gives_located_problems(
    name: str, content: str, keep_valid: bool
) -> None:
    root = data_dir_with(name, content, keep_valid)
    try:
        located_problems(root)
    finally:
        shutil.rmtree(root)


@FUZZ
@given(name=st.sampled_from(FILES), content=st.binary(max_size=200), keep_valid=st.booleans())
def test_any_bytes_in_a_data_file_give_located_problems(
    name: str, content: bytes, keep_valid: bool
) -> None:
    root = data_dir_with(name, content, keep_valid)
    try:
        located_problems(root)
    finally:
        shutil.rmtree(root)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(FILES), content=TEXT, keep_valid=st.booleans())
def test_check_reports_every_problem_on_its_own_line(
    name: str, content: str, keep_valid: bool
) -> None:
    root = data_dir_with(name, content, keep_valid)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["--data", str(root), "check"])
    finally:
        shutil.rmtree(root)
    lines = err.getvalue().splitlines()
    if status == 0:
        assert lines == [] and out.getvalue().startswith("OK: ")
        return
    assert status == 2 and out.getvalue() == ""
    assert lines[-1] == f"claimmap check: {len(lines) - 1} problem(s)"
    for line in lines[:-1]:
        assert LOCATED.match(line), line


CELLS = ["", " ", "x", "IQ", "IR-16", "Q12", "NJF", "ORNI", "1", "-1", "0", "nan", "inf", "91",
         "1e3", "city", "airport", "a-b", "A B", "a||b", "\x00", "\u202e"]  # fmt: skip
CELL = st.one_of(st.sampled_from(CELLS), st.text(max_size=8))


@settings(max_examples=300)
@given(st.fixed_dictionaries({column: CELL for column in COLUMNS}))
def test_a_row_that_passes_the_gazetteer_checks_is_a_valid_place(record: dict[str, str]) -> None:
    row, problems = _parse_row(record, 2)
    assert (row is None) == bool(problems)
    if row is not None:
        Place(**row._asdict())  # the model agrees with the hand-written checks

"""Problems found in data files, and the error that carries them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: Characters that break a line (``str.splitlines``): shown as escapes, so that a
#: problem is always one line whatever the data it quotes.
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _escaped(text: str) -> str:
    return _LINE_BREAKS.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a data file, located as precisely as the file allows.

    Parameters
    ----------
    file : path of the data file (as given, usually relative to the data dir).
    line : 1-based line number, or ``None`` when the problem is file-wide.
    message : what is wrong, in one line, naming the record id when there is one.
    """

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return _escaped(f"{where}: {self.message}")


class DataError(Exception):
    """Raised when data files hold problems; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__(self.summary())

    def summary(self) -> str:
        """One line for the first problem, with the count of the others."""
        if not self.problems:
            return "no problems"
        first = str(self.problems[0])
        more = len(self.problems) - 1
        return first if more == 0 else f"{first} (and {more} more problem(s))"


def display_path(path: Path) -> str:
    """Path as shown to users: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):  # elsewhere, or the working directory is gone
        return str(path)

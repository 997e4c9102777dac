"""``claimmap check`` on a store: the store written out as data files must pass every check.

The store's records are written to a temporary directory exactly as ``db
dump`` writes them and checked there as ``claimmap check`` checks files, so a
store and its data files pass or fail the same rules; the problems name the
store and the record (a line of a temporary file would help nobody). Quotes
are looked for in the archived documents' text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from geo.check import CheckResult, check_data_dir
from geo.dataset import Dataset
from geo.problems import DataError, Problem
from geo.store import schema as t
from geo.store.dump import write_data_dir
from geo.store.engine import reading, shown
from geo.store.read import dataset_from, read_records
from geo.validate import quote_in_text


def _quote_problems(
    dataset: Dataset, texts: dict[str, str], where: str
) -> tuple[list[Problem], int]:
    problems, found = [], 0
    for claim in dataset.claims:
        text = texts.get(claim.source_id)
        if text is None:
            continue
        if quote_in_text(claim.quote, text):
            found += 1
        else:
            message = f"claim {claim.id}: quote not found verbatim in its archived document"
            problems.append(Problem(where, None, message))
    return problems, found


def check_store(engine: Engine) -> CheckResult:
    """Check every record of the store as data files are checked, and quotes against the archive.

    Raises
    ------
    DataError
        With every problem, each naming the store's table and the record.
    """
    where = shown(engine.url)
    with reading(engine) as conn:
        records = read_records(conn)
        a = t.archives.c
        texts = {row[0]: row[1] for row in conn.execute(sa.select(a.source_id, a.text))}
    with tempfile.TemporaryDirectory(prefix="claimmap-check-") as tmp:
        try:
            write_data_dir(dataset_from(records), tmp)
            result = check_data_dir(tmp, quotes=False)
        except DataError as exc:
            raise DataError([_in_store(p, where) for p in exc.problems]) from None
        except (ValueError, TypeError, AttributeError) as exc:
            raise DataError([Problem(where, None, f"a record cannot be read: {exc}")]) from None
    problems, found = _quote_problems(result.dataset, texts, f"{where} (claims)")
    if problems:
        raise DataError(problems)
    quotes = found if texts else None
    return CheckResult(result.dataset, quotes, "the archived documents")


def _in_store(problem: Problem, where: str) -> Problem:
    table = Path(problem.file).stem.replace("gazetteer", "places")
    return Problem(f"{where} ({table})", None, problem.message)

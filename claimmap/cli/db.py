"""``claimmap db``: create, fill and write out a store.

- ``db init``: create or upgrade the schema (idempotent); the default store is
  also filled from the bundled data on first use.
- ``db import DIR``: check DIR as ``claimmap check`` does; on any problem exit 2
  and change nothing; else import it in one transaction (new records inserted,
  changed ones updated with audit entries, unchanged ones untouched).
- ``db dump DIR``: write the store as data files that ``check`` accepts and that
  import back to no change.
- ``db grant USER --role R``: logins in roles (PostgreSQL only).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from claimmap.cli.errors import BAD_INPUT, fail, report
from claimmap.cli.stores import open_or_report, refuse_data, store_failure, who, write_line

ROLES = ("reader", "analyst", "reviewer")


def register(subparsers: Any) -> None:
    """Add the ``db`` subcommand and its own subcommands."""
    parser = subparsers.add_parser(
        "db",
        help="create, import into, dump or grant access to a store",
        description="Work on the store (--db URL, $CLAIMMAP_DB, or the default embedded store).",
    )
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", parser_class=type(parser))
    sub.required = True
    init = sub.add_parser("init", help="create or upgrade the store's schema (idempotent)")
    init.set_defaults(run=run_init)
    load = sub.add_parser(
        "import",
        help="check a directory of data files and import it in one transaction",
        description="Check DIR as 'claimmap check' does; on any problem change nothing "
        "(exit 2). Otherwise insert new records, update changed ones (one audit entry "
        "per changed field) and leave unchanged ones untouched.",
    )
    load.add_argument("directory", metavar="DIR", help="directory of data files")
    load.add_argument("--note", metavar="TEXT", help="recorded with every audit entry")
    load.set_defaults(run=run_import)
    dump = sub.add_parser(
        "dump",
        help="write the store as data files",
        description="Write gazetteer.csv, sources.yaml, claims.yaml and groups.yaml into DIR "
        "(created if missing; each file replaced atomically).",
    )
    dump.add_argument("directory", metavar="DIR", help="directory to write")
    dump.set_defaults(run=run_dump)
    grant = sub.add_parser("grant", help="create or update a login in a role (PostgreSQL)")
    grant.add_argument("user", metavar="USER")
    grant.add_argument("--role", required=True, choices=ROLES)
    grant.add_argument("--password-stdin", action="store_true", help="read the password")
    grant.set_defaults(run=run_grant)


def run_init(args: argparse.Namespace) -> int:
    """Create or upgrade the schema of the store."""
    from geo.problems import DataError
    from geo.store.engine import connect, shown
    from geo.store.errors import StoreError
    from geo.store.location import store_location
    from geo.store.migrate import migrate

    refused = refuse_data(args, "db init")
    if refused is not None:
        return refused
    location = store_location(args.db)
    try:
        if location.is_default_store:
            from geo.store.default import default_path, open_default

            existed = default_path().exists()
            open_default(who(args)).dispose()
            done = "up to date" if existed else "created and filled from the bundled data"
            write_line(f"store {default_path()}: {done}")
            return 0
        engine = connect(str(location.where), create=True)
        try:
            state = migrate(engine)
        finally:
            engine.dispose()
    except StoreError as exc:
        return store_failure("db init", exc)
    except DataError as exc:
        return report(exc.problems)
    write_line(f"store {shown(str(location.where))}: schema {state.revision}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Check DIR, then import it into the store in one transaction."""
    from geo.check import check_data_dir
    from geo.problems import DataError, display_path
    from geo.store.errors import StoreError
    from geo.store.importer import import_dataset

    refused = refuse_data(args, "db import")
    if refused is not None:
        return refused
    try:
        result = check_data_dir(args.directory)
    except DataError as exc:
        report(exc.problems)
        sys.stderr.write(
            f"claimmap db import: {len(exc.problems)} problem(s); nothing was imported\n"
        )
        return BAD_INPUT
    engine = open_or_report(args, "db import")
    if isinstance(engine, int):
        return engine
    from pathlib import Path

    note = args.note or f"imported from {display_path(Path(args.directory))}"
    try:
        outcome = import_dataset(engine, result.dataset, who=who(args), note=note)
    except StoreError as exc:
        return store_failure("db import", exc)
    finally:
        engine.dispose()
    write_line(outcome.summary() if outcome.changed else f"nothing changed ({outcome.summary()})")
    return 0


def run_dump(args: argparse.Namespace) -> int:
    """Write the store as data files into DIR."""
    from pathlib import Path

    from geo.store.dump import dump_store
    from geo.store.errors import StoreError

    target = Path(args.directory)
    if target.exists() and not target.is_dir():
        return fail("db dump", f"{target} is a file, not a directory")
    if not target.exists() and not target.parent.is_dir():
        return fail("db dump", f"cannot create {target}: {target.parent} does not exist")
    engine = open_or_report(args, "db dump")
    if isinstance(engine, int):
        return engine
    try:
        written = dump_store(engine, target)
    except StoreError as exc:
        return store_failure("db dump", exc)
    except OSError as exc:
        return fail("db dump", f"cannot write {target}: {exc.strerror or exc}", 1)
    finally:
        engine.dispose()
    write_line(f"wrote {', '.join(p.name for p in written)} to {target}")
    return 0


def run_grant(args: argparse.Namespace) -> int:
    """Logins and roles exist on PostgreSQL only."""
    from geo.store.engine import parse_url
    from geo.store.errors import StoreError
    from geo.store.location import store_location

    location = store_location(args.db)
    try:
        backend = (
            "sqlite" if location.where is None else parse_url(location.where).get_backend_name()
        )
    except StoreError as exc:
        return store_failure("db grant", exc)
    if backend == "sqlite":
        return fail(
            "db grant",
            "roles and logins are PostgreSQL's: the embedded SQLite store has no users "
            "(use --db postgresql+psycopg://...)",
        )
    return fail("db grant", "roles on PostgreSQL are not available in this version yet")

"""The ``claimmap`` command: assembles the subcommands of this package.

Each subcommand is a small module with ``register(subparsers)`` and ``run(args)``;
heavy libraries are imported inside ``run`` so that ``claimmap geocode`` stays fast.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
import warnings

#: Subcommand name -> its module (a broken module is an error, never skipped).
COMMANDS = {
    name: f"claimmap.cli.{name}"
    for name in (
        "geocode",
        "check",
        "claims",
        "conflicts",
        "export",
        "extract",
        "ingest",
        "serve",
        "db",
        "review",
        "grade",
        "log",
        "verify",
        "stories",
    )
}


class _Parser(argparse.ArgumentParser):
    """Argument parser whose errors are one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def _actor(text: str) -> str:
    name = text.strip()
    if not name:
        raise argparse.ArgumentTypeError("--as needs a name")
    return name


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """Build the parser: with the one subcommand ``argv`` names, else with every one.

    Registering a subcommand imports its module; ``claimmap geocode`` imports
    only its own, which keeps a whole geocoding process light. Help and unknown
    commands see them all.
    """
    parser = _Parser(
        prog="claimmap",
        description="Explore reported claims on a map: geocode places, check and list "
        "claims, show disputed figures, export maps and data.",
    )
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="read this directory of data files instead of a store ($CLAIMMAP_DATA)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="the store: an SQLAlchemy URL such as sqlite:///PATH or "
        "postgresql+psycopg://USER@HOST/DB ($CLAIMMAP_DB; default: the embedded store "
        "in the user's data folder, filled from the bundled data on first use)",
    )
    parser.add_argument(
        "--as",
        dest="actor",
        metavar="NAME",
        type=_actor,
        help="the name the audit trail records for changes (default: the OS user)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    named = _command_named(sys.argv[1:] if argv is None else argv)
    for name, module_name in COMMANDS.items():
        if named is None or name == named:
            importlib.import_module(module_name).register(sub)
    return parser


#: The main options that take a value (before the subcommand).
_MAIN_OPTIONS = ("--data", "--db", "--as")


def _command_named(argv: list[str]) -> str | None:
    """Return the subcommand ``argv`` names (after the main options), if it is one."""
    rest = iter(argv)
    for token in rest:
        if token in _MAIN_OPTIONS:
            next(rest, None)
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
        elif not token.startswith(tuple(f"{option}=" for option in _MAIN_OPTIONS)):
            return None  # --help, or an option the full parser will explain
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Whatever goes wrong ends in one line on stderr, never a traceback: an
    interrupt (130), a closed pipe on stdout (0: the reader has had enough),
    an output that cannot be written, such as a full disk (1), a file or
    directory the system refuses (4 for permission, else 1).
    """
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    warnings.showwarning = _warn_in_one_line
    try:
        status = int(args.run(args) or 0)
    except KeyboardInterrupt:
        sys.stderr.write("claimmap: interrupted\n")
        return 130
    except BrokenPipeError:
        _drop_stdout()
        return 0
    except OSError as exc:
        return _os_error(args.command, exc)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()
    except OSError as exc:
        _drop_stdout()
        sys.stderr.write(
            f"claimmap {args.command}: error: cannot write the output: {exc.strerror}\n"
        )
        return 1
    return status


#: Errors of a write with no file named: the output (stdout) cannot take more.
_OUTPUT_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def _os_error(command: str, exc: OSError) -> int:
    """Report an error of the system (a full disk, a refused path) in one line."""
    what = exc.strerror or str(exc)
    if exc.filename is not None:
        what = f"{exc.filename}: {what}"
    elif exc.errno in _OUTPUT_ERRORS:  # a write with no file named: the output itself
        what = f"cannot write the output: {what}"
        _drop_stdout()
    sys.stderr.write(f"claimmap {command}: error: {what}\n")
    return 4 if isinstance(exc, PermissionError) else 1


def _drop_stdout() -> None:
    """Send what is left for stdout nowhere, so that the interpreter's exit stays quiet."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):  # not a real file (a test's capture)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (lives until exit)


def _warn_in_one_line(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    """Show a warning as ``claimmap: warning: MESSAGE`` (no source line)."""
    sys.stderr.write(f"claimmap: warning: {message}\n")


if __name__ == "__main__":
    raise SystemExit(main())

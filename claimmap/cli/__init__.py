"""The ``claimmap`` command: assembles the subcommands of this package.

Each subcommand is a small module with ``register(subparsers)`` and ``run(args)``;
heavy libraries are imported inside ``run`` so that ``claimmap geocode`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: Subcommand name -> its module (a broken module is an error, never skipped).
COMMANDS = {
    name: f"claimmap.cli.{name}"
    for name in ("geocode", "check", "claims", "conflicts", "export", "extract", "serve", "stories")
}


class _Parser(argparse.ArgumentParser):
    """Argument parser whose errors are one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every available subcommand registered."""
    parser = _Parser(
        prog="claimmap",
        description="Explore reported claims on a map: geocode places, check and list "
        "claims, show disputed figures, export maps and data.",
    )
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="data directory (default: $CLAIMMAP_DATA or the bundled data/)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for module_name in COMMANDS.values():
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        sys.stderr.write("claimmap: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())

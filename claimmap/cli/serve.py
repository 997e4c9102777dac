"""``claimmap serve``: start the dashboard (Streamlit) on the store, ``--db URL`` or ``--data DIR``.

Streamlit serves the files of a ``static`` folder beside the script it runs; an
installed claimmap keeps its map assets inside the ``layers`` package. So ``serve``
keeps a small launcher folder in the user's cache (a three-line script, a link to
``layers/static``, the dashboard's Streamlit settings) and runs Streamlit there.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from claimmap.cli.errors import fail

LAUNCHER_SCRIPT = '''"""claimmap dashboard, started by ``claimmap serve``."""

from claimmap.dashboard.page import main

main()
'''


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="start the dashboard in a local web server",
        description="Start the dashboard on http://ADDRESS:PORT (the bundled data, --data "
        "DIR or the store). Stop it with Ctrl-C.",
    )
    parser.add_argument("--port", type=int, default=8501, help="port (default: %(default)s)")
    parser.add_argument(
        "--address", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.set_defaults(run=run)


def launcher_dir() -> Path:
    """Return the launcher folder, created or refreshed: script, static link and settings."""
    import importlib.resources

    from platformdirs import user_cache_dir

    root = Path(user_cache_dir("claimmap")) / "dashboard"
    (root / ".streamlit").mkdir(parents=True, exist_ok=True)
    _write_if_changed(root / "app.py", LAUNCHER_SCRIPT)
    settings = importlib.resources.files("claimmap.dashboard") / "streamlit.toml"
    _write_if_changed(root / ".streamlit" / "config.toml", settings.read_text(encoding="utf-8"))
    _link_static(root / "static", Path(str(importlib.resources.files("layers") / "static")))
    return root


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)


def _link_static(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` (a copy where links are not allowed)."""
    if link.is_symlink() and link.resolve() == target.resolve():
        return
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.is_dir():
        shutil.rmtree(link)
    try:
        link.symlink_to(target, target_is_directory=True)
    except OSError:
        shutil.copytree(target, link)


def dashboard_env(args: argparse.Namespace) -> tuple[dict[str, str], str | None]:
    """Return the dashboard's environment: where it reads, as the CLI would, and who edits.

    ``--db URL`` becomes $CLAIMMAP_DB and ``--data DIR`` $CLAIMMAP_DATA (each
    dropping the other, as the options override the environment); ``--as NAME``
    becomes $CLAIMMAP_AS, the name the embedded store's audit trail records.
    Returns the environment and a problem (None when there is none).
    """
    env = dict(os.environ)
    db, data = getattr(args, "db", None), getattr(args, "data", None)
    if db and data:
        return env, "give --db (a store) or --data (a directory of data files), not both"
    if db:
        env["CLAIMMAP_DB"] = db
        env.pop("CLAIMMAP_DATA", None)
    if data:
        env["CLAIMMAP_DATA"] = str(Path(data).resolve())
        env.pop("CLAIMMAP_DB", None)
    if getattr(args, "actor", None):
        env["CLAIMMAP_AS"] = args.actor
    return env, None


def run(args: argparse.Namespace) -> int:
    """Run Streamlit on the launcher until it stops; return its exit status."""
    if not 0 < args.port < 65536:
        return fail("serve", f"--port {args.port} is not a port number (1-65535)")
    try:
        root = launcher_dir()
    except OSError as exc:
        return fail("serve", f"cannot prepare the dashboard folder: {exc.strerror or exc}", 1)
    env, problem = dashboard_env(args)
    if problem:
        return fail("serve", problem)
    command = [
        sys.executable, "-m", "streamlit", "run", str(root / "app.py"),
        "--server.port", str(args.port), "--server.address", args.address,
    ]  # fmt: skip
    sys.stderr.write(f"claimmap serve: the dashboard at http://{args.address}:{args.port}\n")
    try:
        return subprocess.call(command, cwd=root, env=env)
    except KeyboardInterrupt:
        return 130

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
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from claimmap.cli.errors import fail
from geo.store.errors import BadStore, StoreError

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


def dashboard_env(db: str | None, data: str | None, environ: Mapping[str, str]) -> dict[str, str]:
    """Return the dashboard's environment: ``--db`` or ``--data`` over ``$CLAIMMAP_DB``/``_DATA``.

    A server's URL carries no password: the dashboard's login form asks for it.

    Raises
    ------
    BadStore
        For both ``--db`` and ``--data``, a bad URL, or a server URL with a password.
    """
    from geo.store.engine import parse_url, shown
    from geo.store.location import choose

    env = dict(environ)
    if db is not None or data is not None:
        location = choose(db, data)
        env.pop("CLAIMMAP_DB", None)
        env.pop("CLAIMMAP_DATA", None)
        if location.kind == "data":
            env["CLAIMMAP_DATA"] = str(Path(str(location.where)).resolve())
        else:
            env["CLAIMMAP_DB"] = str(location.where)
    if env.get("CLAIMMAP_DB"):
        url = parse_url(env["CLAIMMAP_DB"])
        if url.get_backend_name() == "postgresql" and url.password:
            raise BadStore(
                f"give the server's URL without a password ({shown(url)}): "
                "each user logs in on the dashboard's page"
            )
    return env


def run(args: argparse.Namespace) -> int:
    """Run Streamlit on the launcher until it stops; return its exit status."""
    if not 0 < args.port < 65536:
        return fail("serve", f"--port {args.port} is not a port number (1-65535)")
    try:
        root = launcher_dir()
    except OSError as exc:
        return fail("serve", f"cannot prepare the dashboard folder: {exc.strerror or exc}", 1)
    try:
        env = dashboard_env(getattr(args, "db", None), getattr(args, "data", None), os.environ)
    except StoreError as exc:
        return fail("serve", str(exc))
    command = [
        sys.executable, "-m", "streamlit", "run", str(root / "app.py"),
        "--server.port", str(args.port), "--server.address", args.address,
    ]  # fmt: skip
    sys.stderr.write(f"claimmap serve: the dashboard at http://{args.address}:{args.port}\n")
    try:
        return subprocess.call(command, cwd=root, env=env)
    except KeyboardInterrupt:
        return 130

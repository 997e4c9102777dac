"""A throw-away PostgreSQL cluster in a folder, for the tests, the benchmarks and a local trial.

``LocalCluster.start(folder)`` runs Debian's ``initdb`` and ``pg_ctl`` (found
with ``$CLAIMMAP_PG_BIN``, ``pg_config --bindir`` or ``/usr/lib/postgresql/*/bin``)
on a free port of 127.0.0.1, with the unix socket in the folder and
password logins only (SCRAM-SHA-256). initdb and pg_ctl refuse to run as root:
as root the cluster belongs to the ``postgres`` user (``runuser -u postgres``)
and its folder is handed to that user. The superuser's password is random and
lives only in this object (initdb reads it from a file that is removed at once).
``stop()`` stops the server and removes the folder.

Not used by claimmap itself: a team's server is installed and run by the
system (README, "A team server").
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

#: Settings for a throw-away cluster: durable writes off (nothing here must survive a crash).
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "120",
    "shared_buffers": "128MB",
    "password_encryption": "scram-sha-256",
}
SERVICE_USER = "postgres"


class ClusterError(RuntimeError):
    """The cluster could not be created, started or stopped (the message says why)."""


def bin_dir() -> Path | None:
    """Return the folder of PostgreSQL's server programs, or None when none is installed."""
    env = os.environ.get("CLAIMMAP_PG_BIN")
    candidates = [env] if env else []
    config = shutil.which("pg_config")
    if config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([config, "--bindir"], capture_output=True, text=True, timeout=10)
            candidates.append(out.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").is_file():
            return Path(folder)
    return None


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_service_user() -> list[str]:
    return ["runuser", "-u", SERVICE_USER, "--"] if os.geteuid() == 0 else []


@dataclass
class LocalCluster:
    """A PostgreSQL cluster in ``folder`` listening on 127.0.0.1:``port``.

    Parameters
    ----------
    folder : holds ``data/`` (the cluster), the socket and ``server.log``.
    port : the TCP port.
    password : the superuser's (``postgres``) password.
    """

    folder: Path
    port: int
    password: str = field(repr=False)
    bindir: Path
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def data(self) -> Path:
        """The cluster's data directory."""
        return self.folder / "data"

    @property
    def log(self) -> Path:
        """The server's log file."""
        return self.folder / "server.log"

    def url(
        self, user: str = SERVICE_USER, password: str | None = None, db: str = "postgres"
    ) -> str:
        """Return an SQLAlchemy URL for ``user`` (the superuser's password by default)."""
        from sqlalchemy.engine import URL

        secret = self.password if user == SERVICE_USER and password is None else password
        return URL.create(
            "postgresql+psycopg", user, secret, "127.0.0.1", self.port, db
        ).render_as_string(hide_password=False)

    @classmethod
    def start(
        cls, folder: Path | None = None, settings: dict[str, str] | None = None
    ) -> LocalCluster:
        """Create a cluster in ``folder`` (a new temporary one by default) and start it.

        ``settings`` are server settings added to :data:`SETTINGS` (``log_statement``...).

        Raises
        ------
        ClusterError
            When PostgreSQL is not installed or initdb or the server fails.
        """
        bindir = bin_dir()
        if bindir is None:
            raise ClusterError("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
        folder = Path(folder or tempfile.mkdtemp(prefix="claimmap-pg-"))
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(folder, SERVICE_USER, SERVICE_USER)
        folder.chmod(0o700)
        cluster = cls(folder, free_port(), secrets.token_urlsafe(24), bindir, dict(settings or {}))
        try:
            cluster._initdb()
            cluster.resume()
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def _run(self, program: str, *args: str) -> None:
        command = [*_as_service_user(), str(self.bindir / program), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=180, cwd="/")
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            log = (
                self.log.read_text(errors="replace").splitlines()[-5:] if self.log.exists() else []
            )
            raise ClusterError(f"{program} {args[0]} failed: {' | '.join(tail + log)}")

    def _initdb(self) -> None:
        pwfile = self.folder / "pw"
        pwfile.write_text(self.password + "\n")
        if os.geteuid() == 0:
            shutil.chown(pwfile, SERVICE_USER, SERVICE_USER)
        pwfile.chmod(0o600)
        try:
            self._run(
                "initdb", "-D", str(self.data), "-U", SERVICE_USER, f"--pwfile={pwfile}",
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
            )  # fmt: skip
        finally:
            pwfile.unlink(missing_ok=True)

    def _options(self) -> str:
        settings = {
            **SETTINGS,
            **self.settings,
            "port": str(self.port),
            "unix_socket_directories": str(self.folder),
        }
        return " ".join(f"-c {key}={value}" for key, value in settings.items())

    def _ctl(self, action: str, *args: str) -> None:
        self._run("pg_ctl", action, "-D", str(self.data), *args)

    def restart(self) -> None:
        """Restart the server (fast: open sessions are cut, as in a real restart)."""
        self._ctl(
            "restart", "-w", "-t", "60", "-m", "fast", "-l", str(self.log), "-o", self._options()
        )

    def pause(self) -> None:
        """Stop the server but keep the cluster (``resume`` starts it again)."""
        self._ctl("stop", "-w", "-t", "60", "-m", "fast")

    def resume(self) -> None:
        """Start the server stopped by ``pause``."""
        self._ctl("start", "-w", "-t", "60", "-l", str(self.log), "-o", self._options())

    def stop(self) -> None:
        """Stop the server (if running) and remove the folder."""
        try:
            if (self.data / "postmaster.pid").exists():
                self._ctl("stop", "-w", "-t", "60", "-m", "fast")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create a database (as a copy of ``template``) and return the superuser's URL of it."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            conn.execute(query)
        return self.url(db=name)

    def dsn(self, db: str = "postgres") -> str:
        """Return a libpq connection string for the superuser."""
        from psycopg.conninfo import make_conninfo

        return make_conninfo(
            host="127.0.0.1", port=self.port, user=SERVICE_USER, password=self.password, dbname=db
        )

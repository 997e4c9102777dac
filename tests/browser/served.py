"""One way to serve the dashboard for a browser test: ``streamlit run app.py`` on loopback.

``served_dashboard(env, log)`` starts it on a free port of 127.0.0.1 with the
environment given (its output into ``log``), waits until ``/_stcore/health``
answers (a test fails if the server exits first or takes over 90 s), yields
``(url, process)`` and stops the server afterwards.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEALTH_TIMEOUT_S = 90


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    """Wait until the server at ``url`` says it is healthy (fail if it exits or is slow)."""
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while True:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited early:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"streamlit did not answer /_stcore/health within {HEALTH_TIMEOUT_S} s")
        time.sleep(0.3)


@contextlib.contextmanager
def served_dashboard(env: Mapping[str, str], log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """Serve the dashboard with ``env``; yield its URL and process, then stop it."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=dict(env), stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

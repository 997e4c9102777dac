"""Debian's chromium as the benchmarks and the browser tests start it (one definition).

Playwright drives ``/usr/bin/chromium`` (no browser download); the flags keep it
headless and quiet, with nothing fetched in the background.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Hosts a page may reach: every other request is refused and recorded.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}

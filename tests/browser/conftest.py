"""Playwright + Debian's chromium, with every outside request refused and recorded.

``browser`` is one chromium for the session (launched from /usr/bin/chromium: no
browser download). ``page`` is a fresh context per test whose requests go
through a route that lets ``file://``, ``data:`` and loopback (127.0.0.1,
localhost) through and aborts everything else, recording the URL in
``page.aborted``; console errors and uncaught exceptions are recorded in
``page.errors``. Without chromium or playwright the tests are skipped, except
under CI=true, where that is a failure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bench.chromium import CHROMIUM, CHROMIUM_FLAGS, LOCAL_HOSTS

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}


def unavailable(reason: str) -> None:
    """Skip, or fail under CI: browser tests must run there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def is_local(url: str) -> bool:
    """Whether a request may go through: the file itself, data: URIs, loopback."""
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws") and (parts.hostname or "") in LOCAL_HOSTS


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"{CHROMIUM} not found (Debian: apt-get install chromium)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    except Exception as exc:  # noqa: BLE001 - any launch failure means no browser
        playwright.stop()
        unavailable(f"chromium did not start: {str(exc).splitlines()[0]}")
    yield chromium
    chromium.close()
    playwright.stop()


@dataclass
class Page:
    """A Playwright page with what it tried to fetch from outside and what went wrong."""

    page: Any
    aborted: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)

    def open_map(self, path: Path, timeout_ms: int = 60_000) -> None:
        """Open an exported map and wait until claimmap says it is drawn."""
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("[data-claimmap-ready]", state="attached", timeout=timeout_ms)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def screenshot_to(self, name: str) -> Path:
        """Save a screenshot under artifacts/screenshots/ and return its path."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    raw = context.new_page()
    recorded = Page(raw)

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if is_local(url):
            request_route.continue_()
        else:
            recorded.aborted.append(url)
            request_route.abort()

    raw.route("**/*", route)
    raw.on(
        "console",
        lambda msg: (
            recorded.errors.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error"
            else None
        ),
    )
    raw.on("pageerror", lambda exc: recorded.errors.append(f"page error: {exc}"))
    yield recorded
    context.close()

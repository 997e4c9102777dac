"""Paths the tests share: the repository root, the fixtures and the CLI command."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def cli_command() -> list[str]:
    """The installed ``claimmap`` console script, else the CLI run by this interpreter."""
    script = Path(sys.executable).with_name("claimmap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "claimmap"]

"""Test-wide settings.

Hypothesis's per-example deadline (200 ms) is a timing assertion: on a shared
two-core machine it fails correct code at random. Speed is measured in bench/,
never asserted in tests, so the deadline is off.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("claimmap", deadline=None)
settings.load_profile("claimmap")

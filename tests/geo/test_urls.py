from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.urls import is_safe_url


@pytest.mark.parametrize(
    "url",
    ["https://themedialine.org", "http://example.org/a?b=1#c", "HTTPS://EXAMPLE.ORG/",
     "https://user@host.example:8443/x", "https://[::1]/"],
)  # fmt: skip
def test_http_addresses_with_a_host_are_safe(url: str) -> None:
    assert is_safe_url(url)


@pytest.mark.parametrize(
    "url",
    [None, 42, "", "javascript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
     "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x", "file:///etc/passwd", "https://",
     "http:///path-only", "//example.org", "example.org", "https://exa mple.org",
     "https://example.org/\x00", "https://[::1/", "mailto:a@b.c"],
)  # fmt: skip
def test_anything_else_is_not(url: object) -> None:
    assert not is_safe_url(url)


@given(st.text(max_size=60))
def test_never_raises_and_only_http_passes(text: str) -> None:
    if is_safe_url(text):
        assert text.lower().startswith(("http://", "https://"))

"""The one URL check: only http(s) addresses with a host reach any output.

A source's ``url`` is checked when the data is loaded (``geo.models.Source``);
every face that shows or links a URL reads :func:`is_safe_url` too, so a
``javascript:`` or ``data:`` address never becomes a link.
"""

from __future__ import annotations

from urllib.parse import urlsplit

#: The schemes a link may use.
SAFE_SCHEMES = ("http", "https")


def is_safe_url(url: object) -> bool:
    """Whether ``url`` is an http or https address with a host, and nothing odd.

    Parameters
    ----------
    url : any value (only a string can be safe).

    Returns
    -------
    bool
        False for other schemes (``javascript:``, ``data:``, ``file:``), for
        addresses without a host, and for text holding white space or control
        characters (browsers drop some of them, which hides a scheme).

    Examples
    --------
    >>> is_safe_url("https://themedialine.org/a?b=1")
    True
    >>> is_safe_url("javascript:alert(1)"), is_safe_url("https://"), is_safe_url("data:,x")
    (False, False, False)
    """
    if not isinstance(url, str) or not url or not url.isprintable() or " " in url:
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unbalanced "[" in the host, or a bad port
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and bool(host)

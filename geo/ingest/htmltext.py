"""A saved web page reduced to its article text, with trafilatura (offline).

trafilatura is the maintained tool for this (boilerplate removal: menus, footers,
related links), and it reads title, date and site name from the page's own
markup. Those are *suggestions* for the analyst to confirm, never facts: a
page's date may be its last update, its site name may be a publisher's brand.
Nothing is fetched: only the bytes given are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Suffixes of files read as HTML.
HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class PageText:
    """The article text of a page, and what the page says about itself.

    Parameters
    ----------
    text : the article text (paragraphs separated by line breaks); may be empty.
    title, date, site, url : the page's own metadata, unconfirmed; ``None`` when absent.
    """

    text: str
    title: str | None = None
    date: str | None = None
    site: str | None = None
    url: str | None = None

    def suggestions(self) -> dict[str, str | None]:
        """Title, date, site and URL as suggestions for the analyst."""
        return {"title": self.title, "date": self.date, "site": self.site, "url": self.url}


def is_html_path(name: str) -> bool:
    """Whether a file name is read as HTML (``.html`` or ``.htm``, any case)."""
    return name.lower().endswith(HTML_SUFFIXES)


def page_text(html: str) -> PageText:
    """Reduce an HTML page to its article text and metadata.

    Parameters
    ----------
    html : the page's markup (decoded).

    Returns
    -------
    PageText
        The main text; when trafilatura finds no article, the page's visible
        text with tags removed (so that nothing a page says is lost silently).
    """
    import trafilatura

    if not html.strip():
        return PageText("")
    try:
        text = trafilatura.extract(
            html, include_comments=False, include_tables=True, favor_recall=True
        )
        meta = trafilatura.extract_metadata(html)
    except (ValueError, TypeError, AttributeError):  # markup lxml cannot build a tree from
        text, meta = None, None
    if not text:
        text = _visible_text(html)
    return PageText(
        text=text,
        title=getattr(meta, "title", None) or None,
        date=getattr(meta, "date", None) or None,
        site=getattr(meta, "sitename", None) or None,
        url=getattr(meta, "url", None) or None,
    )


_SCRIPTS = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
_TAGS = re.compile(r"<[^>]*>")
_BLANKS = re.compile(r"[ \t\r\f\v]+")


def _visible_text(html: str) -> str:
    """Return the text of a page with scripts, styles and tags removed (the last resort)."""
    import html as html_module

    text = _TAGS.sub(" ", _SCRIPTS.sub(" ", html))
    text = html_module.unescape(text)
    lines = (_BLANKS.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)

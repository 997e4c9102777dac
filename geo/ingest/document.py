"""A document to ingest: its original bytes, its text, and what a web page says about itself.

Plain text must be UTF-8. A saved web page (``.html``/``.htm``, or bytes that
start like markup when no name says) is reduced to its article text with
trafilatura, offline (``geo.ingest.htmltext``); its title, date, site and
address are kept as *suggestions* for the analyst to confirm. The archive
keeps the original bytes and their SHA-256, so the same file ingested again is
recognised whatever its name.

Refused, with one line naming the input (``BadDocument``): bytes that are not
UTF-8, text holding NUL characters (a binary file), an empty text or a page
with no text at all, and inputs over ``MAX_BYTES``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from geo.ingest.htmltext import PageText, is_html_path

#: The largest input read (a news article is a few tens of kilobytes; a saved page a few MB).
MAX_BYTES = 20 * 1024 * 1024
_MARKUP = re.compile(rb"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)


class BadDocument(ValueError):
    """An input that cannot be ingested; ``str()`` is one line naming it."""


@dataclass(frozen=True)
class Document:
    """One input, read and reduced to text.

    Parameters
    ----------
    name : how messages name it (the path as given, or "standard input").
    original : the bytes as read (archived with their SHA-256).
    text : the text the drafts quote (for a page, its article text).
    file_name : the file's name (None for standard input or an upload without one).
    page : what a web page says about itself (None for plain text).
    """

    name: str
    original: bytes
    text: str
    file_name: str | None = None
    page: PageText | None = None

    @property
    def sha256(self) -> str:
        """The SHA-256 of the original bytes (hex)."""
        return hashlib.sha256(self.original).hexdigest()

    def suggestions(self) -> dict[str, str | None]:
        """Title, date, site and address the page gives (all None for plain text)."""
        if self.page is None:
            return {"title": None, "date": None, "site": None, "url": None}
        return self.page.suggestions()

    def suggested_date(self) -> dt.date | None:
        """Return the page's own date when it reads as a calendar date (a suggestion)."""
        text = (self.suggestions().get("date") or "")[:10]
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None


def read_document(data: bytes, name: str, *, html: bool | None = None) -> Document:
    """Read one input's bytes.

    Parameters
    ----------
    data : the bytes.
    name : the path or file name (its suffix says whether it is a page), for messages.
    html : whether it is a web page (None: by the name's suffix, else by the first bytes).

    Raises
    ------
    BadDocument
    """
    shown = name or "the document"
    if len(data) > MAX_BYTES:
        raise BadDocument(
            f"{shown}: {len(data):,} bytes is more than the {MAX_BYTES:,} an article may have"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BadDocument(
            f"{shown}:{line}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise BadDocument(f"{shown}:{line}: holds NUL characters; not a text document")
    if html is None:
        html = is_html_path(name) if Path(name).suffix else _MARKUP.match(data) is not None
    page = None
    if html:
        from geo.ingest.htmltext import page_text

        page = page_text(text)
        text = page.text
    if not text.strip():
        what = "no article text found in the page" if html else "no text"
        raise BadDocument(f"{shown}: {what}")
    file_name = Path(name).name if name and name != "standard input" else None
    return Document(shown, data, text, file_name, page)


def read_path(path: str) -> Document:
    """Read a file (``-``: standard input) and reduce it to text.

    Raises
    ------
    BadDocument
        For a file that cannot be read as well as for one that cannot be ingested.
    """
    import sys

    name = "standard input" if path == "-" else path
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise BadDocument(f"{name}: file not found") from None
    except IsADirectoryError:
        raise BadDocument(f"{name}: is a directory") from None
    except OSError as exc:
        raise BadDocument(f"{name}: cannot read ({exc.strerror or exc})") from None
    return read_document(data, name)

"""Explicit bidirectional controls in text from documents: found, and kept to their own text.

A right-to-left override (U+202E) that is never closed reverses everything
after it in the same paragraph: the rest of a popup line, of a table cell, of a
card. The readers refuse text whose explicit embeddings, overrides or isolates
are not closed (:func:`unbalanced`); the faces show any other text that holds
such controls inside an isolate (:func:`isolate`), the plain-text equivalent of
HTML's ``<bdi>``.
"""

from __future__ import annotations

import re

#: Openers closed by PDF (U+202C): LRE, RLE, LRO, RLO.
EMBEDDINGS = "\u202a\u202b\u202d\u202e"
#: Openers closed by PDI (U+2069): LRI, RLI, FSI.
ISOLATES = "\u2066\u2067\u2068"
PDF, PDI, FSI = "\u202c", "\u2069", "\u2068"

_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

_NAMES = {
    "\u202a": "left-to-right embedding (U+202A)",
    "\u202b": "right-to-left embedding (U+202B)",
    "\u202d": "left-to-right override (U+202D)",
    "\u202e": "right-to-left override (U+202E)",
    "\u2066": "left-to-right isolate (U+2066)",
    "\u2067": "right-to-left isolate (U+2067)",
    "\u2068": "first-strong isolate (U+2068)",
    PDF: "pop directional formatting (U+202C)",
    PDI: "pop directional isolate (U+2069)",
}


def has_controls(text: str) -> bool:
    """Whether ``text`` holds any explicit bidirectional control."""
    return _CONTROLS.search(text) is not None


def _open_after(text: str) -> tuple[list[str], list[str]]:
    """Scan ``text``: the controls left open at its end, and the closers with nothing to close."""
    stack: list[str] = []
    strays: list[str] = []
    for char in _CONTROLS.findall(text):
        if char in EMBEDDINGS or char in ISOLATES:
            stack.append(char)
        elif char == PDF:
            if stack and stack[-1] in EMBEDDINGS:
                stack.pop()
            else:
                strays.append(char)
        elif any(c in ISOLATES for c in stack):  # a PDI closes its isolate and all within it
            while stack.pop() not in ISOLATES:
                pass
        else:
            strays.append(char)
    return stack, strays


def unbalanced(text: str) -> str | None:
    """Say what is left open (or closed without an opener) in ``text``, or return None.

    Examples
    --------
    >>> unbalanced("Basra \u202eevil")
    'an unclosed right-to-left override (U+202E)'
    >>> unbalanced("\u202bمنفذ\u202c ok") is None
    True
    """
    if not has_controls(text):
        return None
    stack, strays = _open_after(text)
    if stack:
        return f"an unclosed {_NAMES[stack[0]]}"
    if strays:
        return f"a {_NAMES[strays[0]]} with nothing to close"
    return None


def isolate(text: str) -> str:
    """Return ``text`` unchanged, or, when it holds bidirectional controls, inside an isolate.

    The isolate (FSI ... PDI) closes whatever the text left open, so nothing
    after it is reordered: the plain-text ``<bdi>``. A stray PDI in the text
    is given an FSI of its own, so that it cannot close the isolate early.

    Examples
    --------
    >>> isolate("Basra")
    'Basra'
    >>> isolate("a\u202eb") == "\u2068a\u202eb\u202c\u2069"
    True
    """
    if not has_controls(text):
        return text
    stack, strays = _open_after(text)
    openers = FSI * strays.count(PDI)
    closers = "".join(PDF if c in EMBEDDINGS else PDI for c in reversed(stack))
    return f"{FSI}{openers}{text}{closers}{PDI}"

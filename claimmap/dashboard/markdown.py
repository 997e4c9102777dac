"""Data text for Markdown: shown as written, never interpreted.

Streamlit's ``st.markdown`` and ``st.caption`` read Markdown plus their own
directives (``:red[...]``, ``:material/...:``, ``$...$`` LaTeX, emoji short
codes). Escaping every ASCII punctuation mark with a backslash (CommonMark
allows it for all of them) turns each of these back into plain characters.
"""

from __future__ import annotations

import re
from typing import Any

from geo.bidi import isolate

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&\"'=^%@/,;?])")


def escape_markdown(text: Any) -> str:
    """Escape data for Markdown: every ASCII punctuation mark backslash-escaped.

    Links, images, emphasis, HTML, emoji short codes, colour directives and
    LaTeX all show as the literal characters; runs of white space (line breaks
    too) become one space; bidirectional controls stay inside an isolate.

    Parameters
    ----------
    text : any value (shown as ``str(text)``).

    Returns
    -------
    str
        Markdown source that renders as the text.
    """
    return isolate(_SPECIAL.sub(r"\\\1", " ".join(str(text).split())))

"""The PDF brief: the map on an A4 landscape page, then an A4 entry for every claim in view.

Pages after the map open with what the brief holds (filter, how to read an
entry, the documents with their SHA-256, the story if one is given), then list
the claims by event date. Text is laid out here: each field is wrapped to its
column by measured widths, rows are gathered into blocks kept on one page
where they fit, and pages are drawn with matplotlib (the same text shaping and
fonts as the map: Arabic and Persian names join and run right to left) into
one PDF with ``PdfPages``. Fonts are embedded as TrueType (``pdf.fonttype`` 42),
so the text can be searched and copied.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from layers.publish import captions
from layers.publish import ink as colours
from layers.publish.entries import (
    ClaimEntry,
    claim_entry,
    custody_text,
    document_hash,
    entry_order,
)
from layers.publish.mapfigure import A4_LANDSCAPE, A4_PORTRAIT, PrintOptions, map_figure
from layers.publish.text import clean

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 0.75, 0.85, 0.8
LABEL_W = 1.45
BODY, SMALL, HEADING, TITLE = 8.6, 7.4, 10.5, 16.0
LEADING = 1.36

READING = (
    "Each entry is one claim as one document reports it. The statement is claimmap's "
    "summary in neutral words; the quote is the document's own. Independent sources "
    "counts the first reporters behind the underlying claim, following who cites whom: "
    "outlets relaying the same interview count once. Conflicts lists figures or dates "
    "reported differently for the same underlying claim. The grade is the Admiralty code "
    "(source reliability A–F, information credibility 1–6); F6 means not assessed. "
    "Nothing in this brief has been verified by claimmap."
)


@dataclass
class Row:
    """One line of a page: its height and the texts on it (x in inches, text, look)."""

    height: float
    texts: list[tuple[float, str, dict[str, Any]]] = field(default_factory=list)
    marker: tuple[str, str] | None = None  # (colour, style.SHAPES name) at the left margin


@dataclass
class Block:
    """Rows kept on one page when they fit on one."""

    rows: list[Row]

    @property
    def height(self) -> float:
        """Total height in inches."""
        return sum(row.height for row in self.rows)


class Typesetter:
    """Turns text into rows of wrapped lines, measured with the page's fonts."""

    def __init__(self, ink: colours.Ink):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.ink = ink
        self.renderer = FigureCanvasAgg(Figure(figsize=A4_PORTRAIT, dpi=72)).get_renderer()
        self.width = A4_PORTRAIT[0] - 2 * MARGIN_X
        self._measures: dict[tuple[Any, ...], Any] = {}

    def look(self, size: float, **kw: Any) -> dict[str, Any]:
        """Return text settings at ``size`` design points (see ``Ink.text``)."""
        return self.ink.text(size, **kw)

    def lines(self, text: str, look: dict[str, Any], width: float) -> list[str]:
        """Wrap ``text`` to ``width`` inches."""
        from layers.publish.text import wrap

        key = (look["fontsize"], look["fontweight"], look["fontstyle"])
        if key not in self._measures:
            self._measures[key] = colours.measurer(self.renderer, look)
        return wrap(text, width * 72.0, self._measures[key])

    def paragraph(self, text: str, size: float = BODY, gap: float = 4.0, **kw: Any) -> Block:
        """Return a full-width paragraph."""
        look = self.look(size, **kw)
        height = self.ink.pt(size) * LEADING / 72
        rows = [
            Row(height, [(MARGIN_X, line, look)]) for line in self.lines(text, look, self.width)
        ]
        rows.append(Row(self.ink.pt(gap) / 72))
        return Block(rows)

    def fields(self, fields: Iterable[tuple[str, str, str]]) -> list[Row]:
        """Return label/value rows: the label in the left column, the value wrapped beside it."""
        label_look = self.look(SMALL, weight="bold", color=colours.MUTED)
        height = self.ink.pt(BODY) * LEADING / 72
        rows = []
        for label, value, style in fields:
            look = self.look(BODY, style=style, sample=value)
            for i, line in enumerate(self.lines(value, look, self.width - LABEL_W)):
                row = Row(height, [(MARGIN_X + LABEL_W, line, look)])
                if i == 0:
                    row.texts.insert(0, (MARGIN_X, label, label_look))
                rows.append(row)
        return rows

    def entry(self, entry: ClaimEntry) -> Block:
        """Return a claim's block: its heading with the type's marker, then its fields."""
        look = self.look(HEADING, weight="bold", sample=entry.heading)
        rows = [Row(self.ink.pt(6) / 72)]
        rows += [
            Row(
                self.ink.pt(HEADING) * 1.5 / 72,
                [(MARGIN_X + 0.2, line, look)],
                (entry.color, entry.shape) if i == 0 else None,
            )
            for i, line in enumerate(self.lines(entry.heading, look, self.width - 0.2))
        ]
        rows += self.fields(entry.fields)
        rows.append(Row(self.ink.pt(5) / 72))
        return Block(rows)


def intro_blocks(
    typesetter: Typesetter, dataset: Any, options: PrintOptions, numbers: dict[str, int]
) -> list[Block]:
    """Return the opening blocks: title, filter, how to read, documents, stories.

    ``numbers`` maps the claims in view to their entry numbers.
    """
    blocks = [
        typesetter.paragraph(
            captions.title(options.start, options.end, options.title), TITLE, weight="bold"
        ),
        typesetter.paragraph(
            captions.filter_line(dataset, options.total, options.start, options.end, options.note),
            color=colours.MUTED,
            gap=10,
        ),
        typesetter.paragraph("How to read this brief", HEADING, weight="bold", gap=2),
        typesetter.paragraph(READING, gap=10),
        typesetter.paragraph("Documents of the claims in view", HEADING, weight="bold", gap=2),
    ]
    for source in captions.documents_in_view(dataset):
        rows = typesetter.fields(
            [
                ("Document", captions.source_text(source), "normal"),
                ("URL", clean(source.url) or "not given", "normal"),
                ("SHA-256", document_hash(dataset, source.id), "normal"),
                ("Custody", custody_text(dataset, source.id), "normal"),
            ]
        )
        blocks.append(Block([*rows, Row(typesetter.ink.pt(5) / 72)]))
    for story in options.stories:
        blocks += story_blocks(typesetter, story, numbers)
    count = len(dataset.claims)
    heading = f"Claims in view ({count}), by event date"
    blocks.append(typesetter.paragraph(heading, HEADING + 1, weight="bold", gap=2))
    return blocks


def story_blocks(typesetter: Typesetter, story: Any, numbers: dict[str, int]) -> list[Block]:
    """Return a story's blocks: its title, then each step with its dates and claims.

    Each claim cited is given with its entry number, or as not in this view.
    """

    def cited(claim_id: str) -> str:
        number = numbers.get(claim_id)
        return f"{claim_id} (entry {number})" if number else f"{claim_id} (not in this view)"

    title = f"Story: {clean(story.title)}"
    blocks = [typesetter.paragraph(title, HEADING, weight="bold", sample=title, gap=2)]
    for number, step in enumerate(story.steps, 1):
        fields = [
            ("Dates", captions.date_range(step.start, step.end), "normal"),
            ("Text", clean(step.text), "normal"),
            ("Claims", ", ".join(cited(c) for c in step.claims) or "none", "normal"),
        ]
        if step.as_of:
            fields.insert(
                1, ("As of", f"documents published by {captions.day(step.as_of)}", "normal")
            )
        heading = f"{number}. {clean(step.title)}"
        title_block = typesetter.paragraph(heading, BODY, weight="bold", sample=heading, gap=1)
        rows = [*title_block.rows, *typesetter.fields(fields), Row(typesetter.ink.pt(5) / 72)]
        blocks.append(Block(rows))
    return blocks


def paginate(blocks: Iterable[Block], usable: float) -> list[list[Row]]:
    """Fill pages with blocks, moving a block to a new page when it does not fit there."""
    pages: list[list[Row]] = [[]]
    used = 0.0
    for block in blocks:
        if used and used + block.height > usable and block.height <= usable:
            pages.append([])
            used = 0.0
        for row in block.rows:
            if used + row.height > usable:
                pages.append([])
                used = 0.0
            if row.texts or pages[-1]:  # no blank space at the top of a page
                pages[-1].append(row)
                used += row.height
    return [page for page in pages if page]


class _Shaping:
    """What a renderer asks a Text for when it shapes a string: features and language."""

    def __init__(self, language: str | None):
        self.language = language

    def get_fontfeatures(self) -> None:
        """Return no OpenType features beyond the defaults."""
        return None

    def get_language(self) -> str | None:
        """Return the BCP 47 language of the string (``fa``, ``ar``) or None."""
        return self.language


def _text_rows(items: list[tuple[float, float, str, dict[str, Any]]]) -> Any:
    """Return one artist drawing many single lines of text at their baselines.

    A page holds a few hundred lines; matplotlib's Text lays each one out twice
    (to place it, then to draw it). These lines are already placed, so they go
    straight to the renderer: about 40 % less time for a long brief.
    """
    from matplotlib.artist import Artist
    from matplotlib.font_manager import FontProperties

    prepared = []
    props: dict[tuple[Any, ...], Any] = {}
    for x, y, text, look in items:
        key = (tuple(look["fontfamily"]), look["fontsize"], look["fontweight"], look["fontstyle"])
        if key not in props:
            props[key] = FontProperties(
                family=list(key[0]), size=key[1], weight=key[2], style=key[3]
            )
        prepared.append((x, y, text, props[key], look["color"], _Shaping(look.get("language"))))

    class TextRows(Artist):
        def draw(self, renderer: Any) -> None:
            gc = renderer.new_gc()
            dpi = self.figure.dpi
            for x, y, text, prop, color, shaping in prepared:
                gc.set_foreground(color)
                renderer.draw_text(gc, x * dpi, y * dpi, text, prop, 0.0, False, shaping)
            gc.restore()

    return TextRows()


def _draw_page(rows: list[Row], ink: colours.Ink, number: int, total: int, head: str) -> Any:
    """Return one A4 portrait page with ``rows`` drawn on it."""
    from matplotlib.figure import Figure

    width, height = A4_PORTRAIT
    fig = Figure(figsize=A4_PORTRAIT)
    muted = ink.text(SMALL, color=colours.MUTED)
    items = [
        (MARGIN_X, height - 0.5, head, ink.text(SMALL, color=colours.MUTED, sample=head)),
        (MARGIN_X, 0.45, "Claims as reported, not verified.", muted),
    ]
    fig.text(
        1 - MARGIN_X / width,
        0.45 / height,
        f"page {number} of {total}",
        ha="right",
        va="baseline",
        **muted,
    )
    y = height - MARGIN_TOP
    for row in rows:
        y -= row.height
        items += [(x, y, text, look) for x, text, look in row.texts]
        if row.marker:
            _marker(fig, row.marker, MARGIN_X + 0.07, y + ink.pt(3.2) / 72, ink)
    fig.add_artist(_text_rows(items))
    return fig


def _marker(fig: Any, marker: tuple[str, str], x: float, y: float, ink: colours.Ink) -> None:
    from matplotlib.lines import Line2D

    color, shape = marker
    width, height = A4_PORTRAIT
    symbol = colours.MARKERS.get(shape, "o")
    fig.add_artist(
        Line2D(
            [x / width],
            [y / height],
            marker=symbol,
            color=color,
            markersize=ink.pt(8) * colours.MARKER_BOOST.get(symbol, 1.0),
            markeredgecolor=colours.HALO,
            markeredgewidth=ink.pt(0.6),
            transform=fig.transFigure,
        )
    )


def brief_pages(dataset: Any, options: PrintOptions) -> Iterator[Any]:
    """Yield the brief's figures: the map page, then the text pages."""
    from layers.publish.fonts import find_fonts

    yield map_figure(dataset, options, page=A4_LANDSCAPE).figure
    ink = colours.Ink(1.0, find_fonts().families)
    typesetter = Typesetter(ink)
    ordered = entry_order(dataset.claims)
    numbers = {claim.id: number for number, claim in enumerate(ordered, 1)}
    blocks = intro_blocks(typesetter, dataset, options, numbers)
    for number, claim in enumerate(ordered, 1):
        blocks.append(typesetter.entry(claim_entry(dataset, claim, number)))
    pages = paginate(blocks, A4_PORTRAIT[1] - MARGIN_TOP - MARGIN_BOTTOM)
    head = f"claimmap brief · {captions.title(options.start, options.end, options.title)}"
    for number, rows in enumerate(pages, 2):
        yield _draw_page(rows, ink, number, len(pages) + 1, head)


def write_brief(dataset: Any, path: Any, options: PrintOptions) -> int:
    """Write the brief as one PDF at ``path`` (a plain path; callers make it atomic).

    Returns the number of pages.
    """
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    title = captions.title(options.start, options.end, options.title)
    metadata = {
        "Title": title,
        "Subject": captions.filter_line(
            dataset, options.total, options.start, options.end, options.note
        ),
        "Creator": "claimmap",
        "Keywords": "reported claims; not verified",
    }
    pages = 0
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path, metadata=metadata) as pdf:
        for figure in brief_pages(dataset, options):
            pdf.savefig(figure)
            pages += 1
    return pages

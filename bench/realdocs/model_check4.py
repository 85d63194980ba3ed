"""Model of the fourth set (bench/realdocs/check4; its documents are content_check4.py),
kept as the final blind check: nobody tunes on it. It reuses model_unseen's blocks and
truth and adds what that set lacks: rule styles that producers use besides booktabs
and full grids (a single rule under the header, an outer frame, a double bottom rule,
vertical rules only, shaded bands with no rules) and other page sizes and margins.

Truth conventions are model_unseen's: text in reading order; running headers and
footers are furniture and not in the text; a footnote's text follows the body text of
its page; superscript markers glued to their word; tables as spreadsheet grids. A table
that runs over a page break is one grid (its header once), as the spreadsheet has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench.realdocs import model_unseen as unseen
from bench.realdocs.model import Cell
from bench.realdocs.model_unseen import MultiCol, STable, UDoc

LINE = "0.75pt solid #000000"
THICK = "1.5pt solid #000000"
DOUBLE = "2.5pt double #000000"


@dataclass
class CTable(STable):
    """A report table with more rule styles: ``head`` (one rule under the header),
    ``frame`` (a box round the table and a rule under the header), ``double`` (thick
    top rule, rule under the header, double bottom rule), ``vlines`` (rules between
    columns only), ``zebra`` (shaded header and every other body row, no rules); and
    unseen's ``none``, ``booktabs``, ``rows`` and ``grid``."""

    shade: str = "#e4e4e4"


def _positions(rows: list[list[Cell | str]]) -> tuple[list[list[tuple[int, int]]], int]:
    """Each cell's first grid column and span (cells spanned from above take room), and
    the grid's width: a frame or a column rule belongs to the grid, not to the row."""
    taken: set[tuple[int, int]] = set()
    out: list[list[tuple[int, int]]] = []
    for r, row in enumerate(rows):
        c, spots = 0, []
        for cell in row:
            cl = cell if isinstance(cell, Cell) else Cell(cell)
            while (r, c) in taken:
                c += 1
            spots.append((c, cl.colspan))
            taken.update((r + dr, c + dc) for dr in range(cl.rowspan) for dc in range(cl.colspan))
            c += cl.colspan
        out.append(spots)
    return out, max(c for _, c in taken) + 1


def _edges(t: CTable, r: int, cell: Cell, spot: tuple[int, int], ncols: int, rtl: bool) -> list[str]:
    first, span = spot
    bottom = r + cell.rowspan - 1
    last = len(t.rows) - 1
    head_end = bottom == t.header_rows - 1
    start, end = ("right", "left") if rtl else ("left", "right")
    css: list[str] = []
    if t.rules == "head" and head_end:
        css.append(f"border-bottom: {LINE}")
    elif t.rules == "frame":
        if r == 0:
            css.append(f"border-top: {LINE}")
        if head_end or bottom == last:
            css.append(f"border-bottom: {LINE}")
        if first == 0:
            css.append(f"border-{start}: {LINE}")
        if first + span == ncols:
            css.append(f"border-{end}: {LINE}")
    elif t.rules == "double":
        if r == 0:
            css.append(f"border-top: {THICK}")
        if head_end:
            css.append(f"border-bottom: {LINE}")
        if bottom == last:
            css.append(f"border-bottom: {DOUBLE}")
    elif t.rules == "vlines" and first + span < ncols:
        css.append(f"border-{end}: {LINE}")
    elif t.rules == "zebra" and (r < t.header_rows or (r - t.header_rows) % 2 == 1):
        css.append(f"background: {t.shade}")
    elif t.rules == "booktabs":
        if r == 0:
            css.append(f"border-top: {LINE}")
        if head_end or bottom == last:
            css.append(f"border-bottom: {LINE}")
    elif t.rules == "rows":
        css.append(f"border-bottom: {LINE}")
    return css


def _ctable_html(t: CTable, rtl: bool) -> str:
    spots, ncols = _positions(t.rows)
    out = []
    for r, row in enumerate(t.rows):
        cells = []
        for c, cell in enumerate(row):
            cl = cell if isinstance(cell, Cell) else Cell(cell)
            tag = "th" if cl.header or r < t.header_rows else "td"
            css = _edges(t, r, cl, spots[r][c], ncols, rtl)
            if c == 0 and r in t.indent:
                css.append("padding-right: 0.5cm" if rtl else "padding-left: 0.5cm")
            attrs = f' width="{t.col_widths[c]}%"' if r == 0 and c < len(t.col_widths) else ""
            attrs += f' colspan="{cl.colspan}"' if cl.colspan > 1 else ""
            attrs += f' rowspan="{cl.rowspan}"' if cl.rowspan > 1 else ""
            end, start = (' align="left"', ' align="right"') if rtl else (' align="right"', ' align="left"')
            if tag == "th" and cl.colspan > 1:
                attrs += ' align="center"'
            elif spots[r][c][0] > 0 and (tag == "th" or unseen._NUMERIC.match(cl.text)):
                attrs += end
            else:
                attrs += start
            if t.rules == "zebra" and css:
                attrs += f' bgcolor="{t.shade}"'
            if css:
                attrs += f' style="{"; ".join(css)}"'
            body = unseen.rich(cl.text)
            if tag == "th" or r in t.bold:
                body = f"<b>{body}</b>"
            if t.size:
                body = f'<font style="font-size: {t.size}pt">{body}</font>'
            cells.append(f'<{tag}{attrs} valign="top">{body}</{tag}>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    border = 'border="1"' if t.rules == "grid" else 'border="0"'
    return f'<table width="{t.width}" {border} cellspacing="0" cellpadding="3">' + "\n".join(out) + "</table>"


@dataclass
class CDoc(UDoc):
    """A UDoc with its own page: ``page`` is the CSS of @page (size and margins)."""

    page: str = "margin: 2cm"


def block_html(b: Any, doc: UDoc, files: dict[str, str]) -> str:
    if isinstance(b, CTable):
        return _ctable_html(b, doc.rtl)
    if isinstance(b, MultiCol):
        inner = "\n".join(block_html(x, doc, files) for x in b.blocks)
        return f'<multicol cols="{b.cols}" gutter="20">\n{inner}\n</multicol>'
    return unseen.block_html(b, doc, files)


def to_html(doc: CDoc) -> tuple[str, dict[str, str]]:
    """The HTML and the side files it refers to; model_unseen's page with CTable and @page."""
    files: dict[str, str] = {}
    d = ' dir="rtl"' if doc.rtl else ""
    parts = unseen.page_parts(doc, files, block_html)
    css = (
        f"@page {{ {doc.page} }}\n"
        f"body, p, li, td, th {{ font-family: '{doc.font}'; font-size: {doc.size}pt; }}\n"
        f"h1, h2, h3, h4 {{ font-family: '{doc.font}'; }}\n"
    )
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{doc.lang}"{d}><head><meta charset="utf-8">'
        f"<title>{doc.name}</title><style>{css}</style></head>\n<body{d}>\n{body}\n</body></html>\n",
        files,
    )


def truth(doc: CDoc) -> dict[str, Any]:
    """model_unseen's truth: a CTable is an STable, so its grid is the same."""
    return unseen.truth(doc)

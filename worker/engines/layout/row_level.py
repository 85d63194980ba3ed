"""Whether a row's cells stand level with each other as a table row's do, where a cell
wraps onto more lines than the others: a financial statement's long label beside one
line of figures.

A statement sets the figures of a label wrapped onto two or three lines level with its
last line, or in the middle of the label's lines (a cell's vertical centring). The rows
of the page then hold the label's lines with the figures, or, where the figures overlap
one of them by less than half a line, the first line with the figures and the rest in a
row of its own: the wrapped cell's lines are looked for in the rows beside it too
(:func:`_wraps`). The region splitter asks whether a column of long lines is such a label
column or a paragraph beside a grid (segment.py); the table finder whether the rows of a
grid are table rows or two blocks of text that sit side by side (tables.py).
"""

from __future__ import annotations

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine, font_size

# Within a tenth of an em: a paragraph's lines come that close to a row only by chance.
_LEVEL_EM = 0.12
# A cell's next line follows within this much of an em (a wrapped line, not the next row).
_WRAP_GAP_EM = 0.5
# A cell taller than this many ems holds more than one line.
_ONE_LINE_EM = 1.5


def level_with(own: list[LayoutLine], others: list[LayoutLine], wrapped: list[list[LayoutLine]]) -> bool:
    """Whether lines of other columns ``others`` stand level with the cell ``own`` as a
    table row's cells stand with its description: a top or a bottom at one of its lines
    (a box's bottom is its baseline only without descenders, "Galway" beside "2" ends
    lower by a fifth of an em, and its top only without ascenders; a description may
    wrap above its row's figures, set level with its last line), or the middle at the
    middle of the cell's lines, with ``wrapped`` (the cell's lines with those in the rows
    beside it, :func:`cell_wraps`)."""
    tol = _LEVEL_EM * font_size(own[0])
    for o in others:
        _, otop, _, obottom = o.bbox
        for ln in own:
            if abs(obottom - ln.bbox[3]) <= tol or abs(otop - ln.bbox[1]) <= tol:
                return True
        middle = (otop + obottom) / 2
        if any(abs(_middle(lns) - middle) <= tol for lns in wrapped):
            return True
    return False


def cell_wraps(bands: list[Band], i: int, cuts: Cuts, col: int) -> list[list[LayoutLine]]:
    """The lines the cell in column ``col`` of row ``i`` may have: its own, with those of
    the row above or below it, or both, where such a row holds lines in that column
    only, a wrapped line's gap from the cell's lines (:func:`_wraps`)."""
    own = band_cells(bands[i], cuts)[col]
    above = _wraps(bands, i, i - 1, cuts, col, own)
    below = _wraps(bands, i, i + 1, cuts, col, own)
    options = [own]
    if above:
        options.append([*above, *own])
    if below:
        options.append([*own, *below])
    if above and below:
        options.append([*above, *own, *below])
    return options


def aligned(bands: list[Band], i: int, cuts: Cuts) -> bool:
    """Whether row ``i``'s cells stand on one baseline, as a table row's do: one font
    size, and the cells' bottoms within a quarter of an em (a table's figures may be set
    a little off their label's baseline), but for cells wrapped onto more lines that
    stand level with the others (:func:`_on_baseline`). Two blocks of text that merely
    sit side by side (a letterhead beside an address) drift apart."""
    band = bands[i]
    sizes = [font_size(ln) for ln in band]
    size = min(sizes)
    tol = 0.25 * size
    bottoms = [ln.bbox[3] for ln in band]
    if max(sizes) > 1.15 * size:
        # Two sizes: a grid's small labels beside their values ("Kontonr.:" before
        # "1234 5678 90") share each row's baseline; blocks side by side, each on its
        # own pitch, meet on one now and then only.
        return len(band) >= 4 and max(bottoms) - min(bottoms) <= tol
    if max(bottoms) - min(bottoms) <= tol:
        return True
    cells = band_cells(band, cuts)
    if len(cells) < 2:
        return False
    # The baseline is that of a one-line cell: the one with which every other cell stands
    # level, on its baseline or wrapped round it.
    for base_col, base in cells.items():
        top = min(ln.bbox[1] for ln in base)
        bottom = max(ln.bbox[3] for ln in base)
        if bottom - top > _ONE_LINE_EM * size:
            continue
        middle = (top + bottom) / 2
        if all(
            c == base_col or _on_baseline(lns, bottom, middle, tol, bands, i, cuts, c)
            for c, lns in cells.items()
        ):
            return True
    return False


def _on_baseline(
    lns: list[LayoutLine],
    bottom: float,
    middle: float,
    tol: float,
    bands: list[Band],
    i: int,
    cuts: Cuts,
    col: int,
) -> bool:
    """Whether the cell ``lns`` in column ``col`` of row ``i`` stands level with a one-line
    cell (its ``bottom`` and ``middle``): one of its lines on that baseline, or its lines,
    wrapped onto more than one line, round that middle."""
    if any(abs(ln.bbox[3] - bottom) <= tol for ln in lns):
        return True
    tall = _ONE_LINE_EM * font_size(lns[0])
    return any(
        _bottom(option) - _top(option) > tall and abs(_middle(option) - middle) <= tol
        for option in cell_wraps(bands, i, cuts, col)
    )


def _wraps(
    bands: list[Band], i: int, j: int, cuts: Cuts, col: int, own: list[LayoutLine]
) -> list[LayoutLine]:
    """The lines of row ``j`` beside row ``i`` that continue the cell ``own`` in column
    ``col``: the row holds lines in that column only, within ``_WRAP_GAP_EM`` of the
    cell's lines; else none."""
    if j < 0 or j >= len(bands):
        return []
    cells = band_cells(bands[j], cuts)
    lns = cells.get(col)
    if lns is None or len(cells) != 1:
        return []
    gap = _top(own) - _bottom(lns) if j < i else _top(lns) - _bottom(own)
    return lns if -_WRAP_GAP_EM * font_size(own[0]) < gap <= _WRAP_GAP_EM * font_size(own[0]) else []


def _top(lns: list[LayoutLine]) -> float:
    return min(ln.bbox[1] for ln in lns)


def _bottom(lns: list[LayoutLine]) -> float:
    return max(ln.bbox[3] for ln in lns)


def _middle(lns: list[LayoutLine]) -> float:
    return (_top(lns) + _bottom(lns)) / 2

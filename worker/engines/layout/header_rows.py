"""A table's header printed over two lines: the lines that only continue the header
cells above them (a unit under its label, a wrapped label's second half) join those
cells, in unruled tables (:func:`header_continued`) and ruled ones (grids.py shares
:func:`continues_header`)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from worker.engines.layout.model import Band, Cuts, LayoutLine, font_size
from worker.engines.layout.table_rows import Rule, apart, cut_words, is_figure, mostly_rtl


def header_continued(
    groups: list[list[Band]], cuts: Cuts, rules: Sequence[Rule], heads: dict[int, int]
) -> list[list[Band]]:
    """Rows with the header lines that only continue the header cells above them joined to
    those cells: a label's unit or the second half of a wrapped label printed on the next
    line ("Elevation" over "(m)", "Jan mean" over "(°C)").

    Only in the header, the rows above the first data row (a row with a figure in a cell),
    and only when a data row follows (a table of words has no header to tell by its
    figures). What :func:`continued` leaves apart, since a unit starts in upper case or
    with a bracket, or the row above it is the table's first."""
    figured = [any(is_figure(text) for band in g for text in _cells(band, cuts).values()) for g in groups]
    if not any(figured):
        return groups
    first = figured.index(True)
    out: list[list[Band]] = []
    for group in groups[:first]:
        if out and len(group) == 1 and _wraps_header(out[-1][-1], group[0], cuts, rules, heads):
            out[-1] = [*out[-1], group[0]]
        else:
            out.append(group)
    return [*out, *groups[first:]]


def _cells(band: Band, cuts: Cuts) -> dict[int, str]:
    """A band's text by column, its words placed by their centres."""
    out: dict[int, list[str]] = {}
    for ln in band:
        for col, piece in (cut_words(ln, cuts) if ln.words else {_col(ln, cuts): ln}).items():
            out.setdefault(col, []).append(piece.text.strip())
    return {col: " ".join(texts) for col, texts in out.items()}


def _col(ln: LayoutLine, cuts: Cuts) -> int:
    return bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2)


def _wraps_header(above: Band, band: Band, cuts: Cuts, rules: Sequence[Rule], heads: dict[int, int]) -> bool:
    """Whether ``band`` only continues the header cells of ``above``: at the line spacing,
    in its size, no rule between them, each of its cells short and no figure, under a
    cell of ``above`` in the same column, and not only the stub's (a lone label there
    starts a section of rows). A line of ``above`` that is a group header, or a cell
    reaching across a column boundary, makes ``above`` a row of group headers: the
    labels under it head its columns, they do not continue it."""
    size = font_size(band[0])
    if band.top - above.bottom > 0.6 * size or any(
        font_size(ln) > 1.15 * size or font_size(ln) < size / 1.15 for ln in above
    ):
        return False
    x0, x1 = min(ln.bbox[0] for ln in band), max(ln.bbox[2] for ln in band)
    if any(
        r1 - r0 > b - t and above.bottom <= (t + b) / 2 <= band.top and r0 < x1 and x0 < r1
        for r0, t, r1, b in rules
    ):
        return False
    for ln in [*above, *band]:
        if id(ln) in heads:
            return False
        pieces = cut_words(ln, cuts) if ln.words else {}
        if len(pieces) > 1 and not apart(pieces):
            return False  # one cell across columns
    return continues_header(_cells(above, cuts), _cells(band, cuts), len(cuts) if mostly_rtl([above]) else 0)


def continues_header(top: dict[int, str], cells: dict[int, str], stub: int) -> bool:
    """Whether a header line's cells (text by column) only continue the header cells
    ``top`` of the line above: each in a column where ``top`` has a cell, short and no
    figure (a unit, a wrapped label's second half), and not the stub's alone (a lone
    label there starts a section of rows). Rows of labels ("Account holder:", "Bank:")
    are a table of labels and values, not a header: a cell ending in a colon on either
    line rules it out. Shared with ruled grids (grids.py)."""
    return (
        bool(cells)
        and set(cells) <= set(top)
        and set(cells) != {stub}
        and all(not is_figure(text) and len(text.split()) <= 4 for text in cells.values())
        and not any(text.rstrip().endswith(":") for text in (*top.values(), *cells.values()))
    )

"""A table row whose cells stand off one baseline (table_cells.py asks, before a
wrapped cell's lines are joined): the page's rows of lines part it.

A row's cells are one line of the page when they share a baseline, or overlap by half a
line. A report's table may set a row's figures half a line below its label (a cell's
vertical centring gone astray in the export: "Brent Crude (US$/bbl)" and one figure on
one line, the other figures a few points lower), or centre one line of figures on a
label of two lines ("Emerging Markets &" over "Developing Economies", the figures
between them): the lines then make two or three rows, a label with empty figures and
figures under an empty label. A reader sees one row: the parts overlap each other (by
a quarter of a line or more, where two rows of a table stand apart) and fill different
columns, each part the cells the other lacks.
"""

from __future__ import annotations

import bisect

from worker.engines.layout.model import Band, Cuts

# Two rows' lines overlap by this share of the shorter at least to be one row's parts.
_OVERLAP = 0.25


def offset_rows(groups: list[list[Band]], cuts: Cuts) -> list[list[Band]]:
    """The table's rows (groups of bands) with a row joined to the one above it where
    their bands overlap by a quarter of a line or more and fill no column both."""
    out: list[list[Band]] = []
    for group in groups:
        if out and _parts(out[-1][-1], group[0], cuts):
            out[-1] = [*out[-1], *group]
        else:
            out.append(group)
    return out


def _parts(above: Band, band: Band, cuts: Cuts) -> bool:
    """Whether ``band`` and the band ``above`` it are parts of one row: overlapping by
    _OVERLAP of the shorter line, their lines in different columns."""
    height = min(ln.bbox[3] - ln.bbox[1] for ln in (*above, *band))
    if above.bottom - band.top < _OVERLAP * height:
        return False
    upper = {_column(ln.bbox, cuts) for ln in above}
    lower = {_column(ln.bbox, cuts) for ln in band}
    return not upper & lower


def _column(box: tuple[float, float, float, float], cuts: Cuts) -> int:
    return bisect.bisect_left(cuts, (box[0] + box[2]) / 2)

"""Lines printed over a table's rows rather than between them (tables.as_table reads them
as text after the table, not as rows of it).

A page's footer or a note placed by the producer at a fixed height, whatever the page
holds there, may land on a table's last rows: its line then stands between two rows
that keep their usual spacing, overlapping both, and runs across their cells. A row of
the table has room made for it (rows stand apart, a tightly set table's boxes overlap by
a sliver of their descent at most), and its cells keep to their columns: a wrapped
cell's line lies under its own cell, a section heading across the columns between rows
with a gap over and under it.
"""

from __future__ import annotations

from worker.engines.layout.model import Band

# Share of a line's height that it shares with the rows above and below it, together,
# past which it was printed over them: the room between two rows is less than half a
# line (tightly set rows overlap by their boxes' descent, a sixth of a line or so).
_OVER_SHARE = 0.5


def overprinted(bands: list[Band]) -> list[int]:
    """Indexes of the bands (rows, top down) printed over the rows above and below them:
    each overlaps both (their boxes together cover over half its height) and lies across
    two of their lines or more, on both sides."""
    out: list[int] = []
    for i in range(1, len(bands) - 1):
        above, band, below = bands[i - 1], bands[i], bands[i + 1]
        if out and out[-1] == i - 1:
            continue  # its neighbour above is no row of the table
        height = band.bottom - band.top
        up = min(above.bottom, band.bottom) - band.top
        down = band.bottom - max(below.top, band.top)
        if up <= 0 or down <= 0 or up + down <= _OVER_SHARE * height:
            continue
        if _across(band, above) and _across(band, below):
            out.append(i)
    return out


def _across(band: Band, row: Band) -> bool:
    """Whether a line of ``band`` lies over two of ``row``'s lines or more, side by side."""
    return any(sum(ln.bbox[0] < r.bbox[2] and r.bbox[0] < ln.bbox[2] for r in row) >= 2 for ln in band)

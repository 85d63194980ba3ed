"""Grids of keys and their values (tables.py asks): a first column of keys set bold beside
plain values makes a grid a table, as a column of figures or of "Label:" keys does, and a
value of several lines beside its key is one cell."""

from __future__ import annotations

import bisect

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts
from worker.engines.layout.table_rows import is_figure, mostly_rtl


def bold_keys(bands: list[Band], cuts: Cuts) -> bool:
    """Whether the grid's first column is a column of keys set in bold beside plain values
    (an infobox, a data sheet: "Born   943/944"): in three of its multi-cell rows or more,
    and nine in ten, the key cell is bold and the others are not. Two blocks of text side
    by side do not set one of them bold line for line level with the other."""
    key = len(cuts) if mostly_rtl(bands) else 0
    multi = keyed = 0
    for band in bands:
        cells = band_cells(band, cuts)
        if len(cells) < 2:
            continue
        multi += 1
        lns = cells.get(key)
        keyed += (
            lns is not None
            and all(ln.bold for ln in lns)
            and not any(ln.bold for col, o in cells.items() if col != key for ln in o)
        )
    return keyed >= 3 and 10 * keyed >= 9 * multi


def keyed_values(groups: list[list[Band]], cuts: Cuts, key: int) -> list[list[Band]]:
    """Rows of a key/value grid (:func:`bold_keys`) with the lines that stand alone in a
    value column under them, no key of their own, joined to them: a value of several
    lines (a list of names beside "Spouses") is one cell. A figure alone stays a row (a
    total under a column of amounts)."""
    out: list[list[Band]] = []
    for group in groups:
        lone = len(group) == 1 and len(group[0]) == 1 and not is_figure(group[0][0].text)
        if lone and out:
            ln = group[0][0]
            col = bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2)
            above = [band_cells(b, cuts) for b in out[-1]]
            if col != key and any(key in c for c in above) and any(col in c for c in above):
                out[-1] = [*out[-1], group[0]]
                continue
        out.append(group)
    return out

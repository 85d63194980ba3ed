"""A table's header lines set alone on their row and centred over the columns that the
header row beside them fills: cells spanning those columns (worker/engines/layout/tables.py
places them)."""

from __future__ import annotations

import bisect

from worker.engines.layout.model import Band, Cuts, font_size


def span_heads(bands: list[Band], cuts: Cuts, rtl: bool) -> dict[int, int]:
    """Lone header lines centred over a run of the header row next to them, each with
    the first column of that run (the last, right to left), by ``id`` of their line.

    A financial statement centres "Year Ended" over its three date columns, and
    "(In millions)" under them: over the middle column too, as far as the line's own
    extent goes (three columns of one width share their centre with the middle one),
    so the column boxes cannot tell the span (:func:`.table_rows.group_heads` leaves
    such a line in the column it lies in). The header row beside it can: a line
    centred, within a quarter em, on the run of cells that the next (or else the
    previous) header row sets side by side heads them all. The header rows are those
    above the first row with a label in the stub column (dates and years are figures,
    the stub's labels tell the body); each row beside the line has one line a cell.
    """
    if not cuts:
        return {}
    stub = len(cuts) if rtl else 0
    head: list[Band] = []
    for band in bands:
        if any(bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2) == stub for ln in band):
            break
        head.append(band)
    if len(head) < 2 or len(head) == len(bands):
        return {}
    out: dict[int, int] = {}
    for k, band in enumerate(head):
        if len(band) != 1:
            continue
        ln = band[0]
        x0, _, x1, _ = ln.bbox
        for other in (head[k + 1] if k + 1 < len(head) else None, head[k - 1] if k else None):
            if other is None or len(other) < 2:
                continue
            cols = sorted(bisect.bisect_left(cuts, (o.bbox[0] + o.bbox[2]) / 2) for o in other)
            if len(set(cols)) != len(cols) or cols[-1] - cols[0] != len(cols) - 1:
                break  # not one cell per column, side by side: no run to head
            left = min(o.bbox[0] for o in other)
            right = max(o.bbox[2] for o in other)
            if left <= x0 and x1 <= right and abs((x0 + x1) - (left + right)) <= 0.5 * font_size(ln):
                out[id(ln)] = cols[-1] if rtl else cols[0]
            break
    return out

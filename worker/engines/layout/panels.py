"""Framed boxes of a page's rules: the box two horizontal and two vertical rules close,
and boxes set side by side read as blocks of their own (a report's key figures, each in a
card), not as one table's cells (grids.py finds the boxes among its grids)."""

from __future__ import annotations

import itertools

from worker.engines.layout.model import LayoutLine, Proto, Row, font_size
from worker.engines.layout.rule_groups import Seg
from worker.engines.layout.thresholds import RULE_SNAP_PT

Frame = tuple[float, float, float, float]  # x0, top, x1, bottom
_PANEL_GAP = 3.0  # pt between frames side by side: closer, they are a table's cells (border-spacing)


def frame_of(hs: list[Seg], vs: list[Seg]) -> Frame | None:
    """The box that two horizontal and two vertical rules close, or None."""
    (top, a0, a1), (bottom, b0, b1) = sorted(hs)
    (left, c0, c1), (right, d0, d1) = sorted(vs)
    sides = all(abs(p - q) <= RULE_SNAP_PT for p, q in ((a0, left), (b0, left), (a1, right), (b1, right)))
    ends = all(abs(p - q) <= RULE_SNAP_PT for p, q in ((c0, top), (d0, top), (c1, bottom), (d1, bottom)))
    if not (sides and ends) or right - left <= 0 or bottom - top <= 0:
        return None
    return left, top, right, bottom


def framed_panels(frames: list[Frame], lines: list[LayoutLine]) -> tuple[list[Proto], list[LayoutLine]]:
    """Blocks of text drawn in frames set side by side (a report's key figures, each in a
    card of its own: a label, a large number, a change), and the lines outside them.

    The cards' lines line up across the cards as a table's rows do, and would be read as
    one; each card is a block of its own, read whole, left to right. Frames side by side
    are level, apart (a table drawn cell by cell with spacing between its cells has them
    a point or two apart), and each holds two rows of text at least, no line reaching
    out of it."""
    out: list[Proto] = []
    rest = lines
    for row in _level_rows(frames):
        inside: list[list[LayoutLine]] = [[] for _ in row]
        outside: list[LayoutLine] = []
        crossing = False
        for ln in rest:
            x0, t, x1, b = ln.bbox
            cx, cy = (x0 + x1) / 2, (t + b) / 2
            k = next((i for i, f in enumerate(row) if f[0] < cx < f[2] and f[1] < cy < f[3]), -1)
            if k >= 0:
                f = row[k]
                crossing = crossing or x0 < f[0] - RULE_SNAP_PT or x1 > f[2] + RULE_SNAP_PT
                inside[k].append(ln)
            else:
                crossing = crossing or any(x0 < f[2] and f[0] < x1 and t < f[3] and f[1] < b for f in row)
                outside.append(ln)
        if crossing or any(not lns or len(text_rows(lns, 0.0, 0.0)) < 3 for lns in inside):
            continue
        out.extend(panel(lns) for lns in inside)
        rest = outside
    return out, rest


def _level_rows(frames: list[Frame]) -> list[list[Frame]]:
    """Frames in groups of two or more side by side: tops and bottoms level, apart."""
    rows: list[list[Frame]] = []
    for f in sorted(frames, key=lambda f: (f[1], f[0])):
        row = rows[-1] if rows else None
        if (
            row is not None
            and abs(row[0][1] - f[1]) <= RULE_SNAP_PT
            and abs(row[0][3] - f[3]) <= RULE_SNAP_PT
        ):
            row.append(f)
        else:
            rows.append([f])
    out: list[list[Frame]] = []
    for row in rows:
        row.sort()
        if len(row) >= 2 and all(b[0] - a[2] >= _PANEL_GAP for a, b in itertools.pairwise(row)):
            out.append(row)
    return out


def panel(lns: list[LayoutLine], *, ordered: bool = False) -> Proto:
    """A frame's lines as one block, top down (``ordered``: they come in reading order)."""
    if not ordered:
        lns = sorted(lns, key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))
    rows = [Row(ln.text.strip(), *ln.bbox, font_size(ln), ln.bold, ln.confidence, ln.words) for ln in lns]
    sizes = sorted(r.size for r in rows)
    return Proto(
        kind="paragraph",
        rows=rows,
        size=sizes[len(sizes) // 2],
        x0=min(r.x0 for r in rows),
        x1=max(r.x1 for r in rows),
    )


def text_rows(pieces: list[LayoutLine], top: float, bottom: float) -> list[float]:
    """Row boundaries from the lines' vertical extents: between lines that do not overlap."""
    spans = sorted((p.bbox[1], p.bbox[3]) for p in pieces)
    ys = [top]
    end = spans[0][1]
    for t, b in spans[1:]:
        if t >= end - 0.25 * (b - t):
            ys.append((end + t) / 2)
        end = max(end, b)
    ys.append(bottom)
    return ys

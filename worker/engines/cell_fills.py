"""Which sides of a page's filled rectangles are lines one sees: the rules that cell
backgrounds draw.

Spreadsheet exports paint a table's shading as many filled rectangles, not one per
cell: a cell's left and right padding, its text area and a strip under it, each a
rectangle of the same colour, and the next cell's pieces right beside them. Every side
of every piece taken as a rule (as a stroked rectangle's sides are) cuts cells into
their padding and text area, and splits a shaded header cell's lines into rows of their
own. Where two rectangles of one colour touch along a side, nothing is seen there: only
the outline of the shaded area is. So each side keeps only the stretches that no
rectangle of the same colour continues past.

Read by :func:`worker.engines.drawings.extract_drawings` for the filled, unstroked
rectangles of a page (white ones are not kept at all: paper on paper).
"""

from __future__ import annotations

from collections import defaultdict

from worker.engines.textlayer import Rule

Colour = tuple[int, int, int, int]
Fill = tuple[float, float, float, float, Colour]  # x0, top, x1, bottom in the text's frame; colour

_TOUCH = 0.3  # sides this close (pt) touch: rounding noise of one exporter's coordinates
_HALF = 0.25  # half the thickness of a rule made of a side (as drawings._edges makes a hairline's)
_MIN_RULE = 6.0  # drawings._MIN_RULE: a shorter stretch is no rule

_Key = tuple[Colour, int]  # colour, and a side's position in _TOUCH bins


def seen_sides(fills: list[Fill], pads: list[Fill]) -> list[Rule]:
    """The sides of ``fills`` as rules, without the stretches another fill of the same
    colour continues past (the two touch there: no line is seen). ``pads``: small filled
    rectangles (a cell's padding), which hide the sides they touch but make no rules, as
    small shapes make none."""
    fills = _visible(fills)
    # Where each fill's sides are, by colour and position (and exactly), to find what
    # touches them.
    top_at: dict[_Key, list[tuple[float, float, float]]] = defaultdict(list)
    bottom_at: dict[_Key, list[tuple[float, float, float]]] = defaultdict(list)
    left_at: dict[_Key, list[tuple[float, float, float]]] = defaultdict(list)
    right_at: dict[_Key, list[tuple[float, float, float]]] = defaultdict(list)
    for x0, top, x1, bottom, colour in fills + pads:
        top_at[colour, _bin(top)].append((top, x0, x1))
        bottom_at[colour, _bin(bottom)].append((bottom, x0, x1))
        left_at[colour, _bin(x0)].append((x0, top, bottom))
        right_at[colour, _bin(x1)].append((x1, top, bottom))
    # The seen stretches by colour, direction and position: the sides of one shaded
    # area's pieces that line up (the tops of a row's cells) are one line of its
    # outline, not a border broken at each cell (which grids.py reads as cells' sides).
    across: dict[tuple[Colour, int], list[tuple[float, float, float]]] = defaultdict(list)
    down: dict[tuple[Colour, int], list[tuple[float, float, float]]] = defaultdict(list)
    for x0, top, x1, bottom, colour in fills:
        for a, b in _uncovered(x0, x1, _touching(bottom_at, colour, top)):
            across[colour, _bin(top)].append((a, b, top))
        for a, b in _uncovered(x0, x1, _touching(top_at, colour, bottom)):
            across[colour, _bin(bottom)].append((a, b, bottom))
        for a, b in _uncovered(top, bottom, _touching(right_at, colour, x0)):
            down[colour, _bin(x0)].append((a, b, x0))
        for a, b in _uncovered(top, bottom, _touching(left_at, colour, x1)):
            down[colour, _bin(x1)].append((a, b, x1))
    rules: list[Rule] = []
    for pieces in across.values():
        rules.extend((a, y - _HALF, b, y + _HALF) for a, b, y in _joined(pieces))
    for pieces in down.values():
        rules.extend((x - _HALF, a, x + _HALF, b) for a, b, x in _joined(pieces))
    return rules


# Past this many fills of one colour the containment test's pairs cost more than a
# page's layout: such a page (a chart's bars, a pattern) keeps them all.
_MAX_NESTED = 1500


def _visible(fills: list[Fill]) -> list[Fill]:
    """``fills`` without one lying wholly inside another of the same colour that holds no
    other, where no fill of another colour overlaps it: a cell's padded text area shaded
    as well as the cell (a word processor's paragraph shading), paint on paint of its own
    colour, of which no side is seen; its sides would cut each column into the padding
    and the text. (A shaded panel holding several shaded cells of its colour may have
    white cells between them, which are not among ``fills``: those keep their sides.)"""
    by_colour: dict[Colour, list[int]] = defaultdict(list)
    for k, f in enumerate(fills):
        by_colour[f[4]].append(k)
    inside: dict[int, list[int]] = defaultdict(list)  # a fill -> the fills of its colour in it
    for ks in by_colour.values():
        if len(ks) < 2 or len(ks) > _MAX_NESTED:
            continue
        ks.sort(key=lambda k: fills[k][0])
        for n, k in enumerate(ks):
            x0, top, x1, bottom, _ = fills[k]
            for m in ks[:n] + ks[n + 1 :]:
                ox0, otop, ox1, obottom, _ = fills[m]
                if ox0 > x0 + _TOUCH:
                    break  # sorted by left side: none further on starts left of this one
                if (
                    ox1 >= x1 - _TOUCH
                    and otop <= top + _TOUCH
                    and obottom >= bottom - _TOUCH
                    and (ox1 - ox0) * (obottom - otop) > (x1 - x0) * (bottom - top)
                ):
                    inside[m].append(k)
    hidden = {
        ks[0]
        for ks in inside.values()
        if len(ks) == 1 and not any(_overlap(fills[ks[0]], f) for f in fills if f[4] != fills[ks[0]][4])
    }
    return [f for k, f in enumerate(fills) if k not in hidden]


def _overlap(a: Fill, b: Fill) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _joined(pieces: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear stretches (start, end, position) that touch, as one."""
    pieces.sort()
    out: list[tuple[float, float, float]] = []
    for a, b, pos in pieces:
        if out and a <= out[-1][1] + _TOUCH:
            s, e, p = out[-1]
            out[-1] = (s, max(e, b), p)
        else:
            out.append((a, b, pos))
    return out


def _bin(pos: float) -> int:
    return round(pos / _TOUCH)


def _touching(
    index: dict[_Key, list[tuple[float, float, float]]], colour: Colour, pos: float
) -> list[tuple[float, float]]:
    """The extents of the sides in ``index`` of ``colour`` that lie at ``pos``."""
    k = _bin(pos)
    return [
        (a, b)
        for key in ((colour, k - 1), (colour, k), (colour, k + 1))
        for at, a, b in index.get(key, ())
        if abs(at - pos) <= _TOUCH
    ]


def _uncovered(start: float, end: float, covers: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The stretches of start..end that no interval of ``covers`` runs over, long enough
    to be rules."""
    out: list[tuple[float, float]] = []
    at = start
    for a, b in sorted(covers):
        if a - _TOUCH > at:
            out.append((at, min(a, end)))
        at = max(at, b)
        if at >= end:
            break
    if at < end:
        out.append((at, end))
    return [(a, b) for a, b in out if b - a >= _MIN_RULE]

"""A page's rules in drawn grids: pieces of one line joined, rules that cross in one group,
a group drawn right on top of the next (a header ruled apart from its body) one grid,
and where a grid's rows start and end when its column rules run past its first or last
horizontal rule (grids.py builds the tables from these)."""

from __future__ import annotations

from itertools import pairwise

from worker.engines.layout.thresholds import RULE_SNAP_PT

Seg = tuple[float, float, float]  # position across, start along, end along

# A double rule: two groups whose facing rules are at most this far apart have no room
# for a line of text between them (the smallest print is about 5 pt tall) and are read
# as one grid, the gap a row that holds nothing.
STACK_GAP_PT = 4.5


def join(segs: list[Seg]) -> list[Seg]:
    """Collinear pieces that touch or overlap as one segment (borders drawn cell by cell)."""
    # Pieces of one line differ in position by rounding noise: snapped to a common
    # position first, so that sorting leaves them in order along the line (a lower piece
    # a hair to the right would otherwise come after the line's later pieces and be
    # swallowed by them).
    segs.sort()
    snapped: list[Seg] = []
    base = 0.0
    for i, (pos, a, b) in enumerate(segs):
        if i == 0 or pos - base > 0.5:
            base = pos
        snapped.append((base, a, b))
    segs = sorted(snapped)
    out: list[Seg] = []
    for pos, a, b in segs:
        if out:
            p, s, e = out[-1]
            if pos - p <= 0.5 and a <= e + RULE_SNAP_PT:
                out[-1] = (p, s, max(e, b))
                continue
        out.append((pos, a, b))
    return out


def components(hs: list[Seg], vs: list[Seg]) -> list[tuple[list[Seg], list[Seg]]]:
    """Groups of rules that cross or touch each other, one drawn grid each; a group drawn
    a double rule above another with the same columns is part of it (:func:`_stacked`)."""
    n = len(hs)
    parent = list(range(n + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, hx0, hx1) in enumerate(hs):
        for j, (x, vy0, vy1) in enumerate(vs):
            if (
                hx0 - RULE_SNAP_PT <= x <= hx1 + RULE_SNAP_PT
                and vy0 - RULE_SNAP_PT <= y <= vy1 + RULE_SNAP_PT
            ):
                a, b = find(i), find(n + j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, tuple[list[Seg], list[Seg]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(n + j), ([], []))[1].append(v)
    return _stacked([groups[k] for k in sorted(groups)])


def _stacked(groups: list[tuple[list[Seg], list[Seg]]]) -> list[tuple[list[Seg], list[Seg]]]:
    """Groups joined where one is drawn right on top of the next: a table's header ruled
    as a group of its own (a dark band with its column rules) over a body ruled cell by
    cell, the two a double rule apart. Joined when the facing rules are at most
    STACK_GAP_PT apart, both groups span the same width, and every column rule of the
    upper one stands on one of the lower one's: the same columns, continued."""
    out: list[tuple[list[Seg], list[Seg]]] = []
    for hs, vs in sorted(groups, key=lambda g: min((h[0] for h in g[0]), default=0.0)):
        below = next((k for k, g in enumerate(out) if _on_top(g, (hs, vs))), None)
        if below is None:
            out.append((hs, vs))
        else:
            up_h, up_v = out[below]
            out[below] = (up_h + hs, up_v + vs)
    return out


def _on_top(upper: tuple[list[Seg], list[Seg]], lower: tuple[list[Seg], list[Seg]]) -> bool:
    (uh, uv), (lh, lv) = upper, lower
    if len(uh) < 1 or len(uv) < 2 or len(lh) < 2 or len(lv) < 2:
        return False
    gap = min(h[0] for h in lh) - max(h[0] for h in uh)
    if not 0 < gap <= STACK_GAP_PT:
        return False
    ux0, ux1 = min(h[1] for h in uh), max(h[2] for h in uh)
    lx0, lx1 = min(h[1] for h in lh), max(h[2] for h in lh)
    if abs(ux0 - lx0) > RULE_SNAP_PT or abs(ux1 - lx1) > RULE_SNAP_PT:
        return False
    columns = positions(lv)
    return all(any(abs(x - c) <= RULE_SNAP_PT for c in columns) for x in positions(uv))


def positions(segs: list[Seg]) -> list[float]:
    """Distinct positions of ``segs``, snapped together within RULE_SNAP_PT."""
    out: list[float] = []
    for pos in sorted(s[0] for s in segs):
        if out and pos - out[-1] <= RULE_SNAP_PT:
            continue
        out.append(pos)
    return out


def open_sides(cross: list[Seg], edges: list[float]) -> list[float]:
    """``edges`` (the positions of a grid's rules one way) with those its rules the other
    way run on to past its outer ones: a table drawn without a frame at its sides (only
    the columns between are ruled) ends where its rows' rules end, and one without a rule
    over its header (a dark band) starts where its column rules start. Two rules ending
    together make the edge; a single one running past (a rule under the page's heading,
    a column rule drawn on into a figure) does not."""
    first = _common_end(sorted(a for _, a, _ in cross if a < edges[0] - RULE_SNAP_PT))
    last = _common_end(sorted((-b for _, _, b in cross if b > edges[-1] + RULE_SNAP_PT)))
    return ([first] if first is not None else []) + edges + ([-last] if last is not None else [])


def _common_end(ends: list[float]) -> float | None:
    """The outermost of ``ends`` (sorted, outermost first) that another one shares."""
    return next((a for a, b in pairwise(ends) if b - a <= RULE_SNAP_PT), None)


# A stripe between two column rules narrower than this (in ems of the table's text) with
# no text on it is a cell's padding, not a column.
PAD_EM = 0.6


def without_pads(
    xs: list[float], vs: list[Seg], boxes: list[tuple[float, float, float, float]], pad: float
) -> list[float]:
    """Column positions ``xs`` without the rule on the shorter side of each empty stripe
    narrower than ``pad`` (``boxes``: the grid's text, x0, top, x1, bottom).

    A header band painted as padding boxes with text boxes inside them (one colour, the
    inner ones' sides drawn as rules) has a column rule a padding's width inside each of
    the body's: columns of its own for the header's text, the body's cells spanning
    them, and the header landing in other columns than the cells it heads. Such a rule
    runs down the header only; the body's runs the table's height: the longer stays.
    The stripe is empty where the shorter rule runs: a group header centred over the
    header's cells, in the row above, may reach across it."""
    out = list(xs)
    k = 0
    while k + 1 < len(out):
        a, b = out[k], out[k + 1]
        if b - a >= pad:
            k += 1
            continue
        la, lb = _length_at(vs, a), _length_at(vs, b)
        short = b if lb < la else a
        if la == lb or any(
            x0 < b - 1.0 and x1 > a + 1.0 and _beside(vs, short, (top + bottom) / 2)
            for x0, top, x1, bottom in boxes
        ):
            k += 1
            continue
        del out[k + 1 if lb < la else k]
    return out


def _beside(vs: list[Seg], x: float, y: float) -> bool:
    """Whether one of the rules at ``x`` runs past height ``y``."""
    return any(abs(p - x) <= RULE_SNAP_PT and s <= y <= e for p, s, e in vs)


def _length_at(vs: list[Seg], x: float) -> float:
    """How long the rules at ``x`` are in all."""
    return sum(e - s for p, s, e in vs if abs(p - x) <= RULE_SNAP_PT)

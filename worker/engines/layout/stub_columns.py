"""A form's grid whose left column is a stub: each band of the grid (between the rules
that run its whole width) a label in the stub ("Step 1: Enter Personal Information")
beside rows of field cells, sentences, or amounts' boxes at its right, or one cell
across (grid_sections.py and grids.py ask).

Read as page text, the stub's lines are a narrow column that the reader takes after the
wide one, the labels after the fields they label; read as a table, the stub is a first
column blank on every row but one. A reader reads the grid band by band, the stub's
label first, then the cells at its right row by row (:func:`cell_blocks`).

A tax form draws the stub's rule beside its fields but not always beside its sentences:
there the label is set apart by blank space only, and the stub's edge is where the
rule runs in the other bands (:func:`stub_gaps`).
"""

from __future__ import annotations

import itertools

from worker.engines.layout.boxed_forms import form_protos
from worker.engines.layout.model import LayoutLine, Proto, rule_across
from worker.engines.layout.rule_groups import Seg, positions
from worker.engines.layout.ruled_cells import split_at_rules
from worker.engines.layout.table_rows import is_figure
from worker.engines.layout.thresholds import RULE_SNAP_PT


def stub_bands(hs: list[Seg], vs: list[Seg]) -> bool:
    """Whether a grid (its rules ``hs`` and ``vs``) is a form's bands down a stub column:
    between the rules that run its whole width, each band is one full-width cell or a
    stub cell at the left beside rows of cells; one band at least holds two such rows.
    A table's rows cross its first column."""
    xs, ys = positions(vs), positions(hs)
    if len(xs) < 3 or len(ys) < 3:
        return False
    left, stub, right = xs[0], xs[1], xs[-1]
    if 3 * (stub - left) > right - left:  # a stub column is narrow
        return False
    cuts = [y for y in ys if across(hs, y, left, right)]
    if cuts[:1] != ys[:1] or cuts[-1:] != ys[-1:]:
        return False
    rows = 0
    for top, bottom in itertools.pairwise(cuts):
        inner = [y for y in ys if top + RULE_SNAP_PT < y < bottom - RULE_SNAP_PT]
        edges = [x for x in xs[1:-1] if rule_across(vs, x, top, bottom)]
        if not edges:
            if inner:
                return False
            continue
        if not _full(vs, stub, top, bottom) or any(covers(hs, y, (left + stub) / 2) for y in inner):
            return False
        # (every rule inside the band stays right of the stub: a row of its fields, or of
        # the amounts' boxes beside its sentences)
        rows = max(rows, len(inner) + 1)
    return rows >= 2


def stub_gaps(lines: list[LayoutLine], hs: list[Seg], vs: list[Seg]) -> list[Seg]:
    """The stub's edge (:func:`_stub_edge`) in the bands of a grid (its rules ``hs``,
    ``vs``) that leave it undrawn but keep their text (``lines``) clear of it: a step's
    label beside lines of sentences, set apart by blank space only. Read as one
    full-width cell, the label's lines interleave with the sentences'. A band whose line
    runs across the stub's edge is one cell, as drawn, and one that rules a column of
    its own left of it no stub's; a figure in the stub is a table's row number beside
    its row, no label (a table may rule its first column in the header only)."""
    xs, ys = positions(vs), positions(hs)
    stub = _stub_edge(hs, vs)
    if stub is None:
        return []
    left, right = xs[0], xs[-1]
    out: list[Seg] = []
    for top, bottom in itertools.pairwise([y for y in ys if across(hs, y, left, right)]):
        inner = [y for y in ys if top + RULE_SNAP_PT < y < bottom - RULE_SNAP_PT]
        if (
            _full(vs, stub, top, bottom)
            or any(covers(hs, y, (left + stub) / 2) for y in inner)
            or any(rule_across(vs, x, top, bottom) for x in xs[1:-1] if x < stub)
        ):
            continue
        band = [ln for ln in lines if top < (ln.bbox[1] + ln.bbox[3]) / 2 < bottom]
        label = " ".join(ln.text for ln in band if ln.bbox[2] <= stub)
        beside = {round(ln.bbox[1]) for ln in band if ln.bbox[0] >= stub}
        if (
            not any(ln.bbox[0] < stub < ln.bbox[2] for ln in band)
            and label.strip()
            and not is_figure(label)
            and len(beside) >= 2
        ):
            out.append((stub, top, bottom))
    return out


def _stub_edge(hs: list[Seg], vs: list[Seg]) -> float | None:
    """Where a grid's stub column ends: the first column rule, in a narrow stub's reach,
    drawn down a band (between rules across the grid) beside rows of cells, none of
    their rules crossing the stub. A header's cells over the bands have no rows."""
    xs, ys = positions(vs), positions(hs)
    if len(xs) < 3 or len(ys) < 3:
        return None
    left, right = xs[0], xs[-1]
    bands = list(itertools.pairwise([y for y in ys if across(hs, y, left, right)]))
    for x in xs[1:-1]:
        if 3 * (x - left) > right - left:
            return None
        for top, bottom in bands:
            inner = [y for y in ys if top + RULE_SNAP_PT < y < bottom - RULE_SNAP_PT]
            if inner and _full(vs, x, top, bottom) and not any(covers(hs, y, (left + x) / 2) for y in inner):
                return x
    return None


def stub_blocks(
    lines: list[LayoutLine], hs: list[Seg], vs: list[Seg], rtl: bool, *, alone: bool = False
) -> list[Proto] | None:
    """A grid's text (``lines`` inside its rules ``hs`` and ``vs``) read cell by cell
    when it is bands down a stub column (:func:`stub_bands`), the stub's edge drawn in
    where a band leaves it to blank space (:func:`stub_gaps`); else None.

    ``alone``: the grid is not a section of a form's grid (cut where its columns change,
    grid_sections.section_levels), and a table whose first column spans rows (a region
    beside its cities) is such bands too. A form's is read so only where two of its
    bands at least are labels beside several lines, and those bands change at the stub's
    right (sentences in one, amounts' boxes in the next: :func:`_labelled`); a table's
    rows keep their columns."""
    ruled = vs + stub_gaps(lines, hs, vs)
    if alone and not _labelled(lines, hs, ruled):
        return None
    return cell_blocks(lines, hs, ruled, rtl) if stub_bands(hs, ruled) else None


def _labelled(lines: list[LayoutLine], hs: list[Seg], vs: list[Seg]) -> bool:
    """Whether two bands or more of a grid are a label in the stub beside two lines or
    more, and those bands' cell edges are not all the same."""
    xs, ys = positions(vs), positions(hs)
    if len(xs) < 3:
        return False
    left, stub, right = xs[0], xs[1], xs[-1]
    kinds: list[tuple[int, ...]] = []
    for top, bottom in itertools.pairwise([y for y in ys if across(hs, y, left, right)]):
        band = [ln for ln in lines if top < (ln.bbox[1] + ln.bbox[3]) / 2 < bottom]
        beside = {round(ln.bbox[1]) for ln in band if ln.bbox[0] >= stub - 1.0}
        if any(ln.bbox[2] <= stub + 1.0 for ln in band) and len(beside) >= 2:
            edges = [x for x in xs[1:-1] if rule_across(vs, x, top, bottom)]
            kinds.append(tuple(round(x / RULE_SNAP_PT) for x in edges))
    return len(kinds) >= 2 and len(set(kinds)) >= 2


def cell_blocks(lines: list[LayoutLine], hs: list[Seg], vs: list[Seg], rtl: bool) -> list[Proto]:
    """A grid's drawn cells (``lines``: its text; ``hs``, ``vs``: its rules) in its
    reading order: by the rule over a cell, then across (a cell spanning rows, a stub's
    label, before the cells at its right). Each cell's text is a paragraph, and each line
    in it that starts with a checkbox an item, as a boxed form's cells are
    (boxed_forms.form_protos). Read as the page's text, a cell's wrapped lines side by
    side with the next cell's interleave."""
    xs, ys = positions(vs), positions(hs)
    cells: dict[tuple[float, float], list[LayoutLine]] = {}
    for ln in lines:
        _, t, _, b = ln.bbox
        for p in split_at_rules(ln, [x for x in xs if rule_across(vs, x, t, b)]):
            cx, cy = (p.bbox[0] + p.bbox[2]) / 2, (p.bbox[1] + p.bbox[3]) / 2
            top = max((y for y in ys if y < cy and covers(hs, y, cx)), default=ys[0])
            x0 = max((x for x in xs if x < cx and rule_across(vs, x, t, b)), default=xs[0])
            x1 = min((x for x in xs if x > cx and rule_across(vs, x, t, b)), default=xs[-1])
            cells.setdefault((top, -x1 if rtl else x0), []).append(p)
    return form_protos({k: cells[key] for k, key in enumerate(sorted(cells))})


def across(hs: list[Seg], y: float, left: float, right: float) -> bool:
    """Whether a rule of ``hs`` at ``y`` runs from ``left`` to ``right``."""
    return any(
        abs(p - y) <= RULE_SNAP_PT and a <= left + RULE_SNAP_PT and b >= right - RULE_SNAP_PT
        for p, a, b in hs
    )


def _full(vs: list[Seg], x: float, top: float, bottom: float) -> bool:
    return any(
        abs(p - x) <= RULE_SNAP_PT and a <= top + RULE_SNAP_PT and b >= bottom - RULE_SNAP_PT
        for p, a, b in vs
    )


def covers(hs: list[Seg], y: float, x: float) -> bool:
    return any(abs(p - y) <= RULE_SNAP_PT and a - RULE_SNAP_PT <= x <= b + RULE_SNAP_PT for p, a, b in hs)

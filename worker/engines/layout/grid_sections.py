"""A form drawn as one ruled grid that is sections stacked (grids.py asks): a word
processor's form whose one table holds a block of "Label | value" rows (two pairs on
some rows), a checklist of questions with "Yes" and "No" columns, a heading row over a
cell of bulleted paragraphs, a row of signature cells. Each section draws cells of its
own, so the grid's columns are the union of every section's cell edges: read as one
table, the label rows are sparse rows of a wide table, the checklist's marks sit in its
last columns and the bullets are one cell's text, no list items.

What tells the sections apart is where the column structure changes: the cell edges of
one row band do not line up with the next's (each has an edge the other lacks), across
a rule that runs the grid's whole width, or with rows of one full-width cell between
them. A table's rows keep their columns: a header cell spanning columns drops some of
its body's edges and adds none, and a title row or a band across the body (a section
row of a report's table) has the same columns above and below it.

Each section is then judged on its own: a label block (:func:`label_block`) is read as
lines, each label with its value; a section of full-width cells, or of one drawn row of
cells side by side (:func:`drawn_rows`), is text; any other is a table where grids.py's
test makes it one. A grid whose sections all come out tables stays one table, as drawn.
"""

from __future__ import annotations

import itertools

from worker.engines.layout.model import LayoutLine, Proto, Row, font_size, rule_across
from worker.engines.layout.panels import panel
from worker.engines.layout.rule_groups import Seg, positions
from worker.engines.layout.ruled_cells import split_at_rules
from worker.engines.layout.table_rows import is_figure
from worker.engines.layout.thresholds import RULE_SNAP_PT

# Cell edges of two row bands this close (points) line up: a grid drawn cell by cell
# shifts an edge by a point or two, a form's sections by a column's width.
_ALIGN_PT = 4.0
_MAX_LABEL_WORDS = 6  # a label is a few words ("Name of the responsible officer")


def section_levels(hs: list[Seg], vs: list[Seg]) -> list[float]:
    """The levels of the horizontal rules (``hs``, a grid's, joined; ``vs`` its vertical
    ones) where the grid is cut into sections: between two row bands whose cell edges do
    not line up, the rule under the upper one runs the grid's width; with rows of one
    full-width cell between them, those rows are a section of their own, cut at the
    rules over and under them. Empty for a grid whose columns hold down its rows."""
    xs, ys = positions(vs), positions(hs)
    if len(xs) < 3 or len(ys) < 3:
        return []
    bands = [
        [x for x in xs[1:-1] if rule_across(vs, x, top, bottom)] for top, bottom in itertools.pairwise(ys)
    ]
    multi = [i for i, edges in enumerate(bands) if edges]
    out: list[float] = []
    for i, j in itertools.pairwise(multi):
        if _line_up(bands[i], bands[j]):
            continue
        levels = [ys[i + 1], ys[j]] if j > i + 1 else [ys[j]]
        if all(_across(hs, y, xs[0], xs[-1]) for y in levels):
            out += levels
    return sorted(set(out))


def drawn_rows(lines: list[LayoutLine], hs: list[Seg], vs: list[Seg]) -> int:
    """How many of a section's drawn rows (between its rules ``hs``) hold text (``lines``)
    in cells side by side: a section of one such row (a legend's columns, signature
    cells) is no table, however many lines its cells hold."""
    xs, ys = positions(vs), positions(hs)
    return sum(
        1
        for top, bottom in itertools.pairwise(ys)
        if any(rule_across(vs, x, top, bottom) for x in xs[1:-1])
        and any(top < (ln.bbox[1] + ln.bbox[3]) / 2 < bottom for ln in lines)
    )


def _line_up(a: list[float], b: list[float]) -> bool:
    """Whether one band's cell edges are all the other's (the other may have more: a
    header cell spanning columns)."""

    def within(inner: list[float], outer: list[float]) -> bool:
        return all(any(abs(x - y) <= _ALIGN_PT for y in outer) for x in inner)

    return within(a, b) or within(b, a)


def _across(hs: list[Seg], y: float, left: float, right: float) -> bool:
    return any(
        abs(p - y) <= RULE_SNAP_PT and a <= left + RULE_SNAP_PT and b >= right - RULE_SNAP_PT
        for p, a, b in hs
    )


def label_block(lines: list[LayoutLine], hs: list[Seg], vs: list[Seg], rtl: bool) -> list[Proto] | None:
    """A section's rows (``lines``: the text inside its rules ``hs`` and ``vs``) read as
    lines, one to a row, each label followed by its value, when they are a form's label
    block (:func:`_labels`); else None. ``rtl``: the labels are at the right."""
    rows = _cell_rows(lines, hs, vs, rtl)
    if not _labels(rows):
        return None
    out: list[Proto] = []
    for cells in rows:
        # Each cell's lines top down, the cells in reading order: one block, as a framed
        # panel's lines are (panels.panel).
        proto = panel(
            [ln for cell in cells for ln in sorted(cell, key=lambda ln: (ln.bbox[1], ln.bbox[0]))],
            ordered=True,
        )
        proto.boxed = True  # a number that starts a field's label is no note's marker
        out.append(proto)
    return out


def _cell_rows(
    lines: list[LayoutLine], hs: list[Seg], vs: list[Seg], rtl: bool
) -> list[list[list[LayoutLine]]]:
    """The rows with text, each its drawn cells' lines in reading order (a line across a
    cell's edge cut there)."""
    xs, ys = positions(vs), positions(hs)
    rows: list[list[list[LayoutLine]]] = []
    for top, bottom in itertools.pairwise(ys):
        edges = [xs[0], *(x for x in xs[1:-1] if rule_across(vs, x, top, bottom)), xs[-1]]
        pieces = [
            p
            for ln in lines
            if top < (ln.bbox[1] + ln.bbox[3]) / 2 < bottom
            for p in split_at_rules(ln, edges)
        ]
        if not pieces:
            continue
        cells = [
            [p for p in pieces if a < (p.bbox[0] + p.bbox[2]) / 2 < b] for a, b in itertools.pairwise(edges)
        ]
        rows.append(cells[::-1] if rtl else cells)
    return rows


def _labels(rows: list[list[list[LayoutLine]]]) -> bool:
    """Whether rows of drawn cells are a form's label block: each row two cells or four,
    a label and its value or two such pairs, each label a few words and no figure, or a
    full-width cell (a heading over the labels); and no header row over them (a first
    row of pairs all in bold over rows that are not)."""
    pairs = [cells for cells in rows if len(cells) > 1]
    if not pairs:
        return False
    for cells in pairs:
        if len(cells) not in (2, 4):
            return False
        for label in cells[::2]:
            text = " ".join(ln.text for ln in label).strip()
            if not text or len(text.split()) > _MAX_LABEL_WORDS or is_figure(text):
                return False
    head = [ln for cell in pairs[0] for ln in cell]
    body = [ln for cells in pairs[1:] for cell in cells for ln in cell]
    return not (all(ln.bold for ln in head) and any(not ln.bold for ln in body))


def _row(ln: LayoutLine) -> Row:
    return Row(ln.text.strip(), *ln.bbox, font_size(ln), ln.bold, ln.confidence, ln.words)


def stub_bands(hs: list[Seg], vs: list[Seg]) -> bool:
    """Whether a section (its rules ``hs`` and ``vs``) is a form's bands down a stub
    column: between the rules that run its whole width, each band is one full-width cell
    or a stub cell at the left (a step's label, "Step 1: Enter Personal Information")
    beside rows of field cells; one band at least holds two such rows. Read as a table,
    the stub is a first column holding one line, every other row blank there; a table's
    rows cross its first column."""
    xs, ys = positions(vs), positions(hs)
    if len(xs) < 3 or len(ys) < 3:
        return False
    left, stub, right = xs[0], xs[1], xs[-1]
    if 3 * (stub - left) > right - left:  # a stub column is narrow
        return False
    cuts = [y for y in ys if _across(hs, y, left, right)]
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
        if not _full(vs, stub, top, bottom) or any(_covers(hs, y, (left + stub) / 2) for y in inner):
            return False
        rows = max(rows, len([y for y in inner if _covers(hs, y, (stub + right) / 2)]) + 1)
    return rows >= 2


def _full(vs: list[Seg], x: float, top: float, bottom: float) -> bool:
    return any(
        abs(p - x) <= RULE_SNAP_PT and a <= top + RULE_SNAP_PT and b >= bottom - RULE_SNAP_PT
        for p, a, b in vs
    )


def _covers(hs: list[Seg], y: float, x: float) -> bool:
    return any(abs(p - y) <= RULE_SNAP_PT and a - RULE_SNAP_PT <= x <= b + RULE_SNAP_PT for p, a, b in hs)


def cell_blocks(lines: list[LayoutLine], hs: list[Seg], vs: list[Seg], rtl: bool) -> list[Proto]:
    """A section's drawn cells (``lines``: its text; ``hs``, ``vs``: its rules), each one
    paragraph, in the grid's reading order: by the rule over a cell, then across (a cell
    spanning rows, a stub's label, before the cells at its right). Read as the page's
    text, a stub's lines sit in a column of their own that the reader takes after the
    wide one, and a cell's wrapped lines side by side with the next cell's interleave."""
    xs, ys = positions(vs), positions(hs)
    cells: dict[tuple[float, float], list[LayoutLine]] = {}
    for ln in lines:
        _, t, _, b = ln.bbox
        for p in split_at_rules(ln, [x for x in xs if rule_across(vs, x, t, b)]):
            cx, cy = (p.bbox[0] + p.bbox[2]) / 2, (p.bbox[1] + p.bbox[3]) / 2
            top = max((y for y in ys if y < cy and _covers(hs, y, cx)), default=ys[0])
            x0 = max((x for x in xs if x < cx and rule_across(vs, x, t, b)), default=xs[0])
            x1 = min((x for x in xs if x > cx and rule_across(vs, x, t, b)), default=xs[-1])
            cells.setdefault((top, -x1 if rtl else x0), []).append(p)
    out: list[Proto] = []
    for key in sorted(cells):
        made = [_row(ln) for ln in sorted(cells[key], key=lambda ln: (ln.bbox[1], ln.bbox[0]))]
        proto = Proto(kind="paragraph", rows=made, size=sorted(r.size for r in made)[len(made) // 2])
        proto.x0, proto.x1 = min(r.x0 for r in made), max(r.x1 for r in made)
        proto.boxed = True
        out.append(proto)
    return out


def section_blocks(lines: list[LayoutLine], hs: list[Seg], vs: list[Seg], rtl: bool) -> list[Proto] | None:
    """A section's text (``lines`` inside its rules ``hs`` and ``vs``) as blocks, where it
    is read so: a label block's rows as lines (:func:`label_block`), a stub's bands
    (:func:`stub_bands`) or one row of cells wrapped side by side cell by cell
    (:func:`cell_blocks`); else None (a table, or text of the page's)."""
    rows = label_block(lines, hs, vs, rtl)
    if rows is not None:
        return rows
    if stub_bands(hs, vs) or _side_by_side(lines, hs, vs):
        return cell_blocks(lines, hs, vs, rtl)
    return None


def _side_by_side(lines: list[LayoutLine], hs: list[Seg], vs: list[Seg]) -> bool:
    """Whether a section is one drawn row of cells side by side, two with text or more,
    one of them wrapped on several lines (a form's header: its id, title, year)."""
    if drawn_rows(lines, hs, vs) != 1 or len(positions(hs)) != 2:
        return False
    blocks = [p for p in cell_blocks(lines, hs, vs, False) if p.rows]
    return len(blocks) >= 2 and any(len(p.rows) >= 2 for p in blocks)

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
test makes it one. A grid whose sections all come out tables stays one table, as drawn,
but a questionnaire's (:func:`option_grid`: cells of checkbox options, framed, no header),
read cell by cell.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable

from worker.engines.layout.model import LayoutLine, Proto, rule_across
from worker.engines.layout.panels import panel
from worker.engines.layout.patterns import list_mark
from worker.engines.layout.rule_groups import Seg, open_sides, positions
from worker.engines.layout.ruled_cells import split_at_rules
from worker.engines.layout.stub_columns import across, cell_blocks, covers, stub_blocks, stub_gaps
from worker.engines.layout.table_rows import is_figure
from worker.engines.layout.tables import mostly_rtl
from worker.engines.layout.thresholds import RULE_SNAP_PT

# An option's answer code and the checkbox after it, on one line: "01 ☐ One".
_CODED_OPTION_RE = re.compile(r"^(\d{1,2})\s+(?=[☐☑☒])")
# Rules shorter than this in a questionnaire's grid, meeting at a corner, are a small box's.
_BOX_PT = 36.0

# Cell edges of two row bands this close (points) line up: a grid drawn cell by cell
# shifts an edge by a point or two, a form's sections by a column's width.
_ALIGN_PT = 4.0
_MAX_LABEL_WORDS = 6  # a label is a few words ("Name of the responsible officer")
# A questionnaire's cells of options: this many lines starting with a checkbox in one
# cell, in this many cells (a table's column of marks has one box to a cell).
_MIN_OPTIONS = 2


def closed_sides(hs: list[Seg], vs: list[Seg]) -> tuple[list[Seg], list[Seg]]:
    """A grid's rules (``hs``, ``vs``) with the sides of its frame that the drawing leaves
    open drawn in (rule_groups.open_sides): a tax form rules its rows out to the page's
    margins and its columns only between cells, its header's cells with no rule over
    them. Its stub column and the cells at its left and right are the grid's, as they
    are a framed grid's. A side is drawn down the grid's height, where its top and its
    foot (a rule, or left open too) reach out to it: a header box drawn over a table's
    right-hand columns only leaves the space at its left out of the grid."""
    xs, ys = positions(vs), positions(hs)
    if not xs or not ys or _framed(vs, xs, ys):
        # (a framed grid whose rules across run a little past its sides, as an OCR'd
        # band's do, has its sides: more drawn in made a sliver column)
        return hs, vs
    wide, tall = open_sides(hs, xs), open_sides(vs, ys)
    left, right, top, bottom = wide[0], wide[-1], tall[0], tall[-1]
    sides_h = [(y, left, right) for y in (top, bottom) if y not in ys]
    sides_v = [
        (x, top, bottom)
        for x in (left, right)
        if x not in xs and all(across([*hs, *sides_h], y, x, x) for y in (top, bottom))
    ]
    return hs + sides_h, vs + sides_v


def _framed(vs: list[Seg], xs: list[float], ys: list[float]) -> bool:
    """Whether rules down the grid's whole height (``vs``; ``ys`` its rules' levels) stand
    at its first and last column rule (``xs``)."""
    return all(
        any(
            abs(v[0] - x) <= RULE_SNAP_PT and v[1] <= ys[0] + RULE_SNAP_PT and v[2] >= ys[-1] - RULE_SNAP_PT
            for v in vs
        )
        for x in (xs[0], xs[-1])
    )


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
        if all(across(hs, y, xs[0], xs[-1]) for y in levels):
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


def section_blocks(lines: list[LayoutLine], hs: list[Seg], vs: list[Seg], rtl: bool) -> list[Proto] | None:
    """A section's text (``lines`` inside its rules ``hs`` and ``vs``) as blocks, where it
    is read so: a label block's rows as lines (:func:`label_block`), a stub's bands
    (stub_columns.stub_blocks) or one row of cells wrapped side by side cell by cell
    (stub_columns.cell_blocks); else None (a table, or text of the page's)."""
    rows = label_block(lines, hs, vs, rtl)
    if rows is not None:
        return rows
    blocks = stub_blocks(lines, hs, vs, rtl)
    if blocks is not None:
        return blocks
    if _side_by_side(lines, hs, vs):
        return cell_blocks(lines, hs, vs, rtl)
    return None


def _side_by_side(lines: list[LayoutLine], hs: list[Seg], vs: list[Seg]) -> bool:
    """Whether a section is one drawn row of cells side by side, two with text or more,
    one of them wrapped on several lines (a form's header: its id, title, year)."""
    if drawn_rows(lines, hs, vs) != 1 or len(positions(hs)) != 2:
        return False
    blocks = [p for p in cell_blocks(lines, hs, vs, False) if p.rows]
    return len(blocks) >= 2 and any(len(p.rows) >= 2 for p in blocks)


# A grid's table reading (grids._table): its rules across and down, the page's lines, the
# page's horizontal rules; the blocks it makes and the lines it leaves, or None.
TableReader = Callable[
    [list[Seg], list[Seg], list[LayoutLine], list[Seg]], tuple[list[Proto], list[LayoutLine]] | None
]


def read_sections(
    hs: list[Seg], vs: list[Seg], lines: list[LayoutLine], page_hs: list[Seg], table: TableReader
) -> tuple[list[Proto], list[LayoutLine]] | None:
    """A form's grid (its rules ``hs``, ``vs``; ``lines``: the page's) cut into its
    sections, each made a table of its own by ``table`` where it is one, its lines left
    to the text where it is not (a block of label rows, a cell of paragraphs, a row of
    signature cells); and the lines left. A grid with open sides is read as if framed
    where its rows' rules end (:func:`closed_sides`). None where the grid's columns hold
    down its rows, or every section is a table (tables stacked in one drawing are left
    one table, as they were drawn)."""
    hs, vs = closed_sides(hs, vs)
    xs, ys = positions(vs), positions(hs)
    left, right = xs[0], xs[-1]
    # (a stub's edge left to blank space beside a band's sentences: drawn in, for the
    # bands' columns to line up)
    vs = vs + stub_gaps(
        [ln for ln in lines if ys[0] < ln.bbox[1] < ys[-1] and left < ln.bbox[0] < right], hs, vs
    )
    levels = section_levels(hs, vs)
    if not levels:
        return None
    rtl = mostly_rtl([[ln for ln in lines if ys[0] < ln.bbox[1] < ys[-1] and left < ln.bbox[0] < right]])
    tables: list[Proto] = []
    rest = lines
    text = False
    for top, bottom in itertools.pairwise([ys[0], *levels, ys[-1]]):
        sub_h = [h for h in hs if top - RULE_SNAP_PT <= h[0] <= bottom + RULE_SNAP_PT]
        sub_v = [
            (x, max(a, top), min(b, bottom))
            for x, a, b in vs
            if a < bottom - RULE_SNAP_PT and b > top + RULE_SNAP_PT
        ]
        inside = [ln for ln in rest if top < (ln.bbox[1] + ln.bbox[3]) / 2 < bottom]
        taken = {id(ln) for ln in inside}
        within = [ln for ln in inside if left < (ln.bbox[0] + ln.bbox[2]) / 2 < right]
        blocks = section_blocks(within, sub_h, sub_v, rtl)
        if blocks is not None:  # label rows as lines, or a form's cells one by one
            tables.extend(blocks)
            held = {id(ln) for ln in within}
            rest = [ln for ln in rest if id(ln) not in held]
            text = True
            continue
        if drawn_rows(within, sub_h, sub_v) < 2:  # one row of cells, or none: text
            text = True
            continue
        made = table(
            sub_h, sub_v, inside, [h for h in page_hs if top - RULE_SNAP_PT <= h[0] <= bottom + RULE_SNAP_PT]
        )
        if made is None or any(p.kind != "table" for p in made[0]):
            text = True
        if made is not None:
            tables.extend(made[0])
            rest = [ln for ln in rest if id(ln) not in taken] + made[1]
    return (tables, rest) if text else None


def stub_grid(
    hs: list[Seg], vs: list[Seg], lines: list[LayoutLine]
) -> tuple[list[Proto], list[LayoutLine]] | None:
    """A grid of fewer than three column rules (``vs``; ``hs`` its rules across; ``lines``:
    the page's), its sides left open, read cell by cell where it is bands down a stub
    column, labels beside bands that change at its right (stub_columns.stub_blocks,
    alone), with the lines left; else None. A tax form's rows of one cell across (an
    instruction between its steps) leave the steps under them a grid of their own, no
    column rule but the stub's and a box's."""
    hs, vs = closed_sides(hs, vs)
    xs, ys = positions(vs), positions(hs)
    if len(xs) < 3 or len(ys) < 3:
        return None
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    within = [
        ln
        for ln in lines
        if top < (ln.bbox[1] + ln.bbox[3]) / 2 < bottom and left < (ln.bbox[0] + ln.bbox[2]) / 2 < right
    ]
    blocks = stub_blocks(within, hs, vs, mostly_rtl([within]), alone=True)
    if blocks is None:
        return None
    held = {id(ln) for ln in within}
    return blocks, [ln for ln in lines if id(ln) not in held]


def option_cells(lines: list[LayoutLine], hs: list[Seg], vs: list[Seg]) -> bool:
    """Whether a grid (its rules ``hs``, ``vs``; ``lines`` its text) is a questionnaire's:
    two of its drawn cells at least each hold two lines or more that start with a
    checkbox, a question's options one to a line. A table's cells hold data, a column of
    marks one box to a cell."""
    xs, ys = positions(vs), positions(hs)
    if len(xs) < 2 or len(ys) < 2:
        return False
    counts: dict[tuple[float, float], int] = {}
    for ln in lines:
        if list_mark(ln.text.strip()) not in ("open", "checked"):
            continue
        _, t, _, b = ln.bbox
        cx, cy = (ln.bbox[0] + ln.bbox[2]) / 2, (t + b) / 2
        top = max((y for y in ys if y < cy and covers(hs, y, cx)), default=ys[0])
        x0 = max((x for x in xs if x < cx and rule_across(vs, x, t, b)), default=xs[0])
        counts[(top, x0)] = counts.get((top, x0), 0) + 1
    return sum(1 for n in counts.values() if n >= _MIN_OPTIONS) >= _MIN_OPTIONS


def option_grid(
    hs: list[Seg], vs: list[Seg], lines: list[LayoutLine]
) -> tuple[list[Proto], list[LayoutLine]] | None:
    """A grid (its rules ``hs``, ``vs``; ``lines``: the page's) read cell by cell, in the
    grid's order (stub_columns.cell_blocks), where it is a questionnaire's
    (:func:`option_cells`): a census form's framed grid of two columns and no header, a
    question at the left of each band and its checkbox options at the right. Read as a
    table, each band is a row "question | 1 ☐ Yes 2 ☐ No", its options no items. With the
    lines left; else None."""
    hs, vs = closed_sides(hs, vs)
    xs, ys = positions(vs), positions(hs)
    if len(xs) < 2 or len(ys) < 2:
        return None
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    within = [
        ln
        for ln in lines
        if top < (ln.bbox[1] + ln.bbox[3]) / 2 < bottom and left < (ln.bbox[0] + ln.bbox[2]) / 2 < right
    ]
    options = [_uncoded(ln) for ln in within]
    if not option_cells(options, hs, vs):
        return None
    # A small box in a cell (the question's code, "518", boxed beside its first option)
    # parts no band: read by its sides, the first option fell after the others.
    small = [h for h in hs if h[2] - h[1] < _BOX_PT]
    vs = [v for v in vs if v[2] - v[1] >= _BOX_PT or not _box_corner(v, small)]
    hs = [h for h in hs if h[2] - h[1] >= _BOX_PT]
    held = {id(ln) for ln in within}
    return cell_blocks(options, hs, vs, mostly_rtl([within])), [ln for ln in lines if id(ln) not in held]


def _box_corner(v: Seg, small: list[Seg]) -> bool:
    """Whether the short rule down ``v`` meets one of the ``small`` rules across at an end
    of both: a side of a small box, not of a cell (a cell's short side meets the rules
    across the grid)."""
    return any(
        abs(h[0] - y) <= RULE_SNAP_PT and min(abs(h[1] - v[0]), abs(h[2] - v[0])) <= RULE_SNAP_PT
        for h in small
        for y in (v[1], v[2])
    )


def _uncoded(line: LayoutLine) -> LayoutLine:
    """``line`` without the answer code a census form prints before an option's box
    ("1 ☐ Yes", "01 ☐ One"), where the text layer joined the small code to the option's
    line: the box starts the option (a code on a line of its own, boxed_forms drops)."""
    match = _CODED_OPTION_RE.match(line.text)
    if match is None or len(line.words) < 2 or line.words[0].text != match.group(1):
        return line
    words = line.words[1:]
    return dataclasses.replace(
        line, text=line.text[match.end() :], bbox=(words[0].bbox[0], *line.bbox[1:]), words=words
    )

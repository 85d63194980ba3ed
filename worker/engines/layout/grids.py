"""Ruled tables: the grid drawn by a page's horizontal and vertical rules, and its text.

A table whose cells are drawn says where each cell is, where text alignment can only
guess: a cell's text may wrap onto several lines, a header cell may span columns or rows
(a rule is then missing inside it), and a table may sit beside a paragraph whose lines
share its rows. So rules that cross each other are taken as one grid: its columns are
where vertical rules are, its rows where horizontal ones are, and two neighbouring cells
with no rule between them are one cell. Lines inside the grid become the text of the
cell they sit in; the grid comes out as a spreadsheet takes it, a spanning cell's text
in its top-left cell and the cells it covers empty.

A grid that draws columns but only its outer frame across them (rows told apart by
whitespace) takes its rows from the text lines instead. A frame that runs on under the
rows round their footnotes ends the table above them: the notes are text after it.
Boxes that close on their own, set side by side, are cards read one by one (panels.py).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from common.documents.results import BBox, Line
from worker.engines.layout.band_rows import band_splits, spans_boundary
from worker.engines.layout.boxed_forms import blank_rows, boxed_form, entry_form, form_protos, print_size
from worker.engines.layout.cell_sides import cell_sides
from worker.engines.layout.crossing_rules import level_cells, over_text, under_text
from worker.engines.layout.framed_columns import framed_columns
from worker.engines.layout.grid_sections import option_grid, read_sections, stub_grid
from worker.engines.layout.header_rows import continues_header
from worker.engines.layout.merged_cells import apart_in_columns, merge_cells
from worker.engines.layout.model import LayoutLine, Proto, font_size, rule_across
from worker.engines.layout.panel_grids import panel_cells
from worker.engines.layout.panels import Frame, frame_of, framed_panels, panel, text_rows
from worker.engines.layout.rows_below import rows_below
from worker.engines.layout.rule_groups import (
    PAD_EM,
    Seg,
    components,
    join,
    open_sides,
    positions,
    without_pads,
)
from worker.engines.layout.ruled_cells import cell_text, split_at_rules, turned_labels
from worker.engines.layout.tables import is_figure, mostly_rtl
from worker.engines.layout.thresholds import RULE_SNAP_PT

Rule = tuple[float, float, float, float]  # x0, top, x1, bottom (textlayer.Rule)


_MAX_RULES = 3000  # past this the drawing is a chart, not a table: leave it to the text
# A cell's padding in points, whatever its text's size: a word processor's default cell
# margin is 0.08 in (5.76 pt), over PAD_EM of a table set in 7 or 8 pt.
_PAD_PT = 6.0


def ruled_tables(lines: list[LayoutLine], rules: Sequence[Rule]) -> tuple[list[Proto], list[LayoutLine]]:
    """Tables drawn by ``rules``, with the lines in them; and the lines outside any table.

    The lines of a frame divided into two columns of running text are no table's
    (framed_columns.py): they stay outside, for frames.py to read column by column, as
    long as frames.py finds the same columns in the lines left (text outside them)."""
    if len(rules) < 4 or len(rules) > _MAX_RULES:
        return [], lines
    columns = framed_columns(lines, rules)
    if not columns:
        return _ruled_tables(lines, rules)
    held = {id(ln) for _, lns in columns for ln in lns}
    tables, rest = _ruled_tables([ln for ln in lines if id(ln) not in held], rules)
    rest = [ln for ln in lines if id(ln) in held] + rest
    if _same(framed_columns(rest, rules), columns):
        return tables, rest
    return _ruled_tables(lines, rules)


def _same(a: list[tuple[BBox, list[LayoutLine]]], b: list[tuple[BBox, list[LayoutLine]]]) -> bool:
    """Whether two finds of framed columns are the same boxes holding the same lines."""
    return [(box, {id(ln) for ln in lns}) for box, lns in a] == [
        (box, {id(ln) for ln in lns}) for box, lns in b
    ]


def _ruled_tables(lines: list[LayoutLine], rules: Sequence[Rule]) -> tuple[list[Proto], list[LayoutLine]]:
    hs: list[Seg] = []
    vs: list[Seg] = []
    for x0, top, x1, bottom in rules:
        if x1 - x0 >= bottom - top:
            hs.append(((top + bottom) / 2, x0, x1))
        else:
            vs.append(((x0 + x1) / 2, top, bottom))
    raw_h = list(hs)  # (a short rule over a total's cell, under a table's last row)
    vs = over_text(vs, lines)  # guide lines over a text box are no cell borders
    hs = under_text(hs, lines)  # nor are underlines
    vs += cell_sides(hs, vs, lines)
    if len(hs) < 2 or len(vs) < 2:
        return [], lines
    hs, vs = join(hs), join(vs)
    tables: list[Proto] = []
    frames: list[Frame] = []
    rest = lines
    for comp_h, comp_v in components(hs, vs):
        if len(comp_h) == 2 and len(comp_v) == 2:
            frame = frame_of(comp_h, comp_v)
            if frame is not None:
                frames.append(frame)
            continue
        if len(comp_h) < 2 or not comp_v:
            continue
        # (a grid of fewer column rules has its sides left open: bands down a stub's rule?)
        made = stub_grid(comp_h, comp_v, rest) if len(comp_v) < 3 else _table(comp_h, comp_v, rest, raw_h)
        if made is not None and [p.kind for p in made[0]] == ["table"]:
            # one table, or sections stacked in one grid, each read as its kind is
            # (or a questionnaire's bands, a question beside its checkbox options)
            made = (
                read_sections(comp_h, comp_v, rest, raw_h, _table)
                or option_grid(comp_h, comp_v, rest)
                or made
            )
        elif made is not None and len(comp_v) >= 3 and not any(p.kind == "table" for p in made[0]):
            # a boxed form's cells read by the table's columns part an option's code from
            # its box: a questionnaire's are read by its drawn cells
            made = option_grid(comp_h, comp_v, rest) or made
        if made is not None:
            tables.extend(made[0])
            rest = made[1]
    boxes, rest = framed_panels(frames, rest)
    return tables + boxes, rest


def _table(
    hs: list[Seg], vs: list[Seg], lines: list[LayoutLine], page_hs: list[Seg]
) -> tuple[list[Proto], list[LayoutLine]] | None:
    xs, ys = positions(vs), positions(hs)
    if len(xs) < 3 or len(ys) < 2:
        return None
    xs, ys = open_sides(hs, xs), open_sides(vs, ys)
    below = rows_below(page_hs, vs, xs, ys, lines)
    if below:  # rows under the last rule (rows_below.py): its column rules run on to them
        vs = vs + [(x, ys[-1], below[-1]) for x, _, b in vs if b >= ys[-1] - RULE_SNAP_PT]
        hs = hs + [(y, xs[0], xs[-1]) for y in below]
        ys = ys + below
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    inside: list[LayoutLine] = []
    rest: list[LayoutLine] = []
    for ln in lines:
        x0, t, x1, b = ln.bbox
        cy = (t + b) / 2
        if not top < cy < bottom or x1 <= left or x0 >= right:
            rest.append(ln)
            continue
        # A line of the text beside the table may run on into a cell (the gap between
        # them no wider than a word space's few ems): it is cut at the table's edge.
        for piece in split_at_rules(ln, [left, right]) if x0 < left or x1 > right else [ln]:
            px0, _, px1, _ = piece.bbox
            (inside if left < (px0 + px1) / 2 < right else rest).append(piece)
    if not inside:
        return None
    end = _notes_top(inside, xs, ys, vs)
    if end is not None:  # notes under the rows, inside the frame: text after the table
        rest += [ln for ln in inside if (ln.bbox[1] + ln.bbox[3]) / 2 > end]
        inside = [ln for ln in inside if (ln.bbox[1] + ln.bbox[3]) / 2 < end]
        ys, bottom = [y for y in ys if y <= end], end
    # Cut only at the rules that run past the line: under a header cell merged across
    # columns the column rules stop, and its centred text ("Exports") is one cell's.
    pieces = [
        p
        for ln in inside
        for p in split_at_rules(ln, [x for x in xs if rule_across(vs, x, ln.bbox[1], ln.bbox[3])])
    ]
    labels, xs = turned_labels(pieces, xs)
    if labels:
        taken = {id(p) for p in labels}
        pieces = [p for p in pieces if id(p) not in taken]
        if not pieces:
            return None
    pad = max(PAD_EM * _median_size(pieces), _PAD_PT)
    xs = without_pads(xs, vs, [p.bbox for p in pieces], pad)
    boxes = panel_cells(pieces, hs, vs, xs, ys)
    if boxes is not None:  # boxes of blocks edge to edge (panel_grids.py): each read whole
        return [panel(lns, ordered=True) for lns in boxes], rest
    if len(ys) > 2:
        split = _stripe_cuts(pieces, xs, ys, _median_size(pieces))
        if split:
            xs = sorted(xs + split)
            vs = vs + [(x, top, bottom) for x in split]
    if len(ys) == 2:
        # Only the frame runs across the columns: the rows are the text's own.
        ys = _header_wraps(pieces, xs, text_rows(pieces, top, bottom))
        h_rules = [(y, left, right) for y in ys]
    else:
        # Rules every few rows, or around the body only: a band may hold several rows.
        extra, inner = band_splits(pieces, xs, ys, vs)
        ys = sorted(ys + extra)
        h_rules = hs + [(y, left, right) for y in extra]
        vs = vs + inner
    nrows, ncols = len(ys) - 1, len(xs) - 1
    if nrows < 1 or nrows * ncols < 4:
        return None
    # (a header band's cells, each over its column, are no spanning cell: merged_cells.py)
    root = apart_in_columns(merge_cells(h_rules, vs, xs, ys), pieces, xs, ys, RULE_SNAP_PT)
    by_cell: dict[int, list[LayoutLine]] = {}
    for p in pieces:
        x0, t, x1, b = p.bbox
        c = min(max(bisect.bisect_left(xs, (x0 + x1) / 2) - 1, 0), ncols - 1)
        r = min(max(bisect.bisect_left(ys, (t + b) / 2) - 1, 0), nrows - 1)
        by_cell.setdefault(root[r * ncols + c], []).append(p)
    grid = [[""] * ncols for _ in range(nrows)]
    for cell, lns in by_cell.items():
        grid[cell // ncols][cell % ncols] = cell_text(lns)
    keep_rows = [r for r in range(nrows) if any(grid[r])]
    keep_cols = [c for c in range(ncols) if any(grid[r][c] for r in keep_rows)]
    # A blank form's table, its header over empty rows to fill in: the header row.
    blank = keep_rows == [0] and _blank_body(grid, root, xs, ys, vs)
    if (len(keep_rows) < 2 and not blank) or len(keep_cols) < 2:
        return None
    rtl = mostly_rtl([pieces])
    if rtl:  # read right to left: the first column is the rightmost
        keep_cols.reverse()
    table = [[grid[r][c] for c in keep_cols] for r in keep_rows]
    # A drawing whose only text is labels ("House nr:", "City:"), half its cells or more
    # empty, is a form's fields drawn side by side: its labels are lines of the form.
    texts = [t for row in table for t in row if t]
    if all(t.rstrip().endswith(":") for t in texts) and 2 * len(texts) <= nrows * ncols:
        return None
    if boxed_form(table):  # questions with checkbox options: a form's blocks, read cell by cell
        return form_protos(by_cell, ncols, rtl), rest
    # Labelled boxes left blank to write in, the labels in smaller print than the text
    # around the grid: the same.
    if entry_form(by_cell, root, xs, ys, print_size(rest)):
        return form_protos(by_cell, ncols, rtl), rest
    if blank_rows(table):  # lines to fill in, boxes blank beside their labels: the same
        return form_protos(by_cell, ncols, rtl), rest
    if not level_cells(by_cell):  # boxes of text one under another: nothing reads across
        return None
    frags = [Line(text=p.text, bbox=p.bbox, confidence=p.confidence, words=p.words) for p in pieces]
    made = Proto(kind="table", rows=[], size=_median_size(pieces), table=table, lines=frags)
    return [made, panel(labels)] if labels else [made], rest


def _blank_body(
    grid: list[list[str]], root: list[int], xs: list[float], ys: list[float], vs: list[Seg]
) -> bool:
    """Whether a grid whose only text is its top row is a table left blank to fill in (an
    invoice form's "Description Date Rate Amount" over empty ruled rows): three columns
    or more, each headed by a cell of its own, and every column rule drawn down through
    the empty rows to the grid's foot. A frame round a row of words, with no column rule
    under them, is no table; a row of labels with boxes to fill in ("Name:") is a form's
    (the caller's test)."""
    ncols = len(xs) - 1
    if len(ys) < 3 or ncols < 3 or not all(grid[0]) or len(set(root[:ncols])) < ncols:
        return False
    return all(rule_across(vs, x, y0, y1) for x in xs for y0, y1 in itertools.pairwise(ys[1:]))


# A blank stripe this wide (em) down a ruled column, through all its rows, parts two
# columns the drawing leaves unruled; a word space is a quarter of an em.
_STRIPE_EM = 0.8


def _stripe_cuts(pieces: list[LayoutLine], xs: list[float], ys: list[float], size: float) -> list[float]:
    """Column boundaries inside the ruled columns that hold two columns of text with no
    rule between them ("Prix unitaire" and "Rem.", each figure right-aligned in its
    own): a blank stripe down the column, through every row, with header text on both
    sides of it (a header across the stripe heads one column: a currency sign set apart
    from its amounts is no column) and text on both sides in two rows or more."""
    # Each column's lines (pieces cut at the rules: none crosses the stripe), by row.
    cols: dict[int, dict[int, list[tuple[float, float]]]] = {}
    for p in pieces:
        x0, t, x1, bt = p.bbox
        c = bisect.bisect_left(xs, (x0 + x1) / 2) - 1
        if 0 <= c < len(xs) - 1:
            cols.setdefault(c, {}).setdefault(bisect.bisect_left(ys, (t + bt) / 2), []).append((x0, x1))
    out: list[float] = []
    for rows in cols.values():
        if len(rows) < 2:
            continue
        spans = sorted(iv for ivs in rows.values() for iv in ivs)
        best, reach, at = 0.0, spans[0][1], 0.0
        for x0, x1 in spans[1:]:
            if x0 - reach > best:
                best, at = x0 - reach, (x0 + reach) / 2
            reach = max(reach, x1)
        if best < _STRIPE_EM * size:
            continue
        head = rows[min(rows)]
        left = sum(any(x1 <= at for _, x1 in ivs) for ivs in rows.values())
        right = sum(any(x0 >= at for x0, _ in ivs) for ivs in rows.values())
        if any(x1 <= at for _, x1 in head) and any(x0 >= at for x0, _ in head) and min(left, right) >= 2:
            out.append(at)
    return out


def _median_size(lines: list[LayoutLine]) -> float:
    sizes = sorted(font_size(ln) for ln in lines)
    return sizes[len(sizes) // 2]


def _notes_top(lines: list[LayoutLine], xs: list[float], ys: list[float], vs: list[Seg]) -> float | None:
    """The top of the grid's last band when it holds notes, not rows: the frame runs on
    under the table round its footnotes (and a slug), no column rule runs down into the
    band, and its first line runs across the columns, as no cell's text does; no band
    above it is like that (a table of rows each with a full-width row under it)."""
    if len(ys) < 4:  # a header, a body and the notes at least
        return None

    def across(top: float, bottom: float) -> bool:
        if any(rule_across(vs, x, top, bottom) for x in xs[1:-1]):
            return False
        band = sorted(
            (ln for ln in lines if top < (ln.bbox[1] + ln.bbox[3]) / 2 < bottom), key=lambda ln: ln.bbox[1]
        )
        first = [ln for ln in band if ln.bbox[1] < band[0].bbox[3]] if band else []
        return any(spans_boundary(ln, x) for ln in first for x in xs[1:-1])

    bands = list(itertools.pairwise(ys))
    if not across(*bands[-1]) or any(across(*band) for band in bands[:-1]):
        return None
    return ys[-2]


def _header_wraps(pieces: list[LayoutLine], xs: list[float], ys: list[float]) -> list[float]:
    """Text rows without the boundaries under the header lines that only continue the
    header cells above them ("Elevation" over "(m)"): those lines are part of the cells,
    as between rules (see header_rows.continues_header).

    The header is the rows above the first with a figure, at the line spacing; a grid
    with no figure (a shaded header box alone) has the first row as header, and a line
    under it continues it only when it leaves one of its cells without a second line (a
    boxed table of words has full rows)."""
    ncols, nrows = len(xs) - 1, len(ys) - 1
    rows: list[dict[int, list[LayoutLine]]] = [{} for _ in range(nrows)]
    for p in pieces:
        x0, t, x1, b = p.bbox
        c = min(max(bisect.bisect_left(xs, (x0 + x1) / 2) - 1, 0), ncols - 1)
        r = min(max(bisect.bisect_left(ys, (t + b) / 2) - 1, 0), nrows - 1)
        rows[r].setdefault(c, []).append(p)
    texts = [{c: cell_text(list(lns)) for c, lns in row.items()} for row in rows]
    data = next((r for r, row in enumerate(texts) if any(map(is_figure, row.values()))), None)
    stub = ncols - 1 if mostly_rtl([pieces]) else 0
    drop: set[int] = set()
    for r in range(1, min(data, nrows) if data is not None else min(2, nrows)):
        above, below = rows[r - 1], rows[r]
        if not above or not below:
            continue
        size = font_size(next(iter(below.values()))[0])
        gap = min(p.bbox[1] for lns in below.values() for p in lns) - max(
            p.bbox[3] for lns in above.values() for p in lns
        )
        if (
            gap <= 0.6 * size
            and continues_header(texts[r - 1], texts[r], stub)
            and (data is not None or len(below) < len(above))
        ):
            drop.add(r)
    return [y for k, y in enumerate(ys) if k not in drop]

"""A form drawn as boxes is a form, not a data table.

Paper forms are often drawn as a grid of ruled cells, each cell holding a question, its
answer field and its options ("☐ Yes  ☐ No"). Read as a table, the options end up inside
cells and never become checkbox items, and the whole page is one big table of mostly
empty cells. A drawn grid is such a form when several of its cells hold a checkbox with
its label beside it, and most of its cells are empty (the answer fields, the boxes'
padding): it is then read cell by cell, row by row and left to right within a row, each
cell's text a paragraph, and each line in it that starts with a box a checkbox item
(:func:`form_protos`). Read so, and not handed back to the flow layout, the form still
covers its place on the page: a note in its last box is not taken for a running footer.

A data table that merely has a column of marks stays a table: a mark alone in its cell
("✓", "☐") is not an option with a label, and such tables fill most of their cells.

Entry boxes (:func:`entry_form`): payment vouchers and form headers draw their fields
as a grid of boxes, each holding a small printed label ("Name", "Social Security
Number", "4 Your first name and initial") against its top or bottom edge, the rest of
the box left blank to write in. Read as a table, the labels pair up across rows
("Name | | Social Security Number") and the page reports a table it does not hold.

What tells such a box from a data table's cell is the blank writing area: a table's row
is as tall as its tallest cell's text and some padding, so in every row some cell is
filled; an entry box leaves a line's height or more blank beside a label that hugs one
edge (a label centred in a tall cell is a table's header, set so; a short cell beside
a cell of many lines is blank only because its neighbour is tall). A grid is a form
when half or more of its rows with text, and two at least, are rows of entry boxes
only. Its cells are then read one by one, row by row (:func:`form_protos`).

So is a grid of a form's lines to fill in (:func:`blank_rows`): a computation form's
numbered lines, each beside boxes left blank for its amounts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from worker.engines.layout.model import LayoutLine, Proto, Row, font_size, side_by_side_rows
from worker.engines.layout.patterns import BOXES, list_mark
from worker.engines.layout.table_rows import is_figure

# A checkbox and, before or after it in the same cell, a word of its label
# ("☐ I am applying for ...", "Yes ☐").
_OPTION_RE = re.compile(rf"[{BOXES}]\s*[^\W\d_]{{2,}}|[^\W\d_]{{2,}}\s*[{BOXES}]")
_HAS_BOX_RE = re.compile(rf"[{BOXES}]")
_MIN_OPTIONS = 2  # one labelled box may be a note inside a table; two are a question's options
# Blank room, in ems of the label's size, that a box leaves to write in (a 7 pt label in
# a 22 pt box leaves two), and the most a label hugging its edge keeps from it.
_ROOM_EM = 1.2
_LABEL_PRINT = 0.9  # a label's print, at most, against the page's
_MIN_BLANK_ROWS = 4
_SIGNS = frozenset("$€£¥")
_HUG_EM = 0.8
_APART = 1.2  # a line this much further below than its paragraph's pitch is set apart
# An option's code before its box ("01" ... "14"): a number of a few digits, a gap of a
# few ems at most before the box.
_CODE_DIGITS = 2
_CODE_GAP_EM = 2.0


def boxed_form(table: list[list[str]]) -> bool:
    """Whether a drawn grid's cell texts (``table``, rows of cells, "" for empty) are a
    form's boxes: at least two cells hold a checkbox with its label, and no more than
    half the cells hold any text."""
    cells = [t for row in table for t in row]
    if not cells:
        return False
    # Cheap exit first: nearly every table has no box glyph at all.
    boxed = [t for t in cells if t and _HAS_BOX_RE.search(t) is not None]
    if len(boxed) < _MIN_OPTIONS:
        return False
    options = sum(1 for t in boxed if _OPTION_RE.search(t) is not None)
    if options < _MIN_OPTIONS:
        return False
    filled = sum(1 for t in cells if t.strip())
    return 2 * filled <= len(cells)


def blank_rows(table: list[list[str]]) -> bool:
    """Whether a drawn grid (``table``: rows of cell texts, the label column first) is a
    form's lines to fill in: of three columns or more, four rows with text or more, two
    in three of them a label beside boxes left blank (or holding a currency sign alone,
    "$", printed before the box). A table's rows hold data beside their labels: one
    with nothing beside its label is a section's heading, now and then."""
    if not table or len(table[0]) < 3:
        return False
    rows = [row for row in table if any(t.strip() for t in row)]
    blank = sum(1 for row in rows if row[0].strip() and all(_blank(t) for t in row[1:]))
    return len(rows) >= _MIN_BLANK_ROWS and 3 * blank >= 2 * len(rows)


def _blank(text: str) -> bool:
    return not text.strip() or text.strip() in _SIGNS


def print_size(lines: Sequence[LayoutLine]) -> float:
    """The print most of these lines' characters are in (the median size, by characters;
    0 for none)."""
    sizes = sorted((font_size(ln), len(ln.text)) for ln in lines)
    half = sum(n for _, n in sizes) / 2
    seen = 0
    for size, n in sizes:
        seen += n
        if seen >= half:
            return size
    return 0.0


def entry_form(
    by_cell: dict[int, list[LayoutLine]],
    root: Sequence[int],
    xs: Sequence[float],
    ys: Sequence[float],
    body: float,
) -> bool:
    """Whether a ruled grid's text is a form's labelled entry boxes. ``by_cell``: each
    drawn cell's lines by its top-left cell's index; ``root``: for each cell (row-major)
    that index; ``xs``/``ys``: the grid's column and row boundaries; ``body``: the print
    of the text around the grid (:func:`print_size`), which a form's labels are under."""
    ncols = len(xs) - 1
    rows: dict[int, set[int]] = {}  # drawn cell's index -> the grid rows it spans
    for i, r in enumerate(root):
        rows.setdefault(r, set()).add(i // ncols)
    by_row: dict[int, list[bool]] = {}
    for cell, lns in by_cell.items():
        span = rows.get(cell, set())
        if len(span) != 1 or not lns:
            continue  # a label down several rows ("Print or type") says nothing of one row
        (r,) = span
        by_row.setdefault(r, []).append(_entry_box(lns, ys[r], ys[r + 1], body))
    with_text = len(by_row)
    entry = sum(1 for boxes in by_row.values() if all(boxes))
    return entry >= 2 and 2 * entry >= with_text


def _entry_box(lines: list[LayoutLine], top: float, bottom: float, body: float) -> bool:
    """Whether a cell from ``top`` to ``bottom`` holds a label against one edge, in print
    smaller than the ``body`` text's around the grid (a table's cells are in the text's
    print, and a tall row of them may leave room under it too), and a blank area to
    write in. A figure is data, no label."""
    size = sorted(font_size(ln) for ln in lines)[len(lines) // 2]
    if size <= 0 or size > _LABEL_PRINT * body or is_figure(" ".join(ln.text for ln in lines)):
        return False
    above = (min(ln.bbox[1] for ln in lines) - top) / size
    below = (bottom - max(ln.bbox[3] for ln in lines)) / size
    return max(above, below) >= _ROOM_EM and min(above, below) <= _HUG_EM


def form_protos(cells: dict[int, list[LayoutLine]], ncols: int = 0, rtl: bool = False) -> list[Proto]:
    """A boxed form's blocks in reading order. ``cells``: each cell's lines by its index
    in the grid, row by row (a merged cell under its first row's and column's index), of
    ``ncols`` columns. The cells are read row by row, each row from the left, or with
    ``rtl`` from the right: a right-to-left form's first field is its rightmost.

    In a cell, a line that starts with a checkbox opens an item; a line under it, set at
    or right of its box, goes on with its label; any other line is the cell's text: a
    question, a label, an option's follow-up ("Go to Part A3" beside an option).
    """
    out: list[Proto] = []
    for key in sorted(cells, key=(lambda k: (k // ncols, -(k % ncols))) if rtl and ncols else None):
        lns = _reading_order(cells[key])
        current: Proto | None = None
        options: list[Proto] = []  # the cell's options on the row above: where wraps go
        for i, ln in enumerate(lns):
            row = Row(ln.text.strip(), *ln.bbox, font_size(ln), ln.bold, ln.confidence, ln.words)
            mark = list_mark(row.text)
            if current is not None and current.kind == "list_item" and _label_of(current.rows[-1], row):
                current.rows[-1] = _joined(current.rows[-1], row)
            elif mark in ("open", "checked"):
                current = Proto(kind="list_item", rows=[row], size=row.size, mark=mark)
                current.checked = mark == "checked"
                if not options or abs(options[-1].rows[0].top - row.top) > 0.5 * row.size:
                    options = []
                options.append(current)
                out.append(current)
            elif (wrapped := _wrapped_option(options, row)) is not None:
                wrapped.rows.append(row)  # an option's label, wrapped under its words
            elif current is not None and (
                current.kind == "paragraph"
                or (
                    row.top >= current.rows[-1].bottom - 1.0
                    and row.x0 >= current.rows[0].x0 - 1.0
                    and not _set_apart(current.rows[-1], row, lns[i + 1] if i + 1 < len(lns) else None)
                )
            ):
                current.rows.append(row)
            else:
                options = []
                current = Proto(kind="paragraph", rows=[row], size=row.size)
                out.append(current)
    for p in out:
        p.boxed = True
        p.x0 = min(r.x0 for r in p.rows)
        p.x1 = max(r.x1 for r in p.rows)
        p.size = sorted(r.size for r in p.rows)[len(p.rows) // 2]
    return out


def _reading_order(lines: list[LayoutLine]) -> list[LayoutLine]:
    """A cell's lines row by row, each row left to right (model.side_by_side_rows), but
    its options' codes: a number just left of each of two checkboxes' lines or more ("1
    ☐ Yes", "2 ☐ No": a questionnaire's codes for its answers, keyed in from the boxes),
    which read as text are paragraphs of their own between the options. The text layer
    may give them the options' print, so it is their column that tells them."""
    rows = side_by_side_rows(lines)
    codes = {id(row[k]) for row in rows for k in range(len(row) - 1) if _option_code(row[k], row[k + 1])}
    if len(codes) < _MIN_OPTIONS:
        codes = set()
    return [ln for row in rows for ln in row if id(ln) not in codes]


def _option_code(ln: LayoutLine, box: LayoutLine) -> bool:
    """Whether ``ln`` is the code number printed before the checkbox that starts ``box``."""
    text = ln.text.strip()
    return (
        text.isdigit()
        and len(text) <= _CODE_DIGITS
        and list_mark(box.text.strip()) in ("open", "checked")
        and 0 <= box.bbox[0] - ln.bbox[2] <= _CODE_GAP_EM * font_size(box)
    )


def _label_of(box: Row, row: Row) -> bool:
    """Whether ``row`` is the label of a box that stands alone on its line (the text layer
    parts them at the gap between box and label): right of it, on its line."""
    return len(box.text) == 1 and row.x0 >= box.x1 and row.top < box.bottom and box.top < row.bottom


def _wrapped_option(options: list[Proto], row: Row) -> Proto | None:
    """The option of a row of several whose label ``row`` goes on with: right under that
    option's one line, right of its box, and within its share of the row (short of the
    next option's box). A line under the last option or under the row's whole width is
    the cell's text."""
    if len(options) < 2:
        return None
    for k, p in enumerate(options[:-1]):
        last, nxt = p.rows[-1], options[k + 1].rows[0]
        if (
            0 <= row.top - last.top <= 1.5 * last.size
            and last.x0 + 0.5 * row.size <= row.x0 <= last.x0 + 3 * row.size
            and row.x1 <= nxt.x0
        ):
            return p
    return None


def _set_apart(last: Row, row: Row, after: LayoutLine | None) -> bool:
    """Whether ``row``, under an option, opens a paragraph of its own (a note under the
    options): the space above it wider than its own lines' pitch, a reader's paragraph
    break, where a wrapped label keeps the pitch of the lines it wraps."""
    if after is None or list_mark(after.text.strip()):
        return False
    below = after.bbox[1] - row.top
    return below > 0 and row.top - last.top > _APART * below and abs(after.bbox[0] - row.x0) <= row.size


def _joined(box: Row, label: Row) -> Row:
    """A box and its label as one line: "☐ label"."""
    return Row(
        f"{box.text} {label.text}",
        box.x0,
        min(box.top, label.top),
        label.x1,
        max(box.bottom, label.bottom),
        label.size,
        label.bold,
        label.confidence,
        [*box.words, *label.words],
    )

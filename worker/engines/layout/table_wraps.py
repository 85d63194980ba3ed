"""A table's rows that go on below (worker/engines/layout/tables.py): lines left alone in
a column by a cell whose text wraps, joined to the row whose cell they are."""

from __future__ import annotations

import bisect
import itertools

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine, Region, font_size, make_band
from worker.engines.layout.table_rows import STRIPE_EM, is_figure

# A cell's wrapped line follows the line above it at the cell's leading: a gap of at most
# this many ems of its print (a row of its own stands a row's gap, wider, apart).
_WRAP_GAP_EM = 0.6
# A line under a table's last row that wraps it: set at the row's size within this
# share (a note under the table is in smaller print) ...
_SIZE_TOLERANCE = 0.1
# ... at most this many ems of the row's print under the line above it ...
_UNDER_GAP_EM = 0.25
# ... and closer than this share of the gap between the table's last two rows.
_ROW_GAP_SHARE = 0.5
# A wrapped cell's line in capitals (a date range under "$10 / month") is told from a row
# of its own by its gaps: the gap under it to the next row is at least this many times
# the gap over it to its row, and wider by this many ems of its print at least (rows set
# at one spacing, a dense table's, stand as far from the row below as from the one above).
_WIDER_BELOW = 2.0
_WIDER_BELOW_EM = 0.5


def continued(groups: list[list[Band]], cuts: Cuts) -> list[list[Band]]:
    """Rows with the lines that continue a cell of the row above joined to it.

    With no rule between rows, a cell whose text wraps leaves a line alone in its column
    right under it. Taken as that line only when nothing says it is a row of its own: it
    starts in lower case, sits in columns where the row above has text (not figures) in
    its own style (a plain "of which:" under a bold total is a row), and follows it at
    the line spacing, not with a row's gap. A cell whose figures sit level with its last
    line leaves its first line alone above the row instead ("... in the past" over
    "twelve months  872  53"): that line leads the row under it, on the same terms. A
    cell whose figures are centred on its two lines leaves both alone, one above and
    one under the figures' row (:func:`_wraps_round`).
    """
    out: list[list[Band]] = []
    i = 0
    while i < len(groups):
        group = groups[i]
        i += 1
        if i + 1 < len(groups) and _wraps_round(group, groups[i], groups[i + 1], cuts):
            out.append([*group, *groups[i], *groups[i + 1]])
            i += 2
        elif out and len(group) == 1 and _continues(out[-1], group[0], cuts, _below(out, groups, i)):
            out[-1] = [*out[-1], group[0]]
        elif len(group) == 1 and i < len(groups) and _leads(group[0], groups[i][0], cuts):
            out.append([group[0], *groups[i]])
            i += 1
        else:
            out.append(group)
    return out


def _wraps_round(first: list[Band], mid: list[Band], last: list[Band], cuts: Cuts) -> bool:
    """Whether two lone lines of one column are a cell's two lines with the row's other
    cells (figures) set between them, centred on the cell: "Adjusted balance at", then
    the figures, then "beginning of year". The lines follow at the line spacing, the
    second goes on in lower case in the first's style, and the row between them has no
    line in their column and overlaps both."""
    if len(first) != 1 or len(mid) != 1 or len(last) != 1:
        return False
    a, row, b = first[0], mid[0], last[0]
    if len(a) != 1 or len(b) != 1:
        return False
    top, bottom = a[0], b[0]
    size = font_size(top)
    col = bisect.bisect_left(cuts, (top.bbox[0] + top.bbox[2]) / 2)
    cells = band_cells(row, cuts)
    return (
        not is_figure(top.text)
        and bisect.bisect_left(cuts, (bottom.bbox[0] + bottom.bbox[2]) / 2) == col
        and col not in cells
        and any(is_figure(ln.text) for ln in row)
        and bottom.text.lstrip()[:1].islower()
        and bottom.bold == top.bold
        and 0.0 <= bottom.bbox[1] - top.bbox[3] <= _WRAP_GAP_EM * size
        and row.top < top.bbox[3]
        and row.bottom > bottom.bbox[1]
    )


def _leads(lone: Band, band: Band, cuts: Cuts) -> bool:
    """Whether a lone line of text is the first line of a cell in the row ``band`` right
    under it, whose line in that column goes on in lower case in the same style."""
    if (
        len(lone) != 1
        or is_figure(lone[0].text)
        or band.top - lone.bottom > _WRAP_GAP_EM * font_size(lone[0])
    ):
        return False
    x0, _, x1, _ = lone[0].bbox
    col = bisect.bisect_left(cuts, (x0 + x1) / 2)
    cells = band_cells(band, cuts)
    nxt = cells.get(col, [])
    return (
        len(cells) >= 2
        and len(nxt) == 1
        and nxt[0].text.lstrip()[:1].islower()
        and nxt[0].bold == lone[0].bold
    )


def _below(out: list[list[Band]], groups: list[list[Band]], i: int) -> float | None:
    """The gap that sets a row apart from the row above it, to weigh a lone line at
    ``groups[i - 1]`` against: the gap under that line to the next row, or, under the
    table's last row, the gap between that row (``out[-1]``) and the one before it."""
    if i < len(groups):
        return groups[i][0].top - groups[i - 1][-1].bottom
    if len(out) >= 2:
        return out[-1][0].top - out[-2][-1].bottom
    return None


def _continues(row: list[Band], band: Band, cuts: Cuts, below: float | None) -> bool:
    """Whether the lone line ``band`` goes on with the cells of the ``row`` above it: in
    columns where that row has text (no figures) in the line's own style, at the line
    spacing under its last line, and in lower case, or in capitals when it stands much
    closer to the row above than to the next (``below``: the gap a row stands apart,
    :func:`_below`). The row's cells are those of all its lines: a description wrapped
    onto three lines beside figures on its first leaves its third line under its second,
    a line alone, and the row's figures above that."""
    above = row[-1]
    if len(band) == 1 and sub_line(above, band[0], cuts):
        return True
    size = font_size(band[0])
    gap = band.top - above.bottom
    if gap > _WRAP_GAP_EM * size:
        return False
    # A cell's second line may start with a capital ("Jul 19 - Aug 19, 2024" under
    # "$10 / month"): only its gaps tell it from a row (a section's label) then.
    capital_ok = (
        len(band) == 1
        and any(ch.isalpha() for ch in band[0].text)  # words, or a date; no amount alone
        and below is not None
        and below >= max(_WIDER_BELOW * max(gap, 0.0), gap + _WIDER_BELOW_EM * size)
    )
    cells: dict[int, list[LayoutLine]] = {}
    for ln in (ln for b in row for ln in b):
        cells.setdefault(bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2), []).append(ln)
    for ln in band:
        text = ln.text.lstrip()
        if not text[:1].islower() and not capital_ok:
            return False
        col = bisect.bisect_left(cuts, (ln.bbox[0] + ln.bbox[2]) / 2)
        cell = cells.get(col, [])
        if not cell or is_figure(" ".join(c.text for c in cell)) or any(c.bold != ln.bold for c in cell):
            return False
        if not text[:1].islower() and abs(font_size(ln) / font_size(cell[-1]) - 1.0) > _SIZE_TOLERANCE:
            return False  # a note in smaller print under the row
    return len(cells) >= 2  # the row above is a row of the table, not a lone line


def wrapped_under(regions: list[Region]) -> list[Region]:
    """The regions with the lines that wrap a table's last row, at the head of the flow
    right under it, joined to that row's band: an item's name whose code and reference
    run on over two more lines under it ("1 KAUBAALUS 1/4 puit" over "C47092 12340101"
    over "Alusarve : LL1192196"), the row's figures beside its first line only.

    Such a line stands alone, within one column where the row has text (no figure),
    has letters in it (a code may be mostly digits, "C47092 12340101"; an amount is not),
    is set at the row's size (a table's note under it is in smaller print), and
    follows at the cell's own leading, closer than the table's rows stand to each other:
    a note under the table stands a row's gap below it at least. Left out, the lines are
    read after the table, torn from their row (:func:`continued` joins only lines in
    lower case, which a code or a reference seldom is)."""
    out = list(regions)
    for i in range(len(out) - 1):
        table, below = out[i], out[i + 1]
        if table.kind != "table" or below.kind != "flow" or len(table.bands) < 2:
            continue
        n = _wrapped_lines(table.bands, below.bands, table.cuts)
        if n:
            last = make_band([*table.bands[-1], *(b[0] for b in below.bands[:n])])
            out[i] = Region("table", [*table.bands[:-1], last], table.cuts)
            out[i + 1] = Region("flow", below.bands[n:])
    return [r for r in out if r.bands]


def _wrapped_lines(rows: list[Band], below: list[Band], cuts: Cuts) -> int:
    """How many of the bands ``below`` wrap the last of the table's ``rows``."""
    last, above = rows[-1], rows[-2]
    cells = band_cells(last, cuts)
    if len(cells) < 2:
        return 0
    size = min(font_size(ln) for ln in last)
    spacing = last.top - above.bottom
    prev = last.bottom
    n = 0
    for band in below:
        if len(band) != 1:
            break
        ln = band[0]
        if n == 0 and sub_line(last, ln, cuts):
            prev = ln.bbox[3]
            n += 1
            continue
        x0 = ln.bbox[0]
        col = bisect.bisect_left(cuts, x0)
        gap = ln.bbox[1] - prev
        if (
            not _short_of_next(ln, col, cuts, rows)
            or col not in cells
            or not any(ch.isalpha() for ch in ln.text)  # a figure alone: a total's, a row's
            or abs(font_size(ln) / font_size(cells[col][-1]) - 1.0)
            > _SIZE_TOLERANCE  # a note in smaller print
            or any(is_figure(c.text) for c in cells[col])
            or (
                (gap > _UNDER_GAP_EM * size or gap >= _ROW_GAP_SHARE * spacing)
                and not (n == 0 and (_at_own_leading(rows, ln, gap, cuts) or _held_close(ln, gap, spacing)))
            )
        ):
            break
        prev = ln.bbox[3]
        n += 1
    return n


def _held_close(ln: LayoutLine, gap: float, spacing: float) -> bool:
    """Whether ``ln``, ``gap`` under the table's last row, stands at a cell's leading
    (within _WRAP_GAP_EM of its own print) where the table's rows stand far wider apart
    (``spacing``, weighed as :func:`_continues` weighs a line in capitals): the second
    line of the last row's cell (an item's period, "May 5 - Jun 5, 2024", under its
    name). Measured by the row's smallest print, a superscript's ("0%[1]"), the gap
    looked as wide as a row's."""
    size = font_size(ln)
    return gap <= _WRAP_GAP_EM * size and spacing >= max(
        _WIDER_BELOW * max(gap, 0.0), gap + _WIDER_BELOW_EM * size
    )


def _at_own_leading(rows: list[Band], ln: LayoutLine, gap: float, cuts: Cuts) -> bool:
    """Whether ``ln``, ``gap`` under the table's last row, stands as a wrapped line of an
    earlier row does in the table: a line alone under a row of several cells, flush with
    ``ln`` in its column, of its size, words (no figure), at the same gap within a tenth
    of an em. An item's description set at a wide leading ("Kasko Pakett Lihtne" over
    "Kindlustusperiood: ...") shows it under each item; the last item's is no note."""
    size = font_size(ln)
    for row, lone in itertools.pairwise(rows):
        if len(lone) != 1 or len(band_cells(row, cuts)) < 2:
            continue
        other = lone[0]
        if (
            abs(other.bbox[0] - ln.bbox[0]) <= _FLUSH_PT
            and not is_figure(other.text)
            and abs(font_size(other) / size - 1.0) <= _SIZE_TOLERANCE
            and abs(other.bbox[1] - row.bottom - gap) <= 0.1 * size
        ):
            return True
    return False


def _short_of_next(ln: LayoutLine, col: int, cuts: Cuts, rows: list[Band]) -> bool:
    """Whether ``ln``, starting in column ``col``, stays in it: it ends before the
    boundary, or past it but a stripe (STRIPE_EM) short of the text of the next column
    in the table's rows (a code under an item's name, longer than the names, reaches
    into the gutter the boundary runs down the middle of, not into the quantities)."""
    x1 = ln.bbox[2]
    end = bisect.bisect_left(cuts, x1)
    if end == col:
        return True
    if end != col + 1:
        return False
    nxt = [o.bbox[0] for band in rows for o in band if bisect.bisect_left(cuts, o.bbox[0]) == col + 1]
    return bool(nxt) and x1 + STRIPE_EM * font_size(ln) <= min(nxt)


# A cell's second line in smaller print: at most this share of the cell's print.
_SUB_SIZE = 0.95
# Flush with the cell's text: its left edge within this many points of the cell's.
_FLUSH_PT = 1.0


def sub_line(row: Band, ln: LayoutLine, cuts: Cuts) -> bool:
    """Whether a line alone under a table's row is the second line of one of the row's
    cells, in smaller print: a title's note ("(Runtime: 98 min); Matinee Special" under
    the film's title), which may run on under the columns to its right, empty on its
    line. It starts flush with the text of a cell of words that is not the row's first
    (a note flush with the table's left edge is the table's), follows it at the line
    spacing, and has letters in it."""
    cells = band_cells(row, cuts)
    if len(cells) < 2 or not any(ch.isalpha() for ch in ln.text):
        return False
    first = min(cells)
    size = font_size(ln)
    for col, lns in cells.items():
        if col == first or any(is_figure(c.text) for c in lns):
            continue
        cell = max(lns, key=lambda c: c.bbox[3])  # its last line
        if (
            abs(min(c.bbox[0] for c in lns) - ln.bbox[0]) <= _FLUSH_PT
            and size <= _SUB_SIZE * font_size(cell)
            and -0.1 * size <= ln.bbox[1] - cell.bbox[3] <= _WRAP_GAP_EM * size
        ):
            return True
    return False

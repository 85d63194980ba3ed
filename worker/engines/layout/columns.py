"""How a region with column gutters is read: grids cut out of prose columns, the columns
read one after the other (right to left on a right-to-left page) where they run on,
and where text under them spans them again (segment.py decides which regions these are)."""

from __future__ import annotations

import itertools

from worker.engines.layout.column_sets import sidebar_after
from worker.engines.layout.cover import band_cells
from worker.engines.layout.form_rows import form_rows
from worker.engines.layout.label_cuts import label_cuts
from worker.engines.layout.model import (
    Band,
    Cover,
    Cuts,
    LayoutLine,
    PageStats,
    font_size,
    make_band,
    runs_on,
)
from worker.engines.layout.patterns import BOXES, INLINE_LABEL_RE
from worker.engines.layout.table_rows import is_figure
from worker.engines.layout.tables import mostly_rtl
from worker.engines.layout.thresholds import FURNITURE_SIZE_RATIO
from worker.engines.layout.title_parts import starts_level, title_parts_apart

_MAX_UNDER_PROSE = 2  # rows under columns, one of them running text, read after them all
_MIN_NOTE_LINES = 3  # margin notes (_margin_notes) hold at least this many lines
_MAX_ALONE = 2  # bands of a column that may stand alone between the other's lines
_LEADING_EM = 0.25  # the blank between two lines of a paragraph, at most (ems)
_LEVEL_EM = 0.25  # lines whose feet meet within this (ems) stand on one baseline
_FLUSH_PT = 1.5  # lines set flush right end within this of each other


def cut_out_grids(bands: list[Band], cuts: Cuts, cover: Cover) -> list[list[Band]]:
    """Split a column region above and below runs of rows that are a full-width grid.

    A full-width table between two-column text may have a cell gap right where the page
    gutter is, so it shares the gutter and would be torn in half by the column split.
    Its rows give it away: three or more short cells spread over both sides of the
    gutter, none filling its column as a line of running text does.
    """
    edges = [cover[0][0], *cuts, cover[-1][1]]  # the region's coverage spans its lines

    def grid_row(band: Band) -> bool:
        if len(band) < 3:
            return False
        cells = band_cells(band, cuts)
        return len(cells) >= 2 and all(
            ln.bbox[2] - ln.bbox[0] < 0.6 * (edges[col + 1] - edges[col])
            for col, lns in cells.items()
            for ln in lns
        )

    flags = [grid_row(b) for b in bands]
    if not any(flags):
        return [bands]
    pieces: list[list[Band]] = []
    other = False  # whether pieces[-1] is ordinary rows (grid runs stay separate pieces)
    i = 0
    while i < len(bands):
        j = i
        while j < len(bands) and flags[j] == flags[i]:
            j += 1
        grid = flags[i] and j - i >= 2  # a lone grid-like row stays with its neighbours
        if pieces and other and not grid:
            pieces[-1].extend(bands[i:j])
        else:
            pieces.append(bands[i:j])
        other = not grid
        i = j
    return pieces


def _split_columns(bands: list[Band], cuts: Cuts) -> list[list[Band]]:
    cols: list[list[Band]] = [[] for _ in range(len(cuts) + 1)]
    for band in bands:
        cells = band_cells(band, cuts)
        if len(cells) == 1:
            for col in cells:
                cols[col].append(band)
        else:
            for col, lns in sorted(cells.items()):
                cols[col].append(make_band(lns))
    return [c for c in cols if c]


def reading_parts(bands: list[Band], cuts: Cuts, prose: int, stats: PageStats) -> list[list[Band]]:
    """Side-by-side text in the order it is read.

    Columns of running text are read one after the other: left to right, or right to
    left on a page whose text reads that way; so are columns whose blocks (told apart
    by a blank line) start level with blocks of the first column (two checklists under
    their headings, a "Bill to" beside a "Ship to"). Blocks that merely sit side by side
    at different heights (a letter's sender block at the top right, the recipient's
    address lower on the left, an invoice number under it) form no columns: they are
    read top to bottom across the page, the one further left (right, in a right-to-left
    text) first where two start level.
    """
    paired = label_cuts(bands, cuts)
    if paired != cuts:
        parts = reading_parts(bands, paired, prose, stats) if paired else [bands]
        # A column of label/value rows is read a row at a time: taken whole, its rows
        # would be cut again at the gutter between labels and values, and made a grid.
        return [
            piece
            for part in parts
            for piece in ([[b] for b in part] if any(len(band_cells(b, cuts)) > 1 for b in part) else [part])
        ]
    alone = _alone_between(bands, cuts)
    if alone is not None:
        i, j = alone
        return [p for p in (bands[:i], bands[i:j], bands[j:]) if p]
    cols = _split_columns(bands, cuts)
    if mostly_rtl(bands):
        cols.reverse()
    if prose >= 1 and len(cols) >= 2 and _margin_notes(cols[0], cols[1]):
        lns = [ln for b in cols[0] for ln in b]
        stats.side_notes.append(
            (
                min(ln.bbox[0] for ln in lns),
                min(ln.bbox[1] for ln in lns),
                max(ln.bbox[2] for ln in lns),
                max(ln.bbox[3] for ln in lns),
            )
        )
        return [*cols[1:], cols[0]]
    if prose >= 1 and len(cols) == 2 and sidebar_after(cols[0], cols[1], stats.rules):
        # A résumé's sidebar beside the main column that opens with the name: read after it.
        return [cols[1], cols[0]]
    if prose >= 2 or len(cols) < 2:
        return cols
    gap = 0.8 * stats.body
    # A block in one column under blocks side by side, with a blank line across the
    # region between (an invoice's "Bill to" under its letterhead and number block), is
    # read after all of them, not as the rest of its column. Beside one column of running
    # text only a few closing rows are (a heading under a letter's two address blocks):
    # a longer run goes on down the text's column. So does a block that goes on at its
    # own spacing and edge past a shorter one beside it.
    lowest = bands[0].bottom
    for i in range(1, len(bands)):
        if (
            bands[i].top - lowest > gap
            and (prose == 0 or len(bands) - i <= _MAX_UNDER_PROSE)
            and len(_split_columns(bands[i:], cuts)) == 1
            and not _goes_on_at_pitch(bands[:i], bands[i], cuts, gap)
            and not _column_runs_on(bands[:i], bands[i], cuts)
        ):
            return [*reading_parts(bands[:i], cuts, prose, stats), bands[i:]]
        lowest = max(lowest, bands[i].bottom)
    if prose >= 1:
        return cols
    level = 0.5 * stats.body
    stacks: list[tuple[float, int, list[Band]]] = []
    for k, col in enumerate(cols):
        start = 0
        for i in range(1, len(col) + 1):
            if i == len(col) or col[i].top - max(b.bottom for b in col[start:i]) > gap:
                stacks.append((col[start].top, k, col[start:i]))
                start = i
    firsts = [top for top, k, _ in stacks if k == 0]
    # Columns read one after the other start no higher than the column before them: a
    # block at the top of a later column (a company's name at the top right, level with
    # the title) is read with the top of the page, not after a column that starts lower
    # (a "Bill to" beside the sender's address).
    starts = [min(top for top, j, _ in stacks if j == k) for k in range(len(cols))]
    if all(any(abs(top - f) <= level for f in firsts) for top, k, _ in stacks if k > 0) and all(
        b >= a - level for a, b in itertools.pairwise(starts)
    ):
        return cols
    stacks = title_parts_apart(stacks, stats.body)
    stacks.sort(key=lambda s: (s[0], s[1]))
    # Blocks that start level (title_parts.starts_level): the earlier column first.
    for _ in range(len(stacks)):
        swapped = False
        for i in range(len(stacks) - 1):
            a, b = stacks[i], stacks[i + 1]
            if b[1] < a[1] and starts_level(a, b, level):
                stacks[i], stacks[i + 1] = b, a
                swapped = True
        if not swapped:
            break
    return [s[2] for s in stacks]


def _alone_between(bands: list[Band], cuts: Cuts) -> tuple[int, int] | None:
    """The bands [i, j) that make a column on their own with no other text level with
    them, set between the other columns' lines, or None.

    A line set right between two lines of a block (a judgment's "Case No: ..." right
    under its citation and over the court's name) leaves a gutter beside the block only
    because it is short; it stands on rows of its own, and is read there, not after
    the block as a column. (A column's text has the other column's lines beside it.)
    """
    if len(cuts) != 1:
        return None
    cells = [band_cells(band, cuts) for band in bands]
    for col in (0, 1):
        at = [k for k, c in enumerate(cells) if col in c]
        if not at or len(at) > _MAX_ALONE or at[-1] - at[0] + 1 != len(at):
            continue
        i, j = at[0], at[-1] + 1
        if i == 0 or j == len(bands) or any(len(cells[k]) > 1 for k in at):
            continue
        top = bands[i].top
        bottom = max(b.bottom for b in bands[i:j])
        # No line of the rest of the region beside the block: all end above it or start under it.
        if all(b.bottom <= top for b in bands[:i]) and all(b.top >= bottom for b in bands[j:]):
            return i, j
    return None


def _margin_notes(first: list[Band], other: list[Band]) -> bool:
    """Whether ``first``, the column read first, is notes in the margin beside running text
    in ``other``: a column at most half as wide, in print a size smaller (an article's
    "Correspondence to", "Received", "Accepted" beside its first column). The text
    beside them is read first, as the running text it is; they follow it, after the
    text that starts above them and the column beside them as it runs on
    (note_order.py). (A side heading in the margin is no smaller
    than the text it heads.)"""
    # Notes run to a few lines; a lone small label beside its value ("IN THE MATTER
    # OF:" left of a case's name) is a form's row, read across.
    if sum(len(b) for b in first) < _MIN_NOTE_LINES:
        return False
    # The width first: cheaper than the print, and columns of one width are most pages'.
    if _width(first) > 0.5 * _width(other):
        return False
    return _print(first) <= FURNITURE_SIZE_RATIO * _print(other)


def _print(col: list[Band]) -> float:
    """A column's print size, weighted by its characters."""
    chars = sum(len(ln.text) for b in col for ln in b) or 1
    return sum(font_size(ln) * len(ln.text) for b in col for ln in b) / chars


def _width(col: list[Band]) -> float:
    return max(ln.bbox[2] for b in col for ln in b) - min(ln.bbox[0] for b in col for ln in b)


def _goes_on_at_pitch(above: list[Band], band: Band, cuts: Cuts, blank: float) -> bool:
    """Whether ``band``, a label and its value in one column, goes on down a run of such
    rows in that column at the spacing of its last two, rows that stand apart (a form's
    label/value rows a blank line apart, beside a shorter column of labelled blocks): it
    is the rest of the column, not text under the region. (An invoice's "Bill to" under
    its letterhead's lines stands further from them; a lone label under a row of fields
    is read after the row.)"""
    if len(band) < 2:
        return False
    (col,) = band_cells(band, cuts)
    spans: list[tuple[float, float]] = []
    for b in reversed(above):
        lns = band_cells(b, cuts).get(col)
        if lns is not None:
            if len(lns) < 2:
                return False
            spans.append((min(ln.bbox[1] for ln in lns), max(ln.bbox[3] for ln in lns)))
            if len(spans) == 2:
                break
    if len(spans) < 2:
        return False
    (top1, bottom1), (_, bottom2) = spans
    spacing = top1 - bottom2
    return spacing > blank and abs(band.top - bottom1 - spacing) <= 0.25 * blank


def _column_runs_on(above: list[Band], band: Band, cuts: Cuts) -> bool:
    """Whether ``band``, in one column, goes on down that column's lines in ``above`` at
    their own spacing and left edge (model.runs_on)."""
    (col,) = band_cells(band, cuts)
    column = [ln for b in above for ln in band_cells(b, cuts).get(col, [])]
    return runs_on(column, list(band))


def read_as_columns(bands: list[Band], cuts: Cuts, prose: int) -> bool:
    # Side-by-side text is read column by column, except a form: short "Label: value"
    # cells aligned on rows ("Name: ...   Date: ...") read better row by row. (A label
    # above its value, "Due Date:" over "04/04/2023", reads right column-wise.)
    # ``prose``: prose_columns(bands, cuts), which the caller has at hand.
    # Lines of labels at a paragraph's leading, one under another in each column, are two
    # paragraphs side by side (an employee's details beside the tax details), not a form's
    # rows, which stand further apart.
    if form_rows(bands, cuts, prose):
        return False
    if _addresses_beside(bands, cuts) or _options_across(bands, cuts) or _captions_under(bands, cuts):
        return False
    if prose >= 1:
        return True
    if _header_over_values(bands, cuts):
        return False
    multi = inline = 0
    tight = True
    above: Band | None = None
    for band in bands:
        cells = band_cells(band, cuts)
        if len(cells) >= 2:
            multi += 1
            inline += any(INLINE_LABEL_RE.match(" ".join(ln.text for ln in c)) for c in cells.values())
            if above is not None:
                tight = tight and band.top - above.bottom <= _LEADING_EM * font_size(band[0])
            above = band
    return multi < 0.6 * len(bands) or inline < 0.5 * multi or (multi >= 2 and tight)


def _addresses_beside(bands: list[Band], cuts: Cuts) -> bool:
    """Whether the rows with a cell either side of the one gutter are names, each with
    its e-mail address set flush right on the same baseline (a paper's authors): two
    rows or more, each an address alone in the right cell, the addresses' right ends
    level. Read column by column every address would be torn from its name; the text
    layer and a reader take each name with its address."""
    if len(cuts) != 1:
        return False
    rows = 0
    ends: list[float] = []
    for band in bands:
        cells = band_cells(band, cuts)
        if len(cells) < 2:
            continue
        name, address = cells[0], cells[1]
        if len(name) != 1 or len(address) != 1:
            return False
        text = address[0].text.strip()
        if "@" not in text or " " in text:
            return False
        if abs(name[0].bbox[3] - address[0].bbox[3]) > _LEVEL_EM * font_size(name[0]):
            return False
        ends.append(address[0].bbox[2])
        rows += 1
    return rows >= 2 and max(ends) - min(ends) <= _FLUSH_PT


def _options_across(bands: list[Band], cuts: Cuts) -> bool:
    """Whether the region is a grid of checkbox options, each a label with its box after
    it ("Large accelerated filer ☒   Accelerated filer ☐"), every line of it one option:
    a form's options are read across, row by row, as the form and its text layer set
    them; column by column the options would come out in an order of the layout's making."""
    rows = 0
    for band in bands:
        cells = band_cells(band, cuts)
        for lns in cells.values():
            if len(lns) != 1 or not lns[0].text.rstrip().endswith(tuple(BOXES)):
                return False
        rows += len(cells) >= 2
    return rows >= 2


def _captions_under(bands: list[Band], cuts: Cuts) -> bool:
    """Whether the region is rows of fields, each over its caption in parentheses
    ("WASHINGTON   91-1144442" over "(STATE OF INCORPORATION)   (I.R.S. ID)"): the
    captions' row is set as one and read as one, after the values' row, as a printed
    form's "(Signature)   (Date)" under its blanks. (A label over its value, "Due Date:"
    over "04/04/2023", reads column by column.)"""
    captions = 0
    above: dict[int, list[LayoutLine]] | None = None
    for band in bands:
        cells = band_cells(band, cuts)
        texts = [ln.text.strip() for lns in cells.values() for ln in lns]
        if len(cells) >= 2 and all(_caption(t) for t in texts):
            if above is None or above.keys() != cells.keys():
                return False
            captions += 1
        above = cells
    return captions >= 1


def _caption(text: str) -> bool:
    # Words in parentheses; "(1,234)" is a negative figure, no caption.
    return text.startswith("(") and text.endswith(")") and any(c.isalpha() for c in text)


_MIN_HEADED_CELLS = 3  # a row of column headers over one row of figures has this many cells


def _header_over_values(bands: list[Band], cuts: Cuts) -> bool:
    """Whether the region's rows of cells are a row of column headers right over one row
    of figures or dates, cell under cell, three cells or more ("Start Date  End Date  # Shows"
    over "12/20/24  12/31/24  48"): a table of one row, read a row at a time (headers,
    then values), as a table is. Read column by column it would come out a header, its
    value, the next header... (A field's label over its value, "Due Date:" over
    "04/04/2023", ends with its colon and reads column-wise; so do fewer pairs.)"""
    rows = [(i, cells) for i, b in enumerate(bands) if len(cells := band_cells(b, cuts)) >= 2]
    if len(rows) != 2:
        return False
    (i, head), (j, values) = rows
    if j != i + 1 or head.keys() != values.keys() or len(head) < _MIN_HEADED_CELLS:
        return False
    if bands[j].top - bands[i].bottom > font_size(bands[i][0]):
        return False  # a blank line between: no header right over its values
    # (A cell may hold two headers side by side, at a gap narrower than a gutter, each over
    # its value: as many lines under it.)
    if any(len(head[c]) != len(values[c]) for c in head):
        return False
    labels = [ln.text.strip() for lns in head.values() for ln in lns]
    if any(t.endswith(":") or is_figure(t) for t in labels):
        return False
    return all(is_figure(ln.text) for lns in values.values() for ln in lns)

"""Reading order: a page's bands cut into flow and table regions, recursively, at gutters,
wide blank stripes and changes of column structure."""

from __future__ import annotations

import itertools

from worker.engines.layout.columns import cut_out_grids, read_as_columns, reading_parts
from worker.engines.layout.cover import (
    band_cells,
    band_cover,
    band_has_gutter,
    bands_cover,
    gutters,
    merge_cover,
    prose_columns,
)
from worker.engines.layout.form_rows import label_rows
from worker.engines.layout.leaders import without_leaders
from worker.engines.layout.model import (
    Band,
    Cover,
    Cuts,
    PageStats,
    Region,
    font_size,
    make_band,
)
from worker.engines.layout.row_level import cell_wraps, level_with
from worker.engines.layout.row_marks import unmarked_cuts
from worker.engines.layout.tables import as_table, header_above
from worker.engines.layout.thresholds import FIGURE_GAP_EM, SECTION_GAP_EM

_MAX_CLOSING_ROWS = 3  # rows under level-ending columns that may be text after them
_MAX_DEPTH = 12  # recursion guard for the region splitter; real pages need 3-4 levels
_OPEN_LOOKAHEAD = 3  # bands (this one included) that show whether a line opens a column run


def segment(bands: list[Band], stats: PageStats, depth: int) -> list[Region]:
    """Regions in reading order: recursive cuts at gutters and at layout changes."""
    if depth == 0:
        # Leader dots are furniture; left in, a form's lines of them are a grid of "." cells.
        bands = without_leaders(bands)
    regions = _segment(bands, stats, depth)
    return _headers_into_tables(regions) if depth == 0 else regions


def _headers_into_tables(regions: list[Region]) -> list[Region]:
    """Tables with the header rows that a cut left in the flow above them.

    A table's columns show only once the table is cut from the text around it, so a
    header row that does not span the region's coarser columns (years over the figures,
    a group header over some of them), or that fell into a group of its own, is cut off
    above the table and would be read as a heading.
    """
    for i in range(1, len(regions)):
        table, above = regions[i], regions[i - 1]
        if table.kind == "table" and above.kind == "flow":
            while above.bands and header_above(above.bands[-1], table):
                table.bands.insert(0, above.bands.pop())
    return [r for r in regions if r.bands]


def _segment(bands: list[Band], stats: PageStats, depth: int) -> list[Region]:
    if len(bands) >= 2 and depth < _MAX_DEPTH:
        cover = bands_cover(bands)
        cuts = unmarked_cuts(bands, gutters(cover, stats, tall=True))
        if cuts:
            # Blocks side by side that are not running text (an invoice's addresses, then
            # its line items, then its totals) often share a gutter by accident; a wide
            # blank stripe across them separates such sections before anything else.
            # Across columns of running text only a very wide stripe counts (where a
            # full-width figure sits): a paragraph gap level in both columns is chance.
            prose = prose_columns(bands, cuts)
            breaks = _section_breaks(bands, stats, FIGURE_GAP_EM if prose >= 2 else SECTION_GAP_EM)
            if prose >= 2:
                _keep_column_runs(bands, cuts, breaks)
            if any(breaks):
                return [r for sec in _split_at(bands, breaks) for r in segment(sec, stats, depth + 1)]
            if prose >= 2:
                end = _columns_end(bands, cuts)
                if end:
                    return [*segment(bands[:end], stats, depth + 1), *segment(bands[end:], stats, depth + 1)]
            apart = _ruled_apart(bands, stats)
            if apart is not None:
                return [r for part in apart for r in segment(part, stats, depth + 1)]
            beside = _prose_beside(bands, cuts)
            if beside is not None:
                return [r for part in beside for r in segment(part, stats, depth + 1)]
            if label_rows(bands, cuts, prose):
                # A label and its value: one line each, no grid.
                return [Region("flow", bands)]
            table = as_table(bands, cuts, stats)
            if table is not None:
                regions: list[Region] = []
                for part in table:
                    regions.extend([part] if part.kind == "table" else segment(part.bands, stats, depth + 1))
                return regions
            if read_as_columns(bands, cuts, prose):
                pieces = cut_out_grids(bands, cuts, cover)
                regions = []
                if len(pieces) > 1:
                    for piece in pieces:
                        regions.extend(segment(piece, stats, depth + 1))
                    return regions
                for group in reading_parts(bands, cuts, prose, stats):
                    regions.extend(segment(group, stats, depth + 1))
                return regions
            return [Region("flow", bands)]
        groups = _group_bands(bands, stats)
        if len(groups) > 1:
            return [r for g in groups for r in segment(g, stats, depth + 1)]
    return [Region("flow", bands)]


def _columns_end(bands: list[Band], cuts: Cuts) -> int:
    """Where columns of running text that end level give way to text under them, or 0.

    A closing line under a two-column section may fit in one column (a short paragraph,
    right-aligned in a right-to-left text); the column split would read it as the end of
    that column, before the other column. It is text after the columns when the columns'
    last lines end level (within half a line), a gap wider than a blank line separates it
    from them, and it is short (``_MAX_CLOSING_ROWS``). (A first column longer than the
    second, as flowed text is, goes on at its line spacing or a paragraph's gap.)
    """
    n = len(bands)
    end = n
    while end > 0 and len(bands[end - 1].cells.get(cuts) or band_cells(bands[end - 1], cuts)) == 1:
        end -= 1
    if end == n or end < 2 or n - end > _MAX_CLOSING_ROWS:
        return 0
    # The columns' last lines, and the spacing between the lines of the band above.
    last: dict[int, Band] = {}
    for i in range(end - 1, -1, -1):
        cells = bands[i].cells.get(cuts) or band_cells(bands[i], cuts)
        for col in cells:
            if col not in last:
                last[col] = bands[i]
        if len(last) == len(cuts) + 1:
            break
    if len(last) < 2:
        return 0
    bottoms = [b.bottom for b in last.values()]
    size = font_size(bands[end - 1][0])
    if max(bottoms) - min(bottoms) > 0.5 * size:
        return 0
    above = bands[end - 2]
    spacing = max(bands[end - 1].top - above.bottom, 0.0)
    gap = bands[end].top - max(bottoms)
    # A blank line between paragraphs is about 2 spacings (a line and the spacing); a
    # section's end is wider.
    return end if gap >= max(2.5 * spacing, 1.5 * size) else 0


def _ruled_apart(bands: list[Band], stats: PageStats) -> list[list[Band]] | None:
    """Two blocks side by side that a vertical rule divides, cut apart at it: [above,
    left, right, below], those present.

    Two small tables set beside each other (an attendance count beside a vote count)
    share rows by chance and would be read as one grid, the rule between them ignored.
    The rule divides them when it is the only one beside three bands or more, no line
    crosses it, each side has two rows of two cells or more of its own, and a row has
    text on one side only (a table's rows, however grouped, run across all its columns;
    a table whose columns are ruled has more than one rule).
    """
    if not stats.rules:
        return None
    verticals = [(x0, t, x1, b) for x0, t, x1, b in stats.rules if b - t > x1 - x0]
    # Beside three rows a rule is two line pitches long at least: the short pieces of a
    # grid drawn cell by cell are left out at once (this runs at every level of the cuts).
    for x0, t, x1, b in [r for r in verticals if r[3] - r[1] >= 1.5 * stats.body]:
        x = (x0 + x1) / 2
        beside = [i for i, band in enumerate(bands) if t <= (band.top + band.bottom) / 2 <= b]
        if len(beside) < 3:
            continue
        first, last = beside[0], beside[-1] + 1
        mid = bands[first:last]
        if any(ln.bbox[0] < x < ln.bbox[2] for band in mid for ln in band):
            continue
        if any(
            ot < mid[-1].bottom and mid[0].top < ob and abs((ox0 + ox1) / 2 - x) > 2.0
            for ox0, ot, ox1, ob in verticals
        ):
            continue  # another rule beside the same rows: a table with ruled columns
        left = [[ln for ln in band if ln.bbox[2] <= x] for band in mid]
        right = [[ln for ln in band if ln.bbox[0] >= x] for band in mid]
        if (
            sum(len(lns) >= 2 for lns in left) < 2
            or sum(len(lns) >= 2 for lns in right) < 2
            or all(lns_l and lns_r for lns_l, lns_r in zip(left, right, strict=True))
        ):
            continue
        parts = [
            bands[:first],
            [make_band(lns) for lns in left if lns],
            [make_band(lns) for lns in right if lns],
            bands[last:],
        ]
        return [p for p in parts if p]
    return None


def _prose_beside(bands: list[Band], cuts: Cuts) -> list[list[Band]] | None:
    """A paragraph beside a grid, cut apart from it: [left, right] in reading order
    (after any lines above both, :func:`_lead_above`).

    Running text in the first or last column, and the other columns' rows beside it
    mostly level with none of its lines, is a paragraph set beside a table at its own
    line pitch. A table's description column looks alike (a financial statement's long
    labels), but each of its rows stands level with the row's figures
    (:func:`.row_level.level_with`).
    Left as one region, the alignment finder would take the paragraph's lines for table
    rows.
    """
    if len(cuts) < 2:
        return None  # one gutter: plain columns, read in turn anyway
    for col, cut in ((0, cuts[0]), (len(cuts), cuts[-1])):
        own = others = beside = level = 0
        chars: list[int] = []
        for i, band in enumerate(bands):
            cells = band.cells.get(cuts) or band_cells(band, cuts)
            lns = cells.get(col)
            if lns is not None:
                own += 1
                chars.append(sum(len(ln.text) for ln in lns))
            if len(cells) > (lns is not None):
                others += 1
                # Only the rows beside the column's text tell: a table's header rows
                # over its figures have no label, nor has a row in a blank between two
                # labels (a second statement's header under the first).
                if lns is not None:
                    beside += 1
                    beside_lns = [o for c, o_lns in cells.items() if c != col for o in o_lns]
                    level += level_with(lns, beside_lns, cell_wraps(bands, i, cuts, col))
        chars.sort()
        if own >= 3 and others >= 3 and chars[len(chars) // 2] >= 25 and level < 0.5 * beside:
            lead = _lead_above(bands, cuts, col)
            left: list[Band] = []
            right: list[Band] = []
            for band in bands[lead:]:
                a = [ln for ln in band if (ln.bbox[0] + ln.bbox[2]) / 2 < cut]
                b = [ln for ln in band if (ln.bbox[0] + ln.bbox[2]) / 2 >= cut]
                if a:
                    left.append(band if not b else make_band(a))
                if b:
                    right.append(band if not a else make_band(b))
            if left and right:
                return [bands[:lead], left, right] if lead else [left, right]
    return None


def _lead_above(bands: list[Band], cuts: Cuts, col: int) -> int:
    """How many bands at the top stand apart above the paragraph in column ``col`` and
    the grid beside it: lines on the grid's side (a running title in the top corner) a
    line's height or more above all that follows, up to the paragraph's first line. They
    are read first, not as the grid's first row. (A table's header rows go on at the
    table's row spacing.)"""
    first = next((i for i, b in enumerate(bands) if col in (b.cells.get(cuts) or band_cells(b, cuts))), 0)
    bottom = 0.0
    for j in range(1, first + 1):
        bottom = max(bottom, bands[j - 1].bottom)
        if bands[j].top - bottom >= font_size(bands[j - 1][0]):
            return j
    return 0


def _group_bands(bands: list[Band], stats: PageStats) -> list[list[Band]]:
    """Consecutive bands that share a gutter (or that all lack one) form a group.

    This is the horizontal cut of XY-cut, made only where the column structure changes:
    cutting at every row gap would slice a two-column run into rows and interleave it.
    A band extends the group when the union still has a gutter (columns go on; a short
    line beside a gutter does not end them), or when neither has one (full-width text
    goes on). A full-width line after columns, columns after full-width text, or a
    wide blank stripe start a new group.
    """
    apart = _section_breaks(bands, stats)
    first = bands[0]
    groups: list[list[Band]] = [[first]]
    g_cover = band_cover(first)
    g_has = band_has_gutter(first, stats)
    for i in range(1, len(bands)):
        band = bands[i]
        b_cover = band.cover or band_cover(band)
        b_has = band.has_gutter
        if b_has is None:
            b_has = band_has_gutter(band, stats)
        if apart[i] and g_has:
            # A stripe under columns that crosses only the one still running.
            end = next((j for j in range(i + 1, len(bands)) if apart[j]), len(bands))
            g_cuts = gutters(g_cover, stats)
            apart[i] = not (g_cuts and _column_goes_on(groups[-1], bands[i:end], g_cuts))
        if not apart[i]:
            u_cover = merge_cover(g_cover, b_cover)
            u_has = len(u_cover) > 1 and bool(gutters(u_cover, stats))
            if u_has or (not g_has and not b_has and not _opens_columns(bands, i, apart, g_cover, stats)):
                groups[-1].append(band)
                g_cover, g_has = u_cover, u_has
                continue
        groups.append([band])
        g_cover, g_has = b_cover, b_has
    return groups


def _opens_columns(bands: list[Band], i: int, apart: list[bool], g_cover: Cover, stats: PageStats) -> bool:
    """Whether band ``i``, a line with no gutter, is the first of a run of columns that
    the group above it (coverage ``g_cover``), full-width text, runs across.

    Under full-width text (a title, a centred subtitle) a column's first line, alone on
    its row, has no gutter of its own, and with the full-width lines above it the group
    never shows one: the whole column run would join the full-width group and be read
    row by row across the gutter. Columns start here where this band and the next ones
    (lines of different sizes side by side - a heading beside a carried-over line, a
    list beside a paragraph - are separate bands) show a gutter whose middle the group's
    text crosses, and this band stands level with a line across that gutter. (A title's
    second line above a table's header row is above it, not beside it: it stays with
    the title.)
    """
    end = min(i + _OPEN_LOOKAHEAD, len(bands))
    first = bands[i]
    cover = first.cover or band_cover(first)
    for k in range(i + 1, end):
        if apart[k]:
            end = k
            break
        cover = merge_cover(cover, bands[k].cover or band_cover(bands[k]))
    if len(cover) < 2:
        return False
    cuts = [cut for cut in gutters(cover, stats) if any(x0 < cut < x1 for x0, x1, _, _ in g_cover)]
    if not cuts:
        return False
    mid = (first[0].bbox[0] + first[-1].bbox[2]) / 2
    level = 0.3 * stats.body
    for k in range(i + 1, end):
        for ln in bands[k]:
            x0, top, x1, bottom = ln.bbox
            if min(bottom, first.bottom) - max(top, first.top) >= level and any(
                (mid < cut) != ((x0 + x1) / 2 < cut) for cut in cuts
            ):
                return True
    return False


def _keep_column_runs(bands: list[Band], cuts: Cuts, breaks: list[bool]) -> None:
    """Clear the breaks in ``breaks`` that lie across one column only
    (:func:`_column_goes_on`)."""
    n = len(bands)
    for i in range(1, n):
        if breaks[i]:
            end = next((j for j in range(i + 1, n) if breaks[j]), n)
            if _column_goes_on(bands[:i], bands[i:end], cuts):
                breaks[i] = False


def _column_goes_on(above: list[Band], below: list[Band], cuts: Cuts) -> bool:
    """Whether the text in ``below``, under a blank stripe, goes on down the one column of
    ``above`` that is still running: the stripe crosses that column, not the page.

    The last page of a paper leaves its right column short; a heading's space or a
    figure's in the left column under where the right one ends is then blank from
    margin to margin, and a cut there would read the left column's top, the whole right
    column, then the rest of the left one. It is one column's stripe when all the text
    under it lies in one column that has text above it too, and every other column's
    text ended a line or more above that column's last line over the stripe. (Columns
    that end level, a full-width figure between two runs of columns, are cut as before.)
    """
    cols: set[int] = set()
    for band in below:
        cols.update(band.cells.get(cuts) or band_cells(band, cuts))
    if len(cols) != 1:
        return False
    (col,) = cols
    last: dict[int, float] = {}
    tops: list[float] = []  # the column's lines
    for band in above:
        for c, lns in (band.cells.get(cuts) or band_cells(band, cuts)).items():
            bottom = max(ln.bbox[3] for ln in lns)
            if bottom > last.get(c, 0.0):
                last[c] = bottom
            if c == col:
                tops.append(min(ln.bbox[1] for ln in lns))
    if col not in last or len(last) < 2:
        return False
    # Ended short by a line and a half of the column's pitch: columns that end a line
    # apart (a footnote under them) end level, as a page's columns are set.
    steps = sorted(b - a for a, b in itertools.pairwise(tops) if b > a)
    pitch = steps[len(steps) // 2] if steps else 1.2 * font_size(above[-1][0])
    return all(bottom <= last[col] - 1.5 * pitch for c, bottom in last.items() if c != col)


def _split_at(bands: list[Band], breaks: list[bool]) -> list[list[Band]]:
    out: list[list[Band]] = []
    for band, brk in zip(bands, breaks, strict=True):
        if brk or not out:
            out.append([])
        out[-1].append(band)
    return out


def _section_breaks(bands: list[Band], stats: PageStats, min_em: float = SECTION_GAP_EM) -> list[bool]:
    """Whether a wide blank stripe across the whole region lies above each band.

    Such a stripe ends a section (an invoice's summary vs. its detail, a form's blocks):
    it is at least ``SECTION_GAP_EM`` tall and half again as tall as the spacing on one
    side of it, so that a table with generously spaced rows is not cut row by row.
    A blank in one column only is no stripe: the other column's bands fill it.
    """
    n = len(bands)
    gaps = [0.0] * n
    lowest = bands[0].bottom
    for i in range(1, n):
        band = bands[i]
        gap = band.top - lowest
        if gap > 0.0:
            gaps[i] = gap
        if band.bottom > lowest:
            lowest = band.bottom
    out = [False] * n
    tall = min_em * stats.body
    for i in range(1, n):
        gap = gaps[i]
        if gap >= tall:
            # The narrower of the spacings just above and just below (none for the first
            # band, whose "gap" is no spacing at all).
            if i >= 2:
                local = gaps[i - 1] if i + 1 >= n or gaps[i - 1] <= gaps[i + 1] else gaps[i + 1]
            else:
                local = gaps[i + 1] if i + 1 < n else 0.0
            out[i] = gap >= 1.5 * local
    return out

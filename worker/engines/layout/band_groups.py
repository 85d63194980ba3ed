"""Horizontal cuts of a region: where its bands are cut across, at wide blank stripes,
where the column structure changes, and where columns of running text end."""

from __future__ import annotations

import itertools

from worker.engines.layout.cover import (
    band_cells,
    band_cover,
    band_has_gutter,
    gutter_gaps,
    gutters,
    merge_cover,
)
from worker.engines.layout.model import Band, Cover, Cuts, PageStats, font_size
from worker.engines.layout.ruled_rows import rule_heights
from worker.engines.layout.thresholds import SECTION_GAP_EM

_MAX_CLOSING_ROWS = 3  # rows under level-ending columns that may be text after them
_MAX_HEAD_BANDS = 3  # a header ruled off over its rows takes this many lines at most ...
_MIN_HEAD_CELLS = 3  # ... its first with this many cells at least
_DOUBLE_PT = 3.0  # two rules this close are one double rule
_OPEN_LOOKAHEAD = 3  # bands (this one included) that show whether a line opens a column run


def columns_end(bands: list[Band], cuts: Cuts) -> int:
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
    while end > 0 and len(band_cells(bands[end - 1], cuts)) == 1:
        end -= 1
    if end == n or end < 2 or n - end > _MAX_CLOSING_ROWS:
        return 0
    # The columns' last lines, and the spacing between the lines of the band above.
    last: dict[int, Band] = {}
    for i in range(end - 1, -1, -1):
        cells = band_cells(bands[i], cuts)
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


def group_bands(bands: list[Band], stats: PageStats) -> list[list[Band]]:
    """Consecutive bands that share a gutter (or that all lack one) form a group.

    This is the horizontal cut of XY-cut, made only where the column structure changes:
    cutting at every row gap would slice a two-column run into rows and interleave it.
    A band extends the group when the union still has a gutter (columns go on; a short
    line beside a gutter does not end them), or when neither has one (full-width text
    goes on). A full-width line after columns, columns after full-width text, or a
    wide blank stripe start a new group.
    """
    apart = section_breaks(bands, stats)
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
            apart[i] = not (g_cuts and column_goes_on(groups[-1], bands[i:end], g_cuts))
        if not apart[i]:
            u_cover = merge_cover(g_cover, b_cover)
            u_has = len(u_cover) > 1 and bool(gutter_gaps(u_cover, stats))
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
    for k in range(i + 1, end):
        if apart[k]:
            end = k
            break
    first = bands[i]
    level = 0.3 * stats.body
    # Only a band that reaches up beside this one holds a line level with it (a line's
    # overlap with the band is at most the band's bottom less that band's top). Under
    # running text none does: no need to merge the lookahead's coverage.
    bottom = first.bottom
    for k in range(i + 1, end):
        if bottom - bands[k].top >= level:
            break
    else:
        return False
    cover = first.cover or band_cover(first)
    for k in range(i + 1, end):
        cover = merge_cover(cover, bands[k].cover or band_cover(bands[k]))
    if len(cover) < 2:
        return False
    cuts = [cut for cut in gutters(cover, stats) if any(x0 < cut < x1 for x0, x1, _, _ in g_cover)]
    if not cuts:
        return False
    mid = (first[0].bbox[0] + first[-1].bbox[2]) / 2
    for k in range(i + 1, end):
        for ln in bands[k]:
            x0, top, x1, bottom = ln.bbox
            if min(bottom, first.bottom) - max(top, first.top) >= level and any(
                (mid < cut) != ((x0 + x1) / 2 < cut) for cut in cuts
            ):
                return True
    return False


def keep_column_runs(bands: list[Band], cuts: Cuts, breaks: list[bool]) -> None:
    """Clear the breaks in ``breaks`` that lie across one column only
    (:func:`column_goes_on`)."""
    n = len(bands)
    for i in range(1, n):
        if breaks[i]:
            end = next((j for j in range(i + 1, n) if breaks[j]), n)
            if column_goes_on(bands[:i], bands[i:end], cuts):
                breaks[i] = False


def column_goes_on(above: list[Band], below: list[Band], cuts: Cuts) -> bool:
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
        cols.update(band_cells(band, cuts))
    if len(cols) != 1:
        return False
    (col,) = cols
    last: dict[int, float] = {}
    tops: list[float] = []  # the column's lines
    for band in above:
        for c, lns in band_cells(band, cuts).items():
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


def split_at(bands: list[Band], breaks: list[bool]) -> list[list[Band]]:
    out: list[list[Band]] = []
    for band, brk in zip(bands, breaks, strict=True):
        if brk or not out:
            out.append([])
        out[-1].append(band)
    return out


def section_breaks(bands: list[Band], stats: PageStats, min_em: float = SECTION_GAP_EM) -> list[bool]:
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
            if gap >= 1.5 * local:
                # Under a ruled header the section starts at the header, over its rows.
                head = _ruled_header_over(bands, i, stats)
                if head < 0:
                    out[i] = True
                elif head:
                    out[head] = True
    return out


def _ruled_header_over(bands: list[Band], i: int, stats: PageStats) -> int:
    """Where the bands right above ``bands[i]`` start, when they are a table's header
    closed by rules over its rows (else -1): one to ``_MAX_HEAD_BANDS`` bands between a rule right above and a
    rule right under them, across them, the first with ``_MIN_HEAD_CELLS`` cells, and a row of
    cells under the blank (a spreadsheet's header row between double rules, its records
    a blank below). The blank under such a header parts no sections: the rules close
    its header, the rows below are its table's; its rule above parts them."""
    if not stats.rules or len(bands[i]) < 2:
        return -1
    for k in range(max(i - _MAX_HEAD_BANDS, 0), i):
        head = bands[k:i]
        if len(head[0]) < _MIN_HEAD_CELLS:
            continue
        left = min(ln.bbox[0] for b in head for ln in b)
        right = max(ln.bbox[2] for b in head for ln in b)
        size = font_size(head[0][0])
        ys = rule_heights(stats.rules, left, right, head[0].top - 2 * size, bands[i].top)
        # (each rule close to the header's lines: a rule a blank away under rows is a
        # table's foot, the rows over it its body)
        above = [y for y in ys if head[0].top - size <= y <= head[0].top + 1.0]
        under = [y for y in ys if head[-1].bottom - 1.0 <= y <= head[-1].bottom + size]
        inside = [y for y in ys if head[0].top + 1.0 < y < head[-1].bottom - 1.0]
        # (a band's own previous blank: the rule above the header lies under any band
        # over it)
        if not above or not under or inside or (k and bands[k - 1].bottom > above[-1] + 1.0):
            continue
        # Rules over the lines above (but for a double rule's other line) make them a
        # ruled table's rows, and these lines its last row, not a header (the rows over
        # the blank stand apart from it).
        if k and rule_heights(
            stats.rules, left, right, bands[max(k - _MAX_HEAD_BANDS, 0)].top - size, above[0] - _DOUBLE_PT
        ):
            continue
        return k
    return -1

"""Where a region's columns are not one set read across (left to right, or right to left
on a page whose text reads that way): a heading that starts a new set of columns under
the first, and a column that runs the region's whole height beside text cut into
sections (segment.py asks both before it cuts); and columns a rule divides (page.py asks
before it cuts)."""

from __future__ import annotations

from collections.abc import Sequence

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine, PageStats, font_size, make_band, split_bands
from worker.engines.layout.table_rows import Rule, mostly_rtl

_HEADING_RATIO = 1.15  # a heading's print is this much larger than the body's at least
_MIN_SIDE_LINES = 10  # a full-height column, and the text beside it, hold this many lines
_MAX_SIDE_SHARE = 0.45  # a full-height column is at most this share of the region's width
_SIDE_COVER = 0.9  # ... and runs this share of the region's height at least
_MAIN_COVER = 0.6  # the text beside it runs this share at least
_MAX_SIDE_BLANK = 0.3  # a blank down a full-height column is at most this share of the height
_GUTTER_EM = 1.5  # the gutter left of a sidebar, at least (ems of the page's median print)
_MAX_LEVEL = 0.3  # lines level with the other side's, at most this share: not a form's rows
_LEVEL_EM = 0.15  # two lines are level when their tops and bottoms meet within this many ems
_RULE_PAIR_PT = 6.0  # rules this close across are one divider (a heavy rule drawn as two)
_MIN_RULED_SIDE = 0.25  # each side of a dividing rule spans this share of the text's width
_MAX_SIDEBAR_SHARE = 0.5  # a sidebar read after the main column is at most this share of its width
_MIN_MAIN_CHARS = 25  # the main column is running text: its lines' median length, at least


def heading_break(bands: list[Band], cuts: Cuts, stats: PageStats) -> int:
    """The index of a band that starts a new set of columns, or 0.

    A section heading set in one column of a page of running text (a bulletin's
    "Commodity outlook" under its two-column "Introduction") is a heading over the whole
    width: the other columns are blank beside it, ended above it and going on under it,
    with a gap wider than the heading's own line. Read as part of the first column, it
    would carry the first column's text under it up to the columns above, and the
    second column's text above it would be read after text of the next section. (A
    heading inside one column has the other column's lines level with it.)
    """
    for i in range(1, len(bands) - 1):
        band = bands[i]
        cells = band_cells(band, cuts)
        if len(cells) != 1 or not _heading(band, stats):
            continue
        (col,) = cells
        others = set(range(len(cuts) + 1)) - {col}
        if all(_blank_beside(bands, i, other, cuts, stats) for other in others):
            return i
    return 0


def _heading(band: Band, stats: PageStats) -> bool:
    return len(band) == 1 and font_size(band[0]) >= _HEADING_RATIO * stats.body


def _blank_beside(bands: list[Band], i: int, col: int, cuts: Cuts, stats: PageStats) -> bool:
    """Whether column ``col`` has text above and under band ``i`` and none beside it, the
    blank between wider than the band's height by a body line."""
    above = below = None
    for j, band in enumerate(bands):
        lns = band_cells(band, cuts).get(col)
        if lns is None:
            continue
        top = min(ln.bbox[1] for ln in lns)
        bottom = max(ln.bbox[3] for ln in lns)
        if j < i:
            above = bottom if above is None else max(above, bottom)
        elif j > i and below is None:
            below = top
        elif j == i:
            return False
    if above is None or below is None:
        return False
    band = bands[i]
    return above <= band.top and below >= band.bottom and below - above >= band.bottom - band.top + stats.body


def full_height_side(bands: list[Band], cuts: Cuts, rules: Sequence[Rule]) -> list[list[Band]] | None:
    """The region's bands either side of a column that runs its whole height beside text
    (:func:`_sidebar`) at its first or last gutter, in reading order: left then right, or
    right then left on a page whose text reads right to left, except that a sidebar
    beside the page's main column is read after it (:func:`sidebar_after`); or None.

    A fact sheet's sidebar of figures beside its main column shares blank stripes with
    it by chance; cut there, the page would be read band by band, the sidebar's pieces
    between the main column's sections. It is a column of its own, read as columns are.
    (segment.py asks this where the region has such stripes; a page with drawn rules has
    its sidebar taken out before: :func:`side_column`.)
    """
    if not cuts:
        return None
    lines = [ln for b in bands for ln in b]
    for cut, side_first in ((cuts[0], True), (cuts[-1], False)):
        first, rest = split_bands(bands, cut)
        side, main = (first, rest) if side_first else (rest, first)
        if _sidebar([ln for b in side for ln in b], [ln for b in main for ln in b], lines):
            # The side read first is the one the text's lines start from, as with
            # columns (columns.py): the right one on a right-to-left page.
            order = [rest, first] if mostly_rtl(bands) else [first, rest]
            return order[::-1] if sidebar_after(order[0], order[1], rules) else order
    return None


def side_column(lines: Sequence[LayoutLine]) -> tuple[list[LayoutLine], list[LayoutLine]] | None:
    """(side, main): the lines of a sidebar down the right of a left-to-right page, apart
    from the text left of it by a gutter no line crosses (:func:`_sidebar`), or None.

    Laid out on its own and read after the text (frames.py), the sidebar leaves the
    text's own order whole: the tables drawn in it are placed among the text's blocks,
    not among the sidebar's beside them.
    """
    if len(lines) < 2 * _MIN_SIDE_LINES or mostly_rtl([lines]):
        return None
    by_x = sorted(lines, key=lambda ln: ln.bbox[0])
    sizes = sorted(font_size(ln) for ln in lines)
    gap = _GUTTER_EM * sizes[len(sizes) // 2]
    # Gutters from the right, while the column right of them is narrow enough.
    right = max(ln.bbox[2] for ln in lines)
    width = right - min(ln.bbox[0] for ln in lines)
    right_x1 = [0.0] * len(by_x)
    for k in range(len(by_x)):
        right_x1[k] = max(right_x1[k - 1] if k else 0.0, by_x[k].bbox[2])
    for k in range(len(by_x) - _MIN_SIDE_LINES, _MIN_SIDE_LINES - 1, -1):
        if right - by_x[k].bbox[0] > _MAX_SIDE_SHARE * width:
            break
        if by_x[k].bbox[0] - right_x1[k - 1] >= gap and _sidebar(by_x[k:], by_x[:k], by_x):
            return by_x[k:], by_x[:k]
    return None


def _sidebar(side: list[LayoutLine], main: list[LayoutLine], lines: list[LayoutLine]) -> bool:
    """Whether ``side`` is a column down the height of ``lines`` beside the text ``main``:
    narrow beside it, running from the top to the foot, both holding lines enough, and
    its lines at other heights than the text's (a form's labels and values stand level)."""
    if len(side) < _MIN_SIDE_LINES or len(main) < _MIN_SIDE_LINES:
        return False
    if _span(side, 0) > _MAX_SIDE_SHARE * _span(lines, 0):
        return False
    height = _span(lines, 1)
    if _span(side, 1) < _SIDE_COVER * height or _span(main, 1) < _MAIN_COVER * height:
        return False
    if _widest_blank(side) > _MAX_SIDE_BLANK * height:
        return False
    return sum(_level(ln, main) for ln in side) <= _MAX_LEVEL * len(side)


def sidebar_after(first: list[Band], other: list[Band], rules: Sequence[Rule]) -> bool:
    """Whether ``first``, the column a page's text would be read from first (the left
    one, the right one on a right-to-left page), is a sidebar beside the page's main
    column ``other``, read after it.

    A résumé's or a fact sheet's narrow column of contact details and skill lists beside
    the main column is set apart from it: its lines stand at other heights than the
    main column's (a form's labels and values stand level), it is at most half as wide
    as the main column of running text, and either the main column opens with the
    page's largest print (the name or title the page is read from) or a rule or a
    panel's edge drawn down the whole height of both divides them. A reader starts at
    the title and the main text and turns to the sidebar after. (Two columns of an
    article share one width; margin notes are :func:`.columns._margin_notes`'.)
    """
    side = [ln for b in first for ln in b]
    main = [ln for b in other for ln in b]
    if len(side) < _MIN_SIDE_LINES or len(main) < _MIN_SIDE_LINES:
        return False
    if _span(side, 0) > _MAX_SIDEBAR_SHARE * _span(main, 0):
        return False
    chars = sorted(len(ln.text) for ln in main)
    if chars[len(chars) // 2] < _MIN_MAIN_CHARS:
        return False
    if sum(_level(ln, main) for ln in side) > _MAX_LEVEL * len(side):
        return False
    return _title_atop(side, other) or _divided(side, main, rules)


def _title_atop(side: list[LayoutLine], other: list[Band]) -> bool:
    """Whether the main column's first row holds the largest print of both columns, a
    size larger than any of the sidebar's, and starts no lower than the sidebar's first
    line by more than its own height (the page's name or title, at the top)."""
    head = other[0]
    size = max(font_size(ln) for ln in head)
    if size < max(font_size(ln) for b in other for ln in b):
        return False
    if size < _HEADING_RATIO * max(font_size(ln) for ln in side):
        return False
    return head.top - min(ln.bbox[1] for ln in side) <= head.bottom - head.top


def _divided(side: list[LayoutLine], main: list[LayoutLine], rules: Sequence[Rule]) -> bool:
    """Whether a vertical rule (a panel's edge) in the gutter between the two columns runs
    their whole height."""
    lines = [*side, *main]
    top = min(ln.bbox[1] for ln in lines)
    bottom = max(ln.bbox[3] for ln in lines)
    if max(ln.bbox[2] for ln in side) <= min(ln.bbox[0] for ln in main):
        lo, hi = max(ln.bbox[2] for ln in side), min(ln.bbox[0] for ln in main)
    else:
        lo, hi = max(ln.bbox[2] for ln in main), min(ln.bbox[0] for ln in side)
    return any(
        b - t > x1 - x0 and lo <= (x0 + x1) / 2 <= hi and t <= top and b >= bottom for x0, t, x1, b in rules
    )


def _widest_blank(lines: Sequence[LayoutLine]) -> float:
    """The widest blank between the lines' vertical extents."""
    spans = sorted((ln.bbox[1], ln.bbox[3]) for ln in lines)
    widest = 0.0
    bottom = spans[0][1]
    for top, foot in spans[1:]:
        widest = max(widest, top - bottom)
        bottom = max(bottom, foot)
    return widest


def _span(lines: Sequence[LayoutLine], axis: int) -> float:
    return max(ln.bbox[axis + 2] for ln in lines) - min(ln.bbox[axis] for ln in lines)


def _level(ln: LayoutLine, others: list[LayoutLine]) -> bool:
    tol = _LEVEL_EM * font_size(ln)
    return any(abs(o.bbox[1] - ln.bbox[1]) <= tol and abs(o.bbox[3] - ln.bbox[3]) <= tol for o in others)


def ruled_columns(bands: list[Band], stats: PageStats) -> list[list[Band]]:
    """``bands`` cut at a vertical rule that divides two columns down their height:
    [above, left, right, below], those present (right before left on a right-to-left
    page); or [bands] where no rule does.

    Each column's foot may be a line of two parts far apart ("Col 1 left ... Col 1
    right" under the first, the same under the second): with a blank stripe above it
    that row is a section of its own, read across both columns after them. A rule down
    the gutter, past every row beside it and crossed by no line, says where each
    column's lines belong, whatever the gaps within them. (A table's ruled columns have
    more rules than one; a divider with a narrow side, a label column, is left alone.)
    """
    if len(bands) < 2 or not stats.rules:
        return [bands]
    verticals = [r for r in stats.rules if r[3] - r[1] > r[2] - r[0]]
    for x0, t, x1, b in verticals:
        x = (x0 + x1) / 2
        beside = [i for i, band in enumerate(bands) if t <= band.top and band.bottom <= b]
        if len(beside) < 2 or beside[-1] - beside[0] + 1 != len(beside):
            continue
        mid = bands[beside[0] : beside[-1] + 1]
        lines = [ln for band in mid for ln in band]
        if any(ln.bbox[0] < x < ln.bbox[2] for ln in lines):
            continue
        if any(
            ot < mid[-1].bottom and mid[0].top < ob and abs((ox0 + ox1) / 2 - x) > _RULE_PAIR_PT
            for ox0, ot, ox1, ob in verticals
        ):
            continue  # another rule beside the same rows: a table's ruled columns
        left = [ln for ln in lines if ln.bbox[2] <= x]
        right = [ln for ln in lines if ln.bbox[0] >= x]
        if len(left) < 2 or len(right) < 2:
            continue
        if min(_span(left, 0), _span(right, 0)) < _MIN_RULED_SIDE * _span(lines, 0):
            continue
        halves = [
            [make_band(lns) for band in mid if (lns := [ln for ln in band if side(ln)])]
            for side in (lambda ln, x=x: ln.bbox[2] <= x, lambda ln, x=x: ln.bbox[0] >= x)
        ]
        if mostly_rtl(mid):
            halves.reverse()
        parts = [bands[: beside[0]], *halves, bands[beside[-1] + 1 :]]
        return [p for p in parts if p]
    return [bands]

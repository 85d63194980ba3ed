"""Where a region's whitespace columns are: the x-coverage of its bands, the gutters in
it, and which of a band's lines fall into which column."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from worker.engines.layout.model import Band, Cover, Cuts, LayoutLine, PageStats
from worker.engines.layout.patterns import is_amount
from worker.engines.layout.thresholds import TALL_GUTTER_LINES, TALL_GUTTER_MIN_EM

# Signs a financial table sets apart before its amounts ("¥   175,820").
CURRENCY = frozenset("$€£¥￥₩₹₽₺₪฿₫₴₦")
# ... at most this far (in ems of the sign's line) from the amount they go with.
_SIGN_GAP_EM = 3.0


def _cover(lines: Sequence[LayoutLine]) -> Cover:
    if len(lines) == 1:
        x0, top, x1, bottom = lines[0].bbox
        return [(x0, x1, top, bottom)]
    return _union_spans(sorted([(ln.bbox[0], ln.bbox[2], ln.bbox[1], ln.bbox[3]) for ln in lines]))


def amounts_cover(band: Band) -> Cover:
    """The band's coverage with each currency sign set apart before an amount reaching
    to it (:func:`_signs_to_amounts`): what a table's columns are found from."""
    if len(band) > 1 and any(ln.text.strip() in CURRENCY for ln in band):
        return _union_spans(_signs_to_amounts(band))
    return band.cover or band_cover(band)


def _signs_to_amounts(lines: Sequence[LayoutLine]) -> list[tuple[float, float, float, float]]:
    """The lines' x-sorted spans, a currency sign's reaching to the amount right after it:
    the sign belongs to the amount's cell, and the space between them is no gutter (a
    table that sets "¥" apart before its first and last rows' amounts would otherwise get
    a column of signs beside each column of figures)."""
    ordered = sorted(lines, key=lambda ln: ln.bbox[0])
    out = []
    for i, ln in enumerate(ordered):
        x0, top, x1, bottom = ln.bbox
        if ln.text.strip() in CURRENCY and i + 1 < len(ordered):
            nxt = ordered[i + 1]
            if is_amount(nxt.text) and nxt.bbox[0] - x1 <= _SIGN_GAP_EM * (bottom - top):
                x1 = max(x1, nxt.bbox[0])
        out.append((x0, x1, top, bottom))
    return out


def band_cover(band: Band) -> Cover:
    cover = band.cover
    if cover is None:
        cover = band.cover = _cover(band)
    return cover


def bands_cover(bands: Sequence[Band]) -> Cover:
    # The union of the bands' coverages is the union of their lines' (both are the
    # connected pieces of the same set of x-intervals), from fewer, already merged spans.
    if len(bands) == 1:
        return band_cover(bands[0])
    return _union_spans(sorted([iv for b in bands for iv in (b.cover or band_cover(b))]))


def band_has_gutter(band: Band, stats: PageStats) -> bool:
    has = band.has_gutter
    if has is None:
        has = band.has_gutter = bool(gutters(band_cover(band), stats))
    return has


def _union_spans(spans: list[tuple[float, float, float, float]]) -> Cover:
    """Merge x-sorted (x0, x1, top, bottom) spans that overlap horizontally."""
    out: Cover = []
    if not spans:
        return out
    it = iter(spans)
    c0, c1, ct, cb = next(it)
    for x0, x1, top, bottom in it:
        if x0 <= c1:
            if x1 > c1:
                c1 = x1
            if top < ct:
                ct = top
            if bottom > cb:
                cb = bottom
        else:
            out.append((c0, c1, ct, cb))
            c0, c1, ct, cb = x0, x1, top, bottom
    out.append((c0, c1, ct, cb))
    return out


def merge_cover(a: Cover, b: Cover) -> Cover:
    if len(a) == 1 and len(b) == 1 and a[0][0] <= b[0][1] and b[0][0] <= a[0][1]:
        (a0, a1, at, ab), (b0, b1, bt, bb) = a[0], b[0]
        return [(min(a0, b0), max(a1, b1), min(at, bt), max(ab, bb))]  # the common case
    return _union_spans(sorted(a + b))


def gutters(cover: Cover, stats: PageStats, *, tall: bool = False) -> Cuts:
    """x positions (gap centres) of gutters: wide gaps with text beside them on both sides.

    Requiring the text left and right of the gap to overlap vertically is what tells
    columns from a right-aligned date above a left-aligned salutation: those are read
    top to bottom, not left column first. ``tall``: also narrower gaps that run beside
    several lines (:data:`TALL_GUTTER_LINES`), see :func:`gutter_gaps`.
    """
    if len(cover) < 2:
        return ()
    return tuple((x0 + x1) / 2 for x0, x1 in gutter_gaps(cover, stats, tall=tall))


def gutter_gaps(cover: Cover, stats: PageStats, *, tall: bool = False) -> list[tuple[float, float]]:
    """The gaps (x0, x1) whose centres :func:`gutters` gives.

    ``tall``: a gap narrower than a gutter but wider than a word space
    (``TALL_GUTTER_MIN_EM``) counts too when the text on both
    sides of it stands side by side over several lines. Lines of one row are cut apart
    only at an em, so such a stripe is whitespace that no line of a whole run of rows
    crosses: the narrow margin of a table set beside a paragraph, which the paragraph's
    ragged line ends come close to. (A region's coarse cut only: table columns and a
    row's own gutter keep the full width.)
    """
    n = len(cover)
    if n < 2:
        return []
    min_gutter = stats.min_gutter
    narrow = max(TALL_GUTTER_MIN_EM * stats.body, 3.0) if tall else min_gutter
    if n == 2:
        # Two spans (a row's two cells, a group's two columns): most asks. The sides'
        # extents are the spans' own.
        (_, l1, lt, lb), (r0, _, rt, rb) = cover
        gap = r0 - l1
        if gap < narrow:
            return []
        beside = min(lb, rb) - max(lt, rt)
        if beside >= 0.8 * stats.body and (gap >= min_gutter or beside >= TALL_GUTTER_LINES * stats.body):
            return [(l1, r0)]
        return []
    wide = [i for i in range(n - 1) if not cover[i + 1][0] - cover[i][1] < narrow]
    if not wide:
        return []
    # Vertical extent of everything left of / right of each gap.
    left_ext: list[tuple[float, float]] = []
    top, bottom = cover[0][2], cover[0][3]
    for iv in cover:
        if iv[2] < top:
            top = iv[2]
        if iv[3] > bottom:
            bottom = iv[3]
        left_ext.append((top, bottom))
    right_ext: list[tuple[float, float]] = [(0.0, 0.0)] * n
    top, bottom = cover[-1][2], cover[-1][3]
    for i in range(n - 1, -1, -1):
        iv = cover[i]
        if iv[2] < top:
            top = iv[2]
        if iv[3] > bottom:
            bottom = iv[3]
        right_ext[i] = (top, bottom)
    out: list[tuple[float, float]] = []
    min_side_by_side = 0.8 * stats.body
    min_tall = TALL_GUTTER_LINES * stats.body
    for i in wide:
        (lt, lb), (rt, rb) = left_ext[i], right_ext[i + 1]
        beside = min(lb, rb) - max(lt, rt)
        if beside >= min_side_by_side and (cover[i + 1][0] - cover[i][1] >= min_gutter or beside >= min_tall):
            out.append((cover[i][1], cover[i + 1][0]))
    return out


def band_cells(band: Band, cuts: Cuts) -> dict[int, list[LayoutLine]]:
    """The band's lines by column (0 = left of the first cut). Do not modify the answer:
    it is kept with the band, since every set of cuts is tried on every band many times."""
    cells = band.cells.get(cuts)
    if cells is None:
        if len(band) == 1:
            x0, _, x1, _ = band[0].bbox
            cells = {bisect.bisect_left(cuts, (x0 + x1) / 2): band}
        else:
            groups: dict[int, list[LayoutLine]] = {}
            for ln in band:
                b = ln.bbox
                groups.setdefault(bisect.bisect_left(cuts, (b[0] + b[2]) / 2), []).append(ln)
            cells = dict.fromkeys(groups, band) if len(groups) == 1 else groups
        band.cells[cuts] = cells
    return cells


def _median(values: list[int]) -> float:
    # statistics.median, without its overhead: this runs for every candidate column.
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def prose_columns(bands: list[Band], cuts: Cuts) -> int:
    # Running text: lines of at least ~25 characters. Table columns (numbers, short
    # labels) rarely look like that; a description column might, but not two columns.
    lengths: dict[int, list[int]] = {}
    for band in bands:
        cells = band_cells(band, cuts)
        for col, lns in cells.items():
            if len(cells) == 1:
                chars = band.chars
            elif len(lns) == 1:
                chars = len(lns[0].text)
            else:
                chars = sum(len(ln.text) for ln in lns)
            got = lengths.get(col)
            if got is None:
                lengths[col] = [chars]
            else:
                got.append(chars)
    return sum(1 for v in lengths.values() if len(v) >= 2 and _median(v) >= 25)


def multi_cell_bands(bands: list[Band], cuts: Cuts) -> int:
    return sum(1 for b in bands if len(band_cells(b, cuts)) >= 2)

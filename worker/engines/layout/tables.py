"""Whether part of a region is a table (a grid with a column of figures, of labels, or
under a header), and the columns its rows agree on (its cells: table_cells.py)."""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence

from worker.engines.layout.cover import (
    band_cells,
    bands_cover,
    gutters,
    multi_cell_bands,
    prose_columns,
)
from worker.engines.layout.detail_blocks import detail_blocks
from worker.engines.layout.group_labels import label_column
from worker.engines.layout.header_rows import stacked
from worker.engines.layout.key_cells import bold_keys
from worker.engines.layout.key_value_blocks import key_value_blocks
from worker.engines.layout.model import Band, Cuts, PageStats, Region, font_size
from worker.engines.layout.overprints import overprinted
from worker.engines.layout.pair_grids import pair_grid, ruled_header
from worker.engines.layout.row_level import aligned
from worker.engines.layout.row_marks import numeric_column
from worker.engines.layout.ruled_items import ruled_item
from worker.engines.layout.ruled_rows import entry_labels, framed, rule_heights, ruled_head, ruled_rows
from worker.engines.layout.table_cells import table_grid
from worker.engines.layout.table_cuts import bold_band, boxes_above, table_cuts
from worker.engines.layout.table_feet import closed_foot
from worker.engines.layout.table_records import spaced_records
from worker.engines.layout.table_restarts import restarts
from worker.engines.layout.table_rows import (
    Rule,
    header_above,
    is_figure,
    mostly_rtl,
    spanning,
)
from worker.engines.layout.table_totals import totals_in_columns
from worker.engines.layout.table_wraps import wrapped_under

# segment.py and grids.py take these from here, beside as_table and table_grid.
__all__ = ["Rule", "as_table", "header_above", "is_figure", "mostly_rtl", "table_grid"]


def _colon_keys(bands: list[Band], cuts: Cuts) -> float:
    """Share of multi-cell rows whose first cell is a "Label:"."""
    multi = keyed = 0
    for band in bands:
        cells = band_cells(band, cuts)
        if len(cells) >= 2:
            multi += 1
            first = " ".join(ln.text for ln in cells[min(cells)]).rstrip()
            keyed += first.endswith(":")
    return keyed / multi if multi else 0.0


def _headed_grid(bands: list[Band], cuts: Cuts) -> bool:
    """A grid of three columns or more under a bold header row, its own rows not bold: a
    table of words (a programme, a list of people and roles) has neither figures nor
    "Label:" keys, but a header says what it is. (Two blocks side by side, an address
    beside another, rarely have three columns and a bold row over plain ones.)"""
    if len(cuts) < 2 or not bands or not bold_band(bands[0]):
        return False
    body = [b for b in bands if not bold_band(b)]
    full = sum(1 for b in body if len(band_cells(b, cuts)) >= 3)
    return full >= 3 and full >= 0.6 * len(body)


def as_table(bands: list[Band], cuts: Cuts, stats: PageStats) -> list[Region] | None:
    """The region as [flow above?, table, flow below?] when part of it is a grid
    (:func:`_as_grid`), or a table whose rows only the rules between them show, its
    cells of several lines at their own heights (:func:`.ruled_rows.ruled_rows`), ended
    at a rule that closes it (:func:`.table_feet.closed_foot`)."""
    closed = closed_foot(bands, cuts, stats.rules)
    above = as_table(bands[:closed], cuts, stats) if closed else None
    if above is not None:
        return [*above, Region("flow", bands[closed:])]
    found = _overprinted(bands, cuts, stats) or _as_grid(bands, cuts, stats)
    if found is not None:
        return found
    ruled = ruled_rows(bands, stats)
    if ruled is None:
        return None
    start, end, own = ruled
    parts = [
        Region("flow", bands[:start]),
        Region("table", bands[start:end], own),
        Region("flow", bands[end:]),
    ]
    return wrapped_under([p for p in parts if p.bands])


def _overprinted(bands: list[Band], cuts: Cuts, stats: PageStats) -> list[Region] | None:
    """The region as :func:`_as_grid` reads it without the lines printed over a table's
    rows (a page's footer placed where the table runs, overprints.py), those read right
    after the table they lie on; None when there are none, or no table under them."""
    over = overprinted(bands)
    if not over:
        return None
    found = _as_grid([b for i, b in enumerate(bands) if i not in over], cuts, stats)
    if found is None:
        return None
    lying = [bands[i] for i in over]
    top, bottom = lying[0].top, lying[-1].bottom
    for k, region in enumerate(found):
        if region.kind == "table" and region.bands[0].top < top and bottom < region.bands[-1].bottom:
            return [*found[: k + 1], Region("flow", lying), *found[k + 1 :]]
    return None


def _as_grid(bands: list[Band], cuts: Cuts, stats: PageStats) -> list[Region] | None:
    """The region as [flow above?, table, flow below?] when part of it is a grid.

    The grid runs from the first to the last row with cells on both sides of a gutter;
    rows above/below it (a caption, the notes under an invoice's lines) are left to the
    caller. Columns are then found again from the grid's multi-cell rows only: a wrapped
    description line or a "--- Section ---" row inside the table may cross a gutter,
    and must not erase it (nor may a row of totals, see :func:`.table_cuts.table_cuts`, which
    splits the columns of a table found).
    """
    multi = [i for i, b in enumerate(bands) if len(band_cells(b, cuts)) >= 2]
    if len(multi) < 2:
        return None
    start, end = multi[0], multi[-1] + 1
    core = bands[start:end]
    cuts = gutters(bands_cover([bands[i] for i in multi]), stats)
    if not cuts:
        return None
    # Two rows make a table only as pair_grids.py reads them (two items, a header over
    # one row of figures, a bold header ruled off: its cells however long), or as
    # ruled_items.py does (heads in another print ruled off over one item's figures);
    # three or more are tried as any grid.
    pair = len(multi) == 2
    headed = pair and ruled_header(bands, multi, cuts, stats.rules)
    if pair and not (headed or pair_grid(bands, multi, cuts) or ruled_item(bands, multi, cuts, stats.rules)):
        return None
    lead = _drifting_above(bands, multi, cuts)
    if lead:
        # Blocks side by side over the rows: each part read on its own (segment.py).
        return [Region("flow", bands[: multi[lead]]), Region("flow", bands[multi[lead] :])]
    n_multi = multi_cell_bands(core, cuts)
    if (
        n_multi < (2 if pair else 3)
        or (n_multi < 0.5 * len(core) and not spaced_records(core, cuts, stats.rules))
        or (not headed and prose_columns(core, cuts) >= 2)
    ):
        return None
    # The cells of a table row share one font size and baseline; two blocks of text
    # that merely sit side by side (a letterhead beside an address) drift apart.
    # (A statement's long label may wrap round its figures: row_level.py.)
    multi_rows = [i for i, b in enumerate(core) if len(band_cells(b, cuts)) >= 2]
    if sum(aligned(core, i, cuts) for i in multi_rows) < 0.7 * len(multi_rows):
        return None
    if _interleaved(core, cuts) and not framed(core, stats.rules):
        return None
    if stats.rules and entry_labels(core, stats.rules):
        # A form's values on their entry lines over the labels printed under them.
        return None
    lists = key_value_blocks(bands, start, end, cuts)
    if lists is not None:
        # Key/value lists side by side: each list a table of its own, read row by row.
        return [
            r
            for r in (Region("flow", bands[:start]), *lists[1], Region("flow", bands[lists[0] :]))
            if r.bands
        ]
    blocks = detail_blocks(bands, start, end, cuts)
    if blocks is not None:
        parts = [bands[:start], *blocks[1], bands[blocks[0] :]]
        return [Region("flow", p) for p in parts if p]
    # Blocks of short text side by side (sender and recipient addresses) also align on
    # rows; what makes a grid a table is a column of figures or a column of "Label:" keys,
    # or rules drawn between its rows.
    ruled = _row_rules(core, stats.rules)
    if (
        not pair
        and not ruled
        and not numeric_column(core, cuts)
        and _colon_keys(core, cuts) < 0.5
        and not _headed_grid(core, cuts)
        and not bold_keys(core, cuts)
    ):
        return None
    # A table, then: its columns are those its rows agree on, and boxes side by side
    # above them are not its rows.
    lead = boxes_above(bands, multi, stats)
    if lead:
        multi = multi[lead:]
        start = multi[0]
    cuts = table_cuts(bands, multi, stats) or cuts
    while end < len(bands) and _row_below(bands[end], bands[start:end], cuts):
        end += 1
    end = _ruled_end(bands, start, end, ruled, cuts)
    cuts = label_column(bands[start:end], totals_in_columns(bands[start:end], cuts))
    pieces = restarts(bands, stacked(bands, start, end))
    # A header row whose cells the region's coarser columns showed as one (a header set
    # in a filled band, "Amount" left of the right-aligned figures it heads): read with
    # the table here, before the text above is cut into columns that would part it.
    first_end = pieces[0][1]
    while (
        start > 0
        and len(bands[start - 1]) >= 2
        and header_above(bands[start - 1], Region("table", bands[start:first_end], cuts))
    ):
        start -= 1
    pieces[0] = (start := ruled_head(bands, start, first_end, stats.rules), first_end)
    out: list[Region] = []
    if start:
        out.append(Region("flow", bands[:start]))
    at = start
    for s, e in pieces:
        if s > at:
            out.append(Region("flow", bands[at:s]))
        own = [i for i in multi if s <= i < e]
        if len(own) < 2:
            own = [i for i in range(s, e) if len(bands[i]) >= 2]
        own_cuts = cuts if (s, e) == (start, end) else table_cuts(bands, own, stats) or cuts
        out.append(Region("table", bands[s:e], own_cuts))
        at = e
    if at < len(bands):
        out.append(Region("flow", bands[at:]))
    return wrapped_under(out)


def _drifting_above(bands: list[Band], multi: list[int], cuts: Cuts) -> int:
    """How many of the first multi-cell rows ``multi`` are blocks set side by side above
    the table, each on its own line pitch (a delivery address beside a billing address,
    at another size), not rows of it: half of them or more of two sizes or off one
    baseline (:func:`_drifts`), a line of one block alone between them and
    the table's rows, which all stand on their baselines (three at least), and a gap
    over the table wider than half again its usual row spacing (a header wrapped onto
    lines at odd heights goes on at about its table's spacing)."""
    lead = 0
    region = bands[multi[0] : multi[-1] + 1]
    at = multi[0]
    level: dict[int, bool] = {}  # aligned(), asked once a row

    def on_baseline(i: int) -> bool:
        if i not in level:
            level[i] = aligned(region, i - at, cuts)
        return level[i]

    for k in range(len(multi) - 3):
        above, rest = multi[: k + 1], multi[k + 1 :]
        if rest[0] == multi[k] + 1:
            continue
        first = bands[rest[0]]
        spacing = sorted(
            max(b.top - a.bottom, 0.0) for a, b in itertools.pairwise(bands[rest[0] : rest[-1] + 1])
        )
        usual = spacing[len(spacing) // 2]
        if first.top - bands[rest[0] - 1].bottom <= 1.5 * usual + 0.25 * font_size(first[0]):
            continue
        drift = sum(_drifts(bands[i]) for i in above)
        if 2 * drift >= len(above) and all(on_baseline(i) for i in rest):
            lead = k + 1
    return lead


def _drifts(band: Band) -> bool:
    """Whether a row's lines are of two sizes or stand off one baseline (bottoms over a
    quarter of an em apart): blocks side by side, each on its own line pitch, meeting
    there. (The table's own rows are held to :func:`.row_level.aligned`, which takes a
    cell wrapped round its row's baseline as level.)"""
    sizes = [font_size(ln) for ln in band]
    bottoms = [ln.bbox[3] for ln in band]
    return max(sizes) > 1.05 * min(sizes) or max(bottoms) - min(bottoms) > 0.25 * min(sizes)


def _interleaved(core: list[Band], cuts: Cuts) -> bool:
    """Whether the lines on the two sides of a boundary keep rows of their own, one side
    words (an address, few figures in it): a line left of it alone between two lines
    right of it alone, and elsewhere the other way round (rows in a row each time).

    Two blocks set side by side (an address beside a column of key/value rows, each on
    its own line pitch) meet on a row now and then by chance and otherwise take turns.
    A table's columns share its rows: only a wrapped cell's lines stand alone, flanking
    its row's other cells when these are centred on it (a stub label wrapped round its
    figures), on one side only. Two tables side by side, each with its figures (a
    two-page spread), are no address beside its keys: left to the column split.
    """
    for cut in cuts:
        sides = [{(ln.bbox[0] + ln.bbox[2]) / 2 < cut for ln in band} for band in core]
        flanked = {
            b == {True}
            for a, b, c in zip(sides, sides[1:], sides[2:], strict=False)
            if len(a) == len(b) == len(c) == 1 and a == c != b
        }
        if len(flanked) < 2:
            continue
        for left in (True, False):
            texts = [ln.text for b in core for ln in b if ((ln.bbox[0] + ln.bbox[2]) / 2 < cut) == left]
            if 4 * sum(is_figure(t) for t in texts) < len(texts):
                return True
    return False


def _row_rules(core: list[Band], rules: Sequence[Rule]) -> list[float]:
    """The heights of the horizontal rules across the grid ``core`` (most of its width,
    as :func:`row_groups` takes them) when two or more of them lie between its rows, else
    none. A table of words (long wrapped cells, no figures, no keys) ruled only by lines
    between its rows is a table all the same: side-by-side blocks of text have no rule
    running across both between their lines."""
    left = min(ln.bbox[0] for b in core for ln in b)
    right = max(ln.bbox[2] for b in core for ln in b)
    ys = rule_heights(rules, left, right, float("-inf"), float("inf"))
    between = sum(
        1 for a, b in itertools.pairwise(core) if any(a.bottom - 1.0 <= y <= b.top + 1.0 for y in ys)
    )
    return ys if between >= 2 else []


def _ruled_end(bands: list[Band], start: int, end: int, ys: list[float], cuts: Cuts) -> int:
    """The end of a table whose rows are ruled (``ys``, :func:`_row_rules`): the lines
    under its last multi-cell row down to the next rule are that row's wrapped cells.
    A line across a column boundary, or a row's gap or more under the line above, is
    no wrapped cell: the text after the table (a note above the page's footnote rule)."""
    if not ys or end >= len(bands):
        return end
    below = [y for y in ys if y >= bands[end - 1].bottom - 1.0]
    if not below:
        return end
    rows = bands[start:end]
    size = statistics.median(font_size(ln) for ln in rows[-1])
    # The body's rows, not the header's gap above them (often wider): a wrapped cell's
    # line follows at the body's spacing.
    body = rows[1:] if len(rows) >= 3 else rows
    spacing = max((b.top - a.bottom for a, b in itertools.pairwise(body)), default=0.0)
    while (
        end < len(bands)
        and bands[end].bottom <= below[0] + 1.0
        and bands[end].top - bands[end - 1].bottom <= spacing + 0.25 * size
        and not spanning(bands[end], cuts)
    ):
        end += 1
    return end


def _row_below(band: Band, core: list[Band], cuts: Cuts) -> bool:
    """Whether ``band``, right under the table's rows ``core``, is a row of it that the
    region's coarser columns showed as one cell (its last column empty): cells in two of
    the table's columns or more, none across a boundary, at the table's size and no
    further below than its rows stand apart."""
    cells = band_cells(band, cuts)
    if len(cells) < 2 or spanning(band, cuts):
        return False
    size = statistics.median(font_size(ln) for ln in core[-1])
    if any(font_size(ln) > 1.15 * size or font_size(ln) < size / 1.15 for ln in band):
        return False
    spacing = max((b.top - a.bottom for a, b in itertools.pairwise(core)), default=0.0)
    return band.top - core[-1].bottom <= spacing + 0.25 * size

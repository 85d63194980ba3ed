"""Reading order: a page's bands cut into flow and table regions, recursively, at gutters,
wide blank stripes and changes of column structure (the cuts across: band_groups.py), and
what stands side by side (a paragraph beside a grid, blocks a rule divides, a table)."""

from __future__ import annotations

import itertools

from worker.engines.layout.band_groups import (
    columns_end,
    group_bands,
    keep_column_runs,
    section_breaks,
    split_at,
)
from worker.engines.layout.caption_halves import captioned_halves
from worker.engines.layout.cards import card_parts, metric_cards
from worker.engines.layout.column_sets import full_height_side, heading_break
from worker.engines.layout.columns import cut_out_grids, read_as_columns, reading_parts
from worker.engines.layout.cover import band_cells, bands_cover, gutters, prose_columns
from worker.engines.layout.form_rows import label_rows
from worker.engines.layout.form_sections import label_runs, ruled_sections
from worker.engines.layout.header_rows import flush_header
from worker.engines.layout.label_values import keyed_rows, label_stacks, rows_beside, value_rows
from worker.engines.layout.leaders import without_leaders
from worker.engines.layout.model import Band, Cuts, PageStats, Region, font_size, make_band, split_bands
from worker.engines.layout.row_level import cell_wraps, level_with
from worker.engines.layout.row_marks import numbered_rows, unmarked_cuts
from worker.engines.layout.side_blocks import left_tail, own_blocks
from worker.engines.layout.table_feet import feet_into_tables
from worker.engines.layout.tables import as_table, header_above
from worker.engines.layout.thresholds import FIGURE_GAP_EM, SECTION_GAP_EM

_MAX_DEPTH = 12  # recursion guard for the region splitter; real pages need 3-4 levels


def segment(bands: list[Band], stats: PageStats, depth: int) -> list[Region]:
    """Regions in reading order: recursive cuts at gutters and at layout changes."""
    if depth == 0:
        # Leader dots are furniture; left in, a form's lines of them are a grid of "." cells.
        bands = without_leaders(bands)
    regions = _segment(bands, stats, depth)
    if depth:
        return regions
    regions = _headers_into_tables(regions)
    return feet_into_tables(regions, stats.rules, lambda part: segment(part, stats, 1))


def _headers_into_tables(regions: list[Region]) -> list[Region]:
    """Tables with the header rows that a cut left in the flow above them.

    A table's columns show only once the table is cut from the text around it, so a
    header row that does not span the region's coarser columns (years over the figures,
    a group header over some of them), or that fell into a group of its own, is cut off
    above the table and would be read as a heading; so is a header row whose cells stand
    a word space apart, read as one line (header_rows.flush_header).
    """
    for i in range(1, len(regions)):
        table, above = regions[i], regions[i - 1]
        if table.kind == "table" and above.kind == "flow":
            while above.bands and (
                header_above(above.bands[-1], table) or flush_header(above.bands[-1], table)
            ):
                table.bands.insert(0, above.bands.pop())
    return [r for r in regions if r.bands]


def _segment(bands: list[Band], stats: PageStats, depth: int) -> list[Region]:
    if len(bands) >= 3 and depth < _MAX_DEPTH:
        # Two captioned label/value blocks side by side: each read whole, left first,
        # its rows as text (a label with its value), as label_rows' are.
        halves = captioned_halves(bands)
        if halves is not None:
            before, left, right, after = halves
            above = segment(before, stats, depth + 1) if before else []
            below = segment(after, stats, depth + 1) if after else []
            return [*above, Region("flow", left), Region("flow", right), *below]
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
            breaks = section_breaks(bands, stats, FIGURE_GAP_EM if prose >= 2 else SECTION_GAP_EM)
            if prose >= 2:
                keep_column_runs(bands, cuts, breaks)
                # A heading over both columns, set in the first: the columns under it
                # are a new set, read after the set above it.
                head = heading_break(bands, cuts, stats)
                if head:
                    parts = (bands[:head], bands[head:])
                    return [r for part in parts for r in segment(part, stats, depth + 1)]
            elif any(breaks):
                # A sidebar down the region's height beside text with sections: a column
                # of its own, not pieces between the sections.
                side = full_height_side(bands, cuts, stats.rules)
                if side is not None:
                    return [r for part in side for r in segment(part, stats, depth + 1)]
            if any(breaks):
                return [r for sec in split_at(bands, breaks) for r in segment(sec, stats, depth + 1)]
            stacks = label_stacks(bands, cuts)
            if stacks is not None:
                # A form's field labels in blocks side by side: each block read whole.
                lead, blocks, tail = stacks
                return [
                    *(segment(lead, stats, depth + 1) if lead else []),
                    *[Region("flow", block) for block in blocks],
                    *(segment(tail, stats, depth + 1) if tail else []),
                ]
            if prose >= 2:
                end = columns_end(bands, cuts)
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
            beside_rows = rows_beside(bands, cuts)
            if beside_rows is not None:
                # The rows are text, as label_rows' are: the table test would take a
                # column of dates and references for figures.
                return [
                    r
                    for keyed, part in beside_rows
                    for r in ([Region("flow", part)] if keyed else segment(part, stats, depth + 1))
                ]
            if numbered_rows(bands, cuts):
                # Clause numbers or codes hung before their text: lines, not a grid.
                return [Region("flow", bands)]
            if metric_cards(bands, cuts):
                # Cards side by side (a caption over a big figure): each read whole.
                return [r for card in card_parts(bands, cuts) for r in segment(card, stats, depth + 1)]
            sections = ruled_sections(bands, cuts[0], stats.rules) if len(cuts) == 1 else None
            if sections is not None:
                return [r for label, part in sections for r in _section(label, part, stats, depth)]
            if keyed_rows(bands, cuts):
                # "Label:   value" on every row, the values not amounts: lines, not a grid.
                return [Region("flow", bands)]
            table = as_table(bands, cuts, stats)
            side = own_blocks(bands, cuts) if table is not None else None
            if side is not None:
                # Blocks side by side, each at its own line spacing: read each whole.
                return [r for part in side for r in segment(part, stats, depth + 1)]
            if table is not None:
                regions: list[Region] = []
                for part in table:
                    regions.extend([part] if part.kind == "table" else segment(part.bands, stats, depth + 1))
                return regions
            # Label/value rows the tests above leave (values of several lines, rows at
            # the text's leading keyed by "Label:"): read row by row, not column by column.
            # Unkeyed rows too, when every value beside its label holds a figure ("Date
            # due   May 5, 2024"): two blocks of text side by side rarely pair a line of
            # words with a figure on every row.
            rows = value_rows(bands, cuts) or value_rows(bands, cuts, coded=1.0)
            if rows is not None:
                return rows
            block_rows = _block_rows(bands) if prose == 0 else None
            if block_rows is not None:
                return [r for part in block_rows for r in segment(part, stats, depth + 1)]
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
        groups = group_bands(bands, stats)
        if len(groups) > 1:
            return _segment_groups(groups, stats, depth)
    return [Region("flow", bands)]


def _segment_groups(groups: list[list[Band]], stats: PageStats, depth: int) -> list[Region]:
    """The groups' regions in turn; where two blocks read as columns (no table among
    them) are followed by lines that run on down the left one past the right one's end
    (side_blocks.left_tail), those lines end the left block, read before the right.
    Running text's columns are not blocks: a line under both goes on from the second."""
    out: list[Region] = []
    k = 0
    while k < len(groups):
        group = groups[k]
        regions = segment(group, stats, depth + 1)
        if k + 1 < len(groups) and all(r.kind == "flow" for r in regions):
            cuts = gutters(bands_cover(group), stats, tall=True)
            # (Columns of running text are read through the line under both: prose.)
            ok = len(cuts) == 1 and prose_columns(group, cuts) < 2
            tail = left_tail(group, groups[k + 1], cuts[0]) if ok else None
            if tail is not None:
                left, right, n = tail
                out += [*segment(left, stats, depth + 1), *segment(right, stats, depth + 1)]
                if n < len(groups[k + 1]):
                    groups[k + 1] = groups[k + 1][n:]
                    k += 1
                    continue
                k += 2
                continue
        out += regions
        k += 1
    return out


def _section(label: list[Band], part: list[Band], stats: PageStats, depth: int) -> list[Region]:
    """A form's ruled section (form_sections.py): its label, then its part laid out on
    its own, a list of label/value rows in it read row by row."""
    out = [Region("flow", label)]
    for rows, run in label_runs(part):
        out.extend([Region("flow", run)] if rows else segment(run, stats, depth + 1))
    return out


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
            cells = band_cells(band, cuts)
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
            left, right = split_bands(bands[lead:], cut)
            if left and right:
                return [bands[:lead], left, right] if lead else [left, right]
    return None


def _lead_above(bands: list[Band], cuts: Cuts, col: int) -> int:
    """How many bands at the top stand apart above the paragraph in column ``col`` and
    the grid beside it: lines on the grid's side (a running title in the top corner) a
    line's height or more above all that follows, up to the paragraph's first line. They
    are read first, not as the grid's first row. (A table's header rows go on at the
    table's row spacing.)"""
    first = next((i for i, b in enumerate(bands) if col in band_cells(b, cuts)), 0)
    bottom = 0.0
    for j in range(1, first + 1):
        bottom = max(bottom, bands[j - 1].bottom)
        if bands[j].top - bottom >= font_size(bands[j - 1][0]):
            return j
    return 0


def _block_rows(bands: list[Band]) -> list[list[Band]] | None:
    """Rows of blocks side by side whose columns change from one row to the next (a
    paper's authors, three name-over-affiliation blocks over two set between them): the
    rows, each read on its own, top to bottom. Read as columns at the gutter the rows
    share, the blocks of the lower row would follow those above them, column by column.
    Each row: two bands or more with as many lines each; the rows' columns differ where a
    line of one row crosses the gap between two columns of the other."""
    runs: list[list[Band]] = []
    for band in bands:
        if len(band) < 2:
            return None
        if runs and len(runs[-1][0]) == len(band):
            runs[-1].append(band)
        else:
            runs.append([band])
    if len(runs) < 2 or any(len(run) < 2 for run in runs):
        return None
    for upper, lower in itertools.pairwise(runs):
        if not (_crosses(lower, _column_gaps(upper)) or _crosses(upper, _column_gaps(lower))):
            return None
    return runs


def _column_gaps(run: list[Band]) -> list[float]:
    """The middles of the gaps between a run's columns, its bands' lines taken in order;
    none where the columns overlap."""
    rows = [sorted(ln.bbox[0::2] for ln in band) for band in run]
    mids: list[float] = []
    for i in range(1, len(rows[0])):
        right = max(row[i - 1][1] for row in rows)
        left = min(row[i][0] for row in rows)
        if left <= right:
            return []
        mids.append((left + right) / 2)
    return mids


def _crosses(run: list[Band], gaps: list[float]) -> bool:
    return any(ln.bbox[0] < x < ln.bbox[2] for band in run for ln in band for x in gaps)

"""Group labels set vertically centred on the rows they span (LaTeX's \\multirow): a table
whose first column names a group of two to four rows once, the label's baseline halfway
between the group's first and last rows, the group's other first-column cells empty.

Such a label sits between two rows (a two-row group's, or a four-row group's second and
third) without making room for itself: the rows keep their spacing. Nothing in its band
but the label, it is neither row's, and overlapping both it would join them into one
(row_offsets.py); nor does any row put text in its column, so the rows' gutters do not
part it from the next column (table_cuts.py). Read as a spreadsheet reads the table
unmerged, the label is its group's first row's first cell: the groups are solved from
the labels' heights, each label in the middle of its group, the groups one under the
other down to the table's last row (a label level with a row is a group of one row, or
the middle of an odd one)."""

from __future__ import annotations

import bisect
import itertools
import statistics

from worker.engines.layout.cover import band_cells
from worker.engines.layout.model import Band, Cuts, LayoutLine, font_size, make_band
from worker.engines.layout.table_rows import is_figure, mostly_rtl
from worker.engines.layout.thresholds import NARROW_GUTTER_EM

# A label between two rows lies this close to their middle (a share of their distance) ...
_MIDDLE = 0.25
# ... and the two rows stand no further apart than this many of the table's row pitches:
# a section's heading on a line of its own pushes the rows round it apart.
_TIGHT = 1.3


def _centre(band: Band) -> float:
    return (band.top + band.bottom) / 2


def _stub_only(band: Band, cut: float) -> bool:
    """A band of one label left of the first boundary, no figure."""
    return len(band) == 1 and band[0].bbox[2] < cut and not is_figure(band[0].text)


def _row(band: Band, cuts: Cuts) -> bool:
    """A row of two cells or more, none in the stub column."""
    cells = band_cells(band, cuts)
    return len(cells) >= 2 and 0 not in cells


def _pitch(bands: list[Band], cuts: Cuts) -> float | None:
    """The table's row pitch: the median distance between consecutive rows of cells."""
    rows = [b for b in bands if len(band_cells(b, cuts)) >= 2]
    steps = [_centre(b) - _centre(a) for a, b in itertools.pairwise(rows)]
    return statistics.median(steps) if steps else None


def _between(above: Band, label: Band, below: Band, pitch: float) -> bool:
    """Whether ``label`` sits in the middle between the rows ``above`` and ``below``,
    which keep the table's row spacing."""
    a, b = _centre(above), _centre(below)
    return b - a <= _TIGHT * pitch and abs(_centre(label) - (a + b) / 2) <= _MIDDLE * (b - a)


def label_column(bands: list[Band], cuts: Cuts) -> Cuts:
    """``cuts`` with a boundary right of a column of group labels (two at least) that only
    sit between rows, none with a row's text in its column: left of every row's first
    cell by a gutter. ``cuts`` as they are otherwise."""
    if not cuts or len(bands) < 5 or mostly_rtl(bands):  # (the stub column is the leftmost)
        return cuts
    pitch = _pitch(bands, cuts)
    if pitch is None:
        return cuts
    labels: list[LayoutLine] = []
    # The body's first row is the one over the first label: a header's stub head above
    # it may reach over the gutter right of the labels.
    body = 0
    for k in range(1, len(bands) - 1):
        above, band, below = bands[k - 1], bands[k], bands[k + 1]
        if (
            _stub_only(band, cuts[0])
            and len(above) >= 2
            and len(below) >= 2
            and _between(above, band, below, pitch)
        ):
            body = body if labels else k - 1
            labels.append(band[0])
    if len(labels) < 2:
        return cuts
    edge = max(ln.bbox[2] for ln in labels)
    first = [ln for b in bands[body:] if len(b) >= 2 for ln in b if ln.bbox[0] < cuts[0]]
    if not first:
        return cuts
    start = min(ln.bbox[0] for ln in first)
    if start - edge < NARROW_GUTTER_EM * font_size(labels[0]) or min(ln.bbox[0] for ln in labels) > start:
        return cuts
    return ((edge + start) / 2, *cuts)


def centred_labels(groups: list[list[Band]], cuts: Cuts) -> list[list[Band]]:
    """The table's rows (groups of bands) with each group label that sits between two rows
    put in its group's first row (the module's docstring); as they are when the table
    has none. Where the labels' heights make no groups one under the other down to the
    last row, a label goes with the row above it (a two-row group's first)."""
    if not cuts or len(groups) < 3 or mostly_rtl([b for g in groups for b in g]):
        return groups
    pitch = _pitch([g[0] for g in groups if len(g) == 1], cuts)
    if pitch is None:
        return groups
    # The body's first row: the first with a figure (a header's lines, stacked at its own
    # heights over the rows, are no group's labels).
    body = next(
        (k for k, g in enumerate(groups) if any(is_figure(ln.text) for b in g for ln in b)), len(groups)
    )
    between: list[int] = []  # indices into groups
    for k in range(body + 1, len(groups) - 1):
        above, group, below = groups[k - 1], groups[k], groups[k + 1]
        if (
            len(group) == 1
            and len(above) == 1
            and len(below) == 1
            and _stub_only(group[0], cuts[0])
            and _row(above[0], cuts)
            and _row(below[0], cuts)
            and _between(above[0], group[0], below[0], pitch)
        ):
            between.append(k)
    if not between:
        return groups
    rows = [k for k in range(len(groups)) if k not in between]
    firsts, level = _group_firsts(groups, [k for k in rows if k >= body], between, cuts)
    out = [list(g) for g in groups]
    for k in between:
        _put(out, firsts.get(k, k - 1), list(groups[k][0]))
    for k, at in level.items():
        # A label level with the middle row of an odd group: out of that row, into the first.
        stub = [ln for b in groups[k] for ln in b if _in_stub(ln, cuts)]
        out[k] = [make_band(rest) for b in out[k] if (rest := [ln for ln in b if not _in_stub(ln, cuts)])]
        _put(out, at, stub)
    return [g for k, g in enumerate(out) if k not in between]


def _in_stub(ln: LayoutLine, cuts: Cuts) -> bool:
    return (ln.bbox[0] + ln.bbox[2]) / 2 < cuts[0]


def _put(groups: list[list[Band]], at: int, lines: list[LayoutLine]) -> None:
    """``lines`` added to the first band of row ``at``."""
    band = sorted([*groups[at][0], *lines], key=lambda ln: ln.bbox[0])
    groups[at] = [make_band(band), *groups[at][1:]]


def _group_firsts(
    groups: list[list[Band]], rows: list[int], between: list[int], cuts: Cuts
) -> tuple[dict[int, int], dict[int, int]]:
    """For each label between rows, the first row of the group it is centred on (indices
    into ``groups``), solved from the table's last row up: each label in the middle of
    its group, the group above ending where the one under it starts, the first group
    starting at the body's first row (``rows``: the body's); and for each row whose
    first-column label is level with it in the middle of a group of three rows or more,
    that group's first row. Both empty where the labels make no such groups."""
    # Positions in rows: a label between rows i and i + 1 is at i + 0.5; a row's own
    # first-column cell is a label level with it.
    labels = [(bisect.bisect_left(rows, k) - 0.5, k) for k in between]
    labels.extend(
        (float(i), k) for i, k in enumerate(rows) if any(_in_stub(ln, cuts) for b in groups[k] for ln in b)
    )
    labels.sort()
    end = len(rows) - 1
    firsts: dict[int, int] = {}
    level: dict[int, int] = {}
    for pos, k in reversed(labels):
        start = round(2 * pos) - end
        if start > pos or start < 0:
            return {}, {}
        if k in between:
            firsts[k] = rows[start]
        elif rows[start] != k:
            if all(_in_stub(ln, cuts) for b in groups[k] for ln in b):
                return {}, {}  # a label on a line of its own: no row's
            level[k] = rows[start]
        end = start - 1
    if end != -1:  # body rows above the first group: no label of theirs
        return {}, {}
    return firsts, level

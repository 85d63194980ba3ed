"""Tables stacked under headings whose header rows are set plain, like their data.

:func:`.header_rows.stacked` starts a table again at a bold header row. A booking
order or statement may set its headers in the body font: "Totals" with its header and
rows, then a heading line "Account Representatives", then that section's own header row
("Representative Territory Region ...") and rows. Sharing the page's gutters, the second
table reads as rows of the first. What parts them is the heading: a line of a single
cell between rows with figures, followed by a row of labels (no figure, cells like the
table's own header) over rows with figures again. Inside one table a section line
("Supplies") is followed by data rows, not by a second row of labels."""

from __future__ import annotations

from worker.engines.layout.model import Band
from worker.engines.layout.table_rows import is_figure


def _labels(band: Band) -> bool:
    """A row of column labels: two cells or more, none a figure, none a "Label:" key."""
    return len(band) >= 2 and not any(is_figure(ln.text) or ln.text.rstrip().endswith(":") for ln in band)


def _figures(rows: list[Band]) -> bool:
    return any(is_figure(ln.text) for band in rows if len(band) >= 2 for ln in band)


def restarts(bands: list[Band], pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``pieces`` (start, end) of stacked tables, each cut again where a heading line and
    a row of labels stand between its rows (see the module's doc); the heading lines are
    left out of both tables, as text between them."""
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        while True:
            cut = _restart(bands, s, e)
            if cut is None:
                out.append((s, e))
                break
            j, k = cut
            out.append((s, j))
            s = k
    return out


def _restart(bands: list[Band], s: int, e: int) -> tuple[int, int] | None:
    """(end of the table above, start of the next) within ``bands[s:e]``, or None."""
    if not _labels(bands[s]):
        return None  # a table with no header row of its own: no second one to match
    for k in range(s + 2, e - 1):
        if len(bands[k - 1]) != 1 or not _labels(bands[k]):
            continue
        j = k - 1
        while j > s and len(bands[j - 1]) == 1:
            j -= 1
        if j - s >= 2 and _figures(bands[s + 1 : j]) and _figures(bands[k + 1 : e]):
            return j, k
    return None

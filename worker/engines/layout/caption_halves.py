"""Two captioned label/value blocks side by side (segment.py asks first): a purchase
order's "Client details" over its "Name: | value", "Tax id: | value" rows at the left,
"Supplier details" over rows of the same labels at the right. Their rows stand level
and make one band each across the page; read band by band, the client's name runs on
into the supplier's label. A reader reads the left block, its caption and then its
rows, and then the right block.

The caption band is what tells: two lines, each centred over a half of the rows under
it, and in each half every row a label ending in ":" with its value beside it. A table's
group headers ("2019" over two columns) stand over figures, not over labels keyed with
colons, and its first column of row names stands outside both groups; a form's row of
fields ("Phone: [ ]  E-mail: [ ]") has no caption over each half.
"""

from __future__ import annotations

from worker.engines.layout.model import Band, LayoutLine, font_size, make_band, split_bands

_ROW_GAP_EM = 1.5  # a blank taller than this (ems) between rows ends the blocks
_CENTRE_EM = 1.5  # a caption's middle this close (ems) to its rows' middle is centred over them
_SAME_PRINT = 1.15  # the two captions' sizes within this ratio: one print
_MIN_ROWS = 2  # label/value rows under each caption


def captioned_halves(bands: list[Band]) -> tuple[list[Band], list[Band], list[Band], list[Band]] | None:
    """``bands`` cut into (before, left block, right block, after) when a band of two
    captions stands over label/value rows that fall into two halves, each caption
    centred over its half; else None."""
    for i in range(len(bands) - _MIN_ROWS):
        cap = bands[i]
        if len(cap) != 2:
            continue
        a, b = sorted(cap, key=lambda ln: ln.bbox[0])
        size = font_size(a)
        if (
            a.text.rstrip().endswith(":")
            or b.text.rstrip().endswith(":")
            or max(size, font_size(b)) > _SAME_PRINT * min(size, font_size(b))
        ):
            continue
        cut = (a.bbox[2] + b.bbox[0]) / 2
        rows = _rows_under(bands[i + 1 :], cap.bottom, cut, size)
        if len(rows) < _MIN_ROWS:
            continue
        left, right = split_bands(rows, cut)
        if not (_keyed(left, rows) and _keyed(right, rows)):
            continue
        if not (_centred(a, left) and _centred(b, right)):
            continue
        end = i + 1 + len(rows)
        return bands[:i], [make_band([a]), *left], [make_band([b]), *right], bands[end:]
    return None


def _rows_under(bands: list[Band], top: float, cut: float, size: float) -> list[Band]:
    """The bands under the captions, down to a blank line or a line across the cut."""
    rows: list[Band] = []
    bottom = top
    for band in bands:
        if band.top - bottom > _ROW_GAP_EM * size or any(ln.bbox[0] < cut < ln.bbox[2] for ln in band):
            break
        rows.append(band)
        bottom = band.bottom
    return rows


def _keyed(half: list[Band], rows: list[Band]) -> bool:
    """Every row of the half a label ending in ":" with its value beside it (the half
    holds a line of every row)."""
    return len(half) == len(rows) and all(
        len(band) >= 2 and _label(min(band, key=lambda ln: ln.bbox[0])) for band in half
    )


def _label(ln: LayoutLine) -> bool:
    return ln.text.rstrip().endswith(":")


def _centred(caption: LayoutLine, half: list[Band]) -> bool:
    x0 = min(ln.bbox[0] for band in half for ln in band)
    x1 = max(ln.bbox[2] for band in half for ln in band)
    middle = (caption.bbox[0] + caption.bbox[2]) / 2
    return abs(middle - (x0 + x1) / 2) <= _CENTRE_EM * font_size(caption)

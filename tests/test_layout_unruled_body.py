"""A ruled table whose body has no rules between its rows (worker/engines/layout/band_rows.py):
vertical rules between the columns, a rule under the header and one at the foot. Each
column's body lines sit on the same baselines as the other columns' lines, one entry a
line: they are that many rows, even where the columns are fitted so tightly to their words
that a word could not follow the one above on its line (left to right and right to left).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

_FONT = "DejaVuBody"
pdfmetrics.registerFont(TTFont(_FONT, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))

GLOSSARY = [
    ["Word", "Plain", "French", "Use"],
    ["First", "Start", "Premier", "Order"],
    ["Last", "End", "Dernier", "Order"],
    ["Before", "Ahead", "Avant", "Time"],
    ["After", "Later", "Après", "Time"],
    ["Always", "Ever", "Toujours", "Time"],
    ["Now", "Today", "Maintenant", "Time"],
    ["Late", "Behind", "Tard", "Time"],
    ["Early", "Soon", "Tôt", "Time"],
]

# Hebrew (DejaVu has its glyphs, unshaped): the first column is the rightmost.
HEBREW = [
    ["מילה", "פשוט", "אנגלית", "שימוש"],
    ["ראשון", "התחלה", "First", "סדר"],
    ["אחרון", "סוף", "Last", "סדר"],
    ["לפני", "קודם", "Before", "זמן"],
    ["אחרי", "אחר", "After", "זמן"],
    ["תמיד", "לעולם", "Always", "זמן"],
    ["עכשיו", "היום", "Now", "זמן"],
    ["מאוחר", "באיחור", "Late", "זמן"],
    ["מוקדם", "בקרוב", "Early", "זמן"],
]


def _visual(text: str) -> str:
    """A cell's text as drawn left to right: a Hebrew word's letters last to first."""
    hebrew = any("\u0590" <= ch <= "\u05ff" for ch in text)
    return text[::-1] if hebrew else text


def _draw(path: Path, rows: list[list[str]], rtl: bool) -> Path:
    """Columns fitted to their widest word plus 6 pt each side, ruled down every side; a
    rule over and under the header and one at the foot, none between the body rows. The
    words sit at the cells' starting side: the left, or the right in a right-to-left table."""
    size, pad, pitch = 10.0, 6.0, 14.0
    c = canvas.Canvas(str(path), pagesize=(612, HEIGHT))
    c.setFont(_FONT, size)
    order = list(range(len(rows[0])))
    if rtl:
        order.reverse()  # drawn left to right: the last column first
    widths = [max(pdfmetrics.stringWidth(r[k], _FONT, size) for r in rows) + 2 * pad for k in order]
    xs = [100.0]
    for w in widths:
        xs.append(xs[-1] + w)
    top = HEIGHT - 100
    y = top
    for i, row in enumerate(rows):
        y -= pitch + (4 if i < 2 else 0)
        for col, k in enumerate(order):
            text = _visual(row[k])
            if rtl:
                c.drawRightString(xs[col + 1] - pad, y, text)
            else:
                c.drawString(xs[col] + pad, y, text)
    bottom = y - 6
    head = top - pitch - 8
    for yy in (top, head, bottom):
        c.line(xs[0], yy, xs[-1], yy)
    for x in xs:
        c.line(x, top, x, bottom)
    c.save()
    return path


@pytest.mark.parametrize(("rows", "rtl"), [(GLOSSARY, False), (HEBREW, True)], ids=["ltr", "rtl"])
def test_given_a_ruled_table_without_rules_between_body_rows_then_each_baseline_is_a_row(
    tmp_path: Path, rows: list[list[str]], rtl: bool
) -> None:
    # given: a glossary ruled down every column, its body one band between the header rule
    # and the foot rule, one word a line in every column on shared baselines
    path = _draw(tmp_path / "glossary.pdf", rows, rtl)

    # when
    result = convert(path)

    # then: one table row per baseline, not one row holding each column's words
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == rows


def test_given_an_unruled_body_with_one_cell_wrapped_beside_one_line_cells_then_that_cell_stays_whole(
    tmp_path: Path,
) -> None:
    # given: the same glossary, but one entry's use is too long for its column and wraps
    # onto a second line, where the other columns have no line
    rows = [list(row) for row in GLOSSARY]
    rows[3][3] = "Time, earlier"
    path = tmp_path / "wrapped.pdf"
    c = canvas.Canvas(str(path), pagesize=(612, HEIGHT))
    c.setFont(_FONT, 10)
    xs, top, pitch = [100.0, 160.0, 220.0, 300.0, 350.0], HEIGHT - 100, 14.0
    y = top
    for i, row in enumerate(rows):
        y -= pitch + (4 if i < 2 else 0)
        for k, text in enumerate(row):
            if text == "Time, earlier":
                c.drawString(xs[k] + 6, y, "Time,")
                y -= pitch
                c.drawString(xs[k] + 6, y, "earlier")
            else:
                c.drawString(xs[k] + 6, y, text)
    bottom = y - 6
    for yy in (top, top - pitch - 8, bottom):
        c.line(xs[0], yy, xs[-1], yy)
    for x in xs:
        c.line(x, top, x, bottom)
    c.save()

    # when
    result = convert(path)

    # then: a row per entry, the wrapped use one cell of its row
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == rows

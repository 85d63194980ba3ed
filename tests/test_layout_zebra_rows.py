"""A financial table shaded in zebra bands under a single header row (worker/engines/
layout/row_groups.py, tables.py _ruled_end).

The producer paints each shaded band as pieces, not one rectangle: a cell's fill, its
padding boxes and hairline slivers between the columns, all of one grey. Only the
pieces' outline is drawn as rules, and the padding boxes and slivers break it: in a
band whose "$" has a padding box of its own the outline falls apart into stretches no
wider than a column, in the others it reaches across most of the table. So only some
bands' edges count as rules across the table, and the first of them may lie under the
body's first rows. Read as "a header closed by a rule", the rows above it were joined
into the header (the dates with the first two rows, their figures two to a cell); and
the note under the table, no further below the last row than the header stands above
the body, became a last row."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert
from tests.test_layout_fin_tables import _expense_page
from worker.engines.layout import layout_lines

_H = letter[1]
_GREY = (241 / 255, 242 / 255, 242 / 255)
_RIGHTS = (404.9, 466.8, 528.8)  # the amounts' right edges
# One band's pieces left to right: the label's cell, then for each amount column a
# padding box where the "$" goes, the amount's cell, a sliver and two padding boxes.
_SIGNED = (
    (80.55, 350.24),
    (350.24, 354.47),
    (354.47, 406.83),
    (406.83, 407.89),
    (407.89, 412.12),
    (412.12, 416.88),
    (416.88, 468.70),
    (468.70, 469.76),
    (469.76, 473.99),
    (473.99, 478.75),
    (478.75, 530.57),
    (530.57, 531.63),
)
# A band without "$": the sign's padding is part of its amount's cell.
_PLAIN = (
    (80.55, 350.24),
    (350.24, 406.83),
    (406.83, 407.89),
    (407.89, 412.12),
    (412.12, 468.70),
    (468.70, 469.76),
    (469.76, 473.99),
    (473.99, 530.57),
    (530.57, 531.63),
)
_BODY = (
    ("Cost of revenue", ("178", "141", "138")),
    ("Research and development", ("3,423", "2,532", "1,892")),
    ("Sales, general and administrative", ("1,136", "876", "680")),
    ("Marketing", ("512", "433", "390")),
    ("Depreciation", ("221", "198", "176")),
    ("Total", ("4,737", "3,549", "2,710")),
)
_PITCH = 8.46


def _fill(c: canvas.Canvas, x0: float, top: float, x1: float, bottom: float, rgb: tuple[float, ...]) -> None:
    c.setFillColorRGB(*rgb)
    c.rect(x0, _H - bottom, x1 - x0, bottom - top, stroke=0, fill=1)


def _draw(path: Path, nrows: int) -> None:
    """A lead-in line, the single header row of three dates over a rule drawn piece by
    piece, ``nrows`` body rows shaded every other one from the first (the first and
    last with "$" signs), a rule under them and a note below."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica", 6.3)
    c.drawString(
        80.5, _H - 384.8, "Stock-based compensation expense is included in our statements as follows:"
    )
    c.setFont("Helvetica-Bold", 6.3)
    for right, date in zip(_RIGHTS, ("Jan 26, 2025", "Jan 28, 2024", "Jan 29, 2023"), strict=True):
        c.drawRightString(right, _H - 408.1, date)
    for a, b in _SIGNED[1:]:
        _fill(c, a, 410.46, b, 410.98, (0, 0, 0))
    rows = [*_BODY[: nrows - 1], _BODY[-1]]
    top = 421.56
    for k, (label, amounts) in enumerate(rows):
        signed = k in (0, nrows - 1)
        for a, b in _SIGNED if signed else _PLAIN:
            _fill(c, a, top, b, top + _PITCH, _GREY if k % 2 == 0 else (1, 1, 1))
        c.setFillColorRGB(0, 0, 0)
        c.setFont("Helvetica", 6.3)
        c.drawString(81.2, _H - top - 6.3, label)
        for j, (right, amount) in enumerate(zip(_RIGHTS, amounts, strict=True)):
            if signed:
                c.drawString(_SIGNED[1 + 4 * j][0] + 0.7, _H - top - 6.3, "$")
            c.drawRightString(right, _H - top - 6.3, amount)
        top += _PITCH
    for a, b in _SIGNED[1:]:
        _fill(c, a, top + 1.0, b, top + 2.06, (0, 0, 0))
    c.setFillColorRGB(0, 0, 0)
    c.drawString(
        80.5, _H - top - 20.0, "Stock-based compensation capitalized in inventories was not significant."
    )
    c.save()


@pytest.mark.parametrize("nrows", [4, 6])
def test_given_zebra_bands_under_one_header_row_then_every_row_is_its_own(tmp_path: Path, nrows: int) -> None:
    # given
    path = tmp_path / "zebra.pdf"
    _draw(path, nrows)

    # when
    result = convert(path)

    # then: the dates' header row, then each body row with its own figures
    [table] = [b.rows for b in result.blocks if b.kind == "table"]
    rows = [*_BODY[: nrows - 1], _BODY[-1]]
    signed = {0, nrows - 1}
    assert table == [
        ["", "Jan 26, 2025", "Jan 28, 2024", "Jan 29, 2023"],
        *[
            [label, *(f"$ {a}" if k in signed else a for a in amounts)]
            for k, (label, amounts) in enumerate(rows)
        ],
    ]


def test_given_a_note_under_a_zebra_table_then_it_is_text_after_the_table() -> None:
    # given: the 10-K expense page's rules (tests/test_layout_fin_tables.py: zebra
    # outlines, the page's rule over its footnotes far below) with one header row, the
    # dates; the header stands further above the body than the note under the table
    lines, rules = _expense_page()
    lines = [ln for ln in lines if ln.text not in ("Year Ended", "(In millions)")]

    # when
    blocks = layout_lines(lines, 612, 792, rules=rules)

    # then: the rows end with the totals, the note is a paragraph after the table
    kinds = [b.kind for b in blocks]
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows is not None
    assert table.rows[-1] == ["Total", "$ 4,737", "$ 3,549", "$ 2,710"]
    assert blocks[kinds.index("table") + 1].text.startswith("Stock-based compensation capitalized")

"""Entries a line inside one ruled row (worker/engines/layout/band_rows.py): a receipt's
charges set in one drawn body row, a charge a line with its amount on the same baseline,
are that many table rows; a description wrapped in its cell beside one amount stays one
cell, however narrow its column.

In a narrow description column "Buyer fee" over "Internet fee" looks wrapped (the next
word would not have fitted), and beside one amount column that look outweighed the
amounts: the row's lines were joined into one cell per column. A figure never wraps onto
a line of its own, so an amount on each of two lines says two entries.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

HEADER = ["Description", "Qty", "Unit price", "Tax", "Amount"]
# A narrow description column: each fee just fits, the next one's first word would not.
XS = [60, 125, 160, 230, 280, 350]
PITCH = 11
TOTALS = [("Subtotal", "$584.00"), ("Tax", "$0.00"), ("Total", "$584.00")]


def _receipt(
    path: Path, body: list[tuple[str, str]], *, head_ruled: bool = True, columns: bool = True
) -> Path:
    """A ruled table: the header (ruled off from the body, or not), ONE ruled body row
    holding ``body``'s lines (a description, and an amount or "" on the same baseline),
    and a ruled row for each total under it; its columns ruled, or only its rows."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    top = HEIGHT - 120
    for x, label in zip(XS, HEADER, strict=False):
        c.drawString(x + 3, top - 11, label)
    y = top - 16
    ys = [top, y] if head_ruled else [top]
    for i, (text, amount) in enumerate(body):
        c.drawString(XS[0] + 3, y - 11 - PITCH * i, text)
        if amount:
            c.drawRightString(XS[-1] - 3, y - 11 - PITCH * i, amount)
    y -= PITCH * len(body) + 6
    ys.append(y)
    for label, amount in TOTALS:
        c.drawString(XS[0] + 3, y - 11, label)
        c.drawRightString(XS[-1] - 3, y - 11, amount)
        y -= 16
        ys.append(y)
    for yy in ys:
        c.line(XS[0], yy, XS[-1], yy)
    for x in XS if columns else []:
        c.line(x, top, x, y)
    c.save()
    return path


def _row(text: str, amount: str) -> list[str]:
    return [text, "", "", "", amount]


CHARGES = [
    ("Buyer fee", "$450.00"),
    ("Internet fee", "$79.00"),
    ("Storage fee", "$35.00"),
    ("Title fee", "$20.00"),
]


@pytest.mark.parametrize(
    ("count", "head_ruled", "columns"),
    [(2, True, True), (4, True, True), (4, False, True), (4, False, False)],
    ids=["two", "four", "header-in-the-row", "rows-ruled-only"],
)
def test_given_one_ruled_row_of_charges_an_amount_a_line_then_each_line_is_a_row(
    tmp_path: Path, count: int, head_ruled: bool, columns: bool
) -> None:
    # given: a receipt's charges in one ruled body row of a narrow description column,
    # each charge on a line of its own with its amount on the same baseline (the header
    # ruled off above them, or in the same ruled row over them)
    charges = CHARGES[:count]
    path = _receipt(tmp_path / "charges.pdf", charges, head_ruled=head_ruled, columns=columns)

    # when
    result = convert(path)

    # then: the header a row, and one table row per charge, not one row of long cells
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [HEADER, *[_row(t, a) for t, a in charges], *[_row(t, a) for t, a in TOTALS]]


@pytest.mark.parametrize(
    ("lines", "cell"),
    [
        # the second line goes on in lower case: the description's own
        ([("Buyer fee for", "$450.00"), ("online bids", "")], "Buyer fee for online bids"),
        # the second line has no amount of its own
        ([("Buyer fee", "$450.00"), ("Internet Sale", "")], "Buyer fee Internet Sale"),
    ],
    ids=["lower-case", "no-amount"],
)
def test_given_a_description_wrapped_beside_one_amount_then_it_stays_one_cell(
    tmp_path: Path, lines: list[tuple[str, str]], cell: str
) -> None:
    # given: the same receipt whose one charge's description wraps onto a second line
    # beside its single amount
    path = _receipt(tmp_path / "wrapped.pdf", lines)

    # when
    result = convert(path)

    # then: one row, the description's lines one cell
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [HEADER, _row(cell, "$450.00"), *[_row(t, a) for t, a in TOTALS]]

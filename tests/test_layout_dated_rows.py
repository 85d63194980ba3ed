"""A statement's dated rows of figures ("10/20" beside "$ 14,824.60"). At the page's foot
the date reads like a page number "N/M", but figures beside an amount are a table's row,
not a footer a page number marks (worker/engines/layout/page_marks.py). Right under a
header of words with no rule under it, the first row is a row, not the header's second
line (worker/engines/layout/row_groups.py)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

BALANCES = [("DATE", "AMOUNT"), ("10/12", "$ 15,154.12"), ("10/16", "$ 15,020.40"), ("10/20", "$ 14,824.60")]


def _statement(path: Path) -> Path:
    """Paragraphs down the page, then the balances: date left, amount right, the last row
    in the bottom margin under a rule across the table."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    y = HEIGHT - 72
    for k in range(30):
        c.drawString(72, y, f"Statement line {k + 1} of the account's activity during the period.")
        y -= 14
    y = 64.0 + 16 * (len(BALANCES) - 1)
    for date, amount in BALANCES:
        c.drawString(72, y, date)
        c.drawRightString(300, y, amount)
        if date == BALANCES[-1][0]:
            c.line(72, y + 12, 300, y + 12)
        y -= 16
    c.save()
    return path


def test_given_a_dated_row_at_the_page_foot_beside_an_amount_then_it_is_kept(tmp_path: Path) -> None:
    # given: a statement whose last balance row, "10/20" and its amount, stands at the
    # page's foot under a rule
    path = _statement(tmp_path / "statement.pdf")

    # when
    result = convert(path)

    # then: the row is the balances table's last, not a running footer
    assert not [b for b in result.blocks if b.kind == "page_footer"]
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [list(row) for row in BALANCES]


def test_given_a_rule_under_each_body_row_only_then_the_first_row_is_no_header_line(tmp_path: Path) -> None:
    # given: a heading, then a small table whose header "DATE  AMOUNT" has no rule under
    # it, its first row of figures set right under it (closer than half a line), a rule
    # under each body row
    path = tmp_path / "ending.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    y = HEIGHT - 72
    for k in range(3):
        c.drawString(72, y, f"Statement line {k + 1} of the account's activity during the period.")
        y -= 14
    c.setFont("Helvetica-Bold", 12)
    y -= 20
    c.drawString(72, y, "ENDING BALANCE")
    c.setFont("Helvetica", 10.5)
    y -= 22
    rows = [("DATE", "AMOUNT"), ("10/12", "$ 15,154.12"), ("10/20", "$ 14,824.60")]
    for k, (date, amount) in enumerate(rows):
        c.drawString(74, y, date)
        c.drawRightString(570, y, amount)
        if k:
            c.line(72, y - 4, 572, y - 4)
        y -= 14.5 if k == 0 else 16
    c.save()

    # when
    result = convert(path)

    # then: the header row, then each dated row, not the header's labels joined to the
    # first row's figures
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [list(row) for row in rows]

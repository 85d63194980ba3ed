"""A header ruled off over one row of values, two columns only (worker/engines/layout/
pair_grids.py, ruled_header): a filing cover's "Class" / "Outstanding as of ..." over the
class of stock and its share count. It is a table of two rows, read row by row, not two
columns of text read one after the other.

Each test reads: given a page drawn so (with reportlab), when the pdf-text engine
converts it, then ..."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

_W, _H = letter
ROWS = [
    ["Class", "Outstanding as of March 31, 2022"],
    ["Ordinary Shares, $0.0001 par value per share", "1,204,118,950 shares"],
]
LEAD = "Indicate the number of shares outstanding of each of the issuer's classes of common stock."


def _draw(path: Path, *, rule: bool = True) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 8.5)
    c.drawString(46.8, _H - 641, LEAD)
    c.setFont("Helvetica-Bold", 7.5)
    c.drawString(46.8, _H - 661, ROWS[0][0])
    c.drawRightString(555.3, _H - 661, ROWS[0][1])
    if rule:  # the rule under the header, drawn in two pieces
        c.rect(46.8, _H - 666.1, 331.2, 0.5, stroke=0, fill=1)
        c.rect(378.5, _H - 666.1, 177.4, 0.5, stroke=0, fill=1)
    c.setFont("Helvetica", 8.5)
    c.drawString(46.8, _H - 677, ROWS[1][0])
    c.drawRightString(555.2, _H - 677, ROWS[1][1])
    c.save()
    return path


def test_given_a_ruled_header_over_one_row_of_values_then_it_is_a_table(tmp_path: Path) -> None:
    page = convert(_draw(tmp_path / "cover.pdf"))

    [table] = [b for b in page.blocks if b.kind == "table"]
    assert table.rows == ROWS
    assert words(page.text or "") == words(" ".join([LEAD, *ROWS[0], *ROWS[1]]))


def test_given_the_same_rows_without_the_rule_then_no_table_is_made(tmp_path: Path) -> None:
    page = convert(_draw(tmp_path / "cover-unruled.pdf", rule=False))

    assert [b for b in page.blocks if b.kind == "table"] == []

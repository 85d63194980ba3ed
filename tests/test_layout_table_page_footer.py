"""A page whose body is all one ruled table (a magazine's appendix table) still has its
running footer: the table is taken out of the page before its rows are read, which left
the footer row alone, with no body row to stand apart from, and it was kept as text
(worker/engines/layout/running.py, running_bands' ``tables``)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = letter
FOOTER = "www.example.org | Safety World | October 2006 | 41"
XS = [60, 200, 340, 552]


def _page(path: Path, *, rows: int) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    top = HEIGHT - 60
    ys = [top - 20 * k for k in range(rows + 1)]
    # given: a ruled table from the top of the text to near the foot of the page
    for y in ys:
        c.line(XS[0], y, XS[-1], y)
    for x in XS:
        c.line(x, ys[0], x, ys[-1])
    c.setFont("Helvetica", 9)
    for r, y in enumerate(ys[:-1]):
        for k, x in enumerate(XS[:-1]):
            c.drawString(x + 5, y - 14, f"Cell {r}.{k}")
    # ... and the magazine's footer in small print in the bottom margin
    c.setFont("Helvetica", 7)
    c.drawString(XS[0], 30, FOOTER)
    c.save()
    return path


def test_given_a_page_that_is_one_table_then_its_footer_is_a_page_footer(tmp_path: Path) -> None:
    # when
    result = convert(_page(tmp_path / "table.pdf", rows=30))

    # then: the footer is furniture, out of the text; the table is whole
    footers = [b for b in result.blocks if b.kind == "page_footer"]
    assert [b.text for b in footers] == [FOOTER]
    assert FOOTER not in (result.text or "")
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows is not None and len(table.rows) == 30

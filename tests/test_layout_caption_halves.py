"""Two captioned label/value blocks side by side (worker/engines/layout/caption_halves.py):
the left block is read whole, its caption and then each label with its value, before the
right block, not band by band across the page.

Each test reads: given a page drawn so (with reportlab), when the pdf-text engine converts
it, then the text keeps each block together (or, where no caption stands over each half,
reads across as before)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

CLIENT = [("Full name:", "Northwind Traders"), ("Tax id:", "J-5526222"), ("Address:", "Yellow House")]
SUPPLIER = [("Name:", "Contoso Ltd"), ("Tax id:", "J-22629292"), ("Address:", "Lisbon")]


def _order(path: Path, *, captions: bool) -> Path:
    # A purchase order's head: each half's caption centred over it, then its rows, the
    # labels and the values each centred in a column of their own (an unruled grid).
    _, height = letter
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 12)
    c.drawRightString(534, height - 90, "Date: 2022-04-12")
    c.setFont("Helvetica", 10)
    if captions:
        c.drawCentredString(164, height - 115, "Client details")
        c.drawCentredString(448, height - 115, "Supplier details")
    for k, ((la, va), (lb, vb)) in enumerate(zip(CLIENT, SUPPLIER, strict=True)):
        y = height - 133 - 18 * k
        c.drawCentredString(93, y, la)
        c.drawCentredString(235, y, va)
        c.drawCentredString(377, y, lb)
        c.drawCentredString(518, y, vb)
    c.setFont("Helvetica", 16)
    c.drawCentredString(306, height - 200, "Purchase order # 5582")
    c.save()
    return path


def test_given_two_captioned_label_blocks_side_by_side_then_each_block_reads_whole(tmp_path: Path) -> None:
    text = words(convert(_order(tmp_path / "order.pdf", captions=True)).text or "")

    left = " ".join(["Client details", *(f"{a} {b}" for a, b in CLIENT)])
    right = " ".join(["Supplier details", *(f"{a} {b}" for a, b in SUPPLIER)])
    assert f"{left} {right}" in text, text
    assert text.index("Date: 2022-04-12") < text.index("Client details")
    assert text.index("Address: Lisbon") < text.index("Purchase order")


def test_given_label_rows_across_with_no_captions_then_they_read_across(tmp_path: Path) -> None:
    text = words(convert(_order(tmp_path / "rows.pdf", captions=False)).text or "")

    assert "Full name: Northwind Traders Name: Contoso Ltd" in text, text

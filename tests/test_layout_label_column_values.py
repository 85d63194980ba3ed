"""Two label/value blocks side by side, the second set half a line lower: a column of
"Label:"s, their values in the next column, then the other block's labels and values.
Each label is read with the value level with it, and a value's further lines (an
address) stay under it (label_cuts.label_cuts), not the labels in a run, then the values."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert, words

LEFT = [
    ("Name:", "Harbour Freight Lines"),
    ("Contact:", "Nadia Okafor"),
    ("Billing Contact:", "ledger@harbourfl.com"),
]
RIGHT = [("Billing Type:", "Net 45"), ("Payment Terms:", "Quarterly"), ("Commission:", "12%")]


def _blocks(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(50, HEIGHT - 60, "Shipping Agent")
    c.setFont("Helvetica", 8)
    for k, (label, value) in enumerate(LEFT):
        c.drawString(50, HEIGHT - 80 - 12 * k, label)
        c.drawString(150, HEIGHT - 80 - 12 * k, value)
    c.drawString(150, HEIGHT - 116, "88 Quay Street Unit 4")
    c.drawString(150, HEIGHT - 128, "Portsmouth, NH 03801")
    for k, (label, value) in enumerate(RIGHT):
        c.drawString(350, HEIGHT - 86 - 12 * k, label)
        c.drawString(450, HEIGHT - 86 - 12 * k, value)
    c.save()
    return path


def test_given_label_and_value_columns_side_by_side_then_each_label_reads_with_its_value(
    tmp_path: Path,
) -> None:
    # given: two blocks of labels beside values, the left one's last value on three lines
    pdf = _blocks(tmp_path / "agent.pdf")

    # when
    text = words(convert(pdf).text or "")

    # then: every label with its value, the address under its value, the blocks in turn
    for label, value in [*LEFT, *RIGHT]:
        assert f"{label} {value}" in text, (label, text)
    at = [text.find(s) for s in ("Billing Contact:", "88 Quay", "Portsmouth", "Billing Type:")]
    assert all(a >= 0 for a in at) and at == sorted(at), (at, text)

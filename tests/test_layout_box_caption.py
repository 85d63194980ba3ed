"""A box's caption in small print at the top of the page ("Invoice from" over the sender's
address, inside the box's frame) is the box's text, not a running head
(worker/engines/layout/page_marks.py's in_frame); a running head inside a border round
the whole page stays the page's."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
BODY = [
    "Thank you for your order. The amount will be collected from your account by direct",
    "debit on the due date stated above, under the mandate you have given us.",
]


def _page(path: Path, *, frame: tuple[float, float, float, float]) -> Path:
    """A4: a 7 pt head 40 pt from the top over a 11 pt address, a frame (x0, top, x1,
    bottom from the page's top) drawn round what it holds, and the body further down."""
    c = canvas.Canvas(str(path), pagesize=A4)
    x0, top, x1, bottom = frame
    c.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top, stroke=1, fill=0)
    c.setFont("Helvetica", 7)
    c.drawString(42, HEIGHT - 48, "Invoice from")
    c.setFont("Helvetica", 11)
    y = HEIGHT - 70
    for line in ["Supplier GmbH", "Supplier Street 20", "80333 Munich"]:
        c.drawString(54, y, line)
        y -= 14
    y = HEIGHT - 300
    for line in BODY:
        c.drawString(54, y, line)
        y -= 14
    c.save()
    return path


def test_given_a_caption_in_a_framed_box_at_the_top_then_it_is_the_boxs_text(tmp_path: Path) -> None:
    # given: the caption and the address in a frame at the top left
    result = convert(_page(tmp_path / "boxed.pdf", frame=(39, 38, 334, 120)))

    # then: the caption is read first, with its box
    assert (result.text or "").startswith("Invoice from\n\nSupplier GmbH")


def test_given_a_border_round_the_whole_page_then_its_head_stays_furniture(tmp_path: Path) -> None:
    # given: the same rows inside a border round the whole page
    result = convert(_page(tmp_path / "border.pdf", frame=(30, 38, WIDTH - 30, HEIGHT - 30)))

    # then: the small head is the page's
    assert result.blocks[0].kind == "page_header" and result.blocks[0].text == "Invoice from"

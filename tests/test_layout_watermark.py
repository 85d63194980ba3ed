"""A watermark across a page's text (worker/engines/turned_text.py's watermark): large
light text drawn diagonally over the body ("Sample Policy") is a stamp over the page,
furniture, not a piece of the lines its box crosses nor a heading. Turned text in the
text's size among the lines (a column head) is still read with them."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, WIDTH, convert

LINES = [
    "Any notices that you are required to provide under the terms of this policy",
    "must be made to the claims administrator named below, using this address.",
    "Name: York Risk Services Group, Inc.",
    "Claims Email: claims@example.com",
    "Mailing address: PO Box 183188, Columbus, OH 43218",
    "All other terms and conditions of the policy remain unchanged.",
]


def _page(path: Path, *, mark: str, size: float) -> Path:
    """A page of 10 pt lines with ``mark`` drawn first, at ``size``, turned -45 degrees
    across the middle of the text."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.saveState()
    c.setFillColorRGB(1.0, 0.8, 0.8)
    c.translate(120, HEIGHT - 220)
    c.rotate(-45)
    c.setFont("Helvetica", size)
    c.drawString(0, 0, mark)
    c.restoreState()
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica", 10)
    y = HEIGHT - 200
    for line in LINES:
        c.drawString(72, y, line)
        y -= 30
    c.save()
    return path


def test_given_a_diagonal_watermark_over_the_text_then_it_is_furniture(tmp_path: Path) -> None:
    # given: "Sample Policy" in 72 pt drawn diagonally across the lines
    result = convert(_page(tmp_path / "notice.pdf", mark="Sample Policy", size=72))

    # then: the text holds the lines alone, none made a heading, and the watermark is kept
    # as furniture
    assert result.text is not None
    assert "Sample Policy" not in result.text
    assert "Name: York Risk Services Group, Inc." in result.text
    assert all(b.kind not in ("section_header", "title") for b in result.blocks if "York" in b.text)
    assert any(b.kind in ("page_header", "page_footer") and b.text == "Sample Policy" for b in result.blocks)


def test_given_small_turned_text_among_the_lines_then_it_stays_text(tmp_path: Path) -> None:
    # given: the same diagonal text in the body's size (a label among the lines)
    result = convert(_page(tmp_path / "label.pdf", mark="Sample label", size=10))

    # then: it is read with the text
    assert result.text is not None and "Sample label" in result.text

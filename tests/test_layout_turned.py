"""Furniture a single page shows by its form, and text that is no horizontal text.

Text set sideways (or upside down) is read along its own baseline: a margin stamp, a
printer's slug or a sideways page number beside the text is furniture; a turned column
head among the text is read with it, as whole words in order. Neither is spread glyph by
glyph through the horizontal lines. A rule typed as a line of underscores is no text."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from common.documents.results import blocks_to_text
from tests.layout_pages import HEIGHT, LEFT_TEXT, RIGHT_TEXT, WIDTH, convert, words
from worker.engines.textlayer import TextLayer, extract_text_layer

STAMP = "arXiv:1601.03642v1 [cs.CV] 12 Jan 2016"
SLUG = "jbell on DSK7X2PROD with PROPOSALS"
HEADS = ("Units sold", "Unit price", "Total revenue")


def _draw_paper(path: Path) -> Path:
    """A two-column page of 10 pt prose with an arXiv stamp up the left margin (20 pt,
    turned 90 degrees, reading upwards) and a printer's slug down the right margin
    (5 pt, turned -90 degrees, reading downwards), both drawn before the text."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.saveState()
    c.translate(36, 300)
    c.rotate(90)
    c.setFont("Times-Roman", 20)
    c.drawString(0, 0, STAMP)
    c.restoreState()
    c.saveState()
    c.translate(WIDTH - 20, 500)
    c.rotate(-90)
    c.setFont("Helvetica", 5)
    c.drawString(0, 0, SLUG)
    c.restoreState()
    c.setFont("Helvetica", 10)
    for x, text in ((72, LEFT_TEXT), (324, RIGHT_TEXT)):
        y = HEIGHT - 72
        for line in simpleSplit(text, "Helvetica", 10, 216):
            c.drawString(x, y, line)
            y -= 13
    c.save()
    return path


def test_given_a_stamp_and_a_slug_in_the_margins_then_they_are_furniture(tmp_path: Path) -> None:
    # Given: a paper page with a sideways arXiv stamp and a sideways slug in its margins
    pdf = _draw_paper(tmp_path / "paper.pdf")

    # When: it is converted
    result = convert(pdf)

    # Then: each is one line in its own reading order, kept as furniture, and the text
    # holds the two columns' prose alone
    furniture = [b.text for b in result.blocks if b.kind in ("page_header", "page_footer")]
    assert sorted(furniture) == sorted([STAMP, SLUG]), furniture
    body = [b.text for b in result.blocks if b.kind not in ("page_header", "page_footer")]
    assert body == [words(LEFT_TEXT), words(RIGHT_TEXT)], body
    assert blocks_to_text(result.blocks).split() == f"{LEFT_TEXT} {RIGHT_TEXT}".split()


def _draw_turned_heads(path: Path) -> Path:
    """A paragraph over a small table whose three column heads are turned to read
    upwards (drawn right to left, the last head first), with a paragraph under it."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setFont("Helvetica", 10)
    c.drawString(72, HEIGHT - 72, "Sales by quarter are given in the table below.")
    head_foot = HEIGHT - 180
    for k in reversed(range(len(HEADS))):
        c.saveState()
        c.translate(200 + 60 * k, head_foot)
        c.rotate(90)
        c.drawString(0, 0, HEADS[k])
        c.restoreState()
    c.drawString(72, head_foot - 16, "Q1")
    for k, value in enumerate(("120", "4.50", "540.00")):
        c.drawString(192 + 60 * k, head_foot - 16, value)
    c.drawString(72, head_foot - 60, "Revenue grew in every region over the quarter.")
    c.save()
    return path


def test_given_turned_column_heads_in_the_body_then_they_are_read_as_words(tmp_path: Path) -> None:
    # Given: a table with sideways column heads between two paragraphs
    pdf = _draw_turned_heads(tmp_path / "heads.pdf")

    # When: it is converted
    result = convert(pdf)
    text = blocks_to_text(result.blocks)

    # Then: the heads are read, whole and in their own order, left to right, and no
    # glyph stands alone on a line
    assert all(head in text for head in HEADS), text
    assert text.index(HEADS[0]) < text.index(HEADS[1]) < text.index(HEADS[2]), text
    assert text.index("Sales by quarter") < text.index(HEADS[0]) < text.index("Revenue grew"), text
    assert not [ln for ln in text.splitlines() if len(ln.strip()) == 1], text


def _draw_upright_on_rotated_page(path: Path) -> Path:
    """A landscape page stored portrait: /Rotate 90 and the text drawn turned 90 degrees
    in PDF space, so it reads horizontally as displayed."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setPageRotation(90)
    c.saveState()
    c.translate(100, 100)
    c.rotate(90)
    c.setFont("Helvetica", 10)
    c.drawString(0, 0, "Upright as displayed on a turned page")
    c.restoreState()
    c.save()
    return path


def test_given_a_page_turned_by_its_rotate_key_then_its_text_is_horizontal(tmp_path: Path) -> None:
    # Given: text drawn sideways on a page whose /Rotate turns it upright
    pdf = pypdfium2.PdfDocument(str(_draw_upright_on_rotated_page(tmp_path / "landscape.pdf")))

    # When: its text layer is read
    try:
        layer = extract_text_layer(pdf[0])
    finally:
        pdf.close()

    # Then: it is horizontal text, nothing of it set apart as turned
    assert layer.turned == []
    assert " ".join(s.text for s in layer.spans) == "Upright as displayed on a turned page"


def test_given_turned_lines_then_the_stored_layer_keeps_them(tmp_path: Path) -> None:
    # Given: the text layer of the page with a stamp and a slug
    pdf = pypdfium2.PdfDocument(str(_draw_paper(tmp_path / "paper.pdf")))
    try:
        layer = extract_text_layer(pdf[0])
    finally:
        pdf.close()

    # When: it is stored and read back
    back = TextLayer.from_bytes(layer.to_bytes())

    # Then: the turned lines come back with their text, angle and box
    assert [(t.text, t.angle) for t in back.turned] == [(t.text, t.angle) for t in layer.turned]
    assert sorted(t.text for t in back.turned) == sorted([STAMP, SLUG])
    for a, b in zip(back.turned, layer.turned, strict=True):
        assert abs(a.x0 - b.x0) < 0.01 and abs(a.bottom - b.bottom) < 0.01


def _draw_typed_rule(path: Path) -> Path:
    """A paragraph, a separator typed as a long line of underscores, a form line with a
    blank to fill in, and a closing paragraph."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setFont("Helvetica", 10)
    c.drawString(72, HEIGHT - 72, "Findings of the review are given above this line.")
    c.drawString(72, HEIGHT - 100, "_" * 80)
    c.drawString(72, HEIGHT - 128, "Signature: ____________________")
    c.drawString(72, HEIGHT - 156, "This summary report completes the review.")
    c.save()
    return path


def test_given_a_rule_typed_as_underscores_then_it_is_no_text(tmp_path: Path) -> None:
    # Given: a page with a long line of underscores between paragraphs and a blank to fill
    pdf = _draw_typed_rule(tmp_path / "rule.pdf")

    # When: it is converted
    text = blocks_to_text(convert(pdf).blocks)

    # Then: the typed rule is gone, the blank with its label stays
    assert "_" * 40 not in text, text
    assert "Signature: ____________________" in text, text
    assert "Findings of the review" in text and "This summary report" in text, text


def _draw_upside_down(path: Path) -> Path:
    """Ten lines of prose, an upside-down label beside them and an upside-down printer's
    line in the bottom margin."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setFont("Helvetica", 10)
    for k in range(10):
        c.drawString(72, HEIGHT - 72 - 13 * k, f"Line {k} of the ordinary body text that reads across.")
    turned = ((400, 600, 10, "Turned label in body"), (300, 30, 7, "Printed upside down 2024"))
    for x, y, size, text in turned:
        c.saveState()
        c.translate(x, y)
        c.rotate(180)
        c.setFont("Helvetica", size)
        c.drawString(0, 0, text)
        c.restoreState()
    c.save()
    return path


def test_given_upside_down_text_then_it_reads_in_its_own_direction(tmp_path: Path) -> None:
    # Given: upside-down text among the prose and in the bottom margin
    pdf = _draw_upside_down(tmp_path / "upside.pdf")

    # When: it is converted
    result = convert(pdf)

    # Then: the margin line is furniture, the label is read with the text, both whole
    assert [b.text for b in result.blocks if b.kind == "page_footer"] == ["Printed upside down 2024"]
    assert "Turned label in body" in blocks_to_text(result.blocks)


def _draw_far_slug(path: Path) -> Path:
    """A page of 10 pt prose down to near its foot, and a printer's slug of job codes in
    9.5 pt (a shade smaller) five body lines under the last line, in the bottom margin."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setFont("Helvetica", 10)
    y = HEIGHT - 72
    while y > 120:
        c.drawString(72, y, "Ordinary prose runs down the page in the body size of the text.")
        y -= 13
    c.setFont("Helvetica", 9.5)
    c.drawString(72, y - 52, "VerDate 2014 Aug 05, 2020 Jkt 250001 PO 00000 Frm 00002")
    c.save()
    return path


def test_given_a_slug_far_below_the_text_then_it_is_furniture(tmp_path: Path) -> None:
    # Given: a slug a shade smaller than the body, far under the text in the bottom margin
    pdf = _draw_far_slug(tmp_path / "slug.pdf")

    # When: it is converted
    result = convert(pdf)

    # Then: it is a running footer, out of the text
    assert [b.text for b in result.blocks if b.kind == "page_footer"] == [
        "VerDate 2014 Aug 05, 2020 Jkt 250001 PO 00000 Frm 00002"
    ]
    assert "VerDate" not in blocks_to_text(result.blocks)

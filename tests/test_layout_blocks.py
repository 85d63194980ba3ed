"""Blocks (worker/engines/layout/blocks.py): the title, section headers, paragraphs (split at a
blank gap, hyphenated words joined) and list items, from PDFs drawn with reportlab and from
OCR-style line boxes."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from common.documents.results import PageResult
from tests.layout_pages import HEIGHT, convert, ocr_line
from worker.engines.base import PageInput
from worker.engines.layout import layout_lines
from worker.engines.pdf_text import PdfTextEngine
from worker.engines.textlayer import extract_text_layer


@pytest.fixture
def report_pdf(tmp_path: Path) -> Path:
    """A title, a 16 pt (not bold) heading, two paragraphs split by a blank gap, a heading."""
    path = tmp_path / "report.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72

    def paragraph(text: str) -> None:
        nonlocal y
        c.setFont("Helvetica", 10)
        for line in simpleSplit(text, "Helvetica", 10, 468):
            c.drawString(72, y, line)
            y -= 13

    c.setFont("Helvetica-Bold", 24)
    c.drawString(72, y, "Quarterly Report")
    y -= 40
    c.setFont("Helvetica", 16)
    c.drawString(72, y, "Background")
    y -= 24
    paragraph(
        "The first paragraph explains the background of the report in a few plain sentences "
        "that wrap over more than one line of text on the page."
    )
    y -= 10
    paragraph(
        "The second paragraph follows after a blank gap and adds more detail, so the layout "
        "has to split the two paragraphs apart."
    )
    y -= 10
    c.setFont("Helvetica", 16)
    c.drawString(72, y, "Results")
    y -= 24
    paragraph("Results are summarised here in one short paragraph.")
    c.save()
    return path


def test_given_largest_text_at_top_of_page_one_then_it_is_the_title(report_pdf: Path) -> None:
    result = convert(report_pdf)

    assert result.blocks[0].kind == "title"
    assert result.blocks[0].text == "Quarterly Report"


def test_given_same_text_on_a_later_page_then_it_is_a_heading_not_a_title(report_pdf: Path) -> None:
    pdf = pypdfium2.PdfDocument(str(report_pdf))
    layer = extract_text_layer(pdf[0])
    pdf.close()

    [result] = PdfTextEngine().convert([PageInput(page_no=2, width=612, height=792, text_layer=layer)])

    assert isinstance(result, PageResult)
    assert "title" not in [b.kind for b in result.blocks]


def test_given_larger_plain_font_line_then_it_is_a_section_header(report_pdf: Path) -> None:
    result = convert(report_pdf)

    headers = [b for b in result.blocks if b.kind == "section_header"]
    assert [(h.text, h.level) for h in headers] == [("Background", 1), ("Results", 1)]


def test_given_blank_gap_between_paragraphs_then_they_are_separate_blocks(report_pdf: Path) -> None:
    result = convert(report_pdf)

    kinds = [b.kind for b in result.blocks]
    assert kinds == ["title", "section_header", "paragraph", "paragraph", "section_header", "paragraph"]
    first, second = result.blocks[2], result.blocks[3]
    assert first.text.startswith("The first paragraph") and first.text.endswith("on the page.")
    assert second.text.startswith("The second paragraph") and len(second.lines) == 2


def test_given_report_when_rendered_to_markdown_then_headings_are_marked(report_pdf: Path) -> None:
    result = convert(report_pdf)

    assert (result.markdown or "").startswith("# Quarterly Report\n\n## Background\n\nThe first paragraph")


def test_given_word_hyphenated_at_line_end_then_the_paragraph_joins_it(tmp_path: Path) -> None:
    path = tmp_path / "hyphen.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "Trade across borders is called inter-")
    c.drawString(72, 687, "national trade in most textbooks.")
    c.save()

    result = convert(path)

    assert [b.text for b in result.blocks] == [
        "Trade across borders is called international trade in most textbooks."
    ]


def test_given_bullets_set_apart_from_their_text_then_each_is_one_list_item(tmp_path: Path) -> None:
    path = tmp_path / "list.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "Before you start, check the following:")
    y = 684.0
    items = [
        "The power cable is connected to a grounded outlet.",
        "The device is switched off and has cooled down for at least ten minutes before you open it.",
        "You have the tools.",
    ]
    for item in items:
        c.drawString(80, y, "•")  # a tab stop away from the text: its own fragment
        for line in simpleSplit(item, "Helvetica", 10, 300):
            c.drawString(94, y, line)
            y -= 13
    c.save()

    result = convert(path)

    assert [b.kind for b in result.blocks] == ["paragraph", "list_item", "list_item", "list_item"]
    # the bullet is the item's marker, not its text: Markdown writes it as "-"
    assert [b.text for b in result.blocks[1:]] == items
    assert "\n- The power cable is connected" in (result.markdown or "")


def test_given_enumerated_lines_then_each_is_a_list_item() -> None:
    lines = [
        ocr_line("Steps:", 50, 100, 90),
        ocr_line("1. Open the cover.", 50, 114, 160),
        ocr_line("2. Remove the filter.", 50, 128, 170),
        ocr_line("(a) rinse it", 50, 142, 120),
    ]

    blocks = layout_lines(lines, 612, 792)

    assert [b.kind for b in blocks] == ["paragraph", "list_item", "list_item", "list_item"]

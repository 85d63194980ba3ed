"""A bold run-in head that fills a lettered paragraph's first line and ends on the next
(worker/engines/layout/blocks.py, headings.py).

Instructions letter their paragraphs and open each with a bold run-in head ("c.
Partnership, LLC that is not a single-member LLC, C corporation, or S corporation.")
that the paragraph goes on from in regular weight on the same line. When the head fills
the first line, that line is bold throughout and the next one mostly regular: the change
of weight must not cut the paragraph into a heading and a paragraph. A bold heading
over a paragraph stays one.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = letter
LEFT, MEASURE, SIZE, LEADING = 36.0, 270.0, 8.0, 9.0
SOLE = "Enter your individual name as shown on your return on line 1. You may enter a trade name on line 2."
PARTNERSHIP = (
    "Partnership, limited liability company that is not a single-member LLC, C corporation, or S corporation."
)
ENTITY = "Enter the entity's name as shown on the entity's tax return on line 1 and any trade name on line 2."
OTHER = "Enter your name as shown on required federal tax documents on line 1. It should match the charter."
PARAGRAPHS = [
    [(False, "b."), (True, "Sole proprietor or single-member LLC."), (False, SOLE)],
    [(False, "c."), (True, PARTNERSHIP), (False, ENTITY)],
    [(False, "d."), (True, "Other entities."), (False, OTHER)],
]


def _font(bold: bool) -> str:
    return "Helvetica-Bold" if bold else "Helvetica"


def _paragraph(c: canvas.Canvas, top: float, runs: list[tuple[bool, str]], indent: float) -> float:
    """Draws the runs word by word, wrapped at the measure; the first line indented."""
    x = LEFT + indent
    for bold, text in runs:
        for word in text.split():
            width = stringWidth(word, _font(bold), SIZE)
            if x + width > LEFT + MEASURE:
                top, x = top + LEADING, LEFT
            c.setFont(_font(bold), SIZE)
            c.drawString(x, HEIGHT - top, word)
            x += width + stringWidth(" ", _font(bold), SIZE)
    return top + LEADING


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(LEFT, HEIGHT - 60, "Line 1")
    top = 80.0
    intro = (
        "Enter the name as shown on your tax return. It must match the name on file for the number you enter."
    )
    top = _paragraph(c, top, [(False, intro)], indent=0)
    for runs in PARAGRAPHS:
        top = _paragraph(c, top, runs, indent=8)
    c.save()
    return path


def test_given_bold_run_in_head_filling_the_first_line_then_the_paragraph_is_whole(tmp_path: Path) -> None:
    # Given lettered paragraphs, one whose bold run-in head fills its first line and ends
    # on the next, where the paragraph goes on in regular weight
    page = convert(_draw(tmp_path / "instructions.pdf"))
    # When the page is read
    texts = [(b.kind, b.text or "") for b in page.blocks]
    # Then that paragraph is one block, no heading
    lettered = next(text for _, text in texts if text.startswith("c. Partnership"))
    assert "C corporation, or S corporation. Enter the entity's name" in lettered
    assert lettered.endswith("any trade name on line 2.")
    assert not any(kind == "section_header" and "Partnership" in text for kind, text in texts)
    # And the heading over the paragraphs stays a heading
    assert ("section_header", "Line 1") in texts


def test_given_numbered_bold_heading_over_a_paragraph_then_it_stays_a_heading(tmp_path: Path) -> None:
    # Given a numbered bold heading, ending short of the measure, over a regular paragraph
    path = tmp_path / "heading.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    top = _paragraph(
        c, 80.0, [(False, "Enter the name as shown on your tax return, as the office has it on file.")], 0
    )
    top = _paragraph(c, top + 6, [(True, "3. Backup withholding")], indent=0)
    body = "Payments you receive may be subject to backup withholding if you do not give the correct number."
    _paragraph(c, top, [(False, body)], indent=0)
    c.save()
    # When the page is read
    texts = [(b.kind, b.text or "") for b in convert(path).blocks]
    # Then the heading stands apart from the paragraph under it
    assert ("section_header", "3. Backup withholding") in texts
    assert ("paragraph", body) in texts

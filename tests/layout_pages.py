"""What the layout tests share: the prose of a two-column page, builders that draw it (row
by row, or a column of paragraphs at a time), and the pdf-text engine run on one page of
a PDF (tests/test_layout_*.py)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from common.documents.results import PageResult
from worker.engines.base import PageError, PageInput
from worker.engines.layout import LayoutLine
from worker.engines.pdf_text import PdfTextEngine
from worker.engines.textlayer import extract_text_layer

WIDTH, HEIGHT = letter
LEFT_TEXT = (
    "Reading order matters for every consumer of a converted document. When two columns are "
    "interleaved line by line the text turns into nonsense, search snippets break, and language "
    "models lose the thread of the argument, so the columns must be recovered first."
)
RIGHT_TEXT = (
    "The right column continues with a second paragraph of ordinary prose. It is about gutters, "
    "the vertical strips of white space between columns, which a projection of the text boxes "
    "reveals even when the content stream was written row by row."
)


def words(text: str) -> str:
    return " ".join(text.split())


def convert(path: Path, page_no: int = 1) -> PageResult:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        layer = extract_text_layer(pdf[page_no - 1])
    finally:
        pdf.close()
    page = PageInput(page_no=page_no, width=layer.width, height=layer.height, text_layer=layer)
    [result] = PdfTextEngine().convert([page])
    assert not isinstance(result, PageError), result
    return result


def draw_two_columns(path: Path, *, title: str | None = None, closing: str | None = None) -> Path:
    """Two columns of 10 pt prose, drawn ROW BY ROW: left line 1, right line 1, left line 2..."""
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    if title:
        c.setFont("Helvetica-Bold", 20)
        c.drawString(72, y, title)
        y -= 40
    left = simpleSplit(LEFT_TEXT, "Helvetica", 10, 216)
    right = simpleSplit(RIGHT_TEXT, "Helvetica", 10, 216)
    c.setFont("Helvetica", 10)
    for i in range(max(len(left), len(right))):
        if i < len(left):
            c.drawString(72, y, left[i])
        if i < len(right):
            c.drawString(324, y, right[i])
        y -= 13
    if closing:
        y -= 20
        for line in simpleSplit(closing, "Helvetica", 10, 468):
            c.drawString(72, y, line)
            y -= 13
    c.save()
    return path


def draw_paragraphs(
    c: canvas.Canvas,
    paras: list[str],
    x: float,
    y: float,
    width: float,
    *,
    indent: float = 10.0,
    font: str = "Times-Roman",
    size: float = 10.0,
    pitch: float = 12.0,
) -> float:
    """Paragraphs of prose set down a column from ``x``, first line at ``y``, each wrapped to
    ``width`` with its first line indented ``indent`` points; the ``y`` under the last line."""
    c.setFont(font, size)
    for para in paras:
        for i, line in enumerate(simpleSplit(para, font, size, width - indent)):
            c.drawString(x + (indent if i == 0 else 0), y, line)
            y -= pitch
    return y


def ocr_line(text: str, x0: float, top: float, x1: float, height: float = 12.0) -> LayoutLine:
    return LayoutLine(text=text, bbox=(x0, top, x1, top + height))


def fill_box(
    c: canvas.Canvas, height: float, x0: float, top: float, x1: float, bottom: float, grey: float
) -> None:
    """A borderless box filled in ``grey`` on ``c``, in top-left coordinates of a page
    ``height`` high (an invoice's shaded band or panel), the fill set back to black for the
    text drawn after it."""
    c.setFillGray(grey)
    c.rect(x0, height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
    c.setFillGray(0)

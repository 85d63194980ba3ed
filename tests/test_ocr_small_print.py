"""Small print on a scan (worker/engines/ocr_print.py): a column's notes, set smaller than
its body under it, are told apart by the width their words take, and a note's raised
marker by its pixels; on a scanned law-register page the notes under the first column
were read between the columns, as body text."""

from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from worker.engines.base import PageInput
from worker.engines.ocr_pipeline import OcrLine
from worker.engines.ocr_print import raised_markers
from worker.engines.rapidocr import RapidOcrEngine

PROSE = (
    "the board finds that each member state shall report the measures taken under this "
    "rule to the agency within sixty days of the date on which the notice was published "
    "and shall keep the records for inspection by the public during ordinary hours"
)
WORDS = PROSE.split()


def prose(n_lines: int, per_line: int, seed: int) -> list[str]:
    """Lines of words drawn at random (each line its own, so its place in the text shows)."""
    rng = random.Random(seed)
    return [" ".join(rng.sample(WORDS, per_line)) for _ in range(n_lines)]


LEFT_BODY = prose(22, 6, 0)
RIGHT_BODY = prose(34, 6, 1)
NOTES = [
    ("1", ["Preliminary report of the agency, dated November", "2018, can be found in the docket."]),
    ("2", ["The control system includes two computers which", "process the inputs from the sensors."]),
]


def register_page(*, raised: bool = True) -> bytes:
    """Two columns of Times 10 pt; under the first, two notes in Times 8 pt, their markers
    raised (``raised``) or on the line; the second column runs down beside the notes."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    top = 720.0
    for k, line in enumerate(LEFT_BODY):
        c.setFont("Times-Roman", 10)
        c.drawString(60, top - 12 * k, line)
    for k, line in enumerate(RIGHT_BODY):
        c.drawString(320, top - 12 * k, line)
    y = top - 12 * len(LEFT_BODY) - 14
    for marker, lines in NOTES:
        for k, line in enumerate(lines):
            if k == 0:
                c.setFont("Times-Roman", 5.5 if raised else 8)
                c.drawString(66, y + (3 if raised else 0), marker)
                c.setFont("Times-Roman", 8)
                c.drawString(72, y, line)
            else:
                c.setFont("Times-Roman", 8)
                c.drawString(60, y, line)
            y -= 9.5
    c.showPage()
    c.save()
    return buf.getvalue()


def scanned(pdf: bytes, dpi: int = 200) -> PageInput:
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        width, height = page.get_size()
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("RGB")
    finally:
        doc.close()
    return PageInput(page_no=1, width=width, height=height, image=image)


@pytest.fixture(scope="module")
def ocr() -> RapidOcrEngine:
    return RapidOcrEngine()


def test_notes_under_a_column_are_footnotes_read_after_both_columns(ocr) -> None:
    # given a scanned two-column page whose first column closes with two notes in smaller
    # print, their markers raised, the second column running down beside them
    page = scanned(register_page())
    # when the OCR engine reads it
    result = ocr.convert_page(page)
    assert not isinstance(result, Exception)
    # then the notes are footnotes, and the body reads column by column before them
    notes = [b for b in result.blocks if b.kind == "footnote"]
    assert len(notes) == 2
    assert notes[0].text.startswith("1") and "Preliminary" in notes[0].text
    text = result.text or ""
    assert text.index(LEFT_BODY[-1]) < text.index(RIGHT_BODY[0]) < text.index(RIGHT_BODY[-1])
    assert text.index(RIGHT_BODY[-1]) < text.index("Preliminary")


def line_image(raised: bool) -> Image.Image:
    """The line "1 Preliminary report" drawn with its words at 28 px on a baseline at y=60; the "1"
    at 18 px with its foot 12 px higher (``raised``) or at 28 px on the same baseline."""
    image = Image.new("RGB", (700, 80), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("DejaVuSerif.ttf", 28)
    if raised:
        draw.text((20, 48), "1", font=ImageFont.truetype("DejaVuSerif.ttf", 18), fill="black", anchor="ls")
    else:
        draw.text((20, 60), "1", font=font, fill="black", anchor="ls")
    draw.text((45, 60), "Preliminary report", font=font, fill="black", anchor="ls")
    return image


def test_a_raised_marker_is_told_from_a_number_on_the_line() -> None:
    # given a note's line whose "1" stands raised, and the same line with its "1" on the
    # baseline (a numbered paragraph's)
    line = OcrLine("1 Preliminary report", (15, 25, 330, 70), 0.99)
    up, flat = line_image(raised=True), line_image(raised=False)
    # when their first marks are read from the pixels
    # then only the raised one is a note's marker
    assert raised_markers(up, [line], [0]) == {0}
    assert raised_markers(flat, [line], [0]) == set()

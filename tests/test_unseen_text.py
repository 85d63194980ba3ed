"""Text in the text layer that the displayed page does not show is not the page's text
(worker/engines/unseen_text.py, textlayer._Extractor._drop_unseen): a printer's slug set
outside the crop box, a generator's invisible stamp. A scan's invisible OCR layer, over its
image, stays."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from tests.pdf_pages import text_layer_of

WIDTH, HEIGHT = A4
BODY = "The visible body of the page says this."


def _words(path: Path) -> list[str]:
    return [s.text for s in text_layer_of(path).spans]


def _text(c: canvas.Canvas, x: float, y: float, text: str, mode: int = 0) -> None:
    t = c.beginText(x, y)
    t.setFont("Helvetica", 10)
    t.setTextRenderMode(mode)
    t.textOut(text)
    c.drawText(t)


def test_given_a_slug_above_the_page_box_when_extracted_then_it_is_left_out(tmp_path: Path) -> None:
    # given a page whose printer's slug sits above the top of the page box
    path = tmp_path / "slug.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _text(c, 72, HEIGHT + 20, "2021/07/06 13:43:28 job 4711")
    _text(c, 72, HEIGHT - 100, BODY)
    c.save()
    # when its text layer is read
    words = _words(path)
    # then only the body is there
    assert " ".join(words) == BODY


def test_given_invisible_text_with_nothing_under_it_when_extracted_then_it_is_dropped(tmp_path: Path) -> None:
    # given a born-digital page with an invisible generator's stamp at its foot
    path = tmp_path / "stamp.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _text(c, 72, HEIGHT - 100, BODY)
    _text(c, 72, 20, "Powered by Generator", mode=3)
    c.save()
    # when its text layer is read
    layer = text_layer_of(path)
    # then the stamp is gone and the page is still real text
    assert " ".join(s.text for s in layer.spans) == BODY
    assert layer.is_real and layer.invisible == 0


def test_given_invisible_text_over_an_image_when_extracted_then_it_stays(tmp_path: Path) -> None:
    # given a page with a visible heading and a scanned image under an invisible OCR line
    path = tmp_path / "ocr.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _text(c, 72, HEIGHT - 60, "A visible heading over the scanned part of this page")
    image = Image.new("RGB", (400, 200), "white")
    c.drawImage(ImageReader(image), 72, HEIGHT - 400, width=400, height=200)
    _text(c, 80, HEIGHT - 300, "scanned words", mode=3)
    c.save()
    # when its text layer is read
    words = _words(path)
    # then the OCR words stay with the visible text
    assert "scanned" in words and "words" in words and "heading" in words


def test_given_only_invisible_text_when_extracted_then_it_stays(tmp_path: Path) -> None:
    # given a page whose only text is invisible (text drawn as outlines plus a search layer)
    path = tmp_path / "all-invisible.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _text(c, 72, HEIGHT - 100, BODY, mode=3)
    c.save()
    # when its text layer is read
    layer = text_layer_of(path)
    # then the text is kept (and the page is read as a scan, as before)
    assert " ".join(s.text for s in layer.spans) == BODY and not layer.is_real

"""Text a reader cannot see is left out like invisible text (text_fonts._Fonts._faint,
text_extract's tiny print): a code filled at 1 % opacity, a code set at 0.9 pt. Faint
but readable print (a grey note, half-transparent text) stays."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.pdf_pages import text_layer_of

WIDTH, HEIGHT = A4
BODY = "The visible body of the page says this."


def _page(path: Path, *, alpha: float = 1.0, size: float = 10.0, code: str = "HlIXLKVjET") -> None:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(72, HEIGHT - 100, BODY)
    c.saveState()
    c.setFillAlpha(alpha)
    c.setFont("Helvetica", size)
    c.drawString(300, 30, code)
    c.restoreState()
    c.save()


def _text(path: Path) -> str:
    return " ".join(s.text for s in text_layer_of(path).spans)


def test_given_a_code_at_one_percent_opacity_when_extracted_then_it_is_left_out(tmp_path: Path) -> None:
    # given a page with a tracking code filled at 1 % opacity in its foot strip
    path = tmp_path / "faint.pdf"
    _page(path, alpha=0.01)
    # when its text layer is read
    layer = text_layer_of(path)
    # then only the body is there, and the page is still real text
    assert " ".join(s.text for s in layer.spans) == BODY
    assert layer.is_real


def test_given_a_code_at_under_one_point_when_extracted_then_it_is_left_out(tmp_path: Path) -> None:
    # given a page with a code set at 0.9 pt, fully opaque
    path = tmp_path / "tiny.pdf"
    _page(path, size=0.9)
    # when its text layer is read / then only the body is there
    assert _text(path) == BODY


def test_given_half_transparent_small_print_when_extracted_then_it_stays(tmp_path: Path) -> None:
    # given a note at 40 % opacity, set at 5 pt: faint and small, but readable
    path = tmp_path / "readable.pdf"
    _page(path, alpha=0.4, size=5.0, code="Printed copy")
    # when its text layer is read / then the note stays
    assert _text(path) == f"{BODY} Printed copy"

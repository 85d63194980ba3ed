"""A title in large, letter-spaced print at the top right of an invoice ("F A C T U R A",
the invoice's number and date under it) beside the sender's block at the left, its first
line level with the sender's first line (layout/title_parts.starts_level). The title's
top stands above the sender's first line only because its print is larger: the blocks
start level, and the left one is read first. A title wholly above the block beside it
is still read first.

Each test reads: given a page drawn so (with reportlab, as pdfmake sets two columns),
when the pdf-text engine converts it, then the page's text reads so."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

_W, _H = A4
SENDER = [
    "Distribuciones Norte S.L.",
    "Calle Mayor 12, 3B",
    "28013 Madrid",
    "NIF B-12345678",
    "Tel. 912 345 678",
]
NUMBER = ["Factura N.º 2020-0042", "Fecha: 01/02/2020"]
CLIENT = ["Cliente:", "Talleres Ruiz S.A.", "Avenida de la Paz 4, Sevilla"]


def _draw(path: Path, *, title_baseline: float) -> Path:
    """The sender's 10 pt lines from 60 points down; the title, 22 pt with 8 points between
    its letters, set right with its baseline ``title_baseline`` points down; the number
    block under it; the client's block under both."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    for i, line in enumerate(SENDER):
        c.drawString(40, _H - 60 - 12 * i, line)
    title = c.beginText()
    title.setFont("Helvetica-Bold", 22)
    title.setCharSpace(8)
    title.setTextOrigin(555 - c.stringWidth("FACTURA", "Helvetica-Bold", 22) - 8 * 6, _H - title_baseline)
    title.textOut("FACTURA")
    title.setCharSpace(0)
    c.drawText(title)
    c.setFont("Helvetica", 10)
    for i, line in enumerate(NUMBER):
        c.drawRightString(555, _H - 90 - 12 * i, line)
    for i, line in enumerate(CLIENT):
        c.drawString(40, _H - 170 - 12 * i, line)
    c.save()
    return path


def test_given_a_large_title_at_the_right_level_with_the_sender_then_the_sender_is_read_first(
    tmp_path: Path,
) -> None:
    # given: the title's baseline a little under the sender's first (its top above it)
    path = _draw(tmp_path / "factura.pdf", title_baseline=66)

    # when
    text = words(convert(path).text or "")

    # then
    assert text == words(" ".join([*SENDER, "FACTURA", *NUMBER, *CLIENT])), text


def test_given_a_large_title_at_the_right_above_the_sender_then_it_is_read_first(tmp_path: Path) -> None:
    # given: the title ends above the sender's first line
    path = _draw(tmp_path / "factura.pdf", title_baseline=40)

    # when
    text = words(convert(path).text or "")

    # then
    assert text.startswith(words(" ".join(["FACTURA", SENDER[0]]))), text

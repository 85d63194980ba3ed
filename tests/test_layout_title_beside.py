"""A title in large, letter-spaced print at the top right of an invoice ("F A C T U R A",
the invoice's number and date under it) beside the sender's block at the left, its first
line level with the sender's first line (layout/title_parts.starts_level). The title's
top stands above the sender's first line only because its print is larger: the blocks
start level, and the left one is read first. A title wholly above the block beside it
is still read first. A title set with a space after each letter is one line, not cells
cut at its gaps (layout/line_cuts.letter_spaced).

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
ITEMS = [
    ("Concepto", "Cantidad", "Precio", "Total"),
    ("Reparación de motor", "1", "450,00", "450,00"),
    ("Cambio de aceite", "2", "35,00", "70,00"),
]
TOTALS = ["Base imponible: 520,00", "IVA 21%: 109,20", "Total: 629,20"]


def _draw(
    path: Path,
    *,
    title_baseline: float,
    title: str = "FACTURA",
    size: float = 22,
    spacing: float = 8,
    number_at: float = 90,
) -> Path:
    """The sender's 10 pt lines from 60 points down; ``title`` in ``size`` print with
    ``spacing`` points more after each character, set right with its baseline
    ``title_baseline`` points down; the number block under it from ``number_at`` points
    down; the client's block under both; the line items, their figures set right, ruled
    over and under each row; the totals under them, set right."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    for i, line in enumerate(SENDER):
        c.drawString(40, _H - 60 - 12 * i, line)
    text = c.beginText()
    text.setFont("Helvetica-Bold", size)
    text.setCharSpace(spacing)
    width = c.stringWidth(title, "Helvetica-Bold", size) + spacing * (len(title) - 1)
    text.setTextOrigin(555 - width, _H - title_baseline)
    text.textOut(title)
    text.setCharSpace(0)
    c.drawText(text)
    c.setFont("Helvetica", 10)
    for i, line in enumerate(NUMBER):
        c.drawRightString(555, _H - number_at - 12 * i, line)
    for i, line in enumerate(CLIENT):
        c.drawString(40, _H - 170 - 12 * i, line)
    c.setLineWidth(0.5)
    for i, (name, *figures) in enumerate(ITEMS):
        c.line(40, _H - 228 - 18 * i, 555, _H - 228 - 18 * i)
        c.drawString(44, _H - 240 - 18 * i, name)
        for x, figure in zip((330, 430, 551), figures, strict=True):
            c.drawRightString(x, _H - 240 - 18 * i, figure)
    c.line(40, _H - 228 - 18 * len(ITEMS), 555, _H - 228 - 18 * len(ITEMS))
    for i, line in enumerate(TOTALS):
        c.drawRightString(555, _H - 320 - 12 * i, line)
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
    assert text.startswith(words(" ".join([*SENDER, "FACTURA", *NUMBER, *CLIENT]))), text


def test_given_a_large_title_at_the_right_above_the_sender_then_it_is_read_first(tmp_path: Path) -> None:
    # given: the title ends above the sender's first line
    path = _draw(tmp_path / "factura.pdf", title_baseline=40)

    # when
    text = words(convert(path).text or "")

    # then
    assert text.startswith(words(" ".join(["FACTURA", SENDER[0]]))), text


def test_given_a_title_spaced_letter_by_letter_then_it_is_read_whole_after_the_sender(tmp_path: Path) -> None:
    # given: "F A C T U R A", a space after each letter and more spacing still: its word
    # gaps are wide, one of them between the same edges as the gaps of the item rows'
    # figures far under it
    path = _draw(
        tmp_path / "factura.pdf", title_baseline=62, title="F A C T U R A", size=20, spacing=6, number_at=84
    )

    # when
    page = convert(path)

    # then
    assert [b.kind for b in page.blocks].count("table") == 1, [b.text for b in page.blocks]
    assert words(page.text or "").startswith(words(" ".join([*SENDER, "F A C T U R A", *NUMBER, *CLIENT])))

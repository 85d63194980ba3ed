"""A long line of a block set in a fixed-pitch font, reaching past the edge of the block
beside it below that block's end (worker/engines/layout/line_cuts.py, side_blocks.py
left_tail): one line of the left block, its figures not cut at the gutter nor at its
word spaces (a character wide in Courier, over half an em).

Each test reads: given a page drawn so (with reportlab), when the pdf-text engine
converts it, then the line reads whole, in its block."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from common.documents.results import Word
from tests.layout_pages import convert, words
from worker.engines.layout import LayoutLine
from worker.engines.layout.line_cuts import split_at_gaps

SELLER = [
    "Sprzedawca",
    "Firma Handlowa Sp. z o.o.",
    "ul. Dluga 15",
    "00-001 Warszawa",
    "NIP: 123-456-78-90",
    "Bank Polski S.A.",
]
ACCOUNT = "Nr konta: 00 1111 2222 3333 4444 5555 6666"
BUYER = ["Nabywca", "Klient S.A.", "ul. Krotka 2", "30-002 Krakow"]


def _invoice(path: Path) -> Path:
    # The seller at the left, the buyer from the page's middle, row for row in Courier,
    # the seller's block the longer; its last line, the bank account, below the buyer's
    # last line, runs past the buyer's left edge, a word of it starting there.
    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Courier-Bold", 14)
    c.drawString(40, height - 50, "Faktura VAT nr 12/2024")
    for k, line in enumerate([*SELLER, ACCOUNT]):
        c.setFont("Courier-Bold" if k == 0 else "Courier", 11)
        c.drawString(80, height - 100 - 13 * k, line)
    for k, line in enumerate(BUYER):
        c.setFont("Courier-Bold" if k == 0 else "Courier", 11)
        c.drawString(width / 2, height - 100 - 13 * k, line)
    c.setFont("Courier", 11)
    c.drawString(40, height - 220, "Sposob platnosci: przelew   Termin platnosci: 14 dni")
    c.save()
    return path


def test_given_a_long_fixed_pitch_line_past_the_block_beside_when_converted_then_it_ends_its_block(
    tmp_path: Path,
) -> None:
    page = convert(_invoice(tmp_path / "faktura.pdf"))
    text = words(page.text or "")

    assert words(" ".join([*SELLER[1:], ACCOUNT])) in words(text.replace("Sprzedawca", ""))
    assert text.index(ACCOUNT) < text.index("Nabywca")


def _line(texts: list[str], x0: float, pitch: float) -> LayoutLine:
    out: list[Word] = []
    x = x0
    for t in texts:
        out.append(Word(text=t, bbox=(x, 100.0, x + pitch * len(t), 110.0)))
        x += pitch * (len(t) + 1)
    return LayoutLine(" ".join(texts), (x0, 100.0, out[-1].bbox[2], 110.0), 11.0, False, None, out)


def test_given_figures_a_fixed_pitch_space_apart_then_the_line_is_not_cut() -> None:
    line = _line(["00", "1111", "2222", "3333"], 80.0, 6.6)

    assert split_at_gaps(line, monospaced=True) == [line]
    # In a proportional font the same gap (over half an em) parts two amounts' cells.
    assert len(split_at_gaps(line)) == 4

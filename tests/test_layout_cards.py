"""Key figures in cards side by side (a report's dashboard row, as a web page prints CSS
panels with rounded corners): each card a label, a large number and a change.

The cards' lines line up across the cards as a table's rows do; each card is a block of
its own, read whole, left to right. Drawn cells of a table stay its cells.

Each test reads: given such a page, when the pdf-text engine converts it, then the cards
are no table and each is read whole before the next."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

_W, _H = A4
CARDS = [
    ["Active members", "12,480", "+3.2% on May"],
    ["Visits", "48,915", "+11.0% on May"],
    ["Cancellations", "1.9%", "-0.4 pts"],
]
BELOW = "Membership grew in every region; the spring offer ended on 30 June."


def _cards_pdf(path: Path, *, radius: float = 6.0) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(57, _H - 80, "June membership report")
    c.setFont("Helvetica", 10)
    c.drawString(57, _H - 104, "The figures below cover all clubs open for the whole month.")
    top, height, width, gap = _H - 118, 60.0, 156.0, 7.0
    for i, (label, value, change) in enumerate(CARDS):
        x = 57 + i * (width + gap)
        c.setStrokeColorRGB(0.6, 0.65, 0.7)
        c.roundRect(x, top - height, width, height, radius, stroke=1, fill=0)
        c.setFont("Helvetica", 10)
        c.drawString(x + 7, top - 16, label)
        c.setFont("Helvetica-Bold", 10)
        c.drawString(x + 7, top - 32, value)
        c.setFont("Helvetica", 10)
        c.drawString(x + 7, top - 48, change)
    c.drawString(57, top - height - 24, BELOW)
    c.save()
    return path


def test_given_key_figures_in_cards_side_by_side_when_converted_then_they_are_no_table(
    tmp_path: Path,
) -> None:
    # given: three cards, their lines level across the cards
    path = _cards_pdf(tmp_path / "cards.pdf")

    # when
    page = convert(path)

    # then
    assert [b for b in page.blocks if b.kind == "table"] == []


def test_given_key_figures_in_cards_side_by_side_when_converted_then_each_card_is_read_whole(
    tmp_path: Path,
) -> None:
    # given
    path = _cards_pdf(tmp_path / "cards.pdf")

    # when
    page = convert(path)

    # then: card by card, then the text under them
    text = words(" ".join(b.text for b in page.blocks))
    cards = " ".join(" ".join(card) for card in CARDS)
    assert words(cards + " " + BELOW) in text


def _spaced_cells_pdf(path: Path) -> Path:
    """A table whose every cell is its own rectangle, a point and a half apart (CSS
    ``border-collapse: separate``): its cells side by side are no cards."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    rows = [["Club", "Members", "Visits"], ["Leeds", "2,310", "9,114"], ["York", "1,804", "6,020"]]
    top, h, w, gap = _H - 80, 34.0, 120.0, 1.5
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            x, y = 57 + k * (w + gap), top - (r + 1) * (h + gap)
            c.rect(x, y, w, h, stroke=1, fill=0)
            c.drawString(x + 5, y + h - 14, cell)
            c.drawString(x + 5, y + h - 28, "note" if r == 0 else "-")
    c.save()
    return path


def test_given_a_table_of_cells_drawn_apart_when_converted_then_its_rows_are_not_cards(
    tmp_path: Path,
) -> None:
    # given: cells drawn one by one, close together, two lines in each
    path = _spaced_cells_pdf(tmp_path / "spaced.pdf")

    # when
    page = convert(path)

    # then: one table, its cells as drawn
    [table] = [b for b in page.blocks if b.kind == "table"]
    assert table.rows is not None
    assert table.rows[1] == ["Leeds -", "2,310 -", "9,114 -"]

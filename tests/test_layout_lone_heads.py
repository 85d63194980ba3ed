"""Running rows a single page tells by how they are set (worker/engines/layout/
lone_heads.py), on PDF pages drawn here: an advert strip at the foot whose pieces sit at
staggered baselines, a web address at the left end of the first row beside an ID, and a
page number with a running title close over a heading. What is the text's stays text:
the ID beside the address, a row of number and title over plain text, an address row
close over the text."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4
BODY = [
    "The supplier agrees to deliver the goods described in this order by the date",
    "shown, subject to the terms printed overleaf and to the payment of the amounts",
    "due under them, and in return for the undertakings made in the purchase order.",
]
Row = tuple[float, float, str, float]  # x, baseline's distance from the page's top, text, size


def _page(path: Path, rows: list[Row], *, body_top: float = 150.0) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 11)
    y = HEIGHT - body_top
    for line in BODY:
        c.drawString(72, y, line)
        y -= 14
    for x, top, text, size in rows:
        c.setFont("Helvetica", size)
        c.drawString(x, HEIGHT - top, text)
    c.save()
    return path


def _text(path: Path) -> str:
    result = convert(path)
    assert result.text is not None
    return result.text


def test_given_an_advert_strip_of_staggered_pieces_at_the_foot_then_it_is_furniture(tmp_path: Path) -> None:
    # given: a closing line in body print, and far below it a strip in small print: a
    # two-line slogan at the left and a link at the right, centred between its lines
    rows: list[Row] = [
        (72, 700, "For any questions, please call our billing department.", 11),
        (72, 812, "Now create your own forms", 9),
        (250, 818, "Create your own PDF Document", 9),
        (72, 824, "PDF document - It's Free", 9),
    ]
    text = _text(_page(tmp_path / "strip.pdf", rows))

    # then: the strip is gone; the closing line and the body stay
    assert "create your own" not in text.casefold() and "It's Free" not in text
    assert "For any questions" in text and "The supplier agrees" in text


def test_given_a_web_address_beside_an_id_on_the_first_row_then_the_address_is_furniture(
    tmp_path: Path,
) -> None:
    # given: the first row, in the top margin, far over the title: a web address at the
    # left and an ID at the right, both in body print
    rows: list[Row] = [
        (72, 70, "www.example-proposals.com", 11),
        (360, 70, "ID : CUST-4711-XK", 11),
        (72, 118, "Pricing", 28),
    ]
    text = _text(_page(tmp_path / "url.pdf", rows))

    # then: the address is gone, the ID and the title stay
    assert "example-proposals" not in text
    assert "CUST-4711-XK" in text and "Pricing" in text


def test_given_a_web_address_close_over_the_text_then_it_stays(tmp_path: Path) -> None:
    # given: the same first row, but a line's gap over the body
    rows: list[Row] = [(72, 70, "www.example-proposals.com", 11), (360, 70, "ID : CUST-4711-XK", 11)]
    text = _text(_page(tmp_path / "close.pdf", rows, body_top=84))

    # then: it is the text's
    assert "www.example-proposals.com" in text


def test_given_a_page_number_and_running_title_close_over_a_heading_then_they_are_furniture(
    tmp_path: Path,
) -> None:
    # given: "Chapter 1. Words of time" at the left and "4" at the right of the first
    # row, a little under one line over a heading set half again as large
    rows: list[Row] = [
        (72, 40, "Chapter 1. Words of time and place", 11),
        (515, 40, "4", 11),
        (72, 70, "3. Words of time", 17),
    ]
    text = _text(_page(tmp_path / "book.pdf", rows, body_top=110))

    # then: the running head is gone, the heading stays
    assert "Chapter 1" not in text
    assert "3. Words of time" in text and "The supplier agrees" in text


def test_given_a_number_and_title_row_close_over_plain_text_then_it_stays(tmp_path: Path) -> None:
    # given: the same row, as close over a line of body print (a list's first item)
    rows: list[Row] = [(72, 40, "Chapter 1. Words of time and place", 11), (515, 40, "4", 11)]
    text = _text(_page(tmp_path / "list.pdf", rows, body_top=58))

    # then: it is the text's
    assert "Chapter 1. Words of time and place" in text

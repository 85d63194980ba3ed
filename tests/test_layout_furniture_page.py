"""A single page's furniture told by its own signs (worker/engines/layout/running.py), on
PDF pages drawn here: a page number over a disclaimer in the bottom margin, a page number
alone far below a page's text that ends high, a link back to the contents over a filing's
title, a manual's chapter-page number beside its title, print and download stamps and a
row of dates alone. The text beside them stays text."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = letter
BODY = [
    "The committee met four times during the year and reviewed every application that",
    "reached it before the deadline, with the help of two external assessors appointed",
    "for their knowledge of the local housing market and of energy efficiency measures.",
]
Row = tuple[float, float, str, float]  # x, distance from the page's top, text, size


def _page(path: Path, rows: list[Row], *, body_top: float = 120.0, body: list[str] = BODY) -> Path:
    """A letter page: 10 pt body lines from ``body_top`` down, and ``rows`` where given."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    y = HEIGHT - body_top
    for line in body:
        c.drawString(72, y, line)
        y -= 13
    for x, top, text, size in rows:
        c.setFont("Helvetica", size)
        c.drawString(x, HEIGHT - top, text)
    c.save()
    return path


def _kinds(path: Path, *, body_first: bool = True) -> dict[str, str]:
    result = convert(path)
    # the text holds no furniture: it starts with the body
    assert result.text is not None and result.text.startswith("The committee met") == body_first
    return {b.text: b.kind for b in result.blocks}


def test_given_a_page_number_over_a_disclaimer_in_the_margin_then_it_is_a_footer(tmp_path: Path) -> None:
    # given: "Page 1 of 6" in the bottom margin, 6 pt disclaimer lines under it
    rows: list[Row] = [(280, 720, "Page 1 of 6", 7)]
    rows += [
        (72, 732 + 7 * k, f"This statement is given in good faith, line {k + 1} of the notice.", 6)
        for k in range(3)
    ]
    kinds = _kinds(_page(tmp_path / "cert.pdf", rows))

    # then: the number is furniture, the disclaimer stays text
    assert kinds["Page 1 of 6"] == "page_footer"
    assert any(k == "paragraph" and t.startswith("This statement") for t, k in kinds.items())


def test_given_a_page_number_alone_far_below_a_short_page_then_it_is_a_footer(tmp_path: Path) -> None:
    # given: a page whose text ends high, its number centred far below, out of the margin
    kinds = _kinds(_page(tmp_path / "short.pdf", [(300, 420, "62", 10)]))

    # then
    assert kinds["62"] == "page_footer"


def test_given_a_contents_link_over_the_title_then_it_is_a_header(tmp_path: Path) -> None:
    # given: a filing's "Table of Contents" link in 8 pt just above its 10 pt text
    kinds = _kinds(_page(tmp_path / "filing.pdf", [(72, 104, "Table of Contents", 8)]))

    # then
    assert kinds["Table of Contents"] == "page_header"


def test_given_a_contents_heading_in_large_print_then_it_stays_text(tmp_path: Path) -> None:
    # given: a contents page's own heading, larger than the body
    kinds = _kinds(_page(tmp_path / "contents.pdf", [(72, 100, "Table of Contents", 16)]), body_first=False)

    # then
    assert kinds["Table of Contents"] != "page_header"


def test_given_a_chapter_page_number_beside_the_manuals_title_then_both_are_the_footer(
    tmp_path: Path,
) -> None:
    # given: "1-5" at the right and the manual's title centred 7 pt lower, body size
    rows: list[Row] = [(506, 745, "1-5", 10), (180, 752, "Evaluation System Manual", 10)]
    kinds = _kinds(_page(tmp_path / "manual.pdf", rows))

    # then
    assert kinds["1-5"] == "page_footer" and kinds["Evaluation System Manual"] == "page_footer"


def test_given_print_and_download_stamps_in_body_size_then_they_are_furniture(tmp_path: Path) -> None:
    # given: a printed record's stamp and page at the foot, close under the text, and a
    # download stamp far below another page's text
    rows: list[Row] = [(72, 744, "Printed on 9/10/21 7:12 AM", 10), (480, 744, "Page 51", 10)]
    printed = _page(tmp_path / "printed.pdf", rows, body_top=700)
    downloaded = _page(tmp_path / "cover.pdf", [(72, 770, "Download date: 15. Sep. 2023", 10)])

    # then
    assert _kinds(printed)["Printed on 9/10/21 7:12 AM Page 51"] == "page_footer"
    assert _kinds(downloaded)["Download date: 15. Sep. 2023"] == "page_footer"


def test_given_a_row_of_dates_far_above_the_text_then_it_is_a_header(tmp_path: Path) -> None:
    # given: a record's "Adm: 1/23/2021, D/C: 2/2/2021" at the top right, body size
    kinds = _kinds(_page(tmp_path / "record.pdf", [(352, 50, "Adm: 1/23/2021, D/C: 2/2/2021", 10)]))

    # then
    assert kinds["Adm: 1/23/2021, D/C: 2/2/2021"] == "page_header"


def test_given_a_dated_line_of_text_near_the_top_then_it_stays_text(tmp_path: Path) -> None:
    # given: a letter's date line a line above its text, and a dated sentence
    kinds = _kinds(_page(tmp_path / "letter.pdf", [(72, 100, "Date: 1/23/2021", 10)]), body_first=False)

    # then
    assert kinds["Date: 1/23/2021"] != "page_header"

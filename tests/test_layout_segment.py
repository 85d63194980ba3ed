"""Reading order (worker/engines/layout/segment.py): columns read in turn, whatever order the
content stream or OCR gives their lines, and full-width content kept in place above, between
and below a two-column run.

Each test reads: given a page drawn a certain way (with reportlab), when the pdf-text engine
converts it, then the blocks come out in this order."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from common.documents.results import Word
from tests.layout_pages import (
    HEIGHT,
    LEFT_TEXT,
    RIGHT_TEXT,
    WIDTH,
    convert,
    draw_two_columns,
    ocr_line,
    words,
)
from worker.engines.layout import LayoutLine, layout_lines


@pytest.fixture
def two_column_pdf(tmp_path: Path) -> Path:
    return draw_two_columns(tmp_path / "two-column.pdf")


def test_given_columns_interleaved_in_the_content_stream_then_pdfium_alone_reads_them_mixed(
    two_column_pdf: Path,
) -> None:
    # Guard for the next test: the PDF really is written row by row.
    pdf = pypdfium2.PdfDocument(str(two_column_pdf))
    raw = words(pdf[0].get_textpage().get_text_range())
    pdf.close()
    assert not raw.startswith(words(LEFT_TEXT))


def test_given_columns_written_row_by_row_when_converted_then_left_column_reads_before_right(
    two_column_pdf: Path,
) -> None:
    result = convert(two_column_pdf)

    assert words(result.text or "") == words(LEFT_TEXT) + " " + words(RIGHT_TEXT)


def test_given_two_columns_when_converted_then_each_column_is_one_paragraph_block(
    two_column_pdf: Path,
) -> None:
    result = convert(two_column_pdf)

    assert [b.kind for b in result.blocks] == ["paragraph", "paragraph"]
    left, right = result.blocks
    assert left.bbox[2] < right.bbox[0]  # side by side, not stacked
    assert len(left.lines) > 1 and all(ln.bbox[2] <= WIDTH / 2 for ln in left.lines)


def test_given_columns_with_different_fonts_and_line_spacing_then_each_is_read_whole(
    tmp_path: Path,
) -> None:
    # Baselines of the two columns never line up, so rows mix lines of both columns.
    path = tmp_path / "staggered.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    left = simpleSplit(LEFT_TEXT, "Helvetica", 10, 216)
    right = simpleSplit(RIGHT_TEXT, "Times-Roman", 11, 216)
    for i in range(max(len(left), len(right))):
        if i < len(left):
            c.setFont("Helvetica", 10)
            c.drawString(72, HEIGHT - 72 - i * 13, left[i])
        if i < len(right):
            c.setFont("Times-Roman", 11)
            c.drawString(324, HEIGHT - 78 - i * 14.5, right[i])
    c.save()

    result = convert(path)

    assert [b.text for b in result.blocks] == [words(LEFT_TEXT), words(RIGHT_TEXT)]


def test_given_full_width_title_and_closing_note_then_they_frame_the_columns(tmp_path: Path) -> None:
    closing = "This closing note spans the full width of the page below both columns and comes last."
    path = draw_two_columns(tmp_path / "framed.pdf", title="Columns Under a Title", closing=closing)

    result = convert(path)

    assert [b.text for b in result.blocks] == [
        "Columns Under a Title",
        words(LEFT_TEXT),
        words(RIGHT_TEXT),
        closing,
    ]
    assert result.blocks[0].kind == "title"


def test_given_full_width_table_between_two_column_runs_then_it_stays_between_them(tmp_path: Path) -> None:
    # The table's middle cell gap falls on the page gutter, so a plain column split
    # would tear it into a left and a right half.
    path = tmp_path / "table-between.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72

    def columns(left: str, right: str) -> None:
        nonlocal y
        lcol = simpleSplit(left, "Helvetica", 10, 216)
        rcol = simpleSplit(right, "Helvetica", 10, 216)
        for i in range(max(len(lcol), len(rcol))):
            if i < len(lcol):
                c.drawString(72, y, lcol[i])
            if i < len(rcol):
                c.drawString(324, y, rcol[i])
            y -= 13

    c.setFont("Helvetica", 10)
    columns(LEFT_TEXT, RIGHT_TEXT)
    y -= 14
    table = [
        ["Region", "Q1", "Q2", "Total"],
        ["North", "1,200", "1,350", "2,550"],
        ["South", "980", "1,010", "1,990"],
    ]
    for row in table:
        c.drawString(72, y, row[0])
        c.drawRightString(250, y, row[1])
        c.drawRightString(400, y, row[2])
        c.drawRightString(540, y, row[3])
        y -= 14
    y -= 14
    below_left = "Below the table the left column starts again with text that wraps over a few lines."
    below_right = "The right column below the table is read only after the left one is finished."
    columns(below_left, below_right)
    c.save()

    result = convert(path)

    assert [b.kind for b in result.blocks] == ["paragraph", "paragraph", "table", "paragraph", "paragraph"]
    assert [result.blocks[i].text for i in (0, 1, 3, 4)] == [
        words(LEFT_TEXT),
        words(RIGHT_TEXT),
        below_left,
        below_right,
    ]
    assert result.blocks[2].rows == table


def test_given_ocr_lines_of_two_columns_sorted_top_down_then_columns_are_read_in_turn() -> None:
    # OCR returns lines sorted top to bottom, so the columns arrive interleaved.
    lines = []
    for i in range(6):
        top = 100 + i * 14
        lines.append(ocr_line(f"left column sentence number {i} goes on here", 50, top, 280))
        lines.append(ocr_line(f"right column sentence number {i} goes on here", 320, top, 560))

    blocks = layout_lines(lines, 612, 792)

    text = " ".join(b.text for b in blocks)
    assert text.index("left column sentence number 5") < text.index("right column sentence number 0")


LETTER_BODY = (
    "Thank you for your order of 28 April. Please find enclosed the invoice for the goods "
    "delivered last week; payment is due within thirty days of the invoice date."
)


def test_given_a_letter_with_the_sender_block_top_right_then_it_is_read_before_the_invoice_number(
    tmp_path: Path,
) -> None:
    # given: the sender's block at the top right, the recipient's address starting lower on
    # the left, the invoice number under it and the date level with it on the right: blocks
    # side by side that are no columns of text
    path = tmp_path / "letter.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    sender = ["Jane Roe Trading Ltd", "12 High Street", "Leeds LS1 4AB", "Tel. 0113 496 0000"]
    recipient = ["Mr John Smith", "Acme Supplies", "4 Mill Lane", "York YO1 7HH"]
    for i, text in enumerate(sender):
        c.drawString(380, 720 - 13 * i, text)
    for i, text in enumerate(recipient):
        c.drawString(72, 680 - 13 * i, text)
    c.drawString(72, 610, "Invoice no. 2024-117")
    c.drawString(380, 610, "3 May 2024")
    c.drawString(72, 570, "Dear Mr Smith,")
    y = 544
    for line in simpleSplit(LETTER_BODY, "Helvetica", 10, 468):
        c.drawString(72, y, line)
        y -= 13
    c.save()

    # when
    result = convert(path)

    # then: top to bottom, the left one first where two start level
    expected = [*sender, *recipient, "Invoice no. 2024-117", "3 May 2024", "Dear Mr Smith,", LETTER_BODY]
    assert words(" ".join(b.text for b in result.blocks)) == words(" ".join(expected))


def test_given_two_columns_of_right_to_left_text_then_the_right_column_is_read_first() -> None:
    # given: OCR lines of a Hebrew page in two columns, in logical order, sorted top down
    right = ["זוהי שורה ראשונה בטור הימני של העמוד", "והיא ממשיכה כאן בשורה השנייה שלו"]
    left = ["הטור השמאלי נקרא רק אחרי הטור הימני", "ושורתו השנייה באה אחרונה בעמוד הזה"]
    lines = []
    for i in range(2):
        lines.append(ocr_line(left[i], 50, 100 + 14 * i, 280))
        lines.append(ocr_line(right[i], 320, 100 + 14 * i, 560))

    # when
    blocks = layout_lines(lines, 612, 792)

    # then
    text = " ".join(b.text for b in blocks)
    assert text == " ".join(right + left)


def test_given_two_columns_of_left_to_right_text_then_the_left_column_is_read_first() -> None:
    # the same page in English: the order the test above reverses
    left = ["this is the first line of the left column here", "and it continues on this second line of it"]
    right = ["the right column is read after the left one", "and its second line comes last on the page"]
    lines = []
    for i in range(2):
        lines.append(ocr_line(left[i], 50, 100 + 14 * i, 280))
        lines.append(ocr_line(right[i], 320, 100 + 14 * i, 560))

    blocks = layout_lines(lines, 612, 792)

    assert " ".join(b.text for b in blocks) == " ".join(left + right)


def test_given_two_checklists_side_by_side_under_a_title_then_each_is_read_whole(tmp_path: Path) -> None:
    # given: a title, then two columns that start level, each a heading over options
    # after drawn checkboxes: columns, though the title above the first one is not level
    # with anything (unlike a letter's blocks at different heights)
    path = tmp_path / "checklists.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, 720, "Inspection checklist")
    c.setFont("Helvetica", 10)
    options = ["Fire extinguishers checked", "Exit signs lit", "Sprinklers tested"]
    for x, heading in ((72, "Building A"), (320, "Building B")):
        c.drawString(x, 690, heading)
        for i, option in enumerate(options):
            y = 664 - 14 * i
            c.rect(x, y - 1, 8, 8)
            c.drawString(x + 14, y, option)
    c.save()

    # when
    result = convert(path)

    # then (the checkbox glyphs aside: list items may keep them as their state)
    expected = ["Inspection checklist", "Building A", *options, "Building B", *options]
    found = " ".join(b.text for b in result.blocks).replace("☐", " ")
    assert words(found) == words(" ".join(expected))


def _rtl_line(text: str, right: float, top: float, left: float | None = None) -> LayoutLine:
    """A right-to-left line as a text layer gives it: words in logical order, laid from
    ``right`` leftwards at 5 pt a letter; spaces stretched to end at ``left`` if given."""
    size = 10.0
    parts = text.split()
    widths = [5.0 * len(w) for w in parts]
    space = 2.5 if left is None else (right - left - sum(widths)) / (len(parts) - 1)
    out: list[Word] = []
    x = right
    for w, width in zip(parts, widths, strict=True):
        out.append(Word(w, (x - width, top, x, top + size)))
        x -= width + space
    return LayoutLine(text=text, bbox=(out[-1].bbox[0], top, right, top + size), size=size, words=out)


def test_given_rtl_columns_a_narrow_gutter_apart_then_a_row_across_it_is_cut_and_read_in_its_column() -> None:
    # given: two Hebrew columns 9 pt apart (under an em), whose first row the text layer
    # gives as one line (the right column's justified line reaches into the gutter, the
    # left column's starts at its edge), the other rows as two lines; and a closing line
    # under both columns after a blank, short enough to fit in the right column
    right = [
        "זוהי שורה ראשונה בטור הימני של העמוד הזה",
        "והיא ממשיכה כאן בשורה השנייה שלו",
        "ואחריה באה השורה השלישית בטור",
        "והרביעית מסיימת את הטור הימני",
    ]
    left = [
        "הטור השמאלי נקרא רק אחרי הטור הימני",
        "ושורתו השנייה באה אחריו בעמוד הזה",
        "השורה השלישית שלו ממשיכה אותו",
        "והרביעית מסיימת גם את הטור הזה",
    ]
    closing = "תודה רבה על הקריאה עד כאן"
    first = _rtl_line(right[0], 562, 100, left=316)
    first_left = _rtl_line(left[0], 307, 100)
    lines = [
        LayoutLine(
            text=f"{right[0]} {left[0]}",
            bbox=(first_left.bbox[0], 100, 562, 110),
            size=10.0,
            words=first.words + first_left.words,
        )
    ]
    for i in range(1, 4):
        lines.append(_rtl_line(right[i], 562, 100 + 14 * i))
        lines.append(_rtl_line(left[i], 307, 100 + 14 * i))
    lines.append(_rtl_line(closing, 567, 100 + 14 * 3 + 40))

    # when
    blocks = layout_lines(lines, 612, 792)

    # then: the right column, the left one, then the closing line
    assert [words(b.text) for b in blocks] == [" ".join(right), " ".join(left), closing]


def test_given_columns_under_an_em_apart_whose_first_row_the_text_layer_joins_then_they_are_read_in_turn(
    tmp_path: Path,
) -> None:
    # given: two columns 9 pt apart (under an em of 10 pt text); the left column's first
    # line is indented so that it ends at the gutter, where the right one starts, so
    # its row comes out of the text layer as one line across the gutter
    path = tmp_path / "narrow.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    left = simpleSplit(LEFT_TEXT, "Helvetica", 10, 200)
    right = simpleSplit(RIGHT_TEXT, "Helvetica", 10, 230)
    top = HEIGHT - 100
    c.drawRightString(300, top, left[0])
    for i, text in enumerate(left[1:], start=1):
        c.drawString(72, top - 14 * i, text)
    for i, text in enumerate(right):
        c.drawString(309, top - 14 * i, text)
    c.save()

    # when
    result = convert(path)

    # then: the left column whole, then the right one
    assert words(" ".join(b.text for b in result.blocks)) == words(LEFT_TEXT + " " + RIGHT_TEXT)


ENERGY_LEFT = [
    "The survey design follows the",
    "recommendations of the 2019",
    "methodological review. Sampling units are",
    "addresses drawn at random from the postal",
    "register. Interviews were held by phone.",
]
ENERGY_RIGHT = [
    "Non-response was adjusted for with",
    "calibration weights by age, sex and region of the",
    "Estimates for small areas combine survey data",
    "with administrative records. Quality indicators",
    "Revisions to earlier quarters come from returns.",
]


def test_given_two_columns_right_under_a_table_then_each_column_is_read_whole(tmp_path: Path) -> None:
    # given: a paragraph, a table whose last column is the only gutter its part of the
    # page shows (a source line under it reaches over the others); under it two columns,
    # whose first row (headings, then a first line that ends short of that gutter, unlike
    # the next) falls in with the table's rows
    path = tmp_path / "table_then_columns.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(57, HEIGHT - 70, "Revisions to earlier quarters arise mainly from late survey returns.")
    rows = [
        ["Indicator", "Unit", "2022", "2023", "2025"],
        ["Renewable share of electricity", "%", "41.5", "46.4", "60"],
        ["Final energy consumption", "PJ", "1,812", "1,774", "1,650"],
        ["Greenhouse gas emissions", "Mt", "388.1", "371.6", "300"],
        ["Energy intensity of GDP", "TJ/m", "4.02", "3.87", ""],
    ]
    y = HEIGHT - 100
    for i, row in enumerate(rows):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 10)
        c.drawString(58, y, row[0])
        c.drawString(270, y, row[1])
        for x, cell in zip((402, 470, 537), row[2:], strict=True):
            c.drawRightString(x, y, cell)
        y -= 14.6
    c.setFont("Helvetica", 10)
    c.drawString(57, y, "Source: Energy Balance 2023; targets from the National Energy Plan.")
    y -= 22
    c.setFont("Helvetica-Bold", 12)
    c.drawString(57, y, "4.2.1 Electricity")
    c.drawString(307, y, "4.2.2 Heat")
    y -= 20
    c.setFont("Helvetica", 10)
    for left, right in zip(ENERGY_LEFT, ENERGY_RIGHT, strict=True):
        c.drawString(57, y, left)
        c.drawString(307, y, right)
        y -= 13.4
    c.save()

    # when
    result = convert(path)

    # then: each column's heading, then its paragraph whole
    texts = [b.text for b in result.blocks if b.kind != "table"]
    assert texts[-4:] == ["4.2.1 Electricity", " ".join(ENERGY_LEFT), "4.2.2 Heat", " ".join(ENERGY_RIGHT)]


def test_given_columns_under_a_title_that_open_with_lines_alone_on_their_rows_then_they_are_read_in_turn(
    tmp_path: Path,
) -> None:
    # given: a full-width title and a centred subtitle over two columns whose first rows
    # stand alone: the right column opens with the end of a sentence carried over
    # ("part.") beside the left column's larger heading, then a bulleted list at its own
    # pitch beside the left column's paragraph, so no row shows the gutter by itself
    path = tmp_path / "opening.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(72, 720, "Evaluation of the Rural Transport Pilot")
    c.setFont("Helvetica", 11)
    c.drawCentredString(WIDTH / 2, 690, "Interim findings, second year")
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 655, "1. Background")
    left = simpleSplit(LEFT_TEXT, "Helvetica", 10, 216)
    c.setFont("Helvetica", 10)
    for i, line in enumerate(left):
        c.drawString(72, 632 - 14.5 * i, line)
    c.drawString(324, 660, "part.")
    items = ["older residents without a car", "students travelling to college", "shift workers at the plants"]
    for i, item in enumerate(items):
        c.drawString(327, 640 - 17 * i, "\u25aa " + item)
    right = simpleSplit(RIGHT_TEXT, "Helvetica", 10, 216)
    for i, line in enumerate(right):
        c.drawString(324, 580 - 14.5 * i, line)
    c.save()

    # when
    result = convert(path)

    # then: the left column whole, then the right one from its carried-over line on
    text = words(" ".join(b.text for b in result.blocks)).replace("\u25aa ", "")
    expected = [
        "Evaluation of the Rural Transport Pilot",
        "Interim findings, second year",
        "1. Background",
        LEFT_TEXT,
        "part.",
        *items,
        RIGHT_TEXT,
    ]
    assert text == words(" ".join(expected))

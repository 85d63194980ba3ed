"""Layout behaviours of the pdf-text engine, on PDFs built here with reportlab.

Each test reads: given a page drawn a certain way, when the engine converts it, then the
blocks come out in this order / of this kind. The layout functions are also exercised
directly with line boxes, the way an OCR engine will call them.
"""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from common.documents.results import PageResult
from worker.engines.base import PageError, PageInput
from worker.engines.layout import LayoutLine, layout_lines, spans_to_lines
from worker.engines.pdf_text import PdfTextEngine
from worker.engines.textlayer import extract_text_layer

WIDTH, HEIGHT = letter
LEFT_TEXT = (
    "Reading order matters for every consumer of a converted document. When two columns are "
    "interleaved line by line the text turns into nonsense, search snippets break, and language "
    "models lose the thread of the argument, so the columns must be recovered first."
)
RIGHT_TEXT = (
    "The right column continues with a second paragraph of ordinary prose. It is about gutters, "
    "the vertical strips of white space between columns, which a projection of the text boxes "
    "reveals even when the content stream was written row by row."
)


def _words(text: str) -> str:
    return " ".join(text.split())


def _convert(path: Path, page_no: int = 1) -> PageResult:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        layer = extract_text_layer(pdf[page_no - 1])
    finally:
        pdf.close()
    page = PageInput(page_no=page_no, width=layer.width, height=layer.height, text_layer=layer)
    [result] = PdfTextEngine().convert([page])
    assert not isinstance(result, PageError), result
    return result


def _two_column_pdf(path: Path, *, title: str | None = None, closing: str | None = None) -> Path:
    """Two columns of 10 pt prose, drawn ROW BY ROW: left line 1, right line 1, left line 2..."""
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    if title:
        c.setFont("Helvetica-Bold", 20)
        c.drawString(72, y, title)
        y -= 40
    left = simpleSplit(LEFT_TEXT, "Helvetica", 10, 216)
    right = simpleSplit(RIGHT_TEXT, "Helvetica", 10, 216)
    c.setFont("Helvetica", 10)
    for i in range(max(len(left), len(right))):
        if i < len(left):
            c.drawString(72, y, left[i])
        if i < len(right):
            c.drawString(324, y, right[i])
        y -= 13
    if closing:
        y -= 20
        for line in simpleSplit(closing, "Helvetica", 10, 468):
            c.drawString(72, y, line)
            y -= 13
    c.save()
    return path


@pytest.fixture
def two_column_pdf(tmp_path: Path) -> Path:
    return _two_column_pdf(tmp_path / "two-column.pdf")


@pytest.fixture
def report_pdf(tmp_path: Path) -> Path:
    """A title, a 16 pt (not bold) heading, two paragraphs split by a blank gap, a heading."""
    path = tmp_path / "report.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72

    def paragraph(text: str) -> None:
        nonlocal y
        c.setFont("Helvetica", 10)
        for line in simpleSplit(text, "Helvetica", 10, 468):
            c.drawString(72, y, line)
            y -= 13

    c.setFont("Helvetica-Bold", 24)
    c.drawString(72, y, "Quarterly Report")
    y -= 40
    c.setFont("Helvetica", 16)
    c.drawString(72, y, "Background")
    y -= 24
    paragraph(
        "The first paragraph explains the background of the report in a few plain sentences "
        "that wrap over more than one line of text on the page."
    )
    y -= 10
    paragraph(
        "The second paragraph follows after a blank gap and adds more detail, so the layout "
        "has to split the two paragraphs apart."
    )
    y -= 10
    c.setFont("Helvetica", 16)
    c.drawString(72, y, "Results")
    y -= 24
    paragraph("Results are summarised here in one short paragraph.")
    c.save()
    return path


INVOICE_ROWS = [
    ["Description", "Qty", "Unit price", "Amount"],
    ["Widget A", "2", "$10.00", "$20.00"],
    ["Gadget B", "1", "$45.50", "$45.50"],
    ["Service fee", "3", "$5.00", "$15.00"],
    ["Cable C", "10", "$1.25", "$12.50"],
]


@pytest.fixture
def invoice_pdf(tmp_path: Path) -> Path:
    """Invoice line items: a left-aligned description and right-aligned figures."""
    path = tmp_path / "invoice.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, y, "Invoice 2024-0117")
    y -= 30
    c.setFont("Helvetica", 10)
    c.drawString(72, y, "Billed to Example Corporation, 1 Main Street, Springfield.")
    y -= 30
    for i, (desc, qty, unit, amount) in enumerate(INVOICE_ROWS):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 10)
        c.drawString(72, y, desc)
        c.drawRightString(330, y, qty)
        c.drawRightString(430, y, unit)
        c.drawRightString(530, y, amount)
        y -= 16
    y -= 20
    c.setFont("Helvetica", 10)
    c.drawString(72, y, "Thank you for your business. Payment is due within thirty days.")
    c.save()
    return path


# --- (a) two columns written row by row ------------------------------------------------


def test_given_columns_interleaved_in_the_content_stream_then_pdfium_alone_reads_them_mixed(
    two_column_pdf: Path,
) -> None:
    # Guard for the next test: the PDF really is written row by row.
    pdf = pypdfium2.PdfDocument(str(two_column_pdf))
    raw = _words(pdf[0].get_textpage().get_text_range())
    pdf.close()
    assert not raw.startswith(_words(LEFT_TEXT))


def test_given_columns_written_row_by_row_when_converted_then_left_column_reads_before_right(
    two_column_pdf: Path,
) -> None:
    result = _convert(two_column_pdf)

    assert _words(result.text or "") == _words(LEFT_TEXT) + " " + _words(RIGHT_TEXT)


def test_given_two_columns_when_converted_then_each_column_is_one_paragraph_block(
    two_column_pdf: Path,
) -> None:
    result = _convert(two_column_pdf)

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

    result = _convert(path)

    assert [b.text for b in result.blocks] == [_words(LEFT_TEXT), _words(RIGHT_TEXT)]


# --- (b) title, headings, paragraphs ---------------------------------------------------


def test_given_largest_text_at_top_of_page_one_then_it_is_the_title(report_pdf: Path) -> None:
    result = _convert(report_pdf)

    assert result.blocks[0].kind == "title"
    assert result.blocks[0].text == "Quarterly Report"


def test_given_same_text_on_a_later_page_then_it_is_a_heading_not_a_title(report_pdf: Path) -> None:
    pdf = pypdfium2.PdfDocument(str(report_pdf))
    layer = extract_text_layer(pdf[0])
    pdf.close()

    [result] = PdfTextEngine().convert([PageInput(page_no=2, width=612, height=792, text_layer=layer)])

    assert isinstance(result, PageResult)
    assert "title" not in [b.kind for b in result.blocks]


def test_given_larger_plain_font_line_then_it_is_a_section_header(report_pdf: Path) -> None:
    result = _convert(report_pdf)

    headers = [b for b in result.blocks if b.kind == "section_header"]
    assert [(h.text, h.level) for h in headers] == [("Background", 1), ("Results", 1)]


def test_given_blank_gap_between_paragraphs_then_they_are_separate_blocks(report_pdf: Path) -> None:
    result = _convert(report_pdf)

    kinds = [b.kind for b in result.blocks]
    assert kinds == ["title", "section_header", "paragraph", "paragraph", "section_header", "paragraph"]
    first, second = result.blocks[2], result.blocks[3]
    assert first.text.startswith("The first paragraph") and first.text.endswith("on the page.")
    assert second.text.startswith("The second paragraph") and len(second.lines) == 2


def test_given_report_when_rendered_to_markdown_then_headings_are_marked(report_pdf: Path) -> None:
    result = _convert(report_pdf)

    assert (result.markdown or "").startswith("# Quarterly Report\n\n## Background\n\nThe first paragraph")


def test_given_word_hyphenated_at_line_end_then_the_paragraph_joins_it(tmp_path: Path) -> None:
    path = tmp_path / "hyphen.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "Trade across borders is called inter-")
    c.drawString(72, 687, "national trade in most textbooks.")
    c.save()

    result = _convert(path)

    assert [b.text for b in result.blocks] == [
        "Trade across borders is called international trade in most textbooks."
    ]


# --- (c) a simple table ----------------------------------------------------------------


def test_given_aligned_line_items_then_they_form_a_table_with_their_cells(invoice_pdf: Path) -> None:
    result = _convert(invoice_pdf)

    tables = [b for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows == INVOICE_ROWS
    assert tables[0].text.startswith("| Description | Qty | Unit price | Amount |\n|---|---|---|---|")


def test_given_text_around_a_table_then_it_stays_outside_the_table_in_order(invoice_pdf: Path) -> None:
    result = _convert(invoice_pdf)

    assert [b.kind for b in result.blocks] == ["title", "paragraph", "table", "paragraph"]
    assert result.blocks[-1].text.startswith("Thank you")


def test_given_totals_whose_amounts_reach_across_two_columns_then_the_columns_stay_apart(
    tmp_path: Path,
) -> None:
    # The amounts of the totals ("1,395.00 EUR") are wider than the gutter between the
    # unit price and amount columns: they must not merge those columns in every row.
    path = tmp_path / "totals.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    for i, (desc, qty, unit, amount) in enumerate(TOTALS_ROWS):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 10)
        c.drawString(72, y, desc)
        c.drawRightString(330, y, qty)
        c.drawRightString(470, y, unit)
        c.drawRightString(530, y, amount)
        y -= 16
    y -= 8
    c.setFont("Helvetica", 10)
    for label, amount in (
        ("Subtotal:", "1,395.00 EUR"),
        ("VAT 20%:", "279.00 EUR"),
        ("Total due:", "1,674.00 EUR"),
    ):
        c.drawString(360, y, label)
        c.drawRightString(530, y, amount)
        y -= 16
    c.save()

    result = _convert(path)

    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows is not None
    assert table.rows[: len(TOTALS_ROWS)] == TOTALS_ROWS
    assert [row[-1] for row in table.rows[len(TOTALS_ROWS) :]] == [
        "1,395.00 EUR",
        "279.00 EUR",
        "1,674.00 EUR",
    ]


TOTALS_ROWS = [
    ["Description", "Qty", "Unit price", "Amount"],
    ["Consulting, senior", "12", "95.00", "1,140.00"],
    ["Travel allowance", "3", "40.00", "120.00"],
    ["Report printing", "20", "4.50", "90.00"],
    ["Archive boxes", "5", "9.00", "45.00"],
]


# --- (d) full-width content around columns ---------------------------------------------


def test_given_full_width_title_and_closing_note_then_they_frame_the_columns(tmp_path: Path) -> None:
    closing = "This closing note spans the full width of the page below both columns and comes last."
    path = _two_column_pdf(tmp_path / "framed.pdf", title="Columns Under a Title", closing=closing)

    result = _convert(path)

    assert [b.text for b in result.blocks] == [
        "Columns Under a Title",
        _words(LEFT_TEXT),
        _words(RIGHT_TEXT),
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

    result = _convert(path)

    assert [b.kind for b in result.blocks] == ["paragraph", "paragraph", "table", "paragraph", "paragraph"]
    assert [result.blocks[i].text for i in (0, 1, 3, 4)] == [
        _words(LEFT_TEXT),
        _words(RIGHT_TEXT),
        below_left,
        below_right,
    ]
    assert result.blocks[2].rows == table


# --- lists -----------------------------------------------------------------------------


def test_given_bullets_set_apart_from_their_text_then_each_is_one_list_item(tmp_path: Path) -> None:
    path = tmp_path / "list.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "Before you start, check the following:")
    y = 684.0
    items = [
        "The power cable is connected to a grounded outlet.",
        "The device is switched off and has cooled down for at least ten minutes before you open it.",
        "You have the tools.",
    ]
    for item in items:
        c.drawString(80, y, "•")  # a tab stop away from the text: its own fragment
        for line in simpleSplit(item, "Helvetica", 10, 300):
            c.drawString(94, y, line)
            y -= 13
    c.save()

    result = _convert(path)

    assert [b.kind for b in result.blocks] == ["paragraph", "list_item", "list_item", "list_item"]
    assert [b.text for b in result.blocks[1:]] == [f"• {item}" for item in items]


# --- the layout layer on its own (as an OCR engine calls it) ---------------------------


def _line(text: str, x0: float, top: float, x1: float, height: float = 12.0) -> LayoutLine:
    return LayoutLine(text=text, bbox=(x0, top, x1, top + height))


def test_given_ocr_lines_of_two_columns_sorted_top_down_then_columns_are_read_in_turn() -> None:
    # OCR returns lines sorted top to bottom, so the columns arrive interleaved.
    lines = []
    for i in range(6):
        top = 100 + i * 14
        lines.append(_line(f"left column sentence number {i} goes on here", 50, top, 280))
        lines.append(_line(f"right column sentence number {i} goes on here", 320, top, 560))

    blocks = layout_lines(lines, 612, 792)

    text = " ".join(b.text for b in blocks)
    assert text.index("left column sentence number 5") < text.index("right column sentence number 0")


def test_given_enumerated_lines_then_each_is_a_list_item() -> None:
    lines = [
        _line("Steps:", 50, 100, 90),
        _line("1. Open the cover.", 50, 114, 160),
        _line("2. Remove the filter.", 50, 128, 170),
        _line("(a) rinse it", 50, 142, 120),
    ]

    blocks = layout_lines(lines, 612, 792)

    assert [b.kind for b in blocks] == ["paragraph", "list_item", "list_item", "list_item"]


def test_given_page_number_in_the_bottom_margin_then_it_is_a_page_footer() -> None:
    lines = [_line(f"body text line {i} of the page", 50, 100 + 14 * i, 300) for i in range(5)]
    lines.append(_line("Page 3 of 9", 280, 760, 330))

    blocks = layout_lines(lines, 612, 792)

    assert blocks[-1].kind == "page_footer" and blocks[-1].text == "Page 3 of 9"


def test_given_arbitrary_overlapping_lines_then_every_line_comes_out_exactly_once() -> None:
    # Property check on random layouts (fixed seed): whatever the layout decides, it must
    # never drop or duplicate text.
    rng = random.Random(7)
    vocabulary = ["alpha", "1.", "•", "$4.00", "Total:", "x", "42", "Page 2 of 3", "-", "a)"]
    for _ in range(300):
        lines = []
        for k in range(rng.randint(1, 40)):
            x0, top = rng.uniform(0, 550), rng.uniform(0, 780)
            words = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 5)))
            box = (x0, top, x0 + rng.uniform(1, 300), top + rng.choice([0, 8, 10, 12, 30]))
            lines.append(
                LayoutLine(f"{words} #{k}", box, size=rng.choice([None, 8, 10, 24]), bold=rng.random() < 0.2)
            )

        blocks = layout_lines(lines, 612, 792)

        tags = sorted(tok for b in blocks for ln in b.lines for tok in ln.text.split() if tok.startswith("#"))
        assert tags == sorted(f"#{k}" for k in range(len(lines)))


def test_given_string_drawn_twice_for_fake_bold_then_it_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "fake-bold.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "Overview")
    c.drawString(72.4, 700, "Overview")  # the same text again, nudged: poor man's bold
    c.drawString(72, 680, "Body text follows the fake bold heading on this page.")
    c.save()
    pdf = pypdfium2.PdfDocument(str(path))
    layer = extract_text_layer(pdf[0])
    pdf.close()

    lines = spans_to_lines(layer.spans)

    # (pdfium already drops the overlapping copy; the layout would too.)
    assert [ln.text for ln in lines] == ["Overview", "Body text follows the fake bold heading on this page."]


def test_given_no_lines_then_no_blocks() -> None:
    assert layout_lines([LayoutLine(text="  ", bbox=(0, 0, 1, 1))], 612, 792) == []


def test_given_chars_of_two_words_far_apart_then_spans_to_lines_keeps_them_apart(tmp_path: Path) -> None:
    path = tmp_path / "gap.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 700, "near words")
    c.drawString(300, 700, "far")  # a gutter's width away, same baseline
    c.save()
    pdf = pypdfium2.PdfDocument(str(path))
    layer = extract_text_layer(pdf[0])
    pdf.close()

    lines = spans_to_lines(layer.spans)

    assert [ln.text for ln in lines] == ["near words", "far"]
    assert lines[0].size == pytest.approx(10, abs=0.01)


def test_a_line_is_cut_where_its_words_span_two_cells() -> None:
    from common.documents.results import Word
    from worker.engines.layout import LayoutLine
    from worker.engines.layout.rows import split_at_gaps

    def line(*words: tuple[str, float, float]) -> LayoutLine:
        ws = [Word(t, (x0, 100, x1, 110)) for t, x0, x1 in words]
        return LayoutLine(
            " ".join(t for t, _, _ in words), (ws[0].bbox[0], 100, ws[-1].bbox[2], 110), size=10, words=ws
        )

    # two right-aligned amounts 7 pt (0.7 em) apart: two cells
    assert [p.text for p in split_at_gaps(line(("374.41", 440, 475), ("3,369.69", 482, 525)))] == [
        "374.41",
        "3,369.69",
    ]
    # a thousands space inside one amount (2.5 pt) stays
    assert [p.text for p in split_at_gaps(line(("1", 440, 445), ("234,56", 447.5, 475)))] == ["1 234,56"]
    # words 0.7 em apart are still one phrase
    assert [p.text for p in split_at_gaps(line(("Total", 300, 325), ("due", 332, 350)))] == ["Total due"]
    # an OCR line box running across a 2 em gutter becomes two lines, each with its words and box
    left, right = split_at_gaps(
        line(("end", 100, 130), ("of", 133, 143), ("column", 170, 210), ("two", 213, 230))
    )
    assert (left.text, right.text) == ("end of", "column two")
    assert left.bbox == (100, 100, 143, 110) and [w.text for w in right.words] == ["column", "two"]

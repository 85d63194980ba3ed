"""A form's print that looks like a heading and heads nothing
(worker/engines/layout/label_heads.py): a lone function word between two fields, a label
that points at its blank, a label over a field's boxes, a row of labels side by side, and
a label with its value on one large line; a form's numbered part stays a heading."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from tests.layout_pages import convert
from worker.engines.layout.label_heads import connector

WIDTH, HEIGHT = letter
_DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
BODY = [
    "Enter your taxpayer identification number in the appropriate box. The number you give",
    "must match the name on line one to avoid backup withholding by the payer of the income.",
]


@contextmanager
def _page(path: Path) -> Iterator[canvas.Canvas]:
    """A letter page to draw on, saved to ``path`` when the block ends."""
    c = canvas.Canvas(str(path), pagesize=letter)
    yield c
    c.save()


def _headings(path: Path) -> list[str]:
    return [b.text for b in convert(path).blocks if b.kind in ("section_header", "title")]


def _body(c: canvas.Canvas, y: float, x: float = 57) -> float:
    c.setFont("Helvetica", 9)
    for line in BODY:
        c.drawString(x, y, line)
        y -= 12
    return y


def _section(c: canvas.Canvas, y: float, title: str = "Remarks") -> None:
    # A real section: a bold title over running text, which it heads.
    c.setFont("Helvetica-Bold", 12)
    c.drawString(57, y, title)
    _body(c, y - 14)


def _comb(c: canvas.Canvas, x: float, top: float, cells: int, width: float = 14) -> None:
    # A field's boxes, their top at ``top`` (PDF units, up from the foot): cells a line
    # high, side by side, drawn as a form draws them.
    c.setLineWidth(0.5)
    c.line(x, top, x + width * cells, top)
    c.line(x, top - 18, x + width * cells, top - 18)
    for k in range(cells + 1):
        c.line(x + width * k, top, x + width * k, top - 18)


def test_given_a_lone_or_between_two_fields_then_it_is_no_heading(tmp_path: Path) -> None:
    # given: a form's two alternatives, the first label over running text, then a bold
    # "or" alone on its line, then the second label, then a section over text
    path = tmp_path / "or.pdf"
    with _page(path) as c:
        y = _body(c, HEIGHT - 80)
        c.setFont("Helvetica-Bold", 9)
        c.drawString(57, y - 14, "or")
        _body(c, y - 32)
        _section(c, y - 100)

    # when / then: only the section heads
    assert _headings(path) == ["Remarks"]


def test_given_a_label_that_points_at_its_blank_then_it_is_no_heading(tmp_path: Path) -> None:
    # given: running text, then a bold "Signature of U.S. person ▶" over the line to sign
    # on, then a section over text
    path = tmp_path / "sign.pdf"
    with _page(path) as c:
        y = _body(c, HEIGHT - 80)
        # (a font that holds the arrow, as the forms' fonts do)
        pdfmetrics.registerFont(TTFont("DejaVuBold", str(_DEJAVU_BOLD)))
        c.setFont("DejaVuBold", 8)
        c.drawString(57, y - 16, "Signature of U.S. person \u25b6")
        c.line(170, y - 18, 500, y - 18)
        _section(c, y - 70)

    # when / then
    assert "Remarks" in _headings(path)
    assert not any(h.startswith("Signature") for h in _headings(path))


def test_given_a_label_over_a_comb_of_boxes_then_it_is_no_heading_and_the_part_is(tmp_path: Path) -> None:
    # given: a form's numbered part (a bold title over a full rule and running text), in
    # it a bold label with the boxes of a number right under it
    path = tmp_path / "comb.pdf"
    with _page(path) as c:
        c.setFont("Helvetica-Bold", 10)
        c.drawString(57, HEIGHT - 80, "Part II Certification")
        c.setLineWidth(1)
        c.line(50, HEIGHT - 84, WIDTH - 50, HEIGHT - 84)
        y = _body(c, HEIGHT - 100)
        c.setFont("Helvetica-Bold", 9)
        c.drawString(330, y - 14, "Employer identification number")
        _comb(c, 326, y - 17, 9)
        _body(c, y - 60)

    # when / then: the part heads its text; the label names the boxes' content
    assert _headings(path) == ["Part II Certification"]


def test_given_a_row_of_labels_side_by_side_then_it_is_no_heading(tmp_path: Path) -> None:
    # given: one row of short bold labels far apart, each over its box, then a section
    path = tmp_path / "row.pdf"
    with _page(path) as c:
        y = _body(c, HEIGHT - 80)
        c.setFont("Helvetica-Bold", 9)
        c.drawString(57, y - 14, "Name")
        c.drawString(170, y - 14, "Date of birth")
        c.drawString(300, y - 14, "Phone")
        c.drawString(420, y - 14, "Signature")
        for x in (57, 170, 300, 420):
            _comb(c, x - 2, y - 17, 1, width=100)
        _section(c, y - 80)

    # when / then
    assert _headings(path) == ["Remarks"]


def test_given_a_large_label_and_its_date_on_one_line_then_it_is_no_heading(tmp_path: Path) -> None:
    # given: a report's title, running text in a large print, then "Date 8/30/2023." in
    # that print made bold, then a section
    path = tmp_path / "date.pdf"
    with _page(path) as c:
        c.setFont("Helvetica", 28)
        c.drawString(200, HEIGHT - 90, "Medical Report")
        c.setFont("Helvetica", 11)
        c.drawString(
            57, HEIGHT - 140, "The patient was seen in the emergency department after a fall at home."
        )
        c.drawString(57, HEIGHT - 154, "Report signed off by the attending physician of the department.")
        c.setFont("Helvetica-Bold", 15)
        c.drawString(57, HEIGHT - 190, "Date 8/30/2023.")
        c.setFont("Helvetica-Bold", 15)
        c.drawString(57, HEIGHT - 240, "Findings")
        c.setFont("Helvetica", 11)
        c.drawString(
            57, HEIGHT - 258, "No fracture was found on the chest scan; the patient went home the same day."
        )

    # when / then: the title and the section; the dated line is a field
    assert _headings(path) == ["Medical Report", "Findings"]


def test_given_labels_stacked_each_beside_its_empty_box_then_none_is_a_heading(tmp_path: Path) -> None:
    # given: a registration form in large print: "Surname", "First name", "Position",
    # one under another, each with the empty box to write in beside it; then a section
    path = tmp_path / "stack.pdf"
    with _page(path) as c:
        y = HEIGHT - 100
        for label in ("Surname", "First name", "Position"):
            c.setFont("Helvetica", 12)
            c.drawString(57, y, label)
            c.setLineWidth(0.5)
            c.rect(200, y - 6, 340, 20)
            y -= 26
        _section(c, y - 40)

    # when / then: the stack is the form's labels; the section heads its text
    assert _headings(path) == ["Remarks"]


def test_given_a_title_right_over_a_ruled_table_then_it_stays_a_heading(tmp_path: Path) -> None:
    # given: a bold title, then right under it a table whose head's cells are drawn (as
    # a field's boxes are), filled with text, its rows under a rule each
    path = tmp_path / "table.pdf"
    with _page(path) as c:
        _body(c, HEIGHT - 60)
        c.setFont("Helvetica-Bold", 12)
        c.drawString(57, HEIGHT - 110, "Opening hours of our branch offices")
        top = HEIGHT - 116
        rows = (("Day", "Opens", "Closes"), ("Monday", "09:00", "17:00"), ("Tuesday", "09:00", "19:00"))
        c.setLineWidth(0.5)
        for k, cells in enumerate(rows):
            c.setFont("Helvetica-Bold" if k == 0 else "Helvetica", 9)
            for j, text in enumerate(cells):
                if k == 0:
                    c.rect(57 + 120 * j, top - 16, 120, 16)
                else:
                    c.line(57, top - 16 * (k + 1), 417, top - 16 * (k + 1))
                c.drawString(61 + 120 * j, top - 16 * (k + 1) + 5, text)

    # when / then
    assert "Opening hours of our branch offices" in _headings(path)


def test_given_a_caption_over_a_table_with_a_side_drawn_twice_then_it_stays_a_heading(tmp_path: Path) -> None:
    # given: a bold caption narrower than the table's first column, right over the table;
    # the column's left side is stroked twice (a border over a cell's fill), the cells
    # hold text
    path = tmp_path / "caption.pdf"
    with _page(path) as c:
        _body(c, HEIGHT - 60)
        c.setFont("Helvetica-Bold", 9)
        c.drawString(57, HEIGHT - 110, "Table 4.6 Selected requirements")
        top = HEIGHT - 116
        c.setLineWidth(0.5)
        for k, (left, right) in enumerate((("Requirement", "Ratio"), ("Common equity", "Min. 8.5%"))):
            y = top - 22 * (k + 1)
            c.rect(57, y, 300, 22)
            c.rect(357, y, 120, 22)
            c.line(57.4, y, 57.4, y + 22)
            c.setFont("Helvetica-Bold" if k == 0 else "Helvetica", 9)
            c.drawString(200, y + 8, left)
            c.drawString(362, y + 8, right)

    # when / then
    assert "Table 4.6 Selected requirements" in _headings(path)


def test_given_a_title_beside_a_framed_barcode_then_it_stays_a_heading(tmp_path: Path) -> None:
    # given: a voucher's bold title, and further along its row a barcode in its frame:
    # bars a couple of points apart, no text between them
    path = tmp_path / "barcode.pdf"
    with _page(path) as c:
        c.setFont("Helvetica-Bold", 12)
        c.drawString(50, HEIGHT - 45, "Form ND-1V Electronic Return Payment Voucher")
        c.setLineWidth(0.5)
        c.rect(454, HEIGHT - 52, 108, 21)
        for k in range(40):
            c.setLineWidth(1 + k % 3)
            c.line(464 + 2.3 * k, HEIGHT - 52, 464 + 2.3 * k, HEIGHT - 31)
        _body(c, HEIGHT - 80)
        _section(c, HEIGHT - 130)

    # when / then
    assert _headings(path)[0] == "Form ND-1V Electronic Return Payment Voucher"


def test_given_connectors_and_lettered_sections_then_only_the_connectors_head_nothing() -> None:
    # given: function words alone in several languages, and a section's letter alone
    words = ("or", "OR", "and", "y", "und", "ou", "oder")
    letters = ("A.", "E.", "Y.", "O")

    # when / then: a connector heads nothing; a section's letter may head its section
    assert all(connector(w) for w in words)
    assert not any(connector(w) for w in letters)


def test_given_a_large_label_and_its_amount_in_forints_on_one_line_then_it_is_no_heading(
    tmp_path: Path,
) -> None:
    # given: an invoice's title, running text, then "Total 1.234,56 Ft" in a large bold
    # print (a currency word that patterns.CURRENCY_RE knows; label_heads' own copy did not),
    # then a section
    path = tmp_path / "forints.pdf"
    with _page(path) as c:
        c.setFont("Helvetica", 28)
        c.drawString(230, HEIGHT - 90, "Invoice")
        c.setFont("Helvetica", 11)
        c.drawString(57, HEIGHT - 140, "The goods were delivered to the buyer's warehouse in the first week.")
        c.drawString(57, HEIGHT - 154, "Payment is due within thirty days of the date on this invoice.")
        c.setFont("Helvetica-Bold", 15)
        c.drawString(57, HEIGHT - 190, "Total 1.234,56 Ft")
        c.drawString(57, HEIGHT - 240, "Terms")
        c.setFont("Helvetica", 11)
        c.drawString(
            57, HEIGHT - 258, "Goods remain the seller's property until the invoice is paid in full."
        )

    # when / then: the title and the section; the total's line is a field
    assert _headings(path) == ["Invoice", "Terms"]

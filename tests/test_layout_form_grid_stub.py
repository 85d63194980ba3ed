"""A form drawn as one ruled grid with a stub column at its left
(worker/engines/layout/grid_sections.py, stub_columns.py): a header row of the form's id
("Form X-1", its department and agency), a wide cell of its title and instructions, and a
cell of its OMB number and year; then step bands, each a stub cell at the left spanning
several rows with the step's label ("Step 1: Enter Personal Information") beside rows of
field labels, a note cell spanning two of them, and a row of checkbox options; a band of
sentences; a band of sentences with their amounts' boxes. The grid's columns change
under the header, so it is cut into sections; read as page text, the stub's lines are a
narrow column that the reader took last (the form's id at the end of its header, the
step's label after its fields), and read as a table, the stub is a first column blank on
every row but one.

Drawn three ways: framed; with open sides, as a tax form is (its rules across run out to
the grid's sides, no rule at its sides nor over its header: the stub and the header's
side cells lie outside its column rules); and with the stub's rule left out beside the
sentences (their labels set apart by blank space only). The checkboxes are drawn as
square paths, or as four rules each.

A reader reads the grid row by row from the top, and in a band the stub's label first,
then the cells at its right row by row; a cell's wrapped lines are one paragraph, and
each checkbox option an item of its own. A table whose first column spans rows (a region
beside its cities) is no form: it stays a table.

The tests read: given such a grid drawn on a page, when the page is laid out, then its
text comes in the grid's reading order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

WIDTH, HEIGHT = letter
LEFT, STUB, MID, RIGHT = 54.0, 140.0, 460.0, 558.0
HSTUB, HMID = 152.0, 475.0  # the header's cell edges: not the bands'
SIZE, PITCH = 9.0, 11.0
NOTE = ["Does your name match the", "name on your social security", "card? If not, call the agency."]
AMOUNTS = [
    "Multiply the number of qualifying children under age 17 by $2,000",
    "Multiply the number of other dependents by $500",
    "Add the amounts above and enter the total here",
]
OPTIONS = [
    "Single or Married filing separately",
    "Married filing jointly or Qualifying surviving spouse",
    "Head of household (Check only if you're unmarried)",
]


def _draw(path: Path, *, sides: bool = True, stub_rules: bool = True, ruled_boxes: bool = False) -> Path:
    """The form's grid: a header row, the Step 1 band (a stub beside four rows of
    fields, a note cell over two of them), a full-width row, the Step 2 band.
    ``sides``: the grid's frame is drawn round it; without, only the rules across run
    out to its sides, and the header's cells have no rule over them (a tax form's open
    frame). ``stub_rules``: the Step 2 band draws its stub's rule; without, its label
    is set apart from its text by blank space only. ``ruled_boxes``: the checkboxes are
    drawn as four rules each, not as square paths."""

    c = canvas.Canvas(str(path), pagesize=letter)
    c.setLineWidth(0.5)

    def text(x, top, lines, bold=False, size=SIZE):
        c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        for k, t in enumerate(lines):
            c.drawString(x, HEIGHT - top - 4 - size - PITCH * k, t)

    def h(y, x0=LEFT, x1=RIGHT):
        c.line(x0, HEIGHT - y, x1, HEIGHT - y)

    def v(x, y0, y1):
        if sides or x not in (LEFT, RIGHT):
            c.line(x, HEIGHT - y0, x, HEIGHT - y1)

    def box(x, y, side):
        if ruled_boxes:
            for x0, y0, x1, y1 in ((0, 0, 1, 0), (0, 1, 1, 1), (0, 0, 0, 1), (1, 0, 1, 1)):
                c.line(x + side * x0, y + side * y0, x + side * x1, y + side * y1)
        else:
            c.rect(x, y, side, side)

    top = 60.0
    # header row
    hh = 60.0
    if sides:
        h(top)
    v(LEFT, top, top + hh)
    v(HSTUB, top, top + hh)
    v(HMID, top, top + hh)
    v(RIGHT, top, top + hh)
    text(LEFT + 4, top, ["Form X-1"], bold=True, size=12)
    text(LEFT + 4, top + 14, ["Department of the Interior", "Agency of Records"], size=7)
    text(HSTUB + 6, top, ["Employee's Withholding Certificate"], bold=True, size=12)
    text(
        HSTUB + 6,
        top + 16,
        ["Complete Form X-1 so that your employer can withhold", "the correct amount from your pay."],
        size=8,
    )
    text(HMID + 6, top, ["OMB No. 1545-0074"], size=8)
    text(HMID + 6, top + 16, ["2026"], bold=True, size=14)
    top += hh
    h(top)
    # step band
    band_top = top
    rows = [26.0, 26.0, 26.0, 40.0]
    ys = [band_top]
    for r in rows:
        ys.append(ys[-1] + r)
    h(ys[1], STUB, RIGHT)
    h(ys[3], STUB, RIGHT)
    h(ys[-1])
    v(LEFT, ys[0], ys[-1])
    v(STUB, ys[0], ys[-1])
    v(RIGHT, ys[0], ys[-1])
    text(LEFT + 4, band_top, ["Step 1:"], bold=True, size=10)
    text(LEFT + 4, band_top + 14, ["Enter", "Personal", "Information"], bold=True, size=10)
    # row 1
    v(300, ys[0], ys[1])
    v(MID, ys[0], ys[1])
    text(STUB + 4, ys[0], ["(a) First name and middle initial"], size=7)
    text(300 + 4, ys[0], ["Last name"], size=7)
    text(MID + 4, ys[0], ["(b) Social security number"], size=7)
    # row 2, 3: note cell spans rows 2-3 at right
    h(ys[2], STUB, MID)
    v(MID, ys[1], ys[3])
    text(STUB + 4, ys[1], ["Address"], size=7)
    text(STUB + 4, ys[2], ["City or town, state, and ZIP code"], size=7)
    text(MID + 4, ys[1], NOTE, size=7)
    # row 4 checkboxes
    text(STUB + 4, ys[3], ["(c)"], bold=True, size=8)
    for k, opt in enumerate(OPTIONS):
        yb = HEIGHT - ys[3] - 4 - 8 - PITCH * k
        box(STUB + 22, yb, 7)
        c.setFont("Helvetica", 8)
        c.drawString(STUB + 34, yb, opt)
    top = ys[-1]
    # full-width instruction row
    text(
        LEFT + 4,
        top,
        ["Complete Steps 2 through 4 only if they apply to you; otherwise, skip to Step 5."],
        size=8,
    )
    top += 20
    h(top)
    v(LEFT, ys[-1], top)
    v(RIGHT, ys[-1], top)
    # step 2 band: stub + one wide cell of text
    b2 = top
    text(LEFT + 4, b2, ["Step 2:"], bold=True, size=10)
    text(LEFT + 4, b2 + 14, ["Multiple Jobs", "or Spouse", "Works"], bold=True, size=10)
    text(
        STUB + 4,
        b2,
        [
            "Complete this step if you hold more than one job at a time, or are married filing",
            "jointly and your spouse also works. The correct amount of withholding depends on",
            "income earned from all of these jobs.",
        ],
        size=8,
    )
    top += 50
    h(top)
    v(LEFT, b2, top)
    if stub_rules:
        v(STUB, b2, top)
    v(RIGHT, b2, top)
    # step 3 band: stub + sentences, each with its amount's box in a ruled column
    b3 = top
    text(LEFT + 4, b3, ["Step 3:"], bold=True, size=10)
    text(LEFT + 4, b3 + 14, ["Claim", "Dependents"], bold=True, size=10)
    for k, sentence in enumerate(AMOUNTS):
        text(STUB + 4, b3 + 18 * k, [sentence], size=8)
        text(MID + 4, b3 + 18 * k, ["$"], size=8)
        if k:
            h(b3 + 18 * k, MID, RIGHT)
    top += 18 * len(AMOUNTS)
    h(top)
    for x in (LEFT, *((STUB,) if stub_rules else ()), MID, RIGHT):
        v(x, b3, top)
    c.save()
    return path


def _texts(path: Path, **drawn: Any) -> list[str]:
    page = convert(_draw(path, **drawn))
    return [words(b.text) for b in page.blocks]


# The grid drawn framed; with open sides (a tax form draws only its rules across out to
# the grid's sides, no rule over its header); and with the stub's rule left out beside
# the sentences of Steps 2 and 3, their labels set apart by blank space only.
FRAMED: dict[str, Any] = {}
OPEN = {"sides": False}
BARE_STUB = {"stub_rules": False}
DRAWN = pytest.mark.parametrize("drawn", [FRAMED, OPEN, BARE_STUB], ids=["framed", "open-sides", "bare-stub"])


@DRAWN
def test_given_a_form_grid_with_a_stub_column_then_the_header_reads_left_to_right(
    tmp_path: Path, drawn: dict[str, Any]
) -> None:
    # Given a form's grid whose header row holds its id, its title, its OMB number
    texts = _texts(tmp_path / "form.pdf", **drawn)
    # When it is read
    text = " ".join(texts)
    # Then the form's id comes first, then the title, then the OMB number and year
    head = "Form X-1 Department of the Interior Agency of Records Employee's Withholding Certificate"
    assert text.startswith(head), texts
    assert text.index("Employee's Withholding") < text.index("OMB No. 1545-0074 2026") < text.index("Step 1:")


@DRAWN
def test_given_a_form_grid_with_a_stub_column_then_each_step_label_comes_before_its_fields(
    tmp_path: Path, drawn: dict[str, Any]
) -> None:
    # Given a form's grid of step bands, each a stub's label beside rows of fields,
    # sentences, or sentences with their amounts' boxes
    texts = _texts(tmp_path / "form.pdf", **drawn)
    # When it is read
    text = " ".join(texts)
    # Then each band reads its stub's label first, then its cells row by row
    order = [
        "Step 1: Enter Personal Information",
        "(a) First name and middle initial",
        "Last name",
        "(b) Social security number",
        "Address",
        " ".join(NOTE),
        "City or town, state, and ZIP code",
        "(c)",
        OPTIONS[0],
        OPTIONS[2],
        "Complete Steps 2 through 4",
        "Step 2: Multiple Jobs or Spouse Works",
        "Complete this step if you hold",
        "income earned from all of these jobs.",
        "Step 3: Claim Dependents",
        AMOUNTS[0],
    ]
    at = [text.find(part) for part in order]
    assert -1 not in at and at == sorted(at), (at, texts)


@DRAWN
def test_given_a_form_grid_with_a_stub_column_then_it_is_no_table_and_its_note_one_paragraph(
    tmp_path: Path, drawn: dict[str, Any]
) -> None:
    # Given a form's grid of step bands, its note cell's lines wrapped
    page = convert(_draw(tmp_path / "form.pdf", **drawn))
    # When it is read
    kinds = {words(b.text): b.kind for b in page.blocks}
    # Then no table stands for the bands, and the note is one paragraph, no heading
    assert "table" not in kinds.values(), kinds
    assert kinds.get(" ".join(NOTE)) == "paragraph", kinds


@pytest.mark.parametrize(
    "drawn",
    [FRAMED, OPEN, {"ruled_boxes": True}, {"sides": False, "ruled_boxes": True}],
    ids=["framed", "open-sides", "ruled-boxes", "open-sides-ruled-boxes"],
)
def test_given_a_form_grid_with_a_stub_column_then_its_checkbox_lines_are_checkbox_items(
    tmp_path: Path, drawn: dict[str, Any]
) -> None:
    # Given a form's grid whose field row holds checkbox options, each a drawn square
    # (one path, or four rules) before its text
    page = convert(_draw(tmp_path / "form.pdf", **drawn))
    # When it is read
    items = [(words(b.text), b.checked) for b in page.blocks if b.kind == "list_item"]
    # Then each option is an unticked checkbox item of its own, in order
    assert items == [(opt, False) for opt in OPTIONS], [(b.kind, words(b.text)) for b in page.blocks]


def _draw_grouped_table(path: Path) -> Path:
    """A ruled table whose first column spans rows: each region beside its cities' rows,
    a rule across the whole table under each region, under a header row."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setLineWidth(0.5)
    xs = [LEFT, 150.0, 350.0, RIGHT]
    groups = [
        ("Region", [("City", "Sales")]),
        ("North", [("Aberdeen", "120"), ("Bergen", "95"), ("Cork", "80")]),
    ]
    groups.append(("South", [("Dover", "60"), ("Exeter", "75")]))
    top = 100.0
    c.setFont("Helvetica", SIZE)
    for label, rows in groups:
        c.line(LEFT, HEIGHT - top, RIGHT, HEIGHT - top)
        c.drawString(LEFT + 4, HEIGHT - top - 4 - SIZE, label)
        for k, (city, sales) in enumerate(rows):
            y = top + 20 * k
            if k:
                c.line(xs[1], HEIGHT - y, RIGHT, HEIGHT - y)
            c.drawString(xs[1] + 4, HEIGHT - y - 4 - SIZE, city)
            c.drawString(xs[2] + 4, HEIGHT - y - 4 - SIZE, sales)
        bottom = top + 20 * len(rows)
        for x in xs:
            c.line(x, HEIGHT - top, x, HEIGHT - bottom)
        top = bottom
    c.line(LEFT, HEIGHT - top, RIGHT, HEIGHT - top)
    c.save()
    return path


def test_given_a_table_whose_first_column_spans_rows_then_it_stays_a_table(tmp_path: Path) -> None:
    # Given a ruled table whose first column holds a region beside its cities' rows: a
    # stub's bands, but every band keeps the table's columns
    page = convert(_draw_grouped_table(tmp_path / "table.pdf"))
    # When it is read
    tables = [b.rows for b in page.blocks if b.kind == "table"]
    # Then it is one table, the region in the first row of its span
    assert len(tables) == 1 and tables[0] is not None, [(b.kind, words(b.text)) for b in page.blocks]
    assert tables[0][:3] == [["Region", "City", "Sales"], ["North", "Aberdeen", "120"], ["", "Bergen", "95"]]

"""A form drawn as one ruled grid down the page that is really sections stacked
(worker/engines/layout/grid_sections.py): a word processor's form whose table has rows
of different cells, a block of "Label | value" rows (two pairs on some rows), a checklist
of questions with "Yes" and "No" columns, a heading row over one big cell of bulleted
paragraphs, and a row of signature cells. Read as one table, its columns are the union
of every section's cell edges: the label rows are sparse rows of a wide table, the
bullets one cell and no list items, the Yes/No marks in the last columns. A reader
reads each section on its own: the label rows as lines, each label with its value, the
checklist as a table of its own, the heading and the bulleted items as text, the
signature cells as lines.

A section of one ruled row of cells side by side (a legend's columns of codes under a
heading) is no table of its own: its columns read one after the other, as the cells of
the whole grid read them.

A real ruled table keeps its spanning title row and its section bands across it (the
same columns above and below them): one table, as before.

The tests read: given such a grid drawn on a page, when the page is laid out, then
each section reads as its kind does."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

WIDTH, HEIGHT = letter
LEFT, RIGHT = 54.0, 558.0
SIZE = 10.0
PITCH = 12.0
Cell = tuple[float, float, list[str]]  # x0, x1, lines of text
Row = tuple[list[Cell], bool]  # cells, bold

LABELS: list[Row] = [
    ([(LEFT, RIGHT, ["Premises"])], True),
    ([(LEFT, 200.0, ["Facility name"]), (200.0, RIGHT, ["Riverside Community Centre"])], False),
    ([(LEFT, 200.0, ["Street address"]), (200.0, RIGHT, ["14 Mill Lane, Kew VIC 3101"])], False),
    (
        [
            (LEFT, 160.0, ["Inspection date"]),
            (160.0, 300.0, ["12 March 2024"]),
            (300.0, 410.0, ["Inspector"]),
            (410.0, RIGHT, ["Jordan Alvarez"]),
        ],
        False,
    ),
    (
        [
            (LEFT, 160.0, ["Permit number"]),
            (160.0, 300.0, ["PR-20417"]),
            (300.0, 410.0, ["Expiry date"]),
            (410.0, RIGHT, ["30 June 2025"]),
        ],
        False,
    ),
]
QUESTIONS = [
    ("Fire exits are clearly marked and unobstructed", "X", ""),
    ("Extinguishers are tagged and inside their service date", "X", ""),
    ("First aid kit is stocked and easy to reach", "", "X"),
    ("Electrical boards are closed and labelled", "X", ""),
]
CHECKLIST: list[Row] = [
    ([(LEFT, 440.0, ["Item checked"]), (440.0, 500.0, ["Yes"]), (500.0, RIGHT, ["No"])], True),
    *(([(LEFT, 440.0, [q]), (440.0, 500.0, [yes]), (500.0, RIGHT, [no])], False) for q, yes, no in QUESTIONS),
]
BULLETS = [
    ["The first aid kit must be restocked within seven days of this", "inspection."],
    ["A copy of this report must be kept on the premises."],
    ["Any change of use must be notified to the council before it", "takes effect."],
]
CONDITIONS: list[Row] = [
    ([(LEFT, RIGHT, ["Conditions of approval"])], True),
    (
        [
            (
                LEFT,
                RIGHT,
                [
                    "The permit holder must meet the conditions below.",
                    *(
                        f"\u2022 {ln}" if k == 0 else f"   {ln}"
                        for item in BULLETS
                        for k, ln in enumerate(item)
                    ),
                ],
            )
        ],
        False,
    ),
]
SIGNATURE: list[Row] = [
    (
        [
            (LEFT, 240.0, ["Name: Jordan Alvarez"]),
            (240.0, 420.0, ["Signature:"]),
            (420.0, RIGHT, ["Date: 12/03/2024"]),
        ],
        False,
    ),
]


def _draw(path: Path, sections: list[list[Row]], *, title: str = "Facility Inspection Report") -> Path:
    """The rows drawn as a word processor draws one table: each row's cells ruled round,
    every row's top rule across the grid's width, each cell's edges down its row."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(LEFT, HEIGHT - 60, title)
    c.setLineWidth(0.5)
    top = 80.0
    for cells, bold in (row for section in sections for row in section):
        height = PITCH * max(len(lines) for _, _, lines in cells) + 8.0
        c.line(LEFT, HEIGHT - top, RIGHT, HEIGHT - top)
        for x0, x1, lines in cells:
            c.line(x0, HEIGHT - top, x0, HEIGHT - top - height)
            c.line(x1, HEIGHT - top, x1, HEIGHT - top - height)
            c.setFont("Helvetica-Bold" if bold else "Helvetica", SIZE)
            for k, text in enumerate(lines):
                indent = 10.0 if text.startswith("   ") else 0.0
                c.drawString(x0 + 5 + indent, HEIGHT - top - 4 - SIZE - PITCH * k, text.strip())
        top += height
    c.line(LEFT, HEIGHT - top, RIGHT, HEIGHT - top)
    c.save()
    return path


def test_given_a_form_grid_of_stacked_sections_then_its_label_rows_read_as_lines(tmp_path: Path) -> None:
    # Given a form's one grid: label rows, a checklist, bulleted conditions, signatures
    page = convert(_draw(tmp_path / "form.pdf", [LABELS, CHECKLIST, CONDITIONS, SIGNATURE]))
    # When it is read
    texts = [words(b.text) for b in page.blocks if b.kind != "table"]
    # Then each label reads with its value, on lines of their own, not in a table
    for row in ("Facility name Riverside Community Centre", "Street address 14 Mill Lane, Kew VIC 3101"):
        assert any(row in t for t in texts), texts
    assert "Premises" in texts, texts
    pairs = "Inspection date 12 March 2024 Inspector Jordan Alvarez"
    assert any(pairs in t for t in texts), texts


def test_given_a_form_grid_of_stacked_sections_then_its_checklist_is_a_table_of_its_own(
    tmp_path: Path,
) -> None:
    # Given a form's one grid: label rows, a checklist, bulleted conditions, signatures
    page = convert(_draw(tmp_path / "form.pdf", [LABELS, CHECKLIST, CONDITIONS, SIGNATURE]))
    # When it is read
    tables = [b.rows for b in page.blocks if b.kind == "table"]
    # Then the checklist alone is a table: question, Yes, No
    assert tables == [[["Item checked", "Yes", "No"], *([q, y, n] for q, y, n in QUESTIONS)]]


def test_given_a_form_grid_of_stacked_sections_then_its_bullets_are_list_items(tmp_path: Path) -> None:
    # Given a form's one grid whose conditions cell holds bulleted paragraphs
    page = convert(_draw(tmp_path / "form.pdf", [LABELS, CHECKLIST, CONDITIONS, SIGNATURE]))
    # When it is read
    items = [words(b.text) for b in page.blocks if b.kind == "list_item"]
    # Then each bullet is an item, its wrapped line joined, the heading and signatures text
    assert items == [" ".join(item) for item in BULLETS]
    text = words(" ".join(b.text for b in page.blocks))
    assert "Conditions of approval The permit holder must meet the conditions below." in text
    assert text.endswith("Name: Jordan Alvarez Signature: Date: 12/03/2024"), text


SCORES: list[Row] = [
    ([(LEFT, RIGHT, ["Regional results, second quarter"])], True),
    (
        [
            (LEFT, 250.0, ["Region"]),
            (250.0, 350.0, ["Units"]),
            (350.0, 450.0, ["Revenue"]),
            (450.0, RIGHT, ["Share"]),
        ],
        True,
    ),
    (
        [
            (LEFT, 250.0, ["North"]),
            (250.0, 350.0, ["1,200"]),
            (350.0, 450.0, ["$4.1m"]),
            (450.0, RIGHT, ["41%"]),
        ],
        False,
    ),
    ([(LEFT, RIGHT, ["Islands"])], True),
    (
        [
            (LEFT, 250.0, ["South"]),
            (250.0, 350.0, ["800"]),
            (350.0, 450.0, ["$2.2m"]),
            (450.0, RIGHT, ["22%"]),
        ],
        False,
    ),
    (
        [
            (LEFT, 250.0, ["East"]),
            (250.0, 350.0, ["640"]),
            (350.0, 450.0, ["$1.9m"]),
            (450.0, RIGHT, ["19%"]),
        ],
        False,
    ),
]


def test_given_a_ruled_table_with_a_title_row_and_a_band_then_it_stays_one_table(tmp_path: Path) -> None:
    # Given a ruled table: a title row across it, a header, and a band across its body
    page = convert(_draw(tmp_path / "scores.pdf", [SCORES], title="Quarterly results"))
    # When it is read
    tables = [b.rows for b in page.blocks if b.kind == "table"]
    # Then it is one table, title row and band in it, as before
    assert len(tables) == 1, tables
    rows = tables[0]
    assert rows is not None
    assert rows[0][0] == "Regional results, second quarter"
    assert ["Islands", "", "", ""] in rows


CODES = [
    ["1 = New admission", "2 = Annual review", "3 = Interim review"],
    ["4 = Move in", "5 = Move out", "6 = End"],
]
LEGEND: list[Row] = [
    ([(LEFT, RIGHT, ["Type of action codes"])], True),
    ([(LEFT, 330.0, CODES[0]), (330.0, RIGHT, CODES[1])], False),
]


def test_given_a_form_grid_with_a_legend_row_then_the_legend_reads_column_by_column(tmp_path: Path) -> None:
    # Given a form's grid: label rows, then under a heading one ruled row of two cells,
    # each a column of a legend's codes
    page = convert(_draw(tmp_path / "legend.pdf", [LABELS, LEGEND]))
    # When it is read
    text = words(" ".join(b.text for b in page.blocks))
    # Then the legend reads one column after the other, as its cells are read
    assert "Type of action codes " + " ".join(CODES[0] + CODES[1]) in text, text
    assert not [b for b in page.blocks if b.kind == "table"]

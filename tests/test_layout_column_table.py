"""A ruled table at the head of the right column of a two-column page is read in that
column: after the whole left column, which runs on past the table's foot, and before
the right column's text under it (layout/page.py, _in_right_column)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, WIDTH, convert

LEFT = [
    "Alpha. Every payee enters the name shown on the tax return, and the name of the "
    "business on the second line when it has one.",
    "Bravo. A sole owner of a company enters the owner's own name first, then the trade "
    "name under it, as the register holds it.",
    "Charlie. A partnership enters the name on its return and nothing else on the line, "
    "whatever name it trades under.",
    "Delta. Other entities enter the name on the charter that created them, and their "
    "trade name on the second line.",
    "Echo. A trust enters the trust's own name, never the trustee's, and the estate of a "
    "deceased person the estate's name.",
]
RIGHT = [
    "Foxtrot. Exempt payees enter their code in the space on the fourth line, and leave "
    "it blank when no code applies to them.",
    "Golf. Foreign payees do not use this form but the one made for them, whatever the payer's own country.",
]
ROWS = [("IF the payee is", "THEN tick"), ("Corporation", "Corporation"), ("Trust", "Trust/estate")]


def _draw(path: Path) -> Path:
    """Two columns of 9 pt paragraphs set apart by more than a blank line; at the top of the right column
    a ruled 3 x 2 table, the right column's paragraphs under it, the left column running
    on well below the table."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setFont("Helvetica", 9)
    y = HEIGHT - 72
    for para in LEFT:
        for line in simpleSplit(para, "Helvetica", 9, 230):
            c.drawString(54, y, line)
            y -= 11
        y -= 16
    cols, top, pitch = [320.0, 440.0, 558.0], HEIGHT - 64, 16.0
    c.setLineWidth(0.8)
    for i in range(len(ROWS) + 1):
        c.line(cols[0], top - i * pitch, cols[-1], top - i * pitch)
    for x in cols:
        c.line(x, top, x, top - len(ROWS) * pitch)
    for i, row in enumerate(ROWS):
        for x, cell in zip(cols, row, strict=False):
            c.drawString(x + 4, top - i * pitch - 11, cell)
    y = top - len(ROWS) * pitch - 20
    for para in RIGHT:
        for line in simpleSplit(para, "Helvetica", 9, 230):
            c.drawString(320, y, line)
            y -= 11
        y -= 11
    c.save()
    return path


def test_given_a_ruled_table_atop_the_right_column_then_it_is_read_in_that_column(tmp_path: Path) -> None:
    # given: a two-column page whose right column starts with a ruled table
    pdf = _draw(tmp_path / "columns.pdf")

    # when
    blocks = [b for b in convert(pdf).blocks if b.kind not in ("page_header", "page_footer")]
    texts = [b.text for b in blocks]

    # then: the left column whole, then the table, then the right column's paragraphs
    def at(prefix: str) -> int:
        return next(i for i, t in enumerate(texts) if t.startswith(prefix))

    table = next(i for i, b in enumerate(blocks) if b.kind == "table")
    assert blocks[table].rows == [list(r) for r in ROWS]
    assert at("Alpha") < at("Bravo") < at("Charlie") < at("Delta") < at("Echo") < table, texts
    assert table < at("Foxtrot") < at("Golf"), texts


RUN_ON = (
    "Hotel. A payee who is a disregarded entity enters the owner's name on the first line and the "
    "entity's name on the second, and the owner's number in the box below, never the entity's own number."
)


def _draw_run_on(path: Path) -> Path:
    """The left column's paragraphs three times over, down to the page's foot, its last
    paragraph running on into the right column; there a captioned ruled table first,
    then the paragraph's last lines, then the right column's own paragraphs."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setFont("Helvetica", 9)
    y = HEIGHT - 72
    for para in LEFT * 3:
        for line in simpleSplit(para, "Helvetica", 9, 230):
            c.drawString(54, y, line)
            y -= 11
        y -= 16
    run = simpleSplit(RUN_ON, "Helvetica", 9, 230)
    for line in run[:2]:
        c.drawString(54, y, line)
        y -= 11
    c.drawString(420, HEIGHT - 72, "TABLE I")
    c.drawString(340, HEIGHT - 83, "NAMES TO ENTER BY THE KIND OF PAYEE")
    cols, top, pitch = [320.0, 440.0, 558.0], HEIGHT - 94, 16.0
    c.setLineWidth(0.8)
    for i in range(len(ROWS) + 1):
        c.line(cols[0], top - i * pitch, cols[-1], top - i * pitch)
    for x in cols:
        c.line(x, top, x, top - len(ROWS) * pitch)
    for i, row in enumerate(ROWS):
        for x, cell in zip(cols, row, strict=False):
            c.drawString(x + 4, top - i * pitch - 11, cell)
    y = top - len(ROWS) * pitch - 20
    for line in run[2:]:
        c.drawString(320, y, line)
        y -= 11
    y -= 16
    for para in RIGHT:
        for line in simpleSplit(para, "Helvetica", 9, 230):
            c.drawString(320, y, line)
            y -= 11
        y -= 16
    c.save()
    return path


def test_given_a_paragraph_running_on_under_the_table_then_the_table_still_follows_the_left_column(
    tmp_path: Path,
) -> None:
    # given: the left column's last paragraph ends under the table atop the right column
    # (one block, its box across both columns, yet no line of it crosses the gutter)
    pdf = _draw_run_on(tmp_path / "run-on.pdf")

    # when
    blocks = [b for b in convert(pdf).blocks if b.kind not in ("page_header", "page_footer")]
    texts = [b.text for b in blocks]

    # then
    table = next(i for i, b in enumerate(blocks) if b.kind == "table")
    hotel = next(i for i, t in enumerate(texts) if t.startswith("Hotel"))
    foxtrot = next(i for i, t in enumerate(texts) if t.startswith("Foxtrot"))
    assert hotel < table < foxtrot, texts

"""Columns that are not one set read left to right: a section heading set in the first
column with the other column blank beside it starts a new set of columns, read after the
set above; a narrow sidebar down the page's height beside text in sections is read as a
column of its own, after the text, not piece by piece between the sections."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, convert, words

PARTS = {
    "Alpha": f"Alpha opens the introduction. {LEFT_TEXT}",
    "Bravo": f"Bravo ends the introduction. {LEFT_TEXT}",
    "Charlie": f"Charlie opens the outlook. {LEFT_TEXT}",
    "Delta": f"Delta ends the outlook. {LEFT_TEXT}",
}


def _column(c: canvas.Canvas, text: str, x: float, y: float) -> float:
    for line in simpleSplit(text, "Helvetica", 9.5, 240):
        c.drawString(x, y, line)
        y -= 12
    return y


def _two_sections(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(40, HEIGHT - 60, "Introduction")
    y = HEIGHT - 84
    c.setFont("Helvetica", 9.5)
    _column(c, PARTS["Alpha"], 40, y)
    bottom = _column(c, PARTS["Bravo"], 310, y)
    # The next section's heading, in the first column's place; the second column blank
    # beside it (a rule under it would span both, as print has it).
    y = bottom - 18
    c.setFont("Helvetica-Bold", 16)
    c.drawString(40, y, "Commodity outlook")
    y -= 26
    c.setFont("Helvetica", 9.5)
    _column(c, PARTS["Charlie"], 40, y)
    _column(c, PARTS["Delta"], 310, y)
    c.save()
    return path


def test_given_a_heading_in_the_first_column_with_the_second_blank_beside_it_then_it_starts_a_new_column_set(
    tmp_path: Path,
) -> None:
    # given: two two-column sections, the second's heading in the first column's place
    pdf = _two_sections(tmp_path / "sections.pdf")

    # when
    text = words(convert(pdf).text or "")

    # then: each section's columns are read before the next heading
    at = {k: text.find(k) for k in (*PARTS, "Commodity outlook")}
    assert all(v >= 0 for v in at.values()), at
    assert at["Alpha"] < at["Bravo"] < at["Commodity outlook"] < at["Charlie"] < at["Delta"], at


SIDEBAR = [
    ("1,873+", "active market participants that trade"),
    ("1,250+", "generating units in the region"),
    ("54,100+", "miles of high-voltage lines"),
    ("98,000+ MW", "expected capacity for the summer peak"),
    ("37,725 MW", "of installed wind capacity"),
    ("18,364 MW", "of installed solar capacity"),
    ("4,048 MW", "of installed battery storage"),
    ("27,548 MW", "wind generation record"),
]


def _sidebar_page(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    # A main column of three sections, a wide blank between them, and beside each a
    # piece of the sidebar: figures over captions, right of the column, its blanks level
    # with the column's by chance.
    y = HEIGHT - 90
    entries = iter(SIDEBAR)
    for k, name in enumerate(("Charlie", "Delta", "Alpha")):
        for n in range(3 if k < 2 else 2):
            figure, caption = next(entries)
            c.setFont("Helvetica-Bold", 16)
            c.drawString(420, y - 4 - 32 * n, figure)
            c.setFont("Helvetica", 8)
            c.drawString(420, y - 16 - 32 * n, caption)
        c.setFont("Helvetica-Bold", 12)
        c.drawString(50, y, f"Section {k + 1}")
        y -= 16
        c.setFont("Helvetica", 9.5)
        y = _column(c, PARTS[name], 50, y) - 46
    c.save()
    return path


def test_given_a_sidebar_down_the_page_beside_sections_then_it_is_read_whole_after_the_text(
    tmp_path: Path,
) -> None:
    # given: a column of sections, blank stripes between them, and a sidebar of figures
    pdf = _sidebar_page(tmp_path / "sidebar.pdf")

    # when
    text = words(convert(pdf).text or "")

    # then: the sections first, then the sidebar's figures in order
    last_main = max(text.find(k) for k in ("Section 3", "Alpha opens"))
    figures = [text.find(f) for f, _ in SIDEBAR]
    assert all(f > last_main for f in figures), (last_main, figures, text)
    assert figures == sorted(figures), figures


def _sidebar_beside_ruled_table(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 90
    entries = iter(SIDEBAR)
    for k, name in enumerate(("Charlie", "Delta")):
        for n in range(3):
            figure, caption = next(entries)
            c.setFont("Helvetica-Bold", 16)
            c.drawString(420, y - 4 - 32 * n, figure)
            c.setFont("Helvetica", 8)
            c.drawString(420, y - 16 - 32 * n, caption)
        c.setFont("Helvetica-Bold", 12)
        c.drawString(50, y, f"Section {k + 1}")
        y -= 16
        c.setFont("Helvetica", 9.5)
        y = _column(c, PARTS[name], 50, y) - 46
    # A ruled table closing the column, the sidebar's last figures beside it.
    top = y + 10
    for n in range(2):
        figure, caption = next(entries)
        c.setFont("Helvetica-Bold", 16)
        c.drawString(420, top - 4 - 32 * n, figure)
        c.setFont("Helvetica", 8)
        c.drawString(420, top - 16 - 32 * n, caption)
    xs = [50, 150, 250, 350]
    c.setLineWidth(0.5)
    for r in range(3):
        c.line(xs[0], top - 20 * r, xs[-1], top - 20 * r)
    for x in xs:
        c.line(x, top, x, top - 40)
    c.setFont("Helvetica", 9)
    for r, row in enumerate((["Natural Gas", "Wind", "Coal"], ["44.3%", "25.2%", "9.8%"])):
        for k, cell in enumerate(row):
            c.drawString(xs[k] + 4, top - 20 * r - 14, cell)
    c.save()
    return path


def test_given_a_sidebar_beside_a_column_that_ends_in_a_ruled_table_then_the_table_is_read_before_the_sidebar(
    tmp_path: Path,
) -> None:
    # given: a column of sections closed by a ruled table, a sidebar of figures beside it
    pdf = _sidebar_beside_ruled_table(tmp_path / "sidebar_table.pdf")

    # when
    text = words(convert(pdf).text or "")

    # then: the column and its table, then the sidebar's figures in order
    last_main = max(text.find(k) for k in ("Delta ends", "Natural Gas", "44.3%"))
    figures = [text.find(f) for f, _ in SIDEBAR]
    assert all(f > last_main for f in figures), (last_main, figures, text)
    assert figures == sorted(figures), figures

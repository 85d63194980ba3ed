"""A wide statement table whose body rows are parted by dotted rules, each a row of
tiny dashes drawn as paths of their own, with two-line column heads, cells that wrap
(a security name over two lines) and a description column whose main line carries
indented sub-lines; totals under the table parted by solid rules. A reader sees one
row per entry between the dots; the dashes are no column gaps."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from tests.layout_pages import convert
from worker.engines.textlayer import extract_text_layer

WIDTH, HEIGHT = letter
FONT = 6.5
LEAD = 8.0
# Left edges of the text columns and right edges of the numeric columns.
LEFT_X = [36.0, 78.0, 208.0, 262.0]
RIGHT_X = [382.0, 428.0, 478.0, 526.0, 576.0]
HEAD = [
    ["Settlement", "Date"],
    ["Security Name"],
    ["Symbol/", "CUSIP"],
    ["Transaction Description"],
    ["Quantity"],
    ["Price"],
    ["Cost Basis", "of Close"],
    ["Transaction", "Cost"],
    ["Transaction", "Total"],
]
# Each entry: its cells, each a list of printed lines; the description's sub-lines are
# indented.
ENTRIES = [
    (
        ["08/09/11"],
        ["SPDR SER TR BARCLAYS CAP", "HIGH YIELD BD ETF"],
        ["JNK"],
        ["You bought"],
        ["500.000"],
        ["$38.7000"],
        [],
        ["-$7.95"],
        ["-$19,357.95"],
    ),
    (
        ["08/10/11"],
        ["ISHARES TR BARCLAYS 1-3 YR"],
        ["CSJ"],
        ["You sold", "Wash sale of 8/8/11: $2,805.50", "LT loss: $8,781.90"],
        ["-250.000"],
        ["$104.5600"],
        ["$34,921.90"],
        ["-$7.95"],
        ["$26,132.05"],
    ),
    (
        ["08/11/11"],
        ["VANGUARD TOTAL STOCK MKT"],
        ["VTI"],
        ["You bought"],
        ["50.000"],
        ["$62.9000"],
        [],
        ["-$7.95"],
        ["-$3,152.95"],
    ),
    (
        ["08/12/11"],
        ["POWERSHARES QQQ TRUST", "UNIT SER 1"],
        ["QQQ"],
        ["You sold", "LT loss: $1,204.10", "LT disallowed loss: $1,204.10"],
        ["-30.000"],
        ["$55.1100"],
        [],
        ["-$7.95"],
        ["$1,645.35"],
    ),
]
TOTALS = [
    ("Total Securities Bought", "-$15.90", "-$22,510.90"),
    ("Total Securities Sold", "-$15.90", "$27,777.40"),
    ("Net Securities Bought & Sold", "", "$5,266.50"),
]


def _cell_x(col: int, text: str) -> float:
    if col < len(LEFT_X):
        return LEFT_X[col]
    return RIGHT_X[col - len(LEFT_X)] - stringWidth(text, "Helvetica", FONT)


# How the dots are drawn, each a path of its own: tiny squares, round dots, short dashes.
STYLES = ["squares", "rounds", "dashes"]


def _dotted_rule(c: canvas.Canvas, y: float, style: str) -> None:
    """A row of tiny dots or dashes, each a path of its own, the way some layout
    programs export a dotted rule."""
    x = 36.0
    while x < 576.0:
        if style == "rounds":
            c.circle(x + 0.4, y, 0.4, stroke=0, fill=1)
            x += 2.0
        elif style == "dashes":
            c.rect(x, y, 2.5, 0.4, stroke=0, fill=1)
            x += 4.0
        else:
            c.rect(x, y, 0.6, 0.3, stroke=0, fill=1)
            x += 1.8


def _page(path: Path, style: str = "squares") -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(36, HEIGHT - 60, "Activity")
    c.setFont("Helvetica-Bold", 8)
    c.drawString(36, HEIGHT - 76, "Securities Bought & Sold")
    y = HEIGHT - 92.0
    c.setFont("Helvetica-Bold", FONT)
    for col, lines in enumerate(HEAD):
        # Heads sit on the bottom line; two-line heads start one line above.
        for k, line in enumerate(lines):
            c.drawString(_cell_x(col, line), y - LEAD * (k + 2 - len(lines)), line)
    y -= LEAD
    c.setLineWidth(0.5)
    c.line(36, y - 3.0, 576, y - 3.0)
    c.setFont("Helvetica", FONT)
    for n, cells in enumerate(ENTRIES):
        y -= 11.0
        for col, lines in enumerate(cells):
            for k, line in enumerate(lines):
                indent = 6.0 if col == 3 and k > 0 else 0.0
                c.drawString(_cell_x(col, line) + indent, y - LEAD * k, line)
        height = max(len(lines) for lines in cells)
        y -= LEAD * (height - 1)
        if n < len(ENTRIES) - 1:
            _dotted_rule(c, y - 4.0, style)
    for label, cost, total in TOTALS:
        c.setLineWidth(0.5)
        c.line(36, y - 4.0, 576, y - 4.0)
        y -= 11.0
        c.setFont("Helvetica-Bold", FONT)
        c.drawString(36, y, label)
        if cost:
            c.drawString(_cell_x(7, cost), y, cost)
        c.drawString(_cell_x(8, total), y, total)
    c.setFont("Helvetica", 8)
    c.drawString(36, y - 30.0, "Transaction costs include commissions and fees charged for the trade.")
    c.save()
    return path


def _joined(lines: list[str]) -> str:
    return " ".join(lines)


def _head(lines: list[str]) -> str:
    """A head's lines as a reader joins them: a space apart (after a slash, one may be
    kept or not: "Symbol/ CUSIP", as table_cells joins "Preis/" over "Einheit")."""
    return _joined(lines).replace("/ ", "/")


@pytest.mark.parametrize("style", STYLES)
def test_given_dotted_rules_between_tall_rows_then_one_table_with_a_row_per_entry(
    tmp_path: Path, style: str
) -> None:
    # given: the page
    pdf = _page(tmp_path / "statement.pdf", style)

    # when
    result = convert(pdf)

    # then: one table; the heads joined, each entry one row with its lines in their cells
    tables = [b.rows for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1, [b.kind + ": " + b.text[:60] for b in result.blocks]
    [rows] = tables
    assert [cell.replace("/ ", "/") for cell in rows[0]] == [_head(h) for h in HEAD]
    body = [[_joined(cell) for cell in cells] for cells in ENTRIES]
    assert rows[1 : 1 + len(body)] == body
    # the totals follow the entries, in the table or after it, never before it
    text = "\n".join(b.text for b in result.blocks)
    assert text.index("Net Securities Bought") > text.index("$1,645.35")


def test_given_leader_dots_drawn_dot_by_dot_on_a_contents_line_then_they_are_no_rule(
    tmp_path: Path,
) -> None:
    # given: contents lines whose leaders from title to page number are drawn as dots
    path = tmp_path / "contents.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    for k, (title, page) in enumerate([("Introduction", "1"), ("Methods", "4"), ("Results", "9")]):
        y = HEIGHT - 100 - 16 * k
        c.drawString(72, y, title)
        c.drawRightString(540, y, page)
        x = 72 + stringWidth(title, "Helvetica", 10) + 4
        while x < 530:
            c.circle(x, y + 1.0, 0.5, stroke=0, fill=1)
            x += 2.5
    c.save()

    # when
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        layer = extract_text_layer(pdf[0])
    finally:
        pdf.close()

    # then: the dots draw no rule
    assert layer.rules == []

"""Two pages printed side by side on one landscape sheet are read as two pages, left then
right (worker/engines/layout/spreads.py), and a financial statement's label column stays
with its columns of figures: long labels, some wrapped onto two lines with the figures
set in the middle, under header rows that have no label (worker/engines/layout/segment.py
``_prose_beside``, tables.py ``_aligned``)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from tests.layout_pages import convert
from worker.engines.layout import LayoutLine
from worker.engines.layout.spreads import spread_halves

SHEET_W, SHEET_H = landscape(A4)  # 842 x 595: two A5 pages side by side
PAGE_W = SHEET_W / 2

# A statement: a label column, long labels (a wrapped one is a list of two lines), and
# two or three columns of figures.
INCOME = [
    ("Revenue from contracts with customers", "4,212", "4,530"),
    ("Cost of sales and services rendered", "(2,804)", "(2,951)"),
    ("Gross profit for the financial year", "1,408", "1,579"),
    ("Selling, general and administrative expenses", "(822)", "(860)"),
    ("Other operating income and expenses, net", "37", "(12)"),
    ("Operating profit before finance items", "623", "707"),
    ("Finance income and finance costs, net", "(41)", "(38)"),
    ("Profit before income taxes for the year", "582", "669"),
    ("Income tax expense on continuing operations", "(151)", "(174)"),
    ("Net profit attributable to shareholders", "431", "495"),
]
EQUITY = [
    ("Balance at the beginning of the year", "1,200", "3,410", "4,610"),
    (["Cumulative effects of changes in", "accounting policies adopted"], "", "(21)", "(21)"),
    ("Net profit attributable to shareholders", "", "431", "431"),
    (["Other comprehensive income (loss),", "net of tax and reclassifications"], "", "(88)", "(88)"),
    ("Dividends paid to the shareholders", "", "(140)", "(140)"),
    (["Transactions with non-controlling", "interests and other movements"], "15", "", "15"),
    ("Balance at the end of the financial year", "1,215", "3,592", "4,807"),
]
EQUITY_HEAD = [("Share", "Retained", ""), ("capital", "earnings", "Total")]


def _label_rows(c: canvas.Canvas, x: float, top: float, rows: list, cols: list[float], pitch: float) -> float:
    """Rows of a statement from ``top`` down, label at ``x``, figures right-aligned at
    ``cols``; a label wrapped onto two lines has its figures in the middle of them.
    Returns the y under the last row."""
    y = top
    for label, *figures in rows:
        lines = label if isinstance(label, list) else [label]
        c.setFont("Helvetica", 8)
        for k, text in enumerate(lines):
            c.drawString(x, y - 10 * k, text)
        mid = y - 10 * (len(lines) - 1) / 2
        c.setFont("Helvetica", 9)
        for right, fig in zip(cols, figures, strict=True):
            if fig:
                c.drawRightString(right, mid, fig)
        y -= pitch + 10 * (len(lines) - 1)
    return y


def _equity(c: canvas.Canvas, x: float, top: float, year: str) -> float:
    """A statement of changes in equity under a year and a two-row bold header over its
    figures that has no label, the labels wrapped onto two lines in places."""
    cols = [x + 230, x + 290, x + 350]
    c.setFont("Helvetica-Bold", 9)
    c.drawRightString(cols[-1], top, year)
    c.setFont("Helvetica-Bold", 7)
    for k, heads in enumerate(EQUITY_HEAD):
        for right, head in zip(cols, heads, strict=True):
            if head:
                c.drawRightString(right, top - 14 - 9 * k, head)
    return _label_rows(c, x, top - 40, EQUITY, cols, 16)


def _draw_spread(path: Path) -> Path:
    """An annual report's spread: the income statement on the left page, the statement
    of changes in equity for two years on the right one, rows of the two at nearly the
    same heights; each page's running footer with its number at the outer edge."""
    c = canvas.Canvas(str(path), pagesize=(SHEET_W, SHEET_H))
    top = SHEET_H - 50
    for x, title in (
        (40, "Consolidated Statement of Income"),
        (PAGE_W + 30, "Statement of Changes in Equity"),
    ):
        c.setFont("Helvetica-Bold", 13)
        c.drawString(x, top, title)
        c.setFont("Helvetica", 8)
        c.drawString(x, top - 18, "Acme Group and Subsidiaries, years ended 31 December")
    c.setFont("Helvetica-Bold", 9)
    c.drawRightString(300, top - 44, "2023")
    c.drawRightString(360, top - 44, "2024")
    _label_rows(c, 40, top - 62, INCOME, [300, 360], 22)
    y = _equity(c, PAGE_W + 30, top - 44, "2023")
    _equity(c, PAGE_W + 30, y - 14, "2024")
    c.setFont("Helvetica", 6)
    c.drawString(20, 25, "12 ACME GROUP ANNUAL REPORT 2024")
    c.drawRightString(SHEET_W - 20, 25, "ACME GROUP ANNUAL REPORT 2024 13")
    c.save()
    return path


def test_given_two_statements_on_a_spread_then_each_page_is_read_in_turn_with_its_tables(
    tmp_path: Path,
) -> None:
    # given: two portrait pages on one landscape sheet, a statement on each, their rows
    # at about the same heights, and each page's running footer
    pdf = _draw_spread(tmp_path / "spread.pdf")

    # when
    result = convert(pdf)

    # then: the left page's title and table, then the right page's title and its two
    # tables; each table's labels in the rows of their figures
    body = [b for b in result.blocks if b.kind not in ("page_header", "page_footer")]
    texts = [b.text for b in body]
    tables = [b for b in body if b.kind == "table"]
    assert len(tables) == 3, texts
    income, *equity = tables
    assert income.rows is not None
    assert ["Revenue from contracts with customers", "4,212", "4,530"] in income.rows
    left_title = next(i for i, t in enumerate(texts) if "Statement of Income" in t)
    right_title = next(i for i, t in enumerate(texts) if "Changes in Equity" in t)
    assert left_title < body.index(income) < right_title < body.index(equity[0]), texts
    for table in equity:
        assert table.rows is not None
        assert [
            "Cumulative effects of changes in accounting policies adopted",
            "",
            "(21)",
            "(21)",
        ] in table.rows
        assert ["Balance at the end of the financial year", "1,215", "3,592", "4,807"] in table.rows


def test_given_running_footers_mirrored_on_a_spread_then_both_are_furniture(tmp_path: Path) -> None:
    # given: a spread whose pages carry the same footer, the left page's number before
    # it (like a footnote's marker), the right page's after it
    pdf = _draw_spread(tmp_path / "spread.pdf")

    # when
    result = convert(pdf)

    # then: both footers are running footers, out of the text
    footers = [b.text for b in result.blocks if b.kind == "page_footer"]
    assert footers == ["12 ACME GROUP ANNUAL REPORT 2024", "ACME GROUP ANNUAL REPORT 2024 13"]
    assert "ACME GROUP" not in (result.text or "")


def test_given_a_statement_with_wrapped_labels_under_a_header_then_it_is_one_table(tmp_path: Path) -> None:
    # given: on a portrait page, two statements of changes in equity one under the other,
    # each under a year and header rows that have no label; long labels, three of them
    # wrapped onto two lines with the row's figures set in the middle
    path = tmp_path / "equity.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 13)
    c.drawString(60, A4[1] - 60, "Statement of Changes in Equity")
    y = _equity(c, 60, A4[1] - 100, "2023")
    _equity(c, 60, y - 14, "2024")
    c.save()

    # when
    result = convert(path)

    # then: two tables, each label in the row of its figures
    tables = [b for b in result.blocks if b.kind == "table"]
    assert len(tables) == 2, [b.text for b in result.blocks]
    for table in tables:
        assert table.rows is not None
        assert [
            "Transactions with non-controlling interests and other movements",
            "15",
            "",
            "15",
        ] in table.rows
        assert ["Dividends paid to the shareholders", "", "(140)", "(140)"] in table.rows


def _line(text: str, x0: float, top: float, x1: float) -> LayoutLine:
    return LayoutLine(text=text, bbox=(x0, top, x1, top + 10.0), size=9.0)


def test_given_a_landscape_page_whose_middle_is_crossed_then_it_is_one_page() -> None:
    # given: a landscape sheet of two blocks of lines, each at its own line pitch, with a
    # wide blank between them: once with a title across the middle, once with a table's
    # rules across it, once as it is; and a table whose columns leave as wide a blank
    # between two of them, its rows level on both sides
    left = [_line(f"left {i}", 40, 60 + 30 * i, 380) for i in range(10)]
    right = [_line(f"right {i}", 470, 72 + 26 * i, 800) for i in range(10)]
    title = _line("A title across the whole sheet", 300, 30, 540)
    rules = [(40.0, 55 + 30.0 * i, 800.0, 55.5 + 30 * i) for i in range(4)]
    labels = [_line(f"State {i}", 40, 60 + 30 * i, 120) for i in range(10)]
    figures = [
        _line(f"{i},00{k}", x, 60 + 30 * i, x + 60) for i in range(10) for k, x in enumerate((300, 480, 600))
    ]

    # when / then: only the sheet that nothing crosses, its halves' rows apart, is two pages
    assert spread_halves([*left, *right, title], [], SHEET_W, SHEET_H) is None
    assert spread_halves([*left, *right], rules, SHEET_W, SHEET_H) is None
    assert spread_halves([*labels, *figures], [], SHEET_W, SHEET_H) is None
    assert spread_halves([*left, *right], [], SHEET_W, SHEET_H) == (left, right)
    # a band printed from edge to edge of the sheet is no table across the fold
    assert spread_halves([*left, *right], [(0.0, 20.0, SHEET_W, 20.5)], SHEET_W, SHEET_H) == (left, right)

"""Two tables stacked under headings, their header rows set plain like their data (a
booking order's totals, then its representatives).

The tables share the page's gutters and read as one grid; no bold header row marks where
the second starts. The heading line between them, over a second row of labels, does.

Each test reads: given such a page, when the pdf-text engine converts it, then each table
comes out on its own, the heading between them as text."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from tests.layout_pages import convert, words

TOTALS = [
    ["Quarter", "Visits", "Gross Amount", "Net Amount", "Share"],
    ["First quarter", "112", "$8,400.00", "$7,560.00", "41%"],
    ["Second quarter", "131", "$9,825.00", "$8,842.50", "59%"],
    ["All quarters", "243", "$18,225.00", "$16,402.50", "100%"],
]
AGENTS = [
    ["Agent", "Area", "Office", "Period", "Split %"],
    ["Nadia Okafor", "Leeds North", "YORKSHIRE", "01/04/25 - 30/09/25", "60%"],
    ["Tomas Brandt", "Leeds South", "YORKSHIRE", "01/04/25 - 30/09/25", "40%"],
]
_WIDTHS = [120.0, 90.0, 90.0, 110.0, 70.0]
_PLAIN = TableStyle([("FONTNAME", (0, 0), (-1, -1), "Helvetica"), ("FONTSIZE", (0, 0), (-1, -1), 9)])


def _order_pdf(path: Path) -> Path:
    styles = getSampleStyleSheet()
    heading = ParagraphStyle("head", parent=styles["BodyText"], fontName="Helvetica-Bold", fontSize=10)
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    totals, agents = Table(TOTALS, colWidths=_WIDTHS), Table(AGENTS, colWidths=_WIDTHS)
    totals.setStyle(_PLAIN)
    agents.setStyle(_PLAIN)
    doc.build(
        [
            Paragraph("Service Order Summary", styles["Title"]),
            Paragraph("Totals", heading),
            totals,
            Paragraph("Account Agents", heading),
            agents,
            Paragraph("Figures are subject to the terms of the service agreement.", styles["BodyText"]),
        ]
    )
    return path


def test_given_a_heading_between_plain_tables_when_converted_then_each_is_a_table(tmp_path: Path) -> None:
    # given: two tables on the same columns, a heading and a plain header row between
    path = _order_pdf(tmp_path / "order.pdf")

    # when
    page = convert(path)

    # then
    tables = [b.rows for b in page.blocks if b.kind == "table"]
    assert tables == [TOTALS, AGENTS]


def test_given_a_heading_between_plain_tables_when_converted_then_the_heading_is_text(tmp_path: Path) -> None:
    # given
    path = _order_pdf(tmp_path / "order.pdf")

    # when
    page = convert(path)

    # then: the heading is no row of either table
    text = words(" ".join(b.text for b in page.blocks if b.kind != "table"))
    assert "Account Agents" in text

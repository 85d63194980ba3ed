"""Tables that a page-layout tool stacks one under another, and a table whose header is a
dark filled band over zebra-striped rows (ReportLab's platypus, as a payroll or billing
system prints them).

Stacked tables line up on the page's margins and share gutters by chance; read as one grid,
the second table's header becomes a row of the first, and a short table under a heading
(a year to date under its labels) takes the columns of both. A header set in a dark band,
its labels centred or left over right-aligned figures, shows no gutter that the page's
coarser columns share, and is read as text above the table.

Each test reads: given such a page, when the pdf-text engine converts it, then each table
comes out as drawn, its header its first row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tests.layout_pages import convert, words

Style = list[tuple[Any, ...]]
_BOLD_TOP: Style = [("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]
_RULED_ROWS: Style = [("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey)]

TRAVEL = [
    ["Travel", "Miles", "Rate", "Claimed"],
    ["Client visit, Bristol", "184.0", "0.4500", "82.80"],
    ["Site survey, Swindon", "96.0", "0.4500", "43.20"],
    ["Parking, Temple Meads", "", "", "12.50"],
    ["Travel total", "", "", "138.50"],
]
MEALS = [
    ["Meals", "Claimed"],
    ["Lunch with client", "36.40"],
    ["Evening meal, overnight stay", "24.10"],
    ["Meals total", "60.50"],
]
YEAR = [
    ["Travel claimed", "Meals claimed", "Approved", "Paid"],
    ["1,904.30", "611.75", "2,480.05", "2,402.65"],
]


def _claim_pdf(path: Path) -> Path:
    """An expense claim: two columns of details, then two tables stacked close, a bold
    line, a heading and a short table of two rows whose labels start their cells while
    the figures end them."""
    styles = getSampleStyleSheet()
    body, head = styles["BodyText"], styles["Heading3"]

    def table(rows: list[list[str]], widths: list[float], style: Style) -> Table:
        t = Table(rows, colWidths=widths)
        t.setStyle(TableStyle(style))
        return t

    details = table(
        [["Claimant: Rhys Morgan", "Cost centre: 4410"], ["Staff no. 20931", "Submitted: 3 March 2025"]],
        [240, 240],
        [("LEFTPADDING", (0, 0), (-1, -1), 0)],
    )
    right: Style = [("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("ALIGN", (1, 0), (-1, 0), "CENTRE")]
    totals: Style = [("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold")]
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    doc.build(
        [
            Paragraph("Expense claim, February 2025", styles["Title"]),
            details,
            Spacer(1, 8),
            table(TRAVEL, [200, 90, 90, 100], _BOLD_TOP + _RULED_ROWS + right + totals),
            Spacer(1, 6),
            table(MEALS, [300, 180], _BOLD_TOP + _RULED_ROWS + right + totals),
            Spacer(1, 6),
            Paragraph("<b>Net claim 199.00</b>", body),
            Paragraph("Claimed this year", head),
            table(
                YEAR,
                [150, 110, 110, 110],
                [
                    *_BOLD_TOP,
                    ("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.black),
                    ("LINEBELOW", (0, -1), (-1, -1), 1.2, colors.black),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                    ("ALIGN", (0, 0), (-1, 0), "LEFT"),
                ],
            ),
            Paragraph("Paid with the March salary.", body),
        ]
    )
    return path


def test_given_tables_stacked_close_when_converted_then_each_is_a_table_of_its_own(tmp_path: Path) -> None:
    # given: two tables ruled alike, six points apart, then a bold line, a heading and
    # a table of two rows
    path = _claim_pdf(tmp_path / "claim.pdf")

    # when
    page = convert(path)

    # then: three tables, each with its own header and columns
    tables = [b.rows for b in page.blocks if b.kind == "table"]
    assert tables == [TRAVEL, MEALS, YEAR]


def test_given_tables_stacked_close_when_converted_then_the_text_between_stays_text(tmp_path: Path) -> None:
    # given
    path = _claim_pdf(tmp_path / "claim.pdf")

    # when
    page = convert(path)

    # then: the details above and the lines between the tables are no rows of them
    text = words(" ".join(b.text for b in page.blocks if b.kind != "table"))
    assert "Net claim 199.00" in text
    assert "Claimed this year" in text
    assert "Claimant: Rhys Morgan" in text


ITEMS = [
    ["Item", "Qty", "Unit", "Price", "Total"],
    ["Printer toner, black", "4", "box", "62.00", "248.00"],
    ["Copier paper, A4 80 gsm", "20", "ream", "4.15", "83.00"],
    ["Desk lamp, LED", "3", "each", "27.90", "83.70"],
    ["Whiteboard markers", "12", "pack", "3.40", "40.80"],
    ["Filing cabinet, 4 drawer", "1", "each", "189.00", "189.00"],
]


def _zebra_invoice_pdf(path: Path) -> Path:
    """An invoice: sender and customer side by side, reference lines, then the items under
    a header row in white on a dark band, rows striped; the header's labels start their
    cells or are centred, the figures end theirs."""
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    parties = Table(
        [
            ["From", "Invoice to"],
            ["Kestrel Office Supply", "Marlow and Finch LLP"],
            ["8 Mill Lane", "40 High Street"],
        ],
        colWidths=[240, 240],
    )
    parties.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    items = Table(ITEMS, colWidths=[240, 30, 55, 75, 85])
    items.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3a5f")),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef2f6")]),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("ALIGN", (3, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    # The payment note runs under the table as wide as its first columns and the last
    # header: across the page, only the figures of the last column stand apart.
    note = ParagraphStyle("note", parent=body, rightIndent=45)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=57, rightMargin=57)
    doc.build(
        [
            Paragraph("Invoice", styles["Title"]),
            parties,
            Spacer(1, 8),
            Paragraph("Invoice no. KS-4471", body),
            Paragraph("Order ref. MF-0912", body),
            Spacer(1, 4),
            items,
            Spacer(1, 12),
            Paragraph(
                "Payment within 30 days by bank transfer to sort code 20-45-77, account 60011873, "
                "quoting the invoice number on the remittance advice.",
                note,
            ),
        ]
    )
    return path


def test_given_a_header_in_a_dark_band_over_striped_rows_when_converted_then_it_heads_the_table(
    tmp_path: Path,
) -> None:
    # given: the header row in white on a dark band, its labels not over the figures
    path = _zebra_invoice_pdf(tmp_path / "zebra.pdf")

    # when
    page = convert(path)

    # then: one table, the header its first row, no label left above it as text
    [table] = [b.rows for b in page.blocks if b.kind == "table"]
    assert table == ITEMS
    text = words(" ".join(b.text for b in page.blocks if b.kind != "table"))
    assert "Qty" not in text

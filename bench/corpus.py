"""A generated evaluation corpus with exact ground truth: invoices, multi-page contracts
(numbered clauses, a two-column page, 8 pt footnotes) and a ruled table page, drawn
with reportlab; :mod:`bench.accuracy` also scans each page (200 DPI, skew, blur, noise).

Every page records its text in the order a person reads it (``lines``) and its
tables as cell grids, so reading-order mistakes count as errors. Documents are
deterministic for a seed.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

PAGE_W, PAGE_H = A4
MARGIN = 64.0


@dataclass
class PageTruth:
    kind: str  # invoice, contract, contract-2col, table
    lines: list[str] = field(default_factory=list)  # reading order
    tables: list[list[list[str]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Doc:
    name: str
    pdf: bytes
    pages: list[PageTruth]


class _Page:
    """Draws text and records it, in the order the calls are made (= reading order)."""

    def __init__(self, c: canvas.Canvas, truth: PageTruth) -> None:
        self.c, self.truth = c, truth

    def text(
        self, x: float, y: float, s: str, *, font: str = "Helvetica", size: float = 10, right: bool = False
    ) -> None:
        self.c.setFont(font, size)
        (self.c.drawRightString if right else self.c.drawString)(x, y, s)
        self.truth.lines.append(s)

    def paragraph(
        self,
        x: float,
        y: float,
        width: float,
        s: str,
        *,
        font: str = "Helvetica",
        size: float = 10,
        lead: float = 1.3,
    ) -> float:
        """Word-wrapped; returns the y below the last line."""
        line = ""
        for word in s.split():
            cand = f"{line} {word}".strip()
            if stringWidth(cand, font, size) > width and line:
                self.text(x, y, line, font=font, size=size)
                y -= size * lead
                line = word
            else:
                line = cand
        if line:
            self.text(x, y, line, font=font, size=size)
            y -= size * lead
        return y


_ITEMS = [
    "Document conversion - Standard plan",
    "Additional pages (per 1,000)",
    "OCR add-on for scanned documents",
    "Priority support hours",
    "Archive storage (per GB-month)",
    "Custom model fine-tuning",
    "On-site workshop, half day",
    "Webhook delivery add-on",
]
_COMPANIES = [
    ("Pagemill Conversion GmbH", "Friedrichstrasse 123", "10117 Berlin, Germany"),
    ("Northwind Archives Ltd.", "42 Harbour Road", "Dublin D02 XY45, Ireland"),
    ("Contoso Records B.V.", "Keizersgracht 221", "1016 DV Amsterdam, Netherlands"),
    ("Fabrikam Logistics S.A.", "Rue du Rhone 65", "1204 Geneve, Switzerland"),
]


def _money(v: float) -> str:
    return f"{v:,.2f}"


def invoice(seed: int) -> Doc:
    rng = random.Random(seed)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    truth = PageTruth("invoice")
    p = _Page(c, truth)
    seller, buyer = rng.sample(_COMPANIES, 2)
    number = f"INV-{2026 + seed % 3}-{rng.randint(1000, 9999)}"
    y = PAGE_H - 90
    p.text(MARGIN, y, "INVOICE", font="Helvetica-Bold", size=22)
    meta = [
        ("Invoice number:", number),
        ("Invoice date:", f"2026-0{1 + seed % 9}-1{seed % 9}"),
        ("Due date:", f"2026-1{seed % 3}-2{seed % 9}"),
    ]
    y -= 40
    for label, value in meta:
        p.text(PAGE_W - 260, y, label)
        p.text(PAGE_W - MARGIN, y, value, right=True)
        y -= 15
    # two address blocks side by side: read the left one through, then the right one
    y -= 25
    for x, title, company in ((MARGIN, "From", seller), (PAGE_W / 2 + 10, "Bill to", buyer)):
        yy = y
        p.text(x, yy, title, font="Helvetica-Bold", size=11)
        for row in company:
            yy -= 14
            p.text(x, yy, row)
    y -= 90
    # line items
    cols = [MARGIN, PAGE_W - 250, PAGE_W - 170, PAGE_W - MARGIN]
    header = ["Description", "Qty", "Unit price", "Amount"]
    rows = [header]
    total = 0.0
    for name in rng.sample(_ITEMS, rng.randint(4, 7)):
        qty, unit = rng.randint(1, 40), rng.randint(500, 90000) / 100
        total += qty * unit
        rows.append([name, str(qty), _money(unit), _money(qty * unit)])
    for r, cells in enumerate(rows):
        font = "Helvetica-Bold" if r == 0 else "Helvetica"
        p.text(cols[0], y, cells[0], font=font)
        for ci in (1, 2, 3):
            p.text(cols[ci] if ci == 3 else cols[ci] + 50, y, cells[ci], font=font, right=True)
        y -= 18
    truth.tables.append(rows)
    y -= 14
    vat = total * 0.2
    for label, amount in (("Subtotal:", total), ("VAT 20%:", vat), ("Total due:", total + vat)):
        p.text(PAGE_W - 250, y, label, font="Helvetica-Bold" if label.startswith("Total") else "Helvetica")
        p.text(PAGE_W - MARGIN, y, f"{_money(amount)} EUR", right=True)
        y -= 15
    y -= 30
    p.paragraph(
        MARGIN,
        y,
        PAGE_W - 2 * MARGIN,
        f"Please pay within 30 days quoting {number} as the reference. Thank you for your business.",
    )
    c.showPage()
    c.save()
    return Doc(f"invoice-{seed}", buf.getvalue(), [truth])


_CLAUSE_VOCABULARY = (
    "the supplier shall provide services described in schedule agreement party parties term notice "
    "payment invoice fees confidential information data processing liability damages obligations "
    "reasonable written consent termination period effective date warranty law jurisdiction"
)
_CLAUSE_WORDS = _CLAUSE_VOCABULARY.split()


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(_CLAUSE_WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _clause(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


_TWO_COLUMN_HEADINGS = ["Audit", "Insurance", "Assignment", "Notices", "Force majeure", "Severability"]


def contract(seed: int) -> Doc:
    rng = random.Random(1000 + seed)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    pages: list[PageTruth] = []
    width = PAGE_W - 2 * MARGIN
    footnotes: list[str] = []

    # page 1: title, parties, numbered clauses, 8 pt footnotes
    t = PageTruth("contract")
    p = _Page(c, t)
    y = PAGE_H - 90
    p.text(MARGIN, y, f"Services Agreement No. SA-{seed:03d}", font="Helvetica-Bold", size=18)
    y -= 34
    a, b = rng.sample(_COMPANIES, 2)
    y = p.paragraph(
        MARGIN, y, width, f"This agreement is made between {a[0]}, {a[1]}, {a[2]} and {b[0]}, {b[1]}, {b[2]}."
    )
    clause_no = 0
    while y > 200:
        clause_no += 1
        y -= 10
        p.text(
            MARGIN,
            y,
            f"{clause_no}. {rng.choice(['Scope', 'Fees', 'Term', 'Confidentiality', 'Liability', 'Data'])}",
            font="Helvetica-Bold",
            size=12,
        )
        y -= 18
        y = p.paragraph(MARGIN, y, width, _clause(rng, 3) + f" See note {clause_no}.")
        footnotes.append(f"{clause_no} {_sentence(rng, 10)}")
    y = 150
    c.line(MARGIN, y + 12, MARGIN + 150, y + 12)
    for note in footnotes[:3]:
        y = p.paragraph(MARGIN, y, width, note, size=8, lead=1.25)
    pages.append(t)
    c.showPage()

    # page 2: two columns
    t = PageTruth("contract-2col")
    p = _Page(c, t)
    col_w = (width - 24) / 2
    for col in range(2):
        x = MARGIN + col * (col_w + 24)
        y = PAGE_H - 80
        while y > 120:
            clause_no += 1
            p.text(
                x,
                y,
                f"{clause_no}. {rng.choice(_TWO_COLUMN_HEADINGS)}",
                font="Helvetica-Bold",
                size=10,
            )
            y -= 15
            y = p.paragraph(x, y, col_w, _clause(rng, 2), size=9.5) - 8
    pages.append(t)
    c.showPage()

    # page 3: closing clauses and signatures
    t = PageTruth("contract")
    p = _Page(c, t)
    y = PAGE_H - 80
    for _ in range(3):
        clause_no += 1
        p.text(
            MARGIN,
            y,
            f"{clause_no}. {rng.choice(['Entire agreement', 'Governing law', 'Counterparts'])}",
            font="Helvetica-Bold",
            size=12,
        )
        y -= 18
        y = p.paragraph(MARGIN, y, width, _clause(rng, 2)) - 10
    y -= 40
    for x, who in ((MARGIN, a[0]), (PAGE_W / 2 + 10, b[0])):
        c.line(x, y, x + 180, y)
        p.text(x, y - 14, f"For {who}")
    pages.append(t)
    c.showPage()
    c.save()
    return Doc(f"contract-{seed}", buf.getvalue(), pages)


def ruled_table(seed: int) -> Doc:
    rng = random.Random(2000 + seed)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    t = PageTruth("table")
    p = _Page(c, t)
    p.text(
        MARGIN, PAGE_H - 90, f"Quarterly volumes by region ({2020 + seed})", font="Helvetica-Bold", size=16
    )
    header = ["Region", "Q1", "Q2", "Q3", "Q4", "Total"]
    rows = [header]
    for region in rng.sample(
        [
            "North",
            "South",
            "East",
            "West",
            "Central",
            "Alpine",
            "Coastal",
            "Delta",
            "Highland",
            "Lakes",
            "Metro",
            "Rural",
        ],
        12,
    ):
        q = [rng.randint(1000, 99999) / 10 for _ in range(4)]
        rows.append([region, *(f"{v:,.1f}" for v in q), f"{sum(q):,.1f}"])
    col_x = [MARGIN + i * (PAGE_W - 2 * MARGIN) / 6 for i in range(7)]
    top = PAGE_H - 130
    row_h = 22
    for r, row in enumerate(rows):
        y = top - r * row_h
        for ci, cell in enumerate(row):
            font = "Helvetica-Bold" if r == 0 else "Helvetica"
            if ci == 0:
                p.text(col_x[0] + 6, y - 15, cell, font=font)
            else:
                p.text(col_x[ci + 1] - 6, y - 15, cell, font=font, right=True)
    for r in range(len(rows) + 1):
        c.line(col_x[0], top - r * row_h, col_x[-1], top - r * row_h)
    for x in col_x:
        c.line(x, top, x, top - len(rows) * row_h)
    t.tables.append(rows)
    c.showPage()
    c.save()
    return Doc(f"table-{seed}", buf.getvalue(), [t])


def corpus(n: int = 2) -> Iterator[Doc]:
    """``n`` of each: invoices, 3-page contracts and ruled tables."""
    for seed in range(n):
        yield invoice(seed)
        yield contract(seed)
        yield ruled_table(seed)

"""An item table whose descriptions are set at a wide leading (worker/engines/layout/
table_records.py, table_wraps.py).

An insurance invoice lists each policy with its period on a second line under its name,
most of an em below it ("Kasko Pakett Lihtne (577VWV)" over "Kindlustusperiood:
16.01.2026 - 15.01.2027"), the items further apart still. The second line is the
description's, for the last item too, whose line stands under the table's last row as
the earlier items' lines stand under theirs.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = A4

ITEMS = [
    ("1", "Kasko Pakett Lihtne (577VWV)", "94014536", "353.38"),
    ("2", "BALCIA Liiklus 577VWV VOLKSWAGEN", "EE26-E190-00145212", "135.41"),
    ("3", "Reisikindlustus Aasta (Euroopa)", "RK-2026-77120", "42.00"),
]
PERIOD = "Kindlustusperiood: 16.01.2026 - 15.01.2027"


def _y(top: float) -> float:
    return HEIGHT - top


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, _y(70), "ARVE NR 2745540212")
    c.setFont("Helvetica", 10)
    c.drawString(58, _y(224), "Kauba / teenuse nimetus")
    c.drawString(354, _y(224), "Poliis")
    c.drawRightString(564, _y(224), "Summa")
    for k, (no, name, policy, amount) in enumerate(ITEMS):
        top = 261 + 44 * k
        c.drawString(39, _y(top), no)
        c.drawString(58, _y(top), name)
        c.drawString(354, _y(top), policy)
        c.drawRightString(564, _y(top), amount)
        c.drawString(58, _y(top + 19), PERIOD)
    c.setFont("Helvetica", 11)
    c.drawString(60, _y(440), "Arve on tasutud. Laekumise kuupäev 05.01.2026.")
    c.save()
    return path


def test_given_descriptions_at_a_wide_leading_then_each_second_line_is_its_items(tmp_path: Path) -> None:
    # Given three items, each description's second line 0.75 em under its first, the
    # items 1.35 em apart, the last item's second line under the table's last row
    page = convert(_draw(tmp_path / "invoice.pdf"))
    # When the page is read
    tables = [b.rows for b in page.blocks if b.kind == "table" and b.rows]
    # Then each item's row holds its description's two lines, the last item's too
    assert len(tables) == 1
    body = [row for row in tables[0] if row[0]]
    assert body == [[no, f"{name} {PERIOD}", policy, amount] for no, name, policy, amount in ITEMS]

"""Two columns a heavy rule divides, each ending in a line of two parts far apart
("Pier north ... Pier south" under the first, "Fish stall ... Fruit stall" under the
second), a blank stripe above that foot row: each column's lines are read in their
column, not the foot row across both after them (column_sets.ruled_columns)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

_, TOP = A4


def _ruled_page(path: Path, *, rule: bool = True) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(40, TOP - 60, "Harbour Notes")
    c.drawString(330, TOP - 60, "Market Notes")
    c.setFont("Helvetica", 12)
    c.drawString(40, TOP - 95, "Tides rose early along the quay.")
    c.drawString(330, TOP - 95, "Stalls opened before the bell.")
    c.setFont("Helvetica", 9)
    c.drawString(40, TOP - 220, "Pier north")
    c.drawRightString(270, TOP - 220, "Pier south")
    c.drawString(330, TOP - 220, "Fish stall")
    c.drawRightString(550, TOP - 220, "Fruit stall")
    if rule:
        c.setLineWidth(4)
        c.line(297, TOP - 30, 297, TOP - 240)
    c.save()
    return path


def test_given_ruled_columns_ending_in_two_part_lines_then_each_foot_stays_in_its_column(
    tmp_path: Path,
) -> None:
    # given: two columns divided by a rule, each ending in a line of two parts far apart
    pdf = _ruled_page(tmp_path / "ruled.pdf")

    # when
    text = words(convert(pdf).text or "")

    # then: the first column whole (its foot included), then the second
    order = ["Harbour Notes", "Tides rose", "Pier north Pier south", "Market Notes", "Stalls opened"]
    at = [text.find(s) for s in [*order, "Fish stall Fruit stall"]]
    assert all(a >= 0 for a in at) and at == sorted(at), (at, text)


def _labels(path: Path, *, rule: bool) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    for k, (label, value) in enumerate([("Name", "Ada Lovelace"), ("City", "London"), ("Year", "1843")]):
        c.drawString(40, TOP - 80 - 14 * k, label)
        c.drawString(110, TOP - 80 - 14 * k, value)
    if rule:
        c.line(100, TOP - 60, 100, TOP - 120)
    c.save()
    return path


def test_given_a_rule_beside_a_narrow_label_column_then_it_reads_as_without_the_rule(
    tmp_path: Path,
) -> None:
    # given: short labels beside their values, once with a rule between them, once without
    ruled = _labels(tmp_path / "ruled.pdf", rule=True)
    plain = _labels(tmp_path / "plain.pdf", rule=False)

    # when
    texts = [words(convert(pdf).text or "") for pdf in (ruled, plain)]

    # then: a divider with a narrow side is no column split
    assert texts[0] == texts[1], texts

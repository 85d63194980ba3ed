"""Table notes set with a hanging key column ("n.a.", "a" to "c", "Note:", "Source:" at
the left, each note's text beside its key, its further lines under that text): each key
is read with its note (label_cuts.py), not the keys in a run between the caption and the
table and the notes after it without them."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

_, HEIGHT = A4
NOTES = [
    ("n.a.", ["Not applicable."]),
    ("a", ["Final bound rates are based on the 2020 tariff schedule."]),
    ("b", ["Including prohibited tariff lines in case of the 2020 tariff analysis."]),
    ("c", ["Domestic tariff peaks are defined as those exceeding three times the overall", "average rate."]),
    ("Note:", ["The 2013 tariff is based on HS12 nomenclature.", "Averages are based on tariff lines."]),
    ("Source:", ["Secretariat calculations, based on data provided by the authorities."]),
]


def _page(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 9)
    c.drawString(72, HEIGHT - 90, "The standard deviation indicates higher tariff dispersion (Table 3.1).")
    c.setFont("Helvetica-Bold", 9)
    c.drawString(72, HEIGHT - 115, "Table 3.1 Structure of applied MFN tariffs, 2013 and 2020")
    xs, top, h = [78, 330, 400, 470, 520], HEIGHT - 125, 10.0
    rows = [["", "2013", "2020", "Bound"]] + [
        [f"Tariff measure number {k}", f"{k}.1", f"{k}.4", f"1{k}.0"] for k in range(1, 11)
    ]
    c.setLineWidth(0.5)
    for r in (0, 1, len(rows)):
        c.line(xs[0], top - r * h, xs[-1], top - r * h)
    c.setFont("Helvetica", 8)
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            c.drawString(xs[k] + 2, top - r * h - 8, cell)
    y = top - len(rows) * h - 16
    for key, lines in NOTES:
        y -= 4 if key.endswith(":") else 0
        c.drawString(72, y, key)
        for line in lines:
            c.drawString(115, y, line)
            y -= 10
    c.save()
    return path


def test_given_table_notes_with_a_hanging_key_column_then_each_key_goes_with_its_note(
    tmp_path: Path,
) -> None:
    # given: a table, and its notes under it with their keys in a column at the left
    # when
    result = convert(_page(tmp_path / "notes.pdf"))
    texts = [b.text for b in result.blocks]

    # then: the table comes before the notes, and each note starts with its key
    table = next(i for i, b in enumerate(result.blocks) if b.kind == "table")
    for key, lines in NOTES:
        at = next((i for i, t in enumerate(texts) if t.startswith(f"{key} {lines[0]}")), None)
        assert at is not None and at > table, texts

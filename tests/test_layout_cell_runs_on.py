"""A ruled table whose cells hold lines broken by hand (band_rows.rows_in_band): a row
label set on two lines ("ADSP-21161N" over "SHARC DSP Hardware Reference") beside a
description whose second line runs on in lower case is one row, not two; a form's
"Label:" lines level with their values under one rule stay rows of their own
(tests/test_layout_rowwise.py)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

ROWS = [
    (["ADSP-21161N DSP Datasheet"], ["General functional description, pinout and timing."]),
    (
        ["ADSP-21161N", "SHARC DSP Hardware Reference"],
        ["Description of internal DSP", "architecture and all register functions."],
    ),
    (["ADSP-21160 DSP Instruction Set Reference"], ["Description of all allowed DSP assembly instructions."]),
    (
        ["ADSP-21161", "Programmer's Quick Reference"],
        ["Provides a summary of the", "instruction set and the registers."],
    ),
]


def test_given_cells_broken_by_hand_with_a_description_running_on_then_each_entry_is_one_row(
    tmp_path: Path,
) -> None:
    # given: a two-column table ruled all round and between its rows, whose names and
    # descriptions are broken onto a second line by hand (the name's second line a new
    # capitalised phrase, the description's running on in lower case)
    path = tmp_path / "documents.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    left, mid, right = 60.0, 290.0, 560.0
    y = HEIGHT - 100
    c.setFont("Helvetica-Bold", 10)
    c.drawString(left + 5, y, "Document Name")
    c.drawString(mid + 5, y, "Description")
    tops = [y + 12]
    y -= 8
    tops.append(y)
    c.setFont("Helvetica", 10)
    for names, descriptions in ROWS:
        y -= 12
        for k in range(max(len(names), len(descriptions))):
            if k < len(names):
                c.drawString(left + 5, y - 12 * k, names[k])
            if k < len(descriptions):
                c.drawString(mid + 5, y - 12 * k, descriptions[k])
        y -= 12 * (max(len(names), len(descriptions)) - 1) + 6
        tops.append(y)
    c.setLineWidth(0.5)
    for t in tops:
        c.line(left, t, right, t)
    for x in (left, mid, right):
        c.line(x, tops[0], x, tops[-1])
    c.save()

    # when
    tables = [b for b in convert(path).blocks if b.kind == "table"]

    # then: one table, a row per entry with each cell's lines joined
    assert len(tables) == 1
    rows = [[cell for cell in row] for row in tables[0].rows or []]
    assert rows == [
        ["Document Name", "Description"],
        *[[" ".join(names), " ".join(descriptions)] for names, descriptions in ROWS],
    ], rows

"""A form's line numbers at the left margin (worker/engines/layout/flows.py): where its
numbered lines wrap, the numbers stand alone at the margin over several rows, a gutter's
width from the text, and were read as a column of their own ("2", "3" as paragraphs, then
both lines' texts run together). Each number belongs to the row beside it, and each
numbered line starts an entry that its wrapped rows go on with."""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

ENTRIES = [
    (
        "2",
        "If the organization is a foreign corporation that does not have an office or place of business "
        "in the United States, check here",
    ),
    (
        "3",
        "If the organization is a corporation and is the common parent of a group that intends to file "
        "a consolidated return, check here",
    ),
]


def _form(path: Path) -> Path:
    # given: 9 pt lines 475 pt wide, each number in bold at x 45, its text from x 65,
    # wrapped once; the wrapped row's dot leaders run on a 12 pt grid to the answer box
    _, height = letter
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(36, height - 60, "Part II All Filers Must Complete This Part")
    y = height - 84
    for number, text in ENTRIES:
        c.setFont("Helvetica-Bold", 9)
        c.drawString(45, y, number)
        c.setFont("Helvetica", 9)
        for line in simpleSplit(text, "Helvetica", 9, 475):
            c.drawString(65, y, line)
            end = 65 + c.stringWidth(line, "Helvetica", 9)
            y -= 12
        x = 12 * (int(end / 12) + 1)
        while x < 520:
            c.drawString(x, y + 12, ".")
            x += 12
    c.save()
    return path


def test_given_numbered_form_lines_that_wrap_then_each_number_opens_its_own_line(tmp_path: Path) -> None:
    # when
    result = convert(_form(tmp_path / "form.pdf"))

    # then: one paragraph per numbered line, its number first, its wrapped row with it
    # (the dot leaders left out: worker/engines/layout/blocks.py keeps them for now)
    texts = [re.sub(r"(?:\s*\.)+$", "", " ".join(b.text.split())) for b in result.blocks]
    assert texts[-2:] == [f"{n} {text}" for n, text in ENTRIES]

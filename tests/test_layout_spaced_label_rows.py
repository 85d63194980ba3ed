"""Label/value rows padded apart, as a Word table without borders sets them (worker/
engines/layout/header_rows.py header_continued): short labels left, values right, every
row half an em below the last, figures only from the fourth row on. The rows above the
first figure are no header of two lines: a row that stands as far below the one above
it as the body's rows stand apart starts a row of its own, its label with its value."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert, words

ROWS = [
    ("Project code", "ABC_Y"),
    ("Period", "The period starting from March 2023"),
    ("Review Target", "Final Mark"),
    ("Total No. of Members", "42"),
    ("Threshold Cut-Off", "1.75"),
    ("Flagged No. of Members", "5"),
]


def _block(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Times-Bold", 14)
    c.drawString(59, HEIGHT - 60, "Part 2: Results for the Testing Set")
    c.setFont("Times-Roman", 11)
    for k, (label, value) in enumerate(ROWS):
        y = HEIGHT - 98 - 18.7 * k  # 11 pt lines 18.7 pt apart: a blank of half an em
        c.drawString(59, y, label)
        c.drawString(247, y, value)
    c.save()
    return path


def test_given_label_rows_padded_apart_above_the_first_figure_then_no_two_rows_fuse(tmp_path: Path) -> None:
    # given: six label/value rows evenly padded apart, no figure in the first three
    pdf = _block(tmp_path / "rows.pdf")

    # when
    text = words(convert(pdf).text or "")

    # then: each label is read with its own value, row after row
    assert " ".join(f"{label} {value}" for label, value in ROWS) in text, text

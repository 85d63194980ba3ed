"""A form's first field row in the top margin (worker/engines/layout/running.py): three
labels in small print, each in a cell that drawn rules box, above the form's title. One
page cannot show that the row repeats, and running heads are parted by space or a bar,
not by ruled cells: the row is the form's text. The same labels parted by space alone
stay a running head, as before."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = LETTER
LABELS = [
    (54, "Head of household name"),
    (226, "Social Security Number"),
    (397, "Date modified (mm/dd/yyyy)"),
]
BODY = [
    "The agency reports each family's income, assets and household members once a year,",
    "and again whenever the family's income or its members change during the year, on",
    "this form, which the housing authority keeps with the family's tenancy records.",
]


def _page(path: Path, *, ruled: bool) -> Path:
    c = canvas.Canvas(str(path), pagesize=LETTER)
    top = HEIGHT - 46
    c.setFont("Helvetica", 8)
    for x, text in LABELS:
        c.drawString(x, top + 2.5, text)
    if ruled:  # the row's frame and the rules between its cells
        c.setLineWidth(0.5)
        c.rect(48, top, 515, 10, stroke=1, fill=0)
        for x in (220, 392):
            c.line(x, top, x, top + 10)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(54, HEIGHT - 77, "Family Report")
    c.setFont("Helvetica", 10)
    y = HEIGHT - 110
    for line in BODY:
        c.drawString(54, y, line)
        y -= 13
    c.save()
    return path


def test_given_a_field_row_in_ruled_cells_at_the_top_then_it_is_text(tmp_path: Path) -> None:
    # given: the labels boxed in ruled cells in the top margin
    result = convert(_page(tmp_path / "form.pdf", ruled=True))

    # then: no running head; the labels are in the text, before the title
    assert [b for b in result.blocks if b.kind == "page_header"] == []
    text = result.text or ""
    assert "Head of household name" in text and "Date modified (mm/dd/yyyy)" in text
    assert text.index("Head of household") < text.index("Family Report")


def test_given_the_same_labels_parted_by_space_alone_then_they_stay_a_running_head(tmp_path: Path) -> None:
    # given: the row without its rules
    result = convert(_page(tmp_path / "plain.pdf", ruled=False))

    # then: small print apart from the text in the margin is still the page's
    heads = [b for b in result.blocks if b.kind == "page_header"]
    assert heads and "Social Security Number" in heads[0].text

"""A questionnaire drawn as one framed ruled grid of two columns, no header
(worker/engines/layout/grid_sections.py): a census form's page, a title band across the
frame, then question bands, each cut from the next by a rule across (solid between
questions, dashed between a question's parts), a column rule down the middle. The left
cell holds the question's number and its words wrapped on a few lines; the right cell a
small boxed code and the options one to a line, each a tiny code number, a checkbox
square and its words. A note band runs across both columns.

Read as a table, each band is a row "question | 1 ☐ Yes 2 ☐ No ...", the options a
cell's text and no checkbox items. A reader reads the bands one by one, the question,
then each option a checkbox of its own.

The tests read: given such a grid drawn on a page, when the page is laid out, then the
questions are text and each option is a checkbox item, unticked."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from tests.layout_pages import convert, words

WIDTH, HEIGHT = 667.0, 1063.0
LEFT, MID, RIGHT, TOP, FOOT = 62.0, 345.0, 629.0, 54.0, 984.0
PITCH = 12.0
QUESTIONS: list[tuple[str, list[str], str, list[str]]] = [
    (
        "58.",
        [
            "If this apartment (house) is occupied,",
            "will it be the first occupancy since its",
            "construction or conversion?",
        ],
        "518",
        ["Yes, first occupancy", "No, previously occupied", "Don't know"],
    ),
    (
        "59.",
        ["How many units are in this building?"],
        "519",
        ["1 unit without business", "2 to 4 units", "5 to 49 units", "50 or more units"],
    ),
    (
        "b.",
        ["Is this building on a farm?"],
        "520",
        ["Yes", "No"],
    ),
]
NOTE = "NOTE - Questions 59 and 60 pertain to the building in which the unit is located."


def _draw(path: Path, *, ruled_boxes: bool, headed: bool = False, joined: bool = False) -> Path:
    """The page: frame, title band, three question bands (the last a part of the second,
    under a dashed rule) and a note band. ``ruled_boxes``: each checkbox drawn as four
    thin filled rects, not one square path. ``headed``: the title band holds the form's
    id and number in cells at its sides (edges of their own: the grid's cells are then
    mostly empty, a boxed form's). ``joined``: each option's code in the option's print, so
    that the text layer joins it to the option's line ("1 ☐ Yes"), and the first option
    level with the question's code box, as a census form sets them."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setLineWidth(0.5)

    def y(top: float) -> float:
        return HEIGHT - top

    def text(x: float, top: float, t: str, font: str = "Helvetica", size: float = 8.0) -> None:
        c.setFont(font, size)
        c.drawString(x, y(top + size), t)

    def across(top: float, dashed: bool = False) -> None:
        if dashed:
            c.setDash(3, 2)
            c.line(LEFT, y(top), RIGHT, y(top))
            c.setDash()
        else:
            c.rect(LEFT, y(top) - 1, RIGHT - LEFT, 2, stroke=0, fill=1)

    def box(x: float, top: float, side: float = 9.0) -> None:
        if ruled_boxes:
            w = 0.5
            for rx, ry, rw, rh in (
                (x, top, side, w),
                (x, top + side - w, side, w),
                (x, top, w, side),
                (x + side - w, top, w, side),
            ):
                c.rect(rx, y(ry + rh), rw, rh, stroke=0, fill=1)
        else:
            c.rect(x, y(top + side), side, side, stroke=1, fill=0)

    c.rect(LEFT, y(FOOT), RIGHT - LEFT, FOOT - TOP, stroke=1, fill=0)
    c.setFont("Helvetica-Bold", 11)
    c.drawCentredString((LEFT + RIGHT) / 2, y(TOP + 16), "Section II - VACANT UNITS")
    if headed:
        for x in (200.0, 490.0):
            c.line(x, y(TOP), x, y(TOP + 24))
        text(66, TOP + 8, "Form D-1")
        text(494, TOP + 8, "OMB No. 0607-0001")
    top = TOP + 24
    across(top)
    grid_top = top
    for k, (number, question, code, options) in enumerate(QUESTIONS):
        if k:
            across(top, dashed=number.endswith(".") and not number[0].isdigit())
        text(66, top + 5, number, "Helvetica-Bold", 9)
        for i, t in enumerate(question):
            text(97, top + 5 + PITCH * i, t, "Helvetica-Bold", 9)
        # the code's box, drawn as four lines
        for x0, t0, x1, t1 in (
            (MID, top, 370, top),
            (MID, top + 14, 370, top + 14),
            (370, top, 370, top + 14),
        ):
            c.line(x0, y(t0), x1, y(t1))
        text(349, top + 3, code, size=7)
        for i, option in enumerate(options):
            row = top + (3 if joined else 20) + PITCH * i
            text(377, row, f"{i + 1}", size=8 if joined else 5)
            box(388, row - 1)
            text(401, row, option)
        top += max(PITCH * len(question), (3 if joined else 20) + PITCH * len(options)) + 10
    c.line(MID, y(grid_top), MID, y(top))
    across(top)
    text(66, top + 5, NOTE, size=8)
    top += 20
    across(top)
    c.save()
    return path


@pytest.mark.parametrize(
    ("ruled_boxes", "headed", "joined"),
    [(False, False, False), (True, False, False), (False, True, False), (True, False, True)],
    ids=["square-paths", "four-rects", "headed", "codes-joined"],
)
def test_given_a_framed_questionnaire_grid_then_options_are_checkbox_items(
    tmp_path: Path, ruled_boxes: bool, headed: bool, joined: bool
) -> None:
    # Given a framed two-column grid of questions beside their checkbox options (under
    # a header of cells of its own, or not; codes joined to their options' lines, or not)
    page = convert(_draw(tmp_path / "census.pdf", ruled_boxes=ruled_boxes, headed=headed, joined=joined))
    blocks = [(b.kind, words(b.text), b.checked) for b in page.blocks]
    # When it is read, then no table is made of it
    assert not any(kind == "table" for kind, _, _ in blocks), blocks
    # Then each option is an unticked checkbox item, its code number before the box left
    # out, in the form's order
    items = [(text, checked) for kind, text, checked in blocks if kind == "list_item"]
    assert items == [(opt, False) for _, _, _, options in QUESTIONS for opt in options], blocks
    # And each band reads its question, then its code, then its options; the note last
    texts = [text for kind, text, _ in blocks if kind != "list_item"]
    head = ["Form D-1", "Section II - VACANT UNITS", "OMB No. 0607-0001"] if headed else []
    assert texts == [
        *(head or ["Section II - VACANT UNITS"]),
        *(t for number, question, code, _ in QUESTIONS for t in (words(" ".join([number, *question])), code)),
        NOTE,
    ], blocks
    kinds = [kind for kind, _, _ in blocks]
    assert kinds == [
        *["paragraph"] * (3 if headed else 1),
        *(k for *_, options in QUESTIONS for k in ("paragraph", "paragraph", *["list_item"] * len(options))),
        "paragraph",
    ], blocks


def _draw_table(path: Path) -> Path:
    """A framed two-column table with no header, its second column one labelled box to a
    cell (a list of documents, each beside the box ticked when it is enclosed)."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setLineWidth(0.5)
    rows = [("Birth certificate", "Enclosed"), ("Passport", "Enclosed"), ("Tax return", "Enclosed")]
    top, pitch = 100.0, 20.0
    c.rect(LEFT, HEIGHT - top - pitch * len(rows), RIGHT - LEFT, pitch * len(rows), stroke=1, fill=0)
    c.line(MID, HEIGHT - top, MID, HEIGHT - top - pitch * len(rows))
    c.setFont("Helvetica", 9)
    for k, (label, value) in enumerate(rows):
        y = HEIGHT - top - pitch * k
        if k:
            c.line(LEFT, y, RIGHT, y)
        c.drawString(66, y - 13, label)
        c.rect(MID + 6, y - 14, 9, 9, stroke=1, fill=0)
        c.drawString(MID + 20, y - 13, value)
    c.save()
    return path


def test_given_a_framed_table_with_one_box_to_a_cell_then_it_stays_a_table(tmp_path: Path) -> None:
    # Given a framed two-column table whose right-hand cells each hold one labelled box
    page = convert(_draw_table(tmp_path / "table.pdf"))
    # When it is read, then it is a table still: one box to a cell is no question's options
    assert [b.kind for b in page.blocks] == ["table"], [(b.kind, words(b.text)) for b in page.blocks]

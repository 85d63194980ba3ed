"""A table whose cells are shaded by filled rectangles painted as ONE path per colour
(a magazine's zebra table: each event's row of cells and the full-width description
row under it, band after band, alternate bands in a second colour). Such a path has
hundreds of segments, which a drawing (a chart, a logo) has too; read as one, the
shading drew no rules and the table ended after its header, its rows left as
paragraphs (worker/engines/drawings.py, drawn_boxes.rectangles_only)."""

from __future__ import annotations

import itertools
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import convert

WIDTH, HEIGHT = letter
XS = [60, 150, 290, 420, 550]  # the columns' edges
HEADER = ["Date", "Location", "Aircraft", "Damage"]
EVENTS = [
    (f"May {d}, 2005", f"Town {d}", f"Model {d}", "minor", f"Event {d}: the crew returned and landed safely.")
    for d in range(1, 13)
]


def _page(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    top = HEIGHT - 80
    # given: the header's cells, one path
    c.setFillColorRGB(1.0, 0.84, 0.7)
    head = c.beginPath()
    for x0, x1 in itertools.pairwise(XS):
        head.rect(x0, top - 20, x1 - x0, 20)
    c.drawPath(head, stroke=0, fill=1)
    # ... and the bands: a row of cells (18 pt) over a description row (16 pt), each
    # band's rectangles in the path of its colour
    paths = [c.beginPath(), c.beginPath()]
    y = top - 20
    for k in range(len(EVENTS)):
        p = paths[k % 2]
        for x0, x1 in itertools.pairwise(XS):
            p.rect(x0, y - 18, x1 - x0, 18)
        p.rect(XS[0], y - 34, XS[-1] - XS[0], 16)
        y -= 34
    for p, shade in zip(paths, ((1.0, 0.96, 0.93), (1.0, 0.91, 0.84)), strict=True):
        c.setFillColorRGB(*shade)
        c.drawPath(p, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica-Bold", 9)
    for x, label in zip(XS, HEADER, strict=False):
        c.drawString(x + 5, top - 14, label)
    c.setFont("Helvetica", 9)
    y = top - 20
    for event in EVENTS:
        for x, cell in zip(XS, event[:4], strict=False):
            c.drawString(x + 5, y - 13, cell)
        c.drawString(XS[0] + 5, y - 30, event[4])
        y -= 34
    c.save()
    return path


def test_given_zebra_bands_painted_as_one_path_per_colour_then_every_band_is_rows(tmp_path: Path) -> None:
    # when
    result = convert(_page(tmp_path / "zebra.pdf"))

    # then: one table, the header's row, then each event's cells and its description
    tables = [b for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1
    expected = [HEADER]
    for event in EVENTS:
        expected += [list(event[:4]), [event[4], "", "", ""]]
    assert tables[0].rows == expected

"""Sideways labels down the side of a ruled grid (a timetable's fare zones, each beside
its group of rows, in a band of their own) are labels read after the table, not a column
of its cells (layout/ruled_cells.py, turned_labels); a turned head over a column of cells
stays that column's head."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, WIDTH, convert

TIMES = [[f"{h}:{m:02d}a" for h in (6, 7, 8)] for m in range(10, 50, 5)]


def _draw(path: Path) -> Path:
    """A heading; a ruled grid: a narrow band, the station column, three train columns;
    a header row whose first cell runs across the band; eight stations; "ZONE 1" turned
    to read upwards in the band beside the first four rows, "ZONE 2" beside the last
    four; a paragraph under the grid."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setFont("Helvetica-Bold", 14)
    c.drawString(60, HEIGHT - 60, "Weekend service")
    band, cols, top, pitch = 60.0, [72.0, 170.0, 230.0, 290.0, 350.0], HEIGHT - 80, 14.0
    rows = len(TIMES) + 1
    c.setLineWidth(0.6)
    for i in range(rows + 1):
        c.line(band, top - i * pitch, cols[-1], top - i * pitch)
    c.line(band, top, band, top - rows * pitch)
    c.line(cols[0], top - pitch, cols[0], top - rows * pitch)  # the band: under the header only
    for x in cols[1:]:
        c.line(x, top, x, top - rows * pitch)
    c.setFont("Helvetica", 9)
    c.drawString(cols[0] + 4, top - 10, "Station")
    for x, name in zip(cols[1:], ("Train 1", "Train 2", "Train 3"), strict=False):
        c.drawString(x + 4, top - 10, name)
    for r, times in enumerate(TIMES, start=1):
        base = top - r * pitch - 10
        c.drawString(cols[0] + 4, base, f"Stop {r}")
        for x, t in zip(cols[1:], times, strict=False):
            c.drawString(x + 4, base, t)
    c.setFont("Helvetica-Bold", 6)
    for k, label in enumerate(("ZONE 1", "ZONE 2")):
        c.saveState()
        c.translate(band + 8, top - pitch * (1 + 4 * (k + 1)) + 6)
        c.rotate(90)
        c.drawString(0, 0, label)
        c.restoreState()
    c.setFont("Helvetica", 10)
    c.drawString(60, top - rows * pitch - 30, "Timetable subject to change without notice.")
    c.save()
    return path


def test_given_turned_labels_in_a_band_beside_a_grid_then_they_are_no_column(tmp_path: Path) -> None:
    # given: a ruled timetable with its zones turned sideways in a band down its left side
    pdf = _draw(tmp_path / "timetable.pdf")

    # when
    blocks = [b for b in convert(pdf).blocks if b.kind not in ("page_header", "page_footer")]

    # then: the grid is the stations and their times, the header's first cell heading
    # the station column; the labels are text after it, before the paragraph under it
    [table] = [i for i, b in enumerate(blocks) if b.kind == "table"]
    assert blocks[table].rows == [
        ["Station", "Train 1", "Train 2", "Train 3"],
        *[[f"Stop {r}", *times] for r, times in enumerate(TIMES, start=1)],
    ]
    texts = [b.text for b in blocks]
    labels = next(i for i, t in enumerate(texts) if "ZONE 1" in t)
    assert "ZONE 2" in " ".join(texts[labels : labels + 2])
    assert table < labels < next(i for i, t in enumerate(texts) if t.startswith("Timetable subject")), texts

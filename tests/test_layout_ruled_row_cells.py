"""A grid ruled row by row keeps a row whose cells run over several lines whole: a cell
listing three bulleted cases beside a cell of several sentences is one row, as the rules
draw it, not a row per bullet (layout/band_rows.py, _ruled_by_row)."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, WIDTH, convert

CASES = [
    "• A company taxed as a partnership",
    "  under the federal rules,",
    "• A company that elected to be taxed",
    "  as a corporation, or",
    "• A company disregarded as separate",
    "  from an owner that is a company",
    "  itself not disregarded.",
]
ANSWER = [
    "Limited company, and enter the",
    "tax classification beside it.",
    "(P = Partnership; C = Corporation;",
    "or S = S corporation)",
]


def _draw(path: Path) -> Path:
    """A ruled two-column table, every row between rules: a header, two one-line rows, the
    row of bulleted cases beside its answer, two more one-line rows."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, HEIGHT - 60, "Which box to tick")
    cols, pitch = [72.0, 260.0, 440.0], 11.0
    rows: list[tuple[list[str], list[str]]] = [
        (["IF the payee is a(n) . . ."], ["THEN tick the box for . . ."]),
        (["• Corporation"], ["Corporation"]),
        (["• Individual"], ["Individual"]),
        (CASES, ANSWER),
        (["• Partnership"], ["Partnership"]),
        (["• Trust or estate"], ["Trust/estate"]),
    ]
    y = HEIGHT - 80
    c.setLineWidth(0.6)
    c.setFont("Helvetica", 9)
    c.line(cols[0], y, cols[-1], y)
    for left, right in rows:
        height = pitch * max(len(left), len(right)) + 4
        for k, text in enumerate(left):
            c.drawString(cols[0] + 4, y - 10 - k * pitch, text)
        for k, text in enumerate(right):
            c.drawString(cols[1] + 4, y - 10 - k * pitch, text)
        for x in cols:
            c.line(x, y, x, y - height)
        y -= height
        c.line(cols[0], y, cols[-1], y)
    c.save()
    return path


def test_given_a_grid_ruled_row_by_row_then_a_bulleted_cell_stays_one_row(tmp_path: Path) -> None:
    # given: a ruled table with a row of three bulleted cases beside a four-line answer
    pdf = _draw(tmp_path / "classes.pdf")

    # when
    [table] = [b for b in convert(pdf).blocks if b.kind == "table"]

    # then: six rows as ruled; the cases one cell, the answer one cell
    assert table.rows is not None
    assert [row[1] for row in table.rows] == [
        "THEN tick the box for . . .",
        "Corporation",
        "Individual",
        " ".join(ANSWER),
        "Partnership",
        "Trust/estate",
    ]
    # (its items' text, without the bullets that mark them: a table has no list items)
    assert table.rows[3][0] == " ".join(" ".join(CASES).replace("\u2022 ", "").split())

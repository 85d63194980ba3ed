"""Unruled and partly ruled tables, and how a cell's lines join (H6): Japanese lines wrapped
in a ruled cell and in a paragraph join with nothing between two CJK characters."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

JP = "HeiseiMin-W3"


def _japanese_font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(JP))
    return JP


def test_given_a_ruled_japanese_table_with_a_wrapped_cell_then_its_lines_join_without_a_space(
    tmp_path: Path,
) -> None:
    # given: a 3x3 ruled grid whose first body cell wraps "持分法の適用範囲" / "の変動"
    path = tmp_path / "jp-grid.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont(_japanese_font(), 10)
    xs, top, h = [72.0, 212.0, 292.0, 372.0], HEIGHT - 100, 30.0
    rows: list[list[str | tuple[str, ...]]] = [
        ["項目", "前期", "当期"],
        [("持分法の適用範囲", "の変動"), "1,200", "1,350"],
        ["合計", "800", "910"],
    ]
    for i, row in enumerate(rows):
        y = top - h * i
        for j, cell in enumerate(row):
            lines = cell if isinstance(cell, tuple) else (cell,)
            for k, text in enumerate(lines):
                c.drawString(xs[j] + 4, y - 12 - 12 * k, text)
    for i in range(len(rows) + 1):
        c.line(xs[0], top - h * i, xs[-1], top - h * i)
    for x in xs:
        c.line(x, top, x, top - h * len(rows))
    c.save()

    # when
    result = convert(path)

    # then
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows[1][0] == "持分法の適用範囲の変動"


def test_given_a_japanese_paragraph_wrapped_onto_lines_then_they_join_without_a_space(tmp_path: Path) -> None:
    # given: one Japanese paragraph over three lines, and an English one below it
    path = tmp_path / "jp-para.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont(_japanese_font(), 10)
    lines = [
        "当連結会計年度における我が国経済は、企業収益の改善",
        "を背景に緩やかな回復基調が続きましたが、海外経済の",
        "不確実性は依然として高い状況にあります。",
    ]
    for i, text in enumerate(lines):
        c.drawString(72, HEIGHT - 100 - 14 * i, text)
    c.setFont("Helvetica", 10)
    c.drawString(72, HEIGHT - 160, "The English summary wraps onto a second line and keeps")
    c.drawString(72, HEIGHT - 174, "its spaces between words.")
    c.save()

    # when
    result = convert(path)

    # then
    texts = [b.text for b in result.blocks]
    assert "".join(lines) in texts
    assert "The English summary wraps onto a second line and keeps its spaces between words." in texts

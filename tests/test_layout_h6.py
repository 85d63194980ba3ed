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


def test_given_a_table_of_words_ruled_only_between_its_rows_then_it_is_one_table_with_its_wrapped_cells(
    tmp_path: Path,
) -> None:
    # given: three columns of words (no figures, no bold header, no vertical rule), a
    # horizontal rule under the header and under every row, and cells wrapped onto
    # several lines inside their ruled row
    path = tmp_path / "h-ruled.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 11)
    xs = [60.0, 230.0, 390.0]
    rows = [
        [["Animal"], ["Action"], ["Result"]],
        [["Cat"], ["Says"], ["Meow"]],
        [["Mountain", "goat"], ["Bleats"], ["Maa"]],
        [["Fox"], ["Says"], ["Ring-ding-ding and then", "wa-pa-pa-pa-pow after", "that, until morning"]],
    ]
    y = HEIGHT - 90
    for row in rows:
        for x, cell in zip(xs, row, strict=True):
            for k, text in enumerate(cell):
                c.drawString(x, y - 13 * k, text)
        y -= 13 * max(len(cell) for cell in row) + 10
        c.line(56, y + 15.5, 556, y + 15.5)
    c.save()

    # when
    result = convert(path)

    # then: one table, a row per ruled space, each wrapped cell whole
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [
        ["Animal", "Action", "Result"],
        ["Cat", "Says", "Meow"],
        ["Mountain goat", "Bleats", "Maa"],
        ["Fox", "Says", "Ring-ding-ding and then wa-pa-pa-pa-pow after that, until morning"],
    ]
    assert [b.kind for b in result.blocks] == ["table"]


def test_given_two_small_tables_side_by_side_divided_by_a_vertical_rule_then_they_are_two_tables(
    tmp_path: Path,
) -> None:
    # given: an attendance count and a vote count set side by side on shared baselines,
    # a vertical rule between them, the right one a row longer, a title above both
    path = tmp_path / "beside.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(60, HEIGHT - 70, "Result of the vote")
    c.setFont("Helvetica", 10)
    left = [["", "Counted", "Total"], ["Present", "217", "217"], ["Absent", "40", "40"]]
    right = [
        ["", "Members", "Chair"],
        ["Votes for", "129", "0"],
        ["Votes against", "65", "0"],
        ["Abstained", "22", "0"],
    ]
    top = HEIGHT - 110
    for i, row in enumerate(left):
        c.drawString(60, top - 15 * i, row[0])
        c.drawRightString(190, top - 15 * i, row[1])
        c.drawRightString(260, top - 15 * i, row[2])
    for i, row in enumerate(right):
        c.drawString(300, top - 15 * i, row[0])
        c.drawRightString(430, top - 15 * i, row[1])
        c.drawRightString(500, top - 15 * i, row[2])
    c.line(280, top + 14, 280, top - 15 * len(right) + 8)
    c.save()

    # when
    result = convert(path)

    # then: two tables, left one first, each with its own rows
    tables = [b.rows for b in result.blocks if b.kind == "table"]
    assert tables == [left, right]


def test_given_a_plain_header_line_over_two_narrow_columns_then_the_body_columns_stay_apart(
    tmp_path: Path,
) -> None:
    # given: a vote count whose plain (not bold) header "Members Chairman" is one line over
    # two narrow columns of figures, the labels a gutter left of the first figures
    path = tmp_path / "header-closes.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    top = HEIGHT - 100
    c.drawString(368, top, "Members")
    c.drawString(416, top, "Chairman")  # a word space after "Members": one line
    c.drawString(476, top, "Tiebreak")
    c.drawRightString(560, top, "Total")
    body = [
        ["Votes for", "129", "0", "0", "129"],
        ["Votes against", "65", "0", "0", "65"],
        ["Abstained", "22", "0", "", "22"],
    ]
    for i, row in enumerate(body):
        y = top - 15 * (i + 1)
        c.drawString(293, y, row[0])
        for x, cell in zip((398, 451, 513, 559), row[1:], strict=True):
            c.drawRightString(x, y, cell)
    c.save()

    # when
    result = convert(path)

    # then: the labels and each column of figures are cells of their own
    [table] = [b for b in result.blocks if b.kind == "table"]
    assert table.rows == [["", "Members", "Chairman", "Tiebreak", "Total"], *body]

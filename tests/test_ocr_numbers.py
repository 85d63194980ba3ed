"""Digit-group separators in scanned tables (worker/engines/ocr_numbers.py): a thousands
comma that lost its tail on the scan was read as a full stop ("3.298" among "11,611" and
"2,275" in a column of firearm checks), a number a thousand times too small. Each column's
own convention settles it; columns whose convention is not plain are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from common.documents.page_blocks import Block
from worker.engines.base import PageInput
from worker.engines.ocr_numbers import settle_rows, settle_separators
from worker.engines.rapidocr import RapidOcrEngine

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_a_stray_full_stop_in_a_column_grouped_with_commas_becomes_a_comma() -> None:
    # given a table whose counts are grouped with commas, two read with a full stop
    rows = [
        ["State", "Permit", "Handgun"],
        ["Alabama", "18,870", "23,022"],
        ["Arkansas", "3.298", "6,359"],
        ["Florida", "15,907", "50,796"],
        ["Idaho", "1,944", "103.532"],
        ["Guam", "0", "100"],
    ]
    # when the columns are settled
    settled = settle_rows(rows)
    # then the strays take the column's comma, and nothing else changes
    assert settled is not None
    assert settled[2] == ["Arkansas", "3,298", "6,359"]
    assert settled[4] == ["Idaho", "1,944", "103,532"]
    assert settled[0] == rows[0] and settled[5] == rows[5]


def test_a_column_grouped_with_full_stops_takes_back_a_stray_comma() -> None:
    # given a column grouped the continental way, one figure read with a comma
    rows = [
        ["Posten", "Betrag"],
        ["Miete", "12.400"],
        ["Strom", "1.250"],
        ["Wasser", "2,300"],
        ["Summe", "15.950"],
    ]
    # when settled, then the stray comma becomes the column's full stop
    settled = settle_rows(rows)
    assert settled is not None and settled[3] == ["Wasser", "2.300"]


@pytest.mark.parametrize(
    "column",
    [
        # decimals written with a full stop: "3.298" may be a decimal with three places
        ["1,250", "2,400", "3.298", "12.50"],
        # as many numbers grouped each way: the convention is not known
        ["1,250", "2,400", "3.298", "4.100"],
        # one grouped number is no convention
        ["1,250", "3.298", "17", "42"],
    ],
)
def test_a_column_whose_convention_is_not_plain_is_left_as_read(column: list[str]) -> None:
    # given a column whose own figures do not settle which mark groups its digits
    rows = [["Item", "Amount"], *[[f"row {i}", c] for i, c in enumerate(column)]]
    # when settled, then nothing is changed
    assert settle_rows(rows) is None


def test_only_tables_are_settled() -> None:
    # given a paragraph that mentions "3.298" and a table that needs settling
    para = Block(kind="paragraph", text="Version 3.298 of 1,250 builds", bbox=(0, 0, 10, 10))
    table = Block(
        kind="table",
        text="",
        bbox=(0, 20, 10, 30),
        rows=[["a", "b"], ["x", "1,100"], ["y", "2.200"], ["z", "3,300"]],
    )
    # when the page's blocks are settled
    out = settle_separators([para, table])
    # then the paragraph is as read; the table's cells and its Markdown text are settled
    assert out[0] is para
    assert out[1].rows is not None and out[1].rows[2] == ["y", "2,200"]
    assert "2,200" in out[1].text and "2.200" not in out[1].text


def test_a_scanned_table_comes_out_with_its_columns_convention() -> None:
    # given a scanned count table whose one figure shows a full stop for the column's comma
    records = [("Alabama", "18,870"), ("Arkansas", "3.298"), ("Florida", "15,907"), ("Georgia", "14,111")]
    img = Image.new("L", (900, 420), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 26)
    draw.text((80, 60), "State", font=font, fill=0)
    draw.text((520, 60), "Permits", font=font, fill=0)
    for k, (state, count) in enumerate(records):
        y = 120 + 60 * k
        draw.text((80, y), state, font=font, fill=0)
        draw.text((520, y), count, font=font, fill=0)
    # when the OCR engine reads it
    result = RapidOcrEngine().convert_page(PageInput(1, 900.0, 420.0, image=img.convert("RGB")))
    # then the table's Arkansas count is grouped as the column groups its figures
    tables = [b for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].rows is not None
    assert ["Arkansas", "3,298"] in [[c.strip() for c in row] for row in tables[0].rows]

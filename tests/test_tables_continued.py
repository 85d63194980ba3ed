"""A table over a page break is one table in the tables output (common/extraction/
tables.py): a bank statement's transactions are one sheet, its repeated header once."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from common.documents.results import Block, PageResult
from common.extraction.tables import document_tables, to_xlsx

HEADER = ["Date", "Description", "Paid out", "Paid in", "Balance"]


def _table(rows: list[list[str]], top: float) -> Block:
    return Block(kind="table", text="", bbox=(50.0, top, 545.0, top + 14.0 * len(rows)), rows=rows)


def _text(kind: str, text: str, top: float) -> Block:
    return Block(kind=kind, text=text, bbox=(50.0, top, 545.0, top + 12.0))  # type: ignore[arg-type]


def _page(no: int, blocks: list[Block]) -> PageResult:
    return PageResult(page_no=no, engine="pdf-text", width=595.0, height=842.0, blocks=blocks)


def _rows(first: int, n: int) -> list[list[str]]:
    return [
        [f"{d} Sep 2025", f"Card payment {d}", f"{d}.00", "", f"{1000 - d}.00"]
        for d in range(first, first + n)
    ]


def test_given_a_table_that_runs_over_the_page_break_then_it_is_one_table() -> None:
    # given: page 1 ends with the transactions, page 2 starts with them again under a
    # repeated header (only its running header above), and page 3 has its own table
    # after a paragraph
    pages = [
        _page(
            1, [_text("paragraph", "Statement for September", 60.0), _table([HEADER, *_rows(1, 20)], 100.0)]
        ),
        _page(
            2,
            [_text("page_header", "Fellside Building Society", 30.0), _table([HEADER, *_rows(21, 8)], 60.0)],
        ),
        _page(
            3,
            [
                _text("paragraph", "Interest rates", 60.0),
                _table([["Rate", "From"], ["1.5 %", "1 Oct"]], 90.0),
            ],
        ),
    ]

    # when
    tables = document_tables(pages)

    # then: the transactions are one table over pages 1 and 2, the header once
    first, second = tables
    assert first["pages"] == [1, 2] and first["page"] == 1
    assert first["rows"][0] == HEADER and first["n_rows"] == 29
    assert [r[0] for r in first["rows"][1:]] == [f"{d} Sep 2025" for d in range(1, 29)]
    assert second["index"] == 2 and second["pages"] == [3]
    # and the workbook has a sheet for each
    book = load_workbook(io.BytesIO(to_xlsx(tables)))
    assert book.sheetnames == ["p1-t1", "p3-t2"] and book["p1-t1"].max_row == 29


def test_given_text_between_or_other_columns_then_the_tables_stay_apart() -> None:
    # given: page 2's table comes after a paragraph; page 4's has other columns
    pages = [
        _page(1, [_table([HEADER, *_rows(1, 3)], 100.0)]),
        _page(2, [_text("paragraph", "Notes", 60.0), _table([HEADER, *_rows(4, 3)], 90.0)]),
        _page(3, [_table([HEADER, *_rows(7, 3)], 100.0)]),
        _page(4, [_table([["Rate", "From"], ["1.5 %", "1 Oct"]], 60.0)]),
    ]

    # when
    tables = document_tables(pages)

    # then: page 2's table continues on page 3 (it ends page 2), the others stand alone
    assert [t["pages"] for t in tables] == [[1], [2, 3], [4]]

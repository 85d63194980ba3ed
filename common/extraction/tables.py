"""A document's tables as data: the ``tables`` JSON (page, box, header rows, cells), one
workbook with a sheet per table (openpyxl: header rows frozen and bold, spanning cells
merged), and one table as CSV.

A table's cells come from its page result: a DocTags page's DoclingDocument carries cell
spans, which become merged cells; a CPU engine's table block carries its grid (a spanning
cell's text in its top-left cell, the cells it covers empty) with one header row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from common.documents.results import PageResult

MAX_SHEET_NAME = 31  # Excel's limit


def _docling_tables(page: PageResult) -> list[dict[str, Any]] | None:
    """The page's tables with their spans, from its DoclingDocument, if it has one."""
    if page.docling is None:
        return None
    tables: list[dict[str, Any]] = []
    for item in page.docling.get("tables", []):
        data = item.get("data") or {}
        n_rows, n_cols = int(data.get("num_rows", 0)), int(data.get("num_cols", 0))
        if not n_rows or not n_cols:
            continue
        rows = [["" for _ in range(n_cols)] for _ in range(n_rows)]
        spans: list[list[int]] = []
        header_rows = 0
        for cell in data.get("table_cells", []):
            r, c = int(cell["start_row_offset_idx"]), int(cell["start_col_offset_idx"])
            if r < n_rows and c < n_cols:
                rows[r][c] = str(cell.get("text", ""))
            rs, cs = int(cell.get("row_span", 1)), int(cell.get("col_span", 1))
            if rs > 1 or cs > 1:
                spans.append([r, c, rs, cs])
            if cell.get("column_header"):
                header_rows = max(header_rows, r + rs)
        prov = (item.get("prov") or [{}])[0]
        box = prov.get("bbox") or {}
        bbox = [box.get("l", 0.0), box.get("t", 0.0), box.get("r", 0.0), box.get("b", 0.0)]
        if box.get("coord_origin") == "BOTTOMLEFT":
            bbox = [bbox[0], page.height - bbox[1], bbox[2], page.height - bbox[3]]
        tables.append({"box": bbox, "rows": rows, "header_rows": header_rows, "spans": spans})
    return tables


def document_tables(pages: Sequence[PageResult]) -> list[dict[str, Any]]:
    """Every table, in page and reading order, numbered from 1. A table that runs over a
    page break (it ends its page and the next page starts with a table of as many
    columns) is one table: its header row, where the next page repeats it, is kept once,
    and ``pages`` lists every page it is on (``page`` and ``box`` are its first part's)."""
    out: list[dict[str, Any]] = []
    open_end: dict[str, Any] | None = None  # the table that ends the previous page
    for page in pages:
        found = _docling_tables(page)
        ends_page = starts_page = False
        if found is None:
            body = [b for b in page.blocks if b.kind not in _FURNITURE]
            found = [
                {"box": list(b.bbox), "rows": [list(r) for r in b.rows], "header_rows": 1, "spans": []}
                for b in body
                if b.kind == "table" and b.rows
            ]
            starts_page = bool(body) and body[0].kind == "table" and bool(body[0].rows)
            ends_page = bool(body) and body[-1].kind == "table" and bool(body[-1].rows)
        for i, table in enumerate(found):
            rows = table["rows"]
            prev = open_end if i == 0 and starts_page else None
            if prev is not None and prev["pages"][-1] == page.page_no - 1 and _same_columns(prev, rows):
                _continue(prev, rows)
                continue
            out.append(
                {
                    "index": len(out) + 1,
                    "page": page.page_no,
                    "pages": [page.page_no],
                    "box": [round(float(v), 2) for v in table["box"]],
                    "header_rows": min(table["header_rows"], len(rows)),
                    "n_rows": len(rows),
                    "n_cols": max((len(r) for r in rows), default=0),
                    "spans": table["spans"],  # [row, column, rows, columns], 0-based
                    "rows": rows,
                    "engine": page.engine,
                }
            )
        open_end = out[-1] if ends_page and out and out[-1]["pages"][-1] == page.page_no else None
    return out


_FURNITURE = frozenset({"page_header", "page_footer"})


def _same_columns(table: dict[str, Any], rows: list[list[str]]) -> bool:
    return bool(rows) and table["n_cols"] == max(len(r) for r in rows) and not table["spans"]


def _continue(table: dict[str, Any], rows: list[list[str]]) -> None:
    """Append the next page's part of ``table``, without the header row it repeats."""
    header = [_norm(c) for c in table["rows"][0]] if table["header_rows"] else None
    if header is not None and [_norm(c) for c in rows[0]] == header:
        rows = rows[1:]
    table["rows"].extend(rows)
    table["n_rows"] = len(table["rows"])
    table["pages"].append(table["pages"][-1] + 1)


def _norm(cell: str) -> str:
    return " ".join(cell.casefold().split())


def sheet_name(table: dict[str, Any]) -> str:
    return f"p{table['page']}-t{table['index']}"[:MAX_SHEET_NAME]


def to_xlsx(tables: Sequence[dict[str, Any]]) -> bytes:
    """One workbook, a sheet per table; a document without tables gets one empty sheet
    saying so (a workbook must have a sheet)."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    if not tables:
        sheet = book.create_sheet("no tables")
        sheet["A1"] = "This document has no tables."
    for table in tables:
        sheet = book.create_sheet(sheet_name(table))
        for r, row in enumerate(table["rows"], start=1):
            for c, text in enumerate(row, start=1):
                if text != "":
                    sheet.cell(row=r, column=c, value=text)
        for r, c, rs, cs in table["spans"]:
            sheet.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + rs, end_column=c + cs)
        header = table["header_rows"]
        for r in range(1, header + 1):
            for c in range(1, table["n_cols"] + 1):
                cell = sheet.cell(row=r, column=c)
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if header:
            sheet.freeze_panes = f"A{header + 1}"
        for c in range(1, table["n_cols"] + 1):
            longest = max((len(str(row[c - 1])) for row in table["rows"] if c - 1 < len(row)), default=8)
            sheet.column_dimensions[get_column_letter(c)].width = min(60, max(8, longest + 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_csv(table: dict[str, Any]) -> str:
    """One table as RFC 4180 CSV (CRLF line ends, quotes where needed), every row as wide
    as the table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in table["rows"]:
        writer.writerow(list(row) + [""] * (table["n_cols"] - len(row)))
    return buffer.getvalue()

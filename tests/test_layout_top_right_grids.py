"""Small ruled label/value grids at the top right of a receipt, beside its letterhead and
"Paid at" block, over full-width ruled tables of the vehicle and the charges, with the
signature lines level at the foot of the page (layout/page.py, _in_right_column). The
grids belong to the page's top band: they are read with it, after the letterhead and
before the tables, not as the head of a right column that the signature at the bottom
right would go on. The full-width tables between end any columns beside the grids.

Each test reads: given a page drawn so (with reportlab, every cell ruled), when the
pdf-text engine converts it, then its blocks come in that order."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from common.documents.results import Block, PageResult
from tests.layout_pages import HEIGHT, convert

LETTERHEAD = ["Paid at:", "Lakeside Auto Sales Office", "1200 Shore Road", "Duluth, MN 55802"]
NUMBER = [("Receipt No", "12345"), ("Date", "01/02/2020")]
BUYER = [("Buyer", "John Smith"), ("Salesperson", "Mary Jones"), ("Stock No", "A-778")]
VEHICLE = [("Year", "Make", "Model", "VIN"), ("2015", "Honda", "Civic", "2HGFB2F59FH512345")]
CHARGES = [("Description", "Amount"), ("Vehicle price", "8,500.00"), ("Sales tax", "586.25")]


def _grid(
    c: canvas.Canvas, x0: float, top: float, widths: list[float], rows: Sequence[Sequence[str]]
) -> float:
    """``rows`` in a grid ruled round every cell, from ``x0`` at ``top`` (from the page's
    top), a row 16 points high; the grid's foot."""
    xs = list(itertools.accumulate(widths, initial=x0))
    foot = top + 16 * len(rows)
    c.setLineWidth(0.5)
    for i in range(len(rows) + 1):
        c.line(xs[0], HEIGHT - top - 16 * i, xs[-1], HEIGHT - top - 16 * i)
    for x in xs:
        c.line(x, HEIGHT - top, x, HEIGHT - foot)
    c.setFont("Helvetica", 9)
    for i, row in enumerate(rows):
        for x, cell in zip(xs, row, strict=False):
            c.drawString(x + 3, HEIGHT - top - 16 * i - 11.5, cell)
    return foot


def _draw(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(50, HEIGHT - 60, "Lakeside Auto Sales")
    c.setFont("Helvetica", 9)
    for i, line in enumerate(LETTERHEAD):
        c.drawString(50, HEIGHT - 80 - 12 * i, line)
    foot = _grid(c, 360, 45, [90, 110], NUMBER)
    _grid(c, 360, foot + 10, [90, 110], BUYER)
    foot = _grid(c, 50, 170, [100, 100, 100, 212], VEHICLE)
    foot = _grid(c, 50, foot + 20, [412, 100], CHARGES)
    c.setFont("Helvetica", 9)
    c.drawString(50, HEIGHT - foot - 30, "Thank you for your business. All sales are final.")
    c.drawString(50, HEIGHT - foot - 70, "Buyer signature: ____________________")
    c.drawString(360, HEIGHT - foot - 70, "Dealer signature: ________________")
    c.drawString(360, HEIGHT - foot - 85, "Date: ______________")
    c.save()
    return path


@pytest.fixture
def page(tmp_path: Path) -> PageResult:
    return convert(_draw(tmp_path / "receipt.pdf"))


def _at(blocks: list[Block], text: str) -> int:
    return next(i for i, b in enumerate(blocks) if text in b.text)


def test_given_grids_at_the_top_right_then_they_are_read_after_the_letterhead_before_the_tables(
    page: PageResult,
) -> None:
    # when
    order = [_at(page.blocks, t) for t in ("Duluth", "Receipt No", "Salesperson", "VIN", "Vehicle price")]

    # then
    assert order == sorted(order), [b.text for b in page.blocks]


def test_given_grids_at_the_top_right_then_they_stay_tables_of_their_own(page: PageResult) -> None:
    # when
    tables = [b.rows for b in page.blocks if b.kind == "table"]

    # then
    assert tables[:2] == [[list(r) for r in NUMBER], [list(r) for r in BUYER]]


def test_given_signature_lines_at_the_foot_then_they_are_read_last(page: PageResult) -> None:
    # when
    order = [_at(page.blocks, t) for t in ("Thank you", "Buyer signature", "Dealer signature")]

    # then
    assert order == sorted(order) and order[-1] == len(page.blocks) - 1, [b.text for b in page.blocks]

"""What makes ``auto`` want a model engine for a page (worker/engines/escalation.py), read
from the page results that pdf-text and rapidocr return for real pages."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

import pypdfium2 as pdfium
from reportlab.pdfgen import canvas

from common.core.settings import EscalationSettings
from common.documents.results import Block, Line, PageResult
from worker.engines import escalation
from worker.engines.base import PageInput
from worker.engines.pdf_text import PdfTextEngine
from worker.engines.textlayer import extract_text_layer

ON = EscalationSettings()

MEMBERS = [
    ("Name", "City", "Colour"),
    ("Alice Martin", "Paris", "Red"),
    ("Bob Stone", "Berlin", "Blue"),
    ("Carol White", "Rome", "Green"),
    ("Dan Black", "Oslo", "Yellow"),
]


def _read(draw: Callable[[canvas.Canvas], None]) -> PageResult:
    """The page drawn, through pdf-text: what auto returns for a born-digital page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(612, 792), invariant=1)
    c.setFont("Helvetica", 11)
    draw(c)
    c.showPage()
    c.save()
    pdf = pdfium.PdfDocument(buf.getvalue())
    try:
        layer = extract_text_layer(pdf[0])
    finally:
        pdf.close()
    [result] = PdfTextEngine().convert([PageInput(1, 612, 792, text_layer=layer)])
    assert isinstance(result, PageResult)
    return result


def _members(c: canvas.Canvas, *, columns: int = 3, caption: bool = False) -> None:
    c.drawString(72, 740, "The committee met on Tuesday and reviewed the members listed below in order.")
    for i, row in enumerate(MEMBERS):
        for x, cell in zip((72, 250, 400)[:columns], row, strict=False):
            c.drawString(x, 700 - i * 16, cell)
    if caption:
        c.drawString(72, 600, "Table 2: Members and their cities. Everyone else stayed at home that day.")


def _ocr_page(confidence: float) -> PageResult:
    lines = [Line(text="Payment is due within thirty days", bbox=(72, 100, 300, 112), confidence=confidence)]
    block = Block(kind="paragraph", text=lines[0].text, bbox=(72, 100, 300, 112), lines=lines)
    return PageResult(page_no=1, engine="rapidocr", width=612, height=792, blocks=[block])


def test_an_ocr_page_read_with_low_confidence_needs_a_model() -> None:
    why = escalation.reason(_ocr_page(0.82), ON)

    assert why is not None and why.startswith("ocr confidence 0.820")


def test_an_ocr_page_read_well_or_a_text_layer_does_not() -> None:
    assert escalation.reason(_ocr_page(0.97), ON) is None
    text_layer = _ocr_page(0.5)
    text_layer.engine = "pdf-text"  # a text layer's characters are the document's own
    assert escalation.reason(text_layer, ON) is None
    assert escalation.reason(_ocr_page(0.5), EscalationSettings(min_confidence=0)) is None


def test_a_table_the_layout_left_as_columns_of_text_needs_a_model() -> None:
    # given a table with neither figures nor "Label:" keys: the layout does not grid it
    page = _read(_members)
    assert not any(b.kind == "table" for b in page.blocks)

    why = escalation.reason(page, ON)

    assert why is not None and "3 columns" in why
    assert escalation.reason(page, EscalationSettings(tables=False)) is None


def test_two_blocks_side_by_side_are_addresses_as_often_as_a_table() -> None:
    assert escalation.reason(_read(lambda c: _members(c, columns=2)), ON) is None


def test_a_table_caption_on_a_page_without_a_table_needs_a_model() -> None:
    page = _read(lambda c: _members(c, columns=1, caption=True))

    why = escalation.reason(page, ON)

    assert why is not None and why.startswith("table caption with no table: 'Table 2:")


def test_a_sparse_grid_needs_a_model_and_a_full_one_does_not() -> None:
    def table(rows: list[list[str]]) -> PageResult:
        block = Block(kind="table", text="", bbox=(72, 100, 500, 200), rows=rows)
        return PageResult(page_no=1, engine="pdf-text", width=612, height=792, blocks=[block])

    full = [["Item", "Qty", "Price"], ["Widget", "2", "10.00"], ["Gadget", "1", "5.50"]]
    spanned = [["Region", "2024", "2025"], ["North", "", ""], ["", "12", "14"], ["South", "", ""]]

    assert escalation.reason(table(full), ON) is None
    why = escalation.reason(table(spanned), ON)
    assert why is not None and why.startswith("sparse table grid: 5 of 9")


def test_a_formula_needs_a_model() -> None:
    page = _read(lambda c: c.drawString(150, 700, "L = \u2211 (y - f(x))  \u2264  \u221a n"))

    why = escalation.reason(page, ON)

    assert why is not None and why.startswith("formula:")
    assert escalation.reason(page, EscalationSettings(formulas=False)) is None


def test_greek_letters_standing_alone_are_variables() -> None:
    page = _read(lambda c: c.drawString(72, 700, "x = \u03b1 + \u03b2"))

    assert (escalation.reason(page, ON) or "").startswith("formula:")


def test_prices_tolerances_and_greek_words_are_not_formulas() -> None:
    price = "2 \u00d7 3 boxes at 4.50 \u00b1 0.10 EUR"
    greek = "\u039a\u03b1\u03bb\u03b7 \u03bd\u03c5\u03c7\u03c4\u03b1"  # "good night"
    for text in (price, greek):
        page = _read(functools.partial(_line, text=text))
        assert page.blocks[0].text == text
        assert escalation.reason(page, ON) is None, text


def _line(c: canvas.Canvas, *, text: str) -> None:
    c.drawString(72, 700, text)


def test_the_off_switch_turns_every_trigger_off() -> None:
    assert escalation.reason(_ocr_page(0.1), EscalationSettings(enabled=False)) is None

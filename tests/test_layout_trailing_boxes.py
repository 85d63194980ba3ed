"""Checkboxes set after their labels (layout/trailing_boxes.py; pdf_text.py for drawn
squares): a filing cover's "Large accelerated filer ☒   Accelerated filer ☐" rows of
options are checkbox items, one an option, named by the label and with the box's state;
a box closing a sentence of running text ("... for the past 90 days. Yes ☒ No ☐") stays in its paragraph."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from common.documents.results import PageResult, blocks_to_text
from tests.layout_lines import form_line as _line
from tests.pdf_pages import text_layer_of
from worker.engines.base import PageInput
from worker.engines.layout.page import layout_lines
from worker.engines.pdf_text import PdfTextEngine

_PROSE = [
    "Indicate by check mark whether the registrant is a large accelerated filer, an accelerated",
    "filer, a non-accelerated filer, a smaller reporting company, or an emerging growth company.",
]


def test_given_options_with_their_boxes_after_them_in_rows_and_columns_then_each_is_an_item() -> None:
    # given: a question in prose, then its options two a row in two columns, each box
    # right after its label, the first ticked
    lines = [_line(t, 50, 80 + 11 * i) for i, t in enumerate(_PROSE)]
    lines += [
        _line("Large accelerated filer ☒", 50, 120),
        _line("Accelerated filer ☐", 330, 120),
        _line("Non-accelerated filer ☐", 50, 133),
        _line("Smaller reporting company ☐", 330, 133),
        _line("Emerging growth company ☐", 330, 146),
    ]

    # when
    blocks = layout_lines(lines, 612.0, 792.0)

    # then: five options, each its label and its state; the question a paragraph
    items = {(b.text, b.checked) for b in blocks if b.kind == "list_item"}
    assert items == {
        ("Large accelerated filer", True),
        ("Accelerated filer", False),
        ("Non-accelerated filer", False),
        ("Smaller reporting company", False),
        ("Emerging growth company", False),
    }
    assert blocks[0].kind == "paragraph" and blocks[0].text.startswith("Indicate by check mark")
    assert "☑ Large accelerated filer" in blocks_to_text(blocks).splitlines()


def test_given_two_options_after_their_labels_on_one_row_then_each_is_an_item() -> None:
    # given: "Yes ☒   No ☐" on a row of its own under its question
    lines = [_line("Is the registrant a shell company?", 50, 80), _line("Yes ☒ No ☐", 50, 96)]

    # when
    blocks = layout_lines(lines, 612.0, 792.0)

    # then
    assert [(b.text, b.checked) for b in blocks if b.kind == "list_item"] == [("Yes", True), ("No", False)]


def test_given_boxes_closing_a_sentence_of_running_text_then_they_stay_in_the_paragraph() -> None:
    # given: a paragraph whose last line ends with its answer, "days. Yes ☒ No ☐", and
    # one whose answer wrapped onto a short last line under a full one
    lines = [
        _line("Indicate by check mark whether the registrant has filed all reports required to be", 50, 80),
        _line("filed during the preceding 12 months, for the past 90 days. Yes ☒ No ☐", 50, 91),
        _line("Indicate by check mark whether the registrant has submitted electronically every", 50, 120),
        _line("Interactive Data File required to be submitted in the preceding twelve months.", 50, 131),
        _line("Yes ☒ No ☐", 50, 142),
    ]

    # when
    blocks = layout_lines(lines, 612.0, 792.0)

    # then: no items; the boxes where the page sets them
    assert [b.kind for b in blocks] == ["paragraph", "paragraph"]
    assert blocks[0].text.endswith("past 90 days. Yes ☒ No ☐")
    assert blocks[1].text.endswith("twelve months. Yes ☒ No ☐")


def test_given_drawn_squares_after_their_labels_then_each_label_is_an_item_with_its_state(
    tmp_path: Path,
) -> None:
    # given: a statement's delivery options on one line, each label followed by a square
    # drawn as a path, the first two crossed out with two strokes
    path = tmp_path / "delivery.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 720, "Thank you for your order. Please confirm how the training is delivered.")
    x = 72.0
    labels = ["Live Delivery:", "Online Delivery (Livestream):", "Video Delivery (On Demand):"]
    for i, label in enumerate(labels):
        c.drawString(x, 690, label)
        x += c.stringWidth(label, "Helvetica", 10) + 4
        c.rect(x, 689, 9, 9)
        if i < 2:
            c.line(x + 1, 690, x + 8, 697)
            c.line(x + 1, 697, x + 8, 690)
        x += 40
    c.save()

    # when
    layer = text_layer_of(path)
    [result] = PdfTextEngine().convert([PageInput(1, layer.width, layer.height, text_layer=layer)])

    # then
    assert isinstance(result, PageResult)
    assert [(b.text, b.checked) for b in result.blocks if b.kind == "list_item"] == [
        ("Live Delivery:", True),
        ("Online Delivery (Livestream):", True),
        ("Video Delivery (On Demand):", False),
    ]

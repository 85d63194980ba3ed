"""Interactive form fields (worker/engines/form_fields.py): checkbox and radio widgets read
as options with their state, filled-in text fields read as words where they sit; none of
them is in the page's content, only in its annotations."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from common.documents.results import PageResult, blocks_to_markdown
from tests.pdf_pages import text_layer_of as _layer
from worker.engines.base import PageInput
from worker.engines.pdf_text import PdfTextEngine


def _markdown(path: Path) -> str:
    layer = _layer(path)
    [result] = PdfTextEngine().convert([PageInput(1, layer.width, layer.height, text_layer=layer)])
    assert isinstance(result, PageResult)
    return blocks_to_markdown(result.blocks)


def test_given_checkbox_and_radio_widgets_then_their_options_are_items_with_their_state(
    tmp_path: Path,
) -> None:
    # given: a fillable form: three checkboxes (the second ticked) and a radio group of
    # three (the third selected), each a widget with its label to its right; the radio
    # buttons are larger than their labels' type and belong to one field (their type
    # and value are the parent field's)
    path = tmp_path / "form.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, 720, "Which newsletters do you want?")
    c.setFont("Helvetica", 11)
    for i, (label, ticked) in enumerate(
        [("Weekly digest", False), ("Product news", True), ("Events", False)]
    ):
        y = 696 - 20 * i
        c.acroForm.checkbox(name=f"news{i}", checked=ticked, x=72, y=y - 2, size=12, buttonStyle="check")
        c.drawString(90, y, label)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, 610, "How did you hear of us?")
    c.setFont("Helvetica", 11)
    for i, label in enumerate(["From a friend", "Online", "Other"]):
        y = 586 - 26 * i
        c.acroForm.radio(name="heard", value=f"v{i}", selected=i == 2, x=72, y=y - 6, size=20)
        c.drawString(96, y, label)
    c.save()

    # when
    md = _markdown(path)

    # then: six items, each with the state its widget shows
    items = [ln for ln in md.splitlines() if ln.startswith("- [")]
    assert items == [
        "- [ ] Weekly digest",
        "- [x] Product news",
        "- [ ] Events",
        "- [ ] From a friend",
        "- [ ] Online",
        "- [x] Other",
    ]


def test_given_a_filled_in_text_field_then_its_value_is_read_beside_its_label(tmp_path: Path) -> None:
    # given: a form whose name field holds a typed-in value, drawn only by its widget
    path = tmp_path / "filled.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "Family name:")
    c.acroForm.textfield(name="family", value="Lovelace", x=160, y=694, width=160, height=18, fontSize=11)
    c.drawString(72, 660, "City:")
    c.acroForm.textfield(name="city", value="", x=160, y=654, width=160, height=18, fontSize=11)
    c.save()

    # when
    md = _markdown(path)

    # then: the value read after its label, before the next field's; the empty field adds nothing
    words = md.split()
    assert words == ["Family", "name:", "Lovelace", "City:"]

"""Boxes a form types rather than draws (worker/engines/glyph_boxes.py): a square drawn
between a "[" and a "]" glyph, before its label, is a checkbox option, an unchecked list
item without the brackets; a run of such boxes with no words between (a comb for a code)
is no text at all; a symbol font's box glyph named by its Latin-1 code ("¨") before a
label is a checkbox too."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas

from tests.layout_pages import convert
from worker.engines.glyph_boxes import in_comb, typed_boxes
from worker.engines.textlayer import TextSpan

WIDTH, HEIGHT = LETTER
OPTIONS = ["Family correction of income", "Family correction (non-income)", "PHA correction of family income"]


def _bracket_box(c: canvas.Canvas, x: float, y: float) -> float:
    """A "[", a square, a "]" at (x, y); the x after them."""
    c.drawString(x, y, "[")
    c.rect(x + 3, y - 1, 9, 9, stroke=1, fill=0)
    c.drawString(x + 13, y, "]")
    return x + 16


def _form(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=LETTER)
    c.setFont("Helvetica", 9)
    y = HEIGHT - 100
    c.drawString(54, y, "1b. PHA code")  # a comb of five boxes, then the field's number
    x = 400.0
    for _ in range(5):
        x = _bracket_box(c, x, y) + 2
    c.drawString(x + 14, y, "1b.")
    y -= 30
    c.drawString(54, y, "2d. If correction: (check primary reason)")
    for option in OPTIONS:
        y -= 14
        _bracket_box(c, 240, y)
        c.drawString(260, y, option)
    c.save()
    return path


def test_given_bracketed_boxes_before_labels_then_they_are_unchecked_items(tmp_path: Path) -> None:
    # given: three options, each a square between brackets before its label
    result = convert(_form(tmp_path / "form.pdf"))

    # then: three unchecked checkbox items with their labels, no brackets in the text
    items = [b for b in result.blocks if b.kind == "list_item"]
    assert [(b.text, b.checked) for b in items] == [(o, False) for o in OPTIONS]
    assert "[" not in (result.text or "") and "]" not in (result.text or "")


def test_given_a_comb_of_bracketed_boxes_then_it_is_no_text(tmp_path: Path) -> None:
    # given: the code's comb of five boxes between its label and its number
    result = convert(_form(tmp_path / "form.pdf"))

    # then: the row reads as its words alone: no brackets, and no box glyph before the
    # field's number (the last box is no checkbox of "1b.")
    text = " ".join((result.text or "").split())
    assert "1b. PHA code" in text and "[" not in text
    assert "☐ 1b." not in text and text.count("☐") == len(OPTIONS)


def test_given_a_wide_diaeresis_before_a_label_then_it_is_a_box() -> None:
    # given: Wingdings' box named "¨", as wide as a box, before an option's words
    spans = [
        TextSpan("\u00a8", 35.0, 488.0, 43.9, 499.0, 10.0, False),
        TextSpan("Written", 46.4, 488.0, 80.0, 499.0, 10.0, False),
        TextSpan("na\u00efve", 100.0, 520.0, 125.0, 531.0, 10.0, False),
    ]

    # when
    out, _ = typed_boxes(spans)

    # then: the glyph is the checkbox; the words are as they were
    assert [s.text for s in out] == ["☐", "Written", "na\u00efve"]


def test_given_a_ticked_bracket_box_drawn_out_of_order_then_only_its_spans_are_taken() -> None:
    # given: "[", "X", "]" and a label, with an unrelated word drawn between them in
    # the content stream (elsewhere on the page)
    spans = [
        TextSpan("[", 100.0, 100.0, 103.0, 110.0, 10.0, False),
        TextSpan("Elsewhere", 300.0, 400.0, 350.0, 410.0, 10.0, False),
        TextSpan("X", 105.0, 100.0, 111.0, 110.0, 10.0, False),
        TextSpan("]", 113.0, 100.0, 116.0, 110.0, 10.0, False),
        TextSpan("Agreed", 121.0, 100.0, 150.0, 110.0, 10.0, False),
    ]

    # when
    out, _ = typed_boxes(spans)

    # then: a ticked box before the label; the other word stays
    assert [s.text for s in out] == ["Elsewhere", "☑", "Agreed"]


def test_given_a_square_drawn_twice_then_it_is_no_comb_but_cells_sharing_a_rule_are() -> None:
    # given a square drawn twice at one place (and one with an inner border), and two
    # cells of a comb that share their dividing rule
    square = (100.0, 100.0, 110.0, 110.0)
    inner = (101.0, 101.0, 109.0, 109.0)
    left, right = (200.0, 100.0, 210.0, 110.0), (209.5, 100.0, 219.5, 110.0)
    # then the square is no comb's cell, whichever copy is asked about
    assert not in_comb(square, [square, (100.0, 100.0, 110.0, 110.0)])
    assert not in_comb(square, [square, inner])
    # and the comb's cells are
    assert in_comb(left, [left, right]) and in_comb(right, [left, right])


def test_given_symbol_font_boxes_after_their_labels_then_each_follows_its_label() -> None:
    # given: "Yes ¨   No þ": Wingdings' boxes right after their answers, the second ticked
    spans = [
        TextSpan("Yes", 100.0, 100.0, 117.0, 111.0, 10.0, False),
        TextSpan("\u00a8", 120.0, 100.0, 128.9, 111.0, 10.0, False),
        TextSpan("No", 145.0, 100.0, 158.0, 111.0, 10.0, False),
        TextSpan("\u00fe", 161.0, 100.0, 169.9, 111.0, 10.0, False),
    ]

    # when
    out, _ = typed_boxes(spans)

    # then: each box's glyph after its own label (not the first before "No"), with its state
    assert sorted((s.x0, s.text) for s in out) == [(100.0, "Yes"), (120.0, "☐"), (145.0, "No"), (161.0, "☑")]
    assert [s.text for s in out][-2:] == ["No", "☑"]


def test_given_a_wide_bracketed_entry_after_a_label_then_it_is_no_checkbox() -> None:
    # given: "Amount [          ]": brackets round room for a value, not for one mark
    spans = [
        TextSpan("Amount", 100.0, 100.0, 135.0, 111.0, 10.0, False),
        TextSpan("[", 138.0, 100.0, 141.0, 111.0, 10.0, False),
        TextSpan("]", 160.0, 100.0, 163.0, 111.0, 10.0, False),
    ]

    # when
    out, _ = typed_boxes(spans)

    # then
    assert "☐" not in [s.text for s in out]

"""An item's wrapped lines and its further paragraphs hang under its text, not at its
marker (worker/engines/layout/blocks.py): a justified item's lines all reach the right
edge, as a flush-right stack's do, and Word's "o" sub-bullets go on after an item's
second paragraph."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from common.documents.results import Block
from tests.layout_pages import convert

RIGHT = 540.0


def justified(c: canvas.Canvas, text: str, x0: float, y: float, x1: float = RIGHT) -> None:
    """``text`` set from ``x0`` to ``x1``, its word gaps stretched as a justified line's."""
    words = text.split()
    widths = [stringWidth(w, "Helvetica", 12) for w in words]
    gap = (x1 - x0 - sum(widths)) / (len(words) - 1)
    x = x0
    for w, width in zip(words, widths, strict=True):
        c.drawString(x, y, w)
        x += width + gap


def items(blocks: list[Block]) -> list[tuple[str, int]]:
    return [(b.text, b.level) for b in blocks if b.kind == "list_item"]


INTRO = (
    "Each entry below names a program and what it is for, with a sentence or two on its history"
    " and on the related tools"
)
FIRST = "Animator is a vector animation program used to design interactive animations with"
SECOND = "drawing tools to publish them on several platforms like the web and the desktop and"
LAST = "mobile devices."


def _intro(c: canvas.Canvas, y: float) -> float:
    """A justified paragraph at the margin, which sets the flow's right edge."""
    c.setFont("Helvetica", 12)
    words = INTRO.split()
    n = len(words)
    while stringWidth(" ".join(words[:n]), "Helvetica", 12) > RIGHT - 66:
        n -= 1
    justified(c, " ".join(words[:n]), 66, y)
    c.drawString(66, y - 14.6, " ".join(words[n:]))
    return y - 2 * 14.6 - 14


def test_given_a_justified_bulleted_item_then_its_wrapped_lines_stay_in_the_item(tmp_path: Path) -> None:
    # given a bullet at 90 pt, its text at 108, and justified lines that all reach the right
    # edge: the second hangs under the first's words
    path = tmp_path / "justified.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = _intro(c, 700)
    c.drawString(90, y, "•")
    justified(c, FIRST, 108, y)
    justified(c, SECOND, 108, y - 14.6)
    c.drawString(108, y - 29.2, LAST)
    c.drawString(90, y - 43.8, "•")
    c.drawString(108, y - 43.8, "Bridge is an organizational program.")
    c.save()

    result = convert(path)

    assert items(result.blocks) == [
        (f"{FIRST} {SECOND} {LAST}", 0),
        ("Bridge is an organizational program.", 0),
    ]


def test_given_o_sub_bullets_after_an_items_second_paragraph_then_they_nest_under_it(tmp_path: Path) -> None:
    # given Word's list: a bullet item, a second paragraph indented under its text, then
    # sub-items marked with a Courier "o" a tab stop before their text
    path = tmp_path / "sub.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = _intro(c, 700)
    c.drawString(90, y, "•")
    c.drawString(108, y, "Animator is a vector animation program.")
    c.drawString(108, y - 14.6, "It is the successor to an older program, which is discontinued.")
    rows = [
        "Flash Builder, an integrated development environment.",
        "Scout, a profiling tool for animation files.",
    ]
    for i, text in enumerate(rows):
        c.setFont("Courier", 12)
        c.drawString(126, y - 14.6 * (2 + i), "o")
        c.setFont("Helvetica", 12)
        c.drawString(144, y - 14.6 * (2 + i), text)
    c.drawString(90, y - 14.6 * 4, "•")
    c.drawString(108, y - 14.6 * 4, "Bridge is an organizational program.")
    c.save()

    result = convert(path)

    assert items(result.blocks) == [
        ("Animator is a vector animation program.", 0),
        (rows[0], 1),
        (rows[1], 1),
        ("Bridge is an organizational program.", 0),
    ]


def test_given_a_lettered_item_hung_a_little_right_of_its_words_then_its_full_lines_stay_in_it(
    tmp_path: Path,
) -> None:
    # given a numbered definition with lettered sub-items; the second sub-item's words
    # start a little after its letter, its wrapped lines two ems in, a little right of
    # them, and the lines it fills are justified to the right edge, as a flush-right
    # stack's are; the wrapped line starts with a figure
    path = tmp_path / "lettered.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = _intro(c, 700)
    c.drawString(66, y, "1. parking place: a place that")
    c.drawString(90, y - 14.6, "a.")
    c.drawString(103, y - 14.6, "is marked with a sign from annex 1 of the rules, or")
    c.drawString(90, y - 29.2, "b.")
    first = "lies within a permit zone marked with the sign from the annex"
    justified(c, first, 103, y - 29.2)
    second = "1 of the traffic rules with the word zone, as far as this place is not"
    justified(c, second, 114, y - 43.8)
    c.drawString(114, y - 58.4, "exempted;")
    c.drawString(66, y - 73, "2. central register: the register of parking rights.")
    c.save()

    result = convert(path)

    assert items(result.blocks) == [
        ("1. parking place: a place that", 0),
        ("a. is marked with a sign from annex 1 of the rules, or", 1),
        (f"b. {first} {second} exempted;", 1),
        ("2. central register: the register of parking rights.", 0),
    ]

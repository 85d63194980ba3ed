"""A paragraph that opens with a drop cap (a large initial sunk into its first lines) is one
paragraph in reading order: the lines beside the initial are its rows, not a block of
their own, and the hyphen at the end of the second one joins its word."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert, words

BESIDE = [
    "ver the past three decades increasing",
    "pressure from non-governmental organi-",
    "sations, governments and the agencies",
]
UNDER = [
    "of the nations have required all cor-",
    "porations to examine and redress the",
    "adverse impact their businesses have on",
    "society and the environment, and many",
    "have responded by taking up the idea.",
]


def _drop_cap_page(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Times-Roman", 9)
    y = HEIGHT - 100
    # A paragraph above, so the page has a body to measure against.
    for line in [
        "The abstract of the article runs in the body size above the",
        "section that opens with a large initial.",
    ]:
        c.drawString(160, y, line)
        y -= 10
    y -= 14
    # The initial, three lines tall, then the lines beside it, drawn in one stream.
    text = c.beginText(160, y - 20)
    text.setFont("Times-Roman", 34)
    text.textOut("O")
    text.setFont("Times-Roman", 9)
    text.setTextOrigin(187, y)
    text.textOut(BESIDE[0])
    c.drawText(text)
    for k, line in enumerate(BESIDE[1:], start=1):
        c.drawString(187, y - 10 * k, line)
    for k, line in enumerate(UNDER, start=len(BESIDE)):
        c.drawString(160, y - 10 * k, line)
    c.save()
    return path


def test_given_a_paragraph_opening_with_a_drop_cap_then_it_is_one_paragraph_in_order(tmp_path: Path) -> None:
    # given: a drop cap three lines tall beside the paragraph's first three lines
    pdf = _drop_cap_page(tmp_path / "dropcap.pdf")

    # when
    blocks = convert(pdf).blocks

    # then: one paragraph, its lines in order, the hyphenated word joined
    texts = [words(b.text) for b in blocks]
    # (the initial is a word of its own in the text layer: "O ver")
    para = next(t for t in texts if t.replace("O ver", "Over").startswith("Over the past"))
    assert (
        "increasing pressure from non-governmental organisations, governments and the agencies"
        " of the nations have" in para
    ), texts
    assert para.endswith("taking up the idea."), texts

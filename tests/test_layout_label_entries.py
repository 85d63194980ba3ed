"""A label alone on its line ("Delivery Options:") after a paragraph whose last sentence
ends at the line's end, and the lines indented under it (layout/blocks.py): the label
starts a block of its own, not the paragraph's last line, and each indented line that
starts like a sentence is an entry of its own, not a wrapped paragraph's line. A wrapped
paragraph indented under a label keeps its lines."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

TERMS = "Orders cancelled within two days of delivery are refunded in full, less postage."
LABEL = "Delivery Options:"
ENTRIES = [
    "Collect your order from the depot on weekdays between nine and five o'clock",
    "Home delivery is available for a small charge within the city limits.",
]


def _draw(path: Path, lines: list[tuple[float, str]], *, bold_from: int = 99) -> Path:
    """11 pt lines at a 19 point pitch from the top of a letter page, each at its ``x``,
    bold from line ``bold_from`` on."""
    c = canvas.Canvas(str(path), pagesize=letter)
    for i, (x, text) in enumerate(lines):
        c.setFont("Helvetica-Bold" if i >= bold_from else "Helvetica", 11)
        c.drawString(x, HEIGHT - 100 - 19 * i, text)
    c.save()
    return path


def test_given_a_label_line_and_entries_under_it_then_each_is_a_block(tmp_path: Path) -> None:
    # given: a sentence that runs to the line's end, the label, two indented entries
    pdf = _draw(tmp_path / "terms.pdf", [(72, TERMS), (72, LABEL), *((108, e) for e in ENTRIES)])

    # when
    blocks = [b.text for b in convert(pdf).blocks]

    # then
    assert blocks == [TERMS, LABEL, *ENTRIES]


def test_given_a_wrapped_paragraph_under_a_label_then_it_stays_one_paragraph(tmp_path: Path) -> None:
    # given: the label over an indented paragraph whose lines wrap mid-sentence
    wrapped = [
        "Orders placed before noon leave the depot the same day and are",
        "delivered by courier within two working days to any address in",
        "the country, or collected from the depot on weekdays.",
    ]
    pdf = _draw(tmp_path / "wrapped.pdf", [(72, TERMS), (72, LABEL), *((108, w) for w in wrapped)])

    # when
    blocks = [b.text for b in convert(pdf).blocks]

    # then
    assert blocks[-1] == " ".join(wrapped)


def test_given_text_in_capitals_indented_under_a_label_then_it_stays_one_paragraph(tmp_path: Path) -> None:
    # given: a label with its field left blank, then a notice in bold capitals set in
    # from the text's edge, its every line starting with a capital
    notice = [
        "IN RETURN FOR THE PAYMENT OF THE PREMIUM, AND SUBJECT TO ALL THE TERMS OF",
        "THIS POLICY, WE AGREE WITH YOU TO PROVIDE THE INSURANCE AS STATED IN THIS",
        "POLICY.",
    ]
    pdf = _draw(
        tmp_path / "notice.pdf",
        [(72, TERMS), (72, "Business Description:"), *((100, n) for n in notice)],
        bold_from=2,
    )

    # when
    blocks = [b.text for b in convert(pdf).blocks]

    # then
    assert blocks[-1] == " ".join(notice)


def test_given_a_label_and_its_translation_in_bold_then_they_stay_one_block(tmp_path: Path) -> None:
    # given: a sentence, then a bilingual total's label, one language a line
    pdf = _draw(tmp_path / "total.pdf", [(72, TERMS), (360, "Celkem:"), (360, "Total:")], bold_from=1)

    # when
    blocks = [b.text for b in convert(pdf).blocks]

    # then
    assert blocks[-1] == "Celkem: Total:"

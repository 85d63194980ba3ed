"""A paper's authors, each name at the left with its e-mail address set flush right on
the same baseline, are read a name with its address, not all the names and then all the
addresses (the text layer, and a reader, take each row whole)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, RIGHT_TEXT, convert, words

AUTHORS = [
    ("Ada Lovelace", "ADA@ANALYTICAL.ENGINE.ORG"),
    ("Charles Babbage", "BABBAGE@DIFFERENCE.ORG"),
    ("Mary Somerville", "MARY@MECHANISM.AC.UK"),
]


def _first_page(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Times-Bold", 14)
    c.drawCentredString(306, HEIGHT - 100, "Towards reading authors in order")
    y = HEIGHT - 160
    for name, address in AUTHORS:
        c.setFont("Times-Bold", 10)
        c.drawString(55, y, name)
        c.setFont("Times-Roman", 8)
        c.drawRightString(534, y, address)
        y -= 12
    c.setFont("Times-Roman", 10)
    c.drawString(55, y - 2, "Department of Statistics, University of Somewhere, Somewhere, UK")
    top = y - 40
    for k, line in enumerate(simpleSplit(LEFT_TEXT + " " + RIGHT_TEXT, "Times-Roman", 10, 230)):
        c.drawString(55, top - 12 * k, line)
    for k, line in enumerate(simpleSplit(RIGHT_TEXT + " " + LEFT_TEXT, "Times-Roman", 10, 230)):
        c.drawString(307, top - 12 * k, line)
    c.save()
    return path


def test_given_names_with_addresses_flush_right_then_each_name_is_read_with_its_address(
    tmp_path: Path,
) -> None:
    # given: three names at the left, each with its e-mail address flush right on its baseline
    # when
    text = words(" ".join(b.text for b in convert(_first_page(tmp_path / "paper.pdf")).blocks))

    # then: each name is followed by its own address, before the next name
    order = [text.index(t) for name, address in AUTHORS for t in (name, address)]
    assert -1 not in order and order == sorted(order), text
    assert text.index(AUTHORS[-1][1]) < text.index("Department of Statistics"), text

"""Items numbered with a bare number ("1 Customizable and conversable agents. ...", no
point after it), the number at the margin and the item's wrapped lines hung under the
words after it, are list items; a section heading "1 Introduction" with its paragraph
at the margin under it, a list of references in small print, and a lone footnote "3 We refer ...", are not
(patterns.numeral_item)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

ITEMS = [
    "Reusable harbour cranes. The port uses one crane design that can lift boxes, drums or "
    "pallets, so operators can quickly move cargo of every kind between ships and quays.",
    "Tidal scheduling. Berths are planned around the tides, which lets the harbour master "
    "book ships ahead and keeps the quays busy through the whole day and night.",
]
REFS = [
    "Marsh K. Cranes of the northern ports: a survey of designs and their loads. Harbour Review "
    "2004;12:33-41.",
    "Okafor N, Lind P. Tides and berths: planning a small port's day. Port Studies 2006;3:1-19.",
]
INTRO = (
    "Ports move most of the world's trade, and their work is planned in detail long before "
    "a ship arrives. This note describes two of the ideas behind a small port's operation."
)


def _paper(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Times-Bold", 12)
    c.drawString(72, HEIGHT - 72, "1")
    c.drawString(90, HEIGHT - 72, "Introduction")
    c.setFont("Times-Roman", 10)
    y = HEIGHT - 92
    for line in simpleSplit(INTRO, "Times-Roman", 10, 400):
        c.drawString(72, y, line)
        y -= 11
    y -= 6
    for n, item in enumerate(ITEMS, 1):
        c.drawString(74, y, str(n))
        for line in simpleSplit(item, "Times-Roman", 10, 380):
            c.drawString(84, y, line)
            y -= 11
        y -= 4
    # A list of references numbered the same way, in smaller print.
    c.setFont("Times-Roman", 7)
    y -= 12
    for n, ref in enumerate(REFS, 1):
        c.drawString(74, y, str(n))
        for line in simpleSplit(ref, "Times-Roman", 7, 300):
            c.drawString(82, y, line)
            y -= 8
    c.setFont("Times-Roman", 8)
    c.drawString(72, 80, "3 We refer to the harbour's yearly report for a detailed discussion.")
    c.save()
    return path


def test_given_bare_numbers_hanging_before_their_items_then_they_are_list_items(tmp_path: Path) -> None:
    # given: a heading "1 Introduction", a paragraph, two items numbered "1" and "2" whose
    # wrapped lines hang under their words, two references numbered so in small print, a
    # footnote "3 ..."
    pdf = _paper(tmp_path / "paper.pdf")

    # when
    md = convert(pdf).markdown or ""

    # then: each item whole, numbered as Markdown numbers it; the heading, the references
    # in small print and the footnote no items
    lines = md.splitlines()
    assert any(
        ln.startswith("1. Reusable harbour cranes.") and ln.rstrip().endswith("quays.") for ln in lines
    ), md
    assert any(ln.startswith("2. Tidal scheduling.") and ln.rstrip().endswith("night.") for ln in lines), md
    not_items = (
        "1. Introduction",
        "- 1 Introduction",
        "3. We",
        "- 3 We",
        "1. Marsh",
        "- 1 Marsh",
        "2. Okafor",
    )
    assert not any(ln.startswith(not_items) for ln in lines), md


def _receipt(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Courier", 10)
    y = HEIGHT - 72
    for text, x in (
        ("HARBOUR RICE SDN BHD", 72),
        ("03 Mar 2018 18:22", 72),
        ("(867388-U)", 90),
        ("12, Jalan Tampoi 7/4, Kawasan Perindustrian", 72),
        ("Total Amount: $8.20", 72),
    ):
        c.drawString(x, y, text)
        y -= 12
    c.save()
    return path


def test_given_a_lone_number_opening_a_line_with_a_hung_line_under_it_then_it_is_no_item(
    tmp_path: Path,
) -> None:
    # given: a receipt's date line "03 Mar 2018 18:22" with the shop's registration number
    # on the next line, set under "Mar" -- the shape of a bare-numbered item, but a lone
    # number: no item numbered 2 or 4 beside it
    pdf = _receipt(tmp_path / "receipt.pdf")

    # when
    md = convert(pdf).markdown or ""

    # then: the date is kept as printed, not renumbered "03." or "3."
    assert "03 Mar 2018 18:22" in md, md
    assert not any(ln.startswith(("03.", "3.")) for ln in md.splitlines()), md

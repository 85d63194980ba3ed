"""A short right-aligned line set between two lines of a block, with no text level with
it ("Case No: ..." under a judgment's citation, over the court's name), is read in its
place, not after the block as a column of its own."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert, words

COURT = [
    "IN THE HIGH COURT OF JUSTICE",
    "CHANCERY DIVISION",
    "INTELLECTUAL PROPERTY ENTERPRISE COURT",
    "ON APPEAL FROM THE SMALL CLAIMS TRACK",
]


def _cover(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Times-Roman", 12)
    c.drawString(72, HEIGHT - 136, "Neutral Citation Number: [2017] EWHC 3175 (IPEC)")
    c.drawRightString(523, HEIGHT - 161, "Case No: IP-2016-000174")
    c.setFont("Times-Bold", 12)
    for k, line in enumerate(COURT):
        c.drawString(72, HEIGHT - 175 - 13.8 * k, line)
    c.save()
    return path


def test_given_a_right_aligned_line_between_lines_of_a_block_then_it_is_read_in_its_place(
    tmp_path: Path,
) -> None:
    # given: a citation, a right-aligned case number under it, the court's name under both
    pdf = _cover(tmp_path / "cover.pdf")

    # when
    text = words(convert(pdf).text or "")

    # then: the case number between the citation and the court's name
    at = [text.find(s) for s in ("Neutral Citation", "Case No", "IN THE HIGH COURT", "SMALL CLAIMS")]
    assert all(a >= 0 for a in at) and at == sorted(at), (at, text)

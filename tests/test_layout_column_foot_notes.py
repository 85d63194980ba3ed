"""Small print with no note marker at the foot of a paper's first column (worker/engines/
layout/notes.py): an ACM paper sets its permission and copyright block there, under the
column's last paragraph, while the second column runs down beside it. Read in place it
came between the columns; as set nine's footnotes, it is read after the body. A caption
in small print at the foot of a column stays where it is."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, RIGHT_TEXT, convert

BLOCK = (
    "Permission to make digital or hard copies of all or part of this work for personal or "
    "classroom use is granted without fee provided that copies are not made or distributed "
    "for profit or commercial advantage."
)
VENUE = "PLDI'09, June 15-20, 2009, Dublin, Ireland."


def _paper(path: Path, block: str) -> Path:
    """Two 9 pt columns: the left one ends a blank stretch above a 7 pt block at its foot,
    the right one runs down to the foot of that block."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    y = HEIGHT - 72
    for line in simpleSplit(" ".join([LEFT_TEXT] * 6), "Helvetica", 9, 216)[:30]:
        c.drawString(72, y, line)
        y -= 11
    y = HEIGHT - 72
    for line in simpleSplit(" ".join([RIGHT_TEXT] * 12), "Helvetica", 9, 216)[:58]:
        c.drawString(324, y, line)
        y -= 11
    c.setFont("Helvetica", 7)
    y = HEIGHT - 72 - 58 * 11 + 50
    for line in [*simpleSplit(block, "Helvetica", 7, 216), VENUE]:
        c.drawString(72, y, line)
        y -= 8.5
    c.save()
    return path


def test_given_a_copyright_block_at_the_foot_of_the_first_column_then_it_is_read_after_the_body(
    tmp_path: Path,
) -> None:
    # when
    blocks = convert(_paper(tmp_path / "paper.pdf", BLOCK)).blocks

    # then: the second column's text comes before the block, which is read last as notes
    texts = [b.text for b in blocks]
    block = next(i for i, t in enumerate(texts) if t.startswith("Permission to make"))
    right = max(i for i, t in enumerate(texts) if "gutters" in t or "right column" in t)
    assert right < block
    assert blocks[block].kind == "footnote" and texts[-1].endswith(VENUE)


def test_given_a_caption_at_the_foot_of_the_first_column_then_it_stays_in_place(tmp_path: Path) -> None:
    # given: the same page with a figure's caption in the block's place
    caption = "Figure 3. Trace trees grown from the loop header over three iterations of the loop."

    # when
    blocks = convert(_paper(tmp_path / "caption.pdf", caption)).blocks

    # then: read in the first column, before the second column's text
    texts = [b.text for b in blocks]
    at = next(i for i, t in enumerate(texts) if t.startswith("Figure 3."))
    right = min(i for i, t in enumerate(texts) if "right column" in t)
    assert at < right and blocks[at].kind != "footnote"

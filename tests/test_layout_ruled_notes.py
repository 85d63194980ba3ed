"""A note under a footnote rule at the foot of a paper's first column (worker/engines/
layout/notes.py): ICML prints its proceedings note ("Proceedings of the 31st ...") there,
under LaTeX's short footnote rule, in print only a tenth smaller than the body and with
no marker. Read in place it came between the columns; the page's footnotes come after
its body. The same print with no rule over it is read where it stands."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, RIGHT_TEXT, convert

NOTE = (
    "Proceedings of the 31st International Conference on Machine Learning, Beijing, China, 2014. "
    "Copyright 2014 by the author(s)."
)


def _paper(path: Path, *, rule: bool) -> Path:
    """Two 10 pt columns down to the page's foot; the left one ends with a 9 pt note, a
    short rule over it when ``rule``."""
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Times-Roman", 10)
    y = HEIGHT - 72
    for line in simpleSplit(" ".join([LEFT_TEXT] * 8), "Times-Roman", 10, 216)[:44]:
        c.drawString(72, y, line)
        y -= 12
    top = y - 6
    if rule:
        c.setLineWidth(0.4)
        c.line(72, top + 4, 144, top + 4)
    c.setFont("Times-Roman", 9)
    y = top - 6
    for line in simpleSplit(NOTE, "Times-Roman", 9, 216):
        c.drawString(72, y, line)
        y -= 10
    c.setFont("Times-Roman", 10)
    y2 = HEIGHT - 72
    for line in simpleSplit(" ".join([RIGHT_TEXT] * 12), "Times-Roman", 10, 216):
        if y2 < y + 10:
            break
        c.drawString(324, y2, line)
        y2 -= 12
    c.save()
    return path


def test_given_a_note_under_a_footnote_rule_at_a_column_foot_then_it_is_read_after_the_body(
    tmp_path: Path,
) -> None:
    # Given a two-column page whose first column ends with a note in 9 pt under a short rule
    blocks = convert(_paper(tmp_path / "paper.pdf", rule=True)).blocks
    # When it is read
    texts = [b.text or "" for b in blocks]
    # Then the note is a footnote, read last, after the second column's text
    assert texts[-1].startswith("Proceedings of the 31st")
    assert blocks[-1].kind == "footnote"
    assert any("gutters" in t for t in texts[:-1])


def test_given_the_same_print_with_no_rule_then_it_is_read_in_place(tmp_path: Path) -> None:
    # Given the same page with no rule over the note
    blocks = convert(_paper(tmp_path / "plain.pdf", rule=False)).blocks
    # When it is read
    texts = [b.text or "" for b in blocks]
    at = next(i for i, t in enumerate(texts) if t.startswith("Proceedings of the 31st"))
    # Then it is read in place, at the end of the first column, as a paragraph
    assert blocks[at].kind == "paragraph"
    assert any("gutters" in t for t in texts[at + 1 :])

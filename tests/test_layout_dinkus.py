"""A dinkus (worker/engines/layout/rows.py): a centred row of stars under a letter's last
paragraph marks a break; read as a list item, its first star was taken for the marker
and dropped ("* * * *")."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.layout_pages import convert


def test_given_a_centred_row_of_stars_then_it_is_text_with_all_its_stars(tmp_path: Path) -> None:
    # given: a closing paragraph, five stars centred under it, the sender's address below
    _, height = A4
    path = tmp_path / "letter.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(
        34, height - 100, "This amendment may be executed in two or more counterparts, each an original."
    )
    c.drawCentredString(297, height - 124, "* * * * *")
    c.drawCentredString(297, height - 160, "430 Park Avenue | New York, New York 10022")
    c.save()

    # when
    result = convert(path)

    # then
    stars = [b for b in result.blocks if b.text.startswith("*")]
    assert [(b.kind, b.text) for b in stars] == [("paragraph", "* * * * *")]
    assert "* * * * *" in (result.text or "")

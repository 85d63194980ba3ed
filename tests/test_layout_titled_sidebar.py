"""A paragraph that runs on at full width under a titled sidebar set in the body's size (a
grant summary's "Key Findings" box beside its scope): the lines under the box finish the
paragraph, before the box is read (layout/flows.under_sidebar)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, RIGHT_TEXT, convert, words

PITCH = 11.5
OPEN = "The column's last paragraph goes on beside the box and is still open at its foot, crucial for"
FULL = "the sentence that runs on across the page under the box and ends here."
BOX = (
    "Findings of the project are set in the box beside the column in the same size as the "
    "body text, line after line, so that the box holds as much running text as a column, "
    "though its title says it is a box of its own and not the column's continuation."
)


def _summary_with_titled_box(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    y = HEIGHT - 100
    column = simpleSplit(LEFT_TEXT + " " + RIGHT_TEXT, "Helvetica", 10, 200)
    column += [""]
    column += simpleSplit(OPEN, "Helvetica", 10, 200)
    for line in column:
        if line:
            c.drawString(72, y, line)
        y -= PITCH
    # The box beside the column: a title set larger, then text in the body's size, ending
    # above the column's last line.
    c.setFont("Helvetica-Bold", 11)
    c.drawString(300, HEIGHT - 104, "Key Findings and Implications")
    c.setFont("Helvetica", 10)
    for i, line in enumerate(simpleSplit(BOX, "Helvetica", 10, 240)):
        c.drawString(300, HEIGHT - 122 - PITCH * i, line)
    # The box ends above the column's foot.
    assert y + 2 * PITCH < HEIGHT - 122 - PITCH * 5
    # The paragraph's next line, one pitch under the column's last, across the page.
    c.drawString(72, y, FULL)
    c.drawString(72, y - 2 * PITCH, "A new paragraph follows under everything at the full width of the page.")
    c.save()
    return path


def test_given_a_paragraph_running_on_under_a_titled_box_then_its_full_width_line_ends_it(
    tmp_path: Path,
) -> None:
    # given
    pdf = _summary_with_titled_box(tmp_path / "summary.pdf")

    # when
    blocks = convert(pdf).blocks

    # then: the open paragraph ends with the line under the box, read before the box
    texts = [words(b.text) for b in blocks]
    last = next(i for i, t in enumerate(texts) if t.startswith("The column's last paragraph"))
    assert texts[last].endswith(words(FULL)), texts
    box = next(i for i, t in enumerate(texts) if t.startswith("Findings of the project"))
    assert last < box, texts

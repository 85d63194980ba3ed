"""A paragraph that runs on from one column into the next past a float at the top of
that column (worker/engines/layout/column_floats.py).

A paper sets its figures and tables at the top of a column; where the last paragraph of
the column before runs on into that column, its end stands under the float. Read column
by column the float cut the sentence in two ("... which" / the caption / "shows ...");
the paragraph is one, read whole, and the float follows it. A column that ends its
paragraph, or a next column whose text under the float starts a paragraph of its own
(indented), keeps the float before that column's text.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, LEFT_TEXT, convert, draw_paragraphs, words

FONT, SIZE, PITCH = "Times-Roman", 10, 12
LEFT, RIGHT, WIDTH = 72.0, 324.0, 216.0
OPENING = (
    "The closing paragraph of the column begins here and sets out what the results of the study show, which"
)
RUN_ON = (
    "shows that the method holds up on every subset we tried, and that the gain grows with the number of "
    "classes seen in training."
)
NEXT = "A second paragraph starts under it with an indent, as every paragraph of the column does."
CAPTION = "Figure 4: Accuracy against the number of training classes, for each of the three subsets."


def _left_column(c: canvas.Canvas, opening: str) -> float:
    """The left column: eight indented paragraphs of prose down to near the page's foot,
    the last ``opening``; the ``y`` under its last line."""
    return draw_paragraphs(
        c, [*[LEFT_TEXT] * 8, opening], LEFT, HEIGHT - 72, WIDTH, font=FONT, size=SIZE, pitch=PITCH
    )


def _right_text(c: canvas.Canvas, run_on: str, y: float) -> float:
    """The right column's text under its float, from ``y``: ``run_on`` (set flush, the end
    of the left column's paragraph, or indented where it is ``NEXT``, a paragraph of its
    own), then the indented ``NEXT``; the ``y`` under it."""
    indent = 10.0 if run_on is NEXT else 0.0
    y = draw_paragraphs(c, [run_on], RIGHT, y, WIDTH, indent=indent, font=FONT, size=SIZE, pitch=PITCH)
    return draw_paragraphs(c, [NEXT], RIGHT, y, WIDTH, font=FONT, size=SIZE, pitch=PITCH)


def _paper(path: Path, *, opening: str, run_on: str) -> Path:
    """Two columns of 10 pt prose: the left one down to the foot of the page, ending with
    ``opening``; the right one with a figure (its caption under a drawn frame) at its top,
    then ``run_on`` and an indented paragraph."""
    c = canvas.Canvas(str(path), pagesize=letter)
    y = _left_column(c, opening)
    foot = y + PITCH
    # The figure: a framed image place, its caption under it.
    c.rect(RIGHT, HEIGHT - 72 - 100, WIDTH, 100)
    y = HEIGHT - 72 - 115
    for line in simpleSplit(CAPTION, FONT, SIZE, WIDTH):
        c.drawString(RIGHT, y, line)
        y -= PITCH
    y = _right_text(c, run_on, y - 2 * PITCH)
    assert y > 72 and foot < y  # the left column runs down past the right one's text
    c.save()
    return path


def _texts(path: Path) -> list[str]:
    return [b.text or "" for b in convert(path).blocks]


def test_given_a_paragraph_running_on_past_a_figure_then_it_is_read_whole_before_the_figure(
    tmp_path: Path,
) -> None:
    # Given a left column whose last paragraph ends mid-sentence at the page's foot, and
    # a right column with a figure and its caption at its top, the paragraph's end under it
    texts = _texts(_paper(tmp_path / "paper.pdf", opening=OPENING, run_on=RUN_ON))
    # When the page is read
    whole = words(f"{OPENING} {RUN_ON}")
    # Then the paragraph is one block, and the caption comes after it, then the next one
    at = texts.index(whole)
    assert texts[at + 1] == words(CAPTION)
    assert texts[at + 2] == words(NEXT)


def test_given_a_column_ending_its_paragraph_then_the_figure_is_read_before_the_next_column(
    tmp_path: Path,
) -> None:
    # Given the same page whose left column ends its last sentence, and whose right
    # column's text under the figure starts a paragraph of its own (indented)
    ended = OPENING.removesuffix(", which") + "."
    texts = _texts(_paper(tmp_path / "ended.pdf", opening=ended, run_on=NEXT))
    # When the page is read
    # Then the caption is read at the top of the right column, before its text
    at = texts.index(words(CAPTION))
    assert texts[at - 1] == words(ended)
    assert texts[at + 1].startswith("A second paragraph")


def _paper_with_table(path: Path) -> Path:
    """The same left column; the right one opens with a table's caption over a ruled
    table (IEEE style), then the paragraph's end and an indented paragraph."""
    c = canvas.Canvas(str(path), pagesize=letter)
    _left_column(c, OPENING)
    y = HEIGHT - 72
    c.drawCentredString(RIGHT + WIDTH / 2, y, "TABLE II")
    y -= PITCH
    c.drawCentredString(RIGHT + WIDTH / 2, y, "ACCURACY OF EACH METHOD ON THE TEST SET")
    y -= PITCH
    rows = [("Method", "Precision", "Recall"), ("Baseline", "0.91", "0.42"), ("Ours", "0.97", "0.61")]
    c.setLineWidth(0.5)
    for row in rows:
        c.line(RIGHT + 20, y + PITCH - 3, RIGHT + WIDTH - 20, y + PITCH - 3)
        for k, cell in enumerate(row):
            c.drawString(RIGHT + 24 + 60 * k, y, cell)
        y -= PITCH
    c.line(RIGHT + 20, y + PITCH - 3, RIGHT + WIDTH - 20, y + PITCH - 3)
    for x in (RIGHT + 20, RIGHT + 80, RIGHT + 140, RIGHT + WIDTH - 20):
        c.line(x, y + PITCH - 3, x, y + PITCH - 3 + PITCH * len(rows))
    _right_text(c, RUN_ON, y - 2 * PITCH)
    c.save()
    return path


def test_given_a_paragraph_running_on_past_a_ruled_table_then_the_table_follows_it(tmp_path: Path) -> None:
    # Given a right column that opens with a table's caption and a ruled table, the
    # left column's last paragraph ending under them
    blocks = convert(_paper_with_table(tmp_path / "table.pdf")).blocks
    texts = [b.text or "" for b in blocks]
    # When the page is read
    at = texts.index(words(f"{OPENING} {RUN_ON}"))
    # Then the paragraph is read whole, then the caption, the table, the next paragraph
    assert texts[at + 1] == "TABLE II"
    assert texts[at + 2] == "ACCURACY OF EACH METHOD ON THE TEST SET"
    assert blocks[at + 3].kind == "table"
    assert texts[at + 4] == words(NEXT)


def _paper_with_booktabs(path: Path) -> Path:
    """The same left column; the right one opens with a table's caption over a table
    with a rule above, under its header and below (booktabs), which the layout reads as
    a table region of its own, then the paragraph's end and an indented paragraph."""
    c = canvas.Canvas(str(path), pagesize=letter)
    _left_column(c, OPENING)
    y = HEIGHT - 72
    c.drawString(RIGHT, y, "Table 2: Accuracy of each method on the test set.")
    y -= PITCH + 4
    rows = [("Method", "Precision", "Recall"), ("Baseline", "0.91", "0.42"), ("Ours", "0.97", "0.61")]
    c.line(RIGHT + 20, y + PITCH - 2, RIGHT + WIDTH - 20, y + PITCH - 2)
    for j, row in enumerate(rows):
        for k, cell in enumerate(row):
            c.drawString(RIGHT + 24 + 60 * k, y, cell)
        if j == 0:
            c.line(RIGHT + 20, y - 3, RIGHT + WIDTH - 20, y - 3)
        y -= PITCH
    c.line(RIGHT + 20, y + PITCH - 3, RIGHT + WIDTH - 20, y + PITCH - 3)
    _right_text(c, RUN_ON, y - 2 * PITCH)
    c.save()
    return path


def test_given_a_paragraph_running_on_past_a_table_region_then_it_is_read_whole(tmp_path: Path) -> None:
    # Given a right column that opens with a caption over a booktabs table, laid out as
    # a caption's flow and a table region apart from the text under them
    blocks = convert(_paper_with_booktabs(tmp_path / "booktabs.pdf")).blocks
    texts = [b.text or "" for b in blocks]
    # When the page is read
    at = texts.index(words(f"{OPENING} {RUN_ON}"))
    # Then the paragraph is read whole, then the caption, the table, the next paragraph
    assert texts[at + 1].startswith("Table 2:")
    assert blocks[at + 2].kind == "table"
    assert texts[at + 3] == words(NEXT)

"""A tax form's numbered lines (worker/engines/layout/leaders.py, line_numbers.py): each
line's number in a column of its own at the left margin, its label, leader dots set a
fixed step apart up to the box for its amount, and the line's number again at that box.
The dots of lines under each other line up, and the numbers are figures in a column:
the lines were read as a grid of "." cells, or as a column of numbers before a column of
labels. A form's lines read as lines: number, label, box number; the dots are furniture."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from common.documents.results import Block, Word
from tests.layout_pages import HEIGHT, convert
from worker.engines.layout.leaders import without_leaders
from worker.engines.layout.model import LayoutLine, make_band

LINES = (
    ("6", "Tentative total tax", 156.0),
    ("7", "Total payments and credits. See instructions", 264.0),
    ("8", "Balance due. Subtract line 7 from line 6. See instructions", 312.0),
)
LONG = (
    ("2", "If the organization is a foreign corporation that does not have an office or place of"),
    ("3", "If the organization is a corporation and is the common parent of a group that intends"),
    ("4", "If the organization is a corporation or partnership that qualifies under the rules"),
)


def _draw(path: Path, *, leaders: bool) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(45, HEIGHT - 60, "Application for an extension of time to file")
    y = HEIGHT - 100
    for number, label in LONG:
        # given: numbered lines of a sentence each, the number in the margin
        c.setFont("Helvetica-Bold", 9)
        c.drawString(45, y, number)
        c.setFont("Helvetica", 9)
        c.drawString(65, y, label)
        y -= 12
        c.drawString(65, y, "business in the United States, check here")
        y -= 14
    y -= 20
    for number, label, dots_from in LINES:
        # given: a label, its leader dots a dot every 12 pt, and the number at the box
        c.setFont("Helvetica-Bold", 9)
        c.drawString(45, y, number)
        c.drawString(469, y, number)
        c.setFont("Helvetica", 9)
        c.drawString(65, y, label)
        if leaders:
            x = dots_from
            while x < 450:
                c.drawString(x, y, ".")
                x += 12.0
        y -= 24
    c.save()
    return path


def _texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


def test_given_form_lines_with_leader_dots_when_converted_then_each_line_reads_whole_without_dots(
    tmp_path: Path,
) -> None:
    # when
    result = convert(_draw(tmp_path / "form.pdf", leaders=True))

    # then: no table; each line is its number, its label and its box number, no dots
    assert [b.kind for b in result.blocks if b.kind == "table"] == []
    texts = _texts(result.blocks)
    for number, label, _ in LINES:
        assert f"{number} {label} {number}" in texts
    assert not any(t.strip(" .") == "" or ". ." in t for t in texts)


def test_given_form_lines_without_dots_when_converted_then_the_numbers_are_no_column_of_figures(
    tmp_path: Path,
) -> None:
    # when
    result = convert(_draw(tmp_path / "form-plain.pdf", leaders=False))

    # then: no table of line numbers beside labels; each number opens its own line
    assert [b.kind for b in result.blocks if b.kind == "table"] == []
    texts = _texts(result.blocks)
    for number, label, _ in LINES:
        assert f"{number} {label} {number}" in texts


def test_given_numbered_sentences_when_converted_then_each_number_opens_its_sentence(tmp_path: Path) -> None:
    # when
    result = convert(_draw(tmp_path / "form-long.pdf", leaders=False))

    # then: the numbers are read with their lines, not all of them before the text
    text = "\n".join(_texts(result.blocks))
    for number, label in LONG:
        assert f"{number} {label}" in text


def test_given_an_ellipsis_and_a_full_stop_set_apart_then_neither_is_taken_for_leaders() -> None:
    # given: an ellipsis inside a line, and a row's closing full stop a cell of its own
    def line(text: str, x0: float) -> LayoutLine:
        words, x = [], x0
        for w in text.split():
            words.append(Word(w, (x, 10.0, x + 5.0 * len(w), 20.0)))
            x += 5.0 * len(w) + 3.0
        return LayoutLine(text=text, bbox=(x0, 10.0, x - 3.0, 20.0), size=10.0, words=words)

    bands = [
        make_band([line("and then ... nothing came", 10.0)]),
        make_band([line(", 20", 10.0), line(".", 60.0)]),
    ]

    # when
    kept = without_leaders(bands)

    # then
    assert [[ln.text for ln in band] for band in kept] == [["and then ... nothing came"], [", 20", "."]]

"""Numbered paragraphs are paragraphs, numbered clauses a list (worker/engines/layout/
not_items.py, blocks.py): a report numbers its paragraphs through the whole document
("68." to "70." on one page), a judgment wraps its numbered paragraphs back under the
number; a contract's clauses count from one and hang their lines under their words, and
a clause's wrapped line that starts with a number ("Section" / "4. (b.) Upon ...") goes
on with it. An asterisk that keys a note under a table is no bullet."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from common.documents.results import Block, blocks_to_markdown
from tests.layout_pages import HEIGHT, convert, words

FONT, SIZE, PITCH = "Times-Roman", 11, 13.5
LEFT, RIGHT = 72.0, 540.0
_PARAS = [
    "Mr. Speaker, at the end of the year, total arrears of the central government amounted to a "
    "large share of the national output, consisting of certificates and invoices held at the "
    "ministry and of transfer advices held at the bank, as the table below shows in detail.",
    "Mr. Speaker, as part of the measures to address these mounting accumulations, we will audit "
    "the arrears to establish their quantum and eligibility before any payment is made to anyone.",
    "Mr. Speaker, the breakdown of the arrears by category is presented in the table that follows "
    "this paragraph, with the totals of each group of ministries and agencies on a row of its own.",
]

_SHORT = "Each party has by deliberate steps arranged that these issues do not arise."


def _hung(c: canvas.Canvas, number: str, text: str, y: float, *, at: float, hang: float) -> float:
    """``text`` after ``number`` set at ``at``, its lines starting at ``hang``."""
    c.drawString(at, y, number)
    for line in simpleSplit(text, FONT, SIZE, RIGHT - hang):
        c.drawString(hang, y, line)
        y -= PITCH
    return y - 6


def _report(path: Path, first: int, *, hang: float) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont(FONT, SIZE)
    y = HEIGHT - 72
    for k, para in enumerate(_PARAS):
        y = _hung(c, f"{first + k}.", para, y, at=LEFT, hang=hang)
    c.save()
    return path


def _justified(c: canvas.Canvas, text: str, x0: float, y: float) -> None:
    """``text`` set from ``x0`` to the right edge, its word gaps stretched."""
    parts = text.split()
    widths = [stringWidth(w, FONT, SIZE) for w in parts]
    gap = (RIGHT - x0 - sum(widths)) / (len(parts) - 1)
    for w, width in zip(parts, widths, strict=True):
        c.drawString(x0, y, w)
        x0 += width + gap


def _items(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if b.kind == "list_item"]


def test_given_a_reports_running_paragraph_numbers_then_they_are_paragraphs(tmp_path: Path) -> None:
    # Given a report page whose paragraphs carry the document's running numbers, 68 to 70,
    # each number at the margin and its lines hung under the text
    blocks = convert(_report(tmp_path / "report.pdf", 68, hang=LEFT + 36)).blocks
    # When the page is read
    paras = [b.text for b in blocks if b.kind == "paragraph"]
    # Then each is a paragraph that starts with its number, and the Markdown lists nothing
    assert not _items(blocks)
    assert paras == [words(f"{68 + k}. {p}") for k, p in enumerate(_PARAS)]
    markdown = blocks_to_markdown(blocks)
    assert "68\\. Mr. Speaker" in markdown
    assert not [ln for ln in markdown.splitlines() if ln[:3] in ("68.", "69.", "70.")]


def test_given_numbered_paragraphs_wrapping_under_their_numbers_then_they_are_paragraphs(
    tmp_path: Path,
) -> None:
    # Given a judgment's paragraphs numbered from one, each wrapping back to the margin,
    # the second one line long
    path = tmp_path / "judgment.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont(FONT, SIZE)
    y = HEIGHT - 72
    paras = [_PARAS[0], _SHORT, _PARAS[1]]
    for k, para in enumerate(paras):
        for line in simpleSplit(f"{k + 1}. {para}", FONT, SIZE, RIGHT - LEFT):
            c.drawString(LEFT, y, line)
            y -= PITCH
        y -= 6
    c.save()
    # When the page is read
    blocks = convert(path).blocks
    # Then they are paragraphs, the one-line one too (a run is of one kind)
    assert not _items(blocks)
    assert [b.text for b in blocks if b.kind == "paragraph"] == [
        words(f"{k + 1}. {p}") for k, p in enumerate(paras)
    ]


def test_given_clauses_numbered_from_one_with_hanging_lines_then_they_are_items(tmp_path: Path) -> None:
    # Given the same paragraphs numbered 1 to 3, their lines hung under their words
    blocks = convert(_report(tmp_path / "clauses.pdf", 1, hang=LEFT + 18)).blocks
    # When the page is read / Then they are a list, as before
    assert _items(blocks) == [words(f"{k + 1}. {p}") for k, p in enumerate(_PARAS)]


_CLAUSE = [
    "Intellectual Property. (a.) As between Consultant and Client, the work product prepared",
    "for Client in connection with the Services shall be deemed the property of Consultant, as",
    "long as such work violates neither the conditions in this Section, nor the provisions in Section",
    "4. (b.) Upon acceptance by Client, Consultant hereby grants to Client a worldwide license.",
]


def test_given_a_clauses_wrapped_line_that_starts_with_a_number_then_it_stays_in_the_clause(
    tmp_path: Path,
) -> None:
    # Given clauses 2 to 4 (clause 1 first), the third's wrapped line under its words
    # starting "4. (b.)" after a line that ran to the edge mid-sentence
    path = tmp_path / "contract.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont(FONT, SIZE)
    y = HEIGHT - 72
    y = _hung(c, "1.", _PARAS[0], y, at=LEFT, hang=LEFT + 18)
    y = _hung(c, "2.", _PARAS[1], y, at=LEFT, hang=LEFT + 18)
    c.drawString(LEFT, y, "3.")
    for k, line in enumerate(_CLAUSE):
        if k < len(_CLAUSE) - 1:
            _justified(c, line, LEFT + 18, y)
        else:
            c.drawString(LEFT + 18, y, line)
        y -= PITCH
    y -= 6
    _hung(c, "4.", _PARAS[2], y, at=LEFT, hang=LEFT + 18)
    c.save()
    # When the page is read
    items = _items(convert(path).blocks)
    # Then clause 3 is one item with its "4. (b.)" line, and clause 4 follows it
    assert items == [
        words(f"1. {_PARAS[0]}"),
        words(f"2. {_PARAS[1]}"),
        words("3. " + " ".join(_CLAUSE)),
        words(f"4. {_PARAS[2]}"),
    ]


def test_given_a_note_keyed_by_an_asterisk_under_a_paragraph_then_it_is_no_bullet(tmp_path: Path) -> None:
    # Given a paragraph, a note line keyed by "*" and "**" under it, then a typed list of
    # two items marked with "*"
    path = tmp_path / "note.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont(FONT, SIZE)
    y = HEIGHT - 72
    for line in simpleSplit(_PARAS[0], FONT, SIZE, RIGHT - LEFT):
        c.drawString(LEFT, y, line)
        y -= PITCH
    c.setFont(FONT, 8)
    c.drawString(LEFT + 36, y - 4, "* Projected outturn, **Projection")
    y -= 40
    c.setFont(FONT, SIZE)
    c.drawString(LEFT, y, "Bring the following:")
    for thing in ("* a pen and some paper", "* the signed form"):
        y -= PITCH
        c.drawString(LEFT, y, thing)
    c.save()
    # When the page is read
    blocks = convert(path).blocks
    # Then the note is a paragraph with its asterisks, the typed list two items
    assert "* Projected outturn, **Projection" in [b.text for b in blocks if b.kind == "paragraph"]
    assert _items(blocks) == ["a pen and some paper", "the signed form"]


def test_given_a_bold_note_keyed_by_an_asterisk_then_it_is_neither_item_nor_heading(tmp_path: Path) -> None:
    # Given an invoice's closing lines: a bold note keyed by "*", then a regular line
    path = tmp_path / "bold_note.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont(FONT, SIZE)
    c.drawString(LEFT, HEIGHT - 72, "Total due 120.00 EUR, payable within fourteen days of the invoice date.")
    c.setFont("Times-Bold", SIZE)
    c.drawString(LEFT, HEIGHT - 110, "* - Exempt under section 16 of the VAT act")
    c.setFont(FONT, SIZE)
    c.drawString(LEFT, HEIGHT - 140, "Thank you for your custom.")
    c.save()
    # When the page is read
    blocks = convert(path).blocks
    # Then the note is a paragraph
    note = [b for b in blocks if b.text.startswith("* - Exempt")]
    assert [b.kind for b in note] == ["paragraph"]

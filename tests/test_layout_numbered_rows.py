"""Clause numbers and codes hung before their text (worker/engines/layout/tables.py,
numbered_rows): a standard's numbered clauses ("1.1 Scope") and its list of referenced
documents ("T.503 A document application profile ...") line up as a column of figures
beside a column of words, and were read as tables of two columns. They are lines, each
number with its text; a table whose figures are its data, right of its labels, stays
a table."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

_REFS = [
    ("T.503", "A document application profile for the interchange of facsimile documents"),
    ("T.521", "Communication application profile for document bulk transfer"),
    ("T.563", "Terminal characteristics for facsimile apparatus"),
    ("T.62 bis", "Control procedures for Teletex and facsimile services"),
    ("F. 161", "International facsimile service"),
]


def _page(path: Path, rows: list[tuple[str, str]], *, right_aligned: bool = False) -> Path:
    """A heading, a paragraph, ``rows`` as two columns (the second at x 150, or right
    aligned at x 400), and a closing paragraph."""
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 72
    c.setFont("Times-Bold", 11)
    c.drawString(72, y, "1.1.2 References")
    y -= 22
    c.setFont("Times-Roman", 10)
    c.drawString(72, y, "This Recommendation should be read in conjunction with the following:")
    y -= 20
    for left, right in rows:
        c.drawString(100, y, left)
        if right_aligned:
            c.drawRightString(400, y, right)
        else:
            c.drawString(150, y, right)
        y -= 18
    y -= 10
    c.drawString(72, y, "In addition, the following Recommendations should also be read in full.")
    c.save()
    return path


def test_given_codes_hung_before_their_titles_then_each_code_is_read_with_its_title(tmp_path: Path) -> None:
    # given
    pdf = _page(tmp_path / "refs.pdf", _REFS)

    # when
    result = convert(pdf)

    # then: no table; each code and its title are one line, in order
    assert [b.kind for b in result.blocks if b.kind == "table"] == []
    texts = [b.text for b in result.blocks]
    for code, title in _REFS:
        assert any(t.startswith(f"{code} {title}") for t in texts), (code, texts)


def test_given_labels_with_their_figures_right_of_them_then_the_rows_are_a_table(tmp_path: Path) -> None:
    # given: the figures are the data, right of the labels
    rows = [("Region", "Population"), ("Highland", "235,540"), ("Moray", "95,510"), ("Fife", "374,730")]
    rows.append(("Angus", "116,040"))
    pdf = _page(tmp_path / "table.pdf", rows, right_aligned=True)

    # when
    result = convert(pdf)

    # then
    tables = [b for b in result.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].rows is not None and tables[0].rows[1] == ["Highland", "235,540"]

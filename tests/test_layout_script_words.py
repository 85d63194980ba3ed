"""Sub- and superscripts set on a word's last glyph (worker/engines/layout/spans.py): the
text layer breaks the word where the baseline moves, as if a space stood there ("x 2",
"A T ,", "state m. 4"). A page's text writes them as the characters run, flat against
the word ("x2", "AT,", "m.4"); a small word after a real word space stays a word."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert

FONT, SIZE, SMALL = "Times-Roman", 10.0, 7.0
SCRIPT_FONT = "Helvetica"


def _line(c: canvas.Canvas, y: float, pieces: list[tuple[str, float, float]]) -> None:
    """Draws ``pieces`` (text, size, rise) one after another on the baseline ``y``, each
    in a text object of its own, as TeX's drivers set a math symbol and its script: the
    script in a font of its own (TeX's cmr7 beside cmmi10), a hair after the glyph
    before it (pdfium then reads a line break before and after the script)."""
    x = 72.0
    for text, size, rise in pieces:
        font = FONT if size == SIZE else SCRIPT_FONT
        x += 0.3 if rise else 0.0
        c.setFont(font, size)
        c.drawString(x, y + rise, text)
        x += stringWidth(text, font, size)


def _page(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    y = HEIGHT - 100
    _line(
        c,
        y,
        [
            ("The noise has variance ", SIZE, 0),
            ("x", SIZE, 0),
            ("2", SMALL, 4.0),
            (" and mean zero,", SIZE, 0),
        ],
    )
    _line(
        c,
        y - 14,
        [("and the matrix ", SIZE, 0), ("A", SIZE, 0), ("T", SMALL, 4.0), (", its transpose.", SIZE, 0)],
    )
    _line(c, y - 28, [("A small note follows", SIZE, 0), (" in small print", SMALL, 0), (" here.", SIZE, 0)])
    c.save()
    return path


def test_given_scripts_touching_their_words_then_they_read_flat_against_them(tmp_path: Path) -> None:
    # Given lines with a superscript drawn on a raised baseline right after a word's
    # last glyph, and a run of smaller print on the line's own baseline after a space
    text = convert(_page(tmp_path / "scripts.pdf")).text or ""
    # When the page is read
    # Then each script is part of its word, and what follows it too where no space parts them
    assert "variance x2 and mean zero," in text
    assert "matrix AT, its transpose" in text
    # And smaller print on the baseline after a space stays words of its own
    assert "follows in small print here." in text

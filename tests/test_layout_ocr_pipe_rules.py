"""OCR reads a ruled table's vertical rules as "|" words ("Widget | 2 | 4.00"). Only a
text-layer line is read through "|" padding (spans.py weighed the page's pipe table
sides for it); an OCR line's wide gaps stay cell cuts, so the scanned table keeps its
columns (worker/engines/layout/line_cuts.py split_at_gaps)."""

from __future__ import annotations

from common.documents.results import Word
from worker.engines.layout import LayoutLine, layout_lines
from worker.engines.layout.line_cuts import split_at_gaps

_SIZE = 10.0
_EM = 10.0
# Cell texts at the x of their columns; the rules between them at 3 em gaps, read as "|".
_ROWS = [
    ["Item", "Qty", "Price"],
    ["Widget", "2", "4.00"],
    ["Gadget", "15", "12.50"],
    ["Sprocket", "7", "0.95"],
    ["Flange", "120", "3.10"],
]
_COLS = (72.0, 200.0, 300.0)
_RULES = (170.0, 270.0)


def _ocr_row(cells: list[str], top: float) -> LayoutLine:
    """One OCR line across the row, its words (with confidences) the cells and the rules."""
    words: list[Word] = []
    for k, text in enumerate(cells):
        x0 = _COLS[k]
        words.append(Word(text, (x0, top, x0 + 6.0 * len(text), top + 12), 0.95))
        if k < len(_RULES):
            x = _RULES[k]
            words.append(Word("|", (x, top, x + 2.0, top + 12), 0.6))
    text = " ".join(w.text for w in words)
    return LayoutLine(text, (words[0].bbox[0], top, words[-1].bbox[2], top + 12), None, False, 0.9, words)


def test_ocr_line_with_rules_read_as_pipes_is_cut_into_cells() -> None:
    ln = _ocr_row(["Widget", "2", "4.00"], 100.0)
    gaps = [b.bbox[0] - a.bbox[2] for a, b in zip(ln.words, ln.words[1:], strict=False)]
    assert max(gaps) < 8 * _EM and min(gaps) > 2.5 * _EM  # padding a "|" join would read through
    assert len(split_at_gaps(ln)) == len(ln.words)


def test_text_layer_line_still_reads_through_pipe_padding() -> None:
    ln = _ocr_row(["Widget", "2", "4.00"], 100.0)
    words = [Word(w.text, w.bbox) for w in ln.words]
    line = LayoutLine(ln.text, ln.bbox, _SIZE, False, None, words)
    assert split_at_gaps(line) == [line]


def test_scanned_ruled_table_keeps_its_columns() -> None:
    lines = [_ocr_row(cells, 100.0 + 20.0 * r) for r, cells in enumerate(_ROWS)]
    blocks = layout_lines(lines, 612, 792)
    tables = [b for b in blocks if b.kind == "table"]
    assert tables, [(b.kind, b.text) for b in blocks]
    md = tables[0].text
    assert "Widget" in md and "4.00" in md
    assert not any("Widget | 2 | 4.00" in b.text for b in blocks)

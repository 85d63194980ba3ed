"""Which pages ``auto`` hands to a model engine: those its CPU engines read poorly.

The decision reads only the page result the CPU engines returned (``pdf-text`` or
``rapidocr``), so it costs next to nothing and is the same for a text layer and a scan.
Each trigger names what the CPU engines cannot represent or did not read well:

- confidence: an OCR page whose line confidence, weighted by text length, is below
  ``escalation.min_confidence``. A text layer has no confidence: its characters are the
  document's own.
- tables: the layout grids ruled tables, rows aligned in columns under a bold header
  row, and unruled rows where a column holds figures or "Label:" keys
  (worker/engines/layout/tables.py). What it could not grid shows as
  * a table caption ("Table 2:", "Tab. 3.") on a page without a table;
  * columns left as text: three columns or more side by side, each of short lines
    (cells), whose lines sit on the same rows (two are a sender's and a recipient's
    addresses as often as a table). A column is one block or several stacked flush left a
    line apart: the layout ends a paragraph at a line that stops short, as cells do;
  * a sparse grid: over a third of the cells below the header row empty, which is what
    spanning cells or columns the rows disagree on leave behind.
- formulas: a line with two mathematical symbols or more (operators such as ∑ ∫ √ ≤ ≠ ∈,
  or a Greek letter standing alone, as a variable does). Text layers and OCR both keep
  such symbols, as plain text with the structure of the formula lost.

Whether a worker for the model engine is live is the convert flow's question
(worker/flows/escalate.py): this module only says why a page would need one.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from common.core.settings import EscalationSettings
from common.documents.results import Block, Line, PageResult

# Engines whose results carry a confidence that says how well the page was read.
OCR_ENGINES = frozenset({"rapidocr"})

_CAPTION_RE = re.compile(r"^\s*(?:table|tab\.)\s*[0-9ivxlc]+[a-z]?\s*[.:]", re.IGNORECASE)
# Short lines: a cell holds a few words; a line of running text holds more.
_CELL_WORDS = 4
_MIN_ROWS = 3
_MIN_COLUMNS = 3
_SPARSE_SHARE = 1 / 3
# Blocks one under another belong to one column when their left edges agree within this
# many points and the gap between them is at most this share of a line's height.
_FLUSH = 2.0
_LINE_GAP = 1.0
# Symbols that occur in formulas and hardly anywhere else. Left out on purpose: the
# multiplication, plus-minus and division signs, middle dots and arrows, which prices,
# tolerances and addresses use.
_MATH = frozenset("∑∏∫∮∂∇√∞≤≥≠≈≡∝∈∉⊂⊃⊆⊇∪∩∀∃⇒⇔⊕⊗ℝℕℤℚℂ")  # noqa: RUF001
# A Greek letter with no letter beside it: a variable, not a word of Greek.
_GREEK_RE = re.compile(r"(?<![^\W\d_])[α-ωΑ-Ω](?![^\W\d_])")  # noqa: RUF001
_MIN_MATH = 2


def reason(result: PageResult, settings: EscalationSettings) -> str | None:
    """Why this page should go to a model engine, or None when the CPU result stands."""
    if not settings.enabled:
        return None
    checks = []
    if settings.min_confidence > 0 and result.engine in OCR_ENGINES:
        checks.append(_low_confidence(result.blocks, settings.min_confidence))
    if settings.tables:
        checks.append(_ungridded_table(result.blocks))
    if settings.formulas:
        checks.append(_formula(result.blocks))
    return next((why for why in checks if why is not None), None)


def confidence(blocks: Sequence[Block]) -> float | None:
    """The page's line confidence weighted by text length; None when no line has one."""
    total = weighted = 0.0
    for b in blocks:
        for ln in b.lines:
            if ln.confidence is not None and ln.text:
                total += len(ln.text)
                weighted += ln.confidence * len(ln.text)
    return weighted / total if total else None


def _low_confidence(blocks: Sequence[Block], minimum: float) -> str | None:
    value = confidence(blocks)
    if value is None or value >= minimum:  # a blank page is no model's work either
        return None
    return f"ocr confidence {value:.3f} below {minimum:g}"


def _ungridded_table(blocks: Sequence[Block]) -> str | None:
    tables = [b for b in blocks if b.kind == "table"]
    if not tables:
        caption = next((b for b in blocks if _CAPTION_RE.match(b.text)), None)
        if caption is not None:
            return f"table caption with no table: {caption.text[:60]!r}"
    columns = _columns_as_text([b for b in blocks if b.kind in ("paragraph", "list_item")])
    if columns:
        return f"{columns} columns of short lines side by side, not gridded"
    for t in tables:
        body = [cell for row in (t.rows or [])[1:] for cell in row]
        if len(body) >= 4 and sum(1 for c in body if not c.strip()) > _SPARSE_SHARE * len(body):
            return f"sparse table grid: {sum(1 for c in body if not c.strip())} of {len(body)} cells empty"
    return None


def _cells(block: Block) -> list[Line] | None:
    """The block's lines if they look like a column of cells (at least three, short)."""
    lines = [ln for ln in block.lines if ln.text.strip()]
    if len(lines) < _MIN_ROWS:
        return None
    if statistics.median(len(ln.text.split()) for ln in lines) > _CELL_WORDS:
        return None
    return lines


def _same_rows(a: list[Line], b: list[Line]) -> int:
    """How many lines of ``a`` have a line of ``b`` on the same row (tops within half a line)."""
    n = 0
    for x in a:
        height = x.bbox[3] - x.bbox[1]
        n += any(abs(x.bbox[1] - y.bbox[1]) <= 0.5 * height for y in b)
    return n


def _stacked(blocks: Sequence[Block]) -> list[Block]:
    """Blocks stacked flush left one line under another, joined into one column block.

    The layout breaks a paragraph after a line that ends well short of its column, so a
    column of cells under a wide line of text comes out as one block per cell: the cells
    of a column share a left edge and follow one another a line apart.
    """
    joined: list[Block] = []
    for b in sorted(blocks, key=lambda b: (round(b.bbox[0]), b.bbox[1])):
        prev = joined[-1] if joined else None
        height = (b.bbox[3] - b.bbox[1]) / max(1, len(b.lines))
        if (
            prev is not None
            and abs(prev.bbox[0] - b.bbox[0]) <= _FLUSH
            and 0 <= b.bbox[1] - prev.bbox[3] <= _LINE_GAP * height
        ):
            box = (prev.bbox[0], prev.bbox[1], max(prev.bbox[2], b.bbox[2]), b.bbox[3])
            lines = [*prev.lines, *b.lines]
            joined[-1] = Block(kind=prev.kind, text=f"{prev.text}\n{b.text}", bbox=box, lines=lines)
        else:
            joined.append(b)
    return joined


def _columns_as_text(blocks: Sequence[Block]) -> int:
    """The most columns of cells found side by side on shared rows (0 when too few)."""
    cols = [(b, lines) for b in _stacked(blocks) if (lines := _cells(b)) is not None]
    best = 0
    for i, (a, a_lines) in enumerate(cols):
        beside = 1
        for b, b_lines in cols[i + 1 :]:
            apart = a.bbox[2] <= b.bbox[0] or b.bbox[2] <= a.bbox[0]
            if apart and _same_rows(a_lines, b_lines) >= _MIN_ROWS:
                beside += 1
        best = max(best, beside)
    return best if best >= _MIN_COLUMNS else 0


def _math_symbols(text: str) -> int:
    return sum(1 for ch in text if ch in _MATH) + len(_GREEK_RE.findall(text))


def _formula(blocks: Sequence[Block]) -> str | None:
    for b in blocks:
        for text in [ln.text for ln in b.lines] or [b.text]:
            if _math_symbols(text) >= _MIN_MATH:
                return f"formula: {text.strip()[:60]!r}"
    return None

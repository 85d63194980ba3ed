"""A paragraph's drop cap (a large initial letter sunk into its first lines), undone: the
lines beside it are the paragraph's own, each on its row (page.py runs it first)."""

from __future__ import annotations

from common.documents.results import Word
from worker.engines.layout.model import LayoutLine

# A line box this many times its font size tall holds a glyph much larger than its text.
_TALL = 2.5
# Rows beside the initial start this far right of it at least (ems): its width.
_INDENT_EM = 1.5


def drop_caps(lines: list[LayoutLine]) -> list[LayoutLine]:
    """``lines`` with each line that a drop cap made of several rows cut into its rows.

    The initial is as tall as the two to four lines beside it, so its box overlaps them
    all and the text layer's rows go together into one line: "Over the past ... pressure
    from ... organi-", the drop cap's line and the next one, in one box three lines tall,
    which then overlaps the lines under it and starts a paragraph of its own. Its words
    show the rows: where a word starts left of the one before, a row has ended; each row
    after the first starts at one indent, right of the initial. The rows come back, one
    line each, and so do the lines beside the initial that stood apart: set at the
    initial's left edge, they read as the one paragraph the initial begins.
    """
    # Almost every page: nothing to undo (_tall spelt out, as this runs on every line).
    for ln in lines:
        size = ln.size
        if size is not None and size > 0 and ln.bbox[3] - ln.bbox[1] > _TALL * size:
            break
    else:
        return lines
    out: list[LayoutLine] = []
    beside: list[tuple[float, float, float, float]] = []  # x0 of the rows, top, bottom, cap x0
    for ln in lines:
        rows = _rows(ln) if _tall(ln) else None
        if rows is None:
            out.append(ln)
            continue
        x0, top, _, bottom = ln.bbox
        indent = rows[1][0].bbox[0]
        # The rows stand one pitch apart down to the first line beside the initial that
        # the text layer kept apart, or share the initial's height.
        below = [o.bbox[1] for o in lines if abs(o.bbox[0] - indent) <= 1.0 and top < o.bbox[1] < bottom]
        pitch = ((min(below) if below else bottom) - top) / len(rows)
        height = min(0.9 * pitch, 1.2 * (ln.size or pitch))
        for k, row in enumerate(rows):
            row_top = top + k * pitch
            row_box = (x0, row_top, max(w.bbox[2] for w in row), row_top + height)
            words = [Word(w.text, (w.bbox[0], row_box[1], w.bbox[2], row_box[3]), w.confidence) for w in row]
            out.append(
                LayoutLine(" ".join(w.text for w in row), row_box, ln.size, ln.bold, ln.confidence, words)
            )
        beside.append((indent, top, bottom, x0))
    if not beside:
        return lines
    for i, ln in enumerate(out):
        for indent, top, bottom, x0 in beside:
            if abs(ln.bbox[0] - indent) <= 1.0 and top < ln.bbox[1] < bottom:
                out[i] = LayoutLine(
                    ln.text, (x0, *ln.bbox[1:]), ln.size, ln.bold, ln.confidence, ln.words, ln.note_mark
                )
    return out


def _tall(ln: LayoutLine) -> bool:
    size = ln.size
    return size is not None and size > 0 and ln.bbox[3] - ln.bbox[1] > _TALL * size


def _rows(ln: LayoutLine) -> list[list[Word]] | None:
    """The rows of a drop cap's line, by its words: two at least, those after the first
    starting at one indent right of the initial; None when the line is no such line."""
    words = ln.words
    if len(words) < 2 or " ".join(w.text for w in words) != " ".join(ln.text.split()):
        return None
    rows: list[list[Word]] = [[words[0]]]
    for w in words[1:]:
        if w.bbox[0] < rows[-1][-1].bbox[0]:
            rows.append([w])
        else:
            rows[-1].append(w)
    if len(rows) < 2:
        return None
    size = ln.size or 0.0
    indent = rows[1][0].bbox[0]
    if indent - ln.bbox[0] < _INDENT_EM * size or any(abs(r[0].bbox[0] - indent) > 1.0 for r in rows[2:]):
        return None
    return rows

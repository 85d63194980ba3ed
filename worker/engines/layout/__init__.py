"""Reading order and block structure from positioned text, shared by text-layer and OCR engines.

Two layers, so that an OCR engine (which gets text lines, not characters) can reuse the
second one:

1. :func:`spans_to_lines` turns a PDF text layer's spans (words) into :class:`LayoutLine`
   fragments: spans are grouped into rows by vertical overlap, words are separated
   by gap size, and a row is cut where the gap is wide (a column gutter or a table cell
   boundary). Content-stream order is ignored beyond a fast first pass, because many PDFs
   draw a two-column page row by row.
2. :func:`layout_lines` orders lines column-aware and groups them into blocks: running
   header/footer, headings (by font size or a short bold line), paragraphs (by vertical
   gap, first-line indent, short last line), list items (bullets and enumerators) and
   simple tables (cells aligned in a grid of at least 3 rows by 2 columns).

Reading order uses a recursive cut on whitespace: a region is split at a vertical gutter
only when the gutter runs through the whole region with content beside it on both sides,
and otherwise into horizontal groups of rows that share a gutter, so a full-width title,
table or footer stays in place above/below a two-column run. Distances are measured in
ems of the body font size so that the thresholds carry over between 8 pt and 14 pt text.
Everything is deterministic: ties are broken by position, never by dict/set order.

The stages, one module each: :mod:`.spans` (layer 1), :mod:`.rows` (lines to rows of the
page), :mod:`.cover` and :mod:`.segment` (gutters and reading order), :mod:`.tables`
(grids), :mod:`.blocks` (paragraphs, headings, list items), :mod:`.page` (the order they
run in). :mod:`.model` holds what they hand each other, :mod:`.thresholds` and
:mod:`.patterns` what they measure against. All but this file are compiled
(worker/engines/native.py).
"""

from worker.engines.layout.model import LayoutLine
from worker.engines.layout.page import layout_lines
from worker.engines.layout.spans import spans_to_lines

__all__ = ["LayoutLine", "layout_lines", "spans_to_lines"]

"""Whether a table cell's next line runs on from the line above it, as text that a narrow
column broke does (band_rows.py, table_records.py and others ask), and how such lines
join again (ruled_cells.py and table_cells.py ask): as running text's lines do
(patterns.join_wrapped: a syllable's hyphen goes, a compound's stays with no space,
"Non-" over "Tax Revenue"), and where a reader joins them otherwise: a negative figure
whose minus sign stands alone on the line above it ("-" over "20.8") is one figure,
"-20.8"; a compound already hyphenated before its line's closing hyphen
("Backscatter-to-" over "primary") goes on with that hyphen."""

from __future__ import annotations

from common.documents.results import is_rtl
from worker.engines.layout.model import LayoutLine, font_size
from worker.engines.layout.patterns import SENTENCE_END, join_wrapped
from worker.engines.layout.table_rows import is_figure

# A minus sign alone on a cell's line: "-", the minus sign, an en dash.
_SIGNS = frozenset("-\u2212\u2013")


def signed(text: str, part: str) -> str | None:
    """A negative figure whose minus sign the cell's width pushed onto the line above it
    ("-" over "20.8") read whole ("-20.8"), or None when ``text`` is no lone sign over a
    figure: the sign is the number's, a line break adds no space."""
    if text in _SIGNS and part[:1].isdigit() and is_figure(part):
        return text + part
    return None


def wrapped(text: str, part: str, compounds: frozenset[str] = frozenset()) -> str:
    """``part``, the next line of a body cell, added to ``text`` as a paragraph adds its
    next line (patterns.join_wrapped: a syllable's hyphen goes, a compound's stays with no
    space, the compounds the table writes whole as ``compounds``), a minus sign set over
    its figure read with it (:func:`signed`); a compound already hyphenated before its
    line's closing hyphen ("Backscatter-to-" over "primary") goes on with that hyphen: a
    syllable is no word of a compound."""
    return signed(text, part) or join_wrapped(text, part, compounds)


def runs_on(text: str, nxt: str) -> bool:
    """Whether ``nxt`` reads as the rest of ``text``'s sentence, whatever the geometry: a
    word broken at a hyphen, or a lower-case word after a line that ends no sentence
    nor a label ("... internal DSP" then "architecture and ...")."""
    text, nxt = text.rstrip(), nxt.lstrip()
    if not text or not nxt:
        return False
    if text[-1] == "-" and text[-2:-1].isalnum():
        return True
    return nxt[0].islower() and not text.endswith(SENTENCE_END)


def wraps_in_cell(line: LayoutLine, nxt: LayoutLine, left: float, right: float) -> bool:
    """Whether ``nxt`` runs on from ``line`` as wrapped text in the cell left..right: the
    first word of ``nxt`` would not have fitted after ``line``, within the cell's inner
    margin (the gap left of the further out of the two lines: an indented line, a form's
    sub-label, shows no more of the cell's margin than the line under it). Figures never
    wrap, nor does a label closed by its colon before a capital ("Worry:" then "Food
    insecurity": two labels)."""
    if is_figure(line.text) or is_figure(nxt.text) or not line.text.strip():
        return False
    if line.text.rstrip().endswith(":") and nxt.text.lstrip()[:1].isupper():
        return False
    size = font_size(line)
    # Set in from the line above, off its centre: a sub-label under its heading label,
    # not wrapped text, which starts where its line did (or is centred like it).
    indent = line.bbox[2] - nxt.bbox[2] if is_rtl(line.text) else nxt.bbox[0] - line.bbox[0]
    if indent > 0.5 * size and abs(nxt.bbox[0] + nxt.bbox[2] - line.bbox[0] - line.bbox[2]) > size:
        return False
    first = nxt.words[0].bbox if nxt.words else nxt.bbox  # words in reading order
    width = first[2] - first[0]
    if is_rtl(line.text):  # mirrored: the line starts at the cell's right and runs left
        margin = max(right - max(line.bbox[2], nxt.bbox[2]), 1.0)
        return line.bbox[0] - 0.3 * size - width < left + margin + 0.5 * size
    margin = max(min(line.bbox[0], nxt.bbox[0]) - left, 1.0)
    return line.bbox[2] + 0.3 * size + width > right - margin - 0.5 * size

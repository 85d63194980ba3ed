"""How a table cell's lines that a narrow column broke join again (ruled_cells.py and
table_cells.py ask): as running text's lines do (patterns.join_wrapped: a syllable's
hyphen goes, a compound's stays with no space, "Non-" over "Tax Revenue"), and where a
reader joins them otherwise: a negative figure whose minus sign stands alone on the line
above it ("-" over "20.8") is one figure, "-20.8"; a compound already hyphenated before
its line's closing hyphen ("Backscatter-to-" over "primary") goes on with that hyphen."""

from __future__ import annotations

from worker.engines.layout.patterns import join_wrapped
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

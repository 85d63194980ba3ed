"""A form drawn as boxes is a form, not a data table.

Paper forms are often drawn as a grid of ruled cells, each cell holding a question, its
answer field and its options ("☐ Yes  ☐ No"). Read as a table, the options end up inside
cells and never become checkbox items, and the whole page is one big table of mostly
empty cells. A drawn grid is such a form when several of its cells hold a checkbox with
its label beside it, and most of its cells are empty (the answer fields, the boxes'
padding): its lines are then read as the page's text, where a line that starts with a
box is a checkbox item.

A data table that merely has a column of marks stays a table: a mark alone in its cell
("✓", "☐") is not an option with a label, and such tables fill most of their cells.
"""

from __future__ import annotations

import re

from worker.engines.layout.patterns import BOXES

# A checkbox and, before or after it in the same cell, a word of its label
# ("☐ I am applying for ...", "Yes ☐").
_OPTION_RE = re.compile(rf"[{BOXES}]\s*[^\W\d_]{{2,}}|[^\W\d_]{{2,}}\s*[{BOXES}]")
_HAS_BOX_RE = re.compile(rf"[{BOXES}]")
_MIN_OPTIONS = 2  # one labelled box may be a note inside a table; two are a question's options


def boxed_form(table: list[list[str]]) -> bool:
    """Whether a drawn grid's cell texts (``table``, rows of cells, "" for empty) are a
    form's boxes: at least two cells hold a checkbox with its label, and no more than
    half the cells hold any text."""
    cells = [t for row in table for t in row]
    if not cells:
        return False
    # Cheap exit first: nearly every table has no box glyph at all.
    boxed = [t for t in cells if t and _HAS_BOX_RE.search(t) is not None]
    if len(boxed) < _MIN_OPTIONS:
        return False
    options = sum(1 for t in boxed if _OPTION_RE.search(t) is not None)
    if options < _MIN_OPTIONS:
        return False
    filled = sum(1 for t in cells if t.strip())
    return 2 * filled <= len(cells)

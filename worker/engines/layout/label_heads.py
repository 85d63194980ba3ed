"""A form's print that looks like a heading and heads nothing (headings.py asks):

- a lone function word between two fields ("or", "and", "y", "ou", "und"): it joins
  two alternatives, it names no section;
- a label that points at its blank ("Signature ▶", "Date ▶"): the arrow says its value
  is written further along;
- a label right over a field's boxes (a comb of cells for a number, a box to write in):
  empty drawn cells a line high start right under it, so what it names is the box's
  content. A section's title over a form's part ("Part II Certification") has a full
  rule under it, never a row of cells, and a title over a ruled table has the table's
  text in the cells;
- labels set one under another, each with its empty box further along its row
  ("Surname", "Position", each beside the box to write in);
- a row of labels, each a few words, set side by side in pieces far apart ("Name
  Date of birth  Phone"), one over each field;
- in large print, a label and its value on one line ("Date 8/30/2023.", "Total
  1.234,56 EUR"): the line ends with a date or an amount. A document's title may end
  with its number ("Invoice 2024-0117"), so the title is decided before this is asked
  and a number or a code is no such value here.
"""

from __future__ import annotations

import re
from itertools import pairwise

from worker.engines.layout.field_heads import row_pieces, value_line
from worker.engines.layout.model import Proto
from worker.engines.layout.patterns import CURRENCY_RE, DATE_RE

# Words that join two things and name nothing, in the languages the pages come in.
_CONNECTORS = frozenset(
    (
        *("or", "and", "nor", "but", "either", "neither", "versus", "vs", "vs."),
        *("y", "ou", "et", "und", "oder", "of", "en", "og", "eller"),
        *("tai", "ja", "és", "või", "ili", "и", "или"),
    )
)
# Arrows a form sets after a label to point at its blank.
_POINTERS = ("\u25b6", "\u25ba", "\u27a4", "\u2192", "\u21d2", "\u25b8")
# Cells under a label: their sides start within this blank (ems) of its foot, are no
# taller than this (ems: one line to write in, a table's column runs longer), and two
# at least stand within the label's width (ems of slack either side).
_CELL_BELOW_EM = 1.5
_CELL_HEIGHT_EM = 3.5
_CELL_SLACK_EM = 1.0
_MIN_CELL_SIDES = 2
_ALIGN_EM = 0.5  # rules this close (ems) are one
# A box beside its label starts within this gap (ems) of the label's end.
_BOX_BESIDE_EM = 12.0
_BOX_MIN_EM = 1.2  # and is this wide (ems) at least
# A row of labels: this many pieces at least, each of this many words at most.
_MIN_PIECES = 3
_PIECE_WORDS = 5
# An amount with its decimals or its currency ("1.234,56", "$120", "12,00 EUR") closing a
# line, or a date (patterns.DATE_RE: "8/30/2023", "05.01.2026", "2023-08-30").
_AMOUNT_RE = re.compile(r"^[$€£¥]?-?\d{1,3}(?:[ ,.'\u2019]?\d{3})*[.,]\d\d$|^[$€£¥]-?\d[\d,.]*$")


def connector(text: str) -> bool:
    """Whether ``text`` is one function word alone ("or", "OR", "y", "und")."""
    words = text.split()
    if len(words) != 1 or (len(words[0]) == 2 and words[0].endswith(".")):
        return False  # a lettered section ("Y.", "A.") may stand alone as its heading
    return words[0].strip(".,;:()").casefold() in _CONNECTORS


def points_to_blank(text: str) -> bool:
    """Whether ``text`` is a label that ends with an arrow at its blank ("Date ▶")."""
    return text.rstrip().endswith(_POINTERS)


def label_row(p: Proto) -> bool:
    """Whether ``p`` is one row of labels set side by side, each a few words, in pieces
    parted by gutters: a form's row of fields, never one heading."""
    if len(p.rows) != 1:
        return False
    row = p.rows[0]
    pieces = [len(piece) for piece in row_pieces(row)]
    return len(pieces) >= _MIN_PIECES and all(n <= _PIECE_WORDS for n in pieces)


def ends_with_date_or_amount(text: str) -> bool:
    """Whether ``text`` is words, then a date or an amount ("Date 8/30/2023.")."""
    words = text.rstrip().rstrip(".;,").split()
    if len(words) >= 2 and CURRENCY_RE.match(words[-1]):
        words = words[:-1]
    if len(words) < 2 or not any(ch.isalpha() for ch in " ".join(words[:-1])):
        return False
    last = words[-1]
    return bool(DATE_RE.match(last) or _AMOUNT_RE.match(last)) and value_line(last)


def over_cells(p: Proto, protos: list[Proto], rules: list[tuple[float, float, float, float]]) -> bool:
    """Whether empty drawn cells a line high start right under ``p``: a field's boxes,
    waiting for their value. A title over a ruled table has the table's text right under
    it, in cells drawn the same way."""
    x0, _, x1, bottom = p.bbox
    size = max(r.size for r in p.rows)
    sides = [
        (rx0, rtop, rx1, rbottom)
        for rx0, rtop, rx1, rbottom in rules
        if rbottom - rtop > 2 * (rx1 - rx0)  # upright: a cell's side
        and -0.5 * size <= rtop - bottom <= _CELL_BELOW_EM * size
        and rbottom - rtop <= _CELL_HEIGHT_EM * size
        and x0 - _CELL_SLACK_EM * size <= (rx0 + rx1) / 2 <= x1 + _CELL_SLACK_EM * size
    ]
    # Two cells' sides at least, apart: a side drawn twice (a stroke over a fill) is one.
    across = sorted((rx0 + rx1) / 2 for rx0, _, rx1, _ in sides)
    if 1 + sum(1 for a, b in pairwise(across) if b - a > _ALIGN_EM * size) < _MIN_CELL_SIDES:
        return False
    cx0, cx1 = across[0], across[-1]
    ctop, cbottom = min(s[1] for s in sides), max(s[3] for s in sides)
    # The cells' row runs as far as the rule over it: a table's row holds text further
    # along, a field's boxes hold none.
    for rx0, rtop, rx1, rbottom in rules:
        if (
            rx1 - rx0 > 2 * (rbottom - rtop)
            and abs(rtop - ctop) <= _ALIGN_EM * size
            and rx0 < cx1
            and rx1 > cx0
        ):
            cx0, cx1 = min(cx0, rx0), max(cx1, rx1)
    return _empty((cx0, ctop, cx1, cbottom), p, protos)  # text in the cells: a table's, not a blank field's


def beside_boxes(p: Proto, protos: list[Proto], rules: list[tuple[float, float, float, float]]) -> bool:
    """Whether each of ``p``'s rows has an empty drawn box right after its first piece, on
    its row: a stack of labels, each with its field's box beside it ("Surname", "Phone")."""
    for row in p.rows:
        first = row_pieces(row)[:1]
        end = first[0][-1].bbox[2] if first else row.x1
        mid = (row.top + row.bottom) / 2
        sides = sorted(
            (rx0 + rx1) / 2
            for rx0, rtop, rx1, rbottom in rules
            if rbottom - rtop > 2 * (rx1 - rx0)
            # its box starts on the label's row (a box to write an address in may run
            # on down; a table's column, started rows above, is no field's box)
            and row.top - row.size <= rtop <= mid <= rbottom
            and (rx0 + rx1) / 2 > end
        )
        # The box: from the first side to the next one apart from it (a side stroked
        # twice is one), wide enough to write in; a barcode's bars stand closer.
        far = [x for x in sides if x - sides[0] > _ALIGN_EM * row.size] if sides else []
        if (
            not far
            or sides[0] - end > _BOX_BESIDE_EM * row.size
            or far[0] - sides[0] < _BOX_MIN_EM * row.size
            or not _empty((sides[0], row.top, far[0], row.bottom), p, protos)
        ):
            return False
    return True


def _empty(box: tuple[float, float, float, float], p: Proto, protos: list[Proto]) -> bool:
    """Whether no block but ``p`` has words inside ``box``: a dash printed between a
    number's groups of boxes (a dash) is the form's, not a value."""
    cx0, ctop, cx1, cbottom = box
    for q in protos:
        if q is p or (not q.rows and not q.lines):
            continue
        if q.rows and not any(ch.isalnum() for r in q.rows for ch in r.text):
            continue
        qx0, qtop, qx1, qbottom = q.bbox
        if qx0 < cx1 and qx1 > cx0 and qtop < cbottom and qbottom > ctop:
            return False
    return True


def unhead_labels(protos: list[Proto], rules: list[tuple[float, float, float, float]]) -> None:
    """Take the heading mark off a form's labels the module's docstring names, all but a
    label and its value on one line (:func:`unhead_valued`, asked after the title)."""
    for p in protos:
        if not p.heading or p.kind != "paragraph" or not p.rows:
            continue
        text = " ".join(r.text for r in p.rows)
        if (
            connector(text)
            or points_to_blank(text)
            or label_row(p)
            or (rules and (over_cells(p, protos, rules) or beside_boxes(p, protos, rules)))
        ):
            p.heading = False


def unhead_valued(protos: list[Proto]) -> None:
    """Take the heading mark off a line that ends with a date or an amount: asked once the
    title is decided, which may end with its document's number or date."""
    for p in protos:
        text = " ".join(r.text for r in p.rows)
        if p.heading and p.kind == "paragraph" and ends_with_date_or_amount(text):
            p.heading = False
